package smppclient

// The bind and the unbind on one connection.

import (
	"errors"
	"fmt"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

type bindResult struct {
	respID uint32
	status uint32
	peer   string
	note   string
	sc     byte // sc_interface_version, when hasSC
	hasSC  bool
	err    error
}

// bind sends the bind request and waits for its response, BindTimeout, the connection's
// end, the operator's unbind or the client's close.
func (c *conn) bind(stop chan struct{}) bindResult {
	s := &c.c.s
	seq := c.l.nextSeq()
	raw := c.l.bindPDU(seq)
	now := time.Now()
	r := &request{seq: seq, cmd: c.l.cmd, sent: now, deadline: now.Add(s.BindTimeout), result: make(chan respResult, 1)}
	if !c.register(r, false) {
		return bindResult{err: errors.New(c.causeText())}
	}
	if err := c.send(raw, ""); err != nil {
		return bindResult{err: errors.New(c.causeText())}
	}
	t := time.NewTimer(s.BindTimeout)
	defer t.Stop()
	select {
	case res := <-r.result:
		if res.err != nil {
			return bindResult{err: res.err}
		}
		return c.bindResp(res.h, res.raw)
	case <-t.C:
		return bindResult{err: fmt.Errorf("no %s_resp within %s", wire.CommandName(c.l.cmd), s.BindTimeout)}
	case <-c.dead:
		// The response may have come just before the connection ended: it counts.
		select {
		case res := <-r.result:
			if res.err == nil {
				return c.bindResp(res.h, res.raw)
			}
		default:
		}
		return bindResult{err: errors.New(c.causeText())}
	case <-stop:
		return bindResult{err: errors.New("bind cancelled by the operator")}
	case <-c.c.closing:
		return bindResult{err: ErrClosed}
	}
}

func (c *conn) bindResp(h wire.Header, raw []byte) bindResult {
	res := bindResult{respID: h.ID, status: h.Status}
	if h.ID == wire.GenericNack {
		if res.status == wire.StatusOK {
			res.status = wire.StatusUnknownErr
			res.note = "generic_nack with ESME_ROK"
		}
		return res
	}
	if h.ID != c.l.cmd|wire.ResponseBit {
		res.note = fmt.Sprintf("answered %s with %s", wire.CommandName(c.l.cmd), wire.CommandName(h.ID))
	}
	if h.Status != wire.StatusOK || len(raw) <= wire.HeaderLen {
		return res
	}
	b := wire.BindRespBody{Command: h.ID}
	err := b.Decode(wire.Body(raw))
	var tlvErr *wire.TLVError
	if err != nil && !errors.As(err, &tlvErr) {
		res.note = "bind_resp body: " + err.Error()
		return res
	}
	res.peer = string(b.SystemID)
	res.sc, res.hasSC = scVersion(b.TLVs)
	return res
}

// unbind sends unbind and waits for unbind_resp, all within UnbindTimeout; then the
// connection is closed either way. It returns a note for the reason, "" if all went well.
func (c *conn) unbind() string {
	s := &c.c.s
	timeout := s.UnbindTimeout
	// The guard bounds everything below, including an Outbox.Send stuck behind a peer
	// that stopped reading: fail closes the socket, which unblocks it.
	expired := make(chan struct{})
	guard := time.AfterFunc(timeout, func() {
		close(expired)
		c.fail(fmt.Errorf("no unbind_resp within %s", timeout))
	})
	defer guard.Stop()
	c.reqMu.Lock() // waits for a request being queued; the guard bounds that wait
	c.noReqs = true
	c.mu.Lock()
	c.bound = false
	c.mu.Unlock()
	c.reqMu.Unlock()
	seq := c.l.nextSeq()
	now := time.Now()
	r := &request{seq: seq, cmd: wire.Unbind, sent: now, deadline: now.Add(timeout), result: make(chan respResult, 1)}
	if !c.register(r, false) {
		return " (" + c.causeText() + ")"
	}
	if err := c.send(wire.HeaderOnly(wire.Unbind, 0, seq), ""); err != nil {
		return " (" + c.causeText() + ")"
	}
	select {
	case res := <-r.result:
		if res.err != nil {
			return " (" + res.err.Error() + ")"
		}
		note := ""
		if res.h.Status != wire.StatusOK || res.h.ID != wire.UnbindResp {
			note = fmt.Sprintf(" (%s %s)", wire.CommandName(res.h.ID), wire.StatusString(res.h.Status))
		}
		c.closePolitely(errors.New("unbound"))
		return note
	case <-c.dead:
		select {
		case res := <-r.result:
			if res.err == nil {
				c.mu.Lock()
				c.orderlyEnd = true // answered, then closed by the SMSC: as polite as it gets
				c.mu.Unlock()
				return ""
			}
		case <-expired:
			return fmt.Sprintf(" (no unbind_resp within %s)", timeout)
		default:
		}
		return " (" + c.causeText() + ")"
	}
}
