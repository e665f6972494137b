package smsc

import (
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// idleConns opens n TCP connections that never send a byte.
func idleConns(t *testing.T, s *Server, n int) []net.Conn {
	t.Helper()
	out := make([]net.Conn, 0, n)
	for range n {
		nc, err := net.DialTimeout("tcp", s.Addr().String(), testTimeout)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { nc.Close() })
		out = append(out, nc)
	}
	return out
}

// closedByServer reports whether the server has closed nc, waiting up to testTimeout.
func closedByServer(nc net.Conn) bool {
	_ = nc.SetReadDeadline(time.Now().Add(testTimeout))
	var b [1]byte
	_, err := nc.Read(b[:])
	return err != nil && !isTimeout(err)
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// Connections that never bind must not take the slots of bound sessions: --max-conns
// limits binds, not TCP connections.
func TestIdleConnectionsDoNotTakeBindSlots(t *testing.T) {
	s := startServer(t, Config{MaxConnections: 2})
	idleConns(t, s, 20)
	eventually(t, "the idle connections accepted", func() bool { return s.Stats().Connections == 20 })
	a := dial(t, s)
	a.mustBind(wire.BindTransmitter)
	b := dial(t, s)
	b.mustBind(wire.BindTransceiver)
	if st := s.Stats(); st.Bound != 2 || st.Connections != 22 {
		t.Errorf("bound %d of %d connections, want 2 of 22", st.Bound, st.Connections)
	}
	// The limit on bound sessions still holds.
	c := dial(t, s)
	if p := c.bind(wire.BindTransmitter, DefaultSystemID, DefaultPassword); p.h.Status != wire.StatusBindFail {
		t.Fatalf("bind over the session limit: %s", wire.StatusString(p.h.Status))
	}
	c.waitClosed()
	// A session that ends gives its slot back.
	a.call(wire.Unbind, nil)
	a.waitClosed()
	eventually(t, "a bind after an unbind", func() bool {
		d := dial(t, s)
		ok := d.bind(wire.BindTransmitter, DefaultSystemID, DefaultPassword).h.Status == 0
		d.close()
		return ok
	})
}

// A flood of connections beyond the cap on unbound ones closes the oldest of them, so a
// client that connects and binds at once still gets in.
func TestConnectionFloodCannotStarveBinds(t *testing.T) {
	var log logSink
	s := startServer(t, Config{MaxConnections: 2, MaxUnbound: 5, Log: log.log})
	idle := idleConns(t, s, 20)
	eventually(t, "the flood trimmed to the cap", func() bool { return s.Stats().UnboundEvicted == 15 })
	if !closedByServer(idle[0]) {
		t.Error("the oldest idle connection is still open")
	}
	eventually(t, "an event saying why", func() bool { return log.has(EventDisconnect, "5 connections waiting to bind") })
	a := dial(t, s)
	a.mustBind(wire.BindTransceiver)
	// A bound session is never evicted by later connections.
	idleConns(t, s, 10)
	// 16 closed so far (a's own connection made room for itself); the 4 left waiting and
	// the 10 new ones are trimmed to 5.
	eventually(t, "the second flood trimmed", func() bool {
		st := s.Stats()
		return st.UnboundEvicted == 16+9 && st.Connections == 1+5
	})
	if p := a.call(wire.EnquireLink, nil); p.h.ID != wire.EnquireLinkResp {
		t.Fatalf("bound session after a second flood: %v", p.h)
	}
}

// An unbound connection is closed after the bind timeout, and the event says so.
func TestBindTimeoutClosesIdleConnection(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var log logSink
		s := startBubbleServer(t, Config{BindTimeout: 50 * time.Millisecond, Log: log.log})
		idle := s.idle(t)
		start := time.Now()
		bound := s.dial(t)
		bound.mustBind(wire.BindTransceiver)
		if !closedByServer(idle) {
			t.Fatal("the idle connection was not closed")
		}
		if d := time.Since(start); d != 50*time.Millisecond {
			t.Errorf("closed after %v, want the 50ms bind timeout", d)
		}
		synctest.Wait() // the teardown finishes
		if !log.has(EventDisconnect, "no bind within 50ms") {
			t.Error("no bind timeout event")
		}
		// The bound session outlives the bind timeout.
		time.Sleep(time.Second)
		if n := s.Stats().Connections; n != 1 {
			t.Errorf("%d connections, want the bound one", n)
		}
		if p := bound.call(wire.EnquireLink, nil); p.h.ID != wire.EnquireLinkResp {
			t.Fatalf("bound session: %v", p.h)
		}
	})
}

func TestBindTimeoutDefault(t *testing.T) {
	if d := DefaultConfig().BindTimeout; d != 5*time.Second {
		t.Errorf("default bind timeout %v, want 5s", d)
	}
	if d := (Config{}).withDefaults().MaxUnbound; d < 2*(Config{}).withDefaults().MaxConnections {
		t.Errorf("default cap on unbound connections %d is not generous", d)
	}
}
