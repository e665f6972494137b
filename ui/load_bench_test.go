package ui

import (
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/smppclient"
)

// BenchmarkLoadFrame is one frame of the console during a 50,000 msg/s burst with
// receipts on: the relay's full batch (4,096 events: submit_sm, submit_sm_resp, their
// SubmitEvent, deliver_sm, deliver_sm_resp, the ReceiptEvent; 50k/s is ~5,000 a frame),
// a key (esc, then L), and the frame drawn. ns/op is the most a key waits behind a frame
// for its answer; the target is well under 100 ms.
func BenchmarkLoadFrame(b *testing.B) {
	m := New(Options{Session: newFakeSession(), Now: fixedNow})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	feed(m, scenario()...)
	press(m, "L")
	fakeRun(m)
	batch := make([]smppclient.Event, 0, maxBatch)
	for i := 0; len(batch) < maxBatch; i++ {
		ev := trafficPDU(i)
		batch = append(batch, ev)
		switch i % 4 {
		case 1:
			batch = append(batch, smppclient.SubmitEvent{At: ev.At, Msg: uint64(i + 1000), Part: 1, Parts: 1, Outcome: smppclient.Accepted})
		case 2:
			batch = append(batch, smppclient.ReceiptEvent{At: ev.At, Matched: true, Msg: uint64(i + 1000), Part: 1})
		}
	}
	batch = batch[:maxBatch]
	scratch := make([]smppclient.Event, maxBatch)
	keys := []tea.KeyMsg{keyMsg("esc"), keyMsg("L")}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		copy(scratch, batch) // the relay hands over a fresh batch each frame
		m.Update(eventsMsg{events: scratch})
		m.Update(keys[i%2])
		i++
		_ = m.View()
	}
	b.StopTimer()
	if m.load.skipped == 0 {
		b.Fatal("the log was not sampled")
	}
}

// BenchmarkIntervalP99 is the once-a-second work of the panel's p99 chart: the
// difference of two exports of the run's response histogram, and its p99.
func BenchmarkIntervalP99(b *testing.B) {
	h := hdrhistogram.New(1, int64(time.Hour/time.Microsecond), 3)
	for i := range 100000 {
		_ = h.RecordValue(int64(200 + i%5000))
	}
	prev := h.Export()
	for i := range 50000 {
		_ = h.RecordValue(int64(300 + i%9000))
	}
	cur := h.Export()
	b.ReportAllocs()
	for b.Loop() {
		if intervalP99(prev, cur) <= 0 {
			b.Fatal("no p99")
		}
	}
}
