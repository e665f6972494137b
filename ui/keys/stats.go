package keys

import "github.com/charmbracelet/bubbles/key"

// Stats keys act in the statistics view: SMPP operations of the retained log.
type Stats struct {
	List
	Open  key.Binding // global: S
	Close key.Binding
}

// DefaultStats is the statistics view key map.
func DefaultStats() Stats {
	l := DefaultList()
	l.Up.SetHelp("↑/k", "scroll up")
	l.Down.SetHelp("↓/j", "scroll down")
	return Stats{
		List:  l,
		Open:  key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "statistics: operations, response times, receipts")),
		Close: key.NewBinding(key.WithKeys("esc", "S"), key.WithHelp("esc", "close the statistics")),
	}
}

// ShortHelp implements help.KeyMap.
func (k Stats) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll")), Short(k.PageDown, "page"), k.Close}
}

// FullHelp implements help.KeyMap.
func (k Stats) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Open, k.Close}, {k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}}
}
