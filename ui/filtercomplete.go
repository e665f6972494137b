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
	if len(c.cands) > 1 && v == c.value {
		c.i = (c.i + d + len(c.cands)) % len(c.cands)
		return l.putCandidate(c.cands[c.i])
	}
	cur := min(l.input.Position(), len(v))
	cands, start := filter.Complete(v, cur)
	start = max(min(start, cur), 0)
	word := v[start:cur]
	switch len(cands) {
	case 0:
		l.fl.comp = completion{}
		return msgCmd(noticeMsg{text: "nothing to complete here", bad: true})
	case 1:
		l.fl.comp = completion{start: start}
		return l.putCandidate(cands[0])
	}
	*c = completion{cands: cands, start: start, i: -1}
	if p := commonPrefix(cands); len(p) > len(word) {
		return l.putCandidate(p)
	}
	c.i = 0
	if d < 0 {
		c.i = len(cands) - 1
	}
	return l.putCandidate(cands[c.i])
}

// putCandidate replaces the word being completed (up to the cursor) with s.
func (l *pduLog) putCandidate(s string) tea.Cmd {
	c := &l.fl.comp
	v := l.input.Value()
	cur := min(l.input.Position(), len(v))
	start := max(min(c.start, cur), 0)
	nv := v[:start] + s + v[cur:]
	l.input.SetValue(nv)
	l.input.SetCursor(start + len(s))
	c.value = nv
	l.fl.at = -1
	return l.SetFilter(nv)
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

// completionLine shows the candidates, the one in place in brackets, scrolled so that
// one is in sight.
func (l *pduLog) completionLine(inner int) string {
	c := l.fl.comp
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
		b.WriteString(l.st.Muted.Render("… "))
	}
	for i := first; i < len(c.cands); i++ {
		s := c.cands[i]
		if i == c.i {
			b.WriteString(l.st.Accent.Render("["+s+"]") + " ")
		} else {
			b.WriteString(" " + l.st.Text.Render(s) + "  ")
		}
	}
	return fit(" "+b.String(), inner)
}

func ansiWidth(s string) int { return ansi.StringWidth(s) }
