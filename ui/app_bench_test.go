package ui

import (
	"fmt"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smppclient"
)

// idleApp is eight tabs bound and idle at 120x40, each with a conversation in its log.
func idleApp(b *testing.B) *App {
	b.Helper()
	names := make([]string, 8)
	for i := range names {
		names[i] = fmt.Sprintf("smsc-%d", i+1)
	}
	a, _ := newTestApp(b, 120, 40, names...)
	for _, n := range names {
		appFeed(a, n, scenario()...)
		appStats(a, n, scenarioStats())
	}
	a.SwitchTo("1")
	a.View()
	return a
}

// BenchmarkAppFrame is one whole frame of the App with eight tabs: the bar and the tab in
// front (status bar, log rows, receipts, footer), drawn afresh, as after a message for
// the tab in front. Only the tab in front renders.
func BenchmarkAppFrame(b *testing.B) {
	a := idleApp(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.frame.reset()
		_ = a.View()
	}
}

// BenchmarkAppIdleSecond is one second of eight idle bound tabs, as the program runs it:
// each tab's two ticks and two counter polls (statsInterval, 500 ms), every one an
// Update then a View. One op is one second, so ns/op over 1e9 is the share of one core
// the idle console takes (reported as cpu%).
func BenchmarkAppIdleSecond(b *testing.B) {
	a := idleApp(b)
	type ping struct{ id, gen int }
	var tabs []ping
	for _, t := range a.tabs {
		tabs = append(tabs, ping{t.id, t.gen})
	}
	st := statsMsg(scenarioStats())
	per := int(time.Second / statsInterval)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := 0; k < per; k++ {
			for _, t := range tabs {
				a.Update(tabMsg{id: t.id, gen: t.gen, msg: tickMsg(fixedNow())})
				_ = a.View()
				a.Update(tabMsg{id: t.id, gen: t.gen, msg: st})
				_ = a.View()
			}
		}
	}
	b.StopTimer()
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(ns/1e9*100, "cpu%")
}

// BenchmarkAppMergedFeed is the all view's cost per PDU: a tab's batch of 64 PDUs
// arriving (relay message, the tab's log and the merged log), the all view not in front.
func BenchmarkAppMergedFeed(b *testing.B) {
	a := idleApp(b)
	batch := make([]smppclient.Event, 64)
	pdus := make([]smppclient.PDUEvent, 64)
	for j := range pdus {
		pdus[j] = trafficPDU(j)
	}
	t := a.tabs[1]
	at := t0.Add(time.Hour) // after the conversation already in the logs
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range batch {
			e := pdus[j]
			at = at.Add(time.Millisecond)
			e.At = at
			batch[j] = e
		}
		a.Update(tabMsg{id: t.id, gen: t.gen, msg: eventsMsg{events: batch}})
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/64, "ns/PDU")
}
