package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The tab picker (ctrl+t): the config file's profiles, the embedded simulator, and
// "new connection…", which opens the connection form.

// newConnectionForm opens the connection form for "new connection…"; nil while the form
// is not built into the console, and the picker says so.
var newConnectionForm func(a *App) Overlay

type pickItem struct {
	label string
	req   TabRequest
	form  bool // "new connection…"
}

type tabPicker struct {
	items  []pickItem
	cursor int
	note   string
	bad    bool
	st     *Styles
	keys   struct{ Up, Down, Pick, Close, Quit key.Binding }
}

func newTabPicker(a *App) *tabPicker {
	p := &tabPicker{st: a.st}
	if a.conn != nil {
		for _, name := range a.conn.Profiles() {
			p.items = append(p.items, pickItem{label: name, req: TabRequest{Profile: name}})
		}
	}
	p.items = append(p.items,
		pickItem{label: "simulator (embedded)", req: TabRequest{Simulator: true}},
		pickItem{label: "new connection…", form: true})
	p.keys.Up = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up"))
	p.keys.Down = key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down"))
	p.keys.Pick = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open"))
	p.keys.Close = key.NewBinding(key.WithKeys("esc", "ctrl+t"), key.WithHelp("esc", "back"))
	p.keys.Quit = key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit (no tab open)"))
	return p
}

func (p *tabPicker) Update(a *App, msg tea.Msg) (bool, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return false, nil
	}
	p.note = ""
	switch {
	case key.Matches(k, p.keys.Up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(k, p.keys.Down):
		p.cursor = min(p.cursor+1, len(p.items)-1)
	case key.Matches(k, p.keys.Close):
		if len(a.tabs) == 0 {
			p.note, p.bad = "no tab is open: choose one, or q quits", true
			return false, nil
		}
		return true, nil
	case key.Matches(k, p.keys.Quit) && len(a.tabs) == 0:
		return true, a.quit()
	case key.Matches(k, p.keys.Pick):
		it := p.items[p.cursor]
		if it.form {
			if newConnectionForm == nil {
				p.note, p.bad = "the connection form is not in this build", true
				return false, nil
			}
			o := newConnectionForm(a)
			return false, a.Show(o)
		}
		return true, a.OpenTab(it.req)
	default:
		if r := k.String(); len(r) == 1 && r[0] >= '1' && r[0] <= '9' && int(r[0]-'1') < len(p.items) {
			p.cursor = int(r[0] - '1')
		}
	}
	return false, nil
}

func (p *tabPicker) View(w, h int) string {
	st := p.st
	lines := []string{"", st.Accent.Bold(true).Render(" Open a tab on:"), ""}
	for i, it := range p.items {
		mark := "  "
		label := it.label
		if i == p.cursor {
			mark = "> "
			label = st.Selected.Render(label)
		}
		lines = append(lines, "  "+mark+label)
	}
	lines = append(lines, "")
	if p.note != "" {
		s := st.Good
		if p.bad {
			s = st.Bad
		}
		lines = append(lines, "  "+s.Render(p.note), "")
	}
	help := []string{"↑/↓ choose", "enter open", "esc back", "ctrl+c quit"}
	lines = append(lines, st.Muted.Render("  "+strings.Join(help, " · ")))
	return padLines(lines, w, h)
}
