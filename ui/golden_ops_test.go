package ui

import (
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// TestGoldenOps snapshots the operations: Q's question, the query result, and a
// submit_multi's timeline with a refused destination. Regenerate with -update.
func TestGoldenOps(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {160, 48}} {
		name := fmt.Sprintf("%dx%d", sz[0], sz[1])
		t.Run(name+"_query_confirm", func(t *testing.T) {
			m, _ := newOpsModel(t, sz[0], sz[1])
			toDeliveredRow(t, m)
			press(m, "Q")
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(name+"_query_result", func(t *testing.T) {
			m, f := newOpsModel(t, sz[0], sz[1])
			f.answer = queryAnswer
			toDeliveredRow(t, m)
			pressOps(m, "Q", "y")
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(name+"_replace_form", func(t *testing.T) {
			m, _ := newOpsModel(t, sz[0], sz[1])
			toDeliveredRow(t, m)
			press(m, "R")
			typeText(m, "Replaced text")
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(name+"_submit_multi", func(t *testing.T) {
			m, _ := newOpsModel(t, sz[0], sz[1])
			at := t0.Add(3 * time.Second)
			feed(m, smppclient.SubmitEvent{At: at, Msg: 7, Part: 1, Parts: 1, Seq: 12, Dest: "447700900901", Command: wire.SubmitMulti,
				Outcome: smppclient.Accepted, MessageID: "4F1A0009", Latency: time.Millisecond,
				Unsuccess: []wire.UnsuccessSME{{Addr: wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900903")}, Status: wire.StatusInvDstAdr}}})
			press(m, "tab", "enter")
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
}
