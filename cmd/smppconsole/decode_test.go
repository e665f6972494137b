package main

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/dissect"
)

func runCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const (
	queryPanic  = "00000018 00000003 00000000 00000001 00 000000 00000000"
	bindTRX     = "0000002a 00000009 00000000 00000001 736d7070636c69656e743100 70617373776f726400 00 34 00 00 00"
	badPassResp = "00000010 80000009 0000000e 00000001"
)

func TestDecodeHuman(t *testing.T) {
	code, out, _ := runCmd(t, "", "decode", badPassResp)
	if code != 0 || !strings.Contains(out, "bind_transceiver_resp") || !strings.Contains(out, "ESME_RINVPASWD (0x0000000E)") {
		t.Fatalf("code %d\n%s", code, out)
	}
}

func TestDecodeRedactsPassword(t *testing.T) {
	code, out, _ := runCmd(t, bindTRX, "decode")
	if code != 0 || strings.Contains(out, "password\x00") || strings.Contains(out, "70617373776f7264") || !strings.Contains(out, "********") {
		t.Fatalf("password not redacted (code %d):\n%s", code, out)
	}
	_, out, _ = runCmd(t, bindTRX, "decode", "--json")
	if strings.Contains(out, `"password":"password"`) {
		t.Fatalf("password in JSON: %s", out)
	}
	_, out, _ = runCmd(t, bindTRX, "decode", "--show-secrets")
	if !strings.Contains(out, "password") || strings.Contains(out, "********") {
		t.Fatalf("--show-secrets did not show it:\n%s", out)
	}
}

func TestDecodeJSONManyPDUs(t *testing.T) {
	code, out, _ := runCmd(t, "", "decode", "--json", badPassResp+" "+bindTRX)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 {
		t.Fatalf("code %d, %d lines:\n%s", code, len(lines), out)
	}
	var o map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &o); err != nil {
		t.Fatal(err)
	}
	if o["command"] != "bind_transceiver" || o["sequence_number"] != float64(1) || o["status_name"] != "ESME_ROK" {
		t.Fatalf("object %v", o)
	}
	f := o["fields"].(map[string]any)
	if f["system_id"] != "smppclient1" || f["password"] != "********" || f["interface_version"] != float64(0x34) {
		t.Fatalf("fields %v", f)
	}
}

// The SMPP-NOTES reproducers and damaged input: a clear message, never a panic.
func TestDecodeBadInput(t *testing.T) {
	cases := []struct {
		name, in string
		code     int
		says     string
	}{
		{"query_sm reproducer", queryPanic, 0, "gosmpp's codec cannot decode this PDU"},
		{"truncated", "00000018 00000003 00000000", 1, "fewer than a 16-octet header"},
		{"truncated body", "00000018 00000003 00000000 00000001 00", 1, "only 17 octet(s) are present"},
		{"odd hex", "0000001", 2, "odd number of hex digits"},
		{"not hex", "hello", 2, "not a hex digit"},
		{"empty", "", 2, "no hex digits"},
		{"length too small", "00000008 00000015 00000000 00000001", 1, "below the 16-octet header"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCmd(t, c.in, "decode")
			if code != c.code || !strings.Contains(out+errs, c.says) {
				t.Fatalf("code %d (want %d)\nstdout:\n%s\nstderr:\n%s", code, c.code, out, errs)
			}
		})
	}
}

func TestDecodeRandomBytes(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		b := make([]byte, rng.Intn(80))
		rng.Read(b)
		if rng.Intn(2) == 0 && len(b) >= 4 { // plausible length so framing gets further
			b[0], b[1], b[2], b[3] = 0, 0, 0, byte(len(b))
		}
		for _, js := range []bool{false, true} {
			args := []string{"decode", hexOf(b)}
			if js {
				args = append(args, "--json")
			}
			code, _, _ := runCmd(t, "", args...)
			if code < 0 || code > 2 {
				t.Fatalf("exit %d for %x", code, b)
			}
		}
	}
}

func hexOf(b []byte) string {
	const d = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b)+1)
	for _, c := range b {
		out = append(out, d[c>>4], d[c&15])
	}
	if len(out) == 0 {
		return "00"
	}
	return string(out)
}

func TestDryRunJSON(t *testing.T) {
	code, out, errs := runCmd(t, "", "send", "--dry-run", "--json", "--from", "MyBrand", "--to", "+447700900123",
		"--text", strings.Repeat("€", 100), "--split", "sar", "--dlr")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 { // 100 × '€' = 200 septets: two SAR parts of ≤160
		t.Fatalf("%d parts:\n%s", len(lines), out)
	}
	for i, l := range lines {
		var o map[string]any
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatal(err)
		}
		f := o["fields"].(map[string]any)
		if o["command"] != "submit_sm" || o["sequence_number"] != float64(i+1) || o["hex"] == nil ||
			f["registered_delivery"] != float64(1) || f["source_addr_ton"] != float64(5) || f["dest_addr_ton"] != float64(1) {
			t.Fatalf("part %d: %s", i+1, l)
		}
		tl := o["tlvs"].([]any)
		if len(tl) != 3 || tl[2].(map[string]any)["name"] != "sar_segment_seqnum" {
			t.Fatalf("part %d tlvs %v", i+1, tl)
		}
	}
}

func TestDryRunHumanAndErrors(t *testing.T) {
	code, out, _ := runCmd(t, "", "send", "--dry-run", "--to", "447700900123", "--text", "Hi 😀")
	if code != 0 || !strings.Contains(out, "coding ucs2") || !strings.Contains(out, "UCS2 because of '😀'") || !strings.Contains(out, "submit_sm") {
		t.Fatalf("code %d\n%s", code, out)
	}
	for _, args := range [][]string{
		{"--text", "x"},                                  // no --to
		{"--to", "1", "--coding", "klingon"},             // bad coding
		{"--to", "1", "--split", "zip"},                  // bad split
		{"--to", "1", "--coding", "gsm7", "--text", "ł"}, // unrepresentable
		{"--to", "1", "--tlv", "nope"},                   // bad TLV
	} {
		code, _, errs := runCmd(t, "", append([]string{"send", "--dry-run"}, args...)...)
		if code != 2 || errs == "" {
			t.Errorf("%v: code %d, stderr %q", args, code, errs)
		}
	}
}

func TestDryRunPcapReadByTshark(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dry.pcap")
	code, _, errs := runCmd(t, "", "send", "--dry-run", "--to", "447700900123", "--text", strings.Repeat("ab€", 80), "--pcap", path)
	if code != 0 {
		t.Fatal(errs)
	}
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark not installed; the capture package's test covers the file format")
	}
	out, err := exec.Command(tshark, "-r", path, "-d", "tcp.port==2775,smpp", "-Y", "smpp && !_ws.malformed", "-T", "fields", "-e", "smpp.command_id").Output()
	if err != nil || strings.Count(string(out), "0x00000004") != 3 {
		t.Fatalf("tshark: %v\n%s", err, out)
	}
}

func TestRunDispatch(t *testing.T) {
	if code, out, _ := runCmd(t, "", "help"); code != 0 || !strings.Contains(out, "smppconsole decode") {
		t.Errorf("help: %d %q", code, out)
	}
	if code, _, errs := runCmd(t, "", "frobnicate"); code != 2 || !strings.Contains(errs, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %d %q", code, errs)
	}
	// The usage's own example must decode cleanly.
	if code, out, _ := runCmd(t, "", "decode", "00000010800000090000000e00000001"); code != 0 || !strings.Contains(out, "ESME_RINVPASWD") {
		t.Errorf("usage example: %d %q", code, out)
	}
}

// decode --pcap writes the bind with its password masked (fixed length, command_length
// fixed up), and as given with --show-secrets.
func TestDecodePcapRedactsPassword(t *testing.T) {
	dir := t.TempDir()
	masked, clear := filepath.Join(dir, "masked.pcap"), filepath.Join(dir, "clear.pcap")
	if code, _, errs := runCmd(t, bindTRX, "decode", "--pcap", masked); code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	if code, _, errs := runCmd(t, bindTRX, "decode", "--show-secrets", "--pcap", clear); code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	m, err := os.ReadFile(masked)
	if err != nil {
		t.Fatal(err)
	}
	c, err := os.ReadFile(clear)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(m, []byte("password\x00")) || !bytes.Contains(m, []byte("\x00\x00\x00\x2a\x00\x00\x00\x09")) ||
		!bytes.Contains(m, []byte("smppclient1\x00********\x00")) {
		t.Errorf("masked pcap holds the password or a wrong bind:\n%q", m)
	}
	if !bytes.Contains(c, []byte("smppclient1\x00password\x00")) {
		t.Errorf("--show-secrets pcap lacks the password:\n%q", c)
	}
}

// decode --json prints dissect.JSONObject, the function the console's export (w) uses
// too, so both write the same objects; gosmpp's note included.
func TestDecodeJSONIsTheSharedObject(t *testing.T) {
	for _, h := range []string{bindTRX, badPassResp, queryPanic} {
		_, out, _ := runCmd(t, "", "decode", "--json", h)
		raw, err := dissect.ParseHex(h)
		if err != nil {
			t.Fatal(err)
		}
		obj, _ := dissect.JSONObject(raw, dissect.Options{})
		want, _ := json.Marshal(obj)
		var a, b any
		if err := json.Unmarshal([]byte(out), &a); err != nil {
			t.Fatalf("%s: %v\n%s", h, err, out)
		}
		_ = json.Unmarshal(want, &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s:\n got %s\nwant %s", h, out, want)
		}
	}
}
