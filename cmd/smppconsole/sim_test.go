package main

import (
	"bufio"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

func TestSimFlagErrors(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, args := range [][]string{
		{"--msgid", "octal"},
		{"--rule", "447=NOPE"},
		{"--mix", "DELIVRD"},
		{"--dlr-delay", "soon"},
		{"--grace", "-1s"},
		{"--bind-timeout", "later"},
		{"--error-status", "ESME_RWHATEVER"},
		{"--system-id", "this-system-id-is-far-too-long"},
		{"stray"},
		{"--config", filepath.Join(t.TempDir(), "missing.toml")},
	} {
		var out, errb strings.Builder
		if code := runSimUntil(nil, args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errb.String())
		}
		if errb.Len() == 0 {
			t.Errorf("%v: no message on stderr", args)
		}
	}
	var out, errb strings.Builder
	if code := runSimUntil(nil, []string{"-h"}, &out, &errb); code != 0 ||
		!strings.Contains(errb.String(), "--dlr-delay") && !strings.Contains(errb.String(), "-dlr-delay") {
		t.Errorf("-h: exit %d, usage %q", code, errb.String())
	}
}

// simRun is `smppconsole sim` running in the background with its output read line by
// line.
type simRun struct {
	t     *testing.T
	lines chan string
	done  chan int
}

// checkSimGoroutines fails the test if a goroutine of the simulator or of the sim
// command outlives it. Only those are counted: os/signal keeps one of its own.
func checkSimGoroutines(t *testing.T) {
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for {
			buf := make([]byte, 1<<20)
			stacks := string(buf[:runtime.Stack(buf, true)])
			var left []string
			for _, g := range strings.Split(stacks, "\n\n") {
				if strings.Contains(g, "smppconsole/smsc.") || strings.Contains(g, "main.runSim") ||
					strings.Contains(g, "main.stopSim") || strings.Contains(g, "main.startSim") {
					left = append(left, g)
				}
			}
			if len(left) == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d goroutines left running:\n%s", len(left), strings.Join(left, "\n\n"))
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
}

func startSim(t *testing.T, run func(stdout io.Writer) int) *simRun {
	t.Helper()
	checkSimGoroutines(t)
	pr, pw := io.Pipe()
	r := &simRun{t: t, lines: make(chan string, 1000), done: make(chan int, 1)}
	go func() {
		code := run(pw)
		pw.Close()
		r.done <- code
	}()
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			r.lines <- sc.Text()
		}
		close(r.lines)
	}()
	return r
}

// next waits for a line matching re and returns its submatches.
func (r *simRun) next(re string) []string {
	r.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.After(5 * time.Second)
	for {
		select {
		case l, ok := <-r.lines:
			if !ok {
				r.t.Fatalf("output ended before %q", re)
			}
			if m := rx.FindStringSubmatch(l); m != nil {
				return m
			}
		case <-deadline:
			r.t.Fatalf("no line matching %q", re)
		}
	}
}

func (r *simRun) exit() int {
	r.t.Helper()
	select {
	case code := <-r.done:
		for range r.lines { // let the reader finish
		}
		return code
	case <-time.After(5 * time.Second):
		r.t.Fatal("sim did not return")
	}
	return -1
}

// rawESME is a bound SMPP client over the wire package.
type rawESME struct {
	t  *testing.T
	nc net.Conn
	r  *wire.Reader
}

func bindRaw(t *testing.T, addr, systemID, password string) *rawESME {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	_ = nc.SetDeadline(time.Now().Add(10 * time.Second))
	e := &rawESME{t: t, nc: nc, r: wire.NewReader(nc, 0)}
	e.write(wire.BindTransceiver, 1, systemID+"\x00"+password+"\x00\x00\x34\x00\x00\x00")
	if h := e.read(); h.ID != wire.BindTransceiverResp || h.Status != 0 {
		t.Fatalf("bind: %v", h)
	}
	return e
}

func (e *rawESME) write(id, seq uint32, body string) {
	e.t.Helper()
	b := wire.Header{Length: uint32(16 + len(body)), ID: id, Seq: seq}.Append(nil)
	if _, err := e.nc.Write(append(b, body...)); err != nil {
		e.t.Fatal(err)
	}
}

func (e *rawESME) read() wire.Header {
	e.t.Helper()
	raw, err := e.r.ReadPDU()
	if err != nil {
		e.t.Fatalf("read: %v", err)
	}
	h, _ := wire.ParseHeader(raw)
	return h
}

// submitWithReceipt is a submit_sm body asking for a receipt.
const submitWithReceipt = "\x00\x01\x01123\x00\x01\x01447700900001\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x02hi"

func TestSimRunsBindsAndStops(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	cfgFile := filepath.Join(dir, "sim.toml")
	if err := os.WriteFile(cfgFile, []byte("[sim]\nmessage_id = \"hex\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	stops := make(chan os.Signal, 2)
	sim := startSim(t, func(stdout io.Writer) int {
		var errb strings.Builder
		return runSimUntil(stops, []string{"--config", cfgFile, "--listen", "127.0.0.1:0",
			"--system-id", "tester", "--password", "pw", "--enquire-link", "0"}, stdout, &errb)
	})
	addr := sim.next(`listening on (\S+)`)[1]
	sim.next(`accepts system_id "tester" password \*{8} \(as configured\)`) // a chosen password is never printed
	sim.next(`message ids hex`)                                             // from the config file
	sim.next(`at most 200 bound sessions; connections must bind within 5s`)

	e := bindRaw(t, addr, "tester", "pw")
	sim.next(`bind system_id="tester" as transceiver`)
	sim.next(`bound 1 \|`) // the summary line

	stops <- os.Interrupt
	h := e.read()
	if h.ID != wire.Unbind {
		t.Fatalf("expected unbind on stop, got %v", h)
	}
	e.write(wire.UnbindResp, h.Seq, "")
	sim.next(`stopping: .* unbinding 1 client`)
	sim.next(`^\S+ stopped$`)
	if code := sim.exit(); code != 0 {
		t.Errorf("exit %d", code)
	}
}

// SIGTERM to the process takes the graceful path: a receipt falling due within --grace
// is delivered before the unbind.
func TestSimSIGTERMDrains(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	sim := startSim(t, func(stdout io.Writer) int {
		var errb strings.Builder
		return runSim([]string{"--listen", "127.0.0.1:0", "--enquire-link", "0", "--dlr-delay", "100ms",
			"--grace", "30s"}, stdout, &errb)
	})
	// runSim handles the signals before it prints where it listens.
	addr := sim.next(`listening on (\S+)`)[1]
	e := bindRaw(t, addr, "smppclient1", "password")
	e.write(wire.SubmitSM, 2, submitWithReceipt)
	if h := e.read(); h.ID != wire.SubmitSMResp || h.Status != 0 {
		t.Fatalf("submit_sm: %v", h)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	sim.next(`terminated: stopping: new submissions refused`)
	h := e.read()
	if h.ID != wire.DeliverSM {
		t.Fatalf("got %v before the receipt", h)
	}
	e.write(wire.DeliverSMResp, h.Seq, "\x00")
	if h = e.read(); h.ID != wire.Unbind {
		t.Fatalf("got %v, want unbind after the receipt", h)
	}
	e.write(wire.UnbindResp, h.Seq, "")
	sim.next(`^\S+ stopped$`)
	if code := sim.exit(); code != 0 {
		t.Errorf("exit %d", code)
	}
}

// A second signal stops at once, without waiting for a client that never answers unbind.
func TestSimSecondSignalStopsAtOnce(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	stops := make(chan os.Signal, 2)
	sim := startSim(t, func(stdout io.Writer) int {
		var errb strings.Builder
		return runSimUntil(stops, []string{"--listen", "127.0.0.1:0", "--enquire-link", "0",
			"--unbind-timeout", "1h"}, stdout, &errb)
	})
	addr := sim.next(`listening on (\S+)`)[1]
	e := bindRaw(t, addr, "smppclient1", "password")
	stops <- syscall.SIGTERM
	if h := e.read(); h.ID != wire.Unbind {
		t.Fatalf("got %v, want unbind", h)
	}
	stops <- syscall.SIGTERM // the client says nothing: the operator insists
	sim.next(`terminated again: stopping at once`)
	sim.next(`stopped: clients still bound were disconnected without unbind`)
	if code := sim.exit(); code != 0 {
		t.Errorf("exit %d", code)
	}
	if _, err := e.r.ReadPDU(); err == nil {
		t.Error("the connection is still open")
	}
}
