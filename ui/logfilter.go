package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/smppconsole/smppconsole/filter"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/ui/keys"
	"github.com/smppconsole/smppconsole/wire"
)

// The log's filters: enquire_link hidden, and a display filter (package filter) applied
// to every retained row from the newest backwards, a slice per frame. The prompt
// compiles the expression as it is typed: an invalid one is shown with its error while
// the log keeps the last valid filter.

// filterScan applies a new filter to the retained PDUs from the newest backwards, a
// slice at a time, so a million PDUs never stall a frame.
type filterScan struct {
	active bool
	gen    int
	next   uint64 // next position to test; the scan goes down to ring.oldest()
	done   int    // PDUs tested so far
	total  int
}

// displayFilter is the compiled filter in force and the prompt's state around it.
type displayFilter struct {
	keys  keys.Filter
	expr  *filter.Filter      // in force; nil: none
	err   *filter.SyntaxError // of the text typed, nil while it compiles
	comp  completion
	hist  *filterHistory
	at    int           // the history entry shown, -1: the text being typed
	typed string        // the text being typed, kept while the history is shown
	pkt   filter.Packet // reused for every PDU tested (Reset each time)
	ids   []string      // pkt.MessageIDs' storage, reused too
	// needLatency and needIDs: the filter reads latency, msg (see fill).
	needLatency, needIDs bool
}

// ToggleEnquire shows or hides enquire_link and its responses.
func (l *pduLog) ToggleEnquire() tea.Cmd {
	l.hideEnquire = !l.hideEnquire
	return l.refilter()
}

// SetFilter compiles expr and filters the log by it; "" clears the filter. An invalid
// expr leaves the filter in force as it was and is kept in l.fl.err; the prompt shows
// it in red.
func (l *pduLog) SetFilter(expr string) tea.Cmd {
	c := l.setFilter(expr)
	l.input.TextStyle = lipgloss.NewStyle()
	if l.fl.err != nil {
		l.input.TextStyle = l.st.Bad
	}
	return c
}

func (l *pduLog) setFilter(expr string) tea.Cmd {
	expr = strings.TrimSpace(expr)
	if expr == "" {
		l.fl.err = nil
		if l.filter == "" {
			return nil
		}
		l.filter, l.fl.expr = "", nil
		l.fl.needs()
		return l.refilter()
	}
	f, err := filter.Compile(expr)
	if err != nil {
		l.fl.err = syntaxError(err)
		return nil
	}
	l.fl.err = nil
	if expr == l.filter {
		return nil
	}
	l.filter, l.fl.expr = expr, f
	l.fl.needs()
	return l.refilter()
}

// syntaxError is err as a *filter.SyntaxError; any other error is placed at the start.
func syntaxError(err error) *filter.SyntaxError {
	if se, ok := err.(*filter.SyntaxError); ok {
		return se
	}
	return &filter.SyntaxError{Pos: 0, Msg: err.Error()}
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

// StartFilter focuses the filter prompt on the filter in force.
func (l *pduLog) StartFilter() tea.Cmd {
	l.input.SetValue(l.filter)
	l.input.CursorEnd()
	l.fl.err, l.fl.at, l.fl.comp = nil, -1, completion{}
	l.input.TextStyle = lipgloss.NewStyle()
	if err := l.fl.hist.load(); err != nil {
		return tea.Batch(l.input.Focus(), msgCmd(noticeMsg{text: err.Error() + ": up and down recall nothing", bad: true}))
	}
	return l.input.Focus()
}

// UpdateFilter handles keys while the filter is typed; the log filters as you type.
// done is true when the prompt closed.
func (l *pduLog) UpdateFilter(msg tea.Msg) (cmd tea.Cmd, done bool) {
	fk := l.fl.keys
	if km, ok := msg.(tea.KeyMsg); ok {
		if !key.Matches(km, fk.Complete, fk.Back) {
			l.fl.comp = completion{}
		}
		switch {
		case key.Matches(km, fk.Apply):
			cmd = l.SetFilter(l.input.Value())
			if l.fl.err != nil {
				return tea.Batch(cmd, msgCmd(noticeMsg{text: "the filter is not valid: " + l.fl.err.Msg + " (esc clears it)", bad: true})), false
			}
			l.input.Blur()
			return tea.Batch(cmd, saveFilters(l.fl.hist.Add(l.filter))), true
		case key.Matches(km, fk.Cancel):
			l.input.Blur()
			l.input.SetValue("")
			return l.SetFilter(""), true
		case key.Matches(km, fk.Complete):
			return l.complete(1), false
		case key.Matches(km, fk.Back):
			return l.complete(-1), false
		case key.Matches(km, fk.Older):
			return l.recall(1), false
		case key.Matches(km, fk.Newer):
			return l.recall(-1), false
		}
	}
	before := l.input.Value()
	var c tea.Cmd
	l.input, c = l.input.Update(msg)
	if l.input.Value() == before {
		return c, false
	}
	l.fl.at = -1
	return tea.Batch(c, l.SetFilter(l.input.Value())), false
}

// recall shows the d-th older filter of the history (negative: newer); past the newest
// comes back the text that was being typed.
func (l *pduLog) recall(d int) tea.Cmd {
	i := l.fl.at + d
	if i < -1 {
		return nil
	}
	var s string
	if i == -1 {
		s = l.fl.typed
	} else {
		h, ok := l.fl.hist.At(i)
		if !ok {
			return nil
		}
		s = h
	}
	if l.fl.at == -1 {
		l.fl.typed = l.input.Value()
	}
	l.fl.at = i
	l.input.SetValue(s)
	l.input.CursorEnd()
	return l.SetFilter(s)
}

// saveFilters writes the filter history in a command, off the update loop; a failure is
// said in the footer.
func saveFilters(save func() error) tea.Cmd {
	if save == nil {
		return nil
	}
	return func() tea.Msg {
		if err := save(); err != nil {
			return noticeMsg{text: err.Error(), bad: true}
		}
		return nil
	}
}

// matches reports whether the PDU at p passes the current filter. A connection event
// has no PDU: a display filter hides it.
func (l *pduLog) matches(p uint64, e *entry) bool {
	if l.hideEnquire && e.isPDU() {
		if id := e.header().ID; id == wire.EnquireLink || id == wire.EnquireLinkResp {
			return false
		}
	}
	if l.fl.expr == nil {
		return true
	}
	if !e.isPDU() {
		return false
	}
	return l.fl.expr.Match(l.packet(p, e))
}

// packet is the PDU at p as the filter sees it, in the one reused Packet.
func (l *pduLog) packet(p uint64, e *entry) *filter.Packet {
	pk := &l.fl.pkt
	pk.Reset()
	pk.Raw = e.raw
	pk.Dir = "out"
	if smppclient.Direction(e.dir) == smppclient.In {
		pk.Dir = "in"
	}
	pk.Link = ""
	if int(e.link) < len(l.links) {
		pk.Link = l.links[e.link]
	}
	pk.At = time.Unix(0, e.at)
	l.fill(p, e, pk)
	return pk
}

func (l *pduLog) filtered() bool { return l.hideEnquire || l.filter != "" }

// headCount is the number of lines above the rows: the filter's (its error and its
// completions while it is typed), the find's.
func (l *pduLog) headCount() int {
	n := 0
	if l.filter != "" || l.input.Focused() {
		n++
	}
	if l.input.Focused() && l.fl.err != nil {
		n += len(l.errorLines(l.w - 2))
	}
	if l.input.Focused() && len(l.fl.comp.cands) > 1 {
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
	switch {
	case l.input.Focused():
		out = append(out, l.input.View())
		if l.fl.err != nil {
			out = append(out, l.errorLines(inner)...)
		}
		if len(l.fl.comp.cands) > 1 {
			out = append(out, l.completionLine(inner))
		}
	case l.filter != "":
		out = append(out, l.st.Accent.Render("filter: "+l.filter)+l.st.Muted.Render("  (/ to edit, esc to clear)"))
	}
	if l.search.open {
		out = append(out, l.findLine())
	}
	return out
}

// errorLines mark where the typed filter went wrong with a caret under the column, and
// say what is wrong, on the caret's line when it fits, else on lines of their own.
func (l *pduLog) errorLines(inner int) []string {
	v := l.input.Value()
	pos := max(min(l.fl.err.Pos, len(v)), 0)
	msg := l.fl.err.Msg
	if l.filter != "" {
		msg += " (the log keeps the last valid filter)"
	}
	col := ansiWidth(l.input.Prompt) + ansiWidth(v[:pos])
	if ansiWidth(v) >= l.input.Width {
		// The input scrolls: its columns are not the text's. Say where in words instead.
		msg = fmt.Sprintf("at column %d: %s", pos+1, msg)
		col = -1
	}
	if col >= 0 && col+2+ansiWidth(msg) <= inner {
		return []string{strings.Repeat(" ", col) + l.st.Bad.Render("^ "+msg)}
	}
	var out []string
	if col >= 0 {
		out = append(out, strings.Repeat(" ", min(col, inner-1))+l.st.Bad.Render("^"))
	}
	for _, w := range wrapWords(msg, inner-1) {
		out = append(out, " "+l.st.Bad.Render(w))
	}
	return out
}
