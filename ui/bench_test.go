package ui

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

var benchSizes = []int{100_000, 1_000_000}

// trafficPDU returns the i-th PDU of a realistic mix (submit_sm, its response, a
// receipt, its response), each in its own allocation as the session delivers them.
func trafficPDU(i int) smppclient.PDUEvent {
	seq := uint32(i + 1)
	at := t0.Add(time.Duration(i) * time.Millisecond)
	var raw []byte
	dir := smppclient.Out
	switch i % 4 {
	case 0:
		raw = submitSM(seq, "447700900123", "Your code is 123456")
	case 1:
		raw, dir = pduBytes(wire.SubmitSMResp, 0, seq-1, cstr(fmt.Sprintf("%010d", i))), smppclient.In
	case 2:
		raw, dir = deliverReceipt(seq, fmt.Sprintf("%010d", i-1), "DELIVRD"), smppclient.In
	default:
		raw = pduBytes(wire.DeliverSMResp, 0, seq-1, cstr(""))
	}
	return pduEvent(at, dir, raw)
}

// filledModel is a console at 120x40 retaining n PDUs.
func filledModel(b *testing.B, n int) *Model {
	b.Helper()
	m := New(Options{Session: newFakeSession(), LogSize: n, Now: fixedNow, Location: time.UTC})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	batch := make([]smppclient.PDUEvent, 0, 4096)
	for i := 0; i < n; i++ {
		batch = append(batch, trafficPDU(i))
		if len(batch) == cap(batch) {
			m.log.Append(batch)
			batch = batch[:0]
		}
	}
	m.log.Append(batch)
	return m
}

// BenchmarkRenderFrame renders a whole frame with the visible log rows not yet cached
// (as after a burst): status bar, 20-odd dissected log rows, receipts, footer.
func BenchmarkRenderFrame(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			m := filledModel(b, n)
			feed(m, scenario()[9:13]...) // a receipt row
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				clear(m.log.cache)
				_ = m.View()
			}
		})
	}
}

// BenchmarkRenderFrameScrolled is the same frame with the user scrolled to the middle of
// the log (the rows there are dissected on demand too).
func BenchmarkRenderFrameScrolled(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			m := filledModel(b, n)
			m.log.moveBy(-n / 2)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				clear(m.log.cache)
				_ = m.View()
			}
		})
	}
}

// BenchmarkAppendBatch1000 hands one relayed batch of 1,000 PDU events to Update with the
// ring full, so every append also evicts.
func BenchmarkAppendBatch1000(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			m := filledModel(b, n)
			batch := make([]smppclient.Event, 1000)
			for i := range batch {
				batch[i] = trafficPDU(n + i)
			}
			msg := eventsMsg{events: batch}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				m.Update(msg)
			}
		})
	}
}

// BenchmarkMemoryPerPDU reports the heap held per retained PDU: the ring entry plus the
// PDU's own octets (the mix averages about 80 octets per PDU).
func BenchmarkMemoryPerPDU(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			var perPDU, entryOnly, rawAvg float64
			{ // measured once: the metric does not depend on b.N
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				m := filledModel(b, n)
				runtime.GC()
				runtime.ReadMemStats(&after)
				raw := 0
				for p := m.log.ring.oldest(); p < m.log.ring.next; p++ {
					e, _ := m.log.ring.at(p)
					raw += len(e.raw)
				}
				perPDU = float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
				rawAvg = float64(raw) / float64(n)
				entryOnly = perPDU - rawAvg
				runtime.KeepAlive(m)
			}
			for b.Loop() {
			}
			b.ReportMetric(perPDU, "B/PDU")
			b.ReportMetric(rawAvg, "raw-B/PDU")
			b.ReportMetric(entryOnly, "overhead-B/PDU")
		})
	}
}

// BenchmarkFrameAfterBatch is one frame of a burst as the program runs it: a relayed batch
// of 100 PDU events through Update, then View, while following the tail. It measures the
// whole frame, wherever the work of rendering the new rows is done.
func BenchmarkFrameAfterBatch(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			m := filledModel(b, n)
			batches := make([]eventsMsg, 64)
			next := n
			for i := range batches {
				evs := make([]smppclient.Event, 100)
				for j := range evs {
					evs[j] = trafficPDU(next)
					next++
				}
				batches[i] = eventsMsg{events: evs}
			}
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				m.Update(batches[i%len(batches)])
				_ = m.View()
				i++
			}
		})
	}
}
