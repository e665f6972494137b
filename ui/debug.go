package ui

import (
	"bufio"
	"fmt"
	"io"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/smppclient"
)

// DebugLog writes every message the model handles to a file (--debug FILE), the way pug
// does, but from its own goroutine: Update only formats the line and hands it over, and
// drops it if the writer has fallen far behind, so debugging never stalls the screen.
type DebugLog struct {
	showSecrets bool
	lines       chan string
	done        chan struct{}
	once        sync.Once
	mu          sync.Mutex
	dropped     int
}

// NewDebugLog starts writing to w. Bind passwords in PDUs are redacted unless
// showSecrets. Close flushes and stops it.
func NewDebugLog(w io.Writer, showSecrets bool) *DebugLog {
	d := &DebugLog{showSecrets: showSecrets, lines: make(chan string, 8192), done: make(chan struct{})}
	go d.run(w)
	return d
}

func (d *DebugLog) run(w io.Writer) {
	defer close(d.done)
	bw := bufio.NewWriter(w)
	for l := range d.lines {
		_, _ = bw.WriteString(l)
		if len(d.lines) == 0 {
			_ = bw.Flush()
		}
	}
	d.mu.Lock()
	if d.dropped > 0 {
		fmt.Fprintf(bw, "(%d debug lines dropped: the writer fell behind)\n", d.dropped)
	}
	d.mu.Unlock()
	_ = bw.Flush()
}

// Log records one message.
func (d *DebugLog) Log(msg tea.Msg) {
	if d == nil {
		return
	}
	now := time.Now().Format("15:04:05.000000")
	var lines []string
	switch m := msg.(type) {
	case eventsMsg:
		// One line per event: a batch of a thousand PDUs as one line is unreadable.
		lines = append(lines, fmt.Sprintf("%s ui.eventsMsg %d events closed=%v\n", now, len(m.events), m.closed))
		for _, ev := range m.events {
			if p, ok := ev.(smppclient.PDUEvent); ok {
				raw := p.Raw
				if !d.showSecrets {
					raw = dissect.Redact(raw)
				}
				lines = append(lines, fmt.Sprintf("%s   PDUEvent %s %s %s % x %s\n", now, p.Link, p.Dir, p.Header, raw, p.Note))
				continue
			}
			lines = append(lines, fmt.Sprintf("%s   %T %+v\n", now, ev, ev))
		}
	default:
		lines = append(lines, fmt.Sprintf("%s %T %+v\n", now, msg, msg))
	}
	for _, l := range lines {
		select {
		case d.lines <- l:
		default:
			d.mu.Lock()
			d.dropped++
			d.mu.Unlock()
		}
	}
}

// Close writes what is queued and stops. It is safe to call more than once.
func (d *DebugLog) Close() {
	if d == nil {
		return
	}
	d.once.Do(func() { close(d.lines) })
	<-d.done
}
