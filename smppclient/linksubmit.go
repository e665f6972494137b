package smppclient

import (
	"context"
	"fmt"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// A transmitting link's side of Submit: waiting for a bound connection and a window
// slot, sending a part, and recording its outcome.

// waitBound returns the bound connection, waiting while the link is on its way up.
func (l *link) waitBound(ctx context.Context) (*conn, error) {
	for {
		l.mu.Lock()
		cur, state, wanted, stopped, ch := l.cur, l.state, l.wanted, l.stopped, l.changed
		l.mu.Unlock()
		if cur != nil {
			return cur, nil
		}
		switch {
		case l.c.isClosing() || state == Closed:
			return nil, ErrClosed
		case !l.c.started.Load():
			return nil, fmt.Errorf("%w: the client was not started", ErrNotBound)
		case stopped:
			return nil, fmt.Errorf("%w: the link gave up (%s)", ErrNotBound, l.stats().Reason)
		case !wanted:
			return nil, fmt.Errorf("%w: unbound by the operator", ErrNotBound)
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("%w while waiting for the bind (%s)", ctx.Err(), state)
		case <-l.c.closing:
			return nil, ErrClosed
		}
	}
}

// submitPart sends part i of sub: window first, then a bound connection. A part whose
// PDU could not be queued never left the process and is tried again on the next
// connection; once queued, it ends in exactly one outcome.
func (l *link) submitPart(ctx context.Context, sub *Submission, i int) error {
	select {
	case l.window <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("%w while waiting for room in the window", ctx.Err())
	case <-l.c.closing:
		return ErrClosed
	}
	for {
		c, err := l.waitBound(ctx)
		if err != nil {
			<-l.window
			return err
		}
		switch c.submit(sub, i) {
		case submitQueued:
			return nil
		case submitRetry:
			continue
		}
	}
}

// partDone records a part's outcome, frees its window slot and emits it.
func (l *link) partDone(r *request, ev SubmitEvent) {
	if !r.sub.record(r.part, ev) {
		return
	}
	defer r.sub.finish()
	st := &l.c.st
	switch ev.Outcome {
	case Accepted:
		st.accepted.Add(1)
	case Rejected:
		st.rejected.Add(1)
	case TimedOut:
		st.timedOut.Add(1)
	case ConnectionLost:
		st.lost.Add(1)
	}
	if ev.Outcome == Accepted && ev.MessageID != "" {
		l.c.corr.add(sentRef{sub: r.sub, msg: ev.Msg, part: ev.Part, parts: ev.Parts, id: ev.MessageID, at: r.sent})
	}
	// Only now: while the slot is held a receipt that cannot be matched yet is held for
	// this id (correlator.awaiting), on any link or client of a share.
	<-l.window
	l.c.emit(ev)
	if ev.Outcome == Accepted {
		l.c.retryOrphans()
	}
}

func submitEvent(r *request, at time.Time) SubmitEvent {
	p := r.sub.Parts[r.part]
	dest := r.sub.Message.Dest.Addr
	if r.cmd == wire.SubmitMulti {
		dest = multiDest(&r.sub.Message)
	}
	return SubmitEvent{At: at, Msg: r.sub.Msg, Part: p.Index, Parts: p.Total, Seq: r.seq,
		Dest: dest, Command: r.cmd}
}
