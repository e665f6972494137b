package dissect

import (
	"strings"
	"testing"

	"github.com/linxGnu/gosmpp/pdu"

	"github.com/smppconsole/smppconsole/wire"
)

// The summary quotes 40 characters of text by default and as many as asked, so a wide
// log can show more.
func TestSummaryTextWidth(t *testing.T) {
	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	_ = sm.DestAddr.SetAddress("447700900123")
	text := strings.Repeat("0123456789", 10)
	msg, _ := pdu.NewShortMessage(text)
	sm.Message = msg
	raw := gosmppBytes(sm)
	if s := Dissect(raw, Options{}).Summary; !strings.Contains(s, `text="`+text[:39]+`…"`) {
		t.Errorf("default summary %q, want 40 characters of text", s)
	}
	if s := Dissect(raw, Options{SummaryText: 80}).Summary; !strings.Contains(s, `text="`+text[:79]+`…"`) {
		t.Errorf("summary with room for 80: %q", s)
	}
	if s := Dissect(raw, Options{SummaryText: 200}).Summary; !strings.Contains(s, `text="`+text+`"`) {
		t.Errorf("summary with room for all of it: %q", s)
	}
}

// A submit_multi's log line names its destinations (the first, and how many more), and
// its response how many it refused: they are what the operator looks for.
func TestSummarySubmitMulti(t *testing.T) {
	sm := &wire.SubmitMultiBody{Dests: []wire.DestAddress{
		{Flag: wire.DestSME, Addr: wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900901")}},
		{Flag: wire.DestSME, Addr: wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900902")}},
		{Flag: wire.DestList, DLName: []byte("staff")},
	}}
	sm.ShortMessage = []byte("hi")
	if s := Dissect(wire.AppendPDU(nil, sm, 0, 3), Options{}).Summary; !strings.Contains(s, "to=447700900901 +2") {
		t.Errorf("submit_multi summary %q, want its destinations", s)
	}
	list := &wire.SubmitMultiBody{Dests: []wire.DestAddress{{Flag: wire.DestList, DLName: []byte("staff")}}}
	if s := Dissect(wire.AppendPDU(nil, list, 0, 4), Options{}).Summary; !strings.Contains(s, "to=dl:staff") || strings.Contains(s, "+") {
		t.Errorf("submit_multi to one list: summary %q", s)
	}
	resp := &wire.SubmitMultiRespBody{MessageID: []byte("77"), Unsuccess: []wire.UnsuccessSME{
		{Addr: wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900903")}, Status: wire.StatusInvDstAdr},
	}}
	if s := Dissect(wire.AppendPDU(nil, resp, 0, 3), Options{}).Summary; !strings.Contains(s, "message_id=77 refused=1") {
		t.Errorf("submit_multi_resp summary %q, want the count it refused", s)
	}
}
