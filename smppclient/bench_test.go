package smppclient

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

// simProcessEnv makes the test binary run as the SMSC simulator instead of the tests,
// so that benchmarks measure the session with the simulator in another process.
const simProcessEnv = "SMPPCLIENT_SIM_PROCESS"

func TestMain(m *testing.M) {
	if os.Getenv(simProcessEnv) == "1" {
		os.Exit(runSimProcess())
	}
	goleak.VerifyTestMain(m) // every test, not only the leak tests, leaves no goroutine behind
}

// runSimProcess serves until its standard input closes; it prints its address first.
// SMPPCLIENT_SIM_RECEIPT_DELAY, _MO_EVERY (durations) and _IDS (dec, hex, uuid) and
// _RECEIPT_IDS adjust it for captures.
func runSimProcess() int {
	cfg := smsc.Config{Listen: "127.0.0.1:0", StoreMax: 4_000_000}
	cfg.ReceiptDelay, _ = time.ParseDuration(os.Getenv("SMPPCLIENT_SIM_RECEIPT_DELAY"))
	cfg.MO.Every, _ = time.ParseDuration(os.Getenv("SMPPCLIENT_SIM_MO_EVERY"))
	cfg.MessageID = smsc.IDFormat(os.Getenv("SMPPCLIENT_SIM_IDS"))
	cfg.ReceiptID = smsc.IDFormat(os.Getenv("SMPPCLIENT_SIM_RECEIPT_IDS"))
	srv, err := smsc.New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := srv.Start(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(srv.Addr().String())
	_, _ = io.Copy(io.Discard, os.Stdin)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx)
	return 0
}

// startSimProcess runs the simulator in a child process and returns its address.
func startSimProcess(b *testing.B) string {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), simProcessEnv+"=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("simulator process: %v", err)
	}
	return strings.TrimSpace(line)
}

// BenchmarkSubmit measures submits per second through the session at several windows,
// with and without delivery receipts, the simulator in another process. One op is one
// single-part message, from Submit to its outcome (and, with receipts, to its receipt
// correlated).
func BenchmarkSubmit(b *testing.B) {
	addr := startSimProcess(b)
	for _, receipts := range []bool{false, true} {
		for _, window := range []int{1, 10, 256, 1024} {
			name := fmt.Sprintf("window=%d/receipts=%v", window, receipts)
			b.Run(name, func(b *testing.B) { benchSubmit(b, addr, window, receipts) })
		}
	}
}

func benchSubmit(b *testing.B, addr string, window int, receipts bool) {
	b.ReportAllocs()
	b.ResetTimer()
	rate := runSession(b, addr, window, receipts, b.N)
	b.StopTimer()
	b.ReportMetric(rate, "msg/s")
}

// runSession sends n single-part messages through a new Client bound to addr and waits
// for every outcome (and, with receipts, every receipt correlated); it returns msg/s
// from the first Submit to the last of those.
func runSession(b *testing.B, addr string, window int, receipts bool, n int) float64 {
	s := simSettings(addr)
	s.Window, s.ResponseTimeout = window, 30*time.Second
	s.ReceiptIndex = 1 << 21 // receipts may lag far behind submits at full speed
	c, err := New(s)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	var outcomes, matched, unmatched, failed atomic.Int64
	bound := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		once := false
		for ev := range c.Events() {
			switch e := ev.(type) {
			case StateEvent:
				if e.State == Bound && !once {
					once = true
					close(bound)
				}
			case SubmitEvent:
				outcomes.Add(1)
				if e.Outcome != Accepted {
					failed.Add(1)
				}
			case ReceiptEvent:
				if e.Matched {
					matched.Add(1)
				} else {
					unmatched.Add(1)
				}
			}
		}
	}()
	c.Start()
	select {
	case <-bound:
	case <-time.After(5 * time.Second):
		b.Fatal("not bound")
	}
	m := msg("447700900123", "benchmark message")
	if receipts {
		m.RegisteredDelivery = 1
	}
	ctx := context.Background()
	start := time.Now()
	for i := 0; i < n; i++ {
		if _, err := c.Submit(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
	deadline := time.Now().Add(60 * time.Second)
	for outcomes.Load() < int64(n) || receipts && matched.Load() < int64(n) {
		if time.Now().After(deadline) {
			b.Fatalf("%d outcomes, %d receipts matched, %d unmatched, of %d; stats %+v", outcomes.Load(), matched.Load(), unmatched.Load(), n, c.Stats())
		}
		time.Sleep(100 * time.Microsecond)
	}
	elapsed := time.Since(start)
	if failed.Load() > 0 {
		b.Errorf("%d of %d not accepted", failed.Load(), n)
	}
	if st := c.Stats(); st.Dropped > 0 {
		b.ReportMetric(float64(st.Dropped)/float64(n), "dropped-display/op")
	}
	return float64(n) / elapsed.Seconds()
}

// BenchmarkCloseStoppedReader measures Close against a peer that stopped reading with
// a full socket: it is bounded by UnbindTimeout (1s here), not by the peer.
func BenchmarkCloseStoppedReader(b *testing.B) {
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		f := newFake(b)
		quit := make(chan struct{})
		f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
			if h.ID == wire.SubmitSM {
				<-quit
			}
			return false
		})
		s := testSettings(f.addr)
		s.Window, s.UnbindTimeout, s.WriteTimeout, s.ResponseTimeout = 2000, time.Second, time.Hour, time.Hour
		c, err := New(s)
		if err != nil {
			b.Fatal(err)
		}
		ev := collect(c)
		c.Start()
		ev.waitFor(b, 5*time.Second, "bound", isState("trx", Bound))
		text := strings.Repeat("x", 1000)
		for c.Stats().InFlight < s.Window-7 {
			if _, err := c.Submit(context.Background(), msg("447700900123", text)); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		start := time.Now()
		c.Close()
		total += time.Since(start)
		b.StopTimer()
		close(quit)
		f.close()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/close")
}

// BenchmarkMessageBuild is the part of BenchmarkSubmit's cost that is message.Build
// (planning and encoding the submit_sm), to tell it from the session's own.
func BenchmarkMessageBuild(b *testing.B) {
	m := msg("447700900123", "benchmark message")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := message.Build(m, message.NewRef()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFinalize measures a connection's teardown with 65,536 submit_sm outstanding
// (MaxWindow): every one ends as ConnectionLost, in the order it was sent.
func BenchmarkFinalize(b *testing.B) {
	const n = MaxWindow
	s := testSettings("127.0.0.1:1")
	s.Window, s.MaxQueuedEvents = n, 4*n
	cl, err := New(s)
	if err != nil {
		b.Fatal(err)
	}
	defer cl.Close()
	go func() {
		for range cl.Events() {
		}
	}()
	l := cl.tx
	parts := make([]message.Part, n)
	for i := range parts {
		parts[i] = message.Part{Index: i + 1, Total: n}
	}
	base := time.Now()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		sub := newSubmission(uint64(i+1), msg("447700900123", "x"), parts)
		c := &conn{l: l, c: cl, name: l.name, pending: make(map[uint32]*request, n)}
		for p := 0; p < n; p++ {
			l.window <- struct{}{}
			seq := uint32(p + 1)
			c.pending[seq] = &request{seq: seq, cmd: wire.SubmitSM, sent: base.Add(time.Duration(p) * time.Microsecond),
				queued: true, sub: sub, part: p}
		}
		b.StartTimer()
		c.finalize()
		b.StopTimer()
		if len(l.window) != 0 {
			b.Fatalf("%d window slots left", len(l.window))
		}
	}
}
