package smsc

import (
	"context"
	"errors"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// drainPoll is how often Drain looks whether the receipts due within the grace are out.
const drainPoll = 5 * time.Millisecond

// Shutdown is Drain without a grace: submissions already read are answered, then every
// bound client is unbound.
func (s *Server) Shutdown(ctx context.Context) error { return s.Drain(ctx, 0) }

// Drain stops the server the way an SMSC going down for maintenance should, so that an
// ESME under test loses nothing silently:
//
//  1. it stops accepting connections, closes those not bound, and answers every
//     submission read from now on with ESME_RTHROTTLED;
//  2. for up to grace it keeps delivering: receipts falling due within the grace are
//     sent and their deliver_sm_resp awaited, as are deliver_sm already queued;
//  3. it sends unbind to every bound client, after the responses to all submissions
//     read before it (held-back ones too), and waits for the unbind_resp.
//
// ctx bounds all of it; when ctx is done first, the connections left are closed and
// Drain returns ctx.Err(). It returns when every goroutine of the server has stopped.
// A second call waits for the first.
func (s *Server) Drain(ctx context.Context, grace time.Duration) error {
	s.mu.Lock()
	if s.state == stateClosed {
		s.mu.Unlock()
		s.wg.Wait()
		return nil
	}
	started := s.state == stateServing
	s.state = stateClosed
	s.draining.Store(true)
	s.obStop() // no more outbind: a dial under way is cancelled
	ln := s.ln
	idle := make(chan struct{})
	if len(s.conns) == 0 {
		close(idle)
	} else {
		s.idle = idle
	}
	var unbound []*conn
	for e := s.unbound.Front(); e != nil; e = e.Next() {
		unbound = append(unbound, e.Value.(*conn))
	}
	s.mu.Unlock()
	if !started {
		return nil
	}
	if ln != nil {
		ln.Close()
	}
	for _, c := range unbound {
		c.abort("server shutting down")
	}

	err := s.grace(ctx, idle, grace)
	if err == nil {
		for _, c := range s.connList() {
			c.requestUnbind()
		}
		select {
		case <-idle:
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	if err != nil {
		for _, c := range s.connList() {
			c.abort("shutdown deadline passed")
		}
	}
	close(s.stop)
	s.wg.Wait()
	return err
}

// grace waits until nothing due within grace is left to deliver, the grace is over,
// every connection is gone, or ctx is done (then it returns ctx.Err()).
func (s *Server) grace(ctx context.Context, idle <-chan struct{}, grace time.Duration) error {
	if grace <= 0 {
		return nil
	}
	until := time.Now().Add(grace)
	timer := time.NewTimer(grace)
	defer timer.Stop()
	tick := time.NewTicker(drainPoll)
	defer tick.Stop()
	quiet := 0
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-idle:
			return nil
		case <-timer.C:
			return nil
		case <-tick.C:
		}
		// Twice in a row: a deliver_sm answered with a temporary error passes from the
		// window to the scheduler, and one look could fall between the two.
		if quiet = quiet + 1; !s.settled(until.UnixNano()) {
			quiet = 0
		}
		if quiet >= 2 {
			return nil
		}
	}
}

// settled reports whether every receipt and retry falling due by until has been sent
// and answered, and nothing is queued for a bound receiver.
func (s *Server) settled(until int64) bool {
	s.fireMu.Lock()
	at, ok := s.sched.first()
	s.fireMu.Unlock()
	if ok && at <= until {
		return false
	}
	for _, c := range s.connList() {
		c.mu.Lock()
		busy := !c.dead && c.bound && c.bindID != wire.BindTransmitter && (c.own.len() > 0 || len(c.inflight) > 0)
		c.mu.Unlock()
		if busy {
			return false
		}
	}
	for _, a := range s.acctList {
		a.mu.Lock()
		busy := a.pending.len() > 0 && len(a.receivers) > 0
		a.mu.Unlock()
		if busy {
			return false
		}
	}
	return true
}

func (s *Server) connList() []*conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	return conns
}

// Close stops the server at once: connections are closed without unbind. During a
// Drain it waits for it; cancel the Drain's context to end that at once.
func (s *Server) Close() error {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := s.Shutdown(ctx)
	if errors.Is(err, context.Canceled) {
		err = nil
	}
	return err
}
