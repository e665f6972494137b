package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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
		{"--error-status", "ESME_RWHATEVER"},
		{"--system-id", "this-system-id-is-far-too-long"},
		{"stray"},
		{"--config", filepath.Join(t.TempDir(), "missing.toml")},
	} {
		var out, errb strings.Builder
		if code := runSimUntil(context.Background(), func() {}, args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errb.String())
		}
		if errb.Len() == 0 {
			t.Errorf("%v: no message on stderr", args)
		}
	}
	var out, errb strings.Builder
	if code := runSimUntil(context.Background(), func() {}, []string{"-h"}, &out, &errb); code != 0 ||
		!strings.Contains(errb.String(), "--dlr-delay") && !strings.Contains(errb.String(), "-dlr-delay") {
		t.Errorf("-h: exit %d, usage %q", code, errb.String())
	}
}

func TestSimRunsBindsAndStops(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	cfgFile := filepath.Join(dir, "sim.toml")
	if err := os.WriteFile(cfgFile, []byte("[sim]\nmessage_id = \"hex\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		var errb strings.Builder
		done <- runSimUntil(ctx, func() {}, []string{"--config", cfgFile, "--listen", "127.0.0.1:0",
			"--system-id", "tester", "--password", "pw", "--enquire-link", "0"}, pw, &errb)
		pw.Close()
	}()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	next := func(re string) []string {
		t.Helper()
		r := regexp.MustCompile(re)
		deadline := time.After(5 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("output ended before %q", re)
				}
				if m := r.FindStringSubmatch(l); m != nil {
					return m
				}
			case <-deadline:
				t.Fatalf("no line matching %q", re)
			}
		}
	}
	addr := next(`listening on (\S+)`)[1]
	next(`accepts system_id "tester" password \*{8} \(as configured\)`) // a chosen password is never printed
	next(`message ids hex`)                                             // from the config file

	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	_ = nc.SetDeadline(time.Now().Add(10 * time.Second))
	r := wire.NewReader(nc, 0)
	body := "tester\x00pw\x00\x00\x34\x00\x00\x00"
	bind := wire.Header{Length: uint32(16 + len(body)), ID: wire.BindTransceiver, Seq: 1}.Append(nil)
	if _, err := nc.Write(append(bind, body...)); err != nil {
		t.Fatal(err)
	}
	raw, err := r.ReadPDU()
	if h, _ := wire.ParseHeader(raw); err != nil || h.Status != 0 {
		t.Fatalf("bind: %v %v", h, err)
	}
	next(`bind system_id="tester" as transceiver`)
	next(`bound 1 \|`) // the summary line

	cancel() // SIGINT
	raw, err = r.ReadPDU()
	h, _ := wire.ParseHeader(raw)
	if err != nil || h.ID != wire.Unbind {
		t.Fatalf("expected unbind on stop, got %v %v", h, err)
	}
	if _, err := nc.Write(wire.HeaderOnly(wire.UnbindResp, 0, h.Seq)); err != nil {
		t.Fatal(err)
	}
	next(`stopping: unbinding 1 client`)
	next(`^\S+ stopped$`)
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("runSim did not return")
	}
}
