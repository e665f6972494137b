package smppclient

import (
	"context"
	"fmt"
	"sync"

	"github.com/smppconsole/smppconsole/message"
)

// Submission is one logical message on its way: its parts and, as they arrive, each
// part's terminal outcome.
type Submission struct {
	Msg     uint64 // the session's number for the message, as in SubmitEvent.Msg
	Message message.Message
	Parts   []message.Part

	mu       sync.Mutex
	outcomes []SubmitEvent // Parts != 0 once the part has its outcome
	left     int           // parts without an outcome that will still get one
	unsent   int
	err      error
	done     chan struct{}
}

func newSubmission(msg uint64, m message.Message, parts []message.Part) *Submission {
	return &Submission{
		Msg:      msg,
		Message:  m,
		Parts:    parts,
		outcomes: make([]SubmitEvent, len(parts)),
		left:     len(parts),
		done:     make(chan struct{}),
	}
}

// Done is closed when every part that was sent has its outcome.
func (s *Submission) Done() <-chan struct{} { return s.done }

// Outcomes returns the outcomes so far, in part order; parts without one (yet, or never
// sent) are left out.
func (s *Submission) Outcomes() []SubmitEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]SubmitEvent, 0, len(s.outcomes))
	for _, o := range s.outcomes {
		if o.Parts != 0 {
			out = append(out, o)
		}
	}
	return out
}

// Err says why some parts were never sent, or nil.
func (s *Submission) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Unsent is the number of parts that were never sent.
func (s *Submission) Unsent() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.unsent
}

// Wait waits for the outcomes of every part that was sent. The error is ctx's, or the
// reason some parts were never sent.
func (s *Submission) Wait(ctx context.Context) ([]SubmitEvent, error) {
	select {
	case <-s.done:
		return s.Outcomes(), s.Err()
	case <-ctx.Done():
		return s.Outcomes(), ctx.Err()
	}
}

// record stores part i's outcome; it reports false if the part already had one (which
// would be a bug: every part ends exactly once). finish, called after the outcome has
// been counted and emitted, lets Done fire: whoever waits on it then sees the event,
// the counters and the window slot already accounted for.
func (s *Submission) record(i int, ev SubmitEvent) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.outcomes[i].Parts != 0 {
		return false
	}
	s.outcomes[i] = ev
	return true
}

func (s *Submission) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.left--
	if s.left == 0 {
		close(s.done)
	}
}

// notSent marks parts i… as never sent.
func (s *Submission) notSent(i int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.Parts) - i
	s.unsent += n
	s.err = fmt.Errorf("part %d of %d not sent: %w", i+1, len(s.Parts), err)
	s.left -= n
	if s.left == 0 {
		close(s.done)
	}
}
