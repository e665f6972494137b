package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/smppconsole/smppconsole/ui/keys"
)

// The frame: the status bar, the body the mode shows, and the footer. Drawing only:
// every size was computed in resize and every scroll position settled in Update.

// View composes the frame: status bar, body, footer. It only renders; every size was
// computed in resize.
func (m *Model) View() string {
	if m.w == 0 || m.h == 0 {
		return "starting…"
	}
	if m.w < UsableWidth || m.h < UsableHeight {
		return tooSmall(m.w, m.h)
	}
	var body string
	switch m.mode {
	case modeDetail:
		body = m.detail.View()
	case modeHelp:
		body = m.help.View()
	case modeStats:
		body = m.stats.View()
	case modeRaw:
		body = m.raw.View()
	default:
		body = m.bodyView()
	}
	frame := m.status.View() + "\n" + body + "\n" + m.footerView()
	if m.mode == modeColon && m.colon != nil {
		frame = overBottom(frame, m.colon.lines(m.w, m.h-1))
	}
	return frame
}

func (m *Model) bodyView() string {
	l := m.lay
	composing := l.composeH > 0
	if l.side {
		right := ""
		if composing {
			right = m.formView()
		} else {
			right = m.msgs.View()
		}
		return lipgloss.JoinHorizontal(lipgloss.Top, m.log.View(), right)
	}
	if composing {
		if l.composeAbove {
			return m.formView() + "\n" + m.log.View()
		}
		return m.formView()
	}
	if l.msgsH == 0 {
		return m.log.View()
	}
	return m.log.View() + "\n" + m.msgs.View()
}

// formView is what takes the form's place: the new-message form or the load panel.
func (m *Model) formView() string {
	if m.mode == modeLoad {
		return m.load.View()
	}
	if m.mode == modeOp {
		return m.ops.View()
	}
	return m.compose.View()
}

// footerView is the flash notice or the focused pane's keys.
func (m *Model) footerView() string {
	if m.mode == modeExport {
		return m.exportView()
	}
	if m.flash != "" {
		st := m.styles.Good
		if m.flashBad {
			st = m.styles.Bad
		}
		return fit(" "+st.Render(m.flash), m.w)
	}
	var km help.KeyMap
	switch m.mode {
	case modeCompose:
		km = &m.compose
	case modeLoad:
		km = &m.load
	case modeOp:
		km = &m.ops
	case modeFilter:
		km = keys.DefaultFilter()
	case modeFind:
		km = keys.DefaultFind()
	case modeDetail:
		km = &m.detail
	case modeHelp:
		km = &m.help
	case modeStats:
		km = &m.stats
	case modeRaw:
		km = &m.raw
	default:
		switch m.focus {
		case paneMessages:
			km = joinKeys{&m.msgs, m.keys}
		case paneMO:
			km = joinKeys{&m.msgs.mo, m.keys}
		default:
			if m.log.finding() {
				km = joinKeys{keys.DefaultFind(), m.keys}
			} else {
				km = joinKeys{&m.log, m.keys}
			}
		}
	}
	// ? and q stay in sight at every width; the pane's keys take what is left.
	var right []key.Binding
	switch m.mode {
	case modeNormal, modeDetail:
		right = []key.Binding{m.keys.Help, m.keys.Quit}
	}
	rv := ""
	if len(right) > 0 {
		rv = m.footer.ShortHelpView(right)
	}
	f := m.footer
	f.Width = max(m.w-1-lipgloss.Width(rv)-3, 10)
	left := f.ShortHelpView(km.ShortHelp())
	gap := m.w - 1 - lipgloss.Width(left) - lipgloss.Width(rv)
	return fit(" "+left+strings.Repeat(" ", max(gap, 1))+rv, m.w)
}

// joinKeys shows a pane's keys followed by the global ones.
type joinKeys struct {
	pane   help.KeyMap
	global keys.Global
}

func (j joinKeys) ShortHelp() []key.Binding {
	g := j.global
	out := append([]key.Binding{g.New}, j.pane.ShortHelp()...)
	return append(out, keys.Short(g.Bind, "bind"), keys.Short(g.NextPane, "pane"))
}

func (j joinKeys) FullHelp() [][]key.Binding {
	return append(j.pane.FullHelp(), j.global.FullHelp()...)
}
