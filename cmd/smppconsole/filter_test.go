package main

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/journal"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

// jsonCommands reads decode --json's output, one object per line, to its commands.
func jsonCommands(t *testing.T, out string) []string {
	t.Helper()
	var cmds []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var o struct {
			Command string `json:"command"`
		}
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		cmds = append(cmds, o.Command)
	}
	return cmds
}

// TestDecodeFilterHex: over one hex PDU, --filter prints it when it matches and exits 1,
// saying so, when it does not; a bad filter exits 2 pointing at the error.
func TestDecodeFilterHex(t *testing.T) {
	resp := hex.EncodeToString(statsResp(7, wire.StatusThrottled, ""))
	code, out, errs := runCmd(t, "", "decode", "--filter", "smpp.command_status == ESME_RTHROTTLED", resp)
	if code != 0 || !strings.Contains(out, "ESME_RTHROTTLED") {
		t.Fatalf("matching PDU: code %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCmd(t, "", "decode", "--filter", "smpp.command_id == submit_sm", resp)
	if code != 1 || out != "" || !strings.Contains(errs, "the PDU does not match the filter smpp.command_id == submit_sm") {
		t.Fatalf("PDU that does not match: code %d\nout %q\nerr %q", code, out, errs)
	}
	code, out, errs = runCmd(t, "", "decode", "--filter", "smpp.comand_id == 4", resp)
	if code != 2 || out != "" || !strings.Contains(errs, "unknown field smpp.comand_id: did you mean smpp.command_id?") ||
		!strings.Contains(errs, "\n  smpp.comand_id == 4\n  ^\n") {
		t.Fatalf("bad filter: code %d\nout %q\nerr %q", code, out, errs)
	}
	code, _, errs = runCmd(t, "", "decode", "--filter", "dir == in && (link == rx", resp)
	if code != 2 || !strings.Contains(errs, "unbalanced parenthesis") || !strings.Contains(errs, "\n  "+strings.Repeat(" ", 13)+"^\n") {
		t.Fatalf("unbalanced: code %d\n%s", code, errs)
	}
	// Several hex PDUs: only the matching ones, linked (the response knows its latency
	// is unknown, but its message id reaches the submit).
	two := hex.EncodeToString(statsSubmit(1)) + "\n" + hex.EncodeToString(statsResp(1, 0, "0A1B2C"))
	code, out, errs = runCmd(t, "", "decode", "--json", "--filter", "msg == 662316 && dir == out", two)
	if got := jsonCommands(t, out); code != 0 || len(got) != 1 || got[0] != "submit_sm" {
		t.Fatalf("msg filter over hex: code %d %v\n%s", code, got, errs)
	}
}

// TestDecodeFilterCapture: over a capture, only the matching PDUs are printed, with the
// directions, latencies and message ids the capture gives.
func TestDecodeFilterCapture(t *testing.T) {
	path := writeStatsPcap(t)
	for _, c := range []struct {
		expr string
		want []string
	}{
		{"smpp.command_status != ESME_ROK", []string{"submit_sm_resp"}},
		{"msg == 662316", []string{"submit_sm", "submit_sm_resp", "deliver_sm", "deliver_sm_resp"}},
		{"latency > 10ms", []string{"submit_sm", "submit_sm_resp"}},
		{"dir == in", []string{"submit_sm_resp", "submit_sm_resp", "deliver_sm"}},
		{"receipt.stat == DELIVRD", []string{"deliver_sm"}},
		{"smpp.command_id == submit_sm && !latency", []string{"submit_sm"}},
	} {
		code, out, errs := runCmd(t, "", "decode", "--json", "--filter", c.expr, path)
		if got := jsonCommands(t, out); code != 0 || strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("decode --filter %q: code %d, %v, want %v\n%s", c.expr, code, got, c.want, errs)
		}
	}
	code, out, errs := runCmd(t, "", "decode", "--filter", "smpp.command_id == query_sm", path)
	if code != 1 || out != "" || !strings.Contains(errs, "none of the 7 PDUs matches the filter") {
		t.Errorf("no match over a capture: code %d\n%q\n%q", code, out, errs)
	}
	// The text form numbers PDUs as in the capture.
	code, out, _ = runCmd(t, "", "decode", "--filter", "smpp.command_id == deliver_sm", path)
	if code != 0 || !strings.HasPrefix(out, "#6 ") {
		t.Errorf("text form: code %d\n%s", code, out)
	}
}

type statsOut struct {
	PDUs     int `json:"pdus"`
	Commands []struct {
		Command string `json:"command"`
		Count   int    `json:"count"`
	} `json:"commands"`
	ResponseTimes []struct {
		Command string `json:"command"`
		Count   int    `json:"count"`
	} `json:"response_times"`
}

func (s statsOut) counts() map[string]int {
	m := map[string]int{}
	for _, c := range s.Commands {
		m[c.Command] = c.Count
	}
	return m
}

// TestStatsFilter: stats --filter counts the matching PDUs alone.
func TestStatsFilter(t *testing.T) {
	path := writeStatsPcap(t)
	code, out, errs := runCmd(t, "", "stats", "--json", "--filter", "smpp.command_id == submit_sm || smpp.command_id == submit_sm_resp", path)
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	var r statsOut
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if c := r.counts(); r.PDUs != 5 || c["submit_sm"] != 3 || c["submit_sm_resp"] != 2 || c["deliver_sm"] != 0 {
		t.Errorf("stats --filter: %d PDUs, %v", r.PDUs, c)
	}
	code, _, errs = runCmd(t, "", "stats", "--filter", "smpp.command_id ==", path)
	if code != 2 || !strings.Contains(errs, "expected a value after ==") {
		t.Errorf("bad filter: code %d %s", code, errs)
	}
}

// TestReportFilterJournal: burst's journal, read by report --filter, reports on the
// matching PDUs; a burst JSON report with --filter is refused in words.
func TestReportFilterJournal(t *testing.T) {
	sendEnv(t)
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	addr := sendSim(t, smsc.Config{})
	code, out, errs := runBurstT(t, burstArgs(t, addr, "--count", "20", "--rate", "1000", "--to", "4477009{range:00000-00009}", "--text", "n {seq}", "--json")...)
	if code != 0 {
		t.Fatalf("burst: %d\n%s\n%s", code, out, errs)
	}
	files, _ := journal.Journals(filepath.Join(state, "smppconsole", "sessions"))
	if len(files) != 1 {
		t.Fatalf("journals %v", files)
	}
	code, rep, errs := runCmd(t, "", "report", "--json", "--filter", "smpp.command_id == submit_sm_resp && smpp.command_status == ESME_ROK", files[0].Path)
	if code != 0 {
		t.Fatalf("report: %d %s", code, errs)
	}
	var r statsOut
	if err := json.Unmarshal([]byte(rep), &r); err != nil {
		t.Fatalf("%v: %s", err, rep)
	}
	if c := r.counts(); r.PDUs != 20 || c["submit_sm_resp"] != 20 || len(c) != 1 {
		t.Errorf("report --filter over the journal: %d PDUs, %v", r.PDUs, c)
	}
	// Requests with their response times, by latency: every submit was answered.
	code, rep, errs = runCmd(t, "", "report", "--json", "--filter", "smpp.command_id == submit_sm && latency", files[0].Path)
	r = statsOut{}
	if err := json.Unmarshal([]byte(rep), &r); code != 0 || err != nil || r.counts()["submit_sm"] != 20 {
		t.Errorf("report --filter latency: %d %v %v %s", code, err, r.counts(), errs)
	}
	jsonRep := filepath.Join(t.TempDir(), "r.json")
	if err := os.WriteFile(jsonRep, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCmd(t, "", "report", "--filter", "dir == in", jsonRep)
	if code != 2 || !strings.Contains(errs, "a burst report holds only totals and histograms") {
		t.Errorf("--filter over a JSON report: %d %s", code, errs)
	}
	code, _, errs = runCmd(t, "", "report", jsonRep, files[0].Path)
	if code != 2 || !strings.Contains(errs, "not both") {
		t.Errorf("a JSON report and a journal: %d %s", code, errs)
	}
}
