package main

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

var (
	bindTRXRespHex = "00000019800000090000000000000001536d7070536d736300"
	enquireHex     = "00000010000000150000000000000002"
	enquireRespHex = "00000010800000150000000000000002"
)

func hexBytes(t *testing.T, h string) []byte {
	t.Helper()
	b := make([]byte, len(h)/2)
	for i := range b {
		var v byte
		for _, c := range h[2*i : 2*i+2] {
			v <<= 4
			switch {
			case c >= '0' && c <= '9':
				v |= byte(c - '0')
			default:
				v |= byte(c-'a') + 10
			}
		}
		b[i] = v
	}
	return b
}

// twoConversations builds a pcapng capture of two SMPP connections, one on an odd port,
// with a bind split across segments and a retransmitted segment.
func twoConversations(t *testing.T) []byte {
	t.Helper()
	bind := hexBytes(t, strings.ReplaceAll(bindTRX, " ", ""))
	var out bytes.Buffer
	w, err := pcapgo.NewNgWriter(&out, layers.LinkTypeEthernet)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 25, 20, 30, 0, 0, time.UTC)
	n := 0
	put := func(src, dst net.IP, sp, dp uint16, seq, ack uint32, syn bool, payload []byte) {
		tcp := layers.TCP{SrcPort: layers.TCPPort(sp), DstPort: layers.TCPPort(dp), Seq: seq, Ack: ack, SYN: syn, ACK: !syn || ack != 0, PSH: len(payload) > 0, Window: 65535}
		ip := layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: src, DstIP: dst}
		_ = tcp.SetNetworkLayerForChecksum(&ip)
		eth := layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2}, EthernetType: layers.EthernetTypeIPv4}
		buf := gopacket.NewSerializeBuffer()
		if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, &eth, &ip, &tcp, gopacket.Payload(payload)); err != nil {
			t.Fatal(err)
		}
		n++
		b := buf.Bytes()
		if err := w.WritePacket(gopacket.CaptureInfo{Timestamp: at.Add(time.Duration(n) * time.Millisecond), CaptureLength: len(b), Length: len(b)}, b); err != nil {
			t.Fatal(err)
		}
	}
	for k, port := range []uint16{2775, 17123} {
		esme, smsc := net.IPv4(10, 0, 0, byte(1+k)).To4(), net.IPv4(10, 0, 0, 9).To4()
		ep := uint16(40001 + k)
		put(esme, smsc, ep, port, 99, 0, true, nil)
		put(smsc, esme, port, ep, 499, 100, true, nil)
		put(esme, smsc, ep, port, 100, 500, false, bind[:20])
		put(esme, smsc, ep, port, 120, 500, false, bind[20:])
		put(esme, smsc, ep, port, 120, 500, false, bind[20:]) // retransmitted
		resp := hexBytes(t, bindTRXRespHex)
		put(smsc, esme, port, ep, 500, 100+uint32(len(bind)), false, resp)
		eq := hexBytes(t, enquireHex)
		put(esme, smsc, ep, port, 100+uint32(len(bind)), 500+uint32(len(resp)), false, eq)
		put(smsc, esme, port, ep, 500+uint32(len(resp)), 100+uint32(len(bind)+len(eq)), false, hexBytes(t, enquireRespHex))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestDecodeCapture(t *testing.T) {
	path := filepath.Join(t.TempDir(), "two.txt") // the name says nothing: the magic number does
	if err := os.WriteFile(path, twoConversations(t), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "", "decode", "--json", path)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 8 {
		t.Fatalf("code %d, %d lines\n%s\n%s", code, len(lines), out, errs)
	}
	var o map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &o); err != nil {
		t.Fatal(err)
	}
	if o["command"] != "bind_transceiver" || o["conversation"] != "10.0.0.1:40001 → 10.0.0.9:2775" || o["time"] != "2026-11-25T20:30:00.004Z" {
		t.Fatalf("first object %v", o)
	}
	if f := o["fields"].(map[string]any); f["password"] != "********" {
		t.Fatalf("password not redacted: %v", f)
	}
	if err := json.Unmarshal([]byte(lines[7]), &o); err != nil || o["command"] != "enquire_link_resp" || o["conversation"] != "10.0.0.9:17123 → 10.0.0.2:40002" {
		t.Fatalf("last object %v", o)
	}
	code, out, _ = runCmd(t, "", "decode", path)
	if code != 0 || strings.Count(out, "bind_transceiver_resp  seq 1") != 2 || !strings.Contains(out, "#1  2026-11-25T20:30:00.004Z  10.0.0.1:40001 → 10.0.0.9:2775") {
		t.Fatalf("code %d\n%s", code, out)
	}
	// Standard input is told apart the same way.
	data, _ := os.ReadFile(path)
	code, out, _ = runCmd(t, string(data), "decode", "--port", "17123")
	if code != 0 || strings.Count(out, "\n#") != 3 {
		t.Fatalf("--port: code %d\n%s", code, out)
	}
}

func TestDecodeCaptureTruncated(t *testing.T) {
	data := twoConversations(t)
	path := filepath.Join(t.TempDir(), "cut.pcapng")
	if err := os.WriteFile(path, data[:len(data)-30], 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "", "decode", "--json", path)
	if code != 1 || !strings.Contains(errs, "reading stopped at packet 16") || !strings.Contains(errs, "truncated") || strings.Count(out, "\n") != 7 {
		t.Fatalf("code %d\n%s\n%s", code, out, errs)
	}
}

// TestDecodeBinaryNotEchoed: a binary file that is no capture is refused without a
// single octet of it in the message.
func TestDecodeBinaryNotEchoed(t *testing.T) {
	garbage := []byte("\x7fELF\x02\x01\x01\x00secret\x00\xff\xfe")
	path := filepath.Join(t.TempDir(), "a.out")
	if err := os.WriteFile(path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ stdin, arg string }{{"", path}, {string(garbage), ""}} {
		args := []string{"decode"}
		if c.arg != "" {
			args = append(args, c.arg)
		}
		code, out, errs := runCmd(t, c.stdin, args...)
		if code != 2 || out != "" || !strings.Contains(errs, "binary but not a pcap or pcapng capture") || strings.Contains(errs, "ELF") || strings.Contains(errs, "secret") || strings.Contains(errs, `\x`) {
			t.Fatalf("code %d stdout %q stderr %q", code, out, errs)
		}
	}
}

// TestDecodeCaptureTsharkCount: decode finds as many SMPP PDUs as tshark.
func TestDecodeCaptureTsharkCount(t *testing.T) {
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tshark is not installed; .ci/run installs it")
		}
		t.Skip("tshark not installed (apt-get install tshark); CI runs this test")
	}
	path := filepath.Join(t.TempDir(), "two.pcapng")
	if err := os.WriteFile(path, twoConversations(t), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tshark, "-r", path, "-d", "tcp.port==2775,smpp", "-d", "tcp.port==17123,smpp", "-Y", "smpp", "-T", "fields", "-e", "smpp.command_id").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			want += len(strings.Split(l, ","))
		}
	}
	_, got, _ := runCmd(t, "", "decode", "--json", path)
	if n := strings.Count(got, "\n"); n != want || want == 0 {
		t.Fatalf("decode found %d PDUs, tshark %d", n, want)
	}
}
