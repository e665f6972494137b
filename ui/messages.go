package ui

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	osc52 "github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
)

// Messages the root model receives. Data messages go to the pane that owns them; the
// small constructors beside them are the only places a command does I/O.

// eventsMsg is a batch of session events, drained from the channel in one go.
type eventsMsg struct {
	events []smppclient.Event
	closed bool // the channel closed after these
}

// statsMsg is a snapshot of the session's counters.
type statsMsg smppclient.Stats

// tickMsg drives the status bar's clock-dependent text and the stats poll.
type tickMsg time.Time

// submitDoneMsg reports that Submit returned for the message the form queued as local.
type submitDoneMsg struct {
	local int
	msg   uint64 // the session's number, 0 if Submit failed before numbering it
	parts int
	err   error
}

// moDoneMsg reports the simulator's answer to m.
type moDoneMsg struct{ err error }

// copyDoneMsg reports an OSC 52 copy.
type copyDoneMsg struct {
	octets int
	err    error
}

// Messages panes send to the root to change what is shown.
type (
	openPDUMsg struct{ pos uint64 }
	copyPDUMsg struct{ pos uint64 }
	stepPDUMsg struct {
		pos uint64
		d   int
	}
	closeDetailMsg struct{}
	filterStepMsg  struct{ gen int }
	sendFormMsg    struct{ msg message.Message }
	closeFormMsg   struct{}
	// noticeMsg puts a line in the footer: a connection event's whole text.
	noticeMsg struct {
		text string
		bad  bool
	}
)

func msgCmd(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

func openPDU(p uint64) tea.Cmd           { return msgCmd(openPDUMsg{p}) }
func copyPDU(p uint64) tea.Cmd           { return msgCmd(copyPDUMsg{p}) }
func stepPDU(p uint64, d int) tea.Cmd    { return msgCmd(stepPDUMsg{p, d}) }
func filterStep(gen int) tea.Cmd         { return msgCmd(filterStepMsg{gen}) }
func closeDetail() tea.Msg               { return closeDetailMsg{} }
func closeForm() tea.Msg                 { return closeFormMsg{} }
func sendForm(m message.Message) tea.Cmd { return msgCmd(sendFormMsg{m}) }

// Event relay tuning: at most maxBatch events per message, and after the first event of
// a quiet spell the relay keeps collecting for one frame, so a burst costs one Update and
// one View per frame instead of one per PDU.
const (
	maxBatch = 4096
	frame    = time.Second / 60
)

// waitEvents waits for the next event on ch and returns it with whatever else arrives
// within a frame. The root re-arms it after each batch (the realtime example's pattern).
func waitEvents(ch <-chan smppclient.Event) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return eventsMsg{closed: true}
		}
		batch := make([]smppclient.Event, 1, 64)
		batch[0] = ev
		deadline := time.NewTimer(frame)
		defer deadline.Stop()
		for len(batch) < maxBatch {
			select {
			case ev, ok := <-ch:
				if !ok {
					return eventsMsg{events: batch, closed: true}
				}
				batch = append(batch, ev)
			case <-deadline.C:
				return eventsMsg{events: batch}
			}
		}
		return eventsMsg{events: batch}
	}
}

// statsInterval is how often the status bar's counters are refreshed.
const statsInterval = 500 * time.Millisecond

func tick() tea.Cmd {
	return tea.Tick(statsInterval, func(t time.Time) tea.Msg { return tickMsg(t) })
}

func fetchStats(s Session) tea.Cmd {
	return func() tea.Msg { return statsMsg(s.Stats()) }
}

// submit hands the message to the session. Submit waits for room in the window, so it
// runs here, never in Update.
func submit(s Session, local int, m message.Message) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		sub, err := s.Submit(ctx, m)
		d := submitDoneMsg{local: local, err: err}
		if sub != nil {
			d.msg, d.parts = sub.Msg, len(sub.Parts)
		}
		return d
	}
}

func bindCmd(s Session, unbind bool) tea.Cmd {
	return func() tea.Msg {
		if unbind {
			s.Unbind()
		} else {
			s.Bind()
		}
		return nil
	}
}

func sendMO(fn func(context.Context) error) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return moDoneMsg{fn(ctx)}
	}
}

// copyHex puts the PDU's hex on the clipboard with OSC 52, which works over SSH and in
// most terminals; inside tmux or screen it is wrapped so the multiplexer passes it on.
func copyHex(w io.Writer, raw []byte, term string) tea.Cmd {
	h := hex.EncodeToString(raw)
	return func() tea.Msg {
		if w == nil {
			return copyDoneMsg{err: fmt.Errorf("no terminal to copy through")}
		}
		seq := osc52.New(h)
		var err error
		switch term {
		case "tmux":
			// Plain OSC 52 works with tmux's set-clipboard on; the passthrough form with
			// allow-passthrough on. Send both: the one tmux does not take is ignored.
			if _, err = seq.WriteTo(w); err == nil {
				_, err = seq.Tmux().WriteTo(w)
			}
		case "screen":
			_, err = seq.Screen().WriteTo(w)
		default:
			_, err = seq.WriteTo(w)
		}
		return copyDoneMsg{octets: len(raw), err: err}
	}
}
