package ui

import (
	"context"
	"io"
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
)

// Session is the part of *smppclient.Client the console drives. Tests use a fake.
type Session interface {
	Events() <-chan smppclient.Event
	Bind()
	Unbind()
	Submit(ctx context.Context, m message.Message) (*smppclient.Submission, error)
	Stats() smppclient.Stats
}

var _ Session = (*smppclient.Client)(nil)

// Options configure the console.
type Options struct {
	Session Session

	// Label names what the console is connected to: "simulator" for the embedded SMSC,
	// else the profile name or the address. Simulator makes the label stand out.
	Label string
	// Journal is the file the session is recorded to ("" : not recorded).
	Journal   string
	Simulator bool
	// SendMO asks the embedded simulator for a mobile-originated message (the m key);
	// nil when not on the simulator.
	SendMO func(context.Context) error

	// Defaults fill a new message: the profile's source address, coding, split method,
	// registered_delivery and advanced fields.
	Defaults message.Message

	LogSize     int  // PDUs retained in the log, default DefaultLogSize
	ShowSecrets bool // show bind passwords in the log and detail

	Now      func() time.Time // the clock, fixed in golden tests
	Location *time.Location   // time zone of the log's times, default time.Local
	NoColor  bool             // plain styles (NO_COLOR)

	// Output is the terminal. Run draws on it (default os.Stdout) and the OSC 52 copy
	// writes to it, both through one lock, so a copy never lands inside a frame. Term is
	// "tmux", "screen" or "" to choose how the copy is wrapped. Input is the keyboard
	// (default os.Stdin).
	Output io.Writer
	Term   string
	Input  io.Reader

	// LoadClients are the sessions the load panel (L) sends its bursts on; nil: the
	// Session when it is a *smppclient.Client.
	LoadClients []*smppclient.Client

	// Debug, when set, receives every message the model handles.
	Debug *DebugLog

	// ReadOnly, when set, names the file the console shows (smppconsole open): keys that
	// would send say so instead.
	ReadOnly string

	// FilterHistory is the file of the display filters used recently: "" the state
	// directory's (FilterHistoryPath), "-" none kept.
	FilterHistory string

	// Notice is a warning (about the config file, say) kept in the status bar, in full,
	// until the operator dismisses it with x.
	Notice string

	// Connector opens the sessions of tabs, and Tabs are the tabs to open at start, in
	// order: with either, Run runs the App (tabs) rather than one console on Session.
	Connector Connector
	Tabs      []TabRequest
}
