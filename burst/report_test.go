package burst

import (
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smsc"
)

// Merging two reports gives exactly the histogram of both runs' values.
func TestMergeHistogramsExactly(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	a, b, both := newHist(), newHist(), newHist()
	for i := range 5000 {
		d := time.Duration(rng.ExpFloat64()*5e6) + time.Microsecond
		recordLatency(both, d)
		if i%3 == 0 {
			recordLatency(a, d)
		} else {
			recordLatency(b, d)
		}
	}
	ra := &Report{Settings: ReportSettings{Binds: 1, Windows: []int{10}}, Counts: Counts{Messages: 2, Outcomes: map[string]uint64{"accepted": 2}},
		Throughput: Throughput{Sent: []uint64{1, 1}, Accepted: []uint64{1, 1}}, SubmitResp: latencyOf(a), Receipt: latencyOf(newHist()),
		Binds: []BindReport{{Name: "bind 1"}}, Started: time.Unix(100, 0), Elapsed: 2}
	rb := &Report{Settings: ReportSettings{Binds: 2, Windows: []int{5, 5}}, Counts: Counts{Messages: 3, Outcomes: map[string]uint64{"accepted": 2, "rejected": 1}, Statuses: map[string]uint64{"ESME_RTHROTTLED": 1}},
		Throughput: Throughput{Sent: []uint64{2, 0, 1}, Accepted: []uint64{2}}, SubmitResp: latencyOf(b), Receipt: latencyOf(newHist()),
		Binds: []BindReport{{Name: "bind 1"}, {Name: "bind 2"}}, Started: time.Unix(101, 0), Elapsed: 2}
	// Through JSON, as `smppconsole report` reads them.
	var reps []*Report
	for _, r := range []*Report{ra, rb} {
		raw, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back Report
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatal(err)
		}
		reps = append(reps, &back)
	}
	m, err := Merge([]string{"A.json", "B.json"}, reps)
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.SubmitResp.Decode()
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equals(both) {
		t.Fatalf("merged histogram differs: %d values, p99 %d, want %d values, p99 %d", got.TotalCount(), got.ValueAtQuantile(99), both.TotalCount(), both.ValueAtQuantile(99))
	}
	want := latencyOf(both)
	if m.SubmitResp.P99 != want.P99 || m.SubmitResp.P999 != want.P999 || m.SubmitResp.Max != want.Max || m.SubmitResp.Count != 5000 {
		t.Fatalf("merged %+v, want %+v", m.SubmitResp, want)
	}
	if m.Counts.Messages != 5 || m.Counts.Outcomes["accepted"] != 4 || m.Counts.Statuses["ESME_RTHROTTLED"] != 1 {
		t.Fatalf("counts %+v", m.Counts)
	}
	if !slices.Equal(m.Throughput.Sent, []uint64{3, 1, 1}) || !slices.Equal(m.Throughput.Accepted, []uint64{3, 1}) {
		t.Fatalf("throughput %+v", m.Throughput)
	}
	if m.Settings.Binds != 3 || len(m.Binds) != 3 || m.Binds[2].Name != "B.json: bind 2" || m.Elapsed != 3 {
		t.Fatalf("binds %d %+v, elapsed %v", m.Settings.Binds, m.Binds, m.Elapsed)
	}
	if _, err := Merge(nil, []*Report{{SubmitResp: Latency{Histogram: "!!"}}}); err == nil {
		t.Fatal("a bad histogram merged")
	}
}

// The JSON report's keys, and a live /metrics while the run goes.
func TestReportKeysAndMetrics(t *testing.T) {
	srv := startSim(t, smsc.Config{Limits: smsc.Limits{SubmitRate: 100, SubmitBurst: 20}})
	clients := bindClients(t, srv, 1, 10)
	m := NewMetrics()
	ms, err := ServeMetrics("127.0.0.1:0", m)
	if err != nil {
		t.Fatal(err)
	}
	defer ms.Close()
	r, err := New(clients, Settings{Count: 300, Rate: 1000, Metrics: m}, fixed(t, false))
	if err != nil {
		t.Fatal(err)
	}
	r.Start(t.Context())
	// While it runs the gauges read the runner.
	live := scrape(t, ms.Addr())
	if !strings.Contains(live, "\nsmppconsole_burst_target_rate 1000\n") || !strings.Contains(live, "\nsmppconsole_burst_in_flight ") {
		t.Errorf("live metrics:\n%s", live)
	}
	rep, err := r.Wait()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"settings", "started", "elapsed_seconds", "counts", "throughput", "rate", "submit_resp", "receipt", "binds"} {
		if _, ok := top[k]; !ok {
			t.Errorf("report has no %q: %s", k, raw)
		}
	}
	var set map[string]any
	_ = json.Unmarshal(top["settings"], &set)
	for _, k := range []string{"count", "rate", "binds", "windows", "retry_throttled", "adaptive", "messages"} {
		if _, ok := set[k]; !ok {
			t.Errorf("settings has no %q: %s", k, top["settings"])
		}
	}
	var lat map[string]any
	_ = json.Unmarshal(top["submit_resp"], &lat)
	for _, k := range []string{"count", "p50_ms", "p90_ms", "p99_ms", "p99_9_ms", "max_ms", "histogram"} {
		if _, ok := lat[k]; !ok {
			t.Errorf("submit_resp has no %q", k)
		}
	}
	var counts map[string]any
	_ = json.Unmarshal(top["counts"], &counts)
	for _, k := range []string{"messages", "outcomes", "statuses", "throttled", "retries", "receipts", "delivered", "missing"} {
		if _, ok := counts[k]; !ok {
			t.Errorf("counts has no %q", k)
		}
	}

	text := scrape(t, ms.Addr())
	acc, thr := rep.Counts.Outcomes[OutcomeAccepted], rep.Counts.Outcomes[OutcomeRejected]
	for _, want := range []string{
		`smppconsole_burst_submits_total{outcome="accepted",status="ESME_ROK"} ` + itoa(acc),
		`smppconsole_burst_submits_total{outcome="rejected",status="ESME_RTHROTTLED"} ` + itoa(thr),
		`smppconsole_burst_submit_resp_seconds_count 300`,
		`smppconsole_burst_in_flight 0`,
		`smppconsole_burst_target_rate 0`,
		`smppconsole_burst_throttled_total ` + itoa(thr),
	} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("metrics lack %q:\n%s", want, text)
		}
	}
	if thr == 0 || acc+thr != 300 {
		t.Fatalf("counts %+v", rep.Counts)
	}
}

func itoa(v uint64) string { return strconv.FormatUint(v, 10) }

func scrape(t *testing.T, addr string) string {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %d %v", resp.StatusCode, err)
	}
	return string(body)
}
