package keys

import "github.com/charmbracelet/bubbles/key"

// Ops keys start an operation on a submitted message (SMPP 3.4 §4.8-4.10) from the
// selected receipts row or log PDU. They are capitals: q quits, x dismisses, r recalls.
type Ops struct {
	Query   key.Binding
	Cancel  key.Binding
	Replace key.Binding
	// In the operation panel: y sends, n or esc drops it; ctrl+s asks to send the
	// replace_sm form; tab moves between its fields.
	Yes   key.Binding
	No    key.Binding
	Send  key.Binding
	Next  key.Binding
	Prev  key.Binding
	Close key.Binding
}

// DefaultOps is the operations key map.
func DefaultOps() Ops {
	return Ops{
		Query:   key.NewBinding(key.WithKeys("Q"), key.WithHelp("Q", "query_sm the selected message (state, final_date, error_code)")),
		Cancel:  key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "cancel_sm the selected message")),
		Replace: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "replace_sm the selected message (new text, validity, schedule)")),
		Yes:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "send it")),
		No:      key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "do not send")),
		Send:    key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "send (asks first)")),
		Next:    key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		Prev:    key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "prev field")),
		Close:   key.NewBinding(key.WithKeys("esc", "enter"), key.WithHelp("esc", "close")),
	}
}

// ShortHelp implements help.KeyMap.
func (k Ops) ShortHelp() []key.Binding { return []key.Binding{k.Query, k.Cancel, k.Replace} }

// FullHelp implements help.KeyMap.
func (k Ops) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Query, k.Cancel, k.Replace}, {k.Yes, k.No, k.Send}}
}
