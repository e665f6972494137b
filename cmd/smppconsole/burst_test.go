package main

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/burst"
	"github.com/smppconsole/smppconsole/smsc"
)

func runBurstT(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runBurst(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func burstArgs(t *testing.T, addr string, extra ...string) []string {
	args := append(hostPort(t, addr), "--system-id", smsc.DefaultSystemID, "--password", smsc.DefaultPassword)
	return append(args, extra...)
}

func TestBurstAcceptedJSONAndReportMerge(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{})
	dir := t.TempDir()
	var files []string
	for i, binds := range []string{"1", "2"} {
		code, out, errs := runBurstT(t, burstArgs(t, addr, "--count", "50", "--rate", "1000", "--binds", binds,
			"--to", "4477009{range:00000-00009}", "--from", "Load{rand:3}", "--text", "n {seq} {uuid}", "--wait-dlr", "5s", "--json")...)
		if code != 0 {
			t.Fatalf("run %d: exit %d\n%s\n%s", i, code, out, errs)
		}
		var rep burst.Report
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if rep.Counts.Outcomes["accepted"] != 50 || rep.Counts.Delivered != 50 || len(rep.Binds) != i+1 {
			t.Fatalf("report %+v", rep.Counts)
		}
		f := filepath.Join(dir, binds+".json")
		if err := os.WriteFile(f, []byte(out), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	var out, errb bytes.Buffer
	if code := runReport(append([]string{"--json"}, files...), &out, &errb); code != 0 {
		t.Fatalf("report: %d %s", code, errb.String())
	}
	var m burst.Report
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	if m.Counts.Messages != 100 || m.SubmitResp.Count != 100 || m.Receipt.Count != 100 || len(m.Binds) != 3 || len(m.Sources) != 2 {
		t.Fatalf("merged %+v, %d binds", m.Counts, len(m.Binds))
	}
	out.Reset()
	if code := runReport(files, &out, &errb); code != 0 || !strings.Contains(out.String(), "merged 2 reports") || !strings.Contains(out.String(), "p99.9") {
		t.Fatalf("summary %d: %s", code, out.String())
	}
}

func TestBurstExitCodes(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{})
	throttling := sendSim(t, smsc.Config{Limits: smsc.Limits{SubmitRate: 50, SubmitBurst: 5}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	csvGood := filepath.Join(t.TempDir(), "good.csv")
	_ = os.WriteFile(csvGood, []byte("447700900001,A,x\n447700900002,,y\n+447700900003,Brand,\"z, w\"\n"), 0o600)
	csvBad := filepath.Join(t.TempDir(), "bad.csv")
	_ = os.WriteFile(csvBad, []byte("to,from,text\n447700900001,A,x\nnope,A,y\n"), 0o600)
	msg := []string{"--to", "447700900001", "--text", "hi {seq}"}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"ok", burstArgs(t, addr, append([]string{"--count", "20", "--rate", "500"}, msg...)...), 0, "achieved"},
		{"metrics", burstArgs(t, addr, append([]string{"--count", "20", "--rate", "500", "--metrics", "127.0.0.1:0"}, msg...)...), 0, "metrics at http://127.0.0.1:"},
		{"throttled", burstArgs(t, throttling, append([]string{"--count", "40", "--rate", "5000"}, msg...)...), 1, "not every message was accepted"},
		{"retried", burstArgs(t, throttling, append([]string{"--count", "20", "--rate", "5000", "--retry-throttled", "50", "--retry-backoff", "10ms"}, msg...)...), 0, "retries"},
		{"expect-rate", burstArgs(t, addr, append([]string{"--count", "10", "--rate", "100", "--expect-rate", "100000"}, msg...)...), 1, "expected 100000"},
		{"max-p99", burstArgs(t, addr, append([]string{"--count", "10", "--rate", "100", "--max-p99", "1ns"}, msg...)...), 1, "above --max-p99"},
		{"no count", burstArgs(t, addr, msg...), 2, "count of messages or a duration"},
		{"bad template", burstArgs(t, addr, "--count", "1", "--to", "44{rand:0}", "--text", "x"), 2, "{rand:N}"},
		{"csv", burstArgs(t, addr, "--csv", csvGood, "--rate", "500"), 0, "3 messages"},
		{"bad csv", burstArgs(t, addr, "--count", "1", "--csv", csvBad), 2, "csv line 3"},
		{"rx", burstArgs(t, addr, append([]string{"--count", "1", "--bind", "rx"}, msg...)...), 2, "cannot submit"},
		{"connect", burstArgs(t, closed, append([]string{"--count", "1"}, msg...)...), 3, "bind 1 of 1"},
		{"bind refused", append(hostPort(t, addr), append([]string{"--system-id", "x", "--password", "wrong", "--count", "1"}, msg...)...), 3, "bind 1 of 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runBurstT(t, c.args...)
			if code != c.code || !strings.Contains(out+errs, c.want) {
				t.Fatalf("exit %d, want %d with %q\nstdout: %s\nstderr: %s", code, c.code, c.want, out, errs)
			}
			if strings.Contains(errs, "\r") {
				t.Fatalf("a progress line on a stderr that is not a terminal: %q", errs)
			}
		})
	}
}

func TestReportUsageErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	_ = os.WriteFile(bad, []byte("not json"), 0o600)
	for _, args := range [][]string{nil, {bad}, {filepath.Join(t.TempDir(), "missing.json")}} {
		var out, errb bytes.Buffer
		if code := runReport(args, &out, &errb); code != 2 || errb.Len() == 0 {
			t.Errorf("%v: exit %d, %q", args, code, errb.String())
		}
	}
}
