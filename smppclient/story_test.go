package smppclient

import (
	"testing"
	"time"
)

// TestFirstBackoffIsWaited: the first failed attempt waits for the backoff it announces.
// Start once left a token on the control channel, so the first retry went at once while
// the state event said "next attempt in …".
func TestFirstBackoffIsWaited(t *testing.T) {
	f := newFake(t)
	addr := f.addr
	f.close()
	s := testSettings(addr)
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
}
