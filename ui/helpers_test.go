package ui

import (
	"bytes"
	"context"
	"encoding/binary"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// fakeSession records what the console asks of the session.
type fakeSession struct {
	mu        sync.Mutex
	ch        chan smppclient.Event
	submitted []message.Message
	binds     int
	unbinds   int
	stats     smppclient.Stats
}

func newFakeSession() *fakeSession {
	return &fakeSession{ch: make(chan smppclient.Event, 1024), stats: smppclient.Stats{
		State: smppclient.Bound, Bind: smppclient.Transceiver, Addr: "127.0.0.1:2775", SystemID: "smppclient1", Window: 10,
	}}
}

func (f *fakeSession) Events() <-chan smppclient.Event { return f.ch }
func (f *fakeSession) Bind()                           { f.mu.Lock(); f.binds++; f.mu.Unlock() }
func (f *fakeSession) Unbind()                         { f.mu.Lock(); f.unbinds++; f.mu.Unlock() }
func (f *fakeSession) Stats() smppclient.Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stats
}

func (f *fakeSession) Submit(_ context.Context, m message.Message) (*smppclient.Submission, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.submitted = append(f.submitted, m)
	parts, err := message.Build(m, 1)
	if err != nil {
		return nil, err
	}
	return &smppclient.Submission{Msg: uint64(len(f.submitted)), Message: m, Parts: parts}, nil
}

// t0 is the fixed clock of the tests.
var t0 = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

func fixedNow() time.Time { return t0.Add(2 * time.Second) }

// newTestModel builds a console on a fake session with a fixed clock, sized w×h.
func newTestModel(t testing.TB, w, h int) (*Model, *fakeSession) {
	t.Helper()
	fs := newFakeSession()
	m := New(Options{Session: fs, Label: "simulator", Simulator: true, Now: fixedNow, Location: time.UTC,
		Defaults: message.Message{Source: message.Address{Addr: "SMPPConsole", TON: 5}, RegisteredDelivery: 1}})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m, fs
}

// pduBytes builds a PDU: header then body.
func pduBytes(id, status, seq uint32, body ...[]byte) []byte {
	b := make([]byte, 16)
	binary.BigEndian.PutUint32(b[4:], id)
	binary.BigEndian.PutUint32(b[8:], status)
	binary.BigEndian.PutUint32(b[12:], seq)
	for _, x := range body {
		b = append(b, x...)
	}
	binary.BigEndian.PutUint32(b[0:], uint32(len(b)))
	return b
}

func cstr(s string) []byte { return append([]byte(s), 0) }

func pduEvent(at time.Time, dir smppclient.Direction, raw []byte) smppclient.PDUEvent {
	h, _ := wire.ParseHeader(raw)
	return smppclient.PDUEvent{At: at, Link: "trx", Dir: dir, Header: h, Raw: raw}
}

func submitSM(seq uint32, dest, text string) []byte {
	m := message.Message{Source: message.Address{Addr: "SMPPConsole", TON: 5}, Dest: message.Address{Addr: dest, TON: 1, NPI: 1},
		Text: text, RegisteredDelivery: 1}
	parts, err := message.Build(m, 1)
	if err != nil {
		panic(err)
	}
	return parts[0].Encode(seq)
}

func deliverReceipt(seq uint32, id, stat string) []byte {
	txt := receipt.Format(receipt.FormatFields{ID: id, Sub: 1, Dlvrd: 1, SubmitDate: t0, DoneDate: t0, Stat: stat, Text: "Hello"})
	body := [][]byte{cstr(""), {1, 1}, cstr("447700900123"), {5, 0}, cstr("SMPPConsole"),
		{0x04, 0, 0}, cstr(""), cstr(""), {0, 0, 0, 0, byte(len(txt))}, []byte(txt)}
	return pduBytes(wire.DeliverSM, 0, seq, body...)
}

// scenario is a deterministic session: bind, keep-alive, one message with its response
// and receipt, a rejected message, and an MO.
func scenario() []smppclient.Event {
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	bind := pduBytes(wire.BindTransceiver, 0, 1, cstr("smppclient1"), cstr("password"), cstr(""), []byte{0x34, 0, 0}, cstr(""))
	return []smppclient.Event{
		smppclient.StateEvent{At: at(0), Link: "trx", State: smppclient.Connecting, Bind: smppclient.Transceiver, Addr: "127.0.0.1:2775"},
		pduEvent(at(1), smppclient.Out, bind),
		pduEvent(at(3), smppclient.In, pduBytes(wire.BindTransceiverResp, 0, 1, cstr("SMSCSIM"))),
		smppclient.StateEvent{At: at(3), Link: "trx", State: smppclient.Bound, Bind: smppclient.Transceiver, Addr: "127.0.0.1:2775"},
		pduEvent(at(500), smppclient.Out, pduBytes(wire.EnquireLink, 0, 2)),
		pduEvent(at(501), smppclient.In, pduBytes(wire.EnquireLinkResp, 0, 2)),
		smppclient.KeepAliveEvent{At: at(501), Link: "trx", RTT: 1200 * time.Microsecond},
		pduEvent(at(900), smppclient.Out, submitSM(3, "447700900123", "Hello from smppconsole")),
		pduEvent(at(902), smppclient.In, pduBytes(wire.SubmitSMResp, 0, 3, cstr("4F1A0001"))),
		smppclient.SubmitEvent{At: at(902), Msg: 1, Part: 1, Parts: 1, Seq: 3, Dest: "447700900123", Outcome: smppclient.Accepted, MessageID: "4F1A0001", Latency: 2 * time.Millisecond},
		pduEvent(at(1150), smppclient.In, deliverReceipt(7, "4F1A0001", "DELIVRD")),
		pduEvent(at(1151), smppclient.Out, pduBytes(wire.DeliverSMResp, 0, 7, cstr(""))),
		smppclient.ReceiptEvent{At: at(1151), Link: "trx", Matched: true, Msg: 1, Part: 1, SinceSubmit: 250 * time.Millisecond, Seq: 7,
			Receipt: receipt.Receipt{MessageID: "4F1A0001", Stat: "DELIVRD", Err: "000"}},
		pduEvent(at(1400), smppclient.Out, submitSM(4, "123", "€uro test")),
		pduEvent(at(1402), smppclient.In, pduBytes(wire.SubmitSMResp, 0x0B, 4)),
		smppclient.SubmitEvent{At: at(1402), Msg: 2, Part: 1, Parts: 1, Seq: 4, Dest: "123", Outcome: smppclient.Rejected, Status: 0x0B},
		smppclient.MOEvent{At: at(1700), Link: "trx", Source: message.Address{Addr: "447700900999"}, Dest: message.Address{Addr: "12345"}, Text: "STOP please", Parts: 1, Complete: true},
	}
}

// feed sends events to the model as one batch, as the relay would.
func feed(m *Model, evs ...smppclient.Event) {
	m.Update(eventsMsg{events: evs})
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "ctrl+s":
		return tea.KeyMsg{Type: tea.KeyCtrlS}
	case "ctrl+o":
		return tea.KeyMsg{Type: tea.KeyCtrlO}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "home":
		return tea.KeyMsg{Type: tea.KeyHome}
	case "end":
		return tea.KeyMsg{Type: tea.KeyEnd}
	case "ctrl+p":
		return tea.KeyMsg{Type: tea.KeyCtrlP}
	case "ctrl+n":
		return tea.KeyMsg{Type: tea.KeyCtrlN}
	case "ctrl+f":
		return tea.KeyMsg{Type: tea.KeyCtrlF}
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// typeText sends each rune as a key, as a terminal would.
func typeText(m *Model, s string) {
	for _, r := range s {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// press sends keys and runs the commands they return that produce a message at once
// (pane-to-root messages), the way the program loop would.
func press(m *Model, keys ...string) {
	for _, k := range keys {
		run(m, m.onKeyCmd(keyMsg(k)))
	}
}

func (m *Model) onKeyCmd(k tea.KeyMsg) tea.Cmd {
	_, c := m.Update(k)
	return c
}

// run executes cmd and feeds the root-bound messages it yields back into the model, the
// way the program loop would. Only commands known to return at once are run: those the
// console builds to hand a message to the root or to ask the (fake) session something,
// and Bubble Tea's batches and sequences of them. The rest wait by design (the event
// relay, the tick, a cursor's blink) and are left alone; which is which is decided by
// what the command is, never by how long it takes.
func run(m *Model, cmd tea.Cmd) {
	if cmd == nil || !immediate[constructor(cmd)] {
		return
	}
	msg := cmd()
	if cmds, ok := batchOf(msg); ok {
		for _, c := range cmds {
			run(m, c)
		}
		return
	}
	switch msg := msg.(type) {
	case openPDUMsg, copyPDUMsg, stepPDUMsg, closeDetailMsg, sendFormMsg, closeFormMsg, openRefMsg, noticeMsg, filterStepMsg, findStepMsg, submitDoneMsg, copyDoneMsg:
		_, next := m.Update(msg)
		run(m, next)
	}
}

// constructor names the function that built a command: the closure's own name less its
// "funcN" suffixes ("ui.(*pduLog).Update.openPDU.msgCmd.func3" is msgCmd's, inlined).
func constructor(c tea.Cmd) string {
	name := runtime.FuncForPC(reflect.ValueOf(c).Pointer()).Name()
	name = strings.ReplaceAll(name[strings.LastIndex(name, "/")+1:], "[...]", "")
	parts := strings.Split(name, ".")
	for len(parts) > 1 && strings.HasPrefix(parts[len(parts)-1], "func") &&
		strings.Trim(parts[len(parts)-1][len("func"):], "0123456789") == "" {
		parts = parts[:len(parts)-1]
	}
	return parts[len(parts)-1]
}

// immediate is the registry of command constructors whose commands return without
// waiting, filled from a command of each kind so a renamed constructor cannot go stale.
var immediate = map[string]bool{}

func init() {
	noop := func() tea.Msg { return nil }
	fs := newFakeSession()
	ctx := context.Background()
	for _, c := range []tea.Cmd{
		msgCmd(nil), closeDetail, closeForm, // pane to root
		tea.Batch(noop, noop), tea.Sequence(noop, noop),
		copyHex(nil, nil, ""), fetchStats(fs), submit(ctx, fs, 0, message.Message{}), bindCmd(fs, false),
		sendMO(ctx, func(context.Context) error { return nil }),
		saveFilters(func() error { return nil }),
	} {
		immediate[constructor(c)] = true
	}
}

// batchOf returns the commands of a tea.BatchMsg or of Bubble Tea's (unexported)
// sequence message, both a []tea.Cmd underneath.
func batchOf(msg tea.Msg) ([]tea.Cmd, bool) {
	if b, ok := msg.(tea.BatchMsg); ok {
		return b, true
	}
	v := reflect.ValueOf(msg)
	if v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		cmds := make([]tea.Cmd, v.Len())
		for i := range cmds {
			cmds[i] = v.Index(i).Interface().(tea.Cmd)
		}
		return cmds, true
	}
	return nil, false
}

func screen(m *Model) string { return m.View() }

func contains(t *testing.T, s, want string) {
	t.Helper()
	if !strings.Contains(s, want) {
		t.Fatalf("want %q in:\n%s", want, s)
	}
}

// scenarioStats is the session snapshot matching scenario().
func scenarioStats() smppclient.Stats {
	return smppclient.Stats{
		State: smppclient.Bound, Bind: smppclient.Transceiver, Addr: "127.0.0.1:2775", SystemID: "smppclient1",
		InFlight: 0, Window: 10, Sent: 2, Accepted: 1, Rejected: 1, Failed: 1, Receipts: 1, Matched: 1, MO: 1,
		RTT: 1200 * time.Microsecond,
	}
}

// The helper runs the commands that hand a message over and never the ones that wait,
// however they were inlined into their callers.
func TestRunKnowsWhichCommandsWait(t *testing.T) {
	m, fs := newTestModel(t, 80, 24)
	feed(m, scenario()...)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open := m.onKeyCmd(keyMsg("enter"))
	run(m, open)
	if m.mode != modeDetail {
		t.Fatalf("enter did not open the PDU: mode %v", m.mode)
	}
	back := m.onKeyCmd(keyMsg("esc"))
	run(m, back)
	if m.mode != modeNormal {
		t.Fatalf("esc did not close the PDU: mode %v", m.mode)
	}
	for _, c := range []struct {
		what string
		cmd  tea.Cmd
		runs bool
	}{
		{"enter on a PDU", open, true},
		{"a detail's close", back, true},
		{"b", m.onKeyCmd(keyMsg("b")), true},
		{"n, the form's cursor blink", m.onKeyCmd(keyMsg("n")), false},
		{"the event relay", waitEvents(ctx, fs.ch), false},
		{"the tick", tick(ctx), false},
		{"the relay, poll and tick together", m.Init(), true}, // a batch: its parts decide
	} {
		if c.cmd == nil {
			t.Fatalf("%s: no command", c.what)
		}
		if got := immediate[constructor(c.cmd)]; got != c.runs {
			t.Errorf("%s (%s): run %v, want %v", c.what, constructor(c.cmd), got, c.runs)
		}
	}
}

// waitScreen waits, up to d, for the program's output to hold every one of words.
func waitScreen(t *testing.T, tm *teatest.TestModel, d time.Duration, words ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, w := range words {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(d), teatest.WithCheckInterval(20*time.Millisecond))
}
