package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// rawSender is a session that can put raw octets on the wire (a *smppclient.Client).
// It is asked for by assertion, so a Session without it still runs the console.
type rawSender interface {
	SendRaw(ctx context.Context, raw []byte, opt smppclient.RawOptions) (*smppclient.Response, error)
}

var _ rawSender = (*smppclient.Client)(nil)

// invalidNote marks in the log, its row and its detail, a PDU sent on purpose though
// it breaks the rules.
const invalidNote = "deliberately invalid"

// isInvalid reports whether a log note marks its PDU deliberately invalid.
func isInvalid(note string) bool { return strings.HasPrefix(note, invalidNote) }

func joinNote(a, b string) string {
	if b == "" {
		return a
	}
	return a + "; " + b
}

// rawDoneMsg is SendRaw's outcome: the response, or why there is none.
type rawDoneMsg struct {
	resp    *smppclient.Response
	err     error
	invalid bool
}

// rawTimeout bounds the wait for a raw PDU's answer beyond the session's own
// ResponseTimeout, so a command never outlives a console that was left open.
const rawTimeout = 2 * time.Minute

func (m *Model) sendRaw(msg rawSendMsg) tea.Cmd {
	s, ok := m.sess.(rawSender)
	if !ok {
		m.raw.answered(rawDoneMsg{err: fmt.Errorf("this session cannot send raw PDUs")})
		return nil
	}
	ctx := m.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, rawTimeout)
		defer cancel()
		resp, err := s.SendRaw(ctx, msg.raw, smppclient.RawOptions{KeepSeq: msg.keepSeq, Invalid: msg.invalid})
		return rawDoneMsg{resp: resp, err: err, invalid: msg.invalid}
	}
}

// answered puts the answer to the last raw PDU in words: "generic_nack
// ESME_RINVCMDLEN (0x00000002) seq 5 in 1.2ms".
func (c *rawComposer) answered(d rawDoneMsg) {
	c.sending = false
	switch {
	case d.err != nil:
		c.answer, c.answerBad = "no answer: "+d.err.Error(), true
	case d.resp == nil || d.resp.Raw == nil:
		// A response, or octets too short for a sequence_number: nothing is awaited.
		c.answer, c.answerBad = "written; no answer is awaited for it", false
	default:
		h := d.resp.Header
		c.answer = fmt.Sprintf("answer: %s %s, seq %d, %s", wire.CommandName(h.ID), wire.StatusName(h.Status), h.Seq, fmtDuration(d.resp.Latency))
		c.answerBad = h.Status != wire.StatusOK || h.ID == wire.GenericNack
	}
	if d.invalid {
		c.answer += " (sent anyway, deliberately invalid)"
	}
}
