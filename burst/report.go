package burst

import (
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Report is the result of a run, or the merge of several (Merge). Nothing in it is an
// average of averages: counts add, series add second by second, histograms merge.
type Report struct {
	Settings   ReportSettings `json:"settings"`
	Sources    []string       `json:"sources,omitempty"` // the reports merged into this one
	Started    time.Time      `json:"started"`
	Elapsed    float64        `json:"elapsed_seconds"`
	Counts     Counts         `json:"counts"`
	Throughput Throughput     `json:"throughput"`
	Rate       Rates          `json:"rate"`
	SubmitResp Latency        `json:"submit_resp"` // intended send → submit_sm_resp
	Receipt    Latency        `json:"receipt"`     // intended send → final receipt
	Binds      []BindReport   `json:"binds"`
	Errors     []string       `json:"errors,omitempty"`
}

// ReportSettings are the settings as the report shows them.
type ReportSettings struct {
	Count          int     `json:"count,omitempty"`
	Duration       string  `json:"duration,omitempty"`
	Rate           float64 `json:"rate"`
	RampFrom       float64 `json:"ramp_from,omitempty"`
	RampOver       string  `json:"ramp_over,omitempty"`
	Binds          int     `json:"binds"`
	Windows        []int   `json:"windows"`
	RetryThrottled int     `json:"retry_throttled"`
	Adaptive       bool    `json:"adaptive"`
	WaitReceipts   string  `json:"wait_receipts,omitempty"`
	Messages       string  `json:"messages,omitempty"` // what was sent: the templates, or the CSV rows
}

// Throughput is per second from the start: submit_sm sent (retries included) and
// messages accepted.
type Throughput struct {
	Sent     []uint64 `json:"sent"`
	Accepted []uint64 `json:"accepted"`
}

// Rates: the target, what was achieved (messages accepted over the time from the first
// to the last response), and, when adaptive, the rate it settled on.
type Rates struct {
	Target   float64 `json:"target"`
	Achieved float64 `json:"achieved"`
	Settled  float64 `json:"settled,omitempty"`
}

// Latency is one histogram's percentiles, in milliseconds, and the histogram itself
// (HdrHistogram V2 compressed, base64) so that reports can be merged exactly.
type Latency struct {
	Count     int64   `json:"count"`
	P50       float64 `json:"p50_ms"`
	P90       float64 `json:"p90_ms"`
	P99       float64 `json:"p99_ms"`
	P999      float64 `json:"p99_9_ms"`
	Max       float64 `json:"max_ms"`
	Histogram string  `json:"histogram"`
}

// BindReport is one bind's share.
type BindReport struct {
	Name       string  `json:"name"`
	Counts     Counts  `json:"counts"`
	SubmitResp Latency `json:"submit_resp"`
	Receipt    Latency `json:"receipt"`
}

func ms(us int64) float64 { return float64(us) / 1000 }

func latencyOf(h *hdrhistogram.Histogram) Latency {
	l := Latency{Count: h.TotalCount()}
	if l.Count > 0 {
		l.P50, l.P90, l.P99 = ms(h.ValueAtQuantile(50)), ms(h.ValueAtQuantile(90)), ms(h.ValueAtQuantile(99))
		l.P999, l.Max = ms(h.ValueAtQuantile(99.9)), ms(h.Max())
	}
	if b, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase); err == nil {
		l.Histogram = base64.StdEncoding.EncodeToString(b)
	}
	return l
}

// Decode returns the histogram a Latency carries.
func (l Latency) Decode() (*hdrhistogram.Histogram, error) {
	if l.Histogram == "" {
		return newHist(), nil
	}
	b, err := base64.StdEncoding.DecodeString(l.Histogram)
	if err != nil {
		return nil, fmt.Errorf("histogram: %w", err)
	}
	h, err := hdrhistogram.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("histogram: %w", err)
	}
	return h, nil
}

func (r *Runner) buildReport() *Report {
	s := r.set
	rs := ReportSettings{Count: s.Count, Rate: s.Rate, RampFrom: s.RampFrom, Binds: len(r.clients),
		RetryThrottled: s.RetryThrottled, Adaptive: s.Adaptive}
	if s.Duration > 0 {
		rs.Duration = s.Duration.String()
	}
	if s.RampOver > 0 {
		rs.RampOver = s.RampOver.String()
	}
	if s.WaitReceipts > 0 {
		rs.WaitReceipts = s.WaitReceipts.String()
	}
	if d, ok := r.src.(fmt.Stringer); ok {
		rs.Messages = d.String()
	}
	for _, c := range r.clients {
		rs.Windows = append(rs.Windows, c.Settings().Window)
	}
	st := r.st
	st.mu.Lock()
	defer st.mu.Unlock()
	rep := &Report{Settings: rs, Started: st.start, Elapsed: r.endedAt.Sub(st.start).Seconds(), Counts: newCounts(),
		Throughput: Throughput{Sent: append([]uint64{}, st.sent...), Accepted: append([]uint64{}, st.accepted...)},
		Errors:     append([]string(nil), st.errors...)}
	resp, dlr := newHist(), newHist()
	for _, b := range st.binds {
		c := b.counts.clone()
		if b.owed > 0 && s.WaitReceipts > 0 {
			c.Missing = uint64(b.owed)
		}
		rep.Binds = append(rep.Binds, BindReport{Name: b.name, Counts: c, SubmitResp: latencyOf(b.resp), Receipt: latencyOf(b.receipt)})
		rep.Counts.add(c)
		resp.Merge(b.resp)
		dlr.Merge(b.receipt)
	}
	rep.SubmitResp, rep.Receipt = latencyOf(resp), latencyOf(dlr)
	rep.Rate.Target = s.Rate
	rep.Rate.Achieved = achieved(rep.Throughput.Accepted, rep.Elapsed)
	if r.sched.aimd != nil {
		_, rep.Rate.Settled = r.sched.aimd.figures()
	}
	return rep
}

// achieved is the accepted rate over the seconds that had traffic: leading and
// trailing empty seconds (the receipt wait) do not dilute it; a short run's last,
// partial second is weighed by the time it lasted.
func achieved(series []uint64, elapsed float64) float64 {
	var total uint64
	for _, v := range series {
		total += v
	}
	if total == 0 || elapsed <= 0 {
		return 0
	}
	span := min(elapsed, float64(len(series)))
	if span <= 0 {
		return 0
	}
	return float64(total) / span
}

// Merge adds reports from several runs (several machines) into one. The settings are
// the first report's, with binds and windows of all.
func Merge(names []string, reps []*Report) (*Report, error) {
	if len(reps) == 0 {
		return nil, errors.New("no reports to merge")
	}
	out := &Report{Settings: reps[0].Settings, Counts: newCounts(), Started: reps[0].Started}
	out.Settings.Binds, out.Settings.Windows = 0, nil
	resp, dlr := newHist(), newHist()
	var end time.Time
	for k, rep := range reps {
		name := fmt.Sprint(k + 1)
		if k < len(names) {
			name = names[k]
		}
		out.Sources = append(out.Sources, name)
		out.Settings.Binds += rep.Settings.Binds
		out.Settings.Windows = append(out.Settings.Windows, rep.Settings.Windows...)
		out.Counts.add(fillCounts(rep.Counts))
		if rep.Started.Before(out.Started) {
			out.Started = rep.Started
		}
		if e := rep.Started.Add(time.Duration(rep.Elapsed * float64(time.Second))); e.After(end) {
			end = e
		}
		addSeries(&out.Throughput.Sent, rep.Throughput.Sent)
		addSeries(&out.Throughput.Accepted, rep.Throughput.Accepted)
		out.Rate.Target += rep.Rate.Target
		out.Rate.Settled += rep.Rate.Settled
		for _, l := range []struct {
			into *hdrhistogram.Histogram
			from Latency
		}{{resp, rep.SubmitResp}, {dlr, rep.Receipt}} {
			h, err := l.from.Decode()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			l.into.Merge(h)
		}
		for _, b := range rep.Binds {
			b.Name = name + ": " + b.Name
			b.Counts = fillCounts(b.Counts)
			out.Binds = append(out.Binds, b)
		}
		out.Errors = append(out.Errors, rep.Errors...)
	}
	out.Elapsed = end.Sub(out.Started).Seconds()
	out.SubmitResp, out.Receipt = latencyOf(resp), latencyOf(dlr)
	out.Rate.Achieved = achieved(out.Throughput.Accepted, out.Elapsed)
	return out, nil
}

// fillCounts gives a decoded report's nil maps a value, so that adding works.
func fillCounts(c Counts) Counts {
	n := newCounts()
	n.add(c)
	return n
}

// addSeries adds b into a by second offset. Runs that started at different times are
// added by their own second 0: a merged series says how a combined run went.
func addSeries(a *[]uint64, b []uint64) {
	for len(*a) < len(b) {
		*a = append(*a, 0)
	}
	for i, v := range b {
		(*a)[i] += v
	}
}

// OK says whether every message was accepted and, when wantDelivered, every part
// asking for a receipt was delivered.
func (rep *Report) OK(wantDelivered bool) bool {
	c := rep.Counts
	if c.Messages == 0 || c.Outcomes[OutcomeAccepted] != c.Messages {
		return false
	}
	if wantDelivered && (c.Missing > 0 || c.Delivered != c.Receipts) {
		return false
	}
	return true
}

// Summary is the report for a person.
func (rep *Report) Summary() string {
	var b strings.Builder
	c := rep.Counts
	if len(rep.Sources) > 0 {
		fmt.Fprintf(&b, "merged %d reports: %s\n", len(rep.Sources), strings.Join(rep.Sources, ", "))
	}
	fmt.Fprintf(&b, "%d messages (%d parts) in %.2fs on %d bind(s): target %.0f msg/s, achieved %.1f msg/s",
		c.Messages, c.Parts, rep.Elapsed, rep.Settings.Binds, rep.Rate.Target, rep.Rate.Achieved)
	if rep.Rate.Settled > 0 {
		fmt.Fprintf(&b, ", adaptive rate settled at %.0f msg/s", rep.Rate.Settled)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "outcomes: %s\n", joinCounts(c.Outcomes))
	fmt.Fprintf(&b, "command_status: %s\n", joinCounts(c.Statuses))
	fmt.Fprintf(&b, "throttled answers %d, retries %d\n", c.Throttled, c.Retries)
	if c.Receipts > 0 || c.Missing > 0 {
		fmt.Fprintf(&b, "receipts: %d final (%s), %d delivered, %d missing\n", c.Receipts, joinCounts(c.ReceiptsBy), c.Delivered, c.Missing)
	}
	b.WriteString(latencyLine("submit→resp", rep.SubmitResp))
	if rep.Receipt.Count > 0 {
		b.WriteString(latencyLine("submit→receipt", rep.Receipt))
	}
	if len(rep.Binds) > 1 {
		for _, br := range rep.Binds {
			fmt.Fprintf(&b, "%s: %s\n", br.Name, joinCounts(br.Counts.Outcomes))
			b.WriteString("  " + latencyLine("submit→resp", br.SubmitResp))
		}
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(&b, "error: %s\n", e)
	}
	return b.String()
}

func latencyLine(what string, l Latency) string {
	if l.Count == 0 {
		return fmt.Sprintf("%s: no samples\n", what)
	}
	return fmt.Sprintf("%s (from the intended send time, ms): p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (%d samples)\n",
		what, l.P50, l.P90, l.P99, l.P999, l.Max, l.Count)
}

func joinCounts(m map[string]uint64) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
