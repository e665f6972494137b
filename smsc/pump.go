package smsc

import (
	"fmt"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// What the server originates on a connection (deliver_sm, enquire_link, unbind, delayed
// responses) and the client's answers to it.

// onResponse matches a client's response to what the server sent.
func (c *conn) onResponse(h wire.Header) {
	s := c.srv
	switch h.ID {
	case wire.DeliverSMResp, wire.DataSMResp, wire.GenericNack:
		c.mu.Lock()
		d := c.inflight[h.Seq]
		if d != nil {
			delete(c.inflight, h.Seq)
		}
		matchedEL := h.ID == wire.GenericNack && h.Seq == c.elSeq && c.elSeq != 0
		if matchedEL {
			c.elSeq, c.elLast = 0, time.Now().UnixNano()
		}
		c.mu.Unlock()
		if d == nil {
			if !matchedEL {
				c.event(EventProtocol, 0, fmt.Sprintf("%s seq %d answers nothing the server sent", wire.CommandName(h.ID), h.Seq))
			}
			return
		}
		c.signal() // room in the window
		switch {
		case h.ID != wire.GenericNack && h.Status == wire.StatusOK:
			if d.mo {
				s.n.moAcked.Add(1)
			} else {
				s.n.receiptsAcked.Add(1)
			}
		case h.ID != wire.GenericNack && temporary(h.Status) && int(d.attempts) < s.cfg.DeliverRetries:
			s.n.deliverRetries.Add(1)
			r := d.clone()
			r.attempts++
			s.sched.push(task{at: time.Now().UnixNano() + int64(s.cfg.RetryDelay), kind: taskRetry, d: r})
		default:
			if d.mo {
				s.n.moFailed.Add(1)
			} else {
				s.n.receiptsFailed.Add(1)
			}
		}
	case wire.EnquireLinkResp:
		c.mu.Lock()
		if h.Seq == c.elSeq {
			c.elSeq, c.elLast = 0, time.Now().UnixNano()
		}
		c.mu.Unlock()
	case wire.UnbindResp:
		c.mu.Lock()
		ours := c.unbindSeq != 0 && h.Seq == c.unbindSeq
		c.mu.Unlock()
		if ours {
			c.srv.n.unbinds.Add(1)
			c.event(EventUnbind, 0, "unbind_resp received")
			c.abortGracefully()
		}
	default:
		c.event(EventProtocol, 0, fmt.Sprintf("unexpected %s seq %d", wire.CommandName(h.ID), h.Seq))
	}
}

// abortGracefully ends the read loop without losing queued writes: the server's unbind
// was answered, so the client will send nothing more that matters.
func (c *conn) abortGracefully() {
	_ = c.nc.SetReadDeadline(time.Unix(1, 0))
	c.mu.Lock()
	if c.dropReason == "" {
		c.dropReason = "unbound by the server"
	}
	c.mu.Unlock()
}

func temporary(status uint32) bool {
	switch status {
	case wire.StatusXTAppn, wire.StatusMsgQFul, wire.StatusThrottled, wire.StatusSysErr:
		return true
	}
	return false
}

// enqueue gives the connection a deliver_sm to send; false if it is gone.
func (c *conn) enqueue(d *delivery) bool {
	c.mu.Lock()
	if c.dead {
		c.mu.Unlock()
		return false
	}
	if c.own.len() >= c.srv.cfg.PendingMax {
		c.mu.Unlock()
		a := d.acct
		a.mu.Lock()
		c.srv.pushPendingLocked(a, d)
		a.mu.Unlock()
		return true
	}
	c.own.push(d)
	c.mu.Unlock()
	c.signal()
	return true
}

// requestUnbind asks the pump to unbind the client (server shutdown); a connection that
// is not bound is closed at once.
func (c *conn) requestUnbind() {
	c.mu.Lock()
	bound := c.bound
	c.unbindWant = bound
	c.mu.Unlock()
	if !bound {
		c.abort("server shutting down")
		return
	}
	c.signal()
}

// pump writes what the server originates on this connection.
func (c *conn) pump() {
	defer c.srv.wg.Done()
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	nextHK := time.Now().UnixNano()
	for {
		now := time.Now().UnixNano()
		next, ok := c.pumpOnce(now, &nextHK)
		if !ok {
			return
		}
		t.Reset(time.Duration(max(next-now, int64(time.Millisecond))))
		select {
		case <-c.done:
			return
		case <-c.wake:
		case <-t.C:
		}
	}
}

// pumpOnce does what is due and says when to look again; false when the outbox is shut.
func (c *conn) pumpOnce(now int64, nextHK *int64) (int64, bool) {
	s := c.srv
	next := *nextHK
	// Responses held back by the ResponseDelay fault.
	c.mu.Lock()
	var due []delayedResp
	i := 0
	for i < len(c.delayed) && c.delayed[i].due <= now {
		i++
	}
	if i > 0 {
		due = append(due, c.delayed[:i]...)
		c.delayed = append(c.delayed[:0], c.delayed[i:]...)
	}
	if len(c.delayed) > 0 {
		next = min(next, c.delayed[0].due)
	}
	c.mu.Unlock()
	for _, r := range due {
		if c.out.Send(r.pdu) != nil {
			return 0, false
		}
	}

	c.mu.Lock()
	bound, receiver, v34 := c.bound, c.bound && c.bindID != wire.BindTransmitter, c.v34
	unbind := c.unbindWant && c.unbindSeq == 0
	c.mu.Unlock()
	if unbind {
		return next, c.sendUnbind()
	}

	if receiver {
		for {
			c.mu.Lock()
			if c.dead || len(c.inflight) >= s.cfg.DeliverWindow || c.unbindSeq != 0 {
				c.mu.Unlock()
				break
			}
			d := c.own.pop()
			c.mu.Unlock()
			if d == nil { // nothing of its own: take from the account's pending queue
				a := c.acct
				a.mu.Lock()
				d = a.pending.pop()
				a.mu.Unlock()
				if d == nil {
					break
				}
			}
			c.mu.Lock()
			if c.dead {
				c.mu.Unlock()
				s.route(d.acct, 0, d)
				break
			}
			body := d.body
			if body == nil { // a receipt: made from the store now
				c.receipt.dataSM = s.receiptsData && v34
				if !s.build(d, &c.receipt) {
					c.mu.Unlock()
					continue
				}
				body = &c.receipt.SMBody
			}
			seq := c.nextSeqLocked()
			pdu := deliverPDU(body, v34, seq)
			d.sent = now
			c.inflight[seq] = d
			c.mu.Unlock()
			if d.mo {
				s.n.moSent.Add(1)
			} else {
				s.n.receiptsSent.Add(1)
			}
			if c.out.Send(pdu) != nil {
				return 0, false
			}
		}
	}

	if now >= *nextHK && bound {
		*nextHK = now + int64(s.housekeepEvery())
		next = min(next, *nextHK)
		if !c.housekeeping(now) {
			return 0, false
		}
	}
	return next, true
}

// sendUnbind sends the server's unbind after the responses to every request read so
// far, those held back by the ResponseDelay fault included: an ESME must not lose a
// submit_sm_resp to a shutdown.
func (c *conn) sendUnbind() bool {
	c.reqMu.Lock()
	defer c.reqMu.Unlock()
	c.mu.Lock()
	held := c.delayed
	c.delayed = nil
	c.unbindSeq = c.nextSeqLocked()
	unbind := wire.HeaderOnly(wire.Unbind, 0, c.unbindSeq)
	c.mu.Unlock()
	for _, r := range held {
		if c.out.Send(r.pdu) != nil {
			return false
		}
	}
	return c.out.Send(unbind) == nil
}

// housekeeping resends deliver_sm left unanswered and keeps the link checked.
func (c *conn) housekeeping(now int64) bool {
	s := c.srv
	var resend []*delivery
	var el []byte
	c.mu.Lock()
	for seq, d := range c.inflight {
		if now-d.sent >= int64(s.cfg.DeliverTimeout) {
			delete(c.inflight, seq)
			resend = append(resend, d)
		}
	}
	elDead := false
	if s.cfg.EnquireLink > 0 && c.unbindSeq == 0 {
		switch {
		case c.elSeq != 0 && now-c.elSent >= int64(s.cfg.EnquireLinkTimeout):
			elDead = true
		case c.elSeq == 0 && now-c.elLast >= int64(s.cfg.EnquireLink):
			c.elSeq, c.elSent = c.nextSeqLocked(), now
			el = wire.HeaderOnly(wire.EnquireLink, 0, c.elSeq)
		}
	}
	c.mu.Unlock()
	for _, d := range resend {
		s.n.deliverTimeouts.Add(1)
		if int(d.attempts) >= s.cfg.DeliverRetries {
			if d.mo {
				s.n.moFailed.Add(1)
			} else {
				s.n.receiptsFailed.Add(1)
			}
			continue
		}
		r := d.clone()
		r.attempts++
		s.route(r.acct, 0, r)
	}
	if elDead {
		c.abort(fmt.Sprintf("no enquire_link_resp within %v", s.cfg.EnquireLinkTimeout))
		return false
	}
	if el != nil {
		return c.out.Send(el) == nil
	}
	return true
}

// housekeepEvery is how often a connection checks its enquire_link and unanswered
// deliver_sm: every second, or often enough for short configured periods.
func (s *Server) housekeepEvery() time.Duration {
	d := time.Second
	if s.cfg.EnquireLink > 0 {
		d = min(d, s.cfg.EnquireLink/2, s.cfg.EnquireLinkTimeout/2)
	}
	return max(d, time.Millisecond)
}
