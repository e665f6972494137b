package keys

import "github.com/charmbracelet/bubbles/key"

// Load keys act in the load panel: its form while it is being filled, the run's figures
// while it goes. Open is global (L); the rest only while the panel has the keys.
type Load struct {
	Open   key.Binding
	Start  key.Binding
	Hide   key.Binding
	Stop   key.Binding
	Edit   key.Binding // back to the form after a run
	Next   key.Binding
	Prev   key.Binding
	Toggle key.Binding // a yes/no field
}

// DefaultLoad is the load panel key map.
func DefaultLoad() Load {
	return Load{
		Open:   key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "load panel (burst)")),
		Start:  key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "start the burst")),
		Hide:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "hide the panel (the run goes on; L brings it back)")),
		Stop:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "stop the run (waits for what is in flight)")),
		Edit:   key.NewBinding(key.WithKeys("e", "enter"), key.WithHelp("e", "edit the settings for a new run")),
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "prev field")),
		Toggle: key.NewBinding(key.WithKeys(" ", "left", "right"), key.WithHelp("space", "yes/no")),
	}
}

// ShortHelp implements help.KeyMap.
func (k Load) ShortHelp() []key.Binding {
	return []key.Binding{k.Start, Short(k.Next, "next"), Short(k.Toggle, "yes/no"), Short(k.Hide, "hide"), Short(k.Stop, "stop")}
}

// FullHelp implements help.KeyMap.
func (k Load) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Open, k.Start, k.Hide, k.Stop, k.Edit}, {k.Next, k.Prev, k.Toggle}}
}
