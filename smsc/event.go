package smsc

import (
	"fmt"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// EventKind says what happened on a connection.
type EventKind int

const (
	EventConnect    EventKind = iota // TCP connection accepted
	EventBind                        // bind accepted
	EventBindFailed                  // bind refused (Status says why)
	EventUnbind                      // unbind exchanged (by either side)
	EventDisconnect                  // connection closed (Detail says why)
	EventProtocol                    // a PDU the server could not use (Detail says why)
	EventOutbind                     // outbind sent, or its connection failed (Detail says which)
)

var eventNames = [...]string{"connect", "bind", "bind failed", "unbind", "disconnect", "protocol", "outbind"}

func (k EventKind) String() string {
	if int(k) < len(eventNames) {
		return eventNames[k]
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is one line of the server's log.
type Event struct {
	Time     time.Time
	Kind     EventKind
	Conn     uint64 // connection number, from 1
	Remote   string // client address
	SystemID string
	BindType string // "transmitter", "receiver" or "transceiver"
	Status   uint32 // for EventBindFailed
	Detail   string
}

// String is the event as a log line.
func (e Event) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "#%d %s %s", e.Conn, e.Remote, e.Kind)
	if e.SystemID != "" {
		fmt.Fprintf(&b, " system_id=%q", e.SystemID)
	}
	if e.BindType != "" {
		b.WriteString(" as " + e.BindType)
	}
	if e.Kind == EventBindFailed {
		b.WriteString(": " + wire.StatusString(e.Status))
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	return b.String()
}
