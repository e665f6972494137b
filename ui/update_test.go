package ui

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// --- the compose form ---

func TestComposeOpensOnDestinationAndTabGoesToText(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	press(m, "n")
	if m.mode != modeCompose || m.compose.focus != fDest {
		t.Fatalf("after n: mode %v focus %v, want compose on destination", m.mode, m.compose.focus)
	}
	typeText(m, "447700900123")
	press(m, "tab")
	if m.compose.focus != fText {
		t.Fatalf("one tab after the destination: focus %s, want text", fieldNames[m.compose.focus])
	}
	press(m, "shift+tab")
	if m.compose.focus != fDest {
		t.Fatalf("shift+tab from text: focus %s, want destination", fieldNames[m.compose.focus])
	}
	// The whole tab order comes back round to the destination.
	press(m, "tab")
	seen := []fieldID{}
	for i := 0; i < int(numFields) && m.compose.focus != fDest; i++ {
		seen = append(seen, m.compose.focus)
		press(m, "tab")
	}
	if m.compose.focus != fDest || len(seen) != int(fAdvanced) {
		t.Fatalf("tab order without advanced visited %d fields, want %d: %v", len(seen), fAdvanced, seen)
	}
}

func TestComposeValidation(t *testing.T) {
	m, fs := newTestModel(t, 80, 24)
	press(m, "n")
	// Untouched fields do not nag.
	if errs := m.compose.Errors(); len(errs) != 0 {
		t.Fatalf("fresh form shows errors: %v", errs)
	}
	press(m, "ctrl+s")
	if len(fs.submitted) != 0 {
		t.Fatal("an empty destination was sent")
	}
	if m.mode != modeCompose || m.compose.focus != fDest {
		t.Fatalf("failed send: mode %v focus %s, want the form on the destination", m.mode, fieldNames[m.compose.focus])
	}
	contains(t, screen(m), "destination is empty")

	cases := []struct {
		field fieldID
		text  string
		want  string
	}{
		{fDest, "123456789012345678901", "21 characters; the field holds at most 20"},
		{fSource, "MyVeryLongBrand", "alphanumeric sender"},
		{fESMClass, "300", "more than one octet"},
		{fProtocolID, "x1", "not a number"},
		{fValidity, "tomorrow", "validity_period"},
		{fSchedule, "2501011200000000", "the last character must be"},
		{fServiceType, "TOOLONG", "longer than 5 characters"},
		{fTLVs, "0x1400=zz", "TLV"},
	}
	for _, c := range cases {
		m, _ := newTestModel(t, 120, 40)
		press(m, "n", "ctrl+o")
		m.compose.fields[c.field].input.SetValue("")
		if err := focusField(m, c.field); err != nil {
			t.Fatal(err)
		}
		typeText(m, c.text)
		errs := strings.Join(m.compose.Errors(), "\n")
		if !strings.Contains(errs, c.want) {
			t.Errorf("%s = %q: errors %q, want %q", fieldNames[c.field], c.text, errs, c.want)
		}
	}
}

func focusField(m *Model, id fieldID) error {
	for i := 0; i < int(numFields)+1; i++ {
		if m.compose.focus == id {
			return nil
		}
		press(m, "tab")
	}
	return fmt.Errorf("field %s not reachable by tab", fieldNames[id])
}

func TestComposeCounter(t *testing.T) {
	cases := []struct {
		text   string
		want   []string
		forced string
	}{
		{strings.Repeat("a", 160), []string{"auto→gsm7", "160 chars", "160 septets", "1 part ", "0 left"}, ""},
		{strings.Repeat("a", 161), []string{"161 chars", "161 septets", "2 parts of ≤153", "145 left in this part"}, ""},
		{"€", []string{"1 chars", "2 septets", "158 left"}, ""},
		{"Hi 😀", []string{"auto→ucs2", "4 chars", "5 UTF-16 units", "65 left"}, "UCS2 because of: 😀 U+1F600"},
		{"Привет", []string{"auto→ucs2", "6 chars"}, "UCS2 because of: П U+041F"},
	}
	for _, c := range cases {
		m, _ := newTestModel(t, 120, 40)
		press(m, "n", "tab")
		typeText(m, c.text)
		line, forced := m.compose.CounterText()
		for _, w := range c.want {
			if !strings.Contains(line, w) {
				t.Errorf("%q: counter %q, want %q", c.text, line, w)
			}
		}
		if c.forced != "" && !strings.Contains(forced, c.forced) {
			t.Errorf("%q: forced %q, want %q", c.text, forced, c.forced)
		}
		if c.forced == "" && forced != "" {
			t.Errorf("%q: forced %q, want none", c.text, forced)
		}
		if !strings.Contains(screen(m), strings.SplitN(line, " · ", 2)[0]) {
			t.Errorf("%q: counter not on screen", c.text)
		}
	}
}

func TestComposeCodingChoiceValidatesText(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	press(m, "n")
	typeText(m, "123")
	press(m, "tab")
	typeText(m, "Ж")
	if err := focusField(m, fCoding); err != nil {
		t.Fatal(err)
	}
	press(m, "right") // GSM7
	if m.compose.fields[fCoding].choices[m.compose.fields[fCoding].ci].label != "GSM7" {
		t.Fatalf("coding is %q", m.compose.fields[fCoding].choices[m.compose.fields[fCoding].ci].label)
	}
	errs := strings.Join(m.compose.Errors(), "\n")
	if !strings.Contains(errs, "cannot be represented") {
		t.Fatalf("Ж in GSM7: errors %q", errs)
	}
	press(m, "ctrl+s")
	if m.mode != modeCompose || m.compose.focus != fText {
		t.Fatalf("send with a bad text: mode %v focus %s", m.mode, fieldNames[m.compose.focus])
	}
}

func TestComposeSendAndRecall(t *testing.T) {
	m, fs := newTestModel(t, 80, 24)
	press(m, "n")
	typeText(m, "+447700900123")
	press(m, "tab")
	typeText(m, "Hello q")
	if m.mode != modeCompose {
		t.Fatal("q while typing left the form")
	}
	press(m, "ctrl+s")
	if m.mode != modeNormal {
		t.Fatalf("after ctrl+s the form is still open: %v", m.compose.Errors())
	}
	if len(fs.submitted) != 1 {
		t.Fatalf("submitted %d messages", len(fs.submitted))
	}
	got := fs.submitted[0]
	want := message.Address{Addr: "447700900123", TON: 1, NPI: 1}
	if got.Dest != want || got.Text != "Hello q" || got.RegisteredDelivery != 1 || got.Source.Addr != "SMPPConsole" {
		t.Fatalf("submitted %+v", got)
	}
	if len(m.msgs.rows) != 1 || m.msgs.rows[0].msg != 1 {
		t.Fatalf("receipts rows %+v", m.msgs.rows)
	}

	press(m, "r")
	if m.mode != modeCompose || m.compose.fields[fDest].input.Value() != "+447700900123" || m.compose.text.Value() != "Hello q" {
		t.Fatalf("recall: mode %v dest %q text %q", m.mode, m.compose.fields[fDest].input.Value(), m.compose.text.Value())
	}
	press(m, "esc")
	if m.mode != modeNormal {
		t.Fatal("esc did not leave the form")
	}
	// esc keeps the draft; n brings it back.
	press(m, "n")
	if m.compose.text.Value() != "Hello q" || m.compose.focus != fDest {
		t.Fatalf("draft after esc and n: %q, focus %s", m.compose.text.Value(), fieldNames[m.compose.focus])
	}
	press(m, "ctrl+s", "n")
	if m.compose.text.Value() != "" || m.compose.fields[fDest].input.Value() != "" {
		t.Fatal("n after a send did not start a fresh message")
	}
}

func TestComposeAdvancedFieldsReachTheMessage(t *testing.T) {
	m, fs := newTestModel(t, 120, 40)
	press(m, "n")
	typeText(m, "12345")
	press(m, "tab")
	typeText(m, "x")
	press(m, "ctrl+o")
	set := map[fieldID]string{fESMClass: "0x03", fServiceType: "CMT", fProtocolID: "0x7F", fValidity: "000001000000000R", fTLVs: "0x1400=0102 user_message_reference=0007"}
	for id, v := range set {
		if err := focusField(m, id); err != nil {
			t.Fatal(err)
		}
		typeText(m, v)
	}
	press(m, "ctrl+s")
	if len(fs.submitted) != 1 {
		t.Fatalf("not sent: %v", m.compose.Errors())
	}
	g := fs.submitted[0]
	if g.ESMClass != 3 || g.ServiceType != "CMT" || g.ProtocolID != 0x7F || g.ValidityPeriod != "000001000000000R" || len(g.TLVs) != 2 || g.TLVs[1].Tag != wire.TagUserMessageReference {
		t.Fatalf("advanced fields: %+v", g)
	}
}

// --- the PDU log ---

func manyPDUs(n int, from uint32) []smppclient.Event {
	evs := make([]smppclient.Event, 0, n)
	for i := 0; i < n; i++ {
		seq := from + uint32(i)
		var raw []byte
		switch i % 4 {
		case 0:
			raw = submitSM(seq, "447700900123", fmt.Sprintf("message %d", seq))
		case 1:
			raw = pduBytes(wire.SubmitSMResp, 0, seq-1, cstr(fmt.Sprintf("ID%06d", seq)))
		case 2:
			raw = pduBytes(wire.EnquireLink, 0, seq)
		default:
			raw = pduBytes(wire.EnquireLinkResp, 0, seq-1)
		}
		dir := smppclient.Out
		if i%2 == 1 {
			dir = smppclient.In
		}
		evs = append(evs, pduEvent(t0.Add(time.Duration(seq)*time.Millisecond), dir, raw))
	}
	return evs
}

func TestLogFollowsAndScrolling(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	feed(m, manyPDUs(100, 1)...)
	last := m.log.ring.next - 1
	if !m.log.follow || m.log.sel != last {
		t.Fatalf("following: sel %d, want %d", m.log.sel, last)
	}
	press(m, "up")
	if m.log.follow {
		t.Fatal("scrolling up did not stop following")
	}
	sel, top := m.log.sel, m.log.top
	if sel != last-1 {
		t.Fatalf("up: sel %d, want %d", sel, last-1)
	}
	contains(t, screen(m), "paused (f follows)")
	feed(m, manyPDUs(50, 101)...)
	if m.log.sel != sel || m.log.top != top {
		t.Fatalf("new PDUs moved a paused view: sel %d→%d top %d→%d", sel, m.log.sel, top, m.log.top)
	}
	press(m, "pgup", "g")
	if m.log.sel != m.log.ring.oldest() {
		t.Fatalf("g: sel %d, want the oldest", m.log.sel)
	}
	contains(t, screen(m), "#1 ")
	press(m, "f")
	if !m.log.follow || m.log.sel != m.log.ring.next-1 {
		t.Fatal("f did not resume following the tail")
	}
	feed(m, manyPDUs(4, 151)...)
	if m.log.sel != m.log.ring.next-1 {
		t.Fatal("following did not move to the new tail")
	}
	contains(t, screen(m), "<- enquire_link_resp     #153")
}

func TestLogEnquireLinkToggle(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, scenario()...)
	contains(t, screen(m), "enquire_link_resp")
	press(m, "e")
	s := screen(m)
	if strings.Contains(s, "-> enquire_link") || strings.Contains(s, "<- enquire_link_resp") {
		t.Fatalf("e did not hide enquire_link:\n%s", s)
	}
	contains(t, s, "enquire_link hidden")
	contains(t, s, "submit_sm_resp")
	press(m, "e")
	contains(t, screen(m), "enquire_link_resp")
}

func TestLogFilter(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, scenario()...)
	press(m, "/")
	if m.mode != modeFilter {
		t.Fatal("/ did not open the filter")
	}
	typeText(m, "receipt.stat == DELIVRD")
	if m.log.n() != 1 {
		t.Fatalf("filter receipt.stat == DELIVRD: %d rows, want 1 (the receipt)", m.log.n())
	}
	press(m, "enter")
	s := screen(m)
	contains(t, s, "filter: receipt.stat == DELIVRD")
	contains(t, s, "deliver_sm")
	if strings.Contains(s, "bind_transceiver") {
		t.Fatal("filtered log still shows bind_transceiver")
	}
	// q quits only outside the prompt; typing q in it filters.
	press(m, "/")
	typeText(m, " && !q")
	if m.mode != modeFilter {
		t.Fatal("q in the filter prompt left it")
	}
	press(m, "esc")
	if m.log.filter != "" || m.log.n() != m.log.ring.Len() {
		t.Fatal("esc did not clear the filter")
	}
}

func TestLogFilterScansInSteps(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	const n = 60_000
	feed(m, manyPDUs(n, 1)...)
	cmd := m.log.SetFilter("smpp.command_id == submit_sm_resp")
	steps := 0
	for cmd != nil {
		msg := cmd()
		_, cmd = m.Update(msg)
		steps++
	}
	if m.log.n() != n/4 {
		t.Fatalf("%d rows match, want %d", m.log.n(), n/4)
	}
	for i := 1; i < m.log.n(); i++ {
		if m.log.pos(i) <= m.log.pos(i-1) {
			t.Fatalf("rows out of order at %d", i)
		}
	}
	// New PDUs are filtered as they arrive.
	feed(m, manyPDUs(4, n+1)...)
	if m.log.n() != n/4+1 {
		t.Fatalf("after 4 more PDUs: %d rows", m.log.n())
	}
	t.Logf("filtered %d PDUs in %d steps", n, steps)
}

func TestRingEvicts(t *testing.T) {
	r := newRing(10)
	for i := 0; i < 25; i++ {
		r.push(entry{at: int64(i), raw: pduBytes(wire.EnquireLink, 0, uint32(i))}, map[bool]string{true: "late"}[i%5 == 0])
	}
	if r.Len() != 10 || r.oldest() != 15 {
		t.Fatalf("len %d oldest %d", r.Len(), r.oldest())
	}
	if _, ok := r.at(14); ok {
		t.Fatal("evicted entry still readable")
	}
	if e, ok := r.at(24); !ok || e.header().Seq != 24 {
		t.Fatal("newest entry wrong")
	}
	if len(r.notes) != 2 || r.note(20) != "late" {
		t.Fatalf("notes not evicted with their PDUs: %v", r.notes)
	}
	var x posIndex
	for p := uint64(10); p > 0; p-- {
		x.AddOlder(p)
	}
	x.Append(11)
	x.Append(12)
	x.Evict(5)
	if x.Len() != 8 || x.At(0) != 5 || x.At(7) != 12 || x.Search(11) != 6 {
		t.Fatalf("posIndex after evict: len %d first %d", x.Len(), x.At(0))
	}
}

func TestLogSmallRingFollows(t *testing.T) {
	fs := newFakeSession()
	m := New(Options{Session: fs, LogSize: 50, Now: fixedNow, Location: time.UTC})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	feed(m, manyPDUs(200, 1)...)
	if m.log.ring.Len() != 50 {
		t.Fatalf("ring holds %d", m.log.ring.Len())
	}
	press(m, "e")
	// The last 50 of 200 PDUs hold 24 submit_sm and submit_sm_resp.
	if m.log.n() != 24 {
		t.Fatalf("without enquire_link: %d rows", m.log.n())
	}
	feed(m, manyPDUs(100, 201)...)
	if m.log.n() != 24 || m.log.pos(0) < m.log.ring.oldest() {
		t.Fatalf("filtered rows after eviction: %d, first %d oldest %d", m.log.n(), m.log.pos(0), m.log.ring.oldest())
	}
}

// --- the PDU detail ---

func TestDetailFieldsAndHexHighlight(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, scenario()...)
	// Select the first submit_sm (5th PDU, 7th row after the connecting and bound rows) and open it.
	press(m, "g", "down", "down", "down", "down", "down", "down", "enter")
	if m.mode != modeDetail || m.detail.pdu.Command != "submit_sm" {
		t.Fatalf("mode %v command %q", m.mode, m.detail.pdu.Command)
	}
	s := screen(m)
	for _, w := range []string{"service_type", "source_addr_ton", "destination_addr", "447700900123", "registered_delivery", "short_message", "Hello from smppconsole", "0000 "} {
		contains(t, s, w)
	}
	// Move to destination_addr and check its octets are bracketed in the hex dump.
	for i := 0; i < 20; i++ {
		if f, _ := m.detail.selected(); f.Name == "destination_addr" {
			break
		}
		press(m, "down")
	}
	f, _ := m.detail.selected()
	if f.Name != "destination_addr" {
		t.Fatalf("selected %q", f.Name)
	}
	s = screen(m)
	contains(t, s, fmt.Sprintf("destination_addr: octets %d-%d (%d)", f.Start, f.End-1, f.End-f.Start))
	raw := m.detail.pdu.Raw
	first := hex.EncodeToString(raw[f.Start : f.Start+1])
	if !strings.Contains(s, "["+first) {
		t.Fatalf("octet %s of destination_addr not bracketed:\n%s", first, s)
	}
	press(m, "]")
	if m.detail.pdu.Command != "submit_sm_resp" {
		t.Fatalf("] opened %q", m.detail.pdu.Command)
	}
	press(m, "esc")
	if m.mode != modeNormal {
		t.Fatal("esc did not close the detail")
	}
}

func TestDetailShowsTheUDH(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	msg := message.Message{Dest: message.Address{Addr: "447700900123", TON: 1, NPI: 1}, Text: strings.Repeat("long text ", 20)}
	parts, err := message.Build(msg, 0x42)
	if err != nil || len(parts) != 2 {
		t.Fatalf("%d parts, %v", len(parts), err)
	}
	feed(m, pduEvent(t0, smppclient.Out, parts[0].Encode(9)))
	press(m, "enter")
	var udh, text *detailRow
	for i := range m.detail.rows {
		switch r := &m.detail.rows[i]; r.f.Name {
		case "UDH IE 0x00":
			udh = r
		case "text":
			text = r
		}
	}
	if udh == nil || text == nil {
		t.Fatalf("rows %+v", m.detail.rows)
	}
	raw := m.detail.pdu.Raw
	if got := raw[udh.f.Start:udh.f.End]; !bytes.Equal(got, []byte{0x00, 0x03, 0x42, 0x02, 0x01}) {
		t.Fatalf("UDH IE octets % x", got)
	}
	if got := string(raw[text.f.Start:text.f.End]); !strings.HasPrefix(strings.Repeat("long text ", 20), got) || len(got) != 153 {
		t.Fatalf("text octets %q (%d)", got, len(got))
	}
}

func TestCopyHexWritesOSC52(t *testing.T) {
	var buf bytes.Buffer
	fs := newFakeSession()
	m := New(Options{Session: fs, Now: fixedNow, Location: time.UTC, Output: &buf})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	feed(m, scenario()...)
	press(m, "c")
	e, _ := m.log.ring.at(m.log.sel)
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString(e.raw))) + "\a"
	if buf.String() != want {
		t.Fatalf("clipboard got %q want %q", buf.String(), want)
	}
	contains(t, screen(m), fmt.Sprintf("copied %d octets as hex", len(e.raw)))

	// The bind PDU's password never reaches the clipboard.
	buf.Reset()
	press(m, "g", "c")
	if got, _ := base64.StdEncoding.DecodeString(strings.TrimSuffix(strings.TrimPrefix(buf.String(), "\x1b]52;c;"), "\a")); strings.Contains(string(got), hex.EncodeToString([]byte("password"))) {
		t.Fatalf("the bind password was copied: %s", got)
	}
}

// --- the receipts panel ---

func TestReceiptsGroupParts(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	at := t0
	feed(m,
		smppclient.SubmitEvent{At: at, Msg: 5, Part: 2, Parts: 2, Seq: 11, Dest: "447700900123", Outcome: smppclient.Accepted, MessageID: "B2"},
		smppclient.SubmitEvent{At: at, Msg: 5, Part: 1, Parts: 2, Seq: 10, Dest: "447700900123", Outcome: smppclient.Accepted, MessageID: "B1"},
		smppclient.ReceiptEvent{At: at, Matched: true, Msg: 5, Part: 1, SinceSubmit: 900 * time.Millisecond, Receipt: receipt.Receipt{Stat: "DELIVRD", Err: "000"}},
	)
	s := screen(m)
	contains(t, s, "ok 2/2")
	contains(t, s, "B1,B2")
	contains(t, s, "DELIVRD 1/2")
	feed(m, smppclient.ReceiptEvent{At: at, Matched: true, Msg: 5, Part: 2, SinceSubmit: time.Second, Receipt: receipt.Receipt{Stat: "DELIVRD", Err: "000"}})
	if strings.Contains(screen(m), "DELIVRD 1/2") {
		t.Fatal("both receipts in, still counted as one")
	}
	if len(m.msgs.rows) != 1 {
		t.Fatalf("parts of one message made %d rows", len(m.msgs.rows))
	}
}

// --- the status bar ---

func TestStatusBarWords(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, smppclient.StateEvent{At: t0, Link: "trx", State: smppclient.BackingOff, Bind: smppclient.Transceiver,
		Retry: fixedNow().Add(4 * time.Second), Reason: "connection refused; next attempt in 6s", Fault: true})
	s := screen(m)
	contains(t, s, "backing off, retry in 4s")
	contains(t, s, "last fault 09:26:53: connection refused")
	m.Update(statsMsg(smppclient.Stats{Addr: "smsc.example:3550", SystemID: "acme", TLS: true, TLSInsecure: true, Dropped: 12, Window: 10, InFlight: 3}))
	s = screen(m)
	for _, w := range []string{"smsc.example:3550", "system_id acme", "TLS INSECURE", "display dropped 12", "in flight 3/10"} {
		contains(t, s, w)
	}
	feed(m, smppclient.StateEvent{At: t0, Link: "trx", State: smppclient.Bound, Bind: smppclient.Transceiver})
	contains(t, screen(m), "bound trx")
}

// --- keys ---

func TestQuitAndBindKeys(t *testing.T) {
	m, fs := newTestModel(t, 80, 24)
	if _, c := m.Update(keyMsg("q")); !isQuit(c) {
		t.Fatal("q did not quit")
	}
	press(m, "n")
	if _, c := m.Update(keyMsg("q")); isQuit(c) {
		t.Fatal("q quit while typing")
	}
	if _, c := m.Update(keyMsg("ctrl+c")); !isQuit(c) {
		t.Fatal("ctrl+c did not quit from the form")
	}
	press(m, "esc")
	feed(m, smppclient.StateEvent{At: t0, Link: "trx", State: smppclient.Bound, Bind: smppclient.Transceiver})
	press(m, "b")
	time.Sleep(10 * time.Millisecond)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.unbinds != 1 {
		t.Fatalf("b while bound: %d unbinds", fs.unbinds)
	}
}

func isQuit(c tea.Cmd) bool {
	if c == nil {
		return false
	}
	_, ok := c().(tea.QuitMsg)
	return ok
}

func TestMOKey(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	m.opts.SendMO = nil
	press(m, "m")
	contains(t, screen(m), "simulator only")
	called := false
	m.opts.SendMO = func(context.Context) error { called = true; return nil }
	_, c := m.Update(keyMsg("m"))
	m.Update(c())
	if !called {
		t.Fatal("m did not ask the simulator")
	}
	contains(t, screen(m), "the simulator is sending an MO")
	feed(m, smppclient.MOEvent{At: t0, Source: message.Address{Addr: "447700900999"}, Dest: message.Address{Addr: "12345"}, Text: "Hello MO", Parts: 2, Complete: true})
	contains(t, screen(m), `(2 parts) "Hello MO"`)
}

// --- layout ---

// Every frame is exactly the terminal's size at every size and in every mode: nothing
// overlaps, nothing wraps.
func TestLayoutFillsTheTerminal(t *testing.T) {
	sizes := [][2]int{{60, 15}, {80, 24}, {100, 30}, {120, 40}, {150, 40}, {160, 48}, {200, 50}}
	modes := map[string][]string{
		"normal":   nil,
		"messages": {"tab"},
		"compose":  {"n"},
		"advanced": {"n", "ctrl+o"},
		"detail":   {"enter"},
		"help":     {"?"},
		"filter":   {"/"},
	}
	for _, sz := range sizes {
		for name, keys := range modes {
			m, _ := newTestModel(t, sz[0], sz[1])
			feed(m, scenario()...)
			m.Update(statsMsg(newFakeSession().stats))
			press(m, keys...)
			lines := strings.Split(m.View(), "\n")
			if len(lines) != sz[1] {
				t.Errorf("%dx%d %s: %d lines", sz[0], sz[1], name, len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != sz[0] {
					t.Errorf("%dx%d %s: line %d is %d wide: %q", sz[0], sz[1], name, i, w, l)
					break
				}
			}
			// Resize live and check again.
			m.Update(tea.WindowSizeMsg{Width: sz[0] + 7, Height: sz[1] + 3})
			if got := len(strings.Split(m.View(), "\n")); got != sz[1]+3 {
				t.Errorf("%dx%d %s after resize: %d lines", sz[0], sz[1], name, got)
			}
		}
	}
}

func TestDebugLogWritesEveryMessageWithoutSecrets(t *testing.T) {
	var buf bytes.Buffer
	d := NewDebugLog(&buf, false)
	fs := newFakeSession()
	m := New(Options{Session: fs, Now: fixedNow, Location: time.UTC, Debug: d})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	feed(m, scenario()...)
	d.Close()
	out := buf.String()
	for _, w := range []string{"tea.WindowSizeMsg", "ui.eventsMsg", "PDUEvent trx out bind_transceiver", "smppclient.ReceiptEvent"} {
		if !strings.Contains(out, w) {
			t.Errorf("debug log lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, fmt.Sprintf("% x", []byte("password"))) {
		t.Fatal("the bind password is in the debug log")
	}
}

// A footer notice gives way to the key help at the next key, once it has been read.
func TestFlashClearsOnNextKey(t *testing.T) {
	now := t0
	fs := newFakeSession()
	m := New(Options{Session: fs, Now: func() time.Time { return now }, Location: time.UTC, Output: &bytes.Buffer{}})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	feed(m, scenario()...)
	press(m, "c")
	contains(t, screen(m), "copied ")
	press(m, "k") // within a second: the notice stays
	contains(t, screen(m), "copied ")
	now = now.Add(2 * time.Second)
	press(m, "j")
	s := screen(m)
	if strings.Contains(s, "copied ") || !strings.Contains(s, "? help") {
		t.Fatalf("the notice did not give way to the key help:\n%s", s)
	}
}
