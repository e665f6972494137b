package smsc

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// conn is one client connection. Three goroutines serve it: serve (reads and answers
// requests), runOutbox (the only writer) and pump (sends deliver_sm within the window,
// delayed responses, enquire_link and unbind). serve owns the teardown.
type conn struct {
	srv       *Server
	num       uint64
	nc        net.Conn
	out       *wire.Outbox
	remote    string
	overLimit bool
	outDone   chan struct{}
	done      chan struct{} // closed when serve stops reading
	wake      chan struct{}

	// Owned by serve.
	acct                  *account
	limits                Limits
	faults                Faults
	pdus, submits, okResp int
	tokens                float64
	refilled              int64
	msg                   message
	rec                   []byte

	mu         sync.Mutex
	bound      bool
	bindID     uint32 // bind command_id
	systemID   string
	v34        bool // interface_version 3.4 or later: TLVs may be sent
	dead       bool
	own        queue
	inflight   map[uint32]*delivery
	delayed    []delayedResp
	seq        uint32
	elSeq      uint32 // outstanding enquire_link
	elSent     int64
	elLast     int64
	unbindWant bool
	unbindSeq  uint32
	dropReason string
	aborted    atomic.Bool
}

type delayedResp struct {
	due int64
	pdu []byte
}

func newConn(s *Server, nc net.Conn, num uint64, overLimit bool) *conn {
	return &conn{
		srv:       s,
		num:       num,
		nc:        nc,
		out:       wire.NewOutbox(nc, 4096, s.cfg.WriteTimeout),
		remote:    nc.RemoteAddr().String(),
		overLimit: overLimit,
		outDone:   make(chan struct{}),
		done:      make(chan struct{}),
		wake:      make(chan struct{}, 1),
		inflight:  map[uint32]*delivery{},
	}
}

func (c *conn) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *conn) runOutbox() {
	defer c.srv.wg.Done()
	defer close(c.outDone)
	if err := c.out.Run(); err != nil {
		c.abort("write failed: " + err.Error())
	}
}

// abort closes the socket at once; serve then tears the connection down.
func (c *conn) abort(reason string) {
	c.mu.Lock()
	if c.dropReason == "" {
		c.dropReason = reason
	}
	c.mu.Unlock()
	c.aborted.Store(true)
	c.nc.Close()
}

func (c *conn) event(kind EventKind, status uint32, detail string) {
	c.mu.Lock()
	e := Event{Kind: kind, Conn: c.num, Remote: c.remote, SystemID: c.systemID, Status: status, Detail: detail}
	if c.bound {
		e.BindType = bindTypeName(c.bindID)
	}
	c.mu.Unlock()
	c.srv.event(e)
}

func bindTypeName(id uint32) string {
	switch id &^ wire.ResponseBit {
	case wire.BindReceiver:
		return "receiver"
	case wire.BindTransmitter:
		return "transmitter"
	case wire.BindTransceiver:
		return "transceiver"
	}
	return ""
}

func (c *conn) nextSeqLocked() uint32 {
	c.seq = wire.NextSeq(c.seq)
	return c.seq
}

// serve reads PDUs until the client goes, unbinds, or a fault closes the connection.
func (c *conn) serve() {
	defer c.srv.wg.Done()
	s := c.srv
	c.event(EventConnect, 0, "")
	_ = c.nc.SetReadDeadline(time.Now().Add(s.cfg.BindTimeout))
	r := wire.NewReader(c.nc, s.cfg.MaxPDULength)
	reason := ""
	for {
		raw, err := r.ReadPDU()
		if err != nil {
			reason = c.readFailed(err)
			break
		}
		if end, why := c.handle(raw); end {
			reason = why
			break
		}
	}
	c.teardown(reason)
}

// readFailed answers a PDU that does not frame and says why the connection ends.
func (c *conn) readFailed(err error) string {
	var fe *wire.FramingError
	switch {
	case errors.Is(err, io.EOF):
		return "closed by the client"
	case errors.As(err, &fe) && fe.HasHeader && !fe.Truncated:
		// A command_length out of bounds: the stream cannot be resynchronised.
		c.nack(fe.Header.Seq, wire.StatusInvCmdLen, fe.Reason)
		return fe.Reason
	case errors.As(err, &fe):
		return fe.Reason
	case errors.Is(err, os.ErrDeadlineExceeded):
		c.mu.Lock()
		bound := c.bound
		c.mu.Unlock()
		if !bound {
			return "no bind within " + c.srv.cfg.BindTimeout.String()
		}
		return "read deadline"
	}
	return err.Error()
}

// teardown flushes what is queued, closes the socket, and hands undelivered deliver_sm
// to the account's other receivers (or its pending queue).
func (c *conn) teardown(reason string) {
	s := c.srv
	close(c.done)
	c.out.Close()
	select {
	case <-c.outDone:
	case <-time.After(s.cfg.WriteTimeout):
	}
	c.nc.Close()
	<-c.outDone

	a := c.acct
	if a != nil {
		a.mu.Lock()
		a.binds--
		for i, r := range a.receivers {
			if r == c {
				a.receivers = append(a.receivers[:i], a.receivers[i+1:]...)
				break
			}
		}
		a.mu.Unlock()
	}
	c.mu.Lock()
	c.dead = true
	left := c.own.drain()
	for _, d := range c.inflight {
		left = append(left, d)
	}
	c.inflight = nil
	if c.dropReason != "" {
		reason = c.dropReason
	}
	c.mu.Unlock()
	if a != nil {
		for _, d := range left {
			s.route(a, 0, d)
		}
	}
	s.removeConn(c)
	c.event(EventDisconnect, 0, reason)
}

// send queues a PDU for writing, or holds it back by the ResponseDelay fault.
func (c *conn) respond(b []byte) {
	c.mu.Lock()
	delay := c.bound && c.faults.ResponseDelay > 0
	if delay {
		c.delayed = append(c.delayed, delayedResp{time.Now().UnixNano() + int64(c.faults.ResponseDelay), b})
	}
	c.mu.Unlock()
	if delay {
		c.signal()
		return
	}
	_ = c.out.Send(b)
}

func (c *conn) nack(seq, status uint32, why string) {
	c.srv.n.genericNacks.Add(1)
	c.event(EventProtocol, 0, fmt.Sprintf("generic_nack %s (seq %d): %s", wire.StatusString(status), seq, why))
	_ = c.out.Send(wire.GenericNackFor(seq, status))
}

// errorResp answers a request with an error status. SMPP 3.4 returns no body with an
// error bind_*_resp or submit_sm_resp; data_sm_resp, submit_multi_resp and query_sm_resp
// keep their mandatory fields (empty) unless the HeaderOnlyErrors fault is on.
func (c *conn) errorResp(h wire.Header, status uint32) {
	id := h.ID | wire.ResponseBit
	var b []byte
	switch {
	case c.faults.HeaderOnlyErrors:
		b = wire.HeaderOnly(id, status, h.Seq)
	case id == wire.DataSMResp:
		b = finish(append(newPDU(17, id, status, h.Seq), 0))
	case id == wire.SubmitMultiResp:
		b = finish(append(newPDU(18, id, status, h.Seq), 0, 0))
	case id == wire.QuerySMResp: // empty message_id and final_date, message_state UNKNOWN
		b = finish(append(newPDU(20, id, status, h.Seq), 0, 0, 7, 0))
	default:
		b = wire.HeaderOnly(id, status, h.Seq)
	}
	if isSubmission(h.ID) {
		c.srv.n.rejected.Add(1)
	}
	c.respond(b)
}

func isSubmission(id uint32) bool {
	return id == wire.SubmitSM || id == wire.DataSM || id == wire.SubmitMulti
}

// handle serves one PDU; end is true when the connection is to close.
func (c *conn) handle(raw []byte) (end bool, why string) {
	h, _ := wire.ParseHeader(raw)
	body := raw[wire.HeaderLen:]
	if wire.IsResponse(h.ID) {
		c.onResponse(h)
		return false, ""
	}
	c.pdus++
	defer func() {
		if !end && c.faults.CloseAfter > 0 && c.pdus >= c.faults.CloseAfter {
			end, why = true, fmt.Sprintf("closed after %d PDUs (close_after fault)", c.pdus)
		}
	}()
	c.mu.Lock()
	bound, bindID := c.bound, c.bindID
	c.mu.Unlock()
	switch h.ID {
	case wire.BindTransmitter, wire.BindReceiver, wire.BindTransceiver:
		return c.onBind(h, body)
	case wire.EnquireLink:
		if !(bound && c.faults.NoEnquireLinkResponse) {
			c.respond(wire.HeaderOnly(wire.EnquireLinkResp, wire.StatusOK, h.Seq))
		}
		return false, ""
	case wire.Unbind:
		if !bound {
			c.respond(wire.HeaderOnly(wire.UnbindResp, wire.StatusInvBndSts, h.Seq))
			return false, ""
		}
		c.srv.n.unbinds.Add(1)
		c.event(EventUnbind, 0, "requested by the client")
		_ = c.out.Send(wire.HeaderOnly(wire.UnbindResp, wire.StatusOK, h.Seq))
		return true, "unbound by the client"
	case wire.SubmitSM, wire.DataSM, wire.SubmitMulti, wire.QuerySM, wire.CancelSM, wire.ReplaceSM:
		if !bound || bindID == wire.BindReceiver {
			c.errorResp(h, wire.StatusInvBndSts)
			return false, ""
		}
		c.guard(h, func() {
			switch h.ID {
			case wire.QuerySM:
				c.onQuery(h, body)
			case wire.CancelSM:
				c.onCancel(h, body)
			case wire.ReplaceSM:
				c.onReplace(h, body)
			default:
				c.onSubmission(h, body)
			}
		})
		return false, ""
	}
	why = "unknown command_id"
	if wire.KnownCommand(h.ID) {
		why = wire.CommandName(h.ID) + " is not accepted from an ESME"
	}
	c.nack(h.Seq, wire.StatusInvCmdID, why)
	return false, ""
}

// guard turns a panic while serving one PDU into ESME_RSYSERR for that PDU, so that no
// input can take the server down.
func (c *conn) guard(h wire.Header, fn func()) {
	defer func() {
		if r := recover(); r != nil {
			c.event(EventProtocol, 0, fmt.Sprintf("internal error serving %s seq %d: %v", wire.CommandName(h.ID), h.Seq, r))
			c.errorResp(h, wire.StatusSysErr)
		}
	}()
	fn()
}

func (c *conn) onBind(h wire.Header, body []byte) (bool, string) {
	s := c.srv
	req, ferr := parseBind(body)
	fail := func(status uint32, detail string) (bool, string) {
		s.n.bindFailures.Add(1)
		c.mu.Lock()
		if !c.bound {
			c.systemID = string(req.systemID)
		}
		c.mu.Unlock()
		c.event(EventBindFailed, status, detail)
		c.respond(wire.HeaderOnly(h.ID|wire.ResponseBit, status, h.Seq))
		return false, ""
	}
	if ferr != nil {
		if !ferr.tooLong {
			c.nack(h.Seq, wire.StatusInvCmdLen, wire.CommandName(h.ID)+": "+ferr.Error())
			return false, ""
		}
		return fail(fieldStatus(ferr.field), ferr.Error())
	}
	c.mu.Lock()
	already := c.bound
	c.mu.Unlock()
	if already {
		c.srv.n.bindFailures.Add(1)
		c.event(EventProtocol, wire.StatusAlyBnd, "second bind on a bound connection")
		c.respond(wire.HeaderOnly(h.ID|wire.ResponseBit, wire.StatusAlyBnd, h.Seq))
		return false, ""
	}
	if c.overLimit {
		fail(wire.StatusBindFail, fmt.Sprintf("connection limit of %d reached", s.cfg.MaxConnections))
		return true, "connection limit reached"
	}
	a, ok := s.accounts[string(req.systemID)]
	if !ok {
		return fail(wire.StatusInvSysID, "unknown system_id")
	}
	if subtle.ConstantTimeCompare(req.password, []byte(a.cfg.Password)) != 1 {
		return fail(wire.StatusInvPaswd, "wrong password")
	}
	c.mu.Lock()
	c.own.count = &a.queued
	c.mu.Unlock()
	a.mu.Lock()
	if a.limits.MaxBinds > 0 && a.binds >= a.limits.MaxBinds {
		a.mu.Unlock()
		return fail(wire.StatusBindFail, fmt.Sprintf("max_binds %d reached for the system_id", a.limits.MaxBinds))
	}
	a.binds++
	if h.ID != wire.BindTransmitter {
		a.receivers = append(a.receivers, c)
	}
	a.mu.Unlock()
	c.acct, c.limits, c.faults = a, a.limits, a.faults
	c.tokens = float64(c.burst())
	c.refilled = time.Now().UnixNano()
	c.mu.Lock()
	c.bound, c.bindID, c.systemID, c.v34 = true, h.ID, a.cfg.SystemID, req.version >= 0x34
	c.elLast = time.Now().UnixNano()
	c.mu.Unlock()
	_ = c.nc.SetReadDeadline(time.Time{})

	b := newPDU(40, h.ID|wire.ResponseBit, wire.StatusOK, h.Seq)
	b = appendCString(b, []byte(smscSystemID))
	if req.version >= 0x34 {
		b = wire.AppendTLV(b, wire.Uint8TLV(wire.TagScInterfaceVersion, 0x34))
	}
	_ = c.out.Send(finish(b))
	s.n.binds.Add(1)
	c.event(EventBind, 0, fmt.Sprintf("interface_version 0x%02X", req.version))
	c.signal() // a receiver may have receipts waiting
	return false, ""
}

// smscSystemID is the system_id the server gives in bind_*_resp: it names the SMSC.
const smscSystemID = "smppconsole"

func (c *conn) burst() int {
	if c.limits.SubmitBurst > 0 {
		return c.limits.SubmitBurst
	}
	return max(1, int(c.limits.SubmitRate))
}

// allow takes a token from the connection's bucket.
func (c *conn) allow(now int64) bool {
	if c.limits.SubmitRate <= 0 {
		return true
	}
	c.tokens += float64(now-c.refilled) / 1e9 * c.limits.SubmitRate
	c.refilled = now
	if b := float64(c.burst()); c.tokens > b {
		c.tokens = b
	}
	if c.tokens < 1 {
		return false
	}
	c.tokens--
	return true
}

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
	case statusRXTAppn, wire.StatusMsgQFul, wire.StatusThrottled, wire.StatusSysErr:
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
	var unbind []byte
	if c.unbindWant && c.unbindSeq == 0 {
		c.unbindSeq = c.nextSeqLocked()
		unbind = wire.HeaderOnly(wire.Unbind, 0, c.unbindSeq)
	}
	c.mu.Unlock()
	if unbind != nil {
		return next, c.out.Send(unbind) == nil
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
			if d.pdu == nil {
				pdu, ok := s.build(d, nil)
				if !ok {
					c.mu.Unlock()
					continue
				}
				d.pdu = pdu
			}
			if !v34 {
				d.pdu = stripTLVs(d.pdu)
			}
			seq := c.nextSeqLocked()
			setSeq(d.pdu, seq)
			d.sent = now
			c.inflight[seq] = d
			c.mu.Unlock()
			if d.mo {
				s.n.moSent.Add(1)
			} else {
				s.n.receiptsSent.Add(1)
			}
			if c.out.Send(d.pdu) != nil {
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
