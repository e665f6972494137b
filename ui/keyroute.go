package ui

import tea "github.com/charmbracelet/bubbletea"

// Key routing the root needs beside onKey: runes that arrive together, and r.

// typing reports whether the keys go to a text input now: there, runes that arrive
// together (a paste) are text, whole.
func (m *Model) typing() bool {
	switch m.mode {
	case modeFilter:
		return true
	case modeCompose:
		return m.compose.typing()
	}
	return false
}

// splitRunes runs each rune of k as its own keypress. Over SSH, in a paste or from a
// script several runes arrive in one read, and the keymap matches single keys only. Each
// rune sees the mode the previous one left (n opens the form, the digits after it are
// typed into it).
func (m *Model) splitRunes(k tea.KeyMsg) tea.Cmd {
	var cmds []tea.Cmd
	for i, r := range k.Runes {
		if m.typing() {
			// The rest is text for the input the runes before it opened.
			rest := tea.KeyMsg{Type: tea.KeyRunes, Runes: k.Runes[i:], Alt: k.Alt, Paste: k.Paste}
			_, c := m.Update(rest)
			cmds = append(cmds, c)
			break
		}
		one := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: k.Alt}
		if r == ' ' {
			one.Type = tea.KeySpace
		}
		_, c := m.Update(one)
		cmds = append(cmds, c)
	}
	// In order: a step to the next PDU must not overtake the key before it.
	return tea.Sequence(cmds...)
}

// recall opens the form on the last message sent; the draft, if any, stays in the
// history as its newest entry.
func (m *Model) recall() tea.Cmd {
	if !m.draft {
		m.compose.reset(m.opts.Defaults)
	}
	m.compose.recallLast()
	m.draft = true
	return m.openCompose()
}
