package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/smsc"
)

func TestSendSubmitMultiUnsuccessPerAddress(t *testing.T) {
	sendEnv(t)
	rule, err := smsc.ParseRule("447700900999=ESME_RINVDSTADR")
	if err != nil {
		t.Fatal(err)
	}
	addr := sendSim(t, smsc.Config{Rules: []smsc.Rule{rule}})
	code, out, errs := runSendT(t, sendArgs(t, addr, "--op", "submit_multi", "--from", "MyBrand",
		"--to", "+447700900123", "--to", "+447700900124;+447700900999", "--text", "Hi all")...)
	if code != exitFailed || !regexp.MustCompile(`part 1/1  seq \d+  accepted  message_id \S+`).MatchString(out) ||
		!strings.Contains(out, "unsuccess_sme  447700900999 (ton 1, npi 1)  ESME_RINVDSTADR (0x0000000B)") ||
		strings.Contains(out, "unsuccess_sme  447700900123") || strings.Contains(out, "unsuccess_sme  447700900124") ||
		!strings.Contains(out, "failed: 1 of 1 part(s) accepted, 1 destination(s) refused (447700900999 ESME_RINVDSTADR") {
		t.Errorf("code %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	// --json: the list per address, with the status by number and name.
	code, out, _ = runSendT(t, sendArgs(t, addr, "--json", "--op", "submit_multi", "--to", "+447700900999;dl:staff;+447700900123", "--text", "Hi")...)
	resps := byEvent(jsonLines(t, out), "submit_multi_resp")
	if code != exitFailed || len(resps) != 1 || resps[0]["command"] != "submit_multi" {
		t.Fatalf("json: code %d\n%s", code, out)
	}
	us, _ := resps[0]["unsuccess_sme"].([]any)
	if len(us) != 2 {
		t.Fatalf("unsuccess_sme %v", resps[0])
	}
	first, _ := us[0].(map[string]any)
	second, _ := us[1].(map[string]any)
	if first["destination_addr"] != "447700900999" || first["status_name"] != "ESME_RINVDSTADR" || first["error_status_code"] != float64(0x0B) ||
		second["destination_addr"] != "staff" || second["status_name"] != "ESME_RINVDLNAME" {
		t.Errorf("unsuccess_sme %v", us)
	}
}

func TestSendSubmitMultiDryRun(t *testing.T) {
	sendEnv(t)
	code, out, errs := runSendT(t, "--dry-run", "--op", "submit_multi", "--to", "+447700900123", "--to", "+447700900124", "--to", "dl:staff", "--text", "Hi")
	if code != exitOK || !strings.Contains(out, "submit_multi") || !strings.Contains(out, "447700900124") || !strings.Contains(out, "staff") {
		t.Errorf("code %d\n%s\n%s", code, out, errs)
	}
}

func TestSendDataSMShowsRespTLVs(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{Limits: smsc.Limits{Congestion: true}})
	code, out, errs := runSendT(t, sendArgs(t, addr, "--op", "data_sm", "--from", "MyBrand", "--to", "+447700900123", "--text", "Hello data")...)
	if code != exitOK || !regexp.MustCompile(`part 1/1  seq \d+  accepted  message_id \S+`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^ +congestion_state  \d+`).MatchString(out) {
		t.Errorf("code %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	code, out, _ = runSendT(t, sendArgs(t, addr, "--json", "--op", "data_sm", "--to", "+447700900123", "--text", "Hello data")...)
	resps := byEvent(jsonLines(t, out), "data_sm_resp")
	if code != exitOK || len(resps) != 1 {
		t.Fatalf("json: code %d\n%s", code, out)
	}
	tlvs, _ := resps[0]["tlvs"].([]any)
	if len(tlvs) != 1 || tlvs[0].(map[string]any)["name"] != "congestion_state" || tlvs[0].(map[string]any)["tag"] != "0x0428" {
		t.Errorf("tlvs %v", resps[0])
	}
	// --dry-run: one data_sm, the text in message_payload.
	code, out, errs = runSendT(t, "--dry-run", "--op", "data_sm", "--to", "+447700900123", "--text", "Hello data")
	if code != exitOK || !strings.Contains(out, "data_sm") || !strings.Contains(out, "message_payload") {
		t.Errorf("dry run: code %d\n%s\n%s", code, out, errs)
	}
}

func TestSendOpBadInput(t *testing.T) {
	sendEnv(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--dry-run", "--op", "deliver_sm", "--to", "1", "--text", "x"}, `--op "deliver_sm": want submit_sm, data_sm or submit_multi`},
		{[]string{"--dry-run", "--to", "1", "--to", "2", "--text", "x"}, "--to: 2 destinations, but submit_sm takes one: give --op submit_multi"},
		{[]string{"--dry-run", "--op", "data_sm", "--to", "1;2", "--text", "x"}, "data_sm takes one"},
		{[]string{"--dry-run", "--op", "submit_multi", "--to", "1;dl:", "--text", "x"}, "--to:"},
	} {
		code, out, errs := runSendT(t, tc.args...)
		if code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: code %d\nstdout %q\nstderr %q\nwant %q", tc.args, code, out, errs, tc.want)
		}
	}
}

const rawEnquireLink = "00000010 00000015 00000000 00000001"

func TestSendRawRenumbered(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{})
	code, out, errs := runSendT(t, sendArgs(t, addr, "--raw", rawEnquireLink)...)
	m := regexp.MustCompile(`sent enquire_link  seq (\d+) \(renumbered from 1\)`).FindStringSubmatch(out)
	if code != exitOK || m == nil || !strings.Contains(out, "enquire_link_resp") ||
		!regexp.MustCompile(`sequence_number\s+`+m[1]+`\b`).MatchString(out) {
		t.Errorf("code %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

func TestSendRawKeepSeq(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{})
	// sequence_number 0x00012345, far from the session's own.
	code, out, errs := runSendT(t, sendArgs(t, addr, "--raw", "00000010000000150000000000012345", "--keep-seq")...)
	if code != exitOK || !strings.Contains(out, "sent enquire_link  seq 74565\n") || !strings.Contains(out, "enquire_link_resp") ||
		!regexp.MustCompile(`sequence_number\s+74565\b`).MatchString(out) {
		t.Errorf("code %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

// A PDU that breaks the rules goes only with --invalid-ok; the simulator answers an
// unknown command_id with generic_nack.
func TestSendRawInvalid(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{})
	const unknown = "00000010 00000099 00000000 00000001"
	code, out, errs := runSendT(t, sendArgs(t, addr, "--raw", unknown)...)
	if code != exitUsage || out != "" || !strings.Contains(errs, "the PDU breaks the rules") || !strings.Contains(errs, "give --invalid-ok to send it anyway") {
		t.Errorf("refused: code %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	code, out, errs = runSendT(t, sendArgs(t, addr, "--raw", unknown, "--invalid-ok")...)
	if code != exitFailed || !strings.Contains(errs, "sending it anyway") || !strings.Contains(out, "generic_nack") ||
		!strings.Contains(out, "failed: generic_nack ESME_RINVCMDID") {
		t.Errorf("sent anyway: code %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	// A query_sm whose message_id has no NUL: the dissector's error, and the SMSC's nack.
	const unterminated = "00000014 00000003 00000000 00000001 41414141"
	code, out, errs = runSendT(t, sendArgs(t, addr, "--raw", unterminated, "--invalid-ok")...)
	if code != exitFailed || !strings.Contains(errs, "the PDU breaks the rules: ") || !strings.Contains(out, "generic_nack") {
		t.Errorf("unterminated: code %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

func TestSendRawBadInput(t *testing.T) {
	sendEnv(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--host", "127.0.0.1", "--raw", "00 zz"}, `send: --raw: 'z' is not a hex digit`},
		{[]string{"--host", "127.0.0.1", "--raw", "000"}, "odd number of hex digits"},
		{[]string{"--host", "127.0.0.1", "--raw", "  "}, "--raw is empty"},
		{[]string{"--host", "127.0.0.1", "--raw", rawEnquireLink, "--to", "1"}, "--raw sends the PDU as given: leave out --to"},
		{[]string{"--host", "127.0.0.1", "--keep-seq", "--to", "1", "--text", "x"}, "--keep-seq and --invalid-ok go with --raw"},
		{[]string{"--host", "127.0.0.1", "--raw", "0000001000000015000000000000000", "--keep-seq"}, "odd number"},
		{[]string{"--host", "127.0.0.1", "--raw", "00000010000000150000000000000000", "--keep-seq"}, "sequence_number 0 is outside 1-0x7FFFFFFF"},
		{[]string{"--host", "127.0.0.1", "--raw", "0000"}, "only 2 octet(s)"},
	} {
		code, out, errs := runSendT(t, tc.args...)
		if code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: code %d\nstdout %q\nstderr %q\nwant %q", tc.args, code, out, errs, tc.want)
		}
	}
	// --dry-run shows the decode and the rules broken, and connects to nothing.
	code, out, _ := runSendT(t, "--dry-run", "--raw", "00000010 00000004 00000000 00000001")
	if code != exitFailed || !strings.Contains(out, "submit_sm") || !strings.Contains(out, "breaks the rules:") {
		t.Errorf("dry run: code %d\n%s", code, out)
	}
}

// The version asked for is what the bind carries, and what the SMSC answers is said,
// with what it means when they differ.
func TestSendInterfaceVersions(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{})
	for _, tc := range []struct {
		version string
		want    []string
	}{
		{"3.4", []string{"SMSC sc_interface_version 3.4 (asked for 3.4)"}},
		{"5.0", []string{"SMSC sc_interface_version 3.4 (asked for 5.0)", "SMSC speaks 3.4, the client asked for 5.0"}},
		{"3.3", []string{"SMSC sent no sc_interface_version (asked for 3.3)"}},
	} {
		code, out, errs := runSendT(t, sendArgs(t, addr, "--interface-version", tc.version, "--to", "+447700900123", "--text", "v")...)
		for _, w := range tc.want {
			if code != exitOK || !strings.Contains(errs, w) {
				t.Errorf("%s: code %d, no %q\nstdout:\n%s\nstderr:\n%s", tc.version, code, w, out, errs)
			}
		}
		if tc.version != "5.0" && strings.Contains(errs, "SMSC speaks") {
			t.Errorf("%s: a note where the versions agree:\n%s", tc.version, errs)
		}
		if strings.Count(errs, "SMSC speaks") > 1 {
			t.Errorf("%s: the note said twice:\n%s", tc.version, errs)
		}
	}
	code, _, errs := runSendT(t, sendArgs(t, addr, "--interface-version", "4.0", "--to", "1", "--text", "v")...)
	if code != exitUsage || !strings.Contains(errs, `--interface-version: interface version "4.0"`) {
		t.Errorf("bad version: code %d\n%s", code, errs)
	}
}

// The version matrix, headless: the client at 3.3, 3.4 and 5.0 against the simulator
// acting as each. What the SMSC answered is said after the bind; a mismatch is
// explained; congestion_state shows only where both speak 5.0.
func TestSendVersionMatrix(t *testing.T) {
	sendEnv(t)
	for _, server := range []string{"3.3", "3.4", "5.0"} {
		addr := sendSim(t, smsc.Config{InterfaceVersion: server})
		for _, client := range []string{"3.3", "3.4", "5.0"} {
			code, out, errs := runSendT(t, sendArgs(t, addr, "--interface-version", client, "--to", "+447700900123", "--text", "v")...)
			if code != exitOK {
				t.Errorf("server %s client %s: code %d\n%s\n%s", server, client, code, out, errs)
				continue
			}
			var sc string
			switch {
			case server == "3.3" || client == "3.3":
				sc = "SMSC sent no sc_interface_version (asked for " + client + ")"
			default:
				sc = "SMSC sc_interface_version " + server + " (asked for " + client + ")"
			}
			if !strings.Contains(errs, sc) {
				t.Errorf("server %s client %s: no %q in\n%s", server, client, sc, errs)
			}
			mismatch := client != "3.3" && server != client
			if got := strings.Contains(errs, "SMSC speaks"); got != mismatch {
				t.Errorf("server %s client %s: mismatch explained %v, want %v\n%s", server, client, got, mismatch, errs)
			}
			if got := strings.Contains(out, "congestion_state"); got != (server == "5.0" && client == "5.0") {
				t.Errorf("server %s client %s: congestion_state shown %v\n%s", server, client, got, out)
			}
		}
	}
	// A 3.3 SMSC has no data_sm: its generic_nack is the outcome.
	addr := sendSim(t, smsc.Config{InterfaceVersion: "3.3"})
	code, out, _ := runSendT(t, sendArgs(t, addr, "--op", "data_sm", "--to", "+447700900123", "--text", "v")...)
	if code != exitFailed || !strings.Contains(out, "rejected  ESME_RINVCMDID") {
		t.Errorf("data_sm to 3.3: code %d\n%s", code, out)
	}
}

// burst takes one --to template: a second is refused, not silently joined.
func TestBurstRefusesSeveralTo(t *testing.T) {
	sendEnv(t)
	code, out, errs := runOpT(t, "burst", "--host", "127.0.0.1", "--password", "p", "--count", "1", "--rate", "1", "--to", "1", "--to", "2", "--text", "x")
	if code != exitUsage || !strings.Contains(errs, "--to given more than once: burst takes one template") {
		t.Errorf("code %d\n%s\n%s", code, out, errs)
	}
}

// rawProblems reads any octets without panicking: every prefix of a real submit_sm,
// and the whole with each octet of its header changed, are checked; a cut one is
// always refused.
func TestRawProblemsAnyOctets(t *testing.T) {
	// send --dry-run --to +447700900123 --text Hello
	const hexPDU = "00000032000000040000000000000001000000000101343437373030393030313233000000000000000000000548656c6c6f"
	raw, err := readRawHex(hexPDU, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p := rawProblems(raw, true); len(p) != 0 {
		t.Fatalf("a good submit_sm refused: %q", p)
	}
	for n := 0; n < len(raw); n++ {
		if p := rawProblems(raw[:n], false); len(p) == 0 {
			t.Errorf("%d of %d octets taken as sound", n, len(raw))
		}
	}
	for i := 0; i < 16; i++ {
		for _, v := range []byte{0x00, 0x7F, 0x80, 0xFF} {
			b := append([]byte(nil), raw...)
			b[i] = v
			_ = rawProblems(b, true)
		}
	}
}
