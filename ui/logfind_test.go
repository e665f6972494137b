package ui

import (
	"strings"
	"testing"
)

// selectedRow is the plain text of the selected row.
func selectedRow(m *Model) string {
	p, ok := m.log.Selected()
	if !ok {
		return ""
	}
	e, _ := m.log.ring.at(p)
	return m.log.render(p, e).plain
}

// ctrl+f finds text in the rows shown, apart from the filter: enter the newest match
// older than the tail, N the one before, n back, "no more matches" at either end, esc
// closes and the selection stays.
func TestFindNextPrevious(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, scenario()...)
	rows := m.log.n()
	press(m, "ctrl+f")
	if m.mode != modeFind {
		t.Fatalf("ctrl+f: mode %v", m.mode)
	}
	typeText(m, "Submit_SM #")
	press(m, "enter")
	if m.mode != modeNormal || m.log.n() != rows {
		t.Fatalf("after enter: mode %v, %d rows of %d (find must not filter)", m.mode, m.log.n(), rows)
	}
	if got := selectedRow(m); !strings.Contains(got, "submit_sm #4") {
		t.Fatalf("first match %q, want the newest submit_sm (#4)", got)
	}
	contains(t, screen(m), "find: Submit_SM #")
	press(m, "N")
	if got := selectedRow(m); !strings.Contains(got, "submit_sm #3") {
		t.Fatalf("N: %q, want submit_sm #3", got)
	}
	press(m, "N")
	contains(t, screen(m), "no more matches")
	if got := selectedRow(m); !strings.Contains(got, "submit_sm #3") {
		t.Fatalf("N past the oldest moved the selection to %q", got)
	}
	press(m, "n")
	if got := selectedRow(m); !strings.Contains(got, "submit_sm #4") {
		t.Fatalf("n: %q, want submit_sm #4", got)
	}
	press(m, "n")
	contains(t, screen(m), "no more matches")
	// n is find's while the find is open: no form opened.
	if m.mode != modeNormal {
		t.Fatalf("n opened mode %v", m.mode)
	}
	press(m, "esc")
	if m.log.search.open || !strings.Contains(selectedRow(m), "submit_sm #4") {
		t.Fatalf("esc: find open %v, selection %q", m.log.search.open, selectedRow(m))
	}
	if strings.Contains(screen(m), "find:") {
		t.Fatal("the find line is still shown after esc")
	}
	// Closed, n opens the form again.
	press(m, "n")
	if m.mode != modeCompose {
		t.Fatalf("n after esc: mode %v, want the form", m.mode)
	}
}
