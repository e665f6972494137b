package burst

import (
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smppclient"
)

// The schedule spaces intended send times by 1/rate and ramps linearly, whatever the
// moment a slot is taken.
func TestScheduleRateAndRamp(t *testing.T) {
	start := time.Unix(1000, 0)
	sc := newSchedule(start, Settings{Rate: 100})
	for i := range 5 {
		if got, want := sc.take(), start.Add(time.Duration(i)*10*time.Millisecond); !got.Equal(want) {
			t.Fatalf("slot %d at %v, want %v", i, got, want)
		}
	}
	ramp := newSchedule(start, Settings{Rate: 1000, RampFrom: 100, RampOver: 10 * time.Second})
	if r := ramp.target(start.Add(5 * time.Second)); r != 550 {
		t.Fatalf("mid-ramp rate %g", r)
	}
	if r := ramp.target(start.Add(20 * time.Second)); r != 1000 {
		t.Fatalf("after the ramp %g", r)
	}
	// Slots in the first second of the ramp: about 100 to 190 msg/s, so 100–190 slots.
	n := 0
	for ramp.take().Before(start.Add(time.Second)) {
		n++
	}
	if n < 100 || n > 190 {
		t.Fatalf("%d slots in the ramp's first second", n)
	}
}

// AIMD against a link that throttles above 200 msg/s, in simulated time: the rate
// falls from 1000 and settles around 200.
func TestAIMDSettles(t *testing.T) {
	a := newAIMD(1000)
	now := time.Unix(0, 0)
	for range 600 { // 60 s in 100 ms steps
		now = now.Add(100 * time.Millisecond)
		if a.current(now, 1000) > 200 {
			a.cut(now.Add(10 * time.Millisecond))
		}
	}
	rate, settled := a.figures()
	if settled < 160 || settled > 210 || rate > 260 {
		t.Fatalf("rate %g, settled %g", rate, settled)
	}
	// One burst of throttled answers counts once.
	b := newAIMD(1000)
	b.cut(now)
	b.cut(now.Add(time.Millisecond))
	if r, _ := b.figures(); r != 800 {
		t.Fatalf("two cuts within %s gave %g", decreaseGap, r)
	}
}

// The congestion_state hook: from 90 up an adaptive run cuts its rate; below, nothing.
func TestCongestionHook(t *testing.T) {
	c, err := smppclient.New(smppclient.Settings{Addr: "127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := New([]*smppclient.Client{c}, Settings{Count: 1, Rate: 1000, Adaptive: true}, fixed(t, false))
	if err != nil {
		t.Fatal(err)
	}
	r.sched = newSchedule(time.Now(), r.set)
	r.Congestion(0, 50)
	if rate, _ := r.sched.aimd.figures(); rate != 1000 {
		t.Fatalf("congestion 50 cut the rate to %g", rate)
	}
	r.Congestion(0, 95)
	if rate, _ := r.sched.aimd.figures(); rate != 800 {
		t.Fatalf("congestion 95: rate %g, want 800", rate)
	}
}
