package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// fakeConnector opens fake sessions: each request's profile name is the tab's name.
type fakeConnector struct {
	mu       sync.Mutex
	profiles []string
	sessions map[string]*fakeSession
	closed   map[string]int
	refuse   map[string]error
	files    map[string][]Recorded // TabRequest.File's conversations
}

func newFakeConnector(profiles ...string) *fakeConnector {
	return &fakeConnector{profiles: profiles, sessions: map[string]*fakeSession{}, closed: map[string]int{}, refuse: map[string]error{}, files: map[string][]Recorded{}}
}

func (c *fakeConnector) Profiles() []string { return c.profiles }

func (c *fakeConnector) Open(_ context.Context, req TabRequest) (TabSession, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	name := req.name()
	if err := c.refuse[name]; err != nil {
		return TabSession{}, err
	}
	if req.File != "" {
		convs, ok := c.files[req.File]
		if !ok {
			return TabSession{}, fmt.Errorf("open %s: no such file or directory", req.File)
		}
		return TabSession{Name: name, Options: Options{Label: name}, Recorded: convs}, nil
	}
	fs := newFakeSession()
	c.sessions[name] = fs
	return TabSession{
		Name:    name,
		Options: Options{Session: fs, Label: name, Defaults: message.Message{Source: message.Address{Addr: "SMPPConsole", TON: 5}}},
		Profile: config.Profile{Name: name, Host: "127.0.0.1", Port: 2775},
		Close: func() {
			c.mu.Lock()
			c.closed[name]++
			c.mu.Unlock()
		},
	}, nil
}

func (c *fakeConnector) closes(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed[name]
}

// newTestApp is an App on a fake connector with the named tabs open, sized w×h; the
// connector's opens are run at once, as the program would run their commands.
func newTestApp(t testing.TB, w, h int, names ...string) (*App, *fakeConnector) {
	t.Helper()
	fc := newFakeConnector(names...)
	a := NewApp(context.Background(), Options{Connector: fc, Now: fixedNow, Location: time.UTC})
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	for _, n := range names {
		appRun(a, a.OpenTab(TabRequest{Profile: n}))
	}
	if len(names) > 0 {
		a.SwitchTo("1")
	}
	return a, fc
}

// appRun runs cmd when it is the connector's open (it returns at once with a fake) and
// feeds the answer back; the tabs' own commands wait (relay, tick) and are left alone.
func appRun(a *App, cmd tea.Cmd) {
	if cmd == nil || constructor(cmd) != "connect" {
		return
	}
	a.Update(cmd())
}

// appPress sends keys to the App, running the commands they return that hand a message
// over at once: a tab's own (tagged), or the App's open.
func appPress(a *App, keys ...string) {
	for _, k := range keys {
		var msg tea.Msg = keyMsg(k)
		switch k {
		case "ctrl+t":
			msg = tea.KeyMsg{Type: tea.KeyCtrlT}
		case "ctrl+w":
			msg = tea.KeyMsg{Type: tea.KeyCtrlW}
		}
		_, c := a.Update(msg)
		appRunAll(a, c)
	}
}

// appRunAll runs cmd's immediate parts: tagged tab commands whose inner command is
// immediate, and the connector's opens.
func appRunAll(a *App, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	if constructor(cmd) == "connect" {
		a.Update(cmd())
		return
	}
	if constructor(cmd) == "wrapCmd" {
		msg := cmd()
		if tm, ok := msg.(tabMsg); ok {
			switch tm.msg.(type) {
			case openPDUMsg, copyPDUMsg, stepPDUMsg, closeDetailMsg, sendFormMsg, closeFormMsg, openRefMsg, noticeMsg:
				_, next := a.Update(tm)
				appRunAll(a, next)
			}
		}
		return
	}
	if !immediate[constructor(cmd)] {
		return
	}
	if cmds, ok := batchOf(cmd()); ok {
		for _, c := range cmds {
			appRunAll(a, c)
		}
	}
}

// appFeed delivers events to the named tab as its relay would.
func appFeed(a *App, name string, evs ...smppclient.Event) {
	for _, t := range a.tabs {
		if t.name == name {
			a.Update(tabMsg{id: t.id, gen: t.gen, msg: eventsMsg{events: evs}})
			return
		}
	}
	panic("no tab " + name)
}

func appStats(a *App, name string, st smppclient.Stats) {
	for _, t := range a.tabs {
		if t.name == name {
			a.Update(tabMsg{id: t.id, gen: t.gen, msg: statsMsg(st)})
		}
	}
}

func (a *App) tabNamed(name string) *tab {
	for _, t := range a.tabs {
		if t.name == name {
			return t
		}
	}
	return nil
}

func TestAppSwitchByNumber(t *testing.T) {
	a, _ := newTestApp(t, 80, 24, "alpha", "beta", "gamma")
	if got := a.tabs[a.active].name; got != "alpha" {
		t.Fatalf("front %q, want alpha", got)
	}
	appPress(a, "3")
	if a.Active() != a.tabNamed("gamma").m {
		t.Fatalf("3 brought %q to the front", a.tabs[a.active].name)
	}
	appPress(a, "2")
	if a.Active() != a.tabNamed("beta").m {
		t.Fatalf("2 brought %q to the front", a.tabs[a.active].name)
	}
	appPress(a, "7")
	if a.Active() != a.tabNamed("beta").m {
		t.Fatalf("7 (no such tab) moved to %q", a.tabs[a.active].name)
	}
	contains(t, a.View(), "no tab 7: 3 open")
	if !a.SwitchTo("gamma") || a.Active() != a.tabNamed("gamma").m {
		t.Fatal("SwitchTo by name")
	}
	if a.SwitchTo("delta") {
		t.Fatal("SwitchTo a tab that is not open")
	}
}

func TestAppPickerOpensATab(t *testing.T) {
	a, fc := newTestApp(t, 80, 24, "alpha")
	fc.profiles = []string{"alpha", "beta"}
	appPress(a, "ctrl+t")
	if _, ok := a.overlay.(*tabPicker); !ok {
		t.Fatalf("ctrl+t: overlay %T", a.overlay)
	}
	v := a.View()
	for _, w := range []string{"alpha", "beta", "simulator (embedded)", "new connection…"} {
		contains(t, v, w)
	}
	// Keys go to the picker while it is open: 1 does not switch tabs, it picks a line.
	appPress(a, "down", "enter")
	if a.overlay != nil {
		t.Fatal("the picker stayed open after enter")
	}
	if len(a.tabs) != 2 || a.tabs[1].name != "beta" || a.active != 1 || a.Active() == nil {
		t.Fatalf("tabs %v, front %d", a.Names(), a.active)
	}
	if fc.sessions["beta"] == nil {
		t.Fatal("beta's session was not opened")
	}
	// "new connection…" opens the connection form, and opens nothing until it is saved.
	appPress(a, "ctrl+t", "down", "down", "down", "enter")
	contains(t, a.View(), "New connection")
	if len(a.tabs) != 2 {
		t.Fatalf("new connection… opened a tab: %v", a.Names())
	}
	appPress(a, "esc")
	if a.overlay != nil {
		t.Fatal("esc did not close the form")
	}
}

func TestAppOpenRefusedStaysInWords(t *testing.T) {
	a, fc := newTestApp(t, 80, 24, "alpha")
	fc.refuse["beta"] = fmt.Errorf(`profile "beta" has no password`)
	appRun(a, a.OpenTab(TabRequest{Profile: "beta"}))
	v := a.View()
	contains(t, v, "could not open beta:")
	contains(t, v, `profile "beta" has no password`)
	contains(t, v, "2X beta")
	if _, c := a.Update(keyMsg("q")); c == nil {
		t.Fatal("q on a failed tab does not quit")
	} else if _, ok := c().(tea.QuitMsg); !ok {
		t.Fatal("q on a failed tab does not quit")
	}
	appPress(a, "ctrl+w")
	if len(a.tabs) != 1 {
		t.Fatalf("ctrl+w on a failed tab: %v", a.Names())
	}
}

func TestAppDigitsGoToTheFormWhileTyping(t *testing.T) {
	a, _ := newTestApp(t, 80, 24, "alpha", "beta")
	appPress(a, "n")
	m := a.Active()
	if !m.Typing() {
		t.Fatal("the new-message form is not typing")
	}
	appPress(a, "2", "0", "ctrl+t")
	if a.Active() != m || a.showAll || a.overlay != nil {
		t.Fatalf("keys typed into the form switched tabs: front %d, all %v, overlay %T", a.active, a.showAll, a.overlay)
	}
	if got := m.compose.values().inputs[fDest]; got != "20" {
		t.Fatalf("destination %q, want the digits typed", got)
	}
}

func TestAppCloseIdleTab(t *testing.T) {
	a, fc := newTestApp(t, 80, 24, "alpha", "beta")
	appPress(a, "2", "ctrl+w")
	a.closing.Wait()
	if fc.closes("beta") != 1 || len(a.tabs) != 1 || a.tabs[0].name != "alpha" {
		t.Fatalf("closes %d, tabs %v", fc.closes("beta"), a.Names())
	}
	// The last tab closing leaves the picker open over nothing.
	appPress(a, "ctrl+w")
	a.closing.Wait()
	if fc.closes("alpha") != 1 || len(a.tabs) != 0 {
		t.Fatalf("closes %d, tabs %v", fc.closes("alpha"), a.Names())
	}
	if _, ok := a.overlay.(*tabPicker); !ok {
		t.Fatalf("after the last tab: overlay %T", a.overlay)
	}
	appPress(a, "esc")
	if a.overlay == nil {
		t.Fatal("esc closed the picker with no tab under it")
	}
	contains(t, a.View(), "no tab is open")
	a.Shutdown()
	if fc.closes("alpha") != 1 {
		t.Fatal("a closed session was closed again")
	}
}

func TestAppCloseAsksWithMessagesInFlight(t *testing.T) {
	a, fc := newTestApp(t, 80, 24, "alpha", "beta")
	st := scenarioStats()
	st.InFlight = 3
	appStats(a, "alpha", st)
	appPress(a, "ctrl+w")
	if len(a.tabs) != 2 {
		t.Fatal("closed without asking with 3 messages in flight")
	}
	contains(t, a.View(), "3 messages in flight on alpha: close it anyway?")
	appPress(a, "n")
	if len(a.tabs) != 2 || fc.closes("alpha") != 0 {
		t.Fatal("n closed the tab")
	}
	appPress(a, "ctrl+w", "y")
	a.closing.Wait()
	if len(a.tabs) != 1 || fc.closes("alpha") != 1 {
		t.Fatalf("y did not close: tabs %v, closes %d", a.Names(), fc.closes("alpha"))
	}
	a.Shutdown()
	if fc.closes("beta") != 1 {
		t.Fatal("Shutdown did not close beta")
	}
}

func TestAppWindowSize(t *testing.T) {
	a, _ := newTestApp(t, 120, 40, "alpha", "beta")
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	for _, tb := range a.tabs {
		if tb.m.w != 100 || tb.m.h != 29 {
			t.Errorf("%s: %dx%d, want 100x29 (the bar takes a line)", tb.name, tb.m.w, tb.m.h)
		}
	}
	if a.all.m.w != 100 || a.all.m.h != 29 {
		t.Errorf("all: %dx%d", a.all.m.w, a.all.m.h)
	}
	// A tab opened later gets the size too.
	appRun(a, a.OpenTab(TabRequest{Profile: "gamma"}))
	if m := a.Active(); m.w != 100 || m.h != 29 {
		t.Errorf("gamma: %dx%d", m.w, m.h)
	}
	lines := strings.Split(a.View(), "\n")
	if len(lines) != 30 {
		t.Errorf("frame of %d lines, want 30", len(lines))
	}
}

// Each tab's messages go back to that tab: events for beta while alpha is in front land
// in beta's log, and a closed tab's late messages are dropped.
func TestAppRoutesMessagesToTheirTab(t *testing.T) {
	a, _ := newTestApp(t, 80, 24, "alpha", "beta")
	appFeed(a, "beta", pduEvent(t0, smppclient.Out, pduBytes(wire.EnquireLink, 0, 7)))
	if n := a.tabNamed("beta").m.log.ring.Len(); n != 1 {
		t.Fatalf("beta's log %d rows", n)
	}
	if n := a.tabNamed("alpha").m.log.ring.Len(); n != 0 {
		t.Fatalf("alpha's log %d rows", n)
	}
	beta := a.tabNamed("beta")
	appPress(a, "2", "ctrl+w")
	a.Update(tabMsg{id: beta.id, gen: beta.gen, msg: eventsMsg{events: []smppclient.Event{pduEvent(t0, smppclient.In, pduBytes(wire.EnquireLinkResp, 0, 7))}}})
	a.Shutdown()
}

func TestWrapCmdWrapsBatchesAndSequences(t *testing.T) {
	one := func() tea.Msg { return noticeMsg{text: "one"} }
	two := func() tea.Msg { return noticeMsg{text: "two"} }
	for _, c := range []struct {
		name string
		cmd  tea.Cmd
	}{{"batch", tea.Batch(one, two)}, {"sequence", tea.Sequence(one, two)}} {
		msg := wrapCmd(4, 2, c.cmd)()
		cmds, ok := batchOf(msg)
		if !ok || len(cmds) != 2 {
			t.Fatalf("%s: %T", c.name, msg)
		}
		if fmt.Sprintf("%T", msg) != fmt.Sprintf("%T", c.cmd()) {
			t.Errorf("%s: type %T, want %T", c.name, msg, c.cmd())
		}
		for i, cc := range cmds {
			tm, ok := cc().(tabMsg)
			if !ok || tm.id != 4 || tm.gen != 2 || tm.msg.(noticeMsg).text != []string{"one", "two"}[i] {
				t.Errorf("%s[%d]: %#v", c.name, i, cc())
			}
		}
	}
	if _, ok := wrapCmd(1, 0, tea.Quit)().(tea.QuitMsg); !ok {
		t.Error("tea.Quit was wrapped")
	}
	if wrapCmd(1, 0, nil) != nil {
		t.Error("a nil command became one")
	}
	if msg := wrapCmd(1, 0, func() tea.Msg { return nil })(); msg != nil {
		t.Errorf("a nil message became %#v", msg)
	}
}

// The all view merges the tabs' logs in time order, a tab's batch arriving late placed
// among the other's rows, each row marked with its tab; a row opens its PDU.
func TestAppMergedViewOrderAndMarks(t *testing.T) {
	a, _ := newTestApp(t, 120, 40, "alpha", "beta")
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	el := func(ms int, seq uint32) smppclient.Event {
		return pduEvent(at(ms), smppclient.Out, pduBytes(wire.EnquireLink, 0, seq))
	}
	appFeed(a, "alpha", el(10, 10), el(30, 30))
	appFeed(a, "beta", el(5, 5), el(20, 20))
	l := &a.all.m.log
	var got []string
	for p := l.ring.oldest(); p < l.ring.next; p++ {
		e, _ := l.ring.at(p)
		got = append(got, fmt.Sprintf("%s#%d", strings.TrimSpace(l.links[e.link]), e.header().Seq))
	}
	if want := "beta#5 alpha#10 beta#20 alpha#30"; strings.Join(got, " ") != want {
		t.Fatalf("merged order %v, want %s", got, want)
	}
	appPress(a, "0")
	if !a.showAll {
		t.Fatal("0 did not show the all view")
	}
	v := a.View()
	contains(t, v, "alpha        -> enquire_link          #10")
	contains(t, v, "beta         -> enquire_link          #5")
	contains(t, v, "[0 all]")
	// g: the oldest row, beta's #5; enter opens it.
	appPress(a, "g", "enter")
	if a.all.m.mode != modeDetail || a.all.m.detail.pdu.Header.Seq != 5 {
		t.Fatalf("mode %v, seq %d: want beta's #5 open", a.all.m.mode, a.all.m.detail.pdu.Header.Seq)
	}
	contains(t, a.View(), "beta")
	// The all view sends nothing: n is refused in words.
	appPress(a, "esc", "n")
	contains(t, a.View(), "the all view only shows")
	// The tabs' own logs are their own.
	if n := a.tabNamed("alpha").m.log.ring.Len(); n != 2 {
		t.Fatalf("alpha's log %d rows", n)
	}
	appPress(a, "1")
	if a.showAll || a.Active() != a.tabNamed("alpha").m {
		t.Fatal("1 did not leave the all view for alpha")
	}
}

// Rebind puts the tab on a new session in its place: the old one closed, its PDUs kept
// with a story row, and its late messages dropped.
func TestAppRebind(t *testing.T) {
	a, fc := newTestApp(t, 80, 24, "alpha", "beta")
	appFeed(a, "alpha", pduEvent(t0, smppclient.Out, pduBytes(wire.EnquireLink, 0, 1)))
	old := *a.tabNamed("alpha")
	m := a.Active()
	appRun(a, a.Rebind(config.Profile{Name: "alpha-fixed", Host: "127.0.0.1", Port: 2776}))
	a.closing.Wait()
	tb := a.tabs[0]
	if tb.name != "alpha-fixed" || a.active != 0 || tb.m != m || tb.gen != old.gen+1 {
		t.Fatalf("tab %q gen %d, front %d, same model %v", tb.name, tb.gen, a.active, tb.m == m)
	}
	if fc.closes("alpha") != 1 {
		t.Fatal("the old session was not closed")
	}
	if m.sess != fc.sessions["alpha-fixed"] {
		t.Fatal("the model is not on the new session")
	}
	contains(t, a.View(), "** rebound to alpha-fixed (127.0.0.1:2775)")
	contains(t, a.View(), "enquire_link")
	// One marker, and the new session's rows, on its one link as before, name no link.
	appFeed(a, "alpha-fixed", pduEvent(t0.Add(time.Second), smppclient.Out, pduBytes(wire.EnquireLink, 0, 2)))
	if v := a.View(); strings.Contains(v, "** **") || strings.Contains(v, "trx ->") || !strings.Contains(v, "-> enquire_link          #2") {
		t.Fatalf("after the rebind:\n%s", v)
	}
	// The old session's late events go nowhere.
	a.Update(tabMsg{id: old.id, gen: old.gen, msg: eventsMsg{events: []smppclient.Event{pduEvent(t0, smppclient.In, pduBytes(wire.EnquireLinkResp, 0, 1))}}})
	if n := m.log.ring.pdus(); n != 2 {
		t.Fatalf("%d PDUs in the log, want the one from before and the new session's", n)
	}
	a.Shutdown()
}

// A row placed among older ones under a filter: the filter's rows are found again.
func TestAppMergedFilteredWhileRowsMove(t *testing.T) {
	a, _ := newTestApp(t, 120, 40, "alpha", "beta")
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	appPress(a, "0", "e") // enquire_link hidden in the all view
	appFeed(a, "alpha", pduEvent(at(10), smppclient.Out, submitSM(10, "447700900123", "ten")),
		pduEvent(at(30), smppclient.Out, submitSM(30, "447700900123", "thirty")))
	appFeed(a, "beta", pduEvent(at(5), smppclient.Out, pduBytes(wire.EnquireLink, 0, 5)),
		pduEvent(at(20), smppclient.Out, submitSM(20, "447700900123", "twenty")))
	l := &a.all.m.log
	var got []uint32
	for i := 0; i < l.n(); i++ {
		e, _ := l.ring.at(l.pos(i))
		got = append(got, e.header().Seq)
	}
	if fmt.Sprint(got) != "[10 20 30]" {
		t.Fatalf("rows shown %v, want the three submit_sm in time order", got)
	}
}

// Two tabs of one profile are told apart by a number, in the order they were asked for,
// whichever session opens first.
func TestAppSameProfileTwice(t *testing.T) {
	fc := newFakeConnector("alpha")
	a := NewApp(context.Background(), Options{Connector: fc, Now: fixedNow, Location: time.UTC})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	first, second := a.OpenTab(TabRequest{Profile: "alpha"}), a.OpenTab(TabRequest{Profile: "alpha"})
	appRun(a, second)
	appRun(a, first)
	if got := strings.Join(a.Names(), ","); got != "alpha,alpha 2" {
		t.Fatalf("names %s", got)
	}
	if !a.SwitchTo("alpha 2") || a.active != 1 {
		t.Fatal("SwitchTo the second alpha")
	}
	a.Shutdown()
}

func TestAppMergedMarkKeepsTheEnd(t *testing.T) {
	a, _ := newTestApp(t, 80, 24, "simulator-london", "simulator-london")
	if got := a.all.mark(a.tabs[1], "trx"); got != "simulator… 2" {
		t.Fatalf("mark %q", got)
	}
}
