package capture

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
	"github.com/linxGnu/gosmpp/pdu"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

// conversation is a realistic exchange: bind, a two-part UCS2 submit with its
// responses, and a receipt with its response.
func conversation(t testing.TB) (pdus [][]byte, dirs []Direction) {
	t.Helper()
	add := func(d Direction, b []byte) { pdus, dirs = append(pdus, b), append(dirs, d) }
	bind := pdu.NewBindRequest(pdu.Transceiver)
	bind.SystemID, bind.Password = "smppclient1", "password"
	add(ToSMSC, wire.Marshal(bind, 1))
	add(ToESME, wire.Marshal(bind.GetResponse(), 1))
	src, _ := message.ParseAddress("MyBrand")
	dst, _ := message.ParseAddress("+447700900123")
	m := message.Message{Source: src, Dest: dst, Text: strings.Repeat("Привет 😀 ", 10), Coding: coding.Auto, Split: segment.UDH, RegisteredDelivery: 1}
	parts, err := message.Build(m, 7)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range parts {
		seq := uint32(2 + i)
		add(ToSMSC, p.Encode(seq))
		r := pdu.NewSubmitSMResp().(*pdu.SubmitSMResp)
		r.MessageID = "1A2B"
		add(ToESME, wire.Marshal(r, seq))
	}
	d := pdu.NewDeliverSM().(*pdu.DeliverSM)
	d.EsmClass = 0x04
	txt, _ := pdu.NewShortMessage("id:6699 sub:001 dlvrd:001 submit date:2611252030 done date:2611252031 stat:DELIVRD err:000 text:Privet")
	d.Message = txt
	add(ToESME, wire.Marshal(d, 1, wire.CStringTLV(wire.TagReceiptedMessageID, "1A2B"), wire.Uint8TLV(wire.TagMessageState, 2)))
	add(ToSMSC, wire.Marshal(d.GetResponse(), 1))
	return pdus, dirs
}

func write(t testing.TB, path string) int {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := NewWriter(f, DefaultESME, DefaultSMSC)
	if err != nil {
		t.Fatal(err)
	}
	pdus, dirs := conversation(t)
	at := time.Date(2026, 11, 25, 20, 30, 0, 0, time.UTC)
	for i, p := range pdus {
		if err := w.WritePDU(at.Add(time.Duration(i)*time.Millisecond), dirs[i], p); err != nil {
			t.Fatal(err)
		}
	}
	return len(pdus)
}

// TestRoundTrip reads the file back with gopacket and finds every PDU, in order.
func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.pcap")
	write(t, path)
	want, _ := conversation(t)
	f, _ := os.Open(path)
	defer f.Close()
	r, err := pcapgo.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]byte
	src := gopacket.NewPacketSource(r, layers.LinkTypeEthernet)
	for p := range src.Packets() {
		if app := p.ApplicationLayer(); app != nil {
			got = append(got, app.Payload())
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d payloads, want %d", len(got), len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("payload %d differs", i)
		}
	}
}

// TestTsharkReadsCapture is the independent check: Wireshark's own SMPP dissector reads
// every PDU we build, names the command we meant, and finds nothing malformed. tshark is
// installed by .ci/run.
func TestTsharkReadsCapture(t *testing.T) {
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tshark is not installed; .ci/run installs it")
		}
		t.Skip("tshark not installed (apt-get install tshark); CI runs this test")
	}
	path := filepath.Join(t.TempDir(), "x.pcap")
	n := write(t, path)
	out, err := exec.Command(tshark, "-r", path, "-d", "tcp.port==2775,smpp", "-Y", "smpp",
		"-T", "fields", "-E", "separator=|", "-e", "smpp.command_id", "-e", "_ws.malformed", "-e", "_ws.expert.severity").CombinedOutput()
	if err != nil {
		t.Fatalf("tshark: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var ids []string
	for _, l := range lines {
		if strings.HasPrefix(l, "Running as user") {
			continue
		}
		f := strings.Split(l, "|")
		if len(f) < 3 {
			t.Fatalf("unexpected tshark line %q", l)
		}
		if f[1] != "" {
			t.Errorf("tshark flags a malformed PDU: %q", l)
		}
		if strings.Contains(f[2], "8388608") || strings.Contains(f[2], "6291456") { // error or warning
			t.Errorf("tshark expert warning/error: %q", l)
		}
		ids = append(ids, strings.Split(f[0], ",")...)
	}
	want := []string{"0x00000009", "0x80000009", "0x00000004", "0x80000004", "0x00000004", "0x80000004", "0x00000005", "0x80000005"}
	if len(ids) != n || strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Fatalf("tshark saw %v, want %v\n%s", ids, want, out)
	}
}

func TestGuess(t *testing.T) {
	for id, want := range map[uint32]Direction{
		wire.SubmitSM: ToSMSC, wire.SubmitSMResp: ToESME, wire.DeliverSM: ToESME, wire.DeliverSMResp: ToSMSC,
		wire.BindTransceiver: ToSMSC, wire.Outbind: ToESME, wire.GenericNack: ToSMSC, wire.EnquireLink: ToSMSC,
	} {
		if got := Guess(id); got != want {
			t.Errorf("%s: got %v", wire.CommandName(id), got)
		}
	}
}
