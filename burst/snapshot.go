package burst

import (
	"fmt"
	"time"
)

// Snapshot is the run's live figures, for a progress line or the TUI's load panel.
type Snapshot struct {
	Elapsed    time.Duration
	TargetRate float64 // the schedule's rate now (ramp and adaptive cut included)
	ActualRate float64 // submit_sm sent in the last whole second
	InFlight   int
	Waiting    int // throttled messages waiting for their retry
	Started    uint64
	Finished   uint64
	Accepted   uint64
	Rejected   map[string]uint64 // by command_status, ESME_ROK left out
	TimedOut   uint64
	Lost       uint64
	Throttled  uint64
	Retries    uint64
	P50, P99   time.Duration // submit→resp so far, from the intended send time
	ETA        time.Duration // -1 when unknown
	Throughput []uint64      // submit_sm sent per second so far
	Done       bool
}

// Snapshot copies the figures; it takes the stats lock once and reads two percentiles,
// cheap enough to call several times a second.
func (r *Runner) Snapshot() Snapshot {
	if !r.running.Load() {
		return Snapshot{ETA: -1}
	}
	now := time.Now()
	sn := Snapshot{Elapsed: now.Sub(r.st.start), TargetRate: r.sched.rateNow(now), Rejected: map[string]uint64{}, ETA: -1}
	select {
	case <-r.done:
		sn.Done = true
	default:
	}
	st := r.st
	st.mu.Lock()
	sn.InFlight, sn.Waiting, sn.Started = st.inFlight, st.waiting, st.started
	for _, b := range st.binds {
		c := &b.counts
		sn.Finished += c.Messages
		sn.Accepted += c.Outcomes[OutcomeAccepted]
		sn.TimedOut += c.Outcomes[OutcomeTimedOut]
		sn.Lost += c.Outcomes[OutcomeLost]
		sn.Throttled += c.Throttled
		sn.Retries += c.Retries
		for k, v := range c.Statuses {
			if k != "ESME_ROK" {
				sn.Rejected[k] += v
			}
		}
	}
	if st.resp.TotalCount() > 0 {
		sn.P50 = time.Duration(st.resp.ValueAtQuantile(50)) * time.Microsecond
		sn.P99 = time.Duration(st.resp.ValueAtQuantile(99)) * time.Microsecond
	}
	sn.Throughput = append([]uint64(nil), st.sent...)
	st.mu.Unlock()
	switch sec := int(sn.Elapsed/time.Second) - 1; {
	case sec >= 0 && sec < len(sn.Throughput):
		sn.ActualRate = float64(sn.Throughput[sec]) // the last whole second
	case sec < 0 && len(sn.Throughput) > 0 && sn.Elapsed > 0:
		sn.ActualRate = float64(sn.Throughput[0]) / sn.Elapsed.Seconds() // the first second, so far
	}
	switch {
	case sn.Done:
		sn.ETA = 0
	case r.set.Count > 0 && sn.TargetRate > 0:
		left := float64(uint64(r.set.Count) - min(uint64(r.set.Count), sn.Started))
		sn.ETA = time.Duration(left / sn.TargetRate * float64(time.Second))
	case r.set.Duration > 0:
		sn.ETA = max(0, r.set.Duration-sn.Elapsed)
	}
	return sn
}

// Line is the snapshot in one line, for a progress line on a terminal.
func (sn Snapshot) Line() string {
	var rejected uint64
	for _, v := range sn.Rejected {
		rejected += v
	}
	eta := "?"
	if sn.ETA >= 0 {
		eta = sn.ETA.Round(time.Second).String()
	}
	return fmt.Sprintf("%6.0f/%.0f msg/s  in flight %d  accepted %d  rejected %d  throttled %d  p99 %s  ETA %s",
		sn.ActualRate, sn.TargetRate, sn.InFlight, sn.Accepted, rejected, sn.Throttled, sn.P99.Round(10*time.Microsecond), eta)
}

// rateNow is the rate in force now, without advancing the schedule.
func (sc *schedule) rateNow(t time.Time) float64 {
	r := sc.target(t)
	if sc.aimd != nil {
		a, _ := sc.aimd.figures()
		r = min(r, a)
	}
	return r
}
