package smsc

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// The load generator runs in a separate process: the test binary runs itself with
// SMSC_BENCH_CLIENT set, and TestBenchClientProcess becomes a tight raw client that
// pipelines submit_sm (built once, only the sequence number changes) and answers every
// deliver_sm. It prints "ready" once bound and starts when it reads a line on stdin,
// so the process start is not measured.

const benchClientEnv = "SMSC_BENCH_CLIENT" // "addr n registered_delivery window"

func TestBenchClientProcess(t *testing.T) {
	spec := os.Getenv(benchClientEnv)
	if spec == "" {
		t.Skip("only runs as the benchmark's client process")
	}
	f := strings.Fields(spec)
	n, _ := strconv.Atoi(f[1])
	reg, _ := strconv.Atoi(f[2])
	window, _ := strconv.Atoi(f[3])
	if err := benchClient(f[0], n, byte(reg), window, os.Stdin, os.Stdout); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

func benchClient(addr string, n int, reg byte, window int, in io.Reader, out io.Writer) error {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer nc.Close()
	w := bufio.NewWriterSize(nc, 64<<10)
	r := bufio.NewReaderSize(nc, 64<<10)
	bind := append(newPDU(64, wire.BindTransceiver, 0, 1), bindBody(DefaultSystemID, DefaultPassword, 0x34)...)
	w.Write(finish(bind))
	w.Flush()
	var hdr [16]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return err
	}
	h, _ := wire.ParseHeader(hdr[:])
	if _, err := r.Discard(int(h.Length) - 16); err != nil || h.Status != 0 {
		return fmt.Errorf("bind: %v %v", h, err)
	}
	fmt.Fprintln(out, "ready")
	if _, err := bufio.NewReader(in).ReadString('\n'); err != nil {
		return err
	}

	submit := finish(append(newPDU(128, wire.SubmitSM, 0, 0),
		submitBody(sm{src: "447700900001", dst: "447700900002", reg: reg, text: []byte("Benchmark message, 40 characters long!!")})...))
	// A submission answered ESME_RTHROTTLED is sent again after a pause of 10ms,
	// as an ESME would. The reader never waits for the writer (which may be blocked on a full socket):
	// it counts responses and queues deliver_sm_resp; the writer sends both.
	var inflight, retries atomic.Int64
	var throttled atomic.Bool
	var ackMu sync.Mutex
	var acks []uint32
	kick := make(chan struct{}, 1)
	signal := func() {
		select {
		case kick <- struct{}{}:
		default:
		}
	}
	errc := make(chan error, 2)
	done := make(chan struct{})
	go func() { // reader
		resps, receipts := 0, 0
		var b [512]byte
		for resps < n || (reg != 0 && receipts < n) {
			if r.Buffered() < 16 {
				signal() // about to block: let the writer catch up
			}
			if _, err := io.ReadFull(r, b[:16]); err != nil {
				errc <- err
				return
			}
			h, _ := wire.ParseHeader(b[:16])
			if _, err := io.ReadFull(r, b[16:h.Length]); err != nil {
				errc <- err
				return
			}
			switch h.ID {
			case wire.SubmitSMResp:
				inflight.Add(-1)
				switch h.Status {
				case wire.StatusOK:
					resps++
				case wire.StatusThrottled: // send it again, after a pause
					retries.Add(1)
					throttled.Store(true)
				default:
					errc <- fmt.Errorf("submit_sm_resp %s", wire.StatusString(h.Status))
					return
				}
			case wire.DeliverSM:
				receipts++
				ackMu.Lock()
				acks = append(acks, h.Seq)
				ackMu.Unlock()
			}
		}
		close(done)
	}()
	ack := deliverSMResp(0)
	var mine []uint32
	var resume time.Time
	sent := 0
	for {
		ackMu.Lock()
		mine, acks = acks, mine[:0]
		ackMu.Unlock()
		for _, seq := range mine {
			setSeq(ack, seq)
			w.Write(ack)
		}
		wrote := len(mine) > 0
		now := time.Now()
		if throttled.Swap(false) {
			resume = now.Add(10 * time.Millisecond) // acks still go out meanwhile
		}
		for now.After(resume) && int64(sent) < int64(n)+retries.Load() && inflight.Load() < int64(window) {
			sent++
			inflight.Add(1)
			binary.BigEndian.PutUint32(submit[12:], uint32(sent)+1)
			w.Write(submit)
			wrote = true
		}
		if wrote {
			if err := w.Flush(); err != nil {
				return err
			}
			continue
		}
		pause := time.Hour
		if now.Before(resume) {
			pause = resume.Sub(now)
		}
		select {
		case <-kick:
		case <-time.After(pause):
		case <-done:
			ackMu.Lock()
			for _, seq := range acks { // the last receipts' answers
				setSeq(ack, seq)
				w.Write(ack)
			}
			ackMu.Unlock()
			w.Write(wire.HeaderOnly(wire.Unbind, 0, 1))
			return w.Flush()
		case err := <-errc:
			return err
		}
	}
}

// runBenchClient runs n submissions from a client process against s.
func runBenchClient(b *testing.B, s *Server, n int, reg byte) {
	b.Helper()
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestBenchClientProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s %d %d %d", benchClientEnv, s.Addr(), n, reg, 4096))
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() || lines.Text() != "ready" {
		cmd.Process.Kill()
		cmd.Wait()
		b.Fatalf("client did not start: %q", lines.Text())
	}
	b.StartTimer()
	fmt.Fprintln(stdin, "go")
	var rest []string
	for lines.Scan() {
		rest = append(rest, lines.Text())
	}
	err = cmd.Wait()
	b.StopTimer()
	if err != nil {
		b.Fatalf("client: %v %s", err, strings.Join(rest, "\n"))
	}
}

func benchServer(b *testing.B, cfg Config) *Server {
	cfg.Listen = "127.0.0.1:0"
	s, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkSubmitSM measures submit_sm handled per second on one connection, the
// client in another process; with receipts on, every message also gets its receipt
// (delay 0) and the client answers it.
func BenchmarkSubmitSM(b *testing.B) {
	for _, tc := range []struct {
		name string
		reg  byte
	}{{"receipts=off", 0}, {"receipts=on", 1}} {
		b.Run(tc.name, func(b *testing.B) {
			s := benchServer(b, Config{StoreMax: 4_000_000})
			b.StopTimer()
			b.ResetTimer()
			runBenchClient(b, s, b.N, tc.reg)
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
			st := s.Stats()
			for deadline := time.Now().Add(5 * time.Second); tc.reg != 0 && st.ReceiptsAcked < uint64(b.N) && time.Now().Before(deadline); {
				time.Sleep(time.Millisecond) // the last deliver_sm_resp may still be in flight
				st = s.Stats()
			}
			if st.Submitted < uint64(b.N) || tc.reg != 0 && st.ReceiptsAcked < uint64(b.N) {
				b.Errorf("%d accepted and %d receipts acknowledged for %d messages", st.Submitted, st.ReceiptsAcked, b.N)
			}
			b.ReportMetric(float64(st.Throttled)/float64(b.N), "throttled/msg")
		})
	}
}

func heapAlloc() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkStoreMemory measures the heap one stored message costs (typical addresses,
// a receipt's 20-character text).
func BenchmarkStoreMemory(b *testing.B) {
	rec := appendRecord(nil, 0, addr("447700900001"), []byte("Benchmark message, 4"),
		[]wire.Address{addr("447700900002")}, []uint8{0})
	// Memory is measured over the first million; further iterations run at the cap,
	// evicting the oldest, so a long run does not exhaust the machine.
	n := min(max(b.N, 100_000), 1_000_000)
	s := newStore(firstNumber(time.Now()), int64(time.Hour), n)
	before := heapAlloc()
	b.ResetTimer()
	for i := 0; i < n; i++ {
		s.add(entry{submitted: int64(i)}, rec, int64(i))
	}
	b.StopTimer()
	after := heapAlloc()
	b.StartTimer()
	for i := n; i < b.N; i++ {
		s.add(entry{submitted: int64(i)}, rec, int64(i))
	}
	b.StopTimer()
	b.ReportMetric(float64(after-before)/float64(n), "B/msg")
	runtime.KeepAlive(s)
}

// BenchmarkMillionWithExpiry submits 1,000,000 messages through the server (client in
// another process) with a one-second store TTL, waits for them to expire and reports
// the heap left.
func BenchmarkMillionWithExpiry(b *testing.B) {
	const million = 1_000_000
	base := heapAlloc()
	s := benchServer(b, Config{StoreTTL: time.Second, ReceiptDelay: 10 * time.Millisecond})
	b.StopTimer()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runBenchClient(b, s, million, 0)
	}
	peak := heapAlloc()
	deadline := time.Now().Add(10 * time.Second)
	for s.Stats().Stored > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	after := heapAlloc()
	b.ReportMetric(float64(peak-base)/(1<<20), "MiB-heap-at-end-of-load")
	b.ReportMetric(float64(after)/(1<<20), "MiB-heap-after-expiry")
	b.ReportMetric(float64(s.Stats().Stored), "stored-after-expiry")
}
