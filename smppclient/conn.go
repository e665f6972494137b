package smppclient

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// maxLate bounds the timed-out requests a connection remembers to match late responses.
const maxLate = 4096

// request is a PDU this side sent that expects a response.
type request struct {
	seq      uint32
	cmd      uint32
	sent     time.Time // real time: latency and deadline
	deadline time.Time
	done     bool // has its outcome; under conn.mu
	queued   bool // the outbox took it; under conn.mu

	sub  *Submission // submit_sm, data_sm, submit_multi
	part int

	op *opState // a Do or SendRaw request: its outcome is an OpEvent and goes to op.res

	result chan respResult // bind, unbind: cap 1
}

type respResult struct {
	h   wire.Header
	raw []byte
	err error
}

// conn is one live connection and its three goroutines: reader, writer (the Outbox)
// and keeper (timeouts and enquire_link). fail ends it; the supervisor then waits for
// the goroutines and finalizes what was outstanding.
type conn struct {
	l    *link
	c    *Client
	nc   net.Conn // TLS or TCP
	raw  net.Conn // TCP under it
	out  *wire.Outbox
	name string

	// emitMu orders a timed-out request's outcome before its late response: the keeper
	// holds it from moving the request to late until the TimedOut event is out, and the
	// reader passes through it before reporting a late response.
	emitMu sync.Mutex

	// reqMu orders new requests against unbind: once unbind is queued, no submit_sm or
	// enquire_link may follow it. It is held across the Outbox.Send of a request.
	reqMu  sync.Mutex
	noReqs bool          // unbind sent: only responses from now on; under reqMu
	pdus   byteSlab      // the submit_sm sent; under reqMu
	reqs   slab[request] // their requests; under reqMu

	mu         sync.Mutex
	pending    map[uint32]*request
	order      ring[*request] // submit_sm in send order = deadline order
	late       map[uint32]*request
	lateOrder  ring[uint32]
	failed     bool
	finalized  bool
	cause      error
	orderlyEnd bool // unbind either way, or a close we asked for
	bound      bool
	nextEL     time.Time
	elOut      *request // the enquire_link awaiting its response: timed on its own

	sm    wire.SMBody              // the deliver_sm or data_sm being handled: the reader's, reused
	resp  wire.SMRespBody          // the submit_sm_resp or data_sm_resp being read: the reader's, reused
	multi wire.SubmitMultiRespBody // the submit_multi_resp being read: the reader's, reused
	tlvs  tlvSlab                  // SubmitEvent.RespTLVs: the reader's
	resps byteSlab                 // the deliver_sm_resp sent: the reader's

	lastRead atomic.Int64 // when the reader last read a PDU (UnixNano): a sign of life

	kick       chan struct{} // cap 1: wake the keeper
	dead       chan struct{} // closed by fail
	writerDone chan struct{}
	wg         sync.WaitGroup
}

func newConn(l *link, nc, raw net.Conn) *conn {
	s := &l.c.s
	return &conn{
		l:       l,
		c:       l.c,
		nc:      nc,
		raw:     raw,
		out:     wire.NewOutbox(nc, s.Window+256, s.WriteTimeout),
		name:    l.name,
		pending: make(map[uint32]*request),
		late:    make(map[uint32]*request),
		kick:    make(chan struct{}, 1),
		dead:    make(chan struct{}),

		writerDone: make(chan struct{}),
	}
}

func (c *conn) start() {
	c.wg.Add(3)
	go c.writer()
	go c.reader()
	go c.keeper()
}

// wait waits for the connection's goroutines.
func (c *conn) wait() { c.wg.Wait() }

// fail ends the connection with cause (the first cause wins). The TCP connection is
// closed directly, which unblocks a reader, a writer stuck on a peer that stopped
// reading, and any Outbox.Send waiting for room.
func (c *conn) fail(cause error) {
	c.mu.Lock()
	if c.failed {
		c.mu.Unlock()
		return
	}
	c.failed = true
	if c.cause == nil {
		c.cause = cause
	}
	c.mu.Unlock()
	c.l.connDown(c)
	close(c.dead)
	c.out.Close()
	c.raw.Close()
}

// closePolitely ends a connection after an unbind: a TLS close_notify is sent if it can
// be within a moment, never waited for.
func (c *conn) closePolitely(cause error) {
	c.mu.Lock()
	c.orderlyEnd = true
	c.mu.Unlock()
	if tc, ok := c.nc.(interface{ CloseWrite() error }); ok && c.nc != c.raw {
		guard := time.AfterFunc(200*time.Millisecond, func() { c.raw.Close() })
		_ = tc.CloseWrite()
		guard.Stop()
	}
	c.fail(cause)
}

func (c *conn) causeText() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cause == nil {
		return "connection closed"
	}
	return c.cause.Error()
}

func (c *conn) orderly() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.orderlyEnd
}

func (c *conn) writer() {
	defer c.wg.Done()
	defer close(c.writerDone)
	if err := c.out.Run(); err != nil {
		c.fail(writeError(err, c.c.s.WriteTimeout))
	}
}

func writeError(err error, timeout time.Duration) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return fmt.Errorf("write timed out after %s: the SMSC stopped reading", timeout)
	}
	return fmt.Errorf("write: %v", netErrText(err))
}

func readError(err error) error {
	var fe *wire.FramingError
	switch {
	case errors.Is(err, io.EOF):
		return errors.New("closed by the SMSC")
	case errors.As(err, &fe):
		if fe.Truncated {
			return fmt.Errorf("closed by the SMSC inside a PDU (%s)", fe.Reason)
		}
		return fmt.Errorf("stream does not frame as SMPP (%s); cannot resynchronise", fe.Reason)
	case errors.Is(err, syscall.ECONNRESET):
		return errors.New("connection reset by the SMSC")
	}
	return fmt.Errorf("read: %v", netErrText(err))
}

func netErrText(err error) string {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err.Error()
	}
	return err.Error()
}

// send queues one PDU and shows it.
func (c *conn) send(raw []byte, note string) error {
	if r := c.c.s.Recorder; r != nil {
		r.PDU(c.c.now(), c.name, Out, raw)
	}
	c.emitPDU(Out, raw, note)
	return c.out.Send(raw)
}

func (c *conn) emitPDU(d Direction, raw []byte, note string) {
	h, _ := wire.ParseHeader(raw)
	c.c.emit(PDUEvent{At: c.c.now(), Link: c.name, Dir: d, Header: h, Raw: raw, Note: note})
}

// register records r before its PDU is written, so that no response can come first.
func (c *conn) register(r *request, timed bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failed {
		return false
	}
	c.pending[r.seq] = r
	if timed {
		if c.order.len() == 0 {
			c.wake()
		}
		c.order.push(r)
	}
	return true
}

func (c *conn) wake() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

type submitResult int

const (
	submitQueued submitResult = iota // sent; its outcome will follow
	submitRetry                      // never left the process: try the next connection
)

// submit sends part i of sub on this connection.
func (c *conn) submit(sub *Submission, i int) submitResult {
	c.reqMu.Lock()
	if c.noReqs {
		c.reqMu.Unlock()
		return submitRetry
	}
	seq := c.l.nextSeq()
	p := &sub.Parts[i]
	raw := p.EncodeTo(c.pdus.take(p.Len()), seq)
	now := time.Now()
	r := c.reqs.get(256)
	*r = request{seq: seq, cmd: p.Command(), sent: now, deadline: now.Add(c.c.s.ResponseTimeout), sub: sub, part: i}
	if !c.register(r, true) {
		c.reqMu.Unlock()
		return submitRetry
	}
	err := c.send(raw, "")
	c.reqMu.Unlock()
	c.mu.Lock()
	if err != nil && !r.done {
		delete(c.pending, seq)
		r.done = true
		c.mu.Unlock()
		c.c.emitError(c.name, fmt.Errorf("submit_sm seq %d (part %d of %d) was not sent: %v; it will be sent on the next bind",
			seq, i+1, len(sub.Parts), err))
		return submitRetry
	}
	r.queued = true
	lost := c.finalized && !r.done
	if lost {
		r.done = true
		delete(c.pending, seq)
	}
	c.mu.Unlock()
	c.c.st.sent.Add(1)
	if lost {
		ev := submitEvent(r, c.c.now())
		ev.Outcome, ev.Latency = ConnectionLost, time.Since(r.sent)
		c.l.partDone(r, ev)
	}
	return submitQueued
}

// finalize ends what was outstanding once the goroutines are gone: every submit_sm that
// was sent ends as ConnectionLost. A part whose Send is still returning is left to its
// Submit, which sees finalized.
func (c *conn) finalize() {
	now := time.Now()
	var lost, ops []*request
	c.mu.Lock()
	c.finalized = true
	for seq, r := range c.pending {
		if (r.sub != nil || r.op != nil) && !r.queued {
			continue
		}
		delete(c.pending, seq)
		r.done = true
		if r.sub != nil {
			lost = append(lost, r)
		} else if r.op != nil {
			ops = append(ops, r)
		} else if r.result != nil {
			r.result <- respResult{err: errors.New("connection closed")}
		}
	}
	c.late = nil
	c.mu.Unlock()
	sortRequests(ops)
	for _, r := range ops {
		c.opDone(r, respResult{err: errors.New(c.causeText())}, now)
	}
	sortRequests(lost)
	at := c.c.now()
	for _, r := range lost {
		ev := submitEvent(r, at)
		ev.Outcome, ev.Latency = ConnectionLost, now.Sub(r.sent)
		c.l.partDone(r, ev)
	}
}

// sortRequests orders requests by send time (sequence_number breaks ties). A map gives
// them in random order, so this must be O(n log n): a window of 65,536 is allowed.
func sortRequests(rs []*request) {
	slices.SortFunc(rs, func(a, b *request) int {
		if c := a.sent.Compare(b.sent); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
}

// flushAndStop lets the writer write what is queued (a last response) and end, for a
// moment at most, before the connection is failed.
func (c *conn) flushAndStop() {
	c.out.Close()
	t := time.NewTimer(200 * time.Millisecond)
	defer t.Stop()
	select {
	case <-c.writerDone:
	case <-t.C:
	}
}

// reader reads and handles every PDU until the connection ends.
func (c *conn) reader() {
	defer c.wg.Done()
	r := wire.NewReader(c.nc, c.c.s.MaxPDULength)
	var chunk []byte // the PDUs read are carved from it (see engine.go)
	for {
		raw, err := r.ReadPDUIn(&chunk, pduChunk)
		if err != nil {
			var fe *wire.FramingError
			if errors.As(err, &fe) && fe.HasHeader && !fe.Truncated {
				// A bad command_length: say so with the octets seen, answer as the spec
				// says, and give up on the stream, which cannot be resynchronised.
				c.record("framing error: " + fe.Reason)
				c.emitPDU(In, fe.Seen, "framing error: "+fe.Reason)
				_ = c.send(wire.GenericNackFor(fe.Header.Seq, wire.StatusInvCmdLen), "command_length out of bounds")
				c.c.emitError(c.name, fmt.Errorf("framing error: %s", fe.Reason))
				c.flushAndStop()
			} else if errors.As(err, &fe) && len(fe.Seen) > 0 {
				c.record("truncated PDU: " + fe.Reason)
				c.emitPDU(In, fe.Seen, "truncated: "+fe.Reason)
			}
			c.fail(readError(err))
			return
		}
		c.lastRead.Store(time.Now().UnixNano())
		if rec := c.c.s.Recorder; rec != nil {
			rec.PDU(c.c.now(), c.name, In, raw)
		}
		c.handle(raw)
	}
}

// record tells the Recorder of what is not a whole PDU (a stream that broke framing):
// in words, so that the record's TCP stream stays one analysers can decode.
func (c *conn) record(text string) {
	if r := c.c.s.Recorder; r != nil {
		r.Event(c.c.now(), c.name, text)
	}
}
