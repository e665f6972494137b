package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

func openTestModel(t *testing.T) *OpenModel {
	t.Helper()
	other := []smppclient.Event{
		pduEvent(t0, smppclient.Out, pduBytes(wire.EnquireLink, 0, 9)),
		pduEvent(t0.Add(time.Millisecond), smppclient.In, pduBytes(wire.EnquireLinkResp, 0, 9)),
	}
	convs := []Recorded{
		{Name: "10.0.0.1:40001 → 10.0.0.9:2775", PDUs: 11, Events: scenario()},
		{Name: "10.0.0.2:40002 → 10.0.0.8:17123", PDUs: 2, Events: other},
	}
	m := NewOpen(context.Background(), Options{Label: "carrier.pcap", Now: fixedNow, Location: time.UTC}, convs, "reading stopped at packet 40: the file is truncated (unexpected end of file)")
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return m
}

// drain delivers the file session's events to the console, as the relay would: the
// channel is filled and closed already, so the relay returns at once.
func drain(t *testing.T, m *OpenModel) {
	t.Helper()
	msg := waitEvents(m.inner.ctx, m.inner.sess.Events())()
	m.Update(msg)
}

func TestOpenPickerThenLog(t *testing.T) {
	m := openTestModel(t)
	v := m.View()
	for _, want := range []string{"carrier.pcap: 2 SMPP conversations", "10.0.0.1:40001 → 10.0.0.9:2775", "10.0.0.2:40002 → 10.0.0.8:17123", "packet 40"} {
		if !strings.Contains(v, want) {
			t.Fatalf("picker lacks %q:\n%s", want, v)
		}
	}
	m.Update(keyMsg("enter"))
	if m.inner == nil {
		t.Fatal("enter did not open the conversation")
	}
	drain(t, m)
	v = m.View()
	for _, want := range []string{"bind_transceiver", "submit_sm", "STOP please", "read-only"} {
		if !strings.Contains(v, want) {
			t.Fatalf("console lacks %q:\n%s", want, v)
		}
	}
	// The counters are the recording's; a file is not a link that binds.
	m.Update(statsMsg(m.inner.sess.Stats()))
	if v := m.View(); !strings.Contains(v, "accepted 1") || strings.Contains(v, "b binds") {
		t.Fatalf("status bar:\n%s", v)
	}
	// C goes back to the picker; the second conversation opens on its own.
	m.Update(keyMsg("C"))
	if m.inner != nil || !strings.Contains(m.View(), "2 SMPP conversations") {
		t.Fatal("C did not come back to the picker")
	}
	m.Update(keyMsg("down"))
	m.Update(keyMsg("enter"))
	drain(t, m)
	if v := m.View(); !strings.Contains(v, "enquire_link") || strings.Contains(v, "STOP please") || !strings.Contains(v, "17123") {
		t.Fatalf("second conversation:\n%s", v)
	}
}

// TestOpenReadOnly: keys that would send say the file is read-only, and nothing opens.
func TestOpenReadOnly(t *testing.T) {
	m := openTestModel(t)
	m.Update(keyMsg("enter"))
	drain(t, m)
	for _, k := range []string{"b", "n", "r", "L", "m"} {
		m.Update(keyMsg(k))
		if m.inner.mode != modeNormal || !strings.Contains(m.View(), "read-only: this is a file") {
			t.Fatalf("%s: mode %v\n%s", k, m.inner.mode, m.View())
		}
		m.inner.flash = ""
	}
	// Nor does the footer offer them.
	if v := m.View(); strings.Contains(v, "new message") || strings.Contains(v, "b bind") {
		t.Fatalf("footer offers sending keys:\n%s", v)
	}
}

// TestOpenOneConversation: a file with one conversation needs no picker.
func TestOpenOneConversation(t *testing.T) {
	m := NewOpen(context.Background(), Options{Label: "x.pcapng", Now: fixedNow, Location: time.UTC}, []Recorded{{Name: "a → b", PDUs: 11, Events: scenario()}}, "")
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drain(t, m)
	if v := m.View(); !strings.Contains(v, "submit_sm") {
		t.Fatalf("%s", v)
	}
	m.Update(keyMsg("C")) // one conversation: no picker to go back to
	if m.inner == nil {
		t.Fatal("C left the only conversation")
	}
}

// A file is complete: in its statistics, a request still waiting at its end was never
// answered, not outstanding.
func TestOpenStatsFinishTheFile(t *testing.T) {
	evs := []smppclient.Event{pduEvent(t0, smppclient.Out, submitSM(5, "447700900123", "never answered"))}
	m := NewOpen(context.Background(), Options{Label: "x.pcapng", Now: fixedNow, Location: time.UTC},
		[]Recorded{{Name: "a → b", PDUs: 1, Events: evs}}, "")
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drain(t, m)
	m.Update(keyMsg("S"))
	v := m.View()
	if !strings.Contains(v, "submit_sm                     5") {
		t.Fatalf("the unanswered submit_sm #5 is not listed as never answered:\n%s", v)
	}
}
