// Package keys holds every key binding of the console, grouped by the pane that owns
// them. Each group implements help.KeyMap so the footer can show the focused pane's keys
// and ? can show them all. Bindings are matched only with key.Matches.
package keys

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
)

// Global keys work wherever the user is not typing.
type Global struct {
	Quit      key.Binding // q (not while typing)
	ForceQuit key.Binding // ctrl+c, always
	Help      key.Binding
	New       key.Binding
	Recall    key.Binding
	Bind      key.Binding
	MO        key.Binding
	NextPane  key.Binding
	PrevPane  key.Binding
	Dismiss   key.Binding // the status bar's warning
	Yes       key.Binding // answers a question in the footer
	Write     key.Binding // w: the log, as filtered, to a file
}

// DefaultGlobal is the global key map.
func DefaultGlobal() Global {
	return Global{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		New:       key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new message")),
		Recall:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "recall the last message sent (asks before replacing a draft)")),
		Bind:      key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "bind/unbind")),
		MO:        key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "simulator MO")),
		NextPane:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		PrevPane:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev pane")),
		Dismiss:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "dismiss the status bar's warning")),
		Yes:       key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes, to a question in the footer")),
		Write:     key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "write the log, as filtered, to .pcapng or .jsonl")),
	}
}

// Short is b with a shorter description, for the footer; the full help keeps the long one.
func Short(b key.Binding, desc string) key.Binding {
	s := key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(b.Help().Key, desc))
	s.SetEnabled(b.Enabled()) // a disabled key (a read-only console's bind) stays out of the help
	return s
}

// ShortHelp implements help.KeyMap.
func (k Global) ShortHelp() []key.Binding {
	return []key.Binding{k.New, Short(k.Bind, "bind"), Short(k.NextPane, "pane"), k.Help, k.Quit}
}

// FullHelp implements help.KeyMap.
func (k Global) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.New, k.Recall, k.Bind, k.MO, k.Write, k.Dismiss}, {k.NextPane, k.PrevPane, k.Help, k.Quit, k.ForceQuit}}
}

// List keys move through a list: the PDU log, the receipts, the MO messages.
type List struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
}

// Step is how far km moves a selection over n items shown page at a time: up and down
// by one, a page, or to either end (the caller clamps). ok is false for other keys.
func (k List) Step(km fmt.Stringer, n, page int) (d int, ok bool) {
	switch {
	case key.Matches(km, k.Up):
		return -1, true
	case key.Matches(km, k.Down):
		return 1, true
	case key.Matches(km, k.PageUp):
		return -page, true
	case key.Matches(km, k.PageDown):
		return page, true
	case key.Matches(km, k.Top):
		return -n, true
	case key.Matches(km, k.Bottom):
		return n, true
	}
	return 0, false
}

// DefaultList is the list movement key map.
func DefaultList() List {
	return List{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d", " "), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "oldest")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "newest")),
	}
}

// Log keys act on the PDU log.
type Log struct {
	List
	Open    key.Binding
	Filter  key.Binding
	Clear   key.Binding
	Follow  key.Binding
	Enquire key.Binding
	Copy    key.Binding
	Find    key.Binding // ctrl+f: find text in the rows shown (see Find)
}

// DefaultLog is the PDU log key map.
func DefaultLog() Log {
	return Log{
		List:    DefaultList(),
		Open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open PDU")),
		Filter:  key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "display filter (smpp.command_id == submit_sm, msg == ID, …)")),
		Clear:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Follow:  key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "follow tail")),
		Enquire: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "show/hide enquire_link")),
		Copy:    key.NewBinding(key.WithKeys("c", "y"), key.WithHelp("c", "copy hex")),
		Find:    key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", "find text in the rows shown")),
	}
}

// ShortHelp implements help.KeyMap.
func (k Log) ShortHelp() []key.Binding {
	return []key.Binding{Short(k.Open, "open"), Short(k.Filter, "filter"), Short(k.Follow, "follow"), Short(k.Enquire, "enquire_link"), k.Copy}
}

// FullHelp implements help.KeyMap.
func (k Log) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Open, k.Filter, k.Clear, k.Find, k.Follow, k.Enquire, k.Copy},
	}
}

// Detail keys act on the opened PDU.
type Detail struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Copy     key.Binding
	Prev     key.Binding
	Next     key.Binding
	Close    key.Binding
}

// DefaultDetail is the PDU detail key map.
func DefaultDetail() Detail {
	return Detail{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous field")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next field")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first field")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last field")),
		Copy:     key.NewBinding(key.WithKeys("c", "y"), key.WithHelp("c", "copy hex")),
		Prev:     key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous PDU")),
		Next:     key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next PDU")),
		Close:    key.NewBinding(key.WithKeys("esc", "enter"), key.WithHelp("esc", "back to log")),
	}
}

// ShortHelp implements help.KeyMap.
func (k Detail) ShortHelp() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("down", "up"), key.WithHelp("↑/↓", "field")),
		k.Copy,
		key.NewBinding(key.WithKeys("[", "]"), key.WithHelp("[/]", "prev/next PDU")),
		Short(k.Close, "back"),
	}
}

// FullHelp implements help.KeyMap.
func (k Detail) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Copy, k.Prev, k.Next, k.Close}}
}

// Compose keys act in the new-message form.
type Compose struct {
	Next     key.Binding
	Prev     key.Binding
	Send     key.Binding
	Close    key.Binding
	Change   key.Binding // cycle a choice forward
	ChangeBk key.Binding // cycle a choice backward
	Advanced key.Binding
	Older    key.Binding // the message sent before the one shown
	Newer    key.Binding // the one after it; the newest is the unsent draft
	// Enter, Up and Down move between fields outside the text area (enter also flips
	// "advanced"). With alt too, as a terminal may send it. Not listed in the help: tab
	// and shift+tab are the keys it teaches.
	Enter key.Binding
	Up    key.Binding
	Down  key.Binding
}

// DefaultCompose is the compose form key map.
func DefaultCompose() Compose {
	return Compose{
		Next:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		Prev:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev field")),
		Send:     key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "send")),
		Close:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave form (n brings the draft back)")),
		Change:   key.NewBinding(key.WithKeys("right", " ", "l"), key.WithHelp("→/space", "next choice")),
		ChangeBk: key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←", "prev choice")),
		Advanced: key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "advanced fields")),
		Older:    key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "previous message sent")),
		Newer:    key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "next message sent (the newest is the draft)")),
		Enter:    key.NewBinding(key.WithKeys("enter", "alt+enter")),
		Up:       key.NewBinding(key.WithKeys("up", "alt+up")),
		Down:     key.NewBinding(key.WithKeys("down", "alt+down")),
	}
}

// ShortHelp implements help.KeyMap.
func (k Compose) ShortHelp() []key.Binding {
	return []key.Binding{k.Send, Short(k.Next, "next"), Short(k.Prev, "prev"),
		key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "choice")), Short(k.Advanced, "advanced"), Short(k.Close, "close")}
}

// FullHelp implements help.KeyMap.
func (k Compose) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev, k.Change, k.ChangeBk}, {k.Send, k.Advanced, k.Older, k.Newer, k.Close}}
}

// Messages keys act on the receipts and MO lists and on what they open (a message's
// timeline, an MO message's detail).
type Messages struct {
	List
	Open key.Binding
	Back key.Binding
}

// DefaultMessages is the receipts key map.
func DefaultMessages() Messages {
	return Messages{
		List: DefaultList(),
		Open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "timeline / open PDU")),
		Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the list")),
	}
}

// DefaultMO is the MO messages key map.
func DefaultMO() Messages {
	k := DefaultMessages()
	k.Open = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "MO detail / open deliver_sm"))
	return k
}

// ShortHelp implements help.KeyMap.
func (k Messages) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "select")), Short(k.Open, "open"), Short(k.Back, "back")}
}

// ShortHelpOpen is ShortHelp offering esc only when something is open to go back from.
func (k Messages) ShortHelpOpen(open bool) []key.Binding {
	h := k.ShortHelp()
	if !open {
		h = h[:len(h)-1]
	}
	return h
}

// FullHelp implements help.KeyMap.
func (k Messages) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Open, k.Back}}
}

// HelpKeys act on the full-help screen.
type HelpKeys struct {
	List
	Close key.Binding
}

// DefaultHelp is the help screen key map.
func DefaultHelp() HelpKeys {
	l := DefaultList()
	l.Up.SetHelp("↑/k", "scroll up")
	l.Down.SetHelp("↓/j", "scroll down")
	l.Top.SetHelp("g/home", "top")
	l.Bottom.SetHelp("G/end", "bottom")
	return HelpKeys{List: l, Close: key.NewBinding(key.WithKeys("esc", "?", "q"), key.WithHelp("esc/?", "close help"))}
}

// ShortHelp implements help.KeyMap.
func (k HelpKeys) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll")), Short(k.PageDown, "page"), k.Close}
}

// FullHelp implements help.KeyMap.
func (k HelpKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Close}}
}
