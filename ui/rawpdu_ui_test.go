package ui

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// openRawOn selects the log row whose PDU is command id with sequence_number seq and
// presses P.
func openRawOn(t *testing.T, m *Model, id, seq uint32) {
	t.Helper()
	press(m, "g")
	for i := 0; i < 40; i++ {
		if p, ok := m.log.Selected(); ok {
			if e, _ := m.log.ring.at(p); e != nil && e.isPDU() && e.header().ID == id && e.header().Seq == seq {
				press(m, "P")
				if m.mode != modeRaw {
					t.Fatalf("P did not open the composer: mode %v", m.mode)
				}
				return
			}
		}
		press(m, "down")
	}
	t.Fatalf("no %s seq %d in the log", wire.CommandName(id), seq)
}

// selectRawRow moves the composer's selection to the field named name.
func selectRawRow(t *testing.T, m *Model, name string) {
	t.Helper()
	for i := 0; i < 60 && m.raw.pdu.rows[m.raw.sel].name != name; i++ {
		if m.raw.sel < rawRowIndex(t, m.raw.pdu, name) {
			press(m, "down")
		} else {
			press(m, "up")
		}
	}
	if m.raw.pdu.rows[m.raw.sel].name != name {
		t.Fatalf("cannot reach %q", name)
	}
}

func clearField(m *Model) {
	for range m.raw.edit.Value() {
		press(m, "backspace")
	}
}

// rawSendOf sends one key through the root and runs what it hands to the root, the
// way the program would, returning the rawSendMsg it produced, if any.
func rawSendOf(m *Model, k tea.KeyMsg) (rawSendMsg, bool) {
	_, cmd := m.Update(k)
	if cmd == nil {
		return rawSendMsg{}, false
	}
	out := cmd()
	if c, ok := out.(closeRawMsg); ok {
		m.Update(c) // the composer hands its close to the root
	}
	msg, ok := out.(rawSendMsg)
	return msg, ok
}

func TestRawComposerStartsFromTheSelectedPDU(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, scenario()...)
	openRawOn(t, m, wire.SubmitSM, 3)
	if !bytes.Equal(m.raw.pdu.raw, submitSM(3, "447700900123", "Hello from smppconsole")) {
		t.Fatalf("the composer holds % x", m.raw.pdu.raw)
	}
	v := screen(m)
	for _, want := range []string{"Raw PDU", "destination_addr", "447700900123", "Decoded", "no rule broken", "from the log's submit_sm seq 3"} {
		contains(t, v, want)
	}
	rawSendOf(m, keyMsg("esc"))
	if m.mode != modeNormal {
		t.Fatalf("esc left mode %v", m.mode)
	}
}

// A logged bind comes into the composer with its password masked, and neither the
// fields, the hex nor the decoded view shows the real one.
func TestRawComposerNeverShowsABindPassword(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, scenario()...)
	openRawOn(t, m, wire.BindTransceiver, 1)
	if bytes.Contains(m.raw.pdu.raw, []byte("password")) {
		t.Fatalf("the logged password came into the composer: % x", m.raw.pdu.raw)
	}
	// A password typed in the composer is masked as it is typed, and in the hex view.
	selectRawRow(t, m, "password")
	if m.raw.edit.EchoMode == 0 {
		t.Fatal("the password field echoes in clear")
	}
	clearField(m)
	typeText(m, "Zq9secret")
	pw, _ := bindPassword(m.raw.pdu.raw)
	if string(pw) != "Zq9secret" {
		t.Fatalf("password is %q", pw)
	}
	v := screen(m)
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlT})
	v += screen(m)
	if strings.Contains(v, "Zq9secret") || strings.Contains(strings.ReplaceAll(v, " ", ""), hex.EncodeToString([]byte("Zq9secret"))) {
		t.Fatalf("the password shows:\n%s", v)
	}
	contains(t, v, "Raw PDU · hex")
}

// Editing a field rewrites the octets: the hex view and the decoded view show the
// edit, lengths included.
func TestRawComposerFieldEditUpdatesHexAndDecoded(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, scenario()...)
	openRawOn(t, m, wire.SubmitSM, 3)
	selectRawRow(t, m, "short_message")
	clearField(m)
	typeText(m, "Bye now")
	contains(t, screen(m), "text Bye now")
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlT})
	hx := strings.ReplaceAll(m.raw.hex.Value(), "\n", " ")
	if want := "07 " + strings.TrimSpace(spaced(hex.EncodeToString([]byte("Bye now")))); !strings.Contains(hx, want) {
		t.Fatalf("hex view %q lacks sm_length and text %q", hx, want)
	}
	if h, _ := wire.ParseHeader(m.raw.pdu.raw); int(h.Length) != len(m.raw.pdu.raw) {
		t.Fatalf("command_length %d for %d octets", h.Length, len(m.raw.pdu.raw))
	}
	// And the other way: the sequence_number edited in hex shows in the fields.
	m.raw.hex.SetValue(strings.Replace(m.raw.hex.Value(), "00 00 00 03", "00 00 00 2a", 1))
	m.raw.updateHex(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{' '}})
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlT})
	if got := m.raw.pdu.value(3); got != "42" {
		t.Fatalf("sequence_number reads %q after the hex edit", got)
	}
}

func spaced(h string) string {
	var b strings.Builder
	for i := 0; i+1 < len(h); i += 2 {
		b.WriteString(h[i:i+2] + " ")
	}
	return b.String()
}

// A PDU that breaks the rules is not sent on ctrl+s; ! after it sends it, marked
// deliberately invalid; any other key keeps it. A PDU that keeps them goes at once.
func TestRawComposerInvalidNeedsSendAnyway(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	feed(m, scenario()...)
	openRawOn(t, m, wire.SubmitSM, 3)
	if msg, ok := rawSendOf(m, keyMsg("ctrl+s")); !ok || msg.invalid || msg.keepSeq {
		t.Fatalf("a valid PDU: %+v %v", msg, ok)
	}
	m.raw.answered(rawDoneMsg{})
	selectRawRow(t, m, "sm_length")
	clearField(m)
	typeText(m, "200")
	contains(t, screen(m), "short_message")
	if _, ok := rawSendOf(m, keyMsg("ctrl+s")); ok {
		t.Fatal("ctrl+s sent a PDU that breaks the rules")
	}
	contains(t, screen(m), "! SENDS ANYWAY")
	if _, ok := rawSendOf(m, keyMsg("x")); ok || m.raw.armed {
		t.Fatal("a key other than ! sent it, or left the send armed")
	}
	rawSendOf(m, keyMsg("ctrl+s"))
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlK}) // disarms too: ctrl+k is not !
	rawSendOf(m, tea.KeyMsg{Type: tea.KeyCtrlK})
	if !m.raw.keepSeq {
		t.Fatal("ctrl+k did not keep the sequence_number")
	}
	rawSendOf(m, keyMsg("ctrl+s"))
	msg, ok := rawSendOf(m, keyMsg("!"))
	if !ok || !msg.invalid || !msg.keepSeq {
		t.Fatalf("! did not send it anyway: %+v %v", msg, ok)
	}
	if msg.raw[16+len(dissectFieldsBefore(t, msg.raw, "sm_length"))] != 200 {
		t.Fatal("what went is not the edited PDU")
	}
}

// dissectFieldsBefore is the octets of the body before the field named name.
func dissectFieldsBefore(t *testing.T, raw []byte, name string) []byte {
	t.Helper()
	for _, f := range dissect.Dissect(raw, dissect.Options{}).Fields {
		if f.Name == name {
			return raw[16:f.Start]
		}
	}
	t.Fatalf("no %s", name)
	return nil
}

// The command_id line cycles through the commands and takes a number for one SMPP does
// not have; the body follows the command.
func TestRawComposerCommandChoice(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	feed(m, scenario()...)
	openRawOn(t, m, wire.EnquireLink, 2)
	press(m, "pgdown")
	if h, _ := m.raw.pdu.header(); h.ID == wire.EnquireLink {
		t.Fatal("pgdown did not change the command")
	}
	selectRawRow(t, m, "command_id")
	clearField(m)
	typeText(m, "0x00000077")
	press(m, "enter")
	if m.raw.editErr != "" || m.raw.pdu.rows[m.raw.sel].name != "command_status" {
		t.Fatalf("enter applied the command but left %q on %s", m.raw.editErr, m.raw.pdu.rows[m.raw.sel].name)
	}
	contains(t, screen(m), "0x00000077")
	if h, _ := m.raw.pdu.header(); h.ID != 0x77 {
		t.Fatalf("command_id 0x%08X", h.ID)
	}
	if _, ok := rawSendOf(m, keyMsg("ctrl+s")); ok {
		t.Fatal("an unknown command_id went without send anyway")
	}
}

// rawSession is a fake session that takes raw PDUs and answers with a generic_nack.
type rawSession struct {
	*fakeSession
	sent []smppclient.RawOptions
	raws [][]byte
}

func (s *rawSession) SendRaw(_ context.Context, raw []byte, opt smppclient.RawOptions) (*smppclient.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent, s.raws = append(s.sent, opt), append(s.raws, raw)
	nack := wire.GenericNackFor(5, wire.StatusInvCmdLen)
	h, _ := wire.ParseHeader(nack)
	return &smppclient.Response{Seq: 5, Header: h, Raw: nack, Latency: 1500 * time.Microsecond}, nil
}

// "send anyway" reaches the session's SendRaw with Invalid, and its answer shows in the
// composer; the PDU's log row and its detail carry the mark.
func TestRawComposerSendAnywayReachesSendRawAndTheLogMarksIt(t *testing.T) {
	rs := &rawSession{fakeSession: newFakeSession()}
	m := New(Options{Session: rs, Label: "simulator", Simulator: true, Now: fixedNow, Location: time.UTC})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	feed(m, scenario()...)
	openRawOn(t, m, wire.SubmitSM, 3)
	selectRawRow(t, m, "sm_length")
	clearField(m)
	typeText(m, "99")
	rawSendOf(m, keyMsg("ctrl+s"))
	msg, ok := rawSendOf(m, keyMsg("!"))
	if !ok {
		t.Fatal("! sent nothing")
	}
	_, cmd := m.Update(msg)
	if cmd == nil {
		t.Fatal("the root did not send")
	}
	m.Update(cmd())
	if len(rs.sent) != 1 || !rs.sent[0].Invalid || rs.sent[0].KeepSeq || !bytes.Equal(rs.raws[0], msg.raw) {
		t.Fatalf("SendRaw got %+v", rs.sent)
	}
	contains(t, screen(m), "answer: generic_nack ESME_RINVCMDLEN")
	contains(t, screen(m), "deliberately invalid")

	// The client reports the PDU it wrote with Invalid: the log marks it.
	rawSendOf(m, keyMsg("esc"))
	ev := pduEvent(t0.Add(3*time.Second), smppclient.Out, rs.raws[0])
	ev.Invalid = true
	feed(m, ev, pduEvent(t0.Add(3*time.Second), smppclient.In, wire.GenericNackFor(5, wire.StatusInvCmdLen)))
	press(m, "G")
	v := screen(m)
	contains(t, v, "-> submit_sm             #3     [INVALID]")
	press(m, "up", "enter")
	if m.mode != modeDetail {
		t.Fatalf("enter did not open the PDU: mode %v", m.mode)
	}
	contains(t, screen(m), "deliberately invalid")
}

// Golden: the composer at 80x24 and 120x40, in the fields view with a broken rule
// (sm_length) and in the hex view.
func TestGoldenRawComposer(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		setup := func() *Model {
			m, _ := newTestModel(t, sz[0], sz[1])
			feed(m, scenario()...)
			m.Update(statsMsg(scenarioStats()))
			openRawOn(t, m, wire.SubmitSM, 3)
			selectRawRow(t, m, "sm_length")
			clearField(m)
			typeText(m, "30")
			return m
		}
		name := fmt.Sprintf("%dx%d", sz[0], sz[1])
		t.Run(name+"_fields", func(t *testing.T) {
			m := setup()
			rawSendOf(m, keyMsg("ctrl+s")) // refused: the question is in view
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(name+"_hex", func(t *testing.T) {
			m := setup()
			m.Update(tea.KeyMsg{Type: tea.KeyCtrlT})
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
}

// The client's own note for such a PDU is not said twice.
func TestInvalidNoteNotRepeated(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	ev := pduEvent(t0, smppclient.Out, pduBytes(0x77, 0, 9))
	ev.Invalid, ev.Note = true, "deliberately invalid: sent anyway"
	feed(m, ev)
	if got := m.log.ring.note(m.log.ring.next - 1); got != ev.Note {
		t.Fatalf("note %q", got)
	}
}

// P on an open PDU starts from it too; in a read-only console (a file) P says why not.
func TestRawComposerFromDetailAndReadOnly(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	feed(m, scenario()...)
	press(m, "g", "down", "down", "down", "down", "down", "down", "down", "down", "enter")
	if m.mode != modeDetail {
		t.Fatalf("mode %v", m.mode)
	}
	want := m.detail.pdu.Raw
	press(m, "P")
	if m.mode != modeRaw || !bytes.Equal(m.raw.pdu.raw, want) {
		t.Fatalf("P in the detail: mode %v, % x", m.mode, m.raw.pdu.raw)
	}
	ro := New(Options{Session: newFakeSession(), Now: fixedNow, Location: time.UTC, ReadOnly: "capture.pcap"})
	ro.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	press(ro, "P")
	if ro.mode == modeRaw || !strings.Contains(ro.flash, "read-only") && ro.flash != ErrReadOnly.Error() {
		t.Fatalf("a read-only console opened the composer: mode %v, flash %q", ro.mode, ro.flash)
	}
}
