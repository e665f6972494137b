package keys

import "github.com/charmbracelet/bubbles/key"

// Colon keys: ":" opens the command line from normal mode; the rest act while it is
// open (vim's command line: enter runs, esc closes, tab completes, ↑/↓ recall).
type Colon struct {
	Open     key.Binding
	Run      key.Binding
	Close    key.Binding
	Complete key.Binding // several candidates: shown on a line, and tab cycles them
	Back     key.Binding
	Older    key.Binding // the line run before (kept across runs in the state directory)
	Newer    key.Binding
}

// DefaultColon is the command line's key map.
func DefaultColon() Colon {
	return Colon{
		Open:     key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "command line (:help lists the commands)")),
		Run:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run")),
		Close:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete (again: the next one)")),
		Back:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous completion")),
		Older:    key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "older command (kept across runs)")),
		Newer:    key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "newer command")),
	}
}

// ShortHelp implements help.KeyMap.
func (k Colon) ShortHelp() []key.Binding {
	return []key.Binding{k.Run, Short(k.Complete, "complete"),
		key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "history")), k.Close}
}

// FullHelp implements help.KeyMap.
func (k Colon) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Open, k.Run, k.Close, k.Complete, k.Back, k.Older, k.Newer}}
}
