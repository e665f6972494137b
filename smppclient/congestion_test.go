package smppclient

import (
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smsc"
)

// submitOne sends one message and returns its one outcome.
func submitOne(t *testing.T, c *Client, text string) SubmitEvent {
	t.Helper()
	sub, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", text))
	if err != nil {
		t.Fatal(err)
	}
	outs, err := sub.Wait(ctxT(t, 10*time.Second))
	if err != nil || len(outs) != 1 {
		t.Fatalf("%d outcomes: %v", len(outs), err)
	}
	return outs[0]
}

// The simulator's congestion_state reaches SubmitEvent, and the Submission's outcome,
// end to end: rate-limited, each submission spends a quarter of a bucket of 4.
func TestE2ECongestionStateFromRateLimiter(t *testing.T) {
	srv := startSim(t, smsc.Config{Limits: smsc.Limits{SubmitRate: 0.01, SubmitBurst: 4, Congestion: true}})
	c, ev := startClient(t, simSettings(srv.Addr().String()))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	for i, want := range []int{25, 50, 75, 100} {
		o := submitOne(t, c, "congestion")
		if o.Outcome != Accepted || !o.HasCongestion {
			t.Fatalf("submission %d: %+v", i+1, o)
		}
		// The bucket refills by 0.01 a second: a moment's refill may take a point off.
		if o.Congestion > want || o.Congestion < want-2 {
			t.Errorf("submission %d: congestion_state %d, want %d", i+1, o.Congestion, want)
		}
		ev.waitFor(t, 5*time.Second, "its SubmitEvent", func(e Event) bool {
			s, ok := e.(SubmitEvent)
			return ok && s.Seq == o.Seq && s.HasCongestion && s.Congestion == o.Congestion
		})
	}
	if o := submitOne(t, c, "throttled"); o.Outcome != Rejected || o.HasCongestion {
		t.Errorf("the fifth, over the rate: %+v", o)
	}
}

// With responses held back, the window's fill is what counts: the k-th submit_sm finds
// k-1 responses waiting in a window of 10.
func TestE2ECongestionStateFromWindow(t *testing.T) {
	srv := startSim(t, smsc.Config{Limits: smsc.Limits{Window: 10, Congestion: true},
		Faults: smsc.Faults{ResponseDelay: time.Second}})
	s := simSettings(srv.Addr().String())
	s.ResponseTimeout = 10 * time.Second
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	var subs []*Submission
	for range 5 {
		sub, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "held"))
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, sub)
	}
	for i, sub := range subs {
		outs, err := sub.Wait(ctxT(t, 10*time.Second))
		if err != nil || len(outs) != 1 {
			t.Fatalf("%d outcomes: %v", len(outs), err)
		}
		if o := outs[0]; o.Outcome != Accepted || !o.HasCongestion || o.Congestion != 10*i {
			t.Errorf("submission %d: %+v, want congestion_state %d", i+1, o, 10*i)
		}
	}
}

// Without --congestion the simulator sends no congestion_state, and none is reported.
func TestE2ENoCongestionState(t *testing.T) {
	srv := startSim(t, smsc.Config{Limits: smsc.Limits{SubmitRate: 1000}})
	c, ev := startClient(t, simSettings(srv.Addr().String()))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	if o := submitOne(t, c, "plain"); o.Outcome != Accepted || o.HasCongestion || o.Congestion != 0 {
		t.Errorf("%+v", o)
	}
}
