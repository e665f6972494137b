package keys

import "github.com/charmbracelet/bubbles/key"

// Filter keys act while the log's display filter is being typed.
type Filter struct {
	Apply    key.Binding
	Cancel   key.Binding
	Complete key.Binding // a field name or value; several: shown, and tab cycles them
	Back     key.Binding // cycles the candidates backwards
	Older    key.Binding // the filter used before the one shown (kept across runs)
	Newer    key.Binding
}

// DefaultFilter is the filter prompt key map.
func DefaultFilter() Filter {
	return Filter{
		Apply:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply filter")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete a field name or value (again: the next one)")),
		Back:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous completion")),
		Older:    key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "older filter (kept across runs)")),
		Newer:    key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "newer filter")),
	}
}

// ShortHelp implements help.KeyMap.
func (k Filter) ShortHelp() []key.Binding {
	return []key.Binding{k.Apply, Short(k.Complete, "complete"),
		key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "history")), k.Cancel}
}

// FullHelp implements help.KeyMap.
func (k Filter) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Apply, k.Cancel, k.Complete, k.Back, k.Older, k.Newer}}
}

// Find keys act while text is found in the log (ctrl+f): typed, then stepped through.
type Find struct {
	Next  key.Binding
	Prev  key.Binding
	Edit  key.Binding // back to typing the text
	Close key.Binding
}

// DefaultFind is the find key map.
func DefaultFind() Find {
	return Find{
		Next:  key.NewBinding(key.WithKeys("enter", "n"), key.WithHelp("enter/n", "next match (newer)")),
		Prev:  key.NewBinding(key.WithKeys("N", "shift+n"), key.WithHelp("N", "previous match (older)")),
		Edit:  key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", "edit the text")),
		Close: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close find")),
	}
}

// ShortHelp implements help.KeyMap.
func (k Find) ShortHelp() []key.Binding {
	return []key.Binding{Short(k.Next, "next"), Short(k.Prev, "previous"), Short(k.Close, "close")}
}

// FullHelp implements help.KeyMap.
func (k Find) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Next, k.Prev, k.Edit, k.Close}} }
