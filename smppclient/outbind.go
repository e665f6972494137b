package smppclient

// Outbind (SMPP 3.4 §2.2.1, §4.1.7): the SMSC connects to the ESME and sends outbind;
// the ESME answers with bind_receiver on that same connection, and from there it is an
// ordinary receiver. With Settings.ListenOutbind the receiving link listens instead of
// dialing: the Client owns the listener (opened by Start, closed by Close) and one
// goroutine that accepts on it; the link's supervisor takes one connection at a time.

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"sync/atomic"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// maxOutbindLength bounds an outbind PDU: the header, system_id (16) and password (9).
const maxOutbindLength = wire.HeaderLen + 16 + 9

// outbinder is the listening side of a client with ListenOutbind.
type outbinder struct {
	addr  string
	ln    net.Listener
	err   error         // the listen failed: the link gives up with it
	conns chan net.Conn // cap 1: accepted, not yet taken by the link
	busy  atomic.Bool   // the link is serving an outbind connection
}

// setupOutbind marks the receiving link as the one that listens; New calls it.
func (c *Client) setupOutbind() {
	if c.s.ListenOutbind == "" {
		return
	}
	c.ob = &outbinder{addr: c.s.ListenOutbind, conns: make(chan net.Conn, 1)}
	for _, l := range c.links {
		if l.bind == Receiver {
			l.outbind = true
		}
	}
}

// listenOutbind opens the listener and starts the goroutines that accept on it and
// close it when the client closes; Start calls it before the links start.
func (c *Client) listenOutbind() {
	ob := c.ob
	if ob == nil {
		return
	}
	ln, err := net.Listen("tcp", ob.addr)
	if err != nil {
		ob.err = fmt.Errorf("listen for outbind on %s: %s", ob.addr, netErrText(err))
		return
	}
	ob.ln = ln
	c.wg.Add(2)
	go func() {
		defer c.wg.Done()
		<-c.closing
		ln.Close()
	}()
	go c.acceptOutbinds(ln)
}

// OutbindAddr is the address the client listens on for outbind once Start has run;
// nil without ListenOutbind, before Start, or when the listen failed.
func (c *Client) OutbindAddr() net.Addr {
	if c.ob == nil || !c.started.Load() || c.ob.ln == nil {
		return nil
	}
	return c.ob.ln.Addr()
}

// acceptOutbinds hands accepted connections to the link, one at a time: a connection
// that comes while one is being served, or while another waits to be taken, is closed
// with a word in the log.
func (c *Client) acceptOutbinds(ln net.Listener) {
	defer c.wg.Done()
	ob := c.ob
	defer func() { // the client is closing: what was not taken is closed
		for {
			select {
			case nc := <-ob.conns:
				nc.Close()
			default:
				return
			}
		}
	}()
	var pause time.Duration
	for {
		nc, err := ln.Accept()
		if err != nil {
			if c.isClosing() {
				return
			}
			// Out of descriptors and the like: wait a little and go on.
			pause = min(max(2*pause, 5*time.Millisecond), time.Second)
			c.emitError("rx", fmt.Errorf("accept on %s: %s", ob.addr, netErrText(err)))
			select {
			case <-time.After(pause):
				continue
			case <-c.closing:
				return
			}
		}
		pause = 0
		if ob.busy.Load() {
			c.emit(LinkEvent{At: c.now(), Link: "rx", Text: fmt.Sprintf("refused a connection from %s: a receiver is already bound on an outbind", nc.RemoteAddr())})
			nc.Close()
			continue
		}
		select {
		case ob.conns <- nc:
		default:
			c.emit(LinkEvent{At: c.now(), Link: "rx", Text: fmt.Sprintf("refused a connection from %s: another is waiting to be served", nc.RemoteAddr())})
			nc.Close()
		}
	}
}

// awaitOutbind waits for a connection on the listener and reads its outbind; it
// returns the connection and the outbind PDU. The error is in words; ctx ends the wait.
func (l *link) awaitOutbind(ctx context.Context) (nc net.Conn, raw []byte, err error) {
	ob := l.c.ob
	if ob.err != nil {
		return nil, nil, &dialError{reason: ob.err.Error(), giveUp: "not retrying (the address to listen on cannot be used)"}
	}
	select {
	case nc = <-ob.conns:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	ob.busy.Store(true)
	remote := nc.RemoteAddr()
	if r := l.c.s.Recorder; r != nil {
		r.Connected(l.c.now(), l.name, nc.LocalAddr(), remote)
	}
	l.c.emit(LinkEvent{At: l.c.now(), Link: l.name, Text: fmt.Sprintf("connection from %s on %s", remote, nc.LocalAddr())})
	stop := context.AfterFunc(ctx, func() { nc.Close() })
	raw, err = readOutbind(nc, l.c.s.BindTimeout)
	if !stop() {
		err = ctx.Err()
	}
	if err != nil {
		nc.Close()
		ob.busy.Store(false)
		return nil, raw, &dialError{reason: fmt.Sprintf("outbind from %s: %v", remote, err)}
	}
	return nc, raw, nil
}

// readOutbind reads exactly one PDU, octet for octet (nothing beyond it is buffered:
// the connection's reader takes over after), and checks it is an outbind.
func readOutbind(nc net.Conn, timeout time.Duration) ([]byte, error) {
	_ = nc.SetReadDeadline(time.Now().Add(timeout))
	defer nc.SetReadDeadline(time.Time{})
	raw := make([]byte, wire.HeaderLen, maxOutbindLength)
	if _, err := io.ReadFull(nc, raw); err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return nil, fmt.Errorf("no outbind within %s", timeout)
		}
		return nil, fmt.Errorf("connection ended before an outbind (%s)", netErrText(err))
	}
	h, _ := wire.ParseHeader(raw)
	if h.ID != wire.Outbind {
		return raw, fmt.Errorf("the first PDU is %s, not outbind", wire.CommandName(h.ID))
	}
	if h.Length < wire.HeaderLen || h.Length > maxOutbindLength {
		return raw, fmt.Errorf("outbind command_length %d is out of bounds (%d-%d)", h.Length, wire.HeaderLen, maxOutbindLength)
	}
	raw = raw[:h.Length]
	if _, err := io.ReadFull(nc, raw[wire.HeaderLen:]); err != nil {
		return nil, fmt.Errorf("outbind cut short (%s)", netErrText(err))
	}
	return raw, nil
}

// checkOutbind decodes an outbind and checks its password against Settings.Password
// when one is set (3.4 §4.1.7.1: the ESME may use it to authenticate the SMSC). It
// returns the SMSC's system_id.
func (l *link) checkOutbind(raw []byte) (systemID string, err error) {
	var b wire.OutbindBody
	if err := b.Decode(wire.Body(raw)); err != nil {
		return "", fmt.Errorf("outbind body: %v", err)
	}
	if pw := l.c.s.Password; pw != "" && subtle.ConstantTimeCompare(b.Password, []byte(pw)) != 1 {
		return string(b.SystemID), fmt.Errorf("outbind from system_id %q has the wrong password (the password is not shown)", b.SystemID)
	}
	return string(b.SystemID), nil
}

// outbound logs the outbind read on c (not yet started) and checks it; on a refusal
// it closes the connection and says how the session ended.
func (l *link) outbound(c *conn, raw []byte) (sessionEnd, bool) {
	if r := l.c.s.Recorder; r != nil {
		r.PDU(l.c.now(), l.name, In, raw)
	}
	c.emitPDU(In, raw, "")
	remote := c.nc.RemoteAddr()
	id, err := l.checkOutbind(raw)
	if err != nil {
		c.nc.Close()
		end := sessionEnd{reason: fmt.Sprintf("outbind from %s refused: %v", remote, err), o: stateOpts{fault: true}}
		l.c.emitError(l.name, errors.New(end.reason))
		return end, false
	}
	l.c.emit(LinkEvent{At: l.c.now(), Link: l.name, Text: fmt.Sprintf("outbind from %s, system_id %q", remote, id)})
	return sessionEnd{}, true
}

// connectingText is the reason of the Connecting state.
func (l *link) connectingText() string {
	if l.outbind {
		return "waiting for an outbind on " + l.c.s.ListenOutbind
	}
	return "connecting to " + l.c.s.Addr
}

// connect dials, or with ListenOutbind waits for an SMSC's connection and its outbind
// (obRaw).
func (l *link) connect(ctx context.Context) (nc, raw net.Conn, obRaw []byte, err error) {
	if l.outbind {
		nc, obRaw, err = l.awaitOutbind(ctx)
		return nc, nc, obRaw, err
	}
	nc, raw, err = l.dial(ctx)
	return nc, raw, nil, err
}
