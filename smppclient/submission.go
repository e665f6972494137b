package smppclient

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/smppconsole/smppconsole/message"
)

// Submission is one logical message on its way: its parts and, as they arrive, each
// part's terminal outcome, its late response if it had one, and its delivery receipts.
// Everything is recorded before its event is emitted, so whoever reads an event finds
// it here already.
type Submission struct {
	Msg     uint64 // the session's number for the message, as in SubmitEvent.Msg
	Message message.Message
	Parts   []message.Part // shared by the Submissions of one message (see build): read-only

	mu         sync.Mutex
	parts      []partTrack // one per part, in part order (one allocation for all)
	late       []LateEvent // in arrival order
	receipts   []ReceiptEvent
	left       int // parts without an outcome that will still get one
	unsent     int
	err        error
	done       chan struct{} // made when first asked for (nil: nobody has); see signal
	dlrsDone   chan struct{} // closed when WaitReceipts has nothing more to wait for; as done
	dlrsClosed bool
	one        [1]partTrack // parts of a single-part message: no allocation of their own
}

// closed is the channel of a Submission that was done before anyone asked.
var closed = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// signal closes *ch, or, if nobody has asked for it yet, sets it to closed; under mu.
func signal(ch *chan struct{}) {
	if *ch == nil {
		*ch = closed
	} else {
		close(*ch)
	}
}

// wait returns *ch, made if needed, already closed if fired; under mu.
func wait(ch *chan struct{}, fired bool) chan struct{} {
	if *ch == nil {
		if fired {
			*ch = closed
		} else {
			*ch = make(chan struct{})
		}
	}
	return *ch
}

// partTrack is what a Submission knows of one part.
type partTrack struct {
	outcome  SubmitEvent // Parts != 0 once the part has its outcome
	standing int         // index in receipts of its final receipt, else its latest; -1 none
	lateOK   bool        // accepted by a late submit_sm_resp
}

func newSubmission(msg uint64, m message.Message, parts []message.Part) *Submission {
	s := &Submission{Msg: msg, Message: m, Parts: parts, left: len(parts)}
	if len(parts) == 1 {
		s.parts = s.one[:]
	} else {
		s.parts = make([]partTrack, len(parts))
	}
	for i := range s.parts {
		s.parts[i].standing = -1
	}
	return s
}

// Done is closed when every part that was sent has its outcome.
func (s *Submission) Done() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return wait(&s.done, s.left == 0)
}

// Outcomes returns the outcomes so far, in part order; parts without one (yet, or never
// sent) are left out.
func (s *Submission) Outcomes() []SubmitEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]SubmitEvent, 0, len(s.parts))
	for _, p := range s.parts {
		if p.outcome.Parts != 0 {
			out = append(out, p.outcome)
		}
	}
	return out
}

// Outcome is part's outcome (part counts from 1), if it has one.
func (s *Submission) Outcome(part int) (SubmitEvent, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if part < 1 || part > len(s.parts) || s.parts[part-1].outcome.Parts == 0 {
		return SubmitEvent{}, false
	}
	return s.parts[part-1].outcome, true
}

// Receipts returns every receipt correlated to the message so far, intermediate ones
// included, in arrival order. A receipt first reported unmatched and then rematched
// (ReceiptEvent.Rematched) is here once, on its part.
func (s *Submission) Receipts() []ReceiptEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ReceiptEvent(nil), s.receipts...)
}

// Receipt is what stands for part (counting from 1): its final receipt, or else the
// latest intermediate one.
func (s *Submission) Receipt(part int) (ReceiptEvent, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if part < 1 || part > len(s.parts) || s.parts[part-1].standing < 0 {
		return ReceiptEvent{}, false
	}
	return s.receipts[s.parts[part-1].standing], true
}

// Late returns the responses that came after their part had timed out, in arrival order.
func (s *Submission) Late() []LateEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]LateEvent(nil), s.late...)
}

// Progress is a consistent count of what a Submission holds, for a presenter deciding
// whether it is done.
type Progress struct {
	Parts    int // parts of the message
	Outcomes int // parts with an outcome
	Accepted int // parts accepted (in time)
	Receipts int // receipts correlated, intermediate ones included
	Finals   int // parts with a final receipt
}

// Progress counts outcomes and receipts at one instant.
func (s *Submission) Progress() Progress {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := Progress{Parts: len(s.Parts), Receipts: len(s.receipts)}
	for i, t := range s.parts {
		if t.outcome.Parts != 0 {
			p.Outcomes++
			if t.outcome.Outcome == Accepted {
				p.Accepted++
			}
		}
		if s.final(i) {
			p.Finals++
		}
	}
	return p
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
	case <-s.Done():
		return s.Outcomes(), s.Err()
	case <-ctx.Done():
		return s.Outcomes(), ctx.Err()
	}
}

// WaitReceipts waits for the outcomes, then for a final receipt of every part that was
// accepted (in time, or by a late submit_sm_resp that came while the wait was on) when
// the message asked for a receipt on its final state (registered_delivery ReceiptOnFinal). Intermediate receipts are
// collected but do not end the wait; nor does a receipt asked for only on failure,
// which may never come. It returns every receipt so far; the error is ctx's, or the
// reason some parts were never sent.
func (s *Submission) WaitReceipts(ctx context.Context) ([]ReceiptEvent, error) {
	s.mu.Lock()
	dlrs := wait(&s.dlrsDone, s.dlrsClosed)
	s.mu.Unlock()
	select {
	case <-dlrs:
		return s.Receipts(), s.Err()
	case <-ctx.Done():
		return s.Receipts(), ctx.Err()
	}
}

// final reports whether part i has a final receipt; under mu.
func (s *Submission) final(i int) bool {
	k := s.parts[i].standing
	return k >= 0 && s.receipts[k].Receipt.HasState && s.receipts[k].Receipt.State.Final()
}

// checkReceipts closes dlrsDone when nothing more is awaited; under mu.
func (s *Submission) checkReceipts() {
	if s.left > 0 || s.dlrsClosed {
		return
	}
	if s.Message.RegisteredDelivery&0x03 == message.ReceiptOnFinal {
		for i, t := range s.parts {
			if (t.outcome.Parts != 0 && t.outcome.Outcome == Accepted || t.lateOK) && !s.final(i) {
				return
			}
		}
	}
	signal(&s.dlrsDone)
	s.dlrsClosed = true
}

// record stores part i's outcome; it reports false if the part already had one (which
// would be a bug: every part ends exactly once). finish, called after the outcome has
// been counted and emitted, lets Done fire: whoever waits on it then sees the event,
// the counters and the window slot already accounted for.
func (s *Submission) record(i int, ev SubmitEvent) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.parts[i].outcome.Parts != 0 {
		return false
	}
	s.parts[i].outcome = ev
	return true
}

func (s *Submission) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.left--
	if s.left == 0 {
		signal(&s.done)
	}
	s.checkReceipts()
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
		signal(&s.done)
	}
	s.checkReceipts()
}

// addLate records a late response to part i (from 0); one with a message_id accepted
// the part after all, and its receipts are then awaited.
func (s *Submission) addLate(i int, ev LateEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.late = append(s.late, ev)
	if ev.MessageID != "" && i >= 0 && i < len(s.parts) {
		s.parts[i].lateOK = true
	}
}

// addReceipt records a correlated receipt on its part. A final receipt stands for the
// part from then on; a later intermediate one does not replace it.
func (s *Submission) addReceipt(ev ReceiptEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := ev.Part - 1
	if i < 0 || i >= len(s.parts) {
		return
	}
	s.receipts = append(s.receipts, ev)
	if !s.final(i) {
		s.parts[i].standing = len(s.receipts) - 1
	}
	s.checkReceipts()
}

// multiDest names submit_multi's destinations as ParseDestinations reads them.
func multiDest(m *message.Message) string {
	var b strings.Builder
	for _, d := range m.Dests {
		if b.Len() > 0 {
			b.WriteByte(';')
		}
		b.WriteString(d.Addr)
	}
	for _, l := range m.DistLists {
		if b.Len() > 0 {
			b.WriteByte(';')
		}
		b.WriteString(message.DLPrefix + l)
	}
	return b.String()
}
