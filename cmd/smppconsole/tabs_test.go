package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/ui"
)

// tabsConfig writes a config file with profiles on srv: a and b of one account, other
// of another, and nopw without a password.
func tabsConfig(t *testing.T, srv *smsc.Server) string {
	t.Helper()
	host, port := "127.0.0.1", srv.Addr().(interface{ String() string }).String()
	port = port[strings.LastIndex(port, ":")+1:]
	cfg := fmt.Sprintf(`
[profiles.a]
host = %[1]q
port = %[2]s
system_id = %[3]q
password = %[4]q
bind = "tx"

[profiles.b]
host = %[1]q
port = %[2]s
system_id = %[3]q
password = %[4]q
bind = "rx"

[profiles.other]
host = %[1]q
port = %[2]s
system_id = "other"
password = "other"

[profiles.nopw]
host = %[1]q
port = %[2]s
system_id = "nopw"
`, host, port, smsc.DefaultSystemID, smsc.DefaultPassword)
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// tabsFlags parses args as runTUI does.
func tabsFlags(t *testing.T, args ...string) *tuiFlags {
	t.Helper()
	fs := flagSetForTUI(&bytes.Buffer{})
	f := &tuiFlags{}
	f.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	f.set = visited(fs)
	return f
}

// noLeaks checks, after the test's cleanups (the simulator's shutdown), that nothing
// the test started is left running.
func noLeaks(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
}

func startTestSim(t *testing.T) *smsc.Server {
	t.Helper()
	srv, err := startEmbeddedSimulator(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return srv
}

// --profile given twice opens a tab for each, in order, before the console starts; a
// journal each; the two profiles of one account on one SMSC share receipts, another
// account does not.
func TestTabsProfileRepeated(t *testing.T) {
	noLeaks(t)
	srv := startTestSim(t)
	path := tabsConfig(t, srv)
	f := tabsFlags(t, "--config", path, "--profile", "a", "--profile", "b")
	conn := newTabConnector(f, func(string) string { return "" })
	var stderr bytes.Buffer
	reqs, _, code := startTabs(f, conn, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if len(reqs) != 2 || reqs[0].Profile != "a" || reqs[1].Profile != "b" {
		t.Fatalf("requests %+v", reqs)
	}
	var sess []ui.TabSession
	for _, r := range reqs {
		s, err := conn.Open(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		sess = append(sess, s)
	}
	if sess[0].Name != "a" || sess[1].Name != "b" || sess[0].Options.Journal == "" || sess[0].Options.Journal == sess[1].Options.Journal {
		t.Fatalf("tabs %q %q, journals %q %q", sess[0].Name, sess[1].Name, sess[0].Options.Journal, sess[1].Options.Journal)
	}
	if sess[0].Profile.Password != "" {
		t.Fatal("the tab's profile keeps the password")
	}
	// Opened in the console: a third tab on another account.
	o, err := conn.Open(context.Background(), ui.TabRequest{Profile: "other"})
	if err != nil {
		t.Fatal(err)
	}
	if len(conn.shares) != 2 {
		t.Fatalf("%d receipt shares, want 2 (one per account)", len(conn.shares))
	}
	if got := conn.Profiles(); strings.Join(got, " ") != "a b other nopw" {
		t.Fatalf("profiles %v, want the file's order", got)
	}
	for _, s := range append(sess, o) {
		s.Close()
	}
	if err := conn.close(); err != nil {
		t.Fatal(err)
	}
}

// In the console nothing can ask for a password: a profile without one is refused in
// words that say what to do; with password_env it opens.
func TestTabsProfileNeedingAPasswordIsRefusedInTheConsole(t *testing.T) {
	noLeaks(t)
	srv := startTestSim(t)
	path := tabsConfig(t, srv)
	f := tabsFlags(t, "--config", path, "--profile", "a")
	conn := newTabConnector(f, func(string) string { return "" })
	_, err := conn.Open(context.Background(), ui.TabRequest{Profile: "nopw"})
	if err == nil || !strings.Contains(err.Error(), "password_env") || !strings.Contains(err.Error(), `"nopw"`) {
		t.Fatalf("err %v", err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte(`system_id = "nopw"`), []byte("system_id = \"nopw\"\npassword_env = \"NOPW_PASSWORD\""), 1)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	conn = newTabConnector(f, func(k string) string {
		if k == "NOPW_PASSWORD" {
			return "secret"
		}
		return ""
	})
	s, err := conn.Open(context.Background(), ui.TabRequest{Profile: "nopw"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := conn.close(); err != nil {
		t.Fatal(err)
	}
}

// The embedded simulator starts when a tab first needs it and is shared by the next.
func TestTabsSimulatorStartedOnceAndShared(t *testing.T) {
	noLeaks(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	f := tabsFlags(t, "--no-journal")
	conn := newTabConnector(f, func(string) string { return "" })
	if conn.sim != nil {
		t.Fatal("the simulator started before a tab needed it")
	}
	s1, err := conn.Open(context.Background(), ui.TabRequest{Simulator: true})
	if err != nil {
		t.Fatal(err)
	}
	sim := conn.sim
	s2, err := conn.Open(context.Background(), ui.TabRequest{Simulator: true})
	if err != nil {
		t.Fatal(err)
	}
	if sim == nil || conn.sim != sim || !s2.Options.Simulator || s2.Options.SendMO == nil {
		t.Fatalf("simulator %p then %p", sim, conn.sim)
	}
	for _, s := range []ui.TabSession{s1, s2} {
		cl := s.Options.Session.(*smppclient.Client)
		if st := cl.Stats(); st.Addr != sim.Addr().String() {
			t.Fatalf("a simulator tab on %s, the simulator on %s", st.Addr, sim.Addr())
		}
		s.Close()
	}
	if err := conn.close(); err != nil {
		t.Fatal(err)
	}
}

// :open FILE: the connector reads the capture as `smppconsole open` does and hands the
// tab its conversations, read-only, with no session and nothing to close; a file it
// cannot read is refused in words.
func TestTabsOpenFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "lab.pcap")
	pdus := [][]byte{
		hexBytes(t, strings.ReplaceAll(bindTRX, " ", "")), hexBytes(t, bindTRXRespHex),
		hexBytes(t, enquireHex), hexBytes(t, enquireRespHex),
	}
	if err := capture.File(path, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), pdus); err != nil {
		t.Fatal(err)
	}
	conn := newTabConnector(tabsFlags(t), func(string) string { return "" })
	s, err := conn.Open(context.Background(), ui.TabRequest{File: path})
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "lab.pcap" || s.Options.Session != nil || s.Close != nil || len(s.Recorded) != 1 || s.Recorded[0].PDUs != 4 {
		t.Fatalf("file tab: name %q, session %v, close %v, %d conversations", s.Name, s.Options.Session, s.Close != nil, len(s.Recorded))
	}
	n := 0
	for _, e := range s.Recorded[0].Events {
		if _, ok := e.(smppclient.PDUEvent); ok {
			n++
		}
	}
	if n != 4 {
		t.Fatalf("%d PDU events, want 4", n)
	}
	if _, err := conn.Open(context.Background(), ui.TabRequest{File: filepath.Join(dir, "missing.pcap")}); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("a missing file: %v", err)
	}
	if err := conn.close(); err != nil {
		t.Fatal(err)
	}
}
