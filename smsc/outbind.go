package smsc

import (
	"fmt"
	"net"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// Outbind (SMPP 3.4 §2.2.1, §4.1.7): with Config.Outbind the server dials the ESME,
// sends outbind with an account's system_id and password, and serves the
// bind_receiver that comes back on that connection as any bind. One goroutine, owned
// by the server (s.wg) and stopped by Drain, keeps one such connection up.

// outbindMaxRetry is the backoff ceiling between outbind attempts.
const outbindMaxRetry = 30 * time.Second

// outbindLoop dials Config.Outbind, serves the connection until it ends, and dials
// again after a backoff that starts at OutbindRetry, doubles up to 30s, and starts
// again after a connection that bound.
func (s *Server) outbindLoop() {
	defer s.wg.Done()
	ctx := s.obCtx
	addr := s.cfg.Outbind
	wait := s.cfg.OutbindRetry
	for ctx.Err() == nil {
		d := net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
		nc, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			if c := s.startConn(nc, true); c != nil {
				select {
				case <-c.done:
				case <-ctx.Done():
					<-c.done // Drain unbinds it
				}
				if c.everBound.Load() {
					wait = s.cfg.OutbindRetry
				}
			}
		} else if ctx.Err() == nil {
			s.event(Event{Kind: EventOutbind, Remote: addr, Detail: fmt.Sprintf("cannot connect: %v; next attempt in %v", err, wait)})
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
		}
		t.Stop()
		wait = min(2*wait, outbindMaxRetry)
	}
}

// sendOutbind queues the outbind, sequence number 1 of the connection, on a connection
// whose goroutines have not started.
func (c *conn) sendOutbind() {
	s := c.srv
	a := s.accounts[s.cfg.OutbindSystemID]
	c.mu.Lock()
	seq := c.nextSeqLocked()
	c.mu.Unlock()
	b := wire.OutbindBody{SystemID: []byte(a.cfg.SystemID), Password: []byte(a.cfg.Password)}
	_ = c.out.Send(wire.AppendPDU(nil, &b, wire.StatusOK, seq))
	c.outbound = fmt.Sprintf("outbind sent as system_id %q", a.cfg.SystemID) // serve logs it after the connect
}
