package smppclient

import (
	"fmt"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// startKeepalive starts enquire_link once bound.
func (c *conn) startKeepalive() {
	c.mu.Lock()
	c.bound = true
	if c.c.s.EnquireLinkInterval > 0 {
		// The first enquire_link goes at once: it proves the bound link carries traffic
		// and gives the operator a round-trip time now, not an interval from now.
		c.nextEL = time.Now()
	}
	c.mu.Unlock()
	c.wake()
}

// keeper times requests out and sends enquire_link on the interval. The link is dead
// when an enquire_link goes unanswered and nothing at all has come from the SMSC for
// EnquireLinkTimeout: a slow SMSC still answering other requests is not dead.
func (c *conn) keeper() {
	defer c.wg.Done()
	s := &c.c.s
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	var expired []*request
	for {
		now := time.Now()
		expired = expired[:0]
		sendEL := false
		c.emitMu.Lock()
		c.mu.Lock()
		for c.order.len() > 0 {
			r := c.order.peek()
			if r.done {
				c.order.pop()
				continue
			}
			if now.Before(r.deadline) {
				break
			}
			c.order.pop()
			r.done = true
			delete(c.pending, r.seq)
			c.rememberLateLocked(r)
			expired = append(expired, r)
		}
		wake := now.Add(time.Hour)
		if c.order.len() > 0 {
			wake = c.order.peek().deadline
		}
		var dead error
		if el := c.elOut; el != nil && !c.failed {
			dead = c.checkEnquireLinkLocked(el, now)
			if el.deadline.Before(wake) {
				wake = el.deadline
			}
		}
		if c.bound && !c.failed && s.EnquireLinkInterval > 0 {
			if c.elOut == nil && !now.Before(c.nextEL) {
				sendEL = true
				c.nextEL = now.Add(s.EnquireLinkInterval)
			}
			// While one is outstanding its deadline bounds the wait; waking on a nextEL
			// already past would spin until it is answered.
			if c.elOut == nil && c.nextEL.Before(wake) {
				wake = c.nextEL
			}
		}
		c.mu.Unlock()
		for _, r := range expired {
			c.timedOut(r, now)
		}
		c.emitMu.Unlock()
		if dead != nil {
			c.fail(dead)
			return
		}
		if sendEL {
			c.enquireLink()
		}
		t.Reset(time.Until(wake))
		select {
		case <-t.C:
		case <-c.kick:
		case <-c.dead:
			return
		}
	}
}

func (c *conn) rememberLateLocked(r *request) {
	if c.late == nil {
		return
	}
	if c.lateOrder.len() >= maxLate {
		delete(c.late, c.lateOrder.pop())
	}
	c.late[r.seq] = r
	c.lateOrder.push(r.seq)
}

func (c *conn) timedOut(r *request, now time.Time) {
	switch {
	case r.sub != nil:
		ev := submitEvent(r, c.c.now())
		ev.Outcome, ev.Latency = TimedOut, now.Sub(r.sent)
		c.l.partDone(r, ev)
	case r.op != nil:
		c.opDone(r, respResult{err: errTimedOut}, now)
	}
}

// checkEnquireLinkLocked decides, once el's deadline has passed, whether the link is
// dead: only if nothing has been read for EnquireLinkTimeout since el was sent. A PDU
// read since is life, and moves the deadline to a timeout after it.
func (c *conn) checkEnquireLinkLocked(el *request, now time.Time) error {
	if now.Before(el.deadline) {
		return nil
	}
	timeout := c.c.s.EnquireLinkTimeout
	quiet := el.sent
	if last := time.Unix(0, c.lastRead.Load()); last.After(quiet) {
		quiet = last
	}
	if now.Sub(quiet) < timeout {
		el.deadline = quiet.Add(timeout)
		return nil
	}
	if quiet == el.sent {
		return fmt.Errorf("link declared dead: no enquire_link_resp in %s", timeout)
	}
	return fmt.Errorf("link declared dead: no enquire_link_resp in %s, and nothing from the SMSC for %s",
		now.Sub(el.sent).Round(time.Millisecond), timeout)
}

func (c *conn) enquireLink() {
	c.reqMu.Lock()
	defer c.reqMu.Unlock()
	if c.noReqs {
		return
	}
	seq := c.l.nextSeq()
	now := time.Now()
	r := &request{seq: seq, cmd: wire.EnquireLink, sent: now, deadline: now.Add(c.c.s.EnquireLinkTimeout)}
	c.mu.Lock()
	if c.failed || !c.bound {
		c.mu.Unlock()
		return
	}
	c.elOut = r
	c.pending[seq] = r
	c.mu.Unlock()
	// The keeper chose its next wake before this request existed: make it look again, or
	// this deadline (and any request queued behind it) waits for the next keepalive.
	c.wake()
	_ = c.send(wire.HeaderOnly(wire.EnquireLink, 0, seq), "")
}
