package ui

import (
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// tabBarApp is eight tabs in every state: bound (with messages in flight, one with a
// burst running), binding, backing off, refused, opening, failed to open.
func tabBarApp(t *testing.T, w int) *App {
	names := []string{"primary-london", "backup-london", "rx-only", "tx-only", "bad-password", "paris", "new-york-smsc", "simulator"}
	a, fc := newTestApp(t, w, 24, names[:6]...)
	state := func(name string, s smppclient.State, bind smppclient.BindType) {
		appFeed(a, name, smppclient.StateEvent{At: t0, Link: bind.String(), State: s, Bind: bind, Addr: "127.0.0.1:2775"})
	}
	state("primary-london", smppclient.Bound, smppclient.Transceiver)
	st := scenarioStats()
	st.InFlight = 12
	appStats(a, "primary-london", st)
	state("backup-london", smppclient.Binding, smppclient.Transceiver)
	state("rx-only", smppclient.Bound, smppclient.Receiver)
	state("tx-only", smppclient.Bound, smppclient.Transmitter)
	st.InFlight = 250
	appStats(a, "tx-only", st)
	tx := a.tabNamed("tx-only").m
	tx.load.active, tx.load.snap.ActualRate = true, 1200
	state("bad-password", smppclient.Closed, smppclient.Transceiver)
	state("paris", smppclient.BackingOff, smppclient.Transceiver)
	fc.refuse["new-york-smsc"] = fmt.Errorf("dial tcp: lookup new-york-smsc: no such host")
	appRun(a, a.OpenTab(TabRequest{Profile: "new-york-smsc"}))
	a.OpenTab(TabRequest{Simulator: true}) // still opening: its command is not run
	a.SwitchTo("1")
	return a
}

// Regenerate with: go test ./ui -run AppGolden -update
func TestAppGoldenTabBar(t *testing.T) {
	for _, w := range []int{80, 120} {
		t.Run(fmt.Sprintf("%d", w), func(t *testing.T) {
			a := tabBarApp(t, w)
			golden.RequireEqual(t, []byte(a.tabBar()))
		})
	}
	t.Run("120_all", func(t *testing.T) {
		a := tabBarApp(t, 120)
		a.SwitchTo("0")
		golden.RequireEqual(t, []byte(a.tabBar()))
	})
}

// The all view: a tx tab and an rx tab of one account, a submit on one and its receipt
// on the other, in time order with their tabs marked.
func TestAppGoldenMerged(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			a, _ := newTestApp(t, sz[0], sz[1], "acct-tx", "acct-rx", "other")
			at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
			bound := func(name string, ms int, bind smppclient.BindType) {
				appFeed(a, name, smppclient.StateEvent{At: at(ms), Link: bind.String(), State: smppclient.Bound, Bind: bind, Addr: "127.0.0.1:2775"})
			}
			bound("acct-tx", 0, smppclient.Transmitter)
			bound("acct-rx", 1, smppclient.Receiver)
			bound("other", 2, smppclient.Transceiver)
			appFeed(a, "acct-tx",
				pduEvent(at(100), smppclient.Out, submitSM(2, "447700900123", "Hello")),
				pduEvent(at(103), smppclient.In, pduBytes(wire.SubmitSMResp, 0, 2, cstr("msg-0001"))))
			appFeed(a, "other", pduEvent(at(101), smppclient.Out, pduBytes(wire.EnquireLink, 0, 9)))
			// The receipt arrives on the receiver, its batch after the transmitter's.
			appFeed(a, "acct-rx", pduEvent(at(150), smppclient.In, deliverReceipt(1, "msg-0001", "DELIVRD")),
				pduEvent(at(151), smppclient.Out, pduBytes(wire.DeliverSMResp, 0, 1, cstr(""))))
			appFeed(a, "other", pduEvent(at(102), smppclient.In, pduBytes(wire.EnquireLinkResp, 0, 9)))
			for _, n := range []string{"acct-tx", "acct-rx", "other"} {
				appStats(a, n, scenarioStats())
			}
			appPress(a, "0")
			golden.RequireEqual(t, []byte(a.View()))
		})
	}
}
