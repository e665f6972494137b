package ui

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"go.uber.org/goleak"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
)

// startSimulator runs the embedded SMSC on a free loopback port with quick receipts.
func startSimulator(t *testing.T) *smsc.Server {
	t.Helper()
	cfg := smsc.DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.ReceiptDelay = 50 * time.Millisecond
	srv, err := smsc.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return srv
}

// The acceptance flow, as a new user does it, against the real simulator and client:
// the link comes up, n, a destination, one tab, a text, ctrl+s; the log shows submit_sm,
// submit_sm_resp and the deliver_sm receipt; the receipts panel shows DELIVRD; m brings an
// MO; q quits; nothing is left running.
func TestEndToEndAgainstSimulator(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) { endToEnd(t, sz[0], sz[1]) })
	}
}

func endToEnd(t *testing.T, w, h int) {
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
		SendMO: func(context.Context) error {
			return srv.SendMO(smsc.MO{From: "447700900999", To: "12345", Text: "Reply from the handset"})
		},
	})
	cl.Start()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))

	waitFor := func(_ string, words ...string) {
		t.Helper()
		waitScreen(t, tm, 5*time.Second, words...)
	}
	waitFor("bound", "bound trx")

	tm.Send(keyMsg("n"))
	tm.Type("447700900123")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	tm.Type("Hello from the e2e test")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	waitFor("the message, its response and its receipt", "submit_sm", "submit_sm_resp", "deliver_sm", "DELIVRD")

	tm.Send(keyMsg("m"))
	waitFor("the MO", "Reply from the handset")

	tm.Send(keyMsg("q"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)

	// The layout is intact: the frame is exactly the terminal.
	lines := strings.Split(fm.View(), "\n")
	if len(lines) != h {
		t.Errorf("final frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw != w {
			t.Errorf("final frame line %d is %d wide, want %d", i, lw, w)
		}
	}

	// The receipts panel has the message, accepted and delivered.
	if len(fm.msgs.rows) != 1 {
		t.Fatalf("receipts rows: %d", len(fm.msgs.rows))
	}
	row := fm.msgs.rows[0]
	if s, _ := row.submitText(); s != "ok" {
		t.Errorf("submit column %q", s)
	}
	if s, _ := row.receiptText(fm.styles); s != "DELIVRD" {
		t.Errorf("receipt column %q", s)
	}
	if row.dest != "447700900123" || len(row.parts) != 1 || row.parts[0].messageID == "" {
		t.Errorf("row %+v", row)
	}
	if len(fm.msgs.mo.rows) != 1 || fm.msgs.mo.rows[0].text != "Reply from the handset" {
		t.Errorf("MO list %+v", fm.msgs.mo.rows)
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

// checkGoroutines fails if a goroutine of the console, the client, the simulator or
// Bubble Tea is still running (goleak waits a little for those ending). Two are not the
// console's: teatest's SIGINT watcher lives as long as the process, and a text input's
// cursor blink ends on its own a blink after it started.
func checkGoroutines(t *testing.T) {
	t.Helper()
	goleak.VerifyNone(t,
		goleak.IgnoreTopFunction("github.com/charmbracelet/x/exp/teatest.NewTestModel.func2"),
		goleak.IgnoreAnyFunction("github.com/charmbracelet/bubbles/cursor.(*Model).BlinkCmd.func1"),
	)
}

// syncBuffer is an io.Writer the test reads while the program writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Contains(w string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Contains(s.b.String(), w)
}

// Keys written to the terminal in one go reach Bubble Tea's input reader together and
// come out as one KeyMsg of several runes; each still moves the cursor one row.
func TestKeysInOneReadThroughTheInputReader(t *testing.T) {
	m, fs := newTestModel(t, 120, 40)
	feed(m, manyPDUs(20, 1)...) // seq 1..20, the newest selected
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	out := &syncBuffer{}
	p := tea.NewProgram(m, tea.WithInput(pr), tea.WithOutput(out), tea.WithoutSignals())
	type result struct {
		m   tea.Model
		err error
	}
	done := make(chan result, 1)
	go func() {
		fm, err := p.Run()
		done <- result{fm, err}
	}()
	defer func() {
		// On a failure, stop the program and wait for it; after a quit this is a no-op.
		p.Kill()
		pw.Close()
		close(fs.ch)
	}()
	waitOutput := func(w string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !out.Contains(w) {
			if time.Now().After(deadline) {
				t.Fatalf("%q never appeared on the screen", w)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitOutput("following")
	// 20 PDUs: two and five rows up from the newest (#20, an enquire_link_resp) is the
	// 13th, submit_sm #13.
	if _, err := pw.Write([]byte("kk")); err != nil {
		t.Fatal(err)
	}
	waitOutput("paused (f follows)")
	if _, err := pw.Write([]byte("kkkkk\r")); err != nil {
		t.Fatal(err)
	}
	waitOutput("submit_sm #13")
	if _, err := pw.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	var fm *Model
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		fm = r.m.(*Model)
	case <-time.After(5 * time.Second):
		t.Fatal("q did not quit")
	}
	if fm.mode != modeDetail || fm.detail.pdu.Header.Seq != 13 {
		t.Fatalf("opened %s #%d (mode %v), want submit_sm #13", fm.detail.pdu.Command, fm.detail.pdu.Header.Seq, fm.mode)
	}
}
