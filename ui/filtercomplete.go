package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/smppconsole/smppconsole/filter"
)

// Completion in the filter prompt, as a shell does it: tab completes the word at the
// cursor (a field name, or a value after an operator); with several candidates it first
// extends the word to what they share, then shows them on a line and each tab puts the
// next one in place.

type completion struct {
	cands []string
	start int    // where the word being completed starts in the text
	i     int    // the candidate in place, -1: none yet
	value string // the text as completion left it: any other edit ends the cycle
}

// complete handles tab (d = 1) and shift+tab (d = -1).
func (l *pduLog) complete(d int) tea.Cmd {
	c := &l.fl.comp
	v := l.input.Value()
	if s, ok := c.cycle(v, d); ok {
		return l.putCandidate(s)
	}
	cur := min(l.input.Position(), len(v))
	cands, start := filter.Complete(v, cur)
	s, ok := c.begin(cands, start, v, cur, d)
	if !ok {
		return msgCmd(noticeMsg{text: "nothing to complete here", bad: true})
	}
	return l.putCandidate(s)
}

// putCandidate replaces the word being completed (up to the cursor) with s.
func (l *pduLog) putCandidate(s string) tea.Cmd {
	nv, cur := l.fl.comp.put(l.input.Value(), l.input.Position(), s)
	l.input.SetValue(nv)
	l.input.SetCursor(cur)
	l.fl.at = -1
	return l.SetFilter(nv)
}

// completionLine shows the candidates, the one in place in brackets.
func (l *pduLog) completionLine(inner int) string { return l.fl.comp.view(l.st, inner) }

// The cycle, shared by the filter prompt and the command line (colon.go).

// cycle is the next candidate (d = 1, or -1 backwards) when v is what the last
// completion left and it had several; false: complete afresh.
func (c *completion) cycle(v string, d int) (string, bool) {
	if len(c.cands) <= 1 || v != c.value {
		return "", false
	}
	c.i = (c.i + d + len(c.cands)) % len(c.cands)
	return c.cands[c.i], true
}

// begin takes fresh candidates for the word v[start:cur] and says what to put in its
// place: the one candidate, the prefix they share when it is longer than the word, else
// the first (d < 0: the last). False when there is none.
func (c *completion) begin(cands []string, start int, v string, cur, d int) (string, bool) {
	cur = min(max(cur, 0), len(v))
	start = max(min(start, cur), 0)
	word := v[start:cur]
	switch len(cands) {
	case 0:
		*c = completion{}
		return "", false
	case 1:
		*c = completion{start: start}
		return cands[0], true
	}
	*c = completion{cands: cands, start: start, i: -1}
	if p := commonPrefix(cands); len(p) > len(word) {
		return p, true
	}
	c.i = 0
	if d < 0 {
		c.i = len(cands) - 1
	}
	return c.cands[c.i], true
}

// put is v with the word being completed (from c.start up to the cursor) replaced by s,
// and the cursor after it; the cycle goes on while the text stays so.
func (c *completion) put(v string, cur int, s string) (string, int) {
	cur = min(max(cur, 0), len(v))
	start := max(min(c.start, cur), 0)
	nv := v[:start] + s + v[cur:]
	c.value = nv
	return nv, start + len(s)
}

func commonPrefix(ss []string) string {
	p := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

// view shows the candidates, the one in place in brackets, scrolled so that one is in
// sight.
func (c completion) view(st *Styles, inner int) string {
	first := 0
	width := func(from, to int) int {
		w := 0
		for _, s := range c.cands[from:to] {
			w += ansi.StringWidth(s) + 3
		}
		return w
	}
	for c.i >= 0 && first < c.i && width(first, c.i+1) > inner-8 {
		first++
	}
	var b strings.Builder
	if first > 0 {
		b.WriteString(st.Muted.Render("… "))
	}
	for i := first; i < len(c.cands); i++ {
		s := c.cands[i]
		if i == c.i {
			b.WriteString(st.Accent.Render("["+s+"]") + " ")
		} else {
			b.WriteString(" " + st.Text.Render(s) + "  ")
		}
	}
	return fit(" "+b.String(), inner)
}

func ansiWidth(s string) int { return ansi.StringWidth(s) }
