package ui

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/ui/keys"
)

// The command line on the screen, at the bottom over the view in front: :help's list or
// the candidates, the line, and an error under the byte at fault. And its two hosts: the
// App (an Overlay, commands on the tab in front) and a Model of its own (one session).

// colonOpenKey is ":" (keys.Colon.Open), matched from normal mode.
var colonOpenKey = keys.DefaultColon().Open

// lines are the line's rows, the last one at the bottom of the screen; w columns, at
// most h rows (the line itself is never left out).
func (c *colonLine) lines(w, h int) []string {
	var above []string
	if c.note != "" {
		above = append(above, fit(" "+c.st.Warn.Render(c.note), w))
	}
	for _, l := range c.info {
		for _, r := range hangWrap(l, w-1) {
			above = append(above, fit(" "+c.st.Text.Render(r), w))
		}
	}
	if len(c.comp.cands) > 1 {
		above = append(above, c.comp.view(c.st, w))
	}
	in := c.input
	in.Width = max(w-2, 1)
	line := []string{fit(in.View(), w)}
	if c.err != nil {
		line = append(line, c.errorLines(in.Width, w)...)
	}
	if room := h - len(line); len(above) > room {
		above = above[max(len(above)-room, 0):]
	}
	return append(above, line...)
}

// errorLines mark where the line went wrong with a caret under its byte, and say what,
// on the caret's line when it fits, else on lines of their own.
func (c *colonLine) errorLines(inputW, w int) []string {
	v := c.input.Value()
	pos := max(min(c.err.Pos, len(v)), 0)
	msg := c.err.Msg
	col := ansiWidth(c.input.Prompt) + ansiWidth(v[:pos])
	if ansiWidth(v) >= inputW {
		// The line scrolls: its columns are not the text's. Say where in words instead.
		msg = fmt.Sprintf("at column %d: %s", pos+1, msg)
		col = -1
	}
	if col >= 0 && col+2+ansiWidth(msg) <= w {
		return []string{fit(strings.Repeat(" ", col)+c.st.Bad.Render("^ "+msg), w)}
	}
	var out []string
	if col >= 0 {
		out = append(out, fit(strings.Repeat(" ", min(col, w-1))+c.st.Bad.Render("^"), w))
	}
	for _, l := range wrapWords(msg, w-1) {
		out = append(out, fit(" "+c.st.Bad.Render(l), w))
	}
	return out
}

// hangWrap wraps a help line ("NAME   words…") to w columns, its continuation lines
// under the words.
func hangWrap(l string, w int) []string {
	if ansiWidth(l) <= w {
		return []string{l}
	}
	indent := 0
	if i := strings.Index(strings.TrimLeft(l, " "), "  "); i >= 0 {
		lead := len(l) - len(strings.TrimLeft(l, " "))
		rest := l[lead+i:]
		indent = lead + i + len(rest) - len(strings.TrimLeft(rest, " "))
	}
	if indent == 0 || indent > w/2 {
		return wrapWords(l, w)
	}
	var out []string
	for i, r := range wrapWords(l[indent:], w-indent) {
		head := strings.Repeat(" ", indent)
		if i == 0 {
			head = l[:indent]
		}
		out = append(out, head+r)
	}
	return out
}

// overBottom puts lines over the last rows of frame.
func overBottom(frame string, lines []string) string {
	rows := strings.Split(frame, "\n")
	n := min(len(lines), len(rows))
	copy(rows[len(rows)-n:], lines[len(lines)-n:])
	return strings.Join(rows, "\n")
}

// --- Over the App: an Overlay.

// colonOverlay is the line over the App's tab in front.
type colonOverlay struct {
	a    *App
	c    *colonLine
	init tea.Cmd
}

// openColon shows the line over the tab in front.
func (a *App) openColon() tea.Cmd {
	c, init := newColonLine(a.st)
	return a.Show(&colonOverlay{a: a, c: c, init: init})
}

func (o *colonOverlay) Init() tea.Cmd { return o.init }

func (o *colonOverlay) Update(a *App, msg tea.Msg) (bool, tea.Cmd) {
	return o.c.update(appColon{a}, msg)
}

func (o *colonOverlay) View(w, h int) string {
	a := o.a
	var under string
	front := a.front()
	switch {
	case a.showAll:
		under = a.all.m.View()
	case front == nil:
		under = padLines(wrapWords(a.notice, w), w, h)
	case front.m == nil:
		under = a.placeholder(front, h)
	default:
		under = front.m.View()
	}
	return overBottom(under, o.c.lines(w, h))
}

// appColon is the App as the line's host: commands act on the tab in front (the all
// view's merged log for :filter and :export).
type appColon struct{ a *App }

func (h appColon) colonModel() *Model {
	if h.a.showAll {
		return h.a.all.m
	}
	return h.a.Active()
}

func (h appColon) colonCmd(cmd tea.Cmd) tea.Cmd {
	if h.a.showAll {
		return cmd // the all view's commands come back to it untagged, as its keys' do
	}
	return h.a.TabCmd(cmd)
}

func (h appColon) colonTab(name string) (tea.Cmd, error) {
	a := h.a
	if a.SwitchTo(name) {
		return nil, nil
	}
	if conn := a.Connector(); conn != nil {
		if name == "simulator" {
			return a.OpenTab(TabRequest{Simulator: true}), nil
		}
		for _, p := range conn.Profiles() {
			if p == name {
				return a.OpenTab(TabRequest{Profile: name}), nil
			}
		}
	}
	return nil, fmt.Errorf("tab: no tab or profile %q (%s)", name, h.known())
}

// known says which names :tab takes, for its refusal.
func (h appColon) known() string {
	tabs := strings.Join(h.a.Names(), ", ")
	var profiles string
	if conn := h.a.Connector(); conn != nil {
		profiles = strings.Join(append(conn.Profiles(), "simulator"), ", ")
	}
	switch {
	case tabs != "" && profiles != "":
		return "tabs: " + tabs + "; profiles: " + profiles
	case profiles != "":
		return "profiles: " + profiles
	case tabs != "":
		return "tabs: " + tabs + "; no config file to open others from"
	}
	return "no tabs and no profiles"
}

func (h appColon) colonNames() []string {
	seen := map[string]bool{}
	var out []string
	add := func(ss ...string) {
		for _, s := range ss {
			if s != "" && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	add(h.a.Names()...)
	if conn := h.a.Connector(); conn != nil {
		add(conn.Profiles()...)
		add("simulator")
	}
	return out
}

func (h appColon) colonQuit() tea.Cmd { return h.a.quit() }

// colonOpen opens the capture in a new tab: the connector reads it, off the update loop,
// and a file it cannot read is said in the tab, as a session that cannot open is.
func (h appColon) colonOpen(path string) (tea.Cmd, error) {
	if h.a.Connector() == nil {
		return nil, errors.New("open: this console opens no tabs (no connector); run `smppconsole open FILE`")
	}
	return h.a.OpenTab(TabRequest{File: path}), nil
}

// --- Over one Model: a mode.

// openColon opens the line over a console of one session.
func (m *Model) openColon() tea.Cmd {
	c, init := newColonLine(m.styles)
	m.colon, m.mode = c, modeColon
	return init
}

// onColon routes a message to the line. The commands run with the mode they would run
// from (normal); the one they leave (the load panel, the operation panel) stays.
func (m *Model) onColon(msg tea.Msg) tea.Cmd {
	if m.colon == nil {
		m.mode = modeNormal
		return nil
	}
	m.mode = modeNormal
	done, cmd := m.colon.update(m, msg)
	if done {
		m.colon = nil
	} else if m.mode == modeNormal {
		m.mode = modeColon
	}
	return cmd
}

func (m *Model) colonModel() *Model           { return m }
func (m *Model) colonCmd(cmd tea.Cmd) tea.Cmd { return cmd }
func (m *Model) colonNames() []string         { return nil }
func (m *Model) colonQuit() tea.Cmd           { return m.quit() }

func (m *Model) colonOpen(string) (tea.Cmd, error) {
	return nil, errors.New("open: this console has one session and no tabs to show a capture in; run `smppconsole open FILE`")
}

func (m *Model) colonTab(string) (tea.Cmd, error) {
	return nil, fmt.Errorf("tab: this console has one session; start it with --profile A --profile B for tabs")
}
