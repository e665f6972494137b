package ui

import (
	"net"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// settingsSession is a fake session with settings, as a *smppclient.Client has.
type settingsSession struct {
	*fakeSession
	s        smppclient.Settings
	listener net.Addr
}

func (s *settingsSession) Settings() smppclient.Settings { return s.s }
func (s *settingsSession) OutbindAddr() net.Addr         { return s.listener }

func newVersionModel(t *testing.T, w, h int, s smppclient.Settings, listener net.Addr) *Model {
	t.Helper()
	ss := &settingsSession{fakeSession: newFakeSession(), s: s, listener: listener}
	m := New(Options{Session: ss, Label: "simulator", Simulator: true, Now: fixedNow, Location: time.UTC,
		Defaults: message.Message{Source: message.Address{Addr: "SMPPConsole", TON: 5}}})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

func boundWith(sc byte, has bool) smppclient.StateEvent {
	return smppclient.StateEvent{At: t0, Link: "trx", State: smppclient.Bound, Bind: smppclient.Transceiver,
		Addr: "127.0.0.1:2775", SCInterfaceVersion: sc, HasSCVersion: has}
}

// statusText is the status bar's lines as plain text, words joined.
func statusText(m *Model) (lines []string, flat string) {
	lines = strings.Split(ansi.Strip(m.status.View()), "\n")
	return lines, strings.Join(strings.Fields(strings.Join(lines, " ")), " ")
}

// A 5.0 client bound to a 3.4 SMSC: the bar says which version the SMSC speaks and,
// in words, what the client will miss; at 80 columns the words wrap, none is cut.
func TestStatusBarShowsVersionMismatch(t *testing.T) {
	m := newVersionModel(t, 80, 24, smppclient.Settings{InterfaceVersion: wire.InterfaceVersion50}, nil)
	feed(m, boundWith(wire.InterfaceVersion34, true))
	m.Update(statsMsg(scenarioStats()))
	lines, flat := statusText(m)
	note := smppclient.VersionNote(wire.InterfaceVersion50, wire.InterfaceVersion34, true)
	if note == "" {
		t.Fatal("VersionNote sees no mismatch between 5.0 and 3.4")
	}
	if !strings.Contains(flat, note) {
		t.Fatalf("the note %q is not in the bar:\n%s", note, strings.Join(lines, "\n"))
	}
	contains(t, flat, "SMSC version 3.4")
	words := map[string]bool{}
	for _, w := range strings.Fields(note) {
		words[w] = true
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > 80 {
			t.Fatalf("line wider than 80: %q", l)
		}
		for _, w := range strings.Fields(l) {
			if strings.HasSuffix(w, "…") {
				t.Fatalf("a word is cut: %q", l)
			}
		}
	}
	// The rest of the frame still fits the terminal.
	if got := strings.Count(m.View(), "\n") + 1; got != 24 {
		t.Fatalf("frame is %d lines", got)
	}
}

// Versions that agree need no words; a 3.4 client told of no sc_interface_version
// hears that the SMSC supports no TLVs.
func TestStatusBarVersionAgreementAndAbsence(t *testing.T) {
	m := newVersionModel(t, 120, 40, smppclient.Settings{InterfaceVersion: wire.InterfaceVersion34}, nil)
	feed(m, boundWith(wire.InterfaceVersion34, true))
	_, flat := statusText(m)
	contains(t, flat, "SMSC version 3.4")
	if strings.Contains(flat, "asked for") {
		t.Fatalf("a mismatch where there is none: %s", flat)
	}
	feed(m, boundWith(0, false))
	_, flat = statusText(m)
	contains(t, flat, smppclient.VersionNote(wire.InterfaceVersion34, 0, false))
}

// congestion_state from a 5.0 SMSC's responses is in the bar, the latest one.
func TestStatusBarShowsCongestion(t *testing.T) {
	m := newVersionModel(t, 120, 40, smppclient.Settings{InterfaceVersion: wire.InterfaceVersion50}, nil)
	feed(m, boundWith(wire.InterfaceVersion50, true))
	_, flat := statusText(m)
	if strings.Contains(flat, "congestion") {
		t.Fatal("congestion shown before any response carried it")
	}
	feed(m, smppclient.SubmitEvent{At: t0, Msg: 1, Part: 1, Parts: 1, Seq: 2, Outcome: smppclient.Accepted, MessageID: "1", Congestion: 42, HasCongestion: true})
	feed(m, smppclient.SubmitEvent{At: t0, Msg: 2, Part: 1, Parts: 1, Seq: 3, Outcome: smppclient.Accepted, MessageID: "2", Congestion: 85, HasCongestion: true})
	feed(m, smppclient.SubmitEvent{At: t0, Msg: 3, Part: 1, Parts: 1, Seq: 4, Outcome: smppclient.Accepted, MessageID: "3"})
	_, flat = statusText(m)
	contains(t, flat, "congestion 85%")
}

// Listening for an outbind, the state says so with the address really listened on.
func TestStatusBarWaitingForOutbind(t *testing.T) {
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 40123}
	m := newVersionModel(t, 80, 24, smppclient.Settings{ListenOutbind: "127.0.0.1:0", Bind: smppclient.Receiver}, addr)
	feed(m, smppclient.StateEvent{At: t0, Link: "rx", State: smppclient.Connecting, Bind: smppclient.Receiver,
		Reason: "waiting for an outbind on 127.0.0.1:0"})
	_, flat := statusText(m)
	contains(t, flat, "waiting for an outbind on 127.0.0.1:40123")
	feed(m, smppclient.StateEvent{At: t0, Link: "rx", State: smppclient.Bound, Bind: smppclient.Receiver, HasSCVersion: true, SCInterfaceVersion: 0x34})
	_, flat = statusText(m)
	if strings.Contains(flat, "waiting") {
		t.Fatalf("still waiting once bound: %s", flat)
	}
	contains(t, flat, "bound rx")
}

// Golden: the status bar with a version mismatch, at 80 columns.
func TestGoldenStatusBarVersionMismatch(t *testing.T) {
	m := newVersionModel(t, 80, 24, smppclient.Settings{InterfaceVersion: wire.InterfaceVersion50}, nil)
	feed(m, boundWith(wire.InterfaceVersion34, true))
	m.Update(statsMsg(scenarioStats()))
	golden.RequireEqual(t, []byte(m.status.View()))
}
