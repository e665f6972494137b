package ui

import (
	"bytes"
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

// submit hands the message to the session. Submit waits for room in the window, so it
// runs here, never in Update; it gives up when the console stops (ctx).
func submit(ctx context.Context, s Session, local int, m message.Message) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
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

func sendMO(ctx context.Context, fn func(context.Context) error) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		return moDoneMsg{fn(ctx)}
	}
}

// copyHex puts the PDU's hex on the clipboard with OSC 52, which works over SSH and in
// most terminals; inside tmux or screen it is wrapped so the multiplexer passes it on.
// w is the writer Bubble Tea draws through (Run's output lock): the sequence goes out
// between two frames, in one write, never inside one.
func copyHex(w io.Writer, raw []byte, term string) tea.Cmd {
	h := hex.EncodeToString(raw)
	return func() tea.Msg {
		if w == nil {
			return copyDoneMsg{err: fmt.Errorf("no terminal to copy through")}
		}
		seq := osc52.New(h)
		var b bytes.Buffer
		switch term {
		case "tmux":
			// Plain OSC 52 works with tmux's set-clipboard on; the passthrough form with
			// allow-passthrough on. Send both: the one tmux does not take is ignored.
			_, _ = seq.WriteTo(&b)
			_, _ = seq.Tmux().WriteTo(&b)
		case "screen":
			_, _ = seq.Screen().WriteTo(&b)
		default:
			_, _ = seq.WriteTo(&b)
		}
		_, err := w.Write(b.Bytes())
		return copyDoneMsg{octets: len(raw), err: err}
	}
}
