package ui

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

// simWith runs the embedded SMSC on a free loopback port, its config changed by edit.
func simWith(t *testing.T, edit func(*smsc.Config)) *smsc.Server {
	t.Helper()
	cfg := smsc.DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.ReceiptDelay = 50 * time.Millisecond
	if edit != nil {
		edit(&cfg)
	}
	srv, err := smsc.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return srv
}

// consoleOn runs the console on a client with settings s, in a w×h teatest terminal.
func consoleOn(t *testing.T, s smppclient.Settings, w, h int) (*teatest.TestModel, *smppclient.Client, func(string, ...string)) {
	t.Helper()
	cl, err := smppclient.New(s)
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Session: cl, Label: "simulator", Simulator: true})
	cl.Start()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	waitFor := func(_ string, words ...string) {
		t.Helper()
		waitScreen(t, tm, 5*time.Second, words...)
	}
	return tm, cl, waitFor
}

// quitConsole ends the console, the client and the simulator, and checks nothing of
// them is left running.
func quitConsole(t *testing.T, tm *teatest.TestModel, cl *smppclient.Client, srv *smsc.Server) *Model {
	t.Helper()
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
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

func sendKeys(tm *teatest.TestModel, k tea.KeyType, n int) {
	for i := 0; i < n; i++ {
		tm.Send(tea.KeyMsg{Type: k})
	}
}

// The negative test a new user runs: P, a submit_sm with a wrong sm_length sent
// anyway, then an unknown command_id sent anyway; the simulator answers each with the
// generic_nack SMPP gives it, the composer shows it, and the log marks both PDUs.
func TestRawSendAnywayAgainstSimulator(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			srv := simWith(t, nil)
			tm, cl, waitFor := consoleOn(t, smppclient.Settings{Addr: srv.Addr().String(), SystemID: smsc.DefaultSystemID,
				Password: smsc.DefaultPassword, Bind: smppclient.Transceiver}, sz[0], sz[1])
			waitFor("bound", "bound trx")

			// P starts from the selected row (the bind, an enquire_link, or none): make it
			// a submit_sm on the command_id line, whose body is then laid out afresh.
			tm.Send(keyMsg("P"))
			waitFor("the composer", "Raw PDU")
			sendKeys(tm, tea.KeyUp, 3)
			sendKeys(tm, tea.KeyBackspace, 30)
			tm.Type("submit_sm")
			tm.Send(tea.KeyMsg{Type: tea.KeyEnter}) // → command_status
			waitFor("the submit_sm", "(submit_sm)")
			sendKeys(tm, tea.KeyTab, 8) // → destination_addr
			tm.Type("447700900123")
			sendKeys(tm, tea.KeyTab, 11) // → short_message
			tm.Type("Hi")
			sendKeys(tm, tea.KeyShiftTab, 1) // → sm_length, now 2
			sendKeys(tm, tea.KeyBackspace, 1)
			tm.Type("9")
			waitFor("the broken rule", "sm_length says 9 octets")
			tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
			waitFor("the question", "SENDS ANYWAY")
			tm.Send(keyMsg("!"))
			waitFor("the simulator's answer", "answer: generic_nack ESME_RINVCMDLEN")

			// An unknown command_id, typed as a number on the command_id line.
			sendKeys(tm, tea.KeyUp, 19)
			sendKeys(tm, tea.KeyBackspace, len("submit_sm"))
			tm.Type("0x00000077")
			tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
			waitFor("the unknown command", "unknown command_id 0x00000077")
			tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
			tm.Send(keyMsg("!"))
			waitFor("the simulator's answer", "answer: generic_nack ESME_RINVCMDID")

			tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
			waitFor("the log", "[INVALID]", "ESME_RINVCMDID")
			fm := quitConsole(t, tm, cl, srv)

			// Both PDUs are in the log marked deliberately invalid, each followed by its nack.
			var marked, nacks []uint32
			for p := fm.log.ring.oldest(); p < fm.log.ring.next; p++ {
				e, _ := fm.log.ring.at(p)
				if !e.isPDU() {
					continue
				}
				h := e.header()
				if isInvalid(fm.log.ring.note(p)) {
					marked = append(marked, h.ID)
				}
				if h.ID == wire.GenericNack {
					nacks = append(nacks, h.Status)
				}
			}
			if fmt.Sprint(marked) != fmt.Sprint([]uint32{wire.SubmitSM, 0x77}) {
				t.Errorf("marked invalid: %x", marked)
			}
			if fmt.Sprint(nacks) != fmt.Sprint([]uint32{wire.StatusInvCmdLen, wire.StatusInvCmdID}) {
				t.Errorf("generic_nack statuses: %x", nacks)
			}
		})
	}
}

// A 5.0 client bound to a simulator acting as 3.4: the status bar says the SMSC's
// version and, in words, what the client will not get.
func TestStatusBarVersionMismatchAgainstSimulator(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			srv := simWith(t, func(c *smsc.Config) { c.InterfaceVersion = "3.4" })
			tm, cl, waitFor := consoleOn(t, smppclient.Settings{Addr: srv.Addr().String(), SystemID: smsc.DefaultSystemID,
				Password: smsc.DefaultPassword, Bind: smppclient.Transceiver, InterfaceVersion: wire.InterfaceVersion50}, sz[0], sz[1])
			waitFor("the mismatch", "bound trx", "SMSC version 3.4", "SMSC speaks 3.4, the client asked for 5.0:")
			fm := quitConsole(t, tm, cl, srv)
			if n := fm.status.versionNote(); n != smppclient.VersionNote(wire.InterfaceVersion50, wire.InterfaceVersion34, true) {
				t.Errorf("note %q", n)
			}
		})
	}
}

// Against a 5.0 simulator, congestion_state from the submit_sm_resp is in the bar.
func TestStatusBarCongestionAgainstSimulator(t *testing.T) {
	srv := simWith(t, func(c *smsc.Config) { c.InterfaceVersion = "5.0" })
	tm, cl, waitFor := consoleOn(t, smppclient.Settings{Addr: srv.Addr().String(), SystemID: smsc.DefaultSystemID,
		Password: smsc.DefaultPassword, Bind: smppclient.Transceiver, InterfaceVersion: wire.InterfaceVersion50}, 120, 40)
	waitFor("bound", "bound trx", "SMSC version 5.0")
	tm.Send(keyMsg("n"))
	tm.Type("447700900123")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	tm.Type("how busy are you")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	shown := regexp.MustCompile(`congestion [0-9]+%`)
	teatest.WaitFor(t, tm.Output(), shown.Match, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	fm := quitConsole(t, tm, cl, srv)
	if !fm.status.ver.hasCongestion {
		t.Error("no congestion_state recorded")
	}
}

// --listen-outbind: the console says it waits for an outbind, on the address it really
// listens on, until the simulator's outbind comes; then it is bound as a receiver.
func TestListenOutbindAgainstSimulator(t *testing.T) {
	tm, cl, waitFor := consoleOn(t, smppclient.Settings{ListenOutbind: "127.0.0.1:0", SystemID: smsc.DefaultSystemID,
		Password: smsc.DefaultPassword, Bind: smppclient.Receiver}, 80, 24)
	// The state names the port the listener really got, never the ":0" asked for.
	waiting := regexp.MustCompile(`waiting for an outbind on (127\.0\.0\.1:[1-9][0-9]*)`)
	var shown string
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		if m := waiting.FindSubmatch(b); m != nil {
			shown = string(m[1])
		}
		return shown != ""
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	a := cl.OutbindAddr()
	if a == nil || a.String() != shown {
		t.Fatalf("the bar says it waits on %s, the client listens on %v", shown, a)
	}
	addr := shown
	srv := simWith(t, func(c *smsc.Config) { c.Outbind = addr; c.OutbindRetry = time.Hour })
	waitFor("bound on the outbind", "bound rx")
	quitConsole(t, tm, cl, srv)
}
