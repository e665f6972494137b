package ui

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
)

// pane is what every part of the screen is to the root, after soft-serve's
// common.Component: it takes messages (keys only while it has the focus), draws itself
// at the size it was given, and names its keys for the footer and the help.
//
// View only draws. Scroll positions, sizes and cached rows are settled in Update and
// SetSize, so drawing a frame twice draws the same frame and changes nothing.
type pane interface {
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int)
	help.KeyMap
}

var (
	_ pane = (*pduLog)(nil)       // the PDU log, with its filter prompt
	_ pane = (*pduDetail)(nil)    // one PDU, fields beside the hex dump
	_ pane = (*compose)(nil)      // the new-message form
	_ pane = (*messagesPane)(nil) // the receipts table, a message's timeline in its place, and the MO box below
	_ pane = (*moPane)(nil)       // the MO messages, and one MO message's detail
	_ pane = (*helpPane)(nil)     // the full help behind ?
	_ pane = (*statusBar)(nil)    // the link state and counters at the top
)
