package keys

import "github.com/charmbracelet/bubbles/key"

// ConnForm keys act in the connection form (E, "new connection…"). Open is a tab's key;
// the rest only while the form is shown, which then has every key.
type ConnForm struct {
	Open        key.Binding
	Save        key.Binding // rebinds the tab, or opens the new one
	SaveProfile key.Binding // writes the config file
	Cancel      key.Binding
	Next        key.Binding
	Prev        key.Binding
	Toggle      key.Binding // a yes/no field, or the next of a choice
	Back        key.Binding // the previous of a choice
	Confirm     key.Binding // the profile name asked for
	Yes         key.Binding // to "write the password in clear?"
	No          key.Binding
}

// DefaultConnForm is the connection form's key map.
func DefaultConnForm() ConnForm {
	return ConnForm{
		Open:        key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "edit the tab's connection")),
		Save:        key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save: rebind the tab with these settings")),
		SaveProfile: key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "save as a profile in the config file")),
		Cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel: nothing changes")),
		Next:        key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		Prev:        key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "prev field")),
		Toggle:      key.NewBinding(key.WithKeys(" ", "right"), key.WithHelp("space", "yes/no, next choice")),
		Back:        key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "previous choice")),
		Confirm:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
		Yes:         key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		No:          key.NewBinding(key.WithKeys("n", "N", "enter", "esc"), key.WithHelp("n", "no (the default)")),
	}
}

// ShortHelp implements help.KeyMap.
func (k ConnForm) ShortHelp() []key.Binding {
	return []key.Binding{Short(k.Save, "save+bind"), Short(k.SaveProfile, "save profile"), Short(k.Next, "next"),
		Short(k.Toggle, "choose"), Short(k.Cancel, "cancel")}
}

// FullHelp implements help.KeyMap.
func (k ConnForm) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Open, k.Save, k.SaveProfile, k.Cancel}, {k.Next, k.Prev, k.Toggle, k.Back}}
}
