package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/gopacket/pcapgo"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/wire"
)

func statsSubmit(seq uint32) []byte {
	b := &wire.SMBody{Command: wire.SubmitSM,
		Source: wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900001")},
		Dest:   wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900002")}}
	b.ShortMessage = []byte("hi")
	return wire.AppendPDU(nil, b, 0, seq)
}

func statsResp(seq, status uint32, id string) []byte {
	return wire.AppendPDU(nil, &wire.SMRespBody{Command: wire.SubmitSMResp, MessageID: []byte(id), NoBody: status != 0}, status, seq)
}

func statsReceipt(seq uint32, id, stat string) []byte {
	b := &wire.SMBody{Command: wire.DeliverSM,
		Source: wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900002")},
		Dest:   wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900001")}}
	b.ESMClass = 0x04
	b.ShortMessage = []byte("id:" + id + " sub:001 dlvrd:001 submit date:2612011000 done date:2612011001 stat:" + stat + " err:000 text:hi")
	return wire.AppendPDU(nil, b, 0, seq)
}

// writeStatsPcap writes known traffic with known delays through the capture package's
// writer: submit 1 answered in 20ms (hex id), submit 2 throttled after 5ms, submit 3
// never answered, a DELIVRD receipt for 1 in decimal 1.5s after its submit.
func writeStatsPcap(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "traffic.pcap")
	var buf bytes.Buffer
	w, err := capture.NewWriter(&buf, capture.DefaultESME, capture.DefaultSMSC)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	for _, p := range []struct {
		at  time.Time
		d   capture.Direction
		pdu []byte
	}{
		{ms(0), capture.ToSMSC, statsSubmit(1)},
		{ms(20), capture.ToESME, statsResp(1, 0, "0A1B2C")},
		{ms(100), capture.ToSMSC, statsSubmit(2)},
		{ms(105), capture.ToESME, statsResp(2, wire.StatusThrottled, "")},
		{ms(200), capture.ToSMSC, statsSubmit(3)},
		{ms(1500), capture.ToESME, statsReceipt(1, "662316", "DELIVRD")},
		{ms(1501), capture.ToSMSC, wire.AppendPDU(nil, &wire.SMRespBody{Command: wire.DeliverSMResp}, 0, 1)},
	} {
		if err := w.WritePDU(p.at, p.d, p.pdu); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestStatsPcapJSON(t *testing.T) {
	path := writeStatsPcap(t)
	code, out, errs := runCmd(t, "", "stats", "--json", path)
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	var r struct {
		PDUs          int  `json:"pdus"`
		Timed         bool `json:"timed"`
		ResponseTimes []struct {
			Command string  `json:"command"`
			Count   int     `json:"count"`
			MinMS   float64 `json:"min_ms"`
			MaxMS   float64 `json:"max_ms"`
		} `json:"response_times"`
		Unanswered []struct {
			Command string `json:"command"`
			Count   int    `json:"count"`
		} `json:"unanswered"`
		Receipts struct {
			Final []struct {
				State   string `json:"state"`
				Count   int    `json:"count"`
				Latency struct {
					P50MS float64 `json:"p50_ms"`
				} `json:"latency"`
			} `json:"final"`
		} `json:"receipts"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if r.PDUs != 7 || !r.Timed {
		t.Fatalf("pdus %d timed %v\n%s", r.PDUs, r.Timed, out)
	}
	var submit, deliver bool
	for _, c := range r.ResponseTimes {
		switch c.Command {
		case "submit_sm":
			submit = c.Count == 2 && c.MinMS == 5 && c.MaxMS == 20
		case "deliver_sm":
			deliver = c.Count == 1 && c.MinMS == 1
		}
	}
	if !submit || !deliver {
		t.Errorf("response times %+v", r.ResponseTimes)
	}
	if len(r.Unanswered) != 1 || r.Unanswered[0].Command != "submit_sm" || r.Unanswered[0].Count != 1 {
		t.Errorf("unanswered %+v", r.Unanswered)
	}
	if len(r.Receipts.Final) != 1 || r.Receipts.Final[0].State != "DELIVRD" || r.Receipts.Final[0].Latency.P50MS != 1500 {
		t.Errorf("receipts %+v", r.Receipts)
	}
	for _, k := range []string{`"commands"`, `"statuses"`, `"outstanding"`, `"unanswered_examples"`, `"unmatched_responses"`, `"command_status"`, `"awaiting_final"`} {
		if !strings.Contains(out, k) {
			t.Errorf("key %s missing:\n%s", k, out)
		}
	}
}

func TestStatsPcapText(t *testing.T) {
	code, out, errs := runCmd(t, "", "stats", writeStatsPcap(t))
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	for _, want := range []string{
		"7 PDU(s), 2026-12-01T10:00:00.000Z to 2026-12-01T10:00:01.501Z",
		"  submit_sm_resp       2  ESME_ROK             1\n                          ESME_RTHROTTLED      1\n",
		"  submit_sm       2  5.0ms  5.0ms  20.0ms  20.0ms\n",
		"  DELIVRD          1      1  1.500s  1.500s  1.500s  1.500s\n",
		"  submit_sm                     3  127.0.0.1:40000 → 127.0.0.1:2775  2026-12-01T10:00:00.200Z\n", // capture names conversations ESME → SMSC
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

// Hex as decode reads it, from standard input: counts without times.
func TestStatsHex(t *testing.T) {
	in := hex.EncodeToString(statsSubmit(1)) + "\n" + hex.EncodeToString(statsResp(1, 0, "1")) + "\n" + hex.EncodeToString(statsSubmit(2)) + "\n" +
		// The SMSC's deliver_sm with the same sequence number as our submit_sm: apart.
		hex.EncodeToString(statsReceipt(2, "1", "DELIVRD")) + "\n" +
		hex.EncodeToString(wire.AppendPDU(nil, &wire.SMRespBody{Command: wire.DeliverSMResp}, 0, 2)) + "\n" +
		// A generic_nack answers the enquire_link.
		"00000010 00000015 00000000 00000009\n00000010 80000000 00000003 00000009\n"
	code, out, errs := runCmd(t, in, "stats", "-")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	for _, want := range []string{"7 PDU(s), no time stamps", "  submit_sm            2\n", "  generic_nack         1  ESME_RINVCMDID      1\n",
		"Unanswered requests\n  request    outstanding  never answered\n  submit_sm            0               1\n\n",
		"1 receipt(s), 0 awaiting a final receipt, 0 unmatched"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

func TestStatsBadInput(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	if err := os.WriteFile(bin, []byte("\x7fELF\x02\x01\x01\x00secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "", "stats", bin)
	if code != 2 || out != "" || strings.Contains(errs, "ELF") || strings.Contains(errs, "secret") || !strings.Contains(errs, "neither a pcap") {
		t.Errorf("binary: code %d out %q err %q", code, out, errs)
	}
	code, _, errs = runCmd(t, "", "stats", filepath.Join(dir, "missing.pcap"))
	if code != 2 || !strings.Contains(errs, "no such file") {
		t.Errorf("missing: code %d err %q", code, errs)
	}
	code, _, errs = runCmd(t, "", "stats")
	if code != 2 || !strings.Contains(errs, "name one FILE") {
		t.Errorf("no file: code %d err %q", code, errs)
	}
	// A pcap cut short: the statistics of what was read, exit 1, where it stopped.
	full, err := os.ReadFile(writeStatsPcap(t))
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.pcap")
	if err := os.WriteFile(cut, full[:len(full)-30], 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCmd(t, "", "stats", cut)
	if code != 1 || !strings.Contains(out, "6 PDU(s)") || !strings.Contains(errs, "stopped after 6 PDU(s)") {
		t.Errorf("cut: code %d err %q\n%s", code, errs, out)
	}
}

// The same traffic as pcapng, with every data segment sent twice (a retransmission):
// each PDU is counted once.
func TestStatsPcapngRetransmitted(t *testing.T) {
	f, err := os.Open(writeStatsPcap(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := pcapgo.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := pcapgo.NewNgWriter(&buf, r.LinkType())
	if err != nil {
		t.Fatal(err)
	}
	for {
		data, ci, err := r.ReadPacketData()
		if err != nil {
			break
		}
		times := 1
		if len(data) > 60 { // carries a PDU, not a bare handshake segment
			times = 2
		}
		for range times {
			if err := w.WritePacket(ci, data); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "retransmitted.pcapng")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "", "stats", path)
	if code != 0 || !strings.Contains(out, "7 PDU(s), 2026-12-01T10:00:00.000Z") || !strings.Contains(out, "  submit_sm            3\n") {
		t.Errorf("code %d %s\n%s", code, errs, out)
	}
}
