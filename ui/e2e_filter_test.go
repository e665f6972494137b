package ui

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
)

// The display filter end to end, against the simulator: two messages sent from the
// form, then `smpp.command_id == submit_sm_resp` shows only their responses, and
// `msg == ID` every PDU of one of them: its submit_sm, its response, its receipt and the
// receipt's response.
func TestEndToEndDisplayFilter(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	srv := startSimulator(t)
	cl, err := smppclient.New(smppclient.Settings{
		Addr: srv.Addr().String(), SystemID: smsc.DefaultSystemID, Password: smsc.DefaultPassword,
		Bind: smppclient.Transceiver,
	})
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{
		Session: cl, Label: "simulator", Simulator: true,
		Defaults: message.Message{Source: message.Address{Addr: "SMPPConsole", TON: 5}, RegisteredDelivery: 1},
	})
	cl.Start()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	var id string
	idRe := regexp.MustCompile(`message_id=([0-9A-Za-z]+)`)
	waitFor := func(what string, cond func(b []byte) bool) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), cond, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	has := func(words ...string) func([]byte) bool {
		return func(b []byte) bool {
			for _, w := range words {
				if !bytes.Contains(b, []byte(w)) {
					return false
				}
			}
			return true
		}
	}
	waitFor("bound", has("bound trx"))
	for i, dest := range []string{"447700900123", "447700900124"} {
		tm.Send(keyMsg("n"))
		tm.Type(dest)
		tm.Send(tea.KeyMsg{Type: tea.KeyTab})
		tm.Type("Filter me " + dest)
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
		waitFor("the response and the receipt", func(b []byte) bool {
			if i == 0 && id == "" {
				if mm := idRe.FindSubmatch(b); mm != nil {
					id = string(mm[1])
				}
			}
			return bytes.Contains(b, []byte("DELIVRD")) && (i > 0 || id != "")
		})
	}
	if id == "" {
		t.Fatal("no message_id on the screen")
	}
	// The receipts panel shows two delivered messages once both receipts came.
	waitFor("two receipts", has("receipts 2"))

	const responses = "smpp.command_id == submit_sm_resp"
	tm.Send(keyMsg("/"))
	tm.Type(responses)
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor("the responses only", has("filter: "+responses, "─ 2 of "))

	tm.Send(keyMsg("/"))
	for range len(responses) {
		tm.Send(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	tm.Type("msg == " + id)
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor("the message's PDUs", has("filter: msg == "+id, "─ 4 of "))

	tm.Send(keyMsg("q"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	rows := rowsShown(fm)
	want := []string{"submit_sm #", "submit_sm_resp #", "deliver_sm #", "deliver_sm_resp #"}
	if len(rows) != len(want) {
		t.Fatalf("msg == %s shows:\n%s", id, strings.Join(rows, "\n"))
	}
	for i, w := range want {
		if !strings.Contains(rows[i], w) {
			t.Fatalf("msg == %s: row %d %q, want %s", id, i, rows[i], w)
		}
	}
	if !strings.Contains(rows[1], "message_id="+id) {
		t.Fatalf("the response shown is another message's: %q", rows[1])
	}
	// The program has ended: the model can be asked for the first filter's rows.
	fm.log.SetFilter(responses)
	onlyRows(t, fm, 2, "submit_sm_resp")

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
