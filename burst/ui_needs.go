package burst

import (
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// What the TUI's load panel needs beyond Snapshot: the percentiles of the report while
// the run goes, and the response histogram's counts so the panel can take the p99 of
// each second (the difference of two exports) rather than of the whole run so far.

// Percentiles are submit→submit_sm_resp latencies so far, from the intended send time.
type Percentiles struct {
	Count                    int64
	P50, P90, P99, P999, Max time.Duration
}

// Percentiles reads the run's response histogram once under the stats lock.
func (r *Runner) Percentiles() Percentiles {
	if !r.running.Load() {
		return Percentiles{}
	}
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	h := r.st.resp
	us := func(q float64) time.Duration { return time.Duration(h.ValueAtQuantile(q)) * time.Microsecond }
	p := Percentiles{Count: h.TotalCount()}
	if p.Count > 0 {
		p.P50, p.P90, p.P99, p.P999 = us(50), us(90), us(99), us(99.9)
		p.Max = time.Duration(h.Max()) * time.Microsecond
	}
	return p
}

// RespHistogram is a copy of the run's response histogram (nil before Start); the
// difference of two copies' counts is the histogram of the time between them.
func (r *Runner) RespHistogram() *hdrhistogram.Snapshot {
	if !r.running.Load() {
		return nil
	}
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	return r.st.resp.Export()
}

// ReceiptCounts are the run's final receipts so far.
type ReceiptCounts struct {
	Received, Delivered uint64
	Owed                int64 // accepted parts still owed a final receipt
}

// Receipts reads the receipt counts once under the stats lock.
func (r *Runner) Receipts() ReceiptCounts {
	if !r.running.Load() {
		return ReceiptCounts{}
	}
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	var rc ReceiptCounts
	for _, b := range r.st.binds {
		rc.Received += b.counts.Receipts
		rc.Delivered += b.counts.Delivered
		rc.Owed += b.owed
	}
	return rc
}
