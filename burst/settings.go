// Package burst drives load through one or more SMPP sessions and measures it: a paced
// schedule of intended send times (a rate, or a ramp), retries of throttled parts,
// an adaptive rate (AIMD), and latencies from the intended send time into HdrHistograms,
// so that a full window shows up as latency instead of hiding it (coordinated omission).
// It knows nothing of terminals or Bubble Tea: cmd and the TUI poll Runner.Snapshot.
package burst

import (
	"errors"
	"fmt"
	"time"
)

// Settings describe one run. The window per bind is each session's own Settings.Window.
type Settings struct {
	Count    int           // messages to send; 0 with Duration: as many as fit
	Duration time.Duration // stop scheduling new messages after this long; 0 with Count: until done

	Rate     float64       // messages per second across all binds (the target, or the ramp's end)
	RampFrom float64       // with RampOver: start at this rate and reach Rate linearly
	RampOver time.Duration // length of the ramp

	RetryThrottled int           // re-submit a message throttled (ESME_RTHROTTLED, ESME_RMSGQFUL) at most this often
	RetryBackoff   time.Duration // first backoff, doubled per attempt up to 5s (default 100ms)

	Adaptive bool // cut the rate on throttling or congestion, then creep back (see aimd)

	WaitReceipts time.Duration // after the last response, wait this long for final receipts

	// ExternalEvents: the caller reads each client's Events() and passes receipts to
	// Runner.Observe (the TUI, which shows the same events). Otherwise the runner reads
	// and discards them for the length of the run.
	ExternalEvents bool

	Metrics *Metrics // optional Prometheus instruments, updated as the run goes
}

// Defaults.
const (
	DefaultRetryBackoff = 100 * time.Millisecond
	maxRetryBackoff     = 5 * time.Second
	// MaxRate bounds Rate: beyond it a typo, not a plan.
	MaxRate = 1_000_000
)

func (s Settings) withDefaults() Settings {
	if s.RetryBackoff <= 0 {
		s.RetryBackoff = DefaultRetryBackoff
	}
	return s
}

// Validate says in words what is wrong with the settings.
func (s Settings) Validate() error {
	switch {
	case s.Count < 0 || s.Duration < 0:
		return errors.New("count and duration must not be negative")
	case s.Count == 0 && s.Duration == 0:
		return errors.New("give a count of messages or a duration")
	case s.Rate <= 0 || s.Rate > MaxRate:
		return fmt.Errorf("rate %g: want more than 0 and at most %d messages per second", s.Rate, MaxRate)
	case s.RampOver < 0 || s.RampFrom < 0 || s.RampFrom > MaxRate:
		return errors.New("ramp: the start rate and the time must not be negative")
	case s.RampOver > 0 && s.RampFrom == 0:
		return errors.New("ramp: give the rate to start from")
	case s.RetryThrottled < 0:
		return errors.New("retry-throttled must not be negative")
	case s.WaitReceipts < 0:
		return errors.New("the receipt wait must not be negative")
	}
	return nil
}
