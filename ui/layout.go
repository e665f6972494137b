package ui

import (
	"fmt"

	"github.com/charmbracelet/lipgloss"
)

// All the console's layout arithmetic. Heights of the status bar and footer come from
// their rendered views, so a status bar that wraps to two lines at 80 columns takes its
// room from the body, never overlaps it.

// MinWidth and MinHeight are the smallest terminal the layout is designed for.
const (
	MinWidth  = 80
	MinHeight = 24
)

// UsableWidth and UsableHeight are the smallest terminal the console draws in: below it
// the panes would be too cramped to read, so the console says so instead.
const (
	UsableWidth  = 60
	UsableHeight = 15
)

// tooSmall is the whole frame when the terminal is below the usable size: what it is
// and what is needed, rather than a blank or garbled screen.
func tooSmall(w, h int) string {
	msg := fmt.Sprintf("terminal too small: %dx%d, need %dx%d", w, h, UsableWidth, UsableHeight)
	lines := wrapWords(msg, w)
	lines = append(lines, wrapWords("(q quits)", w)...)
	return padLines(lines[:min(len(lines), h)], w, h)
}

// sideBySideWidth is the width from which the log and the right column sit side by side;
// below it they are stacked, so the log keeps its full width for the summaries.
const sideBySideWidth = 150

// layout is where each pane goes. Sizes are outer sizes, borders included.
type layout struct {
	bodyW, bodyH int
	side         bool // log on the left, messages or compose on the right

	logW, logH   int
	msgsW, msgsH int // the receipts/MO pane (zero when hidden)

	composeW, composeH int // zero when the form is closed
	composeAbove       bool
}

// minLogH is the least of the body the PDU log keeps when stacked: three rows.
const minLogH = 5

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// computeLayout places the panes in a w×h terminal. composeWant is the form's preferred
// height when it is open, else 0.
func computeLayout(w, h, statusH, footerH int, composeWant int) layout {
	l := layout{bodyW: w, bodyH: max(h-statusH-footerH, 3)}
	l.side = w >= sideBySideWidth
	if l.side {
		right := clamp(w*2/5, 56, 90)
		l.logW, l.logH = w-right, l.bodyH
		if composeWant > 0 {
			l.composeW, l.composeH = right, l.bodyH
		} else {
			l.msgsW, l.msgsH = right, l.bodyH
		}
		return l
	}
	if composeWant > 0 {
		l.composeW = w
		if l.bodyH-composeWant >= 8 {
			// Room for both: the form above, the log below so the PDUs stay in sight.
			l.composeH, l.composeAbove = composeWant, true
			l.logW, l.logH = w, l.bodyH-composeWant
		} else {
			l.composeH = l.bodyH
		}
		return l
	}
	l.msgsW = w
	l.msgsH = clamp(l.bodyH*2/5, 6, 18)
	if l.bodyH-l.msgsH < minLogH {
		// A short body (a small terminal, a tall status bar): the log comes first.
		l.msgsH = max(l.bodyH-minLogH, 0)
		if l.msgsH < 4 {
			l.msgsW, l.msgsH = 0, 0
		}
	}
	l.logW, l.logH = w, l.bodyH-l.msgsH
	return l
}

// resize recomputes the layout and tells every pane its size.
func (m *Model) resize() {
	if m.w == 0 || m.h == 0 {
		return
	}
	m.status.SetSize(m.w, 0)
	m.statusH = lipgloss.Height(m.status.View())
	statusH := m.statusH
	footerH := 1
	want := 0
	if m.mode == modeCompose || m.compose.open {
		rows := 3
		if m.h >= 45 {
			rows = 5
		}
		m.compose.SetTextRows(rows)
		m.compose.SetSize(m.w, m.h)
		if m.w >= sideBySideWidth {
			m.compose.SetSize(clamp(m.w*2/5, 56, 90), m.h)
		}
		want = m.compose.Height()
	}
	m.loadWant = 0
	if m.mode == modeLoad {
		// The load panel takes the form's place, the log below it while there is room.
		m.load.SetSize(m.w, m.h)
		if m.w >= sideBySideWidth {
			m.load.SetSize(clamp(m.w*2/5, 56, 90), m.h)
		}
		want = m.load.Height()
		m.loadWant = want
	}
	if m.mode == modeOp {
		// The operation panel takes the form's place too.
		m.ops.SetSize(m.w, m.h)
		if m.w >= sideBySideWidth {
			m.ops.SetSize(clamp(m.w*2/5, 56, 90), m.h)
		}
		want = m.ops.Height()
	}
	m.composeWant = want
	m.lay = computeLayout(m.w, m.h, statusH, footerH, want)
	if m.logOnly {
		m.lay = layout{bodyW: m.lay.bodyW, bodyH: m.lay.bodyH, logW: m.lay.bodyW, logH: m.lay.bodyH}
	}
	m.log.SetSize(m.lay.logW, m.lay.logH)
	m.msgs.SetSize(m.lay.msgsW, m.lay.msgsH)
	if m.mode == modeOp {
		m.ops.SetSize(m.lay.composeW, m.lay.composeH)
	} else if m.loadWant > 0 {
		m.load.SetSize(m.lay.composeW, m.lay.composeH)
	} else if want > 0 {
		m.compose.SetSize(m.lay.composeW, m.lay.composeH)
	}
	m.detail.SetSize(m.lay.bodyW, m.lay.bodyH)
	m.raw.SetSize(m.lay.bodyW, m.lay.bodyH)
	m.help.SetSize(m.lay.bodyW, m.lay.bodyH)
	m.stats.SetSize(m.lay.bodyW, m.lay.bodyH)
	m.footer.Width = m.w
	// The receipts and MO hidden for want of room (not by the form, which gives them
	// back): the keys go to the log.
	if m.lay.msgsH == 0 && want == 0 && m.focus != paneLog {
		m.setFocus(paneLog)
	}
}
