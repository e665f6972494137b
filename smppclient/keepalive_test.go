package smppclient

import (
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

// TestE2ESlowSMSCIsNotDead: an SMSC that answers everything late is slow, not dead. The
// first enquire_link once shared ResponseTimeout with submit_sm, so the link was torn
// down one response timeout after every bind.
func TestE2ESlowSMSCIsNotDead(t *testing.T) {
	srv := startSim(t, smsc.Config{Faults: smsc.Faults{ResponseDelay: 300 * time.Millisecond}})
	s := simSettings(srv.Addr().String())
	s.ResponseTimeout, s.EnquireLinkTimeout, s.EnquireLinkInterval = 100*time.Millisecond, 5*time.Second, 50*time.Millisecond
	_, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	n, bound := 0, false
	e, _ := ev.waitFor(t, 10*time.Second, "two enquire_link answered", func(e Event) bool {
		if se, ok := e.(StateEvent); ok {
			if bound {
				return true
			}
			bound = se.State == Bound
		}
		if _, ok := e.(KeepAliveEvent); ok {
			n++
		}
		return n == 2
	})
	if se, ok := e.(StateEvent); ok {
		t.Fatalf("the link left bound: %s: %s", se.State, se.Reason)
	}
	if st := srv.Stats(); st.Binds != 1 {
		t.Errorf("%d binds at the simulator", st.Binds)
	}
}

// TestLinkAliveWhilePDUsArrive: an enquire_link left unanswered does not make a link
// dead while other PDUs keep arriving on it; once they stop, the link is declared dead
// with the reason in words.
func TestLinkAliveWhilePDUsArrive(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f, s := newPipeFake(t)
		const n = 30 // 30 deliver_sm 25 ms apart: longer than the enquire_link timeout
		answered := make(chan uint32, n)
		var once sync.Once
		f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
			switch h.ID {
			case wire.EnquireLink:
				once.Do(func() { // on the first connection only
					go func() {
						for i := 1; i <= n; i++ {
							if fc.write(deliverSM(uint32(i), "447700900999", "12345", 0, 0, []byte("still here"))) != nil {
								return
							}
							time.Sleep(25 * time.Millisecond) // the SMSC's pace
						}
					}()
				})
				return true // never answered
			case wire.DeliverSMResp:
				answered <- h.Seq
				return true
			}
			return false
		})
		s.EnquireLinkInterval, s.EnquireLinkTimeout, s.ResponseTimeout = 20*time.Millisecond, 300*time.Millisecond, 300*time.Millisecond
		_, ev := startClient(t, s)
		ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
		for i := 1; i <= n; i++ {
			select {
			case seq := <-answered:
				if seq != uint32(i) {
					t.Fatalf("deliver_sm_resp seq %d, want %d", seq, i)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("deliver_sm %d not answered; events:\n%s", i, ev.dump())
			}
		}
		for _, e := range ev.snapshot() {
			if se, ok := e.(StateEvent); ok && se.State == BackingOff {
				t.Fatalf("declared dead while deliver_sm kept arriving: %s", se.Reason)
			}
		}
		e, _ := ev.waitFor(t, 5*time.Second, "dead link", isState("trx", BackingOff))
		if r := e.(StateEvent).Reason; !strings.HasPrefix(r, "link declared dead: no enquire_link_resp in ") {
			t.Errorf("reason %q", r)
		}
	})
}
