package ui

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

// Operations against the real simulator and client, as a new user does them: a message,
// Q on its receipts row, y, and the SMSC's message_state; then a submit_multi to three
// numbers of which the simulator refuses one (a rule), shown with its status.
func TestEndToEndOperationsAgainstSimulator(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) { endToEndOps(t, sz[0], sz[1]) })
	}
}

func endToEndOps(t *testing.T, w, h int) {
	cfg := smsc.DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.ReceiptDelay = 50 * time.Millisecond
	cfg.Rules = []smsc.Rule{{Suffix: "903", Status: smsc.Status(wire.StatusInvDstAdr)}}
	srv, err := smsc.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	cl, err := smppclient.New(smppclient.Settings{
		Addr: srv.Addr().String(), SystemID: smsc.DefaultSystemID, Password: smsc.DefaultPassword,
		Bind: smppclient.Transceiver,
	})
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Session: cl, Label: "simulator", Simulator: true,
		Defaults: message.Message{Source: message.Address{Addr: "SMPPConsole", TON: 5}, RegisteredDelivery: 1}})
	cl.Start()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	waitFor := func(words ...string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			for _, w := range words {
				if !bytes.Contains(b, []byte(w)) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	waitFor("bound trx")

	tm.Send(keyMsg("n"))
	tm.Type("447700900123")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	tm.Type("Query me")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	waitFor("DELIVRD")
	tm.Send(keyMsg("tab")) // the receipts, the message selected
	tm.Send(keyMsg("Q"))
	waitFor("send query_sm about this message? y sends")
	tm.Send(keyMsg("y"))
	waitFor("message_state DELIVERED (2)")
	tm.Send(keyMsg("esc"))

	tm.Send(keyMsg("n"))
	tm.Type("447700900901;447700900902;447700900903")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	tm.Type("To three")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	tm.Send(keyMsg("right"))
	tm.Send(keyMsg("right"))
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	waitFor("submit_multi_resp", "ok, 1 refused")
	tm.Send(keyMsg("enter")) // its timeline
	waitFor("✗ 447700900903 ESME_RINVDSTADR (0x0B)")

	tm.Send(keyMsg("esc"))
	tm.Send(keyMsg("q"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	var query, multi *partRow
	for _, r := range fm.msgs.rows {
		for i := range r.parts {
			pr := &r.parts[i]
			if len(pr.ops) > 0 {
				query = pr
			}
			if pr.cmd == wire.SubmitMulti {
				multi = pr
			}
		}
	}
	if query == nil || query.ops[0].cmd != wire.QuerySM || query.ops[0].status != wire.StatusOK {
		t.Errorf("the query_sm is not in its message's timeline: %+v", query)
	}
	if multi == nil || len(multi.unsuccess) != 1 || string(multi.unsuccess[0].Addr.Addr) != "447700900903" {
		t.Errorf("submit_multi part %+v", multi)
	}
	if err := cl.Close(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	checkGoroutines(t)
}
