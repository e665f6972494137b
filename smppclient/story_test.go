package smppclient

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// TestFirstBackoffIsWaited: the first failed attempt waits for the backoff it announces.
// Start once left a token on the control channel, so the first retry went at once while
// the state event said "next attempt in …".
func TestFirstBackoffIsWaited(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f, s := newPipeFake(t)
		f.close() // refused from now on
		s.ReconnectMin, s.ReconnectMax = 200*time.Millisecond, 200*time.Millisecond
		_, ev := startClient(t, s)
		e, _ := ev.waitFor(t, 5*time.Second, "backing off", isState("trx", BackingOff))
		retry := e.(StateEvent).Retry
		n := 0
		e, _ = ev.waitFor(t, 5*time.Second, "the second attempt", func(e Event) bool {
			if isState("trx", Connecting)(e) {
				n++
			}
			return n == 2
		})
		if at := e.When(); at.Before(retry) {
			t.Errorf("second attempt at %s, %s before the announced %s", at.Format("15:04:05.000"), retry.Sub(at), retry.Format("15:04:05.000"))
		}
	})
}

// states returns the link's state events so far.
func states(ev *events) []StateEvent {
	var out []StateEvent
	for _, e := range ev.snapshot() {
		if s, ok := e.(StateEvent); ok {
			out = append(out, s)
		}
	}
	return out
}

// checkFaults compares each state event's Fault with want, by state, for the states
// want names.
func checkFaults(t *testing.T, got []StateEvent, want map[State]bool) {
	t.Helper()
	for _, s := range got {
		if w, ok := want[s.State]; ok && s.Fault != w {
			t.Errorf("%s (%q): Fault %v, want %v", s.State, s.Reason, s.Fault, w)
		}
	}
}

// TestStoryFaults: every state change says whether something went wrong, and the
// reasons read as words.
func TestStoryFaults(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		f := newFake(t)
		addr := f.addr
		f.close()
		_, ev := startClient(t, testSettings(addr))
		e, _ := ev.waitFor(t, 5*time.Second, "backing off", isState("trx", BackingOff))
		if r := e.(StateEvent).Reason; !strings.HasPrefix(r, "connect to "+addr+": connection refused; next attempt in ") {
			t.Errorf("reason %q", r)
		}
		checkFaults(t, states(ev), map[State]bool{Connecting: false, BackingOff: true})
	})
	t.Run("bind refused", func(t *testing.T) {
		f := newFake(t)
		s := testSettings(f.addr)
		s.Password = "wrong"
		_, ev := startClient(t, s)
		e, _ := ev.waitFor(t, 5*time.Second, "disconnected", isState("trx", Disconnected))
		if r := e.(StateEvent).Reason; !strings.HasPrefix(r, "bind refused: bind_transceiver_resp ESME_RINVPASWD (0x0000000E); ") {
			t.Errorf("reason %q", r)
		}
		checkFaults(t, states(ev), map[State]bool{Connecting: false, Binding: false, Disconnected: true})
	})
	t.Run("closed by the SMSC", func(t *testing.T) {
		f := newFake(t)
		f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
			if h.ID != wire.BindTransceiver {
				return false
			}
			fc.standard(h, raw)
			if _, _, binds, _ := f.stats(); binds == 1 {
				fc.nc.Close()
			}
			return true
		})
		_, ev := startClient(t, testSettings(f.addr))
		e, _ := ev.waitFor(t, 5*time.Second, "backing off", isState("trx", BackingOff))
		if r := e.(StateEvent).Reason; !strings.HasPrefix(r, "closed by the SMSC; next attempt in ") {
			t.Errorf("reason %q", r)
		}
		n := 0
		ev.waitFor(t, 5*time.Second, "bound again", func(e Event) bool {
			if isState("trx", Bound)(e) {
				n++
			}
			return n == 2
		})
		checkFaults(t, states(ev), map[State]bool{Connecting: false, Binding: false, Bound: false, BackingOff: true})
	})
	t.Run("the SMSC sent unbind", func(t *testing.T) {
		f := newFake(t)
		_, ev := startClient(t, testSettings(f.addr))
		ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
		fc := <-f.accepted
		_ = fc.write(wire.HeaderOnly(wire.Unbind, 0, 5))
		e, _ := ev.waitFor(t, 5*time.Second, "backing off", isState("trx", BackingOff))
		if r := e.(StateEvent).Reason; !strings.HasPrefix(r, "the SMSC sent unbind; next attempt in ") {
			t.Errorf("reason %q", r)
		}
		checkFaults(t, states(ev), map[State]bool{BackingOff: true})
	})
	t.Run("link declared dead", func(t *testing.T) {
		f := newFake(t)
		f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool { return h.ID == wire.EnquireLink })
		s := testSettings(f.addr)
		s.EnquireLinkInterval, s.EnquireLinkTimeout = 50*time.Millisecond, 100*time.Millisecond
		_, ev := startClient(t, s)
		e, _ := ev.waitFor(t, 5*time.Second, "backing off", isState("trx", BackingOff))
		if r := e.(StateEvent).Reason; !strings.HasPrefix(r, "link declared dead: no enquire_link_resp in 100ms; next attempt in ") {
			t.Errorf("reason %q", r)
		}
		checkFaults(t, states(ev), map[State]bool{Bound: false, BackingOff: true})
	})
	t.Run("unbound by the operator, then closed", func(t *testing.T) {
		f := newFake(t)
		c, ev := startClient(t, testSettings(f.addr))
		ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
		c.Unbind()
		e, _ := ev.waitFor(t, 5*time.Second, "disconnected", isState("trx", Disconnected))
		if r := e.(StateEvent).Reason; r != "unbound by the operator" {
			t.Errorf("reason %q", r)
		}
		c.Close()
		ev.waitFor(t, 5*time.Second, "closed", isState("trx", Closed))
		checkFaults(t, states(ev), map[State]bool{Connecting: false, Binding: false, Bound: false,
			Unbinding: false, Disconnected: false, Closed: false})
	})
}

// TestLinkEventConnected: the log learns which local address a connection came from.
func TestLinkEventConnected(t *testing.T) {
	f := newFake(t)
	_, ev := startClient(t, testSettings(f.addr))
	e, i := ev.waitFor(t, 5*time.Second, "connected", func(e Event) bool { _, ok := e.(LinkEvent); return ok })
	le := e.(LinkEvent)
	if !strings.HasPrefix(le.Text, "connected to "+f.addr+" from 127.0.0.1:") || le.Link != "trx" {
		t.Errorf("link event %+v", le)
	}
	_, j := ev.waitFor(t, 5*time.Second, "binding", isState("trx", Binding))
	if j < i {
		t.Errorf("binding (event %d) before connected (event %d)", j, i)
	}
}
