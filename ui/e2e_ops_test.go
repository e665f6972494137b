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

// opsConsole runs the simulator with rules and the console on it in teatest; done
// closes both and checks nothing is left running.
func opsConsole(t *testing.T, w, h int, rules []smsc.Rule) (tm *teatest.TestModel, waitFor func(...string), done func() *Model) {
	t.Helper()
	cfg := smsc.DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.ReceiptDelay = 50 * time.Millisecond
	cfg.Rules = rules
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
	tm = teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	waitFor = func(words ...string) {
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
	done = func() *Model {
		t.Helper()
		tm.Send(keyMsg("q"))
		fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
		if err := cl.Close(); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Fatal(err)
		}
		checkGoroutines(t)
		return fm
	}
	return tm, waitFor, done
}

func endToEndOps(t *testing.T, w, h int) {
	tm, waitFor, done := opsConsole(t, w, h, []smsc.Rule{{Suffix: "903", Status: smsc.Status(wire.StatusInvDstAdr)}})
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
	fm := done()
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
}

// A message the simulator keeps en route (a rule with no final state): replace_sm and
// cancel_sm succeed, and query_sm sees ENROUTE, then DELETED; a data_sm is answered.
func TestEndToEndReplaceCancelDataSM(t *testing.T) {
	tm, waitFor, done := opsConsole(t, 120, 40, []smsc.Rule{{Suffix: "777", Stat: "NONE"}})
	tm.Send(keyMsg("n"))
	tm.Type("447700900777")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	tm.Type("Still on its way")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	waitFor("submit_sm_resp", "awaiting")
	tm.Send(keyMsg("tab"))
	tm.Send(keyMsg("R"))
	waitFor("replace_sm keeps the original's coding")
	tm.Type(", replaced")
	waitFor("gsm7 · 26/254 octets")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	waitFor("send replace_sm about this message? y sends")
	tm.Send(keyMsg("y"))
	waitFor("the SMSC replaced the message")
	tm.Send(keyMsg("esc"))
	tm.Send(keyMsg("Q"))
	tm.Send(keyMsg("y"))
	waitFor("message_state ENROUTE (1)")
	tm.Send(keyMsg("esc"))
	tm.Send(keyMsg("X"))
	tm.Send(keyMsg("y"))
	waitFor("the SMSC cancelled the message")
	tm.Send(keyMsg("esc"))
	tm.Send(keyMsg("Q"))
	tm.Send(keyMsg("y"))
	waitFor("message_state DELETED (4)")
	tm.Send(keyMsg("esc"))

	tm.Send(keyMsg("n"))
	tm.Type("447700900124")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	tm.Type("In a payload")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	tm.Send(keyMsg("right"))
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	waitFor("data_sm_resp")
	fm := done()
	var ops []uint32
	var data *partRow
	for _, r := range fm.msgs.rows {
		for i := range r.parts {
			for _, o := range r.parts[i].ops {
				ops = append(ops, o.cmd)
			}
			if r.parts[i].cmd == wire.DataSM {
				data = &r.parts[i]
			}
		}
	}
	if want := []uint32{wire.ReplaceSM, wire.QuerySM, wire.CancelSM, wire.QuerySM}; fmt.Sprint(ops) != fmt.Sprint(want) {
		t.Errorf("operations in the timeline %v, want %v", ops, want)
	}
	if data == nil || data.outcome != smppclient.Accepted || data.messageID == "" {
		t.Errorf("data_sm part %+v", data)
	}
}
