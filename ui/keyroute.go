package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Key routing: which pane a key goes to, runes that arrive together, and r. Keys are
// matched with key.Matches only.

// onKey routes a key: ctrl+c always quits; the typing modes get every other key; else
// global keys first, then the focused pane.
func (m *Model) onKey(k tea.KeyMsg) tea.Cmd {
	if key.Matches(k, m.keys.ForceQuit) {
		return m.quit()
	}
	if m.typing() {
		k = asText(k) // every prompt: runes read together are its text
	}
	switch m.mode {
	case modeCompose:
		return m.compose.Update(k)
	case modeRaw:
		return m.raw.Update(k)
	case modeLoad:
		return m.onLoadKey(k)
	case modeExport:
		return m.onExportKey(k)
	case modeOp:
		return m.onOpKey(k)
	case modeColon:
		return m.onColon(k)
	case modeFilter:
		c, done := m.log.UpdateFilter(k)
		if done {
			m.mode = modeNormal
			m.resize()
		}
		return c
	case modeFind:
		c, done := m.log.UpdateFind(k)
		if done {
			m.mode = modeNormal
			m.resize()
		}
		return c
	case modeStats:
		switch {
		case key.Matches(k, m.stats.keys.Close):
			m.mode = modeNormal
			return nil
		case key.Matches(k, m.keys.Quit):
			return m.quit()
		}
		return m.stats.Update(k)
	case modeHelp:
		if key.Matches(k, m.help.keys.Close) {
			m.mode = modeNormal
			return nil
		}
		return m.help.Update(k)
	case modeDetail:
		if key.Matches(k, m.keys.Quit) {
			return m.quit()
		}
		if key.Matches(k, m.keys.Help) {
			m.mode = modeHelp
			return nil
		}
		if key.Matches(k, m.raw.keys.Open) {
			return m.openRaw()
		}
		if op := m.opKey(k); op != 0 && !m.readOnlyKey(k) {
			return m.startOp(op) // about the PDU that is open
		}
		return m.detail.Update(k)
	}

	if m.askRecall {
		m.askRecall = false
		if key.Matches(k, m.keys.Yes) {
			return m.recall()
		}
		m.setFlash("draft kept: n opens it", false)
		return nil
	}
	// An open find takes n, N and esc from the keys they otherwise are.
	if m.focus == paneLog {
		if c, ok := m.log.FindKey(k); ok {
			m.resize()
			return c
		}
	}
	switch {
	case m.readOnlyKey(k):
		m.setFlash(ErrReadOnly.Error(), true)
		return nil
	case key.Matches(k, m.keys.Quit):
		return m.quit()
	case key.Matches(k, m.keys.Help):
		m.mode = modeHelp
		m.help.top = 0
		return nil
	case key.Matches(k, colonOpenKey):
		return m.openColon()
	case key.Matches(k, m.keys.New):
		// A draft left with esc comes back; after a send the form starts afresh.
		if !m.draft {
			m.compose.reset(m.opts.Defaults)
			m.draft = true
		}
		return m.openCompose()
	case key.Matches(k, m.keys.Recall):
		if !m.compose.sentAny() {
			m.setFlash("nothing sent yet to recall", true)
			return nil
		}
		if m.draft && !m.compose.empty() {
			m.askRecall = true
			m.setFlash("replace the draft with the last message? y: yes (ctrl+n brings the draft back)", false)
			return nil
		}
		return m.recall()
	case m.opKey(k) != 0:
		return m.startOp(m.opKey(k))
	case key.Matches(k, m.keys.Write):
		return m.openExport("", "")
	case key.Matches(k, m.raw.keys.Open):
		return m.openRaw()
	case key.Matches(k, m.load.keys.Open):
		return m.openLoad()
	case key.Matches(k, m.stats.keys.Open):
		m.mode = modeStats
		m.stats.feed(m.log.ring, m.log.links, m.opts.ReadOnly != "" && m.closed)
		return nil
	case key.Matches(k, m.keys.Bind):
		if m.sess == nil {
			return nil
		}
		if m.status.Bound() {
			m.setFlash("unbinding", false)
			return bindCmd(m.sess, true)
		}
		m.setFlash("binding", false)
		return bindCmd(m.sess, false)
	case key.Matches(k, m.keys.MO):
		if m.opts.SendMO == nil {
			m.setFlash("m works on the embedded simulator only", true)
			return nil
		}
		return sendMO(m.ctx, m.opts.SendMO)
	case key.Matches(k, m.keys.Dismiss) && m.status.notice != "":
		m.statusDirty = true
		return m.status.Update(k)
	case key.Matches(k, m.keys.NextPane):
		m.setFocus((m.focus + 1) % numPanes)
		return nil
	case key.Matches(k, m.keys.PrevPane):
		m.setFocus((m.focus + numPanes - 1) % numPanes)
		return nil
	}
	// The log's filter and find are reached from every pane: they take the focus to it.
	if key.Matches(k, m.log.keys.Filter) || key.Matches(k, m.log.keys.Find) {
		m.setFocus(paneLog)
	}
	switch m.focus {
	case paneMessages:
		return m.msgs.Update(k)
	case paneMO:
		return m.msgs.mo.Update(k)
	}
	if key.Matches(k, m.log.keys.Filter) {
		m.mode = modeFilter
		cmd := m.log.StartFilter()
		m.resize()
		return cmd
	}
	if key.Matches(k, m.log.keys.Find) {
		m.mode = modeFind
		cmd := m.log.StartFind()
		m.resize()
		return cmd
	}
	return m.log.Update(k)
}

// typing reports whether the keys go to a text input now: there, runes that arrive
// together (a paste) are text, whole.
func (m *Model) typing() bool {
	switch m.mode {
	case modeFilter, modeExport, modeFind, modeRaw, modeColon:
		return true
	case modeCompose:
		return m.compose.typing()
	case modeLoad:
		return m.load.typing()
	case modeOp:
		return m.ops.typing()
	}
	return false
}

// severalRunes reports whether k is several runes read together. It looks at the key's
// type to take it apart, not to match it: each rune is then matched with key.Matches.
func severalRunes(k tea.KeyMsg) bool { return k.Type == tea.KeyRunes && len(k.Runes) > 1 }

// asText is what a text prompt makes of a key: runes read together (a paste, tmux
// send-keys -l, a script) are text, marked as the paste they are. Bubble Tea names a
// paste "[text]", so the word "tab", "esc" or "home" matches no binding, neither the
// prompt's (which match a key by its name) nor its text input's own.
func asText(k tea.KeyMsg) tea.KeyMsg {
	if severalRunes(k) {
		k.Paste = true
	}
	return k
}

// asTextMsg is asText for a prompt that takes any message.
func asTextMsg(msg tea.Msg) tea.Msg {
	if k, ok := msg.(tea.KeyMsg); ok {
		return asText(k)
	}
	return msg
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
