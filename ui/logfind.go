package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/ui/keys"
)

// Find (ctrl+f): the old substring search, apart from the display filter. It moves the
// selection to the next or previous row, among the rows the filter shows, whose text
// contains the string (case-insensitive). A million rows are searched a slice per frame,
// as the filter scans them.

type logFind struct {
	keys   keys.Find
	input  textinput.Model
	text   string // lower-cased text found, "" : none yet
	open   bool   // the find line is shown
	typing bool   // the input has the keys
	scan   findScan
}

// findScan walks the rows from the selection towards one end, a slice at a time.
type findScan struct {
	active bool
	gen    int
	at     uint64 // the last position tested
	d      int    // +1 newer, -1 older
}

type findStepMsg struct{ gen int }

func findStep(gen int) tea.Cmd { return msgCmd(findStepMsg{gen}) }

func newLogFind() logFind {
	in := textinput.New()
	in.Prompt = "find: "
	in.Placeholder = "text in the rows shown (enter finds)"
	return logFind{keys: keys.DefaultFind(), input: in}
}

// finding reports whether the find line is open with text to step through.
func (l *pduLog) finding() bool { return l.search.open && !l.search.typing && l.search.text != "" }

// StartFind opens the find line for typing.
func (l *pduLog) StartFind() tea.Cmd {
	l.search.open, l.search.typing = true, true
	l.search.input.CursorEnd()
	l.clampView()
	return l.search.input.Focus()
}

// CloseFind closes the find line; the selection stays where the find left it.
func (l *pduLog) CloseFind() {
	l.search.open, l.search.typing = false, false
	l.search.scan.active = false
	l.search.scan.gen++
	l.search.input.Blur()
	l.clampView()
}

// UpdateFind handles keys while the text is typed: enter finds the next match and
// leaves the typing. done is true when the typing ended (found, or closed).
func (l *pduLog) UpdateFind(msg tea.Msg) (cmd tea.Cmd, done bool) {
	if km, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(km, l.search.keys.Close):
			l.CloseFind()
			return nil, true
		case km.Type == tea.KeyEnter:
			l.search.typing = false
			l.search.input.Blur()
			l.search.text = strings.ToLower(l.search.input.Value())
			if l.search.text == "" {
				l.CloseFind()
				return nil, true
			}
			// Following the tail there is nothing newer: the first match is the newest older one.
			d := 1
			if l.follow {
				d = -1
			}
			return l.FindNext(d), true
		}
	}
	var c tea.Cmd
	l.search.input, c = l.search.input.Update(msg)
	return c, false
}

// FindKey handles the keys of an open find while the log has the keys: next, previous,
// edit, close. ok is false for any other key, which then does what it always does.
func (l *pduLog) FindKey(km tea.KeyMsg) (cmd tea.Cmd, ok bool) {
	if !l.finding() {
		return nil, false
	}
	switch {
	case key.Matches(km, l.search.keys.Next):
		return l.FindNext(1), true
	case key.Matches(km, l.search.keys.Prev):
		return l.FindNext(-1), true
	case key.Matches(km, l.search.keys.Close):
		l.CloseFind()
		return nil, true
	}
	return nil, false
}

// FindNext starts looking for the text from the selection, d rows at a time.
func (l *pduLog) FindNext(d int) tea.Cmd {
	l.search.scan.gen++
	if l.n() == 0 {
		return msgCmd(noticeMsg{text: "no rows to find in", bad: true})
	}
	at := l.pos(l.n() - 1)
	if l.hasSel {
		at = l.sel
	}
	l.search.scan = findScan{active: true, gen: l.search.scan.gen, at: at, d: d}
	return l.FindStep(l.search.scan.gen)
}

// FindStep tests the next slice of rows; it stops at a match (selected) or at the end
// of the rows ("no more matches").
func (l *pduLog) FindStep(gen int) tea.Cmd {
	s := &l.search.scan
	if !s.active || gen != s.gen {
		return nil
	}
	start := time.Now()
	n := l.n()
	i := l.index(s.at)
	if s.d > 0 {
		if i < n && l.pos(i) == s.at {
			i++
		}
	} else {
		i--
	}
	for k := 0; ; k++ {
		if i < 0 || i >= n {
			s.active = false
			dir := "newer"
			if s.d < 0 {
				dir = "older"
			}
			return msgCmd(noticeMsg{text: fmt.Sprintf("no more matches for %q (%s)", l.search.input.Value(), dir), bad: true})
		}
		p := l.pos(i)
		s.at = p
		if e, ok := l.ring.at(p); ok {
			c, cached := l.cache[p]
			if !cached {
				c = l.render(p, e)
			}
			if strings.Contains(strings.ToLower(c.plain), l.search.text) {
				s.active = false
				l.follow = false
				l.sel, l.hasSel = p, true
				l.clampView()
				return nil
			}
		}
		i += s.d
		if k&255 == 255 && time.Since(start) > filterBudget {
			return findStep(gen)
		}
	}
}

// findLine is the find's line above the rows.
func (l *pduLog) findLine() string {
	if l.search.typing {
		return l.search.input.View()
	}
	note := "  (n next · N previous · ctrl+f edit · esc close)"
	if l.search.scan.active {
		note = "  finding…"
	}
	return l.st.Accent.Render("find: "+l.search.input.Value()) + l.st.Muted.Render(note)
}
