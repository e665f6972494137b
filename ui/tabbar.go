package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/smppconsole/smppconsole/smppclient"
)

// The tab bar: one line, each tab's number, state, name, messages in flight and the
// burst's rate, then the "all" view. Only the tab in front renders its frame; the bar
// reads the other tabs' state, which their own messages keep up to date.

const tabBarHeight = 1

// tabState is a tab's state at a glance.
type tabState int

const (
	tabOpening tabState = iota // connecting or binding
	tabBound
	tabBackingOff
	tabFailed // failed to open, refused, closed
	tabFile   // a capture, read-only
)

// stateOf reads t's state from its status bar (the session's StateEvents and Stats).
func tabStateOf(t *tab) tabState {
	switch {
	case t.err != nil:
		return tabFailed
	case t.file != nil:
		return tabFile
	case t.m == nil:
		return tabOpening
	case t.m.closed:
		return tabFailed
	}
	s := &t.m.status
	if s.Bound() {
		return tabBound
	}
	worst := smppclient.Connecting
	switch {
	case len(s.links) > 0:
		for _, l := range s.links {
			if l.State != smppclient.Bound {
				worst = l.State
				break
			}
		}
	case s.haveSt:
		worst = s.stats.State
	}
	switch worst {
	case smppclient.Connecting, smppclient.Binding, smppclient.Unbinding:
		return tabOpening
	case smppclient.BackingOff:
		return tabBackingOff
	}
	return tabFailed
}

// stateMarks are the dot's colours, and the letters shown instead where there is no
// colour (NO_COLOR, a plain terminal, the golden snapshots).
var stateMarks = [...]struct {
	letter string
	color  lipgloss.Color
	words  string
}{
	tabOpening:    {"C", "220", "connecting or binding"},
	tabBound:      {"B", "42", "bound"},
	tabBackingOff: {"R", "208", "backing off, retrying"},
	tabFailed:     {"X", "196", "failed, refused or closed"},
	tabFile:       {"F", "75", "a capture file, read-only"},
}

// plainMarks reports whether the bar shows letters rather than coloured dots.
func (a *App) plainMarks() bool {
	return a.st.NoColor || lipgloss.ColorProfile() == termenv.Ascii
}

func (a *App) mark(s tabState) string {
	if a.plainMarks() {
		return stateMarks[s].letter
	}
	return lipgloss.NewStyle().Foreground(stateMarks[s].color).Render("●")
}

// tabExtras are a tab's figures in the bar: in flight, and the burst's rate while it runs.
func tabExtras(t *tab) (inFlight, rate string) {
	if t.m == nil {
		return "", ""
	}
	if n := t.m.status.stats.InFlight; n > 0 {
		inFlight = fmt.Sprintf("↑%d", n)
	}
	if t.m.load.running() {
		rate = fmt.Sprintf("%.0f/s", t.m.load.snap.ActualRate)
	}
	return inFlight, rate
}

// tabBar renders the bar at the App's width: names are shortened (with an ellipsis)
// so that every tab fits, then the figures are dropped, rate first.
func (a *App) tabBar() string {
	type seg struct {
		head, name, inFlight, rate string
		front                      bool
	}
	segs := make([]seg, 0, len(a.tabs)+1)
	for i, t := range a.tabs {
		num := " "
		if i < 9 {
			num = fmt.Sprint(i + 1)
		}
		f, r := tabExtras(t)
		segs = append(segs, seg{head: num + a.mark(tabStateOf(t)) + " ", name: t.name, inFlight: f, rate: r,
			front: !a.showAll && a.overlay == nil && i == a.active})
	}
	segs = append(segs, seg{head: "0 ", name: allName, front: a.showAll && a.overlay == nil})

	width := func(s seg, name int) int {
		w := 2 + ansi.StringWidth(s.head) + name
		if s.inFlight != "" {
			w += 1 + ansi.StringWidth(s.inFlight)
		}
		if s.rate != "" {
			w += 1 + ansi.StringWidth(s.rate)
		}
		return w
	}
	total := func(limit int) int {
		n := 0
		for _, s := range segs {
			n += width(s, min(ansi.StringWidth(s.name), limit))
		}
		return n
	}
	// The longest name limit that fits; then, if even short names do not, the figures go.
	limit := 0
	for _, s := range segs {
		limit = max(limit, ansi.StringWidth(s.name))
	}
	for limit > 3 && total(limit) > a.w {
		limit--
	}
	for _, drop := range []func(*seg){func(s *seg) { s.rate = "" }, func(s *seg) { s.inFlight = "" }} {
		if total(limit) <= a.w {
			break
		}
		for i := range segs {
			drop(&segs[i])
		}
	}
	var b strings.Builder
	for _, s := range segs {
		name := s.name
		if ansi.StringWidth(name) > limit {
			name = ansi.Truncate(name, limit, "…")
		}
		text := s.head + name
		if s.inFlight != "" {
			text += " " + s.inFlight
		}
		if s.rate != "" {
			text += " " + s.rate
		}
		if s.front {
			b.WriteString(a.st.Accent.Bold(true).Render("[" + text + "]"))
		} else {
			b.WriteString(" " + a.st.Muted.Render(text) + " ")
		}
	}
	bar := b.String()
	if hint := "ctrl+t new tab "; a.w-ansi.StringWidth(bar) >= len(hint)+2 {
		bar += strings.Repeat(" ", a.w-ansi.StringWidth(bar)-len(hint)) + a.st.Muted.Render(hint)
	}
	return fit(bar, a.w)
}

// tabBarLegend explains the bar in the help.
const tabBarLegend = "Each tab: its number, a dot (a letter without colour) for its state: " +
	"green B bound, yellow C connecting or binding, orange R backing off, red X failed, refused or closed, blue F a capture file (read-only); " +
	"↑N messages in flight, N/s the rate of a running burst. [ ] marks the tab in front; 0 all is every tab's PDUs merged."

// tabsHelp is the help's section on tabs.
func tabsHelp() helpSection {
	k := defaultAppKeys()
	return helpSection{"Tabs (not while typing)", []key.Binding{k.Tab, k.All, k.Picker, k.Close, k.Edit}}
}
