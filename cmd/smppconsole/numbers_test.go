package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/smsc"
)

// dryJSON runs send --dry-run --json and returns the first PDU's object.
func dryJSON(t *testing.T, stdin string, args ...string) (code int, pdu map[string]any, stdout, stderr string) {
	t.Helper()
	sendEnv(t)
	code, stdout, stderr = runCmd(t, stdin, append([]string{"send", "--dry-run", "--json"}, args...)...)
	if code != exitOK {
		return code, nil, stdout, stderr
	}
	line, _, _ := strings.Cut(stdout, "\n")
	if err := json.Unmarshal([]byte(line), &pdu); err != nil {
		t.Fatalf("%v: not JSON: %q", args, stdout)
	}
	return code, pdu, stdout, stderr
}

func fieldsOf(pdu map[string]any) map[string]any { return pdu["fields"].(map[string]any) }

// Issue 8 items 1 and 2: the number goes on the wire without its prefix or formatting.
func TestSendDryRunAddresses(t *testing.T) {
	for _, tc := range []struct {
		flag, in string
		addr     string
		ton, npi float64
	}{
		{"--to", "00447700900123", "447700900123", 1, 1},
		{"--to", "+44 7700 900123", "447700900123", 1, 1},
		{"--to", "+44-7700-900123", "447700900123", 1, 1},
		{"--to", "(0044) 7700 900123", "447700900123", 1, 1},
		{"--to", "12345", "12345", 0, 1},
		{"--to", "abc,5,0", "abc", 5, 0},
		{"--from", "00447700900123", "447700900123", 1, 1},
		{"--from", "+44 7700 900123", "447700900123", 1, 1},
		{"--from", "MyBrand", "MyBrand", 5, 0},
	} {
		args := []string{"--text", "hi", tc.flag, tc.in}
		if tc.flag == "--from" {
			args = append(args, "--to", "447700900123")
		}
		code, pdu, _, errs := dryJSON(t, "", args...)
		if code != exitOK {
			t.Errorf("%s %q: exit %d: %s", tc.flag, tc.in, code, errs)
			continue
		}
		f := fieldsOf(pdu)
		prefix := "dest_addr"
		addrKey := "destination_addr"
		if tc.flag == "--from" {
			prefix, addrKey = "source_addr", "source_addr"
		}
		if f[addrKey] != tc.addr || f[prefix+"_ton"] != tc.ton || f[prefix+"_npi"] != tc.npi {
			t.Errorf("%s %q: %s %v TON %v NPI %v; want %q TON %v NPI %v", tc.flag, tc.in,
				addrKey, f[addrKey], f[prefix+"_ton"], f[prefix+"_npi"], tc.addr, tc.ton, tc.npi)
		}
	}
}

func TestSendRefusesAlphanumericDestination(t *testing.T) {
	sendEnv(t)
	code, out, errs := runCmd(t, "", "send", "--dry-run", "--to", "abc", "--text", "hi")
	if code != exitUsage || out != "" || !strings.Contains(errs, `--to: destination "abc" is not a phone number`) ||
		!strings.Contains(errs, "give TON 5 (alphanumeric) explicitly") || strings.Contains(errs, "alphanumeric sender") {
		t.Errorf("exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
}

// Issue 8 item 3: no text is a mistake unless asked for.
func TestSendText(t *testing.T) {
	sendEnv(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--to", "447700900123"}, "--text is required (--text - reads it from standard input)"},
		{[]string{"--to", "447700900123", "--text", ""}, "--text is empty: give --allow-empty"},
		{[]string{"--to", "447700900123", "--text", "-"}, "--text is empty"}, // empty stdin
	} {
		code, out, errs := runCmd(t, "", append([]string{"send", "--dry-run"}, tc.args...)...)
		if code != exitUsage || out != "" || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", tc.args, code, out, errs)
		}
	}
	// Without --dry-run it stops before connecting, too.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	if code, _, errs := runCmd(t, "", append([]string{"send", "--to", "447700900123"}, hostPort(t, closed)...)...); code != exitUsage || !strings.Contains(errs, "--text is required") {
		t.Errorf("connecting send without --text: exit %d %q", code, errs)
	}
	code, pdu, _, errs := dryJSON(t, "", "--to", "447700900123", "--text", "", "--allow-empty")
	if code != exitOK || fieldsOf(pdu)["sm_length"] != float64(0) {
		t.Errorf("--allow-empty: exit %d %v %s", code, pdu, errs)
	}
	code, pdu, _, errs = dryJSON(t, "Hello from stdin\n", "--to", "447700900123", "--text", "-")
	if code != exitOK || pdu["text"] != "Hello from stdin" {
		t.Errorf("--text -: exit %d %v %s", code, pdu, errs)
	}
}

// Issue 8 item 4: times are range-checked and may be typed in a friendly form; TLV
// sizes are checked.
func TestSendTimesAndTLVSizes(t *testing.T) {
	sendEnv(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--validity", "991332250000000+"}, "--validity: validity_period \"991332250000000+\": month (MM) 13 is out of range"},
		{[]string{"--schedule", "261125203000049+"}, "--schedule: schedule_delivery_time"},
		{[]string{"--validity", "000001000000001R"}, "ends in 000R"},
		{[]string{"--validity", "2026-12-24T18:00:00+05:20"}, "quarter hours"},
		{[]string{"--tlv", "user_message_reference=01"}, "--tlv: TLV \"user_message_reference=01\": user_message_reference (0x0204) is 2 octet(s), but 1 were given"},
		{[]string{"--tlv", "0x0017=01"}, "qos_time_to_live (0x0017) is 4 octet(s)"},
	} {
		code, out, errs := runCmd(t, "", append([]string{"send", "--dry-run", "--to", "447700900123", "--text", "x"}, tc.args...)...)
		if code != exitUsage || out != "" || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", tc.args, code, out, errs)
		}
	}
	code, pdu, _, errs := dryJSON(t, "", "--to", "447700900123", "--text", "x",
		"--validity", "+90m", "--schedule", "2026-12-24T18:00:00+01:00", "--tlv", "user_message_reference=0102")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if f := fieldsOf(pdu); f["validity_period"] != "000000013000000R" || f["schedule_delivery_time"] != "261224180000004+" {
		t.Errorf("fields %v", f)
	}
}

// Issue 8 item 15: an error is said once, on stderr; with --json, once, as the result.
func TestSendErrorsSaidOnce(t *testing.T) {
	sendEnv(t)
	code, out, errs := runCmd(t, "", "send", "--host", "127.0.0.1", "--to", "447700900123", "--text", "x", "--coding", "ebcdic")
	if code != exitUsage || out != "" || strings.Count(errs, "ebcdic") != 1 {
		t.Errorf("human: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	code, out, errs = runCmd(t, "", "send", "--dry-run", "--json", "--to", "abc", "--text", "x")
	res := byEvent(jsonLines(t, out), "result")
	if code != exitUsage || errs != "" || len(res) != 1 || res[0]["ok"] != false || res[0]["exit_code"] != float64(exitUsage) ||
		!strings.Contains(res[0]["summary"].(string), "not a phone number") {
		t.Errorf("json: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
}

// Issue 8 item 22: --password is warned about when it is used, by every command.
func TestPasswordFlagWarning(t *testing.T) {
	sendEnv(t)
	const warning = "warning: --password on the command line can be read by other users"
	_, _, errs := runCmd(t, "", "send", "--dry-run", "--password", "pw", "--to", "447700900123", "--text", "x")
	if !strings.Contains(errs, warning) || !strings.Contains(errs, "SMPP_PASSWORD") || strings.Contains(errs, "pw\n") {
		t.Errorf("send: %q", errs)
	}
	if _, _, errs := runCmd(t, "", "send", "--dry-run", "--to", "447700900123", "--text", "x"); strings.Contains(errs, warning) {
		t.Errorf("send without --password: %q", errs)
	}
	var stderr strings.Builder
	runTUI([]string{"--tls-ca", "/nonexistent.pem", "--host", "x", "--password", "p"}, &strings.Builder{}, &stderr)
	if !strings.Contains(stderr.String(), warning) {
		t.Errorf("TUI: %q", stderr.String())
	}
	stderr.Reset()
	runSimUntil(nil, []string{"--password", "pw", "--system-id", "this-system-id-is-far-too-long"}, &strings.Builder{}, &stderr)
	if !strings.Contains(stderr.String(), warning) || !strings.Contains(stderr.String(), "[sim]") {
		t.Errorf("sim: %q", stderr.String())
	}
}

func TestDebugFileIsPrivate(t *testing.T) {
	dir := t.TempDir()
	fresh := filepath.Join(dir, "new.log")
	old := filepath.Join(dir, "old.log")
	if err := os.WriteFile(old, []byte("before"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fresh, old} {
		f, err := openDebugFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		st, err := os.Stat(path)
		if err != nil || st.Mode().Perm() != 0o600 || st.Size() != 0 {
			t.Errorf("%s: %v %v size %d", path, err, st.Mode().Perm(), st.Size())
		}
	}
}

// Issue 8 item 14: the version, and the TUI's flags in the top-level help.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		code, out, errs := runCmd(t, "", args...)
		// Tests and .ci/run build without VCS stamps: the revision is unknown, not a crash.
		if code != 0 || !strings.HasPrefix(out, "smppconsole ") || !strings.Contains(out, "revision ") || errs != "" {
			t.Errorf("%v: exit %d %q %q", args, code, out, errs)
		}
	}
	info := &debug.BuildInfo{GoVersion: "go1.99", Main: debug.Module{Path: "github.com/smppconsole/smppconsole", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789abcdef"},
			{Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	if got := versionText(info, true); got != "smppconsole v1.2.3\nrevision 0123456789abcdef (2026-12-01T10:00:00Z), modified\nbuilt with go1.99\n" {
		t.Errorf("with VCS: %q", got)
	}
	info.Settings = nil
	if got := versionText(info, true); !strings.Contains(got, "revision unknown") {
		t.Errorf("without VCS: %q", got)
	}
	if got := versionText(nil, false); !strings.Contains(got, "revision unknown") {
		t.Errorf("without build info: %q", got)
	}
}

func TestTopLevelHelpListsTUIFlags(t *testing.T) {
	for _, arg := range []string{"--help", "-h", "help"} {
		code, out, _ := runCmd(t, "", arg)
		if code != 0 {
			t.Errorf("%s: exit %d", arg, code)
		}
		for _, flag := range []string{"-debug", "-log-size", "-show-secrets", "-profile", "-host", "-tls-ca", "-bind", "smppconsole version"} {
			if !strings.Contains(out, flag) {
				t.Errorf("%s: no %s in\n%s", arg, flag, out)
			}
		}
	}
}

// Issue 8 item 22: the bind in a pcap file has the same length whatever the password,
// and tshark still reads it as a well-formed bind.
func TestSendPcapMaskHasFixedLength(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{Accounts: []smsc.Account{{SystemID: "lab", Password: "pw"}, {SystemID: "lab8", Password: "12345678"}}})
	var binds []string
	for _, acct := range [][2]string{{"lab", "pw"}, {"lab8", "12345678"}} {
		path := filepath.Join(t.TempDir(), "send.pcap")
		t.Setenv("SMPP_PASSWORD", acct[1])
		args := append(hostPort(t, addr), "--system-id", acct[0], "--to", "447700900123", "--text", "x", "--pcap", path)
		if code, _, errs := runSendT(t, args...); code != exitOK {
			t.Fatalf("%s: exit %d: %s", acct[0], code, errs)
		}
		b, err := os.ReadFile(path)
		if err != nil || bytes.Contains(b, []byte(acct[1]+"\x00")) || !bytes.Contains(b, []byte("********\x00")) {
			t.Fatalf("%s: %v: password not masked", acct[0], err)
		}
		tshark, err := exec.LookPath("tshark")
		if err != nil {
			t.Skip("tshark not installed; the dissect test checks the mask's length")
		}
		out, err := exec.Command(tshark, "-r", path, "-d", "tcp.port=="+portOf(addr)+",smpp", "-Y", "smpp.command_id == 0x00000009 && !_ws.malformed && !_ws.expert.severity >= warning",
			"-T", "fields", "-e", "smpp.command_length", "-e", "smpp.password").Output()
		if err != nil || strings.Count(string(out), "\n") != 1 {
			t.Fatalf("%s: tshark: %v\n%s", acct[0], err, out)
		}
		binds = append(binds, strings.TrimSpace(string(out)))
	}
	// system_id differs by one octet; everything else must be equal.
	l0, _, _ := strings.Cut(binds[0], "\t")
	l1, _, _ := strings.Cut(binds[1], "\t")
	if n0, n1 := atoi(t, l0), atoi(t, l1); n1 != n0+1 || !strings.HasSuffix(binds[0], "\t********") || !strings.HasSuffix(binds[1], "\t********") {
		t.Fatalf("binds as tshark reads them: %q", binds)
	}
}

func portOf(addr string) string { _, p, _ := net.SplitHostPort(addr); return p }

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return n
}
