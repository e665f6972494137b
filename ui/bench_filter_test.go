package ui

import (
	"slices"
	"testing"
	"time"
)

// The display filter's scan over a full log: one step (bounded by filterBudget, so a
// frame is never blocked) and the whole scan, a step per frame, for filters that read
// the header only, the body, the text, and the log's own fields.
var benchFilters = []struct{ name, expr string }{
	{"header", "smpp.command_id == submit_sm_resp"},
	{"body", `smpp.destination_addr == "447700900123" && smpp.sequence_number > 10`},
	{"text", `smpp.message_text contains "DELIVRD"`},
	{"msg", "msg == 0000500001"},
	{"latency", "latency > 1ms"},
}

// BenchmarkFilterScanStep is one step of the scan of 1,000,000 retained PDUs: the work
// one frame does while a new filter is applied.
func BenchmarkFilterScanStep(b *testing.B) {
	m := filledModel(b, 1_000_000)
	for _, f := range benchFilters {
		b.Run(f.name, func(b *testing.B) {
			m.log.SetFilter("")
			m.log.SetFilter(f.expr)
			if m.log.fl.err != nil {
				b.Fatal(m.log.fl.err.Msg)
			}
			tested := 0
			b.ResetTimer()
			for b.Loop() {
				// Each step from the newest PDU, as the first step of a new filter.
				m.log.idx = &posIndex{}
				m.log.scan = filterScan{active: true, gen: m.log.scan.gen, next: m.log.ring.next - 1, total: m.log.ring.Len()}
				m.log.ScanStep(m.log.scan.gen)
				tested += m.log.scan.done
			}
			b.ReportMetric(float64(tested)/float64(b.N), "PDUs/step")
		})
	}
}

// BenchmarkFilterFullScan applies a filter to 1,000,000 retained PDUs, step by step as the
// program runs them, to the end: the total time, the steps it took (frames) and the
// slowest step.
func BenchmarkFilterFullScan(b *testing.B) {
	m := filledModel(b, 1_000_000)
	for _, f := range benchFilters {
		b.Run(f.name, func(b *testing.B) {
			var rows int
			var took []time.Duration
			for b.Loop() {
				m.log.SetFilter("")
				start := time.Now()
				cmd := m.log.SetFilter(f.expr)
				took = append(took[:0], time.Since(start))
				for cmd != nil {
					msg := cmd().(filterStepMsg)
					s := time.Now()
					cmd = m.log.ScanStep(msg.gen)
					took = append(took, time.Since(s))
				}
				rows = m.log.n()
			}
			slices.Sort(took)
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			b.ReportMetric(float64(len(took)), "steps")
			b.ReportMetric(ms(took[len(took)/2]), "median-step-ms")
			b.ReportMetric(ms(took[len(took)*99/100]), "p99-step-ms")
			b.ReportMetric(ms(took[len(took)-1]), "slowest-step-ms")
			b.ReportMetric(float64(rows), "rows")
		})
	}
}

// BenchmarkFilterMatch is the filter on one PDU, through the log's packet.
func BenchmarkFilterMatch(b *testing.B) {
	m := filledModel(b, 4096)
	for _, f := range benchFilters {
		b.Run(f.name, func(b *testing.B) {
			m.log.SetFilter("")
			m.log.SetFilter(f.expr)
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				p := m.log.ring.oldest() + uint64(i%4096)
				e, _ := m.log.ring.at(p)
				m.log.matches(p, e)
				i++
			}
		})
	}
}
