package main

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/journal"
	"github.com/smppconsole/smppconsole/replay"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

func runReplayT(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runReplay(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// burstJournal records a burst of four messages, receipts asked, and returns its journal.
func burstJournal(t *testing.T) string {
	t.Helper()
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	addr := sendSim(t, smsc.Config{})
	code, out, errs := runBurstT(t, burstArgs(t, addr, "--count", "4", "--rate", "1000", "--wait-dlr", "10s",
		"--to", "{range:447700900001-447700900004}", "--text", "replay me {seq}")...)
	if code != exitOK {
		t.Fatalf("burst: code %d\n%s\n%s", code, out, errs)
	}
	files, _ := journal.Journals(filepath.Join(state, "smppconsole", "sessions"))
	if len(files) != 1 {
		t.Fatalf("%d journals, want 1", len(files))
	}
	t.Setenv("XDG_STATE_HOME", t.TempDir()) // the replays journal elsewhere
	return files[0].Path
}

func replayJSON(t *testing.T, dir, name, out string) (replay.Report, string) {
	t.Helper()
	var rep replay.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	return rep, path
}

func TestReplayCommandReportsAndDiffs(t *testing.T) {
	sendEnv(t)
	rec := burstJournal(t)
	dir := t.TempDir()
	failing := sendSim(t, smsc.Config{Rules: []smsc.Rule{{Prefix: "447700900002", Status: smsc.Status(wire.StatusInvDstAdr)}}})

	code, out, errs := runReplayT(t, burstArgs(t, failing, "--json", "--speed", "4x", "--wait-dlr", "10s", rec)...)
	if code != exitFailed {
		t.Fatalf("replay against a rejecting SMSC: code %d, want 1\n%s\n%s", code, out, errs)
	}
	a, aPath := replayJSON(t, dir, "a.json", out)
	if len(a.Rows) != 4 || len(a.Differences) != 1 || a.Differences[0].Dest != "447700900002" ||
		a.Differences[0].Field != "status" || a.Differences[0].Now != "rejected 0x0000000B" {
		t.Fatalf("report %+v, want 4 submits and the one status difference", a)
	}
	for _, r := range a.Rows {
		if r.Orig.MessageID == "" || r.Orig.Receipt != "DELIVRD" {
			t.Errorf("row %d: recorded side %+v, want an id and DELIVRD", r.Index, r.Orig)
		}
		if r.Dest != "447700900002" && (r.New.MessageID == "" || r.New.Receipt != "DELIVRD") {
			t.Errorf("row %d: replayed side %+v, want a new id and DELIVRD", r.Index, r.New)
		}
	}

	code, out, errs = runReplayT(t, burstArgs(t, failing, "--json", "--rate", "200", "--wait-dlr", "10s", rec)...)
	if code != exitFailed {
		t.Fatalf("second replay: code %d\n%s\n%s", code, out, errs)
	}
	_, bPath := replayJSON(t, dir, "b.json", out)
	if code, out, errs := runReplayT(t, "--diff", aPath, bPath); code != exitOK || !strings.Contains(out, "no differences") {
		t.Errorf("--diff of two like runs: code %d\n%s\n%s", code, out, errs)
	}

	good := sendSim(t, smsc.Config{})
	code, out, errs = runReplayT(t, burstArgs(t, good, "--wait-dlr", "10s", rec)...)
	if code != exitOK || !strings.Contains(out, "no differences") || !strings.Contains(out, "DELIVRD") {
		t.Fatalf("replay against a delivering SMSC: code %d, want 0\n%s\n%s", code, out, errs)
	}
	code, out, _ = runReplayT(t, burstArgs(t, good, "--json", "--wait-dlr", "10s", rec)...)
	if code != exitOK {
		t.Fatalf("json replay against a delivering SMSC: code %d", code)
	}
	_, cPath := replayJSON(t, dir, "c.json", out)
	code, out, errs = runReplayT(t, "--diff", aPath, cPath)
	if code != exitFailed || !strings.Contains(out, "1 difference(s)") ||
		!strings.Contains(out, "to 447700900002: status was rejected 0x0000000B, now accepted") {
		t.Errorf("--diff of a rejecting and a delivering run: code %d\n%s\n%s", code, out, errs)
	}
}

func TestReplayCommandErrors(t *testing.T) {
	sendEnv(t)
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk")
	if err := os.WriteFile(junk, []byte("not a capture\x00\x01"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no file", nil, "want one recording"},
		{"bad speed", []string{"--speed", "fast", junk}, "--speed"},
		{"rate and speed", []string{"--rate", "5", "--speed", "2x", junk}, "not both"},
		{"not a capture", []string{junk}, "junk"},
		{"diff wants two", []string{"--diff", junk}, "two reports"},
		{"diff of junk", []string{"--diff", junk, junk}, "not a replay --json report"},
	} {
		code, _, errs := runReplayT(t, tc.args...)
		if code != exitUsage || !strings.Contains(errs, tc.want) || strings.Contains(errs, "\x00") {
			t.Errorf("%s: code %d, stderr %q; want 2 and %q", tc.name, code, errs, tc.want)
		}
	}

	// Nothing listens: a connect failure is 3.
	rec := burstJournal(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if code, out, errs := runReplayT(t, burstArgs(t, addr, rec)...); code != exitConnect {
		t.Errorf("connect refused: code %d, want 3\n%s\n%s", code, out, errs)
	}
}
