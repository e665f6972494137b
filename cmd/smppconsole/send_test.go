package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

// sendEnv isolates a test from the operator's own configuration and environment.
func sendEnv(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, k := range []string{"SMPP_HOST", "SMPP_PORT", "SMPP_SYSTEM_ID", "SMPP_PASSWORD"} {
		t.Setenv(k, "")
	}
}

func sendSim(t *testing.T, cfg smsc.Config) string {
	t.Helper()
	cfg.Listen = "127.0.0.1:0"
	srv, err := smsc.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return srv.Addr().String()
}

func hostPort(t *testing.T, addr string) []string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	return []string{"--host", host, "--port", port}
}

func runSendT(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runSend(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// jsonLines decodes --json output, one object per line.
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %q: %v", l, err)
		}
		if _, ok := m["event"]; !ok {
			t.Errorf("no event key: %q", l)
		}
		lines = append(lines, m)
	}
	return lines
}

func byEvent(lines []map[string]any, event string) []map[string]any {
	var out []map[string]any
	for _, l := range lines {
		if l["event"] == event {
			out = append(out, l)
		}
	}
	return out
}

var simCreds = []string{"--system-id", smsc.DefaultSystemID, "--password", smsc.DefaultPassword}

func sendArgs(t *testing.T, addr string, extra ...string) []string {
	args := append(hostPort(t, addr), simCreds...)
	return append(args, extra...)
}

func TestSendAcceptedHuman(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{})
	code, out, errs := runSendT(t, sendArgs(t, addr, "--from", "MyBrand", "--to", "+447700900123", "--text", "Hello €")...)
	// The sequence number is 2 or 3: the first enquire_link may go before the submit.
	if code != exitOK || !regexp.MustCompile(`part 1/1  seq [23]  accepted  message_id `).MatchString(out) || !strings.Contains(out, " ms)") ||
		!strings.Contains(out, "ok: 1 of 1 part(s) accepted") {
		t.Errorf("code %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if !strings.Contains(errs, "bound (trx): bind_transceiver_resp ESME_ROK") {
		t.Errorf("stderr:\n%s", errs)
	}
}

func TestSendLongMessageJSONWithReceipts(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{})
	for _, split := range []string{"udh", "udh16", "sar", "payload"} {
		for _, text := range []string{strings.Repeat("€[]{} GSM7 ", 30), strings.Repeat("Привет 😀 ", 25)} {
			code, out, errs := runSendT(t, sendArgs(t, addr, "--to", "447700900123", "--text", text, "--split", split,
				"--wait-dlr", "5s", "--json")...)
			lines := jsonLines(t, out)
			resps, rcpts, res := byEvent(lines, "submit_sm_resp"), byEvent(lines, "receipt"), byEvent(lines, "result")
			if code != exitOK || len(res) != 1 || res[0]["ok"] != true || lines[len(lines)-1]["event"] != "result" {
				t.Fatalf("%s: code %d\n%s\n%s", split, code, out, errs)
			}
			parts := int(resps[0]["parts"].(float64))
			if len(resps) != parts || len(rcpts) != parts || (split != "payload" && parts < 2) {
				t.Errorf("%s: %d parts, %d responses, %d receipts", split, parts, len(resps), len(rcpts))
			}
			for i, r := range resps {
				if int(r["part"].(float64)) != i+1 || r["command_status"].(float64) != 0 || r["status_name"] != "ESME_ROK" ||
					r["message_id"] == "" || r["sequence_number"].(float64) < 2 || r["latency_ms"] == nil {
					t.Errorf("%s: submit_sm_resp %v", split, r)
				}
			}
			for _, r := range rcpts {
				if r["stat"] != "DELIVRD" || r["err"] != "000" || r["part"].(float64) < 1 || r["latency_ms"] == nil || r["message_id"] == "" {
					t.Errorf("%s: receipt %v", split, r)
				}
			}
		}
	}
}

func TestSendHexResponseDecimalReceipt(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{MessageID: smsc.IDHex, ReceiptID: smsc.IDDecimal})
	code, out, errs := runSendT(t, sendArgs(t, addr, "--to", "447700900123", "--text", "hex", "--wait-dlr", "5s", "--json")...)
	lines := jsonLines(t, out)
	if code != exitOK {
		t.Fatalf("code %d\n%s\n%s", code, out, errs)
	}
	resp, rc := byEvent(lines, "submit_sm_resp")[0], byEvent(lines, "receipt")[0]
	id := resp["message_id"].(string)
	var v uint64
	if _, err := fmt.Sscanf(id, "%X", &v); err != nil || rc["text_id"] != fmt.Sprint(v) || rc["submit_message_id"] != id {
		t.Errorf("submit id %q, receipt %v", id, rc)
	}
}

// An SMSC that sends no receipted_message_id (Net::SMPP, many 3.4 SMSCs) names the part
// only in the text, in decimal: the receipt line must still show the id the
// submit_sm_resp gave, so that output can be joined on it.
func TestSendReceiptShowsSubmitIDWithoutTLV(t *testing.T) {
	r, ok := receipt.Parse("id:1578056225 sub:001 dlvrd:001 submit date:2611252136 done date:2611252136 stat:DELIVRD err:000 text:", receipt.TLVs{})
	if !ok {
		t.Fatal("receipt did not parse")
	}
	e := smppclient.ReceiptEvent{Receipt: r, Matched: true, Part: 1, SubmitID: "5E0F3A21", SinceSubmit: time.Millisecond}
	var js, human bytes.Buffer
	newSendOutput(true, &js, io.Discard).receipt(e, 1)
	newSendOutput(false, &human, io.Discard).receipt(e, 1)
	lines := jsonLines(t, js.String())
	if len(lines) != 1 || lines[0]["message_id"] != "1578056225" || lines[0]["submit_message_id"] != "5E0F3A21" {
		t.Errorf("json %s", js.String())
	}
	if !strings.Contains(human.String(), "message_id 1578056225 (submit_sm_resp id 5E0F3A21)") {
		t.Errorf("human %s", human.String())
	}
}

func TestSendTxRxPair(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{})
	code, out, errs := runSendT(t, sendArgs(t, addr, "--bind", "tx+rx", "--to", "447700900123", "--text", "pair", "--wait-dlr", "5s")...)
	if code != exitOK || !strings.Contains(out, "stat DELIVRD  err 000") || !strings.Contains(errs, "bound (tx)") || !strings.Contains(errs, "bound (rx)") {
		t.Errorf("code %d\n%s\n%s", code, out, errs)
	}
}

func TestSendRejected(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{Rules: []smsc.Rule{{Prefix: "4479", Status: smsc.Status(wire.StatusInvDstAdr)}}})
	code, out, _ := runSendT(t, sendArgs(t, addr, "--to", "447900000000", "--text", "x", "--json")...)
	lines := jsonLines(t, out)
	r := byEvent(lines, "submit_sm_resp")[0]
	if code != exitFailed || r["status_name"] != "ESME_RINVDSTADR" || r["command_status"].(float64) != 0x0B || r["outcome"] != "rejected" {
		t.Errorf("code %d\n%s", code, out)
	}
	if res := byEvent(lines, "result")[0]; res["ok"] != false || !strings.Contains(res["summary"].(string), "ESME_RINVDSTADR (0x0000000B)") {
		t.Errorf("result %v", res)
	}
}

func TestSendNotDelivered(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{Rules: []smsc.Rule{{Prefix: "4479", Stat: "UNDELIV", Err: 1}}})
	code, out, _ := runSendT(t, sendArgs(t, addr, "--to", "447900000000", "--text", "x", "--wait-dlr", "5s")...)
	if code != exitFailed || !strings.Contains(out, "stat UNDELIV") || !strings.Contains(out, "1 not delivered") {
		t.Errorf("code %d\n%s", code, out)
	}
}

func TestSendWrongPassword(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{})
	args := append(hostPort(t, addr), "--system-id", smsc.DefaultSystemID, "--password", "wrong", "--to", "447700900123", "--text", "x", "--json")
	code, out, errs := runSendT(t, args...)
	// With --json the error is in the result object only: said once.
	if code != exitConnect || strings.Contains(errs, "ESME_RINVPASWD") {
		t.Errorf("code %d\n%s\n%s", code, out, errs)
	}
	res := byEvent(jsonLines(t, out), "result")
	if len(res) != 1 || !strings.Contains(res[0]["summary"].(string), "bind_transceiver_resp ESME_RINVPASWD (0x0000000E)") {
		t.Errorf("result %v", res)
	}
}

func TestSendConnectRefused(t *testing.T) {
	sendEnv(t)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	code, out, errs := runSendT(t, sendArgs(t, addr, "--to", "447700900123", "--text", "x")...)
	// The error is said once, on stderr (it used to be repeated on stdout as "failed:").
	if code != exitConnect || strings.Count(errs, "connection refused") != 1 || out != "" {
		t.Errorf("code %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

func TestSendResponseTimeout(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{Faults: smsc.Faults{NoSubmitResponse: true}})
	start := time.Now()
	code, out, errs := runSendT(t, sendArgs(t, addr, "--to", "447700900123", "--text", "x", "--resp-timeout", "200ms", "--json")...)
	r := byEvent(jsonLines(t, out), "submit_sm_resp")
	if code != exitTimeout || len(r) != 1 || r[0]["outcome"] != "timed out" || r[0]["command_status"] != nil {
		t.Errorf("code %d\n%s\n%s", code, out, errs)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %s", took)
	}
}

// TestSendSlowSMSCTimesOut: against an SMSC that answers everything late, a short
// --resp-timeout times the submit_sm out (exit 4). The first enquire_link once shared
// it, so the link was declared dead first and send exited 3.
func TestSendSlowSMSCTimesOut(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{Faults: smsc.Faults{ResponseDelay: 600 * time.Millisecond}})
	code, out, errs := runSendT(t, sendArgs(t, addr, "--to", "447700900123", "--text", "x", "--resp-timeout", "200ms", "--enquire-timeout", "5s")...)
	if code != exitTimeout {
		t.Errorf("code %d, want %d\n%s\n%s", code, exitTimeout, out, errs)
	}
	if code, _, errs := runSendT(t, sendArgs(t, addr, "--to", "447700900123", "--text", "x", "--enquire-timeout", "0s")...); code != exitUsage || !strings.Contains(errs, "--enquire-timeout") {
		t.Errorf("--enquire-timeout 0s: code %d\n%s", code, errs)
	}
}

func TestSendReceiptsMissing(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{Rules: []smsc.Rule{{Stat: "NONE"}}})
	code, out, _ := runSendT(t, sendArgs(t, addr, "--to", "447700900123", "--text", "x", "--wait-dlr", "300ms")...)
	if code != exitTimeout || !strings.Contains(out, "1 receipt(s) missing after 300ms") {
		t.Errorf("code %d\n%s", code, out)
	}
}

func TestSendUsageErrors(t *testing.T) {
	sendEnv(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	_ = os.WriteFile(bad, []byte("[profiles.a]\nhost = \"127.0.0.1\"\nwindw = 3\n"), 0o600)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--host", "127.0.0.1", "--text", "x"}, "--to is required"},
		{[]string{"--host", "127.0.0.1", "--to", "447700900123", "--bind", "trxx"}, "--bind: unknown bind type"},
		{[]string{"--to", "447700900123"}, "no SMSC to connect to"},
		{[]string{"--config", bad, "--to", "447700900123"}, bad + ":3: unknown key \"profiles.a.windw\""},
		{[]string{"--config", filepath.Join(dir, "none.toml"), "--to", "1"}, "none.toml"},
		{[]string{"--profile", "nope", "--to", "447700900123"}, `no profile "nope"`},
		{[]string{"--host", "h", "--to", "447700900123", "--coding", "ebcdic"}, "--coding"},
		{[]string{"--host", "h", "--to", "447700900123", "extra"}, "unexpected argument"},
		{[]string{"--nope"}, "flag provided but not defined"},
	} {
		code, _, errs := runSendT(t, tc.args...)
		if code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: code %d, stderr:\n%s", tc.args, code, errs)
		}
	}
}

func TestSendDryRunDoesNotConnect(t *testing.T) {
	sendEnv(t)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	accepted := make(chan struct{}, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			accepted <- struct{}{}
			c.Close()
		}
	}()
	code, out, errs := runSendT(t, sendArgs(t, ln.Addr().String(), "--to", "447700900123", "--text", "dry", "--dry-run")...)
	if code != exitOK || !strings.Contains(out, "submit_sm") {
		t.Errorf("code %d\n%s\n%s", code, out, errs)
	}
	select {
	case <-accepted:
		t.Error("--dry-run connected")
	default:
	}
}

func TestSendProfileEnvironmentAndFlags(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{})
	host, port, _ := net.SplitHostPort(addr)
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	text := fmt.Sprintf(`
default_profile = "sim"
[profiles.sim]
host = %q
port = %s
system_id = %q
password = "wrong-in-file"
[profiles.sim.message]
source = "FromProfile"
registered_delivery = 1
`, host, port, smsc.DefaultSystemID)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	// The profile's password is wrong: bind refused, and a warning about the mode.
	code, _, errs := runSendT(t, "--config", path, "--to", "447700900123", "--text", "x")
	if code != exitConnect || !strings.Contains(errs, "ESME_RINVPASWD") || !strings.Contains(errs, "chmod 600") {
		t.Errorf("profile password: code %d\n%s", code, errs)
	}
	// SMPP_PASSWORD beats the profile.
	t.Setenv("SMPP_PASSWORD", smsc.DefaultPassword)
	code, out, errs := runSendT(t, "--config", path, "--to", "447700900123", "--text", "x", "--json")
	if code != exitOK {
		t.Errorf("env password: code %d\n%s\n%s", code, out, errs)
	}
	// A flag beats the environment.
	code, _, errs = runSendT(t, "--config", path, "--password", "wrong-flag", "--to", "447700900123", "--text", "x")
	if code != exitConnect || !strings.Contains(errs, "ESME_RINVPASWD") {
		t.Errorf("flag password: code %d\n%s", code, errs)
	}
	// The profile's source address is used in the PDU.
	code, out, _ = runSendT(t, "--config", path, "--to", "447700900123", "--text", "x", "--dry-run")
	if code != exitOK || !strings.Contains(out, "FromProfile") {
		t.Errorf("profile source: code %d\n%s", code, out)
	}
	code, out, _ = runSendT(t, "--config", path, "--from", "FromFlag", "--to", "447700900123", "--text", "x", "--dry-run")
	if code != exitOK || !strings.Contains(out, "FromFlag") || strings.Contains(out, "FromProfile") {
		t.Errorf("flag source: code %d\n%s", code, out)
	}
	// --host alone does not borrow the default profile's credentials.
	t.Setenv("SMPP_PASSWORD", "")
	code, _, errs = runSendT(t, "--config", path, "--host", host, "--port", port, "--to", "447700900123", "--text", "x")
	if code != exitConnect || !strings.Contains(errs, "ESME_RINV") {
		t.Errorf("host without profile: code %d\n%s", code, errs)
	}
}

func TestSendTLS(t *testing.T) {
	sendEnv(t)
	caFile, serverCert := testCA(t)
	srv, err := smsc.New(smsc.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = srv.Serve(tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{serverCert}, MinVersion: tls.VersionTLS12}))
	}()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	addr := ln.Addr().String()
	code, out, errs := runSendT(t, sendArgs(t, addr, "--tls-ca", caFile, "--to", "447700900123", "--text", "tls", "--wait-dlr", "5s")...)
	if code != exitOK || !strings.Contains(errs, "over TLS") || strings.Contains(errs, "warning: TLS") {
		t.Errorf("verified: code %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runSendT(t, sendArgs(t, addr, "--tls", "--to", "447700900123", "--text", "tls")...)
	if code != exitConnect || !strings.Contains(errs, "certificate") {
		t.Errorf("system roots: code %d\n%s\n%s", code, out, errs)
	}
	code, _, errs = runSendT(t, sendArgs(t, addr, "--tls-insecure", "--to", "447700900123", "--text", "tls")...)
	if code != exitOK || !strings.Contains(errs, "warning: TLS certificate verification is off") {
		t.Errorf("insecure: code %d\n%s", code, errs)
	}
}

func TestSendPcapRedactsPassword(t *testing.T) {
	sendEnv(t)
	addr := sendSim(t, smsc.Config{})
	path := filepath.Join(t.TempDir(), "send.pcap")
	code, _, errs := runSendT(t, sendArgs(t, addr, "--to", "447700900123", "--text", "pcap", "--pcap", path)...)
	b, err := os.ReadFile(path)
	if code != exitOK || err != nil || len(b) < 100 {
		t.Fatalf("code %d, %v\n%s", code, err, errs)
	}
	if bytes.Contains(b, []byte(smsc.DefaultPassword+"\x00")) {
		t.Error("the bind password is in the pcap")
	}
	if !bytes.Contains(b, []byte("pcap")) || !bytes.Contains(b, []byte(smsc.DefaultSystemID)) {
		t.Error("the PDUs are not in the pcap")
	}
}

// testCA writes a CA certificate and returns its file and a server certificate for
// 127.0.0.1 signed by it.
func testCA(t *testing.T) (string, tls.Certificate) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "send test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	cert, err := tls.X509KeyPair(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, cert
}

func TestSendConnectionEndsWhileWaitingForReceipts(t *testing.T) {
	sendEnv(t)
	srv, err := smsc.New(smsc.Config{Listen: "127.0.0.1:0", ReceiptDelay: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	type res struct {
		code     int
		out, err string
	}
	done := make(chan res, 1)
	go func() {
		code, out, errs := runSendT(t, sendArgs(t, srv.Addr().String(), "--to", "447700900123", "--text", "x", "--wait-dlr", "30s")...)
		done <- res{code, out, errs}
	}()
	deadline := time.Now().Add(5 * time.Second)
	for srv.Stats().Submitted == 0 {
		if time.Now().After(deadline) {
			t.Fatal("nothing submitted")
		}
		time.Sleep(5 * time.Millisecond) // polling the simulator's counter: it has no event for this
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx) // the simulator unbinds its clients
	select {
	case r := <-done:
		if r.code != exitTimeout || !strings.Contains(r.out, "receipt(s) missing: the connection ended (the SMSC sent unbind") {
			t.Errorf("code %d\n%s\n%s", r.code, r.out, r.err)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("send took %s to notice", took)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("send kept waiting after the connection ended")
	}
}
