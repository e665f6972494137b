package burst

import (
	"sync"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
	"github.com/smppconsole/smppconsole/receipt"
)

// Latencies are recorded in microseconds, from 1µs to one hour, to 3 significant digits.
const (
	histMin    = 1
	histMax    = int64(time.Hour / time.Microsecond)
	histDigits = 3
)

func newHist() *hdrhistogram.Histogram { return hdrhistogram.New(histMin, histMax, histDigits) }

func recordLatency(h *hdrhistogram.Histogram, d time.Duration) {
	v := int64(d / time.Microsecond)
	if v < histMin {
		v = histMin
	}
	if v > histMax {
		v = histMax
	}
	_ = h.RecordValue(v)
}

// Outcome names, as the report and the metrics spell them.
const (
	OutcomeAccepted = "accepted"
	OutcomeRejected = "rejected"
	OutcomeTimedOut = "timed_out"
	OutcomeLost     = "connection_lost"
)

// Counts are the figures of a bind or of a whole run. Messages end in exactly one
// outcome; Statuses count the command_status of every final submit_sm_resp (a part
// retried after a throttle is counted once, with its last answer); Throttled counts
// every throttled answer, retried or not.
type Counts struct {
	Messages   uint64            `json:"messages"`
	Parts      uint64            `json:"parts"`
	Outcomes   map[string]uint64 `json:"outcomes"`
	Statuses   map[string]uint64 `json:"statuses"`
	Throttled  uint64            `json:"throttled"`
	Retries    uint64            `json:"retries"`
	Receipts   uint64            `json:"receipts"`  // final receipts received
	Delivered  uint64            `json:"delivered"` // of which DELIVRD
	Missing    uint64            `json:"missing"`   // accepted parts asking for a receipt that had none at the end
	ReceiptsBy map[string]uint64 `json:"receipt_states"`
}

func newCounts() Counts {
	return Counts{Outcomes: map[string]uint64{}, Statuses: map[string]uint64{}, ReceiptsBy: map[string]uint64{}}
}

func (c *Counts) add(o Counts) {
	c.Messages += o.Messages
	c.Parts += o.Parts
	c.Throttled += o.Throttled
	c.Retries += o.Retries
	c.Receipts += o.Receipts
	c.Delivered += o.Delivered
	c.Missing += o.Missing
	for k, v := range o.Outcomes {
		c.Outcomes[k] += v
	}
	for k, v := range o.Statuses {
		c.Statuses[k] += v
	}
	for k, v := range o.ReceiptsBy {
		c.ReceiptsBy[k] += v
	}
}

func (c Counts) clone() Counts {
	n := newCounts()
	n.add(c)
	return n
}

// bindStats are one bind's figures.
type bindStats struct {
	name    string
	counts  Counts
	resp    *hdrhistogram.Histogram // intended send → submit_sm_resp
	receipt *hdrhistogram.Histogram // intended send → final receipt
	owed    int64                   // accepted parts still owed a final receipt
}

// stats hold everything measured; one mutex, taken briefly per event.
type stats struct {
	mu       sync.Mutex
	start    time.Time
	binds    []*bindStats
	resp     *hdrhistogram.Histogram // all binds, for the snapshot
	sent     []uint64                // submit_sm of new messages and retries, per second of actual send
	accepted []uint64                // messages accepted, per second of their last response
	inFlight int                     // submissions awaiting their responses
	waiting  int                     // messages waiting to be retried
	started  uint64                  // messages taken from the source
	errors   []string
}

func newStats(start time.Time, names []string) *stats {
	s := &stats{start: start, resp: newHist()}
	for _, n := range names {
		s.binds = append(s.binds, &bindStats{name: n, counts: newCounts(), resp: newHist(), receipt: newHist()})
	}
	return s
}

func bump(series *[]uint64, i int) {
	if i < 0 {
		i = 0
	}
	for len(*series) <= i {
		*series = append(*series, 0)
	}
	(*series)[i]++
}

func (s *stats) second(t time.Time) int { return int(t.Sub(s.start) / time.Second) }

// unstart takes back a message that was never sent because the run stopped.
func (s *stats) unstart() {
	s.mu.Lock()
	s.started--
	s.mu.Unlock()
}

func (s *stats) onSend(at time.Time, retry bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	bump(&s.sent, s.second(at))
	s.inFlight++
	if retry {
		s.waiting--
	}
}

// onResponse is one part's final answer (accepted or rejected).
func (s *stats) onResponse(bind int, status string, lat time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.binds[bind]
	b.counts.Statuses[status]++
	b.counts.Parts++
	recordLatency(b.resp, lat)
	recordLatency(s.resp, lat)
}

func (s *stats) onThrottle(bind int) {
	s.mu.Lock()
	s.binds[bind].counts.Throttled++
	s.mu.Unlock()
}

// onRetry: the submission ended throttled and will be sent again.
func (s *stats) onRetry(bind int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.binds[bind].counts.Retries++
	s.inFlight--
	s.waiting++
}

// onDone: a message reached its one outcome; sent says whether it was in flight.
func (s *stats) onDone(bind int, outcome string, at time.Time, wantReceipts int, sent, wasWaiting bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.binds[bind]
	b.counts.Messages++
	b.counts.Outcomes[outcome]++
	if outcome == OutcomeAccepted {
		bump(&s.accepted, s.second(at))
	}
	if sent {
		s.inFlight--
	}
	if wasWaiting {
		s.waiting--
	}
	b.owed += int64(wantReceipts)
}

func (s *stats) onReceipt(bind int, st receipt.Receipt, lat time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.binds[bind]
	b.counts.Receipts++
	name := st.Stat
	if name == "" {
		name = st.State.String()
	}
	b.counts.ReceiptsBy[name]++
	if st.State == receipt.StateDelivered {
		b.counts.Delivered++
	}
	recordLatency(b.receipt, lat)
	b.owed--
}

func (s *stats) noteError(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.errors) < 20 {
		s.errors = append(s.errors, msg)
	}
}

// open is the work not finished: in flight or waiting for a retry.
func (s *stats) open() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight + s.waiting
}

func (s *stats) owed() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for _, b := range s.binds {
		n += b.owed
	}
	return n
}
