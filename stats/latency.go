package stats

import (
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Latencies are recorded in microseconds from 1µs to 1 hour with 3 significant digits:
// a fixed ~100 KiB per histogram whatever the traffic. Longer delays are clamped.
const (
	histMin = 1
	histMax = int64(time.Hour / time.Microsecond)
	histSig = 3
)

type latency struct {
	h        *hdrhistogram.Histogram
	min, max time.Duration // exact, not bucketed
	n        int
}

func newLatency() *latency {
	return &latency{h: hdrhistogram.New(histMin, histMax, histSig)}
}

func (l *latency) record(d time.Duration) {
	if d < 0 {
		d = 0 // time stamps out of order (a capture merged from two hosts)
	}
	if l.n == 0 || d < l.min {
		l.min = d
	}
	if d > l.max {
		l.max = d
	}
	l.n++
	us := min(max(d.Microseconds(), histMin), histMax)
	_ = l.h.RecordValue(us) // cannot fail: clamped to the range
}

// Latency is a summary of delays. Percentiles come from the histogram (3 significant
// digits); Min and Max are exact.
type Latency struct {
	Count int           `json:"count"`
	Min   time.Duration `json:"-"`
	P50   time.Duration `json:"-"`
	P99   time.Duration `json:"-"`
	Max   time.Duration `json:"-"`
	// The same in milliseconds, for JSON.
	MinMS float64 `json:"min_ms"`
	P50MS float64 `json:"p50_ms"`
	P99MS float64 `json:"p99_ms"`
	MaxMS float64 `json:"max_ms"`
}

func (l *latency) summary() Latency {
	s := Latency{Count: l.n, Min: l.min, Max: l.max}
	s.P50 = l.quantile(50)
	s.P99 = l.quantile(99)
	s.MinMS, s.P50MS, s.P99MS, s.MaxMS = ms(s.Min), ms(s.P50), ms(s.P99), ms(s.Max)
	return s
}

// quantile keeps the histogram's answer within the exact bounds: the bucket's upper
// edge can exceed the largest value recorded.
func (l *latency) quantile(q float64) time.Duration {
	d := time.Duration(l.h.ValueAtQuantile(q)) * time.Microsecond
	return min(max(d, l.min), l.max)
}

func ms(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
