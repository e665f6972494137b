package smsc

import (
	"container/list"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/wire"
)

// conn is one client connection. Three goroutines serve it: serve (reads and answers
// requests), runOutbox (the only writer) and pump (sends deliver_sm within the window,
// delayed responses, enquire_link and unbind). serve owns the teardown.
type conn struct {
	srv     *Server
	num     uint64
	nc      net.Conn
	out     *wire.Outbox
	remote  string
	outDone chan struct{}
	done    chan struct{} // closed when serve stops reading
	wake    chan struct{}

	// Owned by serve.
	acct                  *account
	limits                Limits
	faults                Faults
	pdus, submits, okResp int
	tokens                float64
	refilled              int64
	// Request and response bodies, decoded and built again for every PDU.
	sm        wire.SMBody
	multi     wire.SubmitMultiBody
	smResp    wire.SMRespBody
	multiResp wire.SubmitMultiRespBody
	dests     []wire.Address
	dlists    [][]byte
	unsuccess []wire.UnsuccessSME
	idBuf     []byte
	rec       []byte
	congBuf   [1]byte     // congestion_state's value
	congTLV   [1]wire.TLV // congestion_state, pointing at congBuf

	receipt receiptBody // owned by pump: where it makes each receipt it sends

	// Guarded by srv.mu: the place in the server's unbound list until the bind, and
	// whether the connection holds one of the MaxConnections sessions.
	waiting *list.Element
	session bool

	// reqMu is held while serve handles a request, so that the server's unbind never
	// overtakes the response to a request read before it.
	reqMu sync.Mutex

	mu         sync.Mutex
	bound      bool
	bindID     uint32 // bind command_id
	systemID   string
	v34        bool // bound with 3.4 or later to a server that is not 3.3: TLVs may be sent
	v50        bool // bound with 5.0 to a 5.0 server: SMPP 5.0 TLVs may be sent
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
	everBound  atomic.Bool // bound at least once (the outbind loop resets its backoff)
	outbound   string      // the outbind sent first on this connection, in words for the log
}

type delayedResp struct {
	due int64
	pdu []byte
}

func newConn(s *Server, nc net.Conn, num uint64) *conn {
	return &conn{
		srv:      s,
		num:      num,
		nc:       nc,
		out:      wire.NewOutbox(nc, 4096, s.cfg.WriteTimeout),
		remote:   nc.RemoteAddr().String(),
		outDone:  make(chan struct{}),
		done:     make(chan struct{}),
		wake:     make(chan struct{}, 1),
		inflight: map[uint32]*delivery{},
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

func (c *conn) nextSeqLocked() uint32 {
	c.seq = wire.NextSeq(c.seq)
	return c.seq
}

// serve reads PDUs until the client goes, unbinds, or a fault closes the connection.
func (c *conn) serve() {
	defer c.srv.wg.Done()
	s := c.srv
	c.event(EventConnect, 0, "")
	if c.outbound != "" {
		c.event(EventOutbind, 0, c.outbound)
	}
	_ = c.nc.SetReadDeadline(time.Now().Add(s.cfg.BindTimeout))
	r := wire.NewReader(c.nc, s.cfg.MaxPDULength)
	reason := ""
	for {
		raw, err := r.ReadPDU()
		if err != nil {
			reason = c.readFailed(err)
			break
		}
		c.reqMu.Lock()
		end, why := c.handle(raw)
		c.reqMu.Unlock()
		if end {
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
	// Once the server unbinds, nothing is held back: the connection is about to go.
	delay := c.bound && c.faults.ResponseDelay > 0 && !c.unbindWant
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
		b = wire.AppendPDU(nil, &wire.SMRespBody{Command: id}, status, h.Seq)
	case id == wire.SubmitMultiResp:
		b = wire.AppendPDU(nil, &wire.SubmitMultiRespBody{}, status, h.Seq)
	case id == wire.QuerySMResp: // empty message_id and final_date, message_state UNKNOWN
		b = wire.AppendPDU(nil, &wire.QuerySMRespBody{MessageState: byte(receipt.StateUnknown)}, status, h.Seq)
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
		if h.ID == wire.DataSM && c.srv.version == wire.InterfaceVersion33 {
			c.nack(h.Seq, wire.StatusInvCmdID, "data_sm is not in SMPP 3.3, which this server speaks")
			return false, ""
		}
		if !bound || bindID == wire.BindReceiver {
			c.errorResp(h, wire.StatusInvBndSts)
			return false, ""
		}
		if isSubmission(h.ID) && c.srv.draining.Load() {
			// SMPP has no "shutting down" status. ESME_RTHROTTLED says: not taken now,
			// send it again later; the ESME keeps the message and resubmits after it
			// binds again. ESME_RSYSERR is read by many ESMEs as a failure of the message.
			c.srv.n.throttled.Add(1)
			c.errorResp(h, wire.StatusThrottled)
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
