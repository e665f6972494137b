package keys

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestListStep(t *testing.T) {
	l := DefaultList()
	for _, c := range []struct {
		key  tea.KeyMsg
		want int
		ok   bool
	}{
		{tea.KeyMsg{Type: tea.KeyUp}, -1, true},
		{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")}, 1, true},
		{tea.KeyMsg{Type: tea.KeyPgUp}, -7, true},
		{tea.KeyMsg{Type: tea.KeyPgDown}, 7, true},
		{tea.KeyMsg{Type: tea.KeyHome}, -30, true},
		{tea.KeyMsg{Type: tea.KeyEnd}, 30, true},
		{tea.KeyMsg{Type: tea.KeyEnter}, 0, false},
	} {
		if d, ok := l.Step(c.key, 30, 7); d != c.want || ok != c.ok {
			t.Errorf("Step(%s) = %d, %v; want %d, %v", c.key, d, ok, c.want, c.ok)
		}
	}
}

func TestShortHelpOpen(t *testing.T) {
	k := DefaultMessages()
	if got, all := len(k.ShortHelpOpen(false)), len(k.ShortHelp()); got != all-1 {
		t.Errorf("closed: %d bindings, want %d (no back)", got, all-1)
	}
	if h := k.ShortHelpOpen(true); h[len(h)-1].Help().Desc != "back" {
		t.Errorf("open: last binding %q, want back", h[len(h)-1].Help().Desc)
	}
}
