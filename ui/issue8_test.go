package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
)

// --- keys that arrive in one read ---

// Over SSH, in a paste or from a script, several runes arrive as one KeyMsg; outside a
// text input each is its own keypress.
func TestRunesInOneReadAreSeparateKeys(t *testing.T) {
	for _, paste := range []bool{false, true} {
		m, _ := newTestModel(t, 80, 24)
		feed(m, manyPDUs(20, 1)...)
		last := m.log.ring.next - 1
		run(m, m.onKeyCmd(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("kk"), Paste: paste}))
		if m.log.sel != last-2 {
			t.Fatalf("paste %v: kk moved the selection to %d, want %d (two rows up from %d)", paste, m.log.sel, last-2, last)
		}
		run(m, m.onKeyCmd(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("kkkkk"), Paste: paste}))
		press(m, "enter")
		if m.mode != modeDetail || m.detail.pos != last-7 {
			t.Fatalf("paste %v: kkkkk then enter opened %d (mode %v), want %d", paste, m.detail.pos, m.mode, last-7)
		}
	}
}

// In a text input the runes are text, whole.
func TestRunesInOneReadAreTextInAnInput(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	press(m, "n")
	run(m, m.onKeyCmd(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("4477009"), Paste: true}))
	if got := m.compose.fields[fDest].input.Value(); got != "4477009" {
		t.Fatalf("pasted destination %q", got)
	}
	press(m, "tab")
	run(m, m.onKeyCmd(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("qq kk")}))
	if got := m.compose.text.Value(); got != "qq kk" || m.mode != modeCompose {
		t.Fatalf("text %q mode %v", got, m.mode)
	}
	// In the filter prompt too.
	press(m, "esc", "/")
	run(m, m.onKeyCmd(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("submit")}))
	if m.mode != modeFilter || m.log.input.Value() != "submit" {
		t.Fatalf("filter %q mode %v", m.log.input.Value(), m.mode)
	}
}

// A run that opens the form types the rest of itself into it: n then digits.
func TestRunesInOneReadFollowTheMode(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	run(m, m.onKeyCmd(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("n123")}))
	if m.mode != modeCompose || m.compose.fields[fDest].input.Value() != "123" {
		t.Fatalf("n123: mode %v destination %q", m.mode, m.compose.fields[fDest].input.Value())
	}
}

// --- focus ---

func TestFocusStaysWhereItWasAfterASend(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {160, 48}} {
		m, fs := newTestModel(t, sz[0], sz[1])
		feed(m, scenario()...)
		press(m, "tab")
		if m.focus != paneMessages {
			t.Fatalf("%v: tab did not focus the receipts", sz)
		}
		press(m, "n")
		typeText(m, "123")
		press(m, "tab")
		typeText(m, "hi")
		press(m, "ctrl+s")
		if len(fs.submitted) != 1 || m.mode != modeNormal {
			t.Fatalf("%v: not sent: %v", sz, m.compose.Errors())
		}
		if m.focus != paneMessages || !m.msgs.focused || m.log.focused {
			t.Fatalf("%v: after the send the focus is %v (log %v, receipts %v), want the receipts", sz, m.focus, m.log.focused, m.msgs.focused)
		}
	}
}

// Only the focused pane shows a selection mark.
func TestCursorOnlyInTheFocusedPane(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	feed(m, scenario()...)
	marks := func() []string {
		var out []string
		for _, l := range strings.Split(screen(m), "\n") {
			if strings.HasPrefix(l, "│>") {
				out = append(out, l)
			}
		}
		return out
	}
	if got := marks(); len(got) != 1 || !strings.Contains(got[0], "submit_sm_resp") {
		t.Fatalf("log focused: marked rows %q, want only the log's", got)
	}
	press(m, "tab")
	if got := marks(); len(got) != 1 || !strings.Contains(got[0], "RINVDSTADR") {
		t.Fatalf("receipts focused: marked rows %q, want only the receipts'", got)
	}
	// While the form has the keys, neither list is focused.
	press(m, "n")
	if m.log.focused || m.msgs.focused {
		t.Fatal("a list is focused while the form has the keys")
	}
}

// --- the empty text ---

func TestEmptyTextAsksBeforeSending(t *testing.T) {
	m, fs := newTestModel(t, 80, 24)
	press(m, "n")
	typeText(m, "123")
	press(m, "ctrl+s")
	if len(fs.submitted) != 0 || m.mode != modeCompose {
		t.Fatalf("an empty text was sent without asking (mode %v)", m.mode)
	}
	contains(t, screen(m), "text is empty")
	// Any other key takes the question back.
	press(m, "tab")
	if strings.Contains(screen(m), "text is empty") {
		t.Fatal("the question stayed after another key")
	}
	press(m, "ctrl+s", "ctrl+s")
	if len(fs.submitted) != 1 || fs.submitted[0].Text != "" {
		t.Fatalf("ctrl+s twice: %d sent", len(fs.submitted))
	}
	// The text in a message_payload TLV: nothing to ask.
	m, fs = newTestModel(t, 120, 40)
	press(m, "n")
	typeText(m, "123")
	press(m, "ctrl+o")
	if err := focusField(m, fTLVs); err != nil {
		t.Fatal(err)
	}
	typeText(m, "message_payload=48656c6c6f")
	press(m, "ctrl+s")
	if len(fs.submitted) != 1 {
		t.Fatalf("a message_payload TLV and no text: asked (%v)", m.compose.Errors())
	}
}

// --- recall ---

func sendText(t *testing.T, m *Model, dest, text string) {
	t.Helper()
	press(m, "n")
	typeText(m, dest)
	press(m, "tab")
	typeText(m, text)
	press(m, "ctrl+s")
	if m.mode != modeNormal {
		t.Fatalf("not sent: %v", m.compose.Errors())
	}
}

func TestRecallKeepsTheDraft(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	sendText(t, m, "111", "first")
	sendText(t, m, "222", "second")
	// A draft, left with esc.
	press(m, "n")
	typeText(m, "333")
	press(m, "tab")
	typeText(m, "my draft")
	press(m, "esc")

	press(m, "r")
	if m.mode != modeNormal {
		t.Fatal("r over a draft did not ask first")
	}
	contains(t, screen(m), "replace")
	press(m, "j") // not yes: the draft stays
	press(m, "n")
	if m.compose.text.Value() != "my draft" {
		t.Fatalf("the draft is %q after declining", m.compose.text.Value())
	}
	press(m, "esc", "r", "y")
	if m.mode != modeCompose || m.compose.text.Value() != "second" {
		t.Fatalf("r, y: mode %v text %q, want the last sent", m.mode, m.compose.text.Value())
	}
	// The history: older with ctrl+p, newer with ctrl+n, the draft the newest entry.
	press(m, "ctrl+p")
	if m.compose.text.Value() != "first" || m.compose.fields[fDest].input.Value() != "111" {
		t.Fatalf("ctrl+p: %q", m.compose.text.Value())
	}
	press(m, "ctrl+p")
	if m.compose.text.Value() != "first" {
		t.Fatalf("ctrl+p past the oldest: %q", m.compose.text.Value())
	}
	press(m, "ctrl+n", "ctrl+n")
	if m.compose.text.Value() != "my draft" || m.compose.fields[fDest].input.Value() != "333" {
		t.Fatalf("ctrl+n back to the newest: %q, want the draft", m.compose.text.Value())
	}
	contains(t, strings.Join(helpText(m), "\n"), "ctrl+p")
}

// With no draft, r opens the last message at once.
func TestRecallWithoutADraft(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	sendText(t, m, "111", "first")
	press(m, "r")
	if m.mode != modeCompose || m.compose.text.Value() != "first" {
		t.Fatalf("r: mode %v text %q", m.mode, m.compose.text.Value())
	}
}

func helpText(m *Model) []string { return m.help.lines(200) }

// --- counts ---

func TestStatusBarCountsSayPartsAndMessages(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	sendText(t, m, "123", strings.Repeat("a", 161))
	st := newFakeSession().stats
	st.Sent, st.Accepted = 2, 2
	m.Update(statsMsg(st))
	contains(t, screen(m), "sent 2 parts in 1 message")
}

func TestCountLabel(t *testing.T) {
	cases := []struct {
		parts, msgs int
		want        string
	}{
		{3, 1, "3 parts in 1 message"}, {1, 1, "1 part in 1 message"}, {4, 2, "4 parts in 2 messages"}, {0, 0, "0 parts"}, {5, 0, "5 parts"},
	}
	for _, c := range cases {
		if got := countLabel(c.parts, c.msgs); got != c.want {
			t.Errorf("countLabel(%d, %d) = %q, want %q", c.parts, c.msgs, got, c.want)
		}
	}
}

// --- the config warning ---

const readableWarning = "config file /home/operator/.config/smppconsole/config.toml holds a password and is readable by others (mode 0644): chmod 600 it"

func TestConfigWarningStaysUntilDismissed(t *testing.T) {
	now := t0
	m := New(Options{Session: newFakeSession(), Now: func() time.Time { return now }, Location: time.UTC, Notice: readableWarning})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	feed(m, scenario()...)
	now = now.Add(time.Minute)
	m.Update(tickMsg(now))
	press(m, "j", "k")
	s := screen(m)
	// In full, wrapped between words.
	words := strings.Fields(s)
	have := map[string]bool{}
	for _, w := range words {
		have[strings.Trim(w, "│")] = true
	}
	for _, w := range strings.Fields(readableWarning) {
		if !have[w] {
			t.Fatalf("word %q of the warning is not on screen whole:\n%s", w, s)
		}
	}
	lines := strings.Split(s, "\n")
	if len(lines) != 24 {
		t.Fatalf("%d lines", len(lines))
	}
	contains(t, strings.Join(helpText(m), "\n"), "dismiss")
	press(m, "x")
	if strings.Contains(screen(m), "chmod") {
		t.Fatal("x did not dismiss the warning")
	}
}

// --- too small ---

func TestTerminalTooSmall(t *testing.T) {
	m, _ := newTestModel(t, 50, 12)
	feed(m, scenario()...)
	s := screen(m)
	contains(t, s, "terminal too small: 50x12, need 60x15")
	for i, l := range strings.Split(s, "\n") {
		if len([]rune(l)) > 50 {
			t.Fatalf("line %d wider than the terminal: %q", i, l)
		}
	}
	m.Update(tea.WindowSizeMsg{Width: 60, Height: 15})
	if strings.Contains(screen(m), "too small") {
		t.Fatal("60x15 is usable")
	}
}

// --- polish ---

func TestBinaryCounterReadsOnce(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	press(m, "n")
	typeText(m, "123")
	press(m, "tab")
	typeText(m, "48656c6c6f20776f726c64") // 11 octets
	if err := focusField(m, fCoding); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(codingChoices) && m.compose.fields[fCoding].choices[m.compose.fields[fCoding].ci].label != "binary (text as hex)"; i++ {
		press(m, "right")
	}
	line, _ := m.compose.CounterText()
	if !strings.Contains(line, "11/140 octets · 1 part") || strings.Count(line, "octets") != 1 {
		t.Fatalf("binary counter %q, want one reading: 11/140 octets · 1 part", line)
	}
}

func TestRegisteredDeliveryBitsFromTheForm(t *testing.T) {
	m, fs := newTestModel(t, 120, 40)
	press(m, "n")
	typeText(m, "123")
	press(m, "tab")
	typeText(m, "hi")
	contains(t, screen(m), "0x01 (SMSC receipt: final)")
	if err := focusField(m, fSMEAck); err != nil {
		t.Fatal(err)
	}
	press(m, "right") // SME delivery ack
	if err := focusField(m, fIntermediate); err != nil {
		t.Fatal(err)
	}
	press(m, "right")
	contains(t, screen(m), "0x15 (SMSC receipt: final, SME delivery ack, intermediate notification)")
	press(m, "ctrl+s")
	if len(fs.submitted) != 1 || fs.submitted[0].RegisteredDelivery != 0x15 {
		t.Fatalf("registered_delivery sent: %+v", fs.submitted)
	}
	// A profile's value comes back bit by bit.
	m2 := New(Options{Session: newFakeSession(), Now: fixedNow, Location: time.UTC,
		Defaults: message.Message{RegisteredDelivery: 0x1A}})
	m2.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	press(m2, "n")
	contains(t, screen(m2), "0x1A (SMSC receipt: on failure, SME manual/user ack, intermediate notification)")
}

func TestDetailHomeEndAndHelpPages(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	feed(m, scenario()...)
	press(m, "g", "down", "down", "down", "down", "enter")
	press(m, "end")
	if m.detail.sel != len(m.detail.rows)-1 {
		t.Fatalf("end: field %d of %d", m.detail.sel, len(m.detail.rows))
	}
	press(m, "home")
	if m.detail.sel != 0 {
		t.Fatalf("home: field %d", m.detail.sel)
	}
	press(m, "esc", "?")
	press(m, "pgdown")
	if m.help.top < 5 {
		t.Fatalf("pgdn in help: top %d", m.help.top)
	}
	top := m.help.top
	press(m, "pgup")
	if m.help.top >= top {
		t.Fatalf("pgup in help: top %d", m.help.top)
	}
	press(m, "end")
	end := m.help.top
	press(m, "home")
	if end == 0 || m.help.top != 0 {
		t.Fatalf("end/home in help: %d then %d", end, m.help.top)
	}
	h := strings.Join(helpText(m), "\n")
	for _, w := range []string{"first field", "last field", "pgdn", "home"} {
		contains(t, h, w)
	}
}

func TestLogSummaryFollowsThePaneWidth(t *testing.T) {
	text := strings.Repeat("abcdefghij", 10)
	m, _ := newTestModel(t, 149, 40) // the widest the log is before the panes sit side by side
	feed(m, pduEvent(t0, smppclient.Out, submitSM(3, "447700900123", text)))
	contains(t, screen(m), text[:70])
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, l := range strings.Split(screen(m), "\n") {
		if len([]rune(l)) != 80 {
			t.Fatalf("line of %d at 80 columns: %q", len([]rune(l)), l)
		}
	}
}
