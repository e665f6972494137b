package burst

import (
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
)

func sumOutcomes(c Counts) uint64 {
	var n uint64
	for _, v := range c.Outcomes {
		n += v
	}
	return n
}

func TestRunAllAcceptedWithReceipts(t *testing.T) {
	srv := startSim(t, smsc.Config{})
	clients := bindClients(t, srv, 2, 16)
	rep := run(t, clients, Settings{Count: 200, Rate: 2000, WaitReceipts: 5 * time.Second}, fixed(t, true))
	c := rep.Counts
	if c.Messages != 200 || c.Outcomes[OutcomeAccepted] != 200 || c.Statuses["ESME_ROK"] != 200 {
		t.Fatalf("counts %+v", c)
	}
	if c.Receipts != 200 || c.Delivered != 200 || c.Missing != 0 {
		t.Fatalf("receipts %+v", c)
	}
	if !rep.OK(true) {
		t.Fatal("report not OK")
	}
	if rep.SubmitResp.Count != 200 || rep.Receipt.Count != 200 || rep.SubmitResp.P50 <= 0 || rep.SubmitResp.Max < rep.SubmitResp.P99 {
		t.Fatalf("latency %+v %+v", rep.SubmitResp, rep.Receipt)
	}
	if len(rep.Binds) != 2 || rep.Binds[0].Counts.Messages+rep.Binds[1].Counts.Messages != 200 {
		t.Fatalf("binds %+v", rep.Binds)
	}
	if got := srv.Stats().Submitted; got != 200 {
		t.Fatalf("simulator accepted %d", got)
	}
}

// A throttling simulator: every message ends in one outcome, throttled ones are sent
// again, and the simulator accepts each message once.
func TestRetryThrottled(t *testing.T) {
	srv := startSim(t, smsc.Config{Limits: smsc.Limits{SubmitRate: 200, SubmitBurst: 10}})
	clients := bindClients(t, srv, 1, 32)
	rep := run(t, clients, Settings{Count: 300, Rate: 2000, RetryThrottled: 100, RetryBackoff: 10 * time.Millisecond}, fixed(t, false))
	c := rep.Counts
	st := srv.Stats()
	if c.Messages != 300 || sumOutcomes(c) != 300 {
		t.Fatalf("messages %d, outcomes %v", c.Messages, c.Outcomes)
	}
	if c.Outcomes[OutcomeAccepted] != 300 || st.Submitted != 300 {
		t.Fatalf("accepted %d, simulator accepted %d", c.Outcomes[OutcomeAccepted], st.Submitted)
	}
	if c.Retries == 0 || c.Throttled != st.Throttled || c.Retries != c.Throttled {
		t.Fatalf("retries %d, throttled %d, simulator throttled %d", c.Retries, c.Throttled, st.Throttled)
	}
	if c.Statuses["ESME_ROK"] != 300 || c.Statuses["ESME_RTHROTTLED"] != 0 {
		t.Fatalf("statuses %v: a retried answer counted as final", c.Statuses)
	}
}

// Without retries the throttled ones end rejected, once each.
func TestThrottledWithoutRetry(t *testing.T) {
	srv := startSim(t, smsc.Config{Limits: smsc.Limits{SubmitRate: 100, SubmitBurst: 10}})
	clients := bindClients(t, srv, 1, 32)
	rep := run(t, clients, Settings{Count: 100, Rate: 5000}, fixed(t, false))
	c := rep.Counts
	st := srv.Stats()
	if c.Messages != 100 || sumOutcomes(c) != 100 {
		t.Fatalf("counts %+v", c)
	}
	if c.Outcomes[OutcomeAccepted] != st.Submitted || c.Outcomes[OutcomeRejected] != st.Throttled || c.Statuses["ESME_RTHROTTLED"] != st.Throttled {
		t.Fatalf("ours %+v, simulator %+v", c, st)
	}
	if st.Throttled == 0 || rep.OK(false) {
		t.Fatal("expected throttled messages and a failed run")
	}
}

// The adaptive rate settles near what a simulator throttling at 200/s allows.
func TestAdaptiveConverges(t *testing.T) {
	srv := startSim(t, smsc.Config{Limits: smsc.Limits{SubmitRate: 200, SubmitBurst: 20}})
	clients := bindClients(t, srv, 1, 64)
	rep := run(t, clients, Settings{Duration: 3 * time.Second, Rate: 1000, Adaptive: true}, fixed(t, false))
	if s := rep.Rate.Settled; s < 150 || s > 260 {
		t.Fatalf("settled at %.0f msg/s, want about 200", s)
	}
	if rep.Counts.Messages != sumOutcomes(rep.Counts) || rep.Counts.Outcomes[OutcomeAccepted] != srv.Stats().Submitted {
		t.Fatalf("counts %+v", rep.Counts)
	}
	t.Logf("settled at %.0f msg/s, %d throttled", rep.Rate.Settled, rep.Counts.Throttled)
}

// Stop is polite: no new submissions, in-flight ones answered, every one counted.
func TestStopPolitely(t *testing.T) {
	srv := startSim(t, smsc.Config{})
	clients := bindClients(t, srv, 1, 8)
	r, err := New(clients, Settings{Count: 1_000_000, Rate: 500}, fixed(t, false))
	if err != nil {
		t.Fatal(err)
	}
	r.Start(t.Context())
	deadline := time.Now().Add(testTimeout)
	for r.Snapshot().Accepted < 20 {
		if time.Now().After(deadline) {
			t.Fatal("no progress")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if sn := r.Snapshot(); sn.TargetRate != 500 || sn.ActualRate <= 0 || sn.P99 <= 0 || sn.P50 > sn.P99 || len(sn.Throughput) == 0 || sn.ETA <= 0 || sn.Done {
		t.Fatalf("live snapshot %+v", sn)
	} else if line := sn.Line(); !strings.Contains(line, "/500 msg/s") || !strings.Contains(line, "ETA") {
		t.Fatalf("progress line %q", line)
	}
	r.Stop()
	rep, err := r.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts.Messages != srv.Stats().Submitted || rep.Counts.Outcomes[OutcomeAccepted] != rep.Counts.Messages {
		t.Fatalf("report %+v, simulator %d", rep.Counts, srv.Stats().Submitted)
	}
	if sn := r.Snapshot(); !sn.Done || sn.InFlight != 0 {
		t.Fatalf("snapshot %+v", sn)
	}
}

// Stopping while throttled messages wait for their retry: each still ends once, as
// rejected with its last answer, and nothing is accepted twice.
func TestStopWithRetriesWaiting(t *testing.T) {
	srv := startSim(t, smsc.Config{Limits: smsc.Limits{SubmitRate: 50, SubmitBurst: 5}})
	clients := bindClients(t, srv, 2, 16)
	r, err := New(clients, Settings{Count: 100_000, Rate: 2000, RetryThrottled: 1000, RetryBackoff: 2 * time.Second}, fixed(t, false))
	if err != nil {
		t.Fatal(err)
	}
	r.Start(t.Context())
	deadline := time.Now().Add(testTimeout)
	for r.Snapshot().Waiting < 20 {
		if time.Now().After(deadline) {
			t.Fatalf("no retries waiting: %+v", r.Snapshot())
		}
		time.Sleep(5 * time.Millisecond)
	}
	r.Stop()
	rep, err := r.Wait()
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Counts
	if c.Messages != sumOutcomes(c) || c.Outcomes[OutcomeAccepted] != srv.Stats().Submitted || c.Outcomes[OutcomeRejected] == 0 {
		t.Fatalf("counts %+v, simulator accepted %d", c, srv.Stats().Submitted)
	}
	if sn := r.Snapshot(); sn.Finished != sn.Started || sn.Waiting != 0 || sn.InFlight != 0 {
		t.Fatalf("snapshot after stop: %+v", sn)
	}
}

// An SMSC delivers a receipt to any receiver of the account: with several tx+rx pairs,
// a part's receipt often comes on another session's receiver. It still counts, once,
// for the bind that sent the part.
func TestReceiptsAcrossBinds(t *testing.T) {
	srv := startSim(t, smsc.Config{})
	clients := bindAs(t, srv, smppclient.TxRx, 3, 16)
	rep := run(t, clients, Settings{Count: 300, Rate: 3000, WaitReceipts: 5 * time.Second}, fixed(t, true))
	c := rep.Counts
	if c.Receipts != 300 || c.Delivered != 300 || c.Missing != 0 || !rep.OK(true) {
		t.Fatalf("receipts %d, delivered %d, missing %d", c.Receipts, c.Delivered, c.Missing)
	}
	for _, b := range rep.Binds {
		if b.Counts.Receipts != b.Counts.Outcomes[OutcomeAccepted] {
			t.Fatalf("%s: %d receipts for %d accepted", b.Name, b.Counts.Receipts, b.Counts.Outcomes[OutcomeAccepted])
		}
	}
}

// An adaptive run backs off on the SMSC's congestion_state before the SMSC has to throttle:
// the simulator holds each response 100 ms, and its window equals the client's (256), so
// it can never throttle; 2,400 msg/s keeps about 240 outstanding, a congestion_state of 94.
func TestAdaptiveOnCongestionState(t *testing.T) {
	srv := startSim(t, smsc.Config{Limits: smsc.Limits{Window: 256, Congestion: true},
		Faults: smsc.Faults{ResponseDelay: 100 * time.Millisecond}})
	clients := bindClients(t, srv, 1, 256)
	rep := run(t, clients, Settings{Duration: 3 * time.Second, Rate: 2400, Adaptive: true}, fixed(t, false))
	if rep.Counts.Throttled != 0 {
		t.Fatalf("%d throttled: the simulator should only have reported congestion", rep.Counts.Throttled)
	}
	if s := rep.Rate.Settled; s <= 0 || s >= 2300 {
		t.Fatalf("settled at %.0f msg/s: congestion_state above 90 did not cut the rate", s)
	}
	t.Logf("settled at %.0f msg/s", rep.Rate.Settled)
}
