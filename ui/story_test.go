package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// dropStory is a link that binds, is dropped by the SMSC, is refused, is refused a bind,
// binds again and is unbound by the operator: every step as the session reports it.
func dropStory() []smppclient.Event {
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	st := func(ms int, s smppclient.State, reason string, fault bool) smppclient.StateEvent {
		return smppclient.StateEvent{At: at(ms), Link: "trx", State: s, Bind: smppclient.Transceiver, Addr: "127.0.0.1:2775", Reason: reason, Fault: fault}
	}
	backoff := st(2000, smppclient.BackingOff, "closed by the SMSC", true)
	backoff.Retry = at(3200)
	refused := st(4000, smppclient.BackingOff, "bind_transceiver_resp ESME_RINVPASWD (0x0000000E); next attempt in 2s", true)
	refused.Status, refused.HasStatus = 0x0E, true
	return []smppclient.Event{
		st(0, smppclient.Connecting, "connecting to 127.0.0.1:2775", false),
		smppclient.LinkEvent{At: at(1), Link: "trx", Text: "connected to 127.0.0.1:2775 from 127.0.0.1:51234"},
		smppclient.LinkEvent{At: at(2), Link: "trx", Text: "TLS 1.3 established (TLS_AES_128_GCM_SHA256), certificate CN=smsc.example"},
		st(3, smppclient.Binding, `bind_transceiver as system_id "smppclient1"`, false),
		pduEvent(at(4), smppclient.Out, pduBytes(wire.BindTransceiver, 0, 1, cstr("smppclient1"), cstr("password"), cstr(""), []byte{0x34, 0, 0}, cstr(""))),
		pduEvent(at(5), smppclient.In, pduBytes(wire.BindTransceiverResp, 0, 1, cstr("SMSCSIM"))),
		st(5, smppclient.Bound, `bind_transceiver_resp ESME_ROK from system_id "SMSCSIM"`, false),
		pduEvent(at(900), smppclient.Out, submitSM(2, "447700900123", "Hello")),
		pduEvent(at(902), smppclient.In, pduBytes(wire.SubmitSMResp, 0, 2, cstr("4F1A0001"))),
		backoff,
		smppclient.ErrorEvent{At: at(3300), Link: "trx", Err: errors.New("connection refused")},
		st(3300, smppclient.BackingOff, "connection refused; next attempt in 1.2s", true),
		refused,
		st(6000, smppclient.Disconnected, "link declared dead: no enquire_link_resp in 10s", true),
		st(7000, smppclient.Bound, "bind_transceiver_resp ESME_ROK", false),
		st(8000, smppclient.Disconnected, "unbound by the operator", false),
	}
}

// Every state change and connection step is a row of the log, between the PDUs, in
// words (issue 8, item 6).
func TestLogShowsTheLinkStory(t *testing.T) {
	m, _ := newTestModel(t, 160, 48)
	feed(m, dropStory()...)
	s := screen(m)
	for _, want := range []string{
		"09:26:53.000 ** connecting to 127.0.0.1:2775",
		"** connected to 127.0.0.1:2775 from 127.0.0.1:51234",
		"** TLS 1.3 established (TLS_AES_128_GCM_SHA256), certificate CN=smsc.example",
		`** binding: bind_transceiver as system_id "smppclient1"`,
		`** bound trx: bind_transceiver_resp ESME_ROK from system_id "SMSCSIM"`,
		"09:26:55.000 ** backing off: closed by the SMSC; next attempt in 1.2s",
		"** backing off: connection refused; next attempt in 1.2s",
		"** backing off: bind refused: bind_transceiver_resp ESME_RINVPASWD (0x0000000E)",
		"** disconnected: link declared dead: no enquire_link_resp in 10s",
		"** disconnected: unbound by the operator",
	} {
		contains(t, s, want)
	}
	// The story sits where it happened: after the submit_sm_resp, before the next bind.
	if i, j := strings.Index(s, "submit_sm_resp"), strings.Index(s, "closed by the SMSC"); i < 0 || j < i {
		t.Errorf("the drop is not after the submit_sm_resp:\n%s", s)
	}
	// Events are not PDUs: the log counts 4 PDUs.
	contains(t, s, "4 PDUs")
}

// A story row is no PDU: enter shows its whole text, c copies nothing, and [ / ] in the
// PDU view step over it.
func TestStoryRowsAreNotPDUs(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	feed(m, dropStory()...)
	press(m, "g", "enter")
	if m.mode != modeNormal || !strings.Contains(m.flash, "09:26:53.000 connecting to 127.0.0.1:2775") {
		t.Fatalf("enter on a story row: mode %v flash %q", m.mode, m.flash)
	}
	press(m, "c")
	if !m.flashBad || !strings.Contains(m.flash, "no PDU octets") {
		t.Fatalf("c on a story row: %q", m.flash)
	}
	// Rows: connecting, connected, TLS, binding, bind_transceiver, bind_transceiver_resp, bound.
	press(m, "down", "down", "down", "down", "enter")
	if m.mode != modeDetail || m.detail.pdu.Command != "bind_transceiver" {
		t.Fatalf("mode %v command %q", m.mode, m.detail.pdu.Command)
	}
	press(m, "[")
	if m.detail.pdu.Command != "bind_transceiver" {
		t.Fatalf("[ left the first PDU for %q", m.detail.pdu.Command)
	}
	press(m, "]", "]")
	if m.detail.pdu.Command != "submit_sm" {
		t.Fatalf("] ] from bind_transceiver: %q, want submit_sm (the bound row stepped over)", m.detail.pdu.Command)
	}
	// Find (ctrl+f) finds story rows by their words; a display filter, about PDUs, hides them.
	press(m, "esc", "ctrl+f")
	typeText(m, "backing off")
	press(m, "enter")
	if got := selectedRow(m); !strings.Contains(got, "backing off") {
		t.Fatalf("find backing off selected %q", got)
	}
	m.log.SetFilter("smpp.command_id")
	for _, r := range rowsShown(m) {
		if strings.Contains(r, "backing off") {
			t.Fatalf("the display filter shows the story row %q", r)
		}
	}
}

// The status bar keeps the last fault under its time once bound again, drops the last
// error, and an operator's unbind is no fault (item 6).
func TestStatusBarLastFault(t *testing.T) {
	m, _ := newTestModel(t, 160, 48)
	evs := dropStory()
	feed(m, evs[:12]...) // up to the refused connect
	s := screen(m)
	contains(t, s, "last fault 09:26:56: connection refused")
	if strings.Contains(s, "last error") {
		t.Errorf("the error repeats the fault:\n%s", s)
	}
	feed(m, smppclient.ErrorEvent{At: t0, Link: "trx", Err: errors.New("dial tcp: lookup smsc.invalid: no such host")})
	contains(t, screen(m), "last error: dial tcp: lookup smsc.invalid: no such host")
	feed(m, evs[12:15]...) // bind refused, declared dead, bound again
	s = screen(m)
	contains(t, s, "bound trx")
	contains(t, s, "last fault 09:26:59: link declared dead: no enquire_link_resp in 10s")
	if strings.Contains(s, "last error") {
		t.Errorf("last error still shown once bound:\n%s", s)
	}
	// A stale Stats.LastError does not bring it back.
	m.Update(statsMsg(smppclient.Stats{State: smppclient.Bound, LastError: "connection refused"}))
	if strings.Contains(screen(m), "last error") {
		t.Errorf("stats brought back a stale last error:\n%s", screen(m))
	}
	feed(m, evs[15]) // the operator unbinds
	contains(t, screen(m), "last fault 09:26:59: link declared dead")
}

// With the session's new fields zero (Fault false, no LinkEvents), the log still tells the
// story and no fault is invented.
func TestStoryWithoutFaultField(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, smppclient.StateEvent{At: t0, Link: "trx", State: smppclient.BackingOff, Reason: "connection refused; next attempt in 1s"})
	s := screen(m)
	contains(t, s, "** backing off: connection refused; next attempt in 1s")
	if strings.Contains(s, "last fault") {
		t.Errorf("a fault without Fault:\n%s", s)
	}
}

// Story rows live in the ring like PDUs: they are evicted with it, the PDU count leaves
// them out, and the PDU search never takes one for a PDU.
func TestStoryRowsInTheRing(t *testing.T) {
	r := newRing(3)
	r.push(entry{raw: []byte("connecting to 127.0.0.1:2775"), kind: rowState}, "")
	r.push(entry{raw: submitSM(3, "447700900123", "Hi"), dir: uint8(smppclient.Out)}, "")
	r.push(entry{raw: []byte("bound trx"), kind: rowBound}, "")
	if r.pdus() != 1 || r.Len() != 3 {
		t.Fatalf("pdus %d len %d", r.pdus(), r.Len())
	}
	if p, ok := r.find(-1, wire.SubmitSM, 3, uint8(smppclient.Out)); !ok || p != 1 {
		t.Fatalf("find submit_sm #3: %d %v", p, ok)
	}
	if _, ok := r.find(-1, 0, 0, 0); ok {
		t.Fatal("a story row was found as a PDU")
	}
	r.push(entry{raw: pduBytes(wire.SubmitSMResp, 0, 3, cstr("A1")), dir: uint8(smppclient.In)}, "") // evicts "connecting"
	r.push(entry{raw: pduBytes(wire.EnquireLink, 0, 4), dir: uint8(smppclient.Out)}, "")             // evicts submit_sm
	if r.pdus() != 2 || r.events != 1 {
		t.Fatalf("after eviction: pdus %d events %d", r.pdus(), r.events)
	}
	if _, ok := r.find(-1, wire.SubmitSM, 3, uint8(smppclient.Out)); ok {
		t.Fatal("found an evicted PDU")
	}
}

// A story row of the tab rather than of a link (a rebind, a burst's start and end)
// belongs to no link: the log of one link does not gain a link column for it.
func TestStoryRowWithoutALinkAddsNoLinkColumn(t *testing.T) {
	st := DefaultStyles(true)
	l := newPDULog(&st, time.UTC, 100)
	l.Append([]smppclient.PDUEvent{pduEvent(t0, smppclient.Out, pduBytes(wire.EnquireLink, 0, 1))})
	l.pushStory(t0.Add(time.Millisecond), "", "burst started", rowLink)
	l.Append([]smppclient.PDUEvent{pduEvent(t0.Add(2*time.Millisecond), smppclient.In, pduBytes(wire.EnquireLinkResp, 0, 1))})
	if l.showLinks() || len(l.links) != 1 {
		t.Fatalf("links %q: the rows name their link", l.links)
	}
	for p := l.ring.oldest(); p < l.ring.next; p++ {
		e, _ := l.ring.at(p)
		if got := l.render(p, e).plain; strings.HasPrefix(got, "trx ") || strings.HasPrefix(got, " ") || strings.HasPrefix(got, "** **") {
			t.Fatalf("row %d: %q", p, got)
		}
	}
}
