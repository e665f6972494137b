package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// statsScenario is the golden scenario and one submit_sm the SMSC has not answered yet.
func statsScenario() []smppclient.Event {
	return append(scenario(), pduEvent(t0.Add(1800*time.Millisecond), smppclient.Out, submitSM(5, "447700900124", "pending")))
}

// TestGoldenStats snapshots the statistics view of the live session at two sizes.
func TestGoldenStats(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m, _ := newTestModel(t, sz[0], sz[1])
			feed(m, statsScenario()...)
			m.Update(statsMsg(scenarioStats()))
			press(m, "S")
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
}

// outstanding1 is the unanswered table's row for one submit_sm outstanding.
const outstanding1 = "  submit_sm            1               0"

func TestStatsViewUpdate(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, statsScenario()...)
	press(m, "S")
	if m.mode != modeStats {
		t.Fatalf("S: mode %v", m.mode)
	}
	v := m.View()
	for _, want := range []string{
		"Statistics",
		"  submit_sm_resp             2  ESME_ROK             1",
		"ESME_RINVDSTADR      1",                                // the rejected submit's status
		"  submit_sm             2  2.0ms  2.0ms  2.0ms  2.0ms", // both answered in 2 ms
		outstanding1,                           // the one still outstanding
		"  DELIVRD          1      1  250.0ms", // receipt latency from the submit
	} {
		if !strings.Contains(v, want) {
			t.Errorf("missing %q in:\n%s", want, v)
		}
	}
	// Live: what arrives while the view is open is counted on the next tick.
	feed(m, pduEvent(t0.Add(1810*time.Millisecond), smppclient.In, pduBytes(wire.SubmitSMResp, 0, 5, cstr("4F1A0002"))))
	if !strings.Contains(m.View(), outstanding1) {
		t.Fatalf("counted before the tick")
	}
	m.Update(tickMsg(fixedNow()))
	v = m.View()
	if !strings.Contains(v, "  submit_sm             3  2.0ms") || strings.Contains(v, outstanding1) {
		t.Errorf("after the tick:\n%s", v)
	}
	// Nothing is counted twice when the view is closed and opened again.
	press(m, "esc")
	if m.mode != modeNormal {
		t.Fatalf("esc: mode %v", m.mode)
	}
	press(m, "S")
	if v := m.View(); !strings.Contains(v, "  submit_sm             3  2.0ms") {
		t.Errorf("reopened:\n%s", v)
	}
	// Scrolling stays within the text.
	press(m, "G")
	press(m, "down", "down")
	if top := m.stats.top; top != m.stats.window() {
		t.Errorf("top %d past the end", top)
	}
	press(m, "S")
	if m.mode != modeNormal {
		t.Errorf("S again: mode %v", m.mode)
	}
}
