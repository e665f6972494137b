package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// colonRun types line into the App's command line and runs what enter returns that
// opens a tab.
func colonRun(a *App, line string) {
	appType(a, ":"+line)
	_, c := a.Update(keyMsg("enter"))
	for _, msg := range msgsOf(c, "connect") {
		a.Update(msg)
	}
}

// drainTab delivers the front tab's file session events, as its relay would (the
// channel is filled and closed already).
func drainTab(t *testing.T, a *App) {
	t.Helper()
	tb := a.front()
	if tb == nil || tb.file == nil || tb.m == nil {
		t.Fatal("no capture's conversation is open in the tab in front")
	}
	a.Update(tabMsg{id: tb.id, gen: tb.gen, msg: waitEvents(tb.m.ctx, tb.m.sess.Events())()})
}

func twoRecorded() []Recorded {
	other := []smppclient.Event{
		pduEvent(t0, smppclient.Out, pduBytes(wire.EnquireLink, 0, 9)),
		pduEvent(t0.Add(time.Millisecond), smppclient.In, pduBytes(wire.EnquireLinkResp, 0, 9)),
	}
	return []Recorded{
		{Name: "10.0.0.1:40001 → 10.0.0.9:2775", PDUs: 11, Events: scenario()},
		{Name: "10.0.0.2:40002 → 10.0.0.8:17123", PDUs: 2, Events: other},
	}
}

// :open FILE shows a capture in a tab of its own, read-only, as `smppconsole open`
// does: its conversation picker first when it has several, C back to it.
func TestColonOpenShowsACaptureInATab(t *testing.T) {
	colonState(t)
	a, fc := newTestApp(t, 100, 30, "a")
	fc.files["/captures/carrier.pcap"] = twoRecorded()
	colonRun(a, "open /captures/carrier.pcap")
	if a.overlay != nil {
		t.Fatalf(":open kept the line: %+v", a.overlay.(*colonOverlay).c.err)
	}
	if len(a.tabs) != 2 || a.front().name != "carrier.pcap" || a.front().file == nil {
		t.Fatalf(":open: %d tabs, front %q", len(a.tabs), a.front().name)
	}
	v := a.View()
	for _, want := range []string{"2F carrier.pcap", "carrier.pcap: 2 SMPP conversations", "10.0.0.2:40002 → 10.0.0.8:17123", "ctrl+w close the tab"} {
		contains(t, v, want)
	}
	// Digits still go to tabs from the picker, and back.
	appPress(a, "1")
	if a.front().name != "a" {
		t.Fatalf("1 from the picker: front %q", a.front().name)
	}
	appPress(a, "2", "enter")
	drainTab(t, a)
	v = a.View()
	for _, want := range []string{"bind_transceiver", "STOP please", "read-only"} {
		contains(t, v, want)
	}
	// Nothing sends from a file, and it has no connection to edit.
	appPress(a, "b")
	contains(t, a.View(), "read-only: this is a file")
	appPress(a, "E")
	if a.overlay != nil {
		t.Fatalf("E on a capture opened %T", a.overlay)
	}
	contains(t, a.View(), "no connection to edit")
	// The all view has the file's PDUs, marked with its tab.
	appPress(a, "0")
	contains(t, a.View(), "carrier.pcap -> bind_transceiver")
	contains(t, a.View(), "carrier.pcap closed") // in the all view's status bar, not "connecting"
	rows := a.all.m.log.ring.Len()
	appPress(a, "2")
	// C: the picker again; the second conversation opens on its own, and the first's
	// late messages (an older generation) reach nobody.
	old := a.front().gen
	appPress(a, "C")
	if a.Active() != nil || !strings.Contains(a.View(), "2 SMPP conversations") {
		t.Fatal("C did not come back to the picker")
	}
	appPress(a, "down", "enter")
	drainTab(t, a)
	v = a.View()
	if !strings.Contains(v, "enquire_link") || strings.Contains(v, "STOP please") || !strings.Contains(v, "17123") {
		t.Fatalf("second conversation:\n%s", v)
	}
	a.Update(tabMsg{id: a.front().id, gen: old, msg: eventsMsg{events: scenario()}})
	if strings.Contains(a.View(), "STOP please") {
		t.Fatal("the first conversation's late events reached the second's console")
	}
	// Opened again, the first conversation is not merged into the all view twice.
	appPress(a, "C", "enter")
	drainTab(t, a)
	if got, want := a.all.m.log.ring.Len(), rows+2; got != want {
		t.Fatalf("all view: %d rows, want %d (the first conversation's once, the second's 2)", got, want)
	}
	appPress(a, "ctrl+w")
	if len(a.tabs) != 1 || a.front().name != "a" {
		t.Fatalf("ctrl+w: %d tabs, front %q", len(a.tabs), a.front().name)
	}
}

// A capture of one conversation opens on its log; one that cannot be read is said in its
// tab, as a session that cannot open is.
func TestColonOpenOneConversationAndAMissingFile(t *testing.T) {
	colonState(t)
	a, fc := newTestApp(t, 100, 30, "a")
	fc.files["x.pcapng"] = twoRecorded()[:1]
	colonRun(a, "open x.pcapng")
	if a.front().name != "x.pcapng" || a.Active() == nil {
		t.Fatal("one conversation: no console")
	}
	drainTab(t, a)
	contains(t, a.View(), "submit_sm")
	appPress(a, "C") // no picker to go back to
	if a.Active() == nil {
		t.Fatal("C left the only conversation")
	}
	colonRun(a, "open nowhere.pcap")
	v := a.View()
	contains(t, v, "could not open nowhere.pcap")
	contains(t, v, "no such file")
	contains(t, v, "3X nowhere.pcap")
	// Over one session (no tabs), :open is refused in words.
	m, _ := newTestModel(t, 80, 24)
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(":open x.pcap")})
	colonEnter(m)
	if m.colon == nil || m.colon.err == nil || !strings.Contains(m.colon.err.Msg, "smppconsole open") {
		t.Fatalf(":open over one session: %+v", m.colon)
	}
}
