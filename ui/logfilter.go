package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/ui/keys"
)

// The log's filters: enquire_link hidden, and a text filter applied to every retained
// row from the newest backwards, a slice per frame.

// filterScan applies a new filter to the retained PDUs from the newest backwards, a
// slice at a time, so a million PDUs never stall a frame.
type filterScan struct {
	active bool
	gen    int
	next   uint64 // next position to test; the scan goes down to ring.oldest()
	done   int    // PDUs tested so far
	total  int
}

// ToggleEnquire shows or hides enquire_link and its responses.
func (l *pduLog) ToggleEnquire() tea.Cmd {
	l.hideEnquire = !l.hideEnquire
	return l.refilter()
}

// SetFilter filters the log by text (case-insensitive); "" clears it.
func (l *pduLog) SetFilter(s string) tea.Cmd {
	l.filter = strings.ToLower(strings.TrimSpace(s))
	return l.refilter()
}

// refilter starts applying the current filter to every retained PDU.
func (l *pduLog) refilter() tea.Cmd {
	l.scan.gen++
	if !l.filtered() {
		l.idx = nil
		l.scan.active = false
		l.clampView()
		return nil
	}
	l.idx = &posIndex{}
	if l.ring.Len() == 0 {
		l.scan.active = false
		return nil
	}
	l.scan = filterScan{active: true, gen: l.scan.gen, next: l.ring.next - 1, total: l.ring.Len()}
	l.ScanStep(l.scan.gen)
	return l.scanCmd()
}

func (l *pduLog) scanCmd() tea.Cmd {
	if !l.scan.active {
		return nil
	}
	return filterStep(l.scan.gen)
}

// filterBudget bounds the work of one filter step so typing stays responsive.
const filterBudget = 6 * time.Millisecond

// ScanStep tests the next slice of PDUs against the filter and returns the command for
// the step after it, if any.
func (l *pduLog) ScanStep(gen int) tea.Cmd {
	if !l.scan.active || gen != l.scan.gen {
		return nil
	}
	start := time.Now()
	oldest := l.ring.oldest()
	for k := 0; ; k++ {
		if l.scan.next < oldest {
			l.scan.active = false
			break
		}
		p := l.scan.next
		e, _ := l.ring.at(p)
		if l.matches(p, e) {
			l.idx.AddOlder(p)
		}
		l.scan.done++
		if p == oldest {
			l.scan.active = false
			break
		}
		l.scan.next--
		if k&255 == 255 && time.Since(start) > filterBudget {
			break
		}
	}
	l.clampView()
	return l.scanCmd()
}

// StartFilter focuses the filter prompt.
func (l *pduLog) StartFilter() tea.Cmd {
	l.input.SetValue(l.filter)
	l.input.CursorEnd()
	return l.input.Focus()
}

// UpdateFilter handles keys while the filter is typed; the log filters as you type.
// done is true when the prompt closed.
func (l *pduLog) UpdateFilter(msg tea.Msg) (cmd tea.Cmd, done bool) {
	fk := keys.DefaultFilter()
	if km, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(km, fk.Apply):
			l.input.Blur()
			return l.SetFilter(l.input.Value()), true
		case key.Matches(km, fk.Cancel):
			l.input.Blur()
			l.input.SetValue("")
			return l.SetFilter(""), true
		}
	}
	var c tea.Cmd
	l.input, c = l.input.Update(msg)
	if strings.ToLower(strings.TrimSpace(l.input.Value())) != l.filter {
		return tea.Batch(c, l.SetFilter(l.input.Value())), false
	}
	return c, false
}

// headCount is the number of lines above the rows: the filter's, the find's.
func (l *pduLog) headCount() int {
	n := 0
	if l.filter != "" || l.input.Focused() {
		n++
	}
	if l.search.open {
		n++
	}
	return n
}

// headLines are the lines above the rows; headCount says how many.
func (l *pduLog) headLines(inner int) []string {
	var out []string
	if l.filter != "" || l.input.Focused() {
		if l.input.Focused() {
			out = append(out, l.input.View())
		} else {
			out = append(out, l.st.Accent.Render("filter: "+l.filter)+l.st.Muted.Render("  (/ to edit, esc to clear)"))
		}
	}
	if l.search.open {
		out = append(out, l.findLine())
	}
	return out
}
