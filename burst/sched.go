package burst

import (
	"sync"
	"time"
)

// schedule hands out intended send times: each slot follows the one before by 1/rate,
// whatever the moment it is taken. A worker that could not take its slot on time
// (window full, slow socket) sends late, and the lateness is counted as latency.
type schedule struct {
	mu      sync.Mutex
	start   time.Time
	next    time.Time
	set     Settings
	aimd    *aimd // nil unless adaptive
	stopped bool
}

func newSchedule(start time.Time, s Settings) *schedule {
	sc := &schedule{start: start, next: start, set: s}
	if s.Adaptive {
		sc.aimd = newAIMD(s.Rate)
	}
	return sc
}

// target is the planned rate at t: the ramp, or the rate.
func (sc *schedule) target(t time.Time) float64 {
	s := sc.set
	if s.RampOver <= 0 {
		return s.Rate
	}
	f := float64(t.Sub(sc.start)) / float64(s.RampOver)
	if f >= 1 {
		return s.Rate
	}
	if f < 0 {
		f = 0
	}
	return s.RampFrom + (s.Rate-s.RampFrom)*f
}

// rate is the rate in force at t: the target, capped by the adaptive rate.
func (sc *schedule) rate(t time.Time) float64 {
	r := sc.target(t)
	if sc.aimd != nil {
		r = min(r, sc.aimd.current(t, r))
	}
	return r
}

// take returns the next intended send time.
func (sc *schedule) take() time.Time {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	t := sc.next
	r := sc.rate(t)
	sc.next = t.Add(time.Duration(float64(time.Second) / r))
	return t
}

// aimd is the adaptive rate: multiplicative decrease on a throttle (or congestion),
// at most once per decreaseGap so that one burst of throttled answers counts once, and
// additive increase of ceiling/200 per increaseStep without a throttle.
type aimd struct {
	mu       sync.Mutex
	ceiling  float64
	rate     float64
	lastCut  time.Time
	lastStep time.Time
	total    int // steps taken
	// steps are the rate at each increaseStep, the last settleSteps of them kept: the
	// rate it settled on is their mean over the later half of the run, at most the last
	// two seconds, so that the descent from the start does not weigh on it.
	steps []float64
}

const (
	decreaseFactor = 0.8
	decreaseGap    = 100 * time.Millisecond
	increaseStep   = 100 * time.Millisecond
	minRate        = 1
	settleSteps    = 20
)

func newAIMD(ceiling float64) *aimd {
	return &aimd{ceiling: ceiling, rate: ceiling}
}

// current advances the additive increase to t and returns the rate; ceiling is the
// target at t.
func (a *aimd) current(t time.Time, ceiling float64) float64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.lastStep.IsZero() {
		a.lastStep = t
	}
	for t.Sub(a.lastStep) >= increaseStep {
		a.lastStep = a.lastStep.Add(increaseStep)
		if a.lastStep.Sub(a.lastCut) >= increaseStep {
			a.rate = min(ceiling, a.rate+a.ceiling/200)
		}
		a.steps = append(a.steps, a.rate)
		if len(a.steps) > 4*settleSteps {
			a.steps = append(a.steps[:0], a.steps[len(a.steps)-2*settleSteps:]...)
		}
		a.total++
	}
	return a.rate
}

// cut is a throttle seen at t.
func (a *aimd) cut(t time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.lastCut.IsZero() && t.Sub(a.lastCut) < decreaseGap {
		return
	}
	a.lastCut = t
	a.rate = max(minRate, a.rate*decreaseFactor)
}

func (a *aimd) figures() (rate, settled float64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := min(settleSteps, len(a.steps), max(1, a.total/2))
	if n == 0 {
		return a.rate, a.rate
	}
	for _, v := range a.steps[len(a.steps)-n:] {
		settled += v
	}
	return a.rate, settled / float64(n)
}
