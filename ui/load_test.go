package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/smppconsole/smppconsole/burst"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

// setField empties a field of the load form and types s into it.
func setField(m *Model, f loadField, s string) {
	for m.load.focus != f {
		press(m, "tab")
	}
	m.load.inputs[f].SetValue("")
	m.load.check()
	typeText(m, s)
}

func TestLoadFormValidatesAsYouType(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	press(m, "L")
	if m.mode != modeLoad || !m.load.editing {
		t.Fatalf("L: mode %v editing %v", m.mode, m.load.editing)
	}
	if !m.load.valid() {
		t.Fatalf("the default form is not valid: %v %q", m.load.errs, m.load.general)
	}
	setField(m, lCount, "12x")
	if e := m.load.errs[lCount]; !strings.Contains(e, `"12x" is not a whole number`) {
		t.Errorf("count error %q", e)
	}
	contains(t, screen(m), `count: "12x" is not a whole number of 0 or more`)
	press(m, "backspace")
	if _, bad := m.load.errs[lCount]; bad || !m.load.valid() {
		t.Errorf("after backspace: %v %q", m.load.errs, m.load.general)
	}
	setField(m, lCount, "")
	if !strings.Contains(m.load.general, "give a count of messages or a duration") {
		t.Errorf("no count nor duration: %q", m.load.general)
	}
	setField(m, lDuration, "soon")
	if e := m.load.errs[lDuration]; !strings.Contains(e, "is not a time such as 30s") {
		t.Errorf("duration error %q", e)
	}
	setField(m, lDuration, "5s")
	setField(m, lRate, "0")
	if !strings.Contains(m.load.general, "rate 0: want more than 0") {
		t.Errorf("rate 0: %q", m.load.general)
	}
	setField(m, lRate, "100")
	setField(m, lRampOver, "3s")
	if !strings.Contains(m.load.general, "ramp: give the rate to start from") {
		t.Errorf("ramp without a start: %q", m.load.general)
	}
	setField(m, lRampFrom, "10")
	setField(m, lTo, "{rand:x}")
	if e := m.load.errs[lTo]; !strings.HasPrefix(e, "to: ") {
		t.Errorf("bad template: %q", e)
	}
	setField(m, lTo, "not a number")
	if m.load.general == "" {
		t.Error("a destination that is not an address is not said before the run")
	}
	setField(m, lTo, "44770090{seq}")
	if !m.load.valid() {
		t.Errorf("fixed form: %v %q", m.load.errs, m.load.general)
	}
	// A refused start says why and keeps the form.
	press(m, "ctrl+s")
	if m.load.runner != nil || m.load.general != "no SMPP session to send on" || !m.load.editing {
		t.Errorf("start on a fake session: runner %v, %q", m.load.runner, m.load.general)
	}
	// adaptive is a yes/no.
	for m.load.focus != lAdaptive {
		press(m, "tab")
	}
	press(m, " ")
	if !m.load.adaptive || !m.load.set.Adaptive {
		t.Error("space did not turn adaptive on")
	}
}

func TestLoadFormPrefilledFromCompose(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	press(m, "n")
	typeText(m, "447700900{seq}")
	press(m, "tab")
	typeText(m, "Hello {seq} of the load")
	press(m, "esc", "L")
	if got := m.load.inputs[lTo].Value(); got != "447700900{seq}" {
		t.Errorf("to %q", got)
	}
	if got := m.load.inputs[lText].Value(); got != "Hello {seq} of the load" {
		t.Errorf("text %q", got)
	}
	if !m.load.valid() {
		t.Fatalf("%v %q", m.load.errs, m.load.general)
	}
	msg, err := m.load.src.Next(7)
	if err != nil {
		t.Fatal(err)
	}
	if msg.Dest.Addr != "4477009007" || msg.Text != "Hello 7 of the load" || msg.RegisteredDelivery != m.compose.msg.RegisteredDelivery {
		t.Errorf("message 7: %+v", msg)
	}
	// Typed into: the compose form no longer overrides it.
	setField(m, lText, "mine")
	press(m, "esc", "L")
	if got := m.load.inputs[lText].Value(); got != "mine" {
		t.Errorf("text after reopening %q", got)
	}
}

// loadTestClient is a bound client on the in-process simulator.
func loadTestClient(t *testing.T, srv *smsc.Server) *smppclient.Client {
	t.Helper()
	cl, err := smppclient.New(smppclient.Settings{
		Addr: srv.Addr().String(), SystemID: smsc.DefaultSystemID, Password: smsc.DefaultPassword,
		Bind: smppclient.Transceiver, Window: 64,
	})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// pollUntil feeds the model its poll of the run until done says so, within a deadline.
func pollUntil(t *testing.T, m *Model, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: snapshot %+v", what, m.load.snap)
		}
		m.Update(loadPollMsg{gen: m.load.gen})
		time.Sleep(5 * time.Millisecond)
	}
}

// Start, esc hides with the run going on, L brings it back, x stops it politely: every
// message sent ends in one outcome.
func TestLoadStartHideShowStop(t *testing.T) {
	srv := startSimulator(t)
	defer srv.Shutdown(context.Background())
	cl := loadTestClient(t, srv)
	defer cl.Close()
	m := New(Options{Session: cl, Now: fixedNow, Location: time.UTC,
		Defaults: message.Message{Source: message.Address{Addr: "SMPPConsole", TON: 5}}})
	defer m.stop()
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	cl.Start()

	press(m, "L")
	setField(m, lCount, "1000000")
	setField(m, lRate, "500")
	_, cmd := m.Update(keyMsg("ctrl+s"))
	if cmd == nil || m.load.runner == nil || m.load.editing || !m.load.running() {
		t.Fatalf("ctrl+s did not start: %q %v", m.load.general, m.load.errs)
	}
	pollUntil(t, m, "progress", func() bool { return m.load.snap.Accepted >= 20 })
	contains(t, m.status.View(), "burst ")

	press(m, "esc")
	if m.mode != modeNormal || !m.load.running() {
		t.Fatalf("esc: mode %v running %v", m.mode, m.load.running())
	}
	before := m.load.snap.Started
	pollUntil(t, m, "the run going on while hidden", func() bool { return m.load.snap.Started > before+10 })

	press(m, "L")
	if m.mode != modeLoad || m.load.editing {
		t.Fatalf("L: mode %v editing %v", m.mode, m.load.editing)
	}
	contains(t, m.View(), "Load: running")

	press(m, "x")
	pollUntil(t, m, "the end of the run", func() bool { return !m.load.running() })
	sn := m.load.snap
	if sn.Started >= 1000000 || sn.Finished != sn.Started || sn.InFlight != 0 {
		t.Errorf("stopped run: started %d finished %d in flight %d", sn.Started, sn.Finished, sn.InFlight)
	}
	rep := m.load.report
	if rep == nil {
		t.Fatal("no report at the end of the run")
	}
	var ended uint64
	for _, n := range rep.Counts.Outcomes {
		ended += n
	}
	if rep.Counts.Messages != sn.Finished || ended != rep.Counts.Messages || rep.Counts.Outcomes[burst.OutcomeAccepted] != rep.Counts.Messages {
		t.Errorf("report counts %+v, finished %d", rep.Counts, sn.Finished)
	}
	contains(t, m.View(), "stopped with x")
}

// fakeRun puts a fixed run's figures in the panel, as a poll would.
func fakeRun(m *Model) {
	p := &m.load
	p.editing, p.active = false, true
	p.set = burst.Settings{Count: 100000, Rate: 20000}
	tp := []uint64{19990, 20003, 19998, 20001, 10500}
	p.snap = burst.Snapshot{Elapsed: 4500 * time.Millisecond, TargetRate: 20000, ActualRate: 20001, InFlight: 212,
		Started: 90000, Finished: 89788, Accepted: 89600, Rejected: map[string]uint64{"ESME_RTHROTTLED": 150, "ESME_RSUBMITFAIL": 38},
		Throttled: 190, Retries: 40, Waiting: 2, ETA: 500 * time.Millisecond, Throughput: tp}
	p.pct = burst.Percentiles{Count: 89600, P50: 900 * time.Microsecond, P90: 2100 * time.Microsecond,
		P99: 4800 * time.Microsecond, P999: 12 * time.Millisecond, Max: 31 * time.Millisecond}
	p.rc = burst.ReceiptCounts{Received: 80000, Delivered: 79990, Owed: 9600}
	p.p99s = []float64{3.1, 4.4, 5.2, 4.8}
	p.skipped, p.every = 171234, 56
	m.status.burst = p.compact()
	m.statusDirty = true
	m.resize()
	p.drawCharts()
}

// TestGoldenLoad snapshots the load panel with a fixed run, at 120x40 and 80x24.
func TestGoldenLoad(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m, _ := newTestModel(t, sz[0], sz[1])
			feed(m, scenario()...)
			m.Update(statsMsg(scenarioStats()))
			press(m, "L")
			fakeRun(m)
			m.Update(tickMsg(fixedNow()))
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(fmt.Sprintf("%dx%d_form", sz[0], sz[1]), func(t *testing.T) {
			m, _ := newTestModel(t, sz[0], sz[1])
			feed(m, scenario()...)
			m.Update(statsMsg(scenarioStats()))
			press(m, "L")
			setField(m, lRate, "fast")
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
}

// During a run the log keeps a sample of each batch and counts the rest; receipts still
// reach the runner, and the burst's submit outcomes stay out of the receipts panel.
func TestLoadSamplesTheLog(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m.load.active = true
	m.load.every = 1
	before := m.log.ring.Len()
	var evs []smppclient.Event
	for i := 0; i < 1600; i++ {
		evs = append(evs, trafficPDU(i))
		if i%4 == 1 {
			evs = append(evs, smppclient.SubmitEvent{Msg: uint64(i), Part: 1, Parts: 1, Outcome: smppclient.Accepted})
		}
	}
	feed(m, evs...)
	kept := m.log.ring.Len() - before
	if kept == 0 || kept > keepPerBatch {
		t.Errorf("kept %d PDUs of 1600, want 1..%d", kept, keepPerBatch)
	}
	if m.load.skipped != uint64(1600-kept) || m.load.every != 50 {
		t.Errorf("skipped %d every %d", m.load.skipped, m.load.every)
	}
	if len(m.msgs.rows) != 0 {
		t.Errorf("the burst's submits made %d receipt rows", len(m.msgs.rows))
	}
	contains(t, strings.Join(m.load.runLines(), "\n"), "log: 1,568 PDUs not shown (sampled 1 in 50)")
}

// The load panel as an operator uses it, against the simulator: L, the form, ctrl+s,
// progress, esc (the log is back, the run goes on), L, x; the run ends with every
// message accounted for.
func TestLoadPanelAgainstSimulator(t *testing.T) {
	srv := startSimulator(t)
	defer srv.Shutdown(context.Background())
	cl := loadTestClient(t, srv)
	m := New(Options{Session: cl, Label: "simulator", Simulator: true,
		Defaults: message.Message{Source: message.Address{Addr: "SMPPConsole", TON: 5}, RegisteredDelivery: 1}})
	cl.Start()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	waitFor := func(words ...string) {
		t.Helper()
		waitScreen(t, tm, 10*time.Second, words...)
	}
	waitFor("bound trx")
	tm.Send(keyMsg("L"))
	waitFor("Load: new burst")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlU}) // count: empty it, then a count too big to finish
	for range 8 {
		tm.Send(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	tm.Type("1000000")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	for range 8 {
		tm.Send(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	tm.Type("2000")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	waitFor("Load: running", "ESME_ROK")
	tm.Send(keyMsg("esc"))
	waitFor("Receipts", "burst ") // the log and the receipts are back; the status bar has the run
	tm.Send(keyMsg("L"))
	waitFor("Load: running")
	tm.Send(keyMsg("x"))
	waitFor("stopped with x", "every message accounted for")
	tm.Send(keyMsg("q"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	cl.Close()
	srv.Shutdown(context.Background())
	checkGoroutines(t)
	sn := fm.load.snap
	if !sn.Done || sn.Started == 0 || sn.Started >= 1000000 || sn.Finished != sn.Started ||
		sn.Accepted+sn.TimedOut+sn.Lost+rejected(sn) != sn.Finished {
		t.Errorf("final figures: %+v", sn)
	}
	// The log's story has the run's start and end, with what it did not show.
	var story []string
	for p := fm.log.ring.oldest(); p < fm.log.ring.next; p++ {
		if e, ok := fm.log.ring.at(p); ok && !e.isPDU() {
			story = append(story, string(e.raw))
		}
	}
	all := strings.Join(story, "\n")
	contains(t, all, "burst started: 1000000 messages at 2000 msg/s")
	contains(t, all, "burst ended: ")
}

func rejected(sn burst.Snapshot) uint64 {
	var n uint64
	for _, v := range sn.Rejected {
		n += v
	}
	return n
}

// The sample does not alias with the burst's rhythm: with a stride that is a multiple of
// the four-PDU pattern, every kind of PDU still shows.
func TestLoadSampleShowsEveryKind(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m.load.active = true
	m.load.every = 1
	before := m.log.ring.next
	var evs []smppclient.Event
	for i := 0; i < 40*keepPerBatch; i++ { // a stride of 40
		evs = append(evs, trafficPDU(i))
	}
	feed(m, evs...)
	kinds := map[uint32]int{}
	for pos := before; pos < m.log.ring.next; pos++ {
		if e, ok := m.log.ring.at(pos); ok && e.kind == rowPDU {
			if h, ok := wire.ParseHeader(e.raw); ok {
				kinds[h.ID]++
			}
		}
	}
	if len(kinds) < 4 {
		t.Errorf("the sample shows %d kinds of PDU (%v), want all 4", len(kinds), kinds)
	}
}
