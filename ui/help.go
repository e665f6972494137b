package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/ui/keys"
)

// helpPane is the full help behind ?: every key of every pane, and the compose form's
// tab order.
type helpPane struct {
	st   *Styles
	keys keys.HelpKeys
	w, h int
	top  int
	tabs bool // the console has tabs (the App): their keys and the tab bar's marks
}

type helpSection struct {
	title string
	keys  []key.Binding
}

// SetSize sets the outer size; the columns, and so the scroll range, follow the width.
func (p *helpPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.top = p.window()
}

// window is the first line shown, within the help's length.
func (p *helpPane) window() int { return max(min(p.top, len(p.columns())-(p.h-2)), 0) }

func (p *helpPane) sections() []helpSection {
	g, l, d, c, m, f := keys.DefaultGlobal(), keys.DefaultLog(), keys.DefaultDetail(), keys.DefaultCompose(), keys.DefaultMessages(), keys.DefaultFilter()
	flat := func(groups [][]key.Binding) []key.Binding {
		var out []key.Binding
		for _, g := range groups {
			out = append(out, g...)
		}
		return out
	}
	secs := []helpSection{
		{"Everywhere (not while typing)", flat(g.FullHelp())},
		{"PDU log", flat(l.FullHelp())},
		{"Log display filter (/)", flat(f.FullHelp())},
		{"Find in the log (ctrl+f)", flat(keys.DefaultFind().FullHelp())},
		{"Command line (:)", flat(keys.DefaultColon().FullHelp())},
		{"PDU detail", flat(d.FullHelp())},
		{"New message", flat(c.FullHelp())},
		{"Raw PDU composer (P)", flat(keys.DefaultRaw().FullHelp())},
		{"Receipts", flat(m.FullHelp())},
		{"Operations on a message (receipts row or log PDU)", flat(keys.DefaultOps().FullHelp())},
		{"Load panel (burst)", flat(keys.DefaultLoad().FullHelp())},
		{"Statistics", flat(keys.DefaultStats().FullHelp())},
		{"This help", flat(p.keys.FullHelp())},
	}
	if p.tabs {
		secs = append([]helpSection{secs[0], tabsHelp()}, secs[1:]...)
	}
	return secs
}

func (p *helpPane) lines(w int) []string {
	var out []string
	for _, s := range p.sections() {
		out = append(out, " "+p.st.Bold.Render(s.title))
		for _, b := range s.keys {
			h := b.Help()
			out = append(out, "   "+p.st.Accent.Render(fit(h.Key, 12))+" "+p.st.Text.Render(h.Desc))
		}
		out = append(out, "")
	}
	if p.tabs {
		out = append(out, " "+p.st.Bold.Render("Tab bar"))
		for _, l := range wrapWords(tabBarLegend, w-4) {
			out = append(out, "   "+l)
		}
		out = append(out, "")
	}
	out = append(out, " "+p.st.Bold.Render("New message: tab order"))
	for _, l := range wrapWords(TabOrder, w-4) {
		out = append(out, "   "+l)
	}
	out = append(out, "")
	out = append(out, p.filterHelp(w)...)
	for _, l := range wrapWords("q quits except while typing in the form or the filter; ctrl+c always quits.", w-2) {
		out = append(out, " "+p.st.Muted.Render(l))
	}
	return out
}

// Update scrolls the help.
func (p *helpPane) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	// window() clamps, so Top and Bottom's whole-length steps land on either end.
	if d, ok := p.keys.Step(k, len(p.columns()), max(p.h-3, 1)); ok {
		p.top += d
	}
	p.top = p.window()
	return nil
}

// View shows the window of the help that fits.
func (p *helpPane) View() string {
	lines := p.columns()
	top := max(min(p.top, len(lines)-(p.h-2)), 0)
	end := min(top+p.h-2, len(lines))
	return box(p.st.PaneFocused, p.st.TitleFocus, "Help", "esc closes", lines[top:end], p.w, p.h)
}

// ShortHelp and FullHelp make the pane a help.KeyMap: the keys that scroll and close it.
func (p *helpPane) ShortHelp() []key.Binding  { return p.keys.ShortHelp() }
func (p *helpPane) FullHelp() [][]key.Binding { return p.keys.FullHelp() }

// columns lays the sections out in two columns when they fit.
func (p *helpPane) columns() []string {
	inner := p.w - 2
	lines := p.lines(inner)
	if inner >= 100 {
		lines = p.lines(inner / 2)
		// Break at the blank line that balances the columns best, so no section is
		// split across them.
		half, best := len(lines), len(lines)
		for i, l := range lines {
			if l == "" {
				if h := max(i+1, len(lines)-i-1); h < best {
					half, best = i+1, h
				}
			}
		}
		colW := inner / 2
		left, right := lines[:half], lines[half:]
		n := max(len(left), len(right))
		merged := make([]string, n)
		for i := 0; i < n; i++ {
			var a, b string
			if i < len(left) {
				a = left[i]
			}
			if i < len(right) {
				b = right[i]
			}
			merged[i] = fit(a, colW) + b
		}
		lines = merged
	}
	return lines
}
