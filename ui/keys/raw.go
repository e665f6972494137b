package keys

import "github.com/charmbracelet/bubbles/key"

// Raw keys act in the raw PDU composer (P).
type Raw struct {
	Open       key.Binding // P, from the log
	Up         key.Binding
	Down       key.Binding
	Choice     key.Binding // the next command, on the command_id line
	ChoiceBk   key.Binding
	Apply      key.Binding
	View       key.Binding // fields or hex
	KeepSeq    key.Binding
	Send       key.Binding
	SendAnyway key.Binding // only after Send refused a PDU that breaks the rules
	Close      key.Binding
}

// DefaultRaw is the raw composer's key map.
func DefaultRaw() Raw {
	return Raw{
		Open:       key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "raw PDU composer (from the selected PDU)")),
		Up:         key.NewBinding(key.WithKeys("up", "shift+tab"), key.WithHelp("↑", "previous field")),
		Down:       key.NewBinding(key.WithKeys("down", "tab"), key.WithHelp("↓/tab", "next field")),
		Choice:     key.NewBinding(key.WithKeys("ctrl+right", "pgdown"), key.WithHelp("pgdn", "next command (command_id)")),
		ChoiceBk:   key.NewBinding(key.WithKeys("ctrl+left", "pgup"), key.WithHelp("pgup", "previous command (command_id)")),
		Apply:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply command_id, next field")),
		View:       key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "fields / hex")),
		KeepSeq:    key.NewBinding(key.WithKeys("ctrl+k"), key.WithHelp("ctrl+k", "keep sequence_number / renumber")),
		Send:       key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "send")),
		SendAnyway: key.NewBinding(key.WithKeys("!"), key.WithHelp("!", "SEND ANYWAY, deliberately invalid")),
		Close:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}
}

// ShortHelp implements help.KeyMap.
func (k Raw) ShortHelp() []key.Binding {
	return []key.Binding{k.Send, Short(k.View, "fields/hex"), Short(k.ChoiceBk, "pgup/pgdn"), Short(k.KeepSeq, "keep seq"), k.Close}
}

// FullHelp implements help.KeyMap.
func (k Raw) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Open, k.Up, k.Down, k.Choice, k.ChoiceBk, k.Apply}, {k.View, k.KeepSeq, k.Send, k.SendAnyway, k.Close}}
}
