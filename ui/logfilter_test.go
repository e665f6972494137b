package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smppclient"
)

// rowsShown is the plain text of every row the log shows, oldest first.
func rowsShown(m *Model) []string {
	var out []string
	for i := 0; i < m.log.n(); i++ {
		p := m.log.pos(i)
		e, _ := m.log.ring.at(p)
		out = append(out, m.log.render(p, e).plain)
	}
	return out
}

// onlyRows fails unless every row shown contains want and there are n of them.
func onlyRows(t *testing.T, m *Model, n int, want string) {
	t.Helper()
	rows := rowsShown(m)
	if len(rows) != n {
		t.Fatalf("%d rows, want %d %s:\n%s", len(rows), n, want, strings.Join(rows, "\n"))
	}
	for _, r := range rows {
		if !strings.Contains(r, want) {
			t.Fatalf("row %q is not %s:\n%s", r, want, strings.Join(rows, "\n"))
		}
	}
}

// As the filter is typed it is compiled: an invalid one is shown with a caret under
// where it went wrong and the reason in words, and the log keeps the last valid filter;
// corrected, it applies. enter refuses an invalid filter and keeps the prompt.
func TestFilterInvalidKeepsLastValid(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, scenario()...)
	press(m, "/")
	typeText(m, "smpp.command_id == submit_sm_resp")
	onlyRows(t, m, 2, "submit_sm_resp")
	typeText(m, " && dir ==")
	if m.log.fl.err == nil {
		t.Fatalf("%q compiled", m.log.input.Value())
	}
	onlyRows(t, m, 2, "submit_sm_resp") // the last valid filter still shows
	s := screen(m)
	lines := strings.Split(s, "\n")
	caret := -1
	for i, l := range lines {
		if strings.Contains(l, "^ "+m.log.fl.err.Msg) {
			caret = i
		}
	}
	if caret < 1 {
		t.Fatalf("no caret line with %q:\n%s", m.log.fl.err.Msg, s)
	}
	// The caret is under the error's column in the prompt line above it.
	prompt := lines[caret-1]
	at := strings.Index(prompt, "/smpp.command_id")
	if at < 0 {
		t.Fatalf("the prompt is not above the caret:\n%s", s)
	}
	if got, want := strings.Index(lines[caret], "^"), at+1+m.log.fl.err.Pos; got != want {
		t.Fatalf("caret at column %d, want %d (error at byte %d):\n%s\n%s", got, want, m.log.fl.err.Pos, prompt, lines[caret])
	}
	press(m, "enter")
	if m.mode != modeFilter {
		t.Fatal("enter applied an invalid filter and closed the prompt")
	}
	contains(t, screen(m), "the filter is not valid")
	typeText(m, " out")
	if m.log.fl.err != nil {
		t.Fatalf("corrected filter: %v", m.log.fl.err.Msg)
	}
	// No submit_sm_resp goes out: the corrected filter applies, and shows nothing.
	if m.log.n() != 0 {
		t.Fatalf("corrected filter shows %d rows:\n%s", m.log.n(), strings.Join(rowsShown(m), "\n"))
	}
	for range len(" && dir == out") {
		press(m, "backspace")
	}
	typeText(m, " && dir == in")
	press(m, "enter")
	if m.mode != modeNormal || m.log.filter != "smpp.command_id == submit_sm_resp && dir == in" {
		t.Fatalf("mode %v filter %q", m.mode, m.log.filter)
	}
	onlyRows(t, m, 2, "submit_sm_resp")
	contains(t, screen(m), "filter: smpp.command_id == submit_sm_resp && dir == in")
}

// tab completes a field name; with several candidates they are shown on a line and each
// tab puts the next one in place, as a shell does.
func TestFilterTabCompletes(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, scenario()...)
	press(m, "/")
	typeText(m, "smpp.command_i")
	press(m, "tab")
	if v := m.log.input.Value(); v != "smpp.command_id" {
		t.Fatalf("tab on smpp.command_i: %q", v)
	}
	typeText(m, " == submit_sm")
	press(m, "tab")
	first := m.log.input.Value()
	if len(m.log.fl.comp.cands) < 2 {
		t.Fatalf("candidates after submit_sm: %v", m.log.fl.comp.cands)
	}
	s := screen(m)
	for _, c := range m.log.fl.comp.cands[:2] {
		contains(t, s, c)
	}
	press(m, "tab")
	second := m.log.input.Value()
	if second == first || !strings.HasPrefix(second, "smpp.command_id == submit_sm") {
		t.Fatalf("tab again: %q after %q", second, first)
	}
	press(m, "shift+tab")
	if v := m.log.input.Value(); v != first {
		t.Fatalf("shift+tab: %q, want %q", v, first)
	}
	// Typing ends the cycle and takes the line away.
	typeText(m, " ")
	if len(m.log.fl.comp.cands) != 0 {
		t.Fatal("the candidates stay after typing")
	}
}

// Filters applied are kept in the state directory, newest first, without duplicates,
// in a file only the user reads; up and down recall them in the next run.
func TestFilterHistoryAcrossRestart(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	apply := func(m *Model, expr string) {
		t.Helper()
		press(m, "/")
		for range len(m.log.input.Value()) {
			press(m, "backspace")
		}
		typeText(m, expr)
		press(m, "enter")
		if m.mode != modeNormal {
			t.Fatalf("%q did not apply: %v", expr, m.log.fl.err)
		}
	}
	m, _ := newTestModel(t, 120, 40)
	feed(m, scenario()...)
	apply(m, "dir == in")
	apply(m, "link == trx")
	apply(m, "dir == in")
	path := filepath.Join(state, "smppconsole", "filters")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "dir == in\nlink == trx\n" {
		t.Fatalf("history file %q", b)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("history file mode %v, want 0600", st.Mode().Perm())
	}

	// The next run.
	m2, _ := newTestModel(t, 120, 40)
	feed(m2, scenario()...)
	press(m2, "/")
	typeText(m2, "smpp.seq")
	want := []struct{ key, value string }{
		{"up", "dir == in"}, {"up", "link == trx"}, {"up", "link == trx"},
		{"down", "dir == in"}, {"down", "smpp.seq"},
	}
	for _, w := range want {
		press(m2, w.key)
		if v := m2.log.input.Value(); v != w.value {
			t.Fatalf("%s: %q, want %q", w.key, v, w.value)
		}
	}
	press(m2, "up")
	if m2.log.filter != "dir == in" {
		t.Fatalf("a recalled filter is not applied: %q", m2.log.filter)
	}
}

// The history is bounded and drops duplicates.
func TestFilterHistoryBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "filters")
	h := newFilterHistory(path)
	for i := range maxFilterHistory + 20 {
		if err := h.Add("smpp.sequence_number == " + string(rune('a'+i%26)) + strings.Repeat("x", i))(); err != nil {
			t.Fatal(err)
		}
	}
	h.Add("a")()
	h.Add("b")()
	h.Add("a")()
	h2 := newFilterHistory(path)
	if s, _ := h2.At(0); s != "a" {
		t.Fatalf("newest %q", s)
	}
	if s, _ := h2.At(1); s != "b" {
		t.Fatalf("second %q", s)
	}
	if _, ok := h2.At(maxFilterHistory - 1); !ok {
		t.Fatal("fewer than the bound kept")
	}
	if _, ok := h2.At(maxFilterHistory); ok {
		t.Fatal("more than the bound kept")
	}
	if save := h.Add("two\nlines"); save != nil {
		t.Fatal("a filter with a newline was kept")
	}
}

// latency and msg work on the live log: the log pairs each response with its request
// and names a submit, its response and its receipt by the message id, whether the filter
// was typed before the PDUs came or after.
func TestFilterLatencyAndMessageLive(t *testing.T) {
	for _, before := range []bool{false, true} {
		m, _ := newTestModel(t, 120, 40)
		if !before {
			feed(m, scenario()...)
		}
		press(m, "/")
		typeText(m, "msg == 4F1A0001")
		press(m, "enter")
		if before {
			feed(m, scenario()...)
		}
		rows := rowsShown(m)
		want := []string{"submit_sm #3", "submit_sm_resp #3", "deliver_sm #7", "deliver_sm_resp #7"}
		if len(rows) != len(want) {
			t.Fatalf("before %v: msg == 4F1A0001 shows:\n%s", before, strings.Join(rows, "\n"))
		}
		for i, w := range want {
			if !strings.Contains(rows[i], w) {
				t.Fatalf("before %v: row %d %q, want %s", before, i, rows[i], w)
			}
		}
		// Requests and responses 2ms apart: bind and both submits; enquire_link and the
		// receipt took 1ms.
		m.log.SetFilter("latency > 1ms")
		rows = rowsShown(m)
		if len(rows) != 6 {
			t.Fatalf("latency > 1ms shows:\n%s", strings.Join(rows, "\n"))
		}
		for _, r := range rows {
			if !strings.Contains(r, "bind_transceiver") && !strings.Contains(r, "submit_sm") {
				t.Fatalf("latency > 1ms shows %q", r)
			}
		}
	}
}

// Every request of a link is paired with its response, however they interleave.
func TestCorrelationPairsBySequence(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	feed(m,
		pduEvent(at(0), smppclient.Out, submitSM(10, "1", "a")),
		pduEvent(at(1), smppclient.Out, submitSM(11, "2", "b")),
		pduEvent(at(30), smppclient.In, pduBytes(0x80000004, 0, 11, cstr("B"))),
		pduEvent(at(50), smppclient.In, pduBytes(0x80000004, 0, 10, cstr("A"))),
	)
	m.log.SetFilter("msg == A || latency > 1s") // the packet carries what the filter reads
	want := []struct {
		lat time.Duration
		id  string
	}{{50 * time.Millisecond, "A"}, {29 * time.Millisecond, "B"}, {29 * time.Millisecond, "B"}, {50 * time.Millisecond, "A"}}
	for i, w := range want {
		p := m.log.ring.oldest() + uint64(i)
		e, _ := m.log.ring.at(p)
		pk := m.log.packet(p, e)
		if !pk.HasLatency || pk.Latency != w.lat || len(pk.MessageIDs) != 1 || pk.MessageIDs[0] != w.id {
			t.Errorf("PDU %d: latency %v (%v) ids %v, want %v %s", i, pk.Latency, pk.HasLatency, pk.MessageIDs, w.lat, w.id)
		}
	}
}

// msg == ID also finds the query_sm, cancel_sm and replace_sm about a message, and their
// responses.
func TestFilterMessageFindsItsOperations(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, scenario()...)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	feed(m,
		pduEvent(at(2000), smppclient.Out, pduBytes(0x00000003, 0, 20, cstr("4F1A0001"), []byte{5, 0}, cstr("SMPPConsole"))),
		pduEvent(at(2001), smppclient.In, pduBytes(0x80000003, 0, 20, cstr("4F1A0001"), cstr(""), []byte{2, 0})),
		pduEvent(at(2100), smppclient.Out, pduBytes(0x00000008, 0, 21, cstr(""), cstr("4F1A0001"), []byte{5, 0}, cstr("SMPPConsole"), []byte{1, 1}, cstr("447700900123"))),
		pduEvent(at(2101), smppclient.In, pduBytes(0x80000008, 0, 21)),
		pduEvent(at(2200), smppclient.Out, pduBytes(0x00000003, 0, 22, cstr("OTHER"), []byte{5, 0}, cstr("SMPPConsole"))),
	)
	m.log.SetFilter("msg == 4F1A0001")
	rows := rowsShown(m)
	want := []string{"submit_sm #3", "submit_sm_resp #3", "deliver_sm #7", "deliver_sm_resp #7",
		"query_sm #20", "query_sm_resp #20", "cancel_sm #21", "cancel_sm_resp #21"}
	if len(rows) != len(want) {
		t.Fatalf("msg == 4F1A0001 shows:\n%s", strings.Join(rows, "\n"))
	}
	for i, w := range want {
		if !strings.Contains(rows[i], w+" ") {
			t.Fatalf("row %d %q, want %s", i, rows[i], w)
		}
	}
}

// A filter longer than the prompt scrolls, so a caret cannot point into it: the error
// says the column in words.
func TestFilterErrorInALongFilterSaysTheColumn(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	feed(m, scenario()...)
	press(m, "/")
	long := `smpp.destination_addr == "447700900123" || smpp.destination_addr == "447700900124" && dir = in`
	typeText(m, long)
	if m.log.fl.err == nil {
		t.Fatal("compiled")
	}
	contains(t, screen(m), fmt.Sprintf("at column %d:", m.log.fl.err.Pos+1))
}

// A history file that cannot be read is said in the footer; the prompt still works.
func TestFilterHistoryUnreadable(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	// A directory where the file should be: reading it fails.
	if err := os.MkdirAll(filepath.Join(state, "smppconsole", "filters"), 0o700); err != nil {
		t.Fatal(err)
	}
	m, _ := newTestModel(t, 120, 40)
	feed(m, scenario()...)
	press(m, "/")
	contains(t, screen(m), "filter history:")
	typeText(m, "dir == in")
	if m.log.filter != "dir == in" {
		t.Fatalf("filter %q", m.log.filter)
	}
}
