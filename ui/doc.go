// Package ui is smppconsole's terminal interface, built with Bubble Tea: the status bar,
// the compose form with its live segment counter, the live PDU log with a Wireshark-style
// detail view, and the receipts and MO panel.
//
// The root Model holds a mode and the panes; each pane owns its state, its keys (package
// ui/keys) and its help. Session events arrive in batches from a command that waits on
// the client's channel, so a burst costs one Update and one View per frame. Nothing here
// does I/O in Update or View: submits, binds, stats and clipboard writes run in commands.
package ui
