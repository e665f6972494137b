package smppclient

// Operations other than submitting a message: Do (query_sm, cancel_sm, replace_sm, any
// request body) and SendRaw (any octets, for negative tests).

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// Errors of Do and SendRaw, wrapped with the request's name.
var (
	ErrResponseTimeout = errors.New("no response within the response timeout")
	ErrConnectionLost  = errors.New("the connection went before the response came")
)

// errTimedOut is what the keeper hands an operation whose deadline passed.
var errTimedOut = errors.New("timed out")

// Response is the SMSC's answer to a Do or SendRaw request.
type Response struct {
	Seq     uint32
	Header  wire.Header  // the response's header (generic_nack included)
	Body    wire.PDUBody // decoded response body, nil when it had none or was undecodable
	Raw     []byte       // the whole response PDU; nil when none came or none was awaited
	Latency time.Duration
}

// RawOptions say how SendRaw treats its octets.
type RawOptions struct {
	// KeepSeq sends the sequence_number as it is; otherwise octets 12..15 are
	// renumbered with the session's next sequence_number.
	KeepSeq bool
	// Invalid marks the PDU deliberately invalid in the log (PDUEvent.Invalid, OpEvent.Invalid).
	Invalid bool
}

// opState is what a request sent by Do or SendRaw carries besides its request.
type opState struct {
	msgID   string // the message the request names
	raw     bool   // sent by SendRaw
	invalid bool   // sent with RawOptions.Invalid
	res     chan opResult
}

// opResult is what a waiting Do or SendRaw gets.
type opResult struct {
	resp *Response
	err  error
}

// Do sends one request about a message (query_sm, cancel_sm, replace_sm; any request
// body) on the transmitting link (the receiver when the bind is a receiver only), waiting
// for the link to be bound, and waits for its response or ResponseTimeout. A response
// with an error status, or a generic_nack, is a Response and no error: its status is in
// Header. The error says why there is no response: ErrResponseTimeout, ErrConnectionLost,
// ctx's, or that the request could not be sent. Either way one OpEvent reports the outcome;
// one that comes after ctx ended is still reported there.
func (c *Client) Do(ctx context.Context, req wire.PDUBody) (*Response, error) {
	if req == nil {
		return nil, errors.New("Do: no request body")
	}
	id := req.CommandID()
	if wire.IsResponse(id) {
		return nil, fmt.Errorf("Do sends requests; %s is a response (SendRaw sends one anyway)", wire.CommandName(id))
	}
	raw := wire.AppendPDU(nil, req, wire.StatusOK, 0)
	return c.sendOp(ctx, raw, opOptions{msgID: requestMessageID(req)})
}

// SendRaw writes raw as it is on the transmitting link (the receiver when rx only),
// renumbering its sequence_number unless opt.KeepSeq; a request (no response bit) waits
// for its response by sequence_number, as Do does. A short or inconsistent PDU is sent as
// it is: that is the point. A PDU whose command_id has the response bit is written and
// SendRaw returns at once, no response awaited; so does one shorter than the 16-octet
// header, which has no sequence_number to wait on (the SMSC's answer, if any, shows as
// an unexpected PDU). Both get an OpEvent with Outcome NoResponse and a Response with
// no Raw. opt.Invalid marks it deliberately invalid in the log.
func (c *Client) SendRaw(ctx context.Context, raw []byte, opt RawOptions) (*Response, error) {
	if len(raw) == 0 {
		return nil, errors.New("SendRaw: no octets to send")
	}
	return c.sendOp(ctx, append([]byte(nil), raw...), opOptions{raw: true, keepSeq: opt.KeepSeq, invalid: opt.Invalid})
}

type opOptions struct {
	msgID                 string
	raw, keepSeq, invalid bool
}

// opLink is where operations go: the transmitting link, else the receiver.
func (c *Client) opLink() *link {
	if c.tx != nil {
		return c.tx
	}
	return c.links[0]
}

func (c *Client) sendOp(ctx context.Context, raw []byte, o opOptions) (*Response, error) {
	if c.isClosing() {
		return nil, ErrClosed
	}
	l := c.opLink()
	for {
		cn, err := l.waitBound(ctx)
		if err != nil {
			return nil, err
		}
		r, res, err := cn.sendOp(raw, o)
		if err != nil {
			return nil, err
		}
		if res == submitRetry {
			continue
		}
		if r == nil { // written, nothing awaited
			seq := uint32(0)
			if len(raw) >= wire.HeaderLen {
				seq = binary.BigEndian.Uint32(raw[12:])
			}
			return &Response{Seq: seq}, nil
		}
		select {
		case res := <-r.op.res:
			return res.resp, res.err
		case <-ctx.Done():
			return nil, fmt.Errorf("%w while waiting for the response to %s seq %d", ctx.Err(), wire.CommandName(r.cmd), r.seq)
		}
	}
}

// requestMessageID is the message_id a request names, "" if none.
func requestMessageID(b wire.PDUBody) string {
	switch q := b.(type) {
	case *wire.QuerySMBody:
		return string(q.MessageID)
	case *wire.CancelSMBody:
		return string(q.MessageID)
	case *wire.ReplaceSMBody:
		return string(q.MessageID)
	}
	return ""
}

// sendOp writes one operation's PDU on this connection and, for a request, registers it
// to be timed and matched. A nil request with submitQueued: written, nothing awaited.
// submitRetry: it never left the process, try the next connection.
func (c *conn) sendOp(raw []byte, o opOptions) (*request, submitResult, error) {
	c.reqMu.Lock()
	if c.noReqs {
		c.reqMu.Unlock()
		return nil, submitRetry, nil
	}
	note := ""
	if o.invalid {
		note = "deliberately invalid: sent anyway"
	}
	if len(raw) < wire.HeaderLen {
		err := c.sendMarked(raw, note, o.invalid)
		c.reqMu.Unlock()
		if err != nil {
			return nil, submitQueued, fmt.Errorf("raw PDU of %d octets not sent: %v", len(raw), err)
		}
		c.opWritten(raw, o)
		return nil, submitQueued, nil
	}
	h, _ := wire.ParseHeader(raw)
	if !o.keepSeq {
		h.Seq = c.l.nextSeq()
		binary.BigEndian.PutUint32(raw[12:], h.Seq)
	}
	if wire.IsResponse(h.ID) {
		err := c.sendMarked(raw, note, o.invalid)
		c.reqMu.Unlock()
		if err != nil {
			return nil, submitQueued, fmt.Errorf("%s seq %d not sent: %v", wire.CommandName(h.ID), h.Seq, err)
		}
		c.opWritten(raw, o)
		return nil, submitQueued, nil
	}
	now := time.Now()
	r := &request{seq: h.Seq, cmd: h.ID, sent: now, deadline: now.Add(c.c.s.ResponseTimeout),
		op: &opState{msgID: o.msgID, raw: o.raw, invalid: o.invalid, res: make(chan opResult, 1)}}
	c.mu.Lock()
	busy := c.pending[h.Seq] != nil
	c.mu.Unlock()
	if busy {
		c.reqMu.Unlock()
		return nil, submitQueued, fmt.Errorf("sequence_number %d belongs to a request still awaiting its response: renumber it, or wait", h.Seq)
	}
	if !c.register(r, true) {
		c.reqMu.Unlock()
		return nil, submitRetry, nil
	}
	err := c.sendMarked(raw, note, o.invalid)
	c.reqMu.Unlock()
	c.mu.Lock()
	if err != nil && !r.done {
		delete(c.pending, r.seq)
		r.done = true
		c.mu.Unlock()
		return nil, submitRetry, nil
	}
	r.queued = true
	lost := c.finalized && !r.done
	if lost {
		r.done = true
		delete(c.pending, r.seq)
	}
	c.mu.Unlock()
	if lost {
		c.opDone(r, respResult{err: errors.New(c.causeText())}, time.Now())
	}
	return r, submitQueued, nil
}

// opWritten reports a PDU written with no response awaited.
func (c *conn) opWritten(raw []byte, o opOptions) {
	h, _ := wire.ParseHeader(raw)
	c.c.emit(OpEvent{At: c.c.now(), Link: c.name, Command: h.ID, Seq: h.Seq, MessageID: o.msgID,
		Outcome: NoResponse, Raw: o.raw, Invalid: o.invalid})
}

// sendMarked is send for an operation's PDU: shown with its mark, and told to the
// Recorder in words when it does not frame as SMPP, so that the record's TCP stream
// stays one analysers can decode.
func (c *conn) sendMarked(raw []byte, note string, invalid bool) error {
	h, ok := wire.ParseHeader(raw)
	if r := c.c.s.Recorder; r != nil {
		if ok && int(h.Length) == len(raw) {
			r.PDU(c.c.now(), c.name, Out, raw)
		} else {
			r.Event(c.c.now(), c.name, fmt.Sprintf("raw PDU of %d octets sent that does not frame as SMPP (command_length %d): % x",
				len(raw), h.Length, raw))
		}
	}
	c.c.emit(PDUEvent{At: c.c.now(), Link: c.name, Dir: Out, Header: h, Raw: raw, Note: note, Invalid: invalid})
	return c.out.Send(raw)
}

// opDone reports an operation's outcome (an OpEvent) and hands it to its Do or
// SendRaw: the response res, or res.err (errTimedOut, or why the connection went).
func (c *conn) opDone(r *request, res respResult, now time.Time) {
	ev := OpEvent{At: c.c.now(), Link: c.name, Command: r.cmd, Seq: r.seq, MessageID: r.op.msgID,
		Latency: now.Sub(r.sent), Raw: r.op.raw, Invalid: r.op.invalid}
	resp := &Response{Seq: r.seq, Latency: ev.Latency}
	var err error
	switch {
	case res.err == errTimedOut:
		ev.Outcome = TimedOut
		err = fmt.Errorf("%s seq %d: %w (%s)", wire.CommandName(r.cmd), r.seq, ErrResponseTimeout, c.c.s.ResponseTimeout)
	case res.err != nil:
		ev.Outcome = ConnectionLost
		err = fmt.Errorf("%s seq %d: %w (%v)", wire.CommandName(r.cmd), r.seq, ErrConnectionLost, res.err)
	default:
		resp.Header, resp.Raw = res.h, res.raw
		if len(res.raw) > wire.HeaderLen {
			// Its own body, not the reader's reused one: the event and the caller keep it.
			if b, derr := wire.DecodeBody(res.h, wire.Body(res.raw)); derr == nil || isTLVError(derr) {
				resp.Body = b
			}
		}
		ev.Status, ev.Resp = res.h.Status, resp.Body
		if res.h.ID == r.cmd|wire.ResponseBit && res.h.Status == wire.StatusOK {
			ev.Outcome = Accepted
		} else {
			ev.Outcome = Rejected
		}
	}
	c.c.emit(ev)
	r.op.res <- opResult{resp: resp, err: err}
}
