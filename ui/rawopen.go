package ui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/wire"
)

// The raw composer in the console: P opens it on the selected PDU (or the open one),
// its send goes to the session's SendRaw, and the answer comes back to it.

// modeRaw is the raw composer's mode. It stands apart from the iota block in model.go
// so that branches adding modes there do not collide with it.
const modeRaw mode = 64

// openRaw starts the composer on the PDU selected in the log, or the one open in the
// detail; without one, on an empty submit_sm.
func (m *Model) openRaw() tea.Cmd {
	if m.opts.ReadOnly != "" {
		m.setFlash(ErrReadOnly.Error(), true)
		return nil
	}
	pos, ok := m.log.Selected()
	if m.mode == modeDetail {
		pos, ok = m.detail.pos, true
	}
	var raw []byte
	from := "an empty submit_sm"
	if ok {
		if e, there := m.log.ring.at(pos); there && e.isPDU() {
			raw = e.raw
			h := e.header()
			from = fmt.Sprintf("the log's %s seq %d", wire.CommandName(h.ID), h.Seq)
		}
	}
	if raw == nil {
		raw = wire.AppendPDU(nil, &wire.SMBody{Command: wire.SubmitSM}, 0, 1)
	}
	// A logged bind's password is never shown, nor copied into the composer.
	if !m.opts.ShowSecrets {
		raw = dissect.Redact(raw)
	}
	m.mode = modeRaw
	m.raw.SetSize(m.lay.bodyW, m.lay.bodyH)
	return m.raw.Open(raw, from, m.opts.ShowSecrets)
}

// updateRaw handles the composer's messages to the root; ok is false for any other.
func (m *Model) updateRaw(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case closeRawMsg:
		m.mode = modeNormal
		return nil, true
	case rawSendMsg:
		return m.sendRaw(msg), true
	case rawDoneMsg:
		m.raw.answered(msg)
		if msg.err != nil {
			m.setFlash("raw PDU: "+msg.err.Error(), true)
		}
		return nil, true
	}
	return nil, false
}
