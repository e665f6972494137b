package ui

import (
	"testing"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/smppclient"
)

// A receipt this tab's receiver got for another tab's message (a receipt share: Owner
// set, Msg the owner's number) is not this tab's message: it must not land on this
// tab's own message of the same number, nor make up a row for it; it shows as the
// owner's.
func TestReceiptOfAnotherTabsMessage(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, smppclient.SubmitEvent{At: t0, Msg: 1, Part: 1, Parts: 1, Outcome: smppclient.Accepted, MessageID: "own-1"})
	feed(m, smppclient.ReceiptEvent{At: t0, Link: "rx", Matched: true, Owner: "acct-tx", Msg: 1, Part: 1, SubmitID: "theirs-1",
		Receipt: receipt.Receipt{MessageID: "theirs-1", Stat: "DELIVRD"}})
	own := m.msgs.byMsg[1]
	if own == nil || len(own.parts) != 1 || own.parts[0].hasReceipt {
		t.Fatalf("this tab's message 1 took another tab's receipt: %+v", own)
	}
	if len(m.msgs.rows) != 2 {
		t.Fatalf("%d rows, want this tab's message and the other tab's receipt", len(m.msgs.rows))
	}
	contains(t, m.View(), "for acct-tx")
}
