package replay

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/journal"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

const testTimeout = 20 * time.Second

func sim(t *testing.T, cfg smsc.Config) string {
	t.Helper()
	cfg.Listen = "127.0.0.1:0"
	if cfg.ReceiptDelay == 0 {
		cfg.ReceiptDelay = 5 * time.Millisecond
	}
	srv, err := smsc.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return srv.Addr().String()
}

// session binds a journaled transceiver to addr; end closes both and returns the
// journal's file.
func session(t *testing.T, addr string) (c *smppclient.Client, end func() string) {
	t.Helper()
	jr, err := journal.Open(journal.Options{Dir: t.TempDir(), Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	c, err = smppclient.New(smppclient.Settings{Addr: addr, SystemID: smsc.DefaultSystemID, Password: smsc.DefaultPassword,
		Bind: smppclient.Transceiver, NoReconnect: true, ResponseTimeout: 5 * time.Second, Recorder: jr})
	if err != nil {
		t.Fatal(err)
	}
	c.Start()
	deadline := time.After(testTimeout)
	for bound := false; !bound; {
		select {
		case ev := <-c.Events():
			if e, ok := ev.(smppclient.StateEvent); ok {
				switch e.State {
				case smppclient.Bound:
					bound = true
				case smppclient.Disconnected, smppclient.Closed:
					t.Fatalf("bind: %s", e.Reason)
				}
			}
		case <-deadline:
			t.Fatal("not bound in time")
		}
	}
	drained := make(chan struct{})
	go func() {
		for range c.Events() {
		}
		close(drained)
	}()
	closed := false
	end = func() string {
		if !closed {
			closed = true
			c.Close()
			<-drained
			if err := jr.Close(); err != nil {
				t.Fatal(err)
			}
		}
		return jr.Path()
	}
	t.Cleanup(func() { end() })
	return c, end
}

func readConv(t *testing.T, path string) *capture.Conversation {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cp, err := capture.Read(f, capture.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cp.Conversations) != 1 {
		t.Fatalf("%d conversations, want 1", len(cp.Conversations))
	}
	return cp.Conversations[0]
}

func submitBodies(c *capture.Conversation) (bodies [][]byte, seqs []uint32) {
	for _, p := range c.PDUs {
		if h, ok := wire.ParseHeader(p.Raw); ok && h.ID == wire.SubmitSM && p.Dir == capture.ToSMSC {
			bodies = append(bodies, p.Raw[wire.HeaderLen:])
			seqs = append(seqs, h.Seq)
		}
	}
	return bodies, seqs
}

// record runs a session against an SMSC that delivers everything: a short message to
// each of three handsets and a long one (two parts, UDH) to the first, all asking for
// a receipt.
func record(t *testing.T) string {
	t.Helper()
	c, end := session(t, sim(t, smsc.Config{}))
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	texts := []struct{ to, text string }{
		{"+447700900001", "first"},
		{"+447700900002", "second"},
		{"+447700900003", "third"},
		{"+447700900001", strings.Repeat("long message in two parts ", 8)},
	}
	for _, m := range texts {
		dest, err := message.ParseDestination(m.to)
		if err != nil {
			t.Fatal(err)
		}
		sub, err := c.Submit(ctx, message.Message{Source: message.Address{Addr: "Test", TON: 5}, Dest: dest, Text: m.text, RegisteredDelivery: message.ReceiptOnFinal})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sub.WaitReceipts(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return end()
}

// failing rejects the second handset and leaves the third undelivered.
var failing = smsc.Config{Rules: []smsc.Rule{
	{Prefix: "447700900002", Status: smsc.Status(wire.StatusInvDstAdr)},
	{Prefix: "447700900003", Stat: "UNDELIV"},
}}

func TestReplayMapsIDsAndReportsTheDifference(t *testing.T) {
	orig := readConv(t, record(t))
	subs, err := Load(orig)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 5 {
		t.Fatalf("%d submits loaded, want 5 (one message in two parts)", len(subs))
	}
	for _, s := range subs {
		if s.Orig.Outcome != "accepted" || s.Orig.MessageID == "" || s.Orig.Receipt != "DELIVRD" {
			t.Fatalf("recorded submit %d: %+v, want accepted with an id and DELIVRD", s.Index, s.Orig)
		}
	}

	c, end := session(t, sim(t, failing))
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	rep := Run(ctx, c, subs, Options{Pacing: Pacing{Speed: 2}, WaitReceipts: testTimeout})
	again := readConv(t, end())

	// Every submit_sm went again, in order, octet for octet but for the sequence.
	want, _ := submitBodies(orig)
	got, seqs := submitBodies(again)
	if len(got) != len(want) {
		t.Fatalf("replayed %d submit_sm, want %d", len(got), len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("submit_sm %d body differs from the recording:\n got %x\nwant %x", i+1, got[i], want[i])
		}
		if i > 0 && seqs[i] <= seqs[i-1] {
			t.Errorf("sequence numbers %v: not our session's own ascending numbering", seqs)
		}
	}

	// The id mapping: each accepted submit has a new id beside its old one.
	for _, r := range rep.Rows {
		if r.Dest == "447700900002" {
			if r.New.Outcome != "rejected" || r.New.Status != wire.StatusInvDstAdr || r.New.MessageID != "" {
				t.Errorf("row %d: %+v, want rejected ESME_RINVDSTADR", r.Index, r.New)
			}
			continue
		}
		if r.New.MessageID == "" || r.Orig.MessageID == "" {
			t.Errorf("row %d: ids %q → %q, want both", r.Index, r.Orig.MessageID, r.New.MessageID)
		}
	}
	wantDiff := []Difference{
		{Index: 2, Dest: "447700900002", Field: "status", Was: "accepted", Now: "rejected 0x0000000B"},
		{Index: 3, Dest: "447700900003", Field: "receipt", Was: "DELIVRD", Now: "UNDELIV"},
	}
	if len(rep.Differences) != len(wantDiff) {
		t.Fatalf("differences %v, want %v", rep.Differences, wantDiff)
	}
	for i := range wantDiff {
		if rep.Differences[i] != wantDiff[i] {
			t.Errorf("difference %d: %v, want %v", i, rep.Differences[i], wantDiff[i])
		}
	}

	// A second run against the same SMSC differs from the first in nothing but ids.
	c2, _ := session(t, sim(t, failing))
	rep2 := Run(ctx, c2, subs, Options{Pacing: Pacing{Rate: 1000}, WaitReceipts: testTimeout})
	if d, err := Diff(rep, rep2); err != nil || len(d) != 0 {
		t.Errorf("diff of two runs against one SMSC: %v %v, want none", d, err)
	}
	// A run against an SMSC that delivers everything differs in exactly those two.
	c3, _ := session(t, sim(t, smsc.Config{}))
	rep3 := Run(ctx, c3, subs, Options{Pacing: Pacing{Speed: 100}, WaitReceipts: testTimeout})
	if len(rep3.Differences) != 0 {
		t.Errorf("replay against the recording's SMSC: differences %v, want none", rep3.Differences)
	}
	d, err := Diff(rep, rep3)
	if err != nil || len(d) != 2 || d[0].Field != "status" || d[0].Index != 2 || d[1].Field != "receipt" || d[1].Now != "DELIVRD" {
		t.Errorf("diff against the delivering run: %v %v, want the status of 2 and the receipt of 3", d, err)
	}
}

func TestScheduleScalesAndKeepsOrder(t *testing.T) {
	subs := []Submit{{Offset: 0}, {Offset: time.Second}, {Offset: 3 * time.Second}}
	for _, tc := range []struct {
		p    Pacing
		want []time.Duration
	}{
		{Pacing{}, []time.Duration{0, time.Second, 3 * time.Second}},
		{Pacing{Speed: 2}, []time.Duration{0, 500 * time.Millisecond, 1500 * time.Millisecond}},
		{Pacing{Speed: 0.5}, []time.Duration{0, 2 * time.Second, 6 * time.Second}},
		{Pacing{Rate: 10}, []time.Duration{0, 100 * time.Millisecond, 200 * time.Millisecond}},
	} {
		got := tc.p.Schedule(subs)
		for i := range tc.want {
			if got[i] != tc.want[i] {
				t.Errorf("%+v: %v, want %v", tc.p, got, tc.want)
				break
			}
		}
	}
	for in, want := range map[string]float64{"2x": 2, "0.5x": 0.5, "3": 3} {
		if v, err := ParseSpeed(in); err != nil || v != want {
			t.Errorf("ParseSpeed(%q) = %v %v, want %v", in, v, err, want)
		}
	}
	for _, bad := range []string{"", "x", "0x", "-1x", "2y", "NaNx", "Infx"} {
		if _, err := ParseSpeed(bad); err == nil {
			t.Errorf("ParseSpeed(%q): no error", bad)
		}
	}
}

func TestLoadRefusesAnEmptyRecording(t *testing.T) {
	if _, err := Load(&capture.Conversation{}); err == nil || !strings.Contains(err.Error(), "no submit_sm") {
		t.Errorf("err %v, want 'no submit_sm'", err)
	}
}
