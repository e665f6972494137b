package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smsc"
)

func runOpT(t *testing.T, cmd string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{cmd}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// submitted sends one message from MyBrand and returns its message_id.
func submitted(t *testing.T, addr string, extra ...string) string {
	t.Helper()
	args := sendArgs(t, addr, append([]string{"--json", "--from", "MyBrand", "--to", "+447700900123", "--text", "Hello"}, extra...)...)
	code, out, errs := runSendT(t, args...)
	resps := byEvent(jsonLines(t, out), "submit_sm_resp")
	if code != exitOK || len(resps) != 1 {
		t.Fatalf("send: code %d\n%s\n%s", code, out, errs)
	}
	id, _ := resps[0]["message_id"].(string)
	if id == "" {
		t.Fatalf("no message_id: %s", out)
	}
	return id
}

func TestQueryAfterSendShowsState(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{})
	id := submitted(t, addr)
	code, out, errs := runOpT(t, "query", sendArgs(t, addr, "--id", id, "--from", "MyBrand")...)
	if code != exitOK || !regexp.MustCompile(`query_sm_resp  seq \d+  ESME_ROK \(0x00000000\)`).MatchString(out) ||
		!strings.Contains(out, "message_id     "+id+"\n") || !strings.Contains(out, "message_state  DELIVERED (2)") ||
		!regexp.MustCompile(`final_date     \d{15}\+ \(20\d\d-\d\d-\d\d \d\d:\d\d:\d\d\.\d UTC\+00:00\)`).MatchString(out) ||
		!strings.Contains(out, "error_code     0") || !strings.Contains(errs, "SMSC sc_interface_version 3.4 (asked for 3.4)") {
		t.Errorf("code %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	// An id the SMSC does not know: the status by name, and exit 1.
	code, out, _ = runOpT(t, "query", sendArgs(t, addr, "--id", "999999", "--from", "MyBrand")...)
	if code != exitFailed || !strings.Contains(out, "failed: query_sm_resp ESME_RINVMSGID") || strings.Contains(out, "message_state") {
		t.Errorf("unknown id: code %d\n%s", code, out)
	}
}

func TestCancelThenQueryShowsDeleted(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{ReceiptDelay: 30 * time.Minute}) // still ENROUTE, so it can be cancelled
	id := submitted(t, addr)
	code, out, errs := runOpT(t, "query", sendArgs(t, addr, "--id", id, "--from", "MyBrand")...)
	if code != exitOK || !strings.Contains(out, "message_state  ENROUTE (1)") || !strings.Contains(out, "final_date     (none: not final yet)") {
		t.Fatalf("before: code %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runOpT(t, "cancel", sendArgs(t, addr, "--id", id, "--from", "MyBrand", "--to", "+447700900123")...)
	if code != exitOK || !regexp.MustCompile(`cancel_sm_resp  seq \d+  ESME_ROK`).MatchString(out) {
		t.Fatalf("cancel: code %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runOpT(t, "query", sendArgs(t, addr, "--id", id, "--from", "MyBrand")...)
	if code != exitOK || !strings.Contains(out, "message_state  DELETED (4)") {
		t.Errorf("after: code %d\n%s\n%s", code, out, errs)
	}
	// Cancelled already: the SMSC's refusal by name.
	code, out, _ = runOpT(t, "cancel", sendArgs(t, addr, "--id", id, "--from", "MyBrand")...)
	if code != exitFailed || !strings.Contains(out, "failed: cancel_sm_resp ESME_RCANCELFAIL") {
		t.Errorf("again: code %d\n%s", code, out)
	}
}

func TestReplace(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{ReceiptDelay: 30 * time.Minute})
	id := submitted(t, addr)
	code, out, errs := runOpT(t, "replace", sendArgs(t, addr, "--id", id, "--from", "MyBrand", "--text", "Hello again",
		"--validity", "2h", "--registered-delivery", "1")...)
	if code != exitOK || !regexp.MustCompile(`replace_sm_resp  seq \d+  ESME_ROK`).MatchString(out) {
		t.Errorf("code %d\n%s\n%s", code, out, errs)
	}
	// --dry-run shows the PDU, with the new text, and connects to nothing.
	code, out, errs = runOpT(t, "replace", "--dry-run", "--id", id, "--text", "Hello again", "--registered-delivery", "1")
	if code != exitOK || !strings.Contains(out, "(replace_sm)") || !strings.Contains(out, "short_message            48656c6c6f20616761696e") ||
		!strings.Contains(out, "message_id               "+id) {
		t.Errorf("dry run: code %d\n%s\n%s", code, out, errs)
	}
}

func TestReplaceDeliveredRefused(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{})
	id := submitted(t, addr)
	code, out, errs := runOpT(t, "replace", sendArgs(t, addr, "--id", id, "--from", "MyBrand", "--text", "late")...)
	if code != exitFailed || !strings.Contains(out, "failed: replace_sm_resp ESME_RREPLACEFAIL") {
		t.Errorf("code %d\n%s\n%s", code, out, errs)
	}
}

func TestOpsBadInput(t *testing.T) {
	sendEnv(t)
	for _, tc := range []struct {
		cmd  string
		args []string
		want string
	}{
		{"query", []string{"--host", "127.0.0.1"}, "query: --id is required"},
		{"cancel", []string{"--host", "127.0.0.1"}, "cancel: --id is required"},
		{"replace", []string{"--host", "127.0.0.1", "--id", "1"}, "replace: --text is required"},
		{"replace", []string{"--host", "127.0.0.1", "--id", "1", "--text", strings.Repeat("x", 300)}, "254"},
		{"query", []string{"--host", "127.0.0.1", "--id", "1", "--interface-version", "3.5"}, `query: --interface-version: interface version "3.5"`},
		{"query", []string{"--host", "127.0.0.1", "--id", "1", "--from", "way too long an alphanumeric"}, "query: --from:"},
		{"query", []string{"--id", "1"}, "query: no SMSC to connect to"},
		{"query", []string{"--host", "127.0.0.1", "--id", "1", "stray"}, `query: unexpected argument "stray"`},
		{"query", []string{"--host", "127.0.0.1", "--id", strings.Repeat("9", 70)}, "query: "},
	} {
		code, out, errs := runOpT(t, tc.cmd, tc.args...)
		if code != exitUsage || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("%s %q: code %d\nstdout %q\nstderr %q\nwant %q", tc.cmd, tc.args, code, out, errs, tc.want)
		}
	}
}

func TestOpsHelpListsFlags(t *testing.T) {
	for _, tc := range []struct {
		cmd  string
		want []string
	}{
		{"query", []string{"--id", "-from", "-interface-version", "-resp-timeout", "-dry-run"}},
		{"cancel", []string{"-to", "-service-type"}},
		{"replace", []string{"-text", "-validity", "-schedule", "-registered-delivery", "-coding"}},
		{"send", []string{"-op", "-raw", "-keep-seq", "-invalid-ok", "-interface-version"}},
	} {
		code, _, errs := runOpT(t, tc.cmd, "--help")
		for _, w := range tc.want {
			if code != exitOK || !strings.Contains(errs, w) {
				t.Errorf("%s --help: code %d, no %q in\n%s", tc.cmd, code, w, errs)
			}
		}
	}
	var out bytes.Buffer
	printUsage(&out)
	for _, w := range []string{"smppconsole query --id", "smppconsole cancel --id", "smppconsole replace --id", "--op data_sm|submit_multi", "--raw HEX", "-listen-outbind", "-interface-version"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("top-level help has no %q", w)
		}
	}
}

// No answer within --resp-timeout: exit 4, said in words.
func TestQueryTimesOut(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{Faults: smsc.Faults{ResponseDelay: 3 * time.Second}})
	code, out, errs := runOpT(t, "query", sendArgs(t, addr, "--id", "1", "--resp-timeout", "200ms")...)
	if code != exitTimeout || !strings.Contains(errs, "query: query_sm seq") || !strings.Contains(errs, "no response within the response timeout") {
		t.Errorf("code %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

func TestQueryJSON(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{ReceiptDelay: 30 * time.Minute})
	id := submitted(t, addr)
	code, out, errs := runOpT(t, "query", sendArgs(t, addr, "--json", "--id", id, "--from", "MyBrand")...)
	lines := jsonLines(t, out)
	resp, res := byEvent(lines, "query_sm_resp"), byEvent(lines, "result")
	if code != exitOK || len(resp) != 1 || len(res) != 1 || strings.Contains(errs, "connecting") {
		t.Fatalf("code %d\n%s\n%s", code, out, errs)
	}
	r := resp[0]
	if r["message_id"] != id || r["message_state"] != float64(1) || r["message_state_name"] != "ENROUTE" || r["final_date"] != "" ||
		r["error_code"] != float64(0) || r["status_name"] != "ESME_ROK" || res[0]["ok"] != true {
		t.Errorf("%v %v", r, res[0])
	}
	code, out, _ = runOpT(t, "query", sendArgs(t, addr, "--json", "--id", "424242")...)
	res = byEvent(jsonLines(t, out), "result")
	if code != exitFailed || len(res) != 1 || res[0]["ok"] != false || !strings.Contains(res[0]["summary"].(string), "ESME_RINVMSGID") {
		t.Errorf("unknown id: code %d\n%s", code, out)
	}
	// A usage error is the result object too, where a program looks.
	code, out, _ = runOpT(t, "query", "--json", "--host", "127.0.0.1")
	res = byEvent(jsonLines(t, out), "result")
	if code != exitUsage || len(res) != 1 || !strings.Contains(res[0]["summary"].(string), "--id is required") {
		t.Errorf("usage: code %d\n%s", code, out)
	}
}
