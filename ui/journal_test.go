package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// TestStatusBarNamesTheJournal: the status bar shows the journal's file name (not its
// directory), and says nothing of a journal when the session is not recorded.
func TestStatusBarNamesTheJournal(t *testing.T) {
	fs := newFakeSession()
	m := New(Options{Session: fs, Label: "simulator", Simulator: true, Now: fixedNow, Location: time.UTC,
		Journal: "/home/op/.local/state/smppconsole/sessions/20261201T120000.000000Z-simulator.pcapng"})
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 40})
	v := ansi.Strip(m.status.View())
	if !strings.Contains(v, "journal 20261201T120000.000000Z-simulator.pcapng") || strings.Contains(v, "/home/op") {
		t.Errorf("status bar %q does not name the journal file", v)
	}
	plain, _ := newTestModel(t, 200, 40)
	if v := ansi.Strip(plain.status.View()); strings.Contains(v, "journal") {
		t.Errorf("status bar %q names a journal when there is none", v)
	}
}
