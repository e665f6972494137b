package capture

import (
	"bytes"
	"encoding/binary"
	"errors"
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

// seg is one TCP segment of a test capture.
type seg struct {
	from, to Endpoint
	seq, ack uint32
	syn      bool
	payload  []byte
}

// tcpConn builds the segments of one connection: handshake, then each PDU as
// segments of at most split octets (0: whole), in the given direction.
type tcpConn struct {
	esme, smsc Endpoint
	next       [2]uint32
	segs       []seg
}

func newConn(esme, smsc Endpoint) *tcpConn {
	c := &tcpConn{esme: esme, smsc: smsc, next: [2]uint32{100, 9000}}
	c.segs = append(c.segs, seg{from: esme, to: smsc, seq: 99, syn: true}, seg{from: smsc, to: esme, seq: 8999, ack: 100, syn: true})
	return c
}

func (c *tcpConn) send(d Direction, pdu []byte, split int) {
	from, to := c.esme, c.smsc
	if d == ToESME {
		from, to = to, from
	}
	for len(pdu) > 0 {
		n := len(pdu)
		if split > 0 && n > split {
			n = split
		}
		c.segs = append(c.segs, seg{from: from, to: to, seq: c.next[d], ack: c.next[1-d], payload: pdu[:n]})
		c.next[d] += uint32(n)
		pdu = pdu[n:]
	}
}

func frame(t testing.TB, lt layers.LinkType, s seg) []byte {
	t.Helper()
	tcp := layers.TCP{SrcPort: layers.TCPPort(s.from.Port), DstPort: layers.TCPPort(s.to.Port), Seq: s.seq, Ack: s.ack, SYN: s.syn, ACK: s.ack != 0, PSH: len(s.payload) > 0, Window: 65535}
	ip := layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: s.from.IP.To4(), DstIP: s.to.IP.To4()}
	if err := tcp.SetNetworkLayerForChecksum(&ip); err != nil {
		t.Fatal(err)
	}
	var ls []gopacket.SerializableLayer
	switch lt {
	case layers.LinkTypeEthernet:
		ls = append(ls, &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2}, EthernetType: layers.EthernetTypeIPv4})
	case layers.LinkTypeNull:
		ls = append(ls, &layers.Loopback{Family: layers.ProtocolFamilyIPv4})
	case layers.LinkTypeRaw:
	}
	ls = append(ls, &ip, &tcp, gopacket.Payload(s.payload))
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, ls...); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if lt == layers.LinkTypeLinuxSLL {
		// gopacket cannot serialise SLL: its 16-octet header is written by hand.
		h := make([]byte, 16)
		binary.BigEndian.PutUint16(h[2:], 1)
		binary.BigEndian.PutUint16(h[4:], 6)
		binary.BigEndian.PutUint16(h[14:], 0x0800)
		b = append(h, b...)
	}
	return append([]byte(nil), b...)
}

var t0 = time.Date(2026, 11, 25, 20, 30, 0, 0, time.UTC)

// pcapOf writes segs as a pcap (or pcapng) file, one millisecond apart.
func pcapOf(t testing.TB, lt layers.LinkType, ng bool, segs []seg) []byte {
	t.Helper()
	var out bytes.Buffer
	type pw interface {
		WritePacket(gopacket.CaptureInfo, []byte) error
	}
	var w pw
	var flush func() error
	if ng {
		nw, err := pcapgo.NewNgWriter(&out, lt)
		if err != nil {
			t.Fatal(err)
		}
		w, flush = nw, nw.Flush
	} else {
		w0 := pcapgo.NewWriterNanos(&out)
		if err := w0.WriteFileHeader(65535, lt); err != nil {
			t.Fatal(err)
		}
		w, flush = w0, func() error { return nil }
	}
	for i, s := range segs {
		b := frame(t, lt, s)
		if err := w.WritePacket(gopacket.CaptureInfo{Timestamp: t0.Add(time.Duration(i) * time.Millisecond), CaptureLength: len(b), Length: len(b), InterfaceIndex: 0}, b); err != nil {
			t.Fatal(err)
		}
	}
	if err := flush(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// messy is the awkward capture: two interleaved conversations, one on port 2775 and
// one on an odd port, with PDUs split across segments, segments out of order and a
// retransmission.
func messy(t testing.TB) (segs []seg, want [2][][]byte) { return messyCapture(t, true, 7) }

// messyCapture is messy with the split conversation's pieces of split octets, in order
// unless reorderSplit. tshark (4.x) reassembles neither a PDU whose pieces arrive out of
// order nor one whose first piece is shorter than a header.
func messyCapture(t testing.TB, reorderSplit bool, split int) (segs []seg, want [2][][]byte) {
	pdus, dirs := conversation(t)
	a := newConn(Endpoint{net.IPv4(10, 0, 0, 1), 40001}, Endpoint{net.IPv4(10, 0, 0, 9), 2775})
	b := newConn(Endpoint{net.IPv4(10, 0, 0, 2), 40002}, Endpoint{net.IPv4(10, 0, 0, 8), 17123})
	for i, p := range pdus {
		a.send(dirs[i], p, 0)
		b.send(dirs[i], p, split) // every PDU in pieces
	}
	want[0], want[1] = pdus, pdus
	// a: swap two data segments and retransmit one.
	as := a.segs
	as[3], as[4] = as[4], as[3]
	as = append(as[:6], append([]seg{as[5]}, as[6:]...)...)
	// b: swap every other pair of neighbouring segments going the same way.
	bs := b.segs
	for i := 2; reorderSplit && i+1 < len(bs); i += 4 {
		if bs[i].from.Port == bs[i+1].from.Port {
			bs[i], bs[i+1] = bs[i+1], bs[i]
		}
	}
	for i := 0; i < len(as) || i < len(bs); i++ {
		if i < len(as) {
			segs = append(segs, as[i])
		}
		if i < len(bs) {
			segs = append(segs, bs[i])
		}
	}
	return segs, want
}

// checkPackets: each PDU's time is its packet's (pcapOf spaces packets by 1 ms).
func checkPackets(t *testing.T, cv *Conversation) {
	t.Helper()
	for i, p := range cv.PDUs {
		if p.Packet < 1 || !p.At.Equal(t0.Add(time.Duration(p.Packet-1)*time.Millisecond)) {
			t.Fatalf("PDU %d: packet %d at %v", i, p.Packet, p.At)
		}
	}
}

func checkMessy(t *testing.T, c *Capture, want [2][][]byte) {
	t.Helper()
	if c.Stopped != nil {
		t.Fatalf("stopped: %v", c.Stopped)
	}
	if len(c.Conversations) != 2 {
		t.Fatalf("%d conversations, want 2", len(c.Conversations))
	}
	_, dirs := conversation(t)
	for k, cv := range c.Conversations {
		if len(cv.PDUs) != len(want[k]) {
			t.Fatalf("conversation %d (%s): %d PDUs, want %d", k, cv, len(cv.PDUs), len(want[k]))
		}
		// Per direction, the order is the wire's.
		var got, exp [2][][]byte
		for i, p := range cv.PDUs {
			got[p.Dir] = append(got[p.Dir], p.Raw)
			exp[dirs[i]] = append(exp[dirs[i]], want[k][i])
		}
		for d := range got {
			if len(got[d]) != len(exp[d]) {
				t.Fatalf("conversation %d direction %d: %d PDUs, want %d", k, d, len(got[d]), len(exp[d]))
			}
			for i := range got[d] {
				if !bytes.Equal(got[d][i], exp[d][i]) {
					t.Fatalf("conversation %d direction %d PDU %d differs", k, d, i)
				}
			}
		}
		checkPackets(t, cv)
		if cv.ESME.Port != 40001+uint16(k) {
			t.Errorf("conversation %d: ESME is %s", k, cv.ESME)
		}
	}
}

func TestReadReassembles(t *testing.T) {
	segs, want := messy(t)
	for _, lt := range []layers.LinkType{layers.LinkTypeEthernet, layers.LinkTypeLinuxSLL, layers.LinkTypeRaw, layers.LinkTypeNull} {
		for _, ng := range []bool{false, true} {
			t.Run(lt.String()+map[bool]string{false: "/pcap", true: "/pcapng"}[ng], func(t *testing.T) {
				c, err := Read(bytes.NewReader(pcapOf(t, lt, ng, segs)), ReadOptions{})
				if err != nil {
					t.Fatal(err)
				}
				checkMessy(t, c, want)
			})
		}
	}
}

// TestReadGap: a segment that was never captured loses its PDUs, not the stream's: the
// reader resynchronises on the next SMPP header and counts the gap.
func TestReadGap(t *testing.T) {
	pdus, dirs := conversation(t)
	c := newConn(Endpoint{net.IPv4(10, 0, 0, 1), 40001}, Endpoint{net.IPv4(10, 0, 0, 9), 2775})
	for i, p := range pdus {
		c.send(dirs[i], p, 50)
	}
	// Drop the second segment of the first submit_sm (ESME → SMSC).
	var segs []seg
	dropped := false
	for _, s := range c.segs {
		if !dropped && s.from.Port == 40001 && s.seq == 100+42+50 {
			dropped = true
			continue
		}
		segs = append(segs, s)
	}
	if !dropped {
		t.Fatal("no segment to drop")
	}
	got, err := Read(bytes.NewReader(pcapOf(t, layers.LinkTypeEthernet, false, segs)), ReadOptions{})
	if err != nil || len(got.Conversations) != 1 {
		t.Fatalf("%v, %d conversations", err, len(got.Conversations))
	}
	cv := got.Conversations[0]
	if cv.Lost == 0 || len(cv.PDUs) != len(pdus)-1 {
		t.Fatalf("lost %d, %d PDUs of %d", cv.Lost, len(cv.PDUs), len(pdus))
	}
	last := cv.PDUs[len(cv.PDUs)-1]
	if !bytes.Equal(last.Raw, pdus[len(pdus)-1]) {
		t.Fatal("the stream did not resynchronise")
	}
	// PDUs delivered by the final flush keep their own packets, not the last one.
	checkPackets(t, cv)
	if cv.PDUs[2].Packet == cv.PDUs[len(cv.PDUs)-1].Packet {
		t.Fatalf("packets %d and %d", cv.PDUs[2].Packet, last.Packet)
	}
}

// TestReadPort: with --port, only the conversation on that port is read.
func TestReadPort(t *testing.T) {
	segs, _ := messy(t)
	c, err := Read(bytes.NewReader(pcapOf(t, layers.LinkTypeEthernet, false, segs)), ReadOptions{Port: 17123})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Conversations) != 1 || c.Conversations[0].SMSC.Port != 17123 {
		t.Fatalf("got %d conversations", len(c.Conversations))
	}
}

// TestReadNotSMPP: a TCP stream that does not start with an SMPP header is not SMPP.
func TestReadNotSMPP(t *testing.T) {
	c := newConn(Endpoint{net.IPv4(10, 0, 0, 1), 40001}, Endpoint{net.IPv4(10, 0, 0, 9), 80})
	c.send(ToSMSC, []byte("GET / HTTP/1.1\r\nHost: example\r\n\r\n"), 0)
	got, err := Read(bytes.NewReader(pcapOf(t, layers.LinkTypeEthernet, false, c.segs)), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Conversations) != 0 || got.Packets != 3 {
		t.Fatalf("%d conversations from %d packets", len(got.Conversations), got.Packets)
	}
}

func TestReadTruncated(t *testing.T) {
	segs, _ := messy(t)
	full := pcapOf(t, layers.LinkTypeEthernet, false, segs)
	cut := full[:len(full)-10]
	c, err := Read(bytes.NewReader(cut), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Stopped == nil || c.Stopped.Packet != len(segs) || !strings.Contains(c.Stopped.Error(), "truncated") || c.Stopped.Offset <= 24 {
		t.Fatalf("stopped: %v", c.Stopped)
	}
	if len(c.Conversations) != 2 {
		t.Fatalf("%d conversations before the cut", len(c.Conversations))
	}
	ng := pcapOf(t, layers.LinkTypeEthernet, true, segs)
	c, err = Read(bytes.NewReader(ng[:len(ng)-10]), ReadOptions{})
	if err != nil || c.Stopped == nil || c.Stopped.Packet != len(segs) {
		t.Fatalf("pcapng: %v %v", err, c.Stopped)
	}
}

// TestReadDamaged: a packet header with an absurd length stops the reader there.
func TestReadDamaged(t *testing.T) {
	segs, _ := messy(t)
	full := pcapOf(t, layers.LinkTypeEthernet, false, segs)
	// The third packet's record header: after the file header and two packets.
	off := 24
	for i := 0; i < 2; i++ {
		off += 16 + int(binary.LittleEndian.Uint32(full[off+8:]))
	}
	binary.LittleEndian.PutUint32(full[off+8:], 0x7fffffff)
	c, err := Read(bytes.NewReader(full), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Stopped == nil || c.Stopped.Packet != 3 || c.Stopped.Offset != int64(off) || c.Packets != 2 {
		t.Fatalf("stopped: %v after %d packets", c.Stopped, c.Packets)
	}
}

// TestReadDamagedPcapNG: an enhanced packet block claiming 2 GiB captured stops the
// reader at that block, before anything is allocated for it.
func TestReadDamagedPcapNG(t *testing.T) {
	segs, _ := messy(t)
	ng := pcapOf(t, layers.LinkTypeEthernet, true, segs)
	// Walk the blocks to the third enhanced packet block (type 6).
	off, seen := 0, 0
	for {
		typ, l := binary.LittleEndian.Uint32(ng[off:]), int(binary.LittleEndian.Uint32(ng[off+4:]))
		if typ == 6 {
			if seen++; seen == 3 {
				break
			}
		}
		off += l
	}
	binary.LittleEndian.PutUint32(ng[off+20:], 0x7fffffff)
	c, err := Read(bytes.NewReader(ng), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Stopped == nil || c.Stopped.Packet != 3 || c.Stopped.Offset != int64(off) || !strings.Contains(c.Stopped.Reason, "2147483647 octets captured") {
		t.Fatalf("stopped: %v", c.Stopped)
	}
	// A block length that is not a multiple of four is damage too.
	binary.LittleEndian.PutUint32(ng[off+4:], 13)
	if c, _ := Read(bytes.NewReader(ng), ReadOptions{}); c.Stopped == nil || !strings.Contains(c.Stopped.Reason, "declares 13 octets") {
		t.Fatalf("stopped: %v", c.Stopped)
	}
}

// TestReadPcapgoPanic: an interface description with a time resolution of 2^-64 makes
// pcapgo divide by zero; it is damage, reported, not a crash.
func TestReadPcapgoPanic(t *testing.T) {
	segs, _ := messy(t)
	ng := pcapOf(t, layers.LinkTypeEthernet, true, segs)
	off := int(binary.LittleEndian.Uint32(ng[4:])) // past the section header
	if binary.LittleEndian.Uint32(ng[off:]) != 1 {
		t.Fatal("no interface description after the section header")
	}
	found := false
	for o := off + 16; o+4 <= off+int(binary.LittleEndian.Uint32(ng[off+4:]))-4; {
		code, l := binary.LittleEndian.Uint16(ng[o:]), int(binary.LittleEndian.Uint16(ng[o+2:]))
		if code == 9 { // if_tsresol
			ng[o+4], found = 0x80|64, true
			break
		}
		if code == 0 {
			break
		}
		o += 4 + (l+3)/4*4
	}
	if !found {
		t.Fatal("no if_tsresol option")
	}
	c, err := Read(bytes.NewReader(ng), ReadOptions{})
	if err == nil && (c.Stopped == nil || !strings.Contains(c.Stopped.Reason, "damaged block")) {
		t.Fatalf("stopped: %v", c.Stopped)
	}
	if err != nil && !strings.Contains(err.Error(), "damaged block") {
		t.Fatal(err)
	}
}

func TestReadNotCapture(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("hello"), {0x7f, 'E', 'L', 'F', 0, 1, 2}} {
		if _, err := Read(bytes.NewReader(in), ReadOptions{}); !errors.Is(err, ErrNotCapture) {
			t.Errorf("%q: %v", in, err)
		}
	}
	if Sniff([]byte{0xd4, 0xc3, 0xb2, 0xa1}) != Pcap || Sniff([]byte{0x4d, 0x3c, 0xb2, 0xa1}) != Pcap || Sniff([]byte{0x0a, 0x0d, 0x0d, 0x0a}) != PcapNG {
		t.Error("magic numbers")
	}
}

// TestTsharkCountsMessy: tshark finds as many SMPP PDUs in the messy capture as Read.
func TestTsharkCountsMessy(t *testing.T) {
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tshark is not installed; .ci/run installs it")
		}
		t.Skip("tshark not installed (apt-get install tshark); CI runs this test")
	}
	segs, _ := messyCapture(t, false, 20)
	path := filepath.Join(t.TempDir(), "messy.pcap")
	data := pcapOf(t, layers.LinkTypeEthernet, false, segs)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Read(bytes.NewReader(data), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, cv := range c.Conversations {
		n += len(cv.PDUs)
	}
	if got := TsharkCount(t, tshark, path, "tcp.port==2775,smpp", "tcp.port==17123,smpp"); got != n {
		t.Fatalf("tshark counts %d SMPP PDUs, Read %d", got, n)
	}
}

// TsharkCount counts the SMPP PDUs tshark finds in path, with decode-as rules.
func TsharkCount(t testing.TB, tshark, path string, decodeAs ...string) int {
	t.Helper()
	args := []string{"-r", path, "-o", "tcp.desegment_tcp_streams:TRUE", "-o", "tcp.reassemble_out_of_order:TRUE"}
	for _, d := range decodeAs {
		args = append(args, "-d", d)
	}
	args = append(args, "-Y", "smpp", "-T", "fields", "-e", "smpp.command_id")
	out, err := exec.Command(tshark, args...).Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			n += len(strings.Split(l, ","))
		}
	}
	return n
}

func FuzzReadCapture(f *testing.F) {
	segs, _ := messy(f)
	for _, lt := range []layers.LinkType{layers.LinkTypeEthernet, layers.LinkTypeNull} {
		f.Add(pcapOf(f, lt, false, segs))
		f.Add(pcapOf(f, lt, true, segs))
	}
	full := pcapOf(f, layers.LinkTypeEthernet, true, segs)
	f.Add(full[:len(full)/2])
	f.Add(pcapOf(f, layers.LinkTypeRaw, false, segs)[:300])
	f.Add([]byte{0xa1, 0xb2, 0xc3, 0xd4})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Read(bytes.NewReader(b), ReadOptions{})
		if err != nil {
			return
		}
		for _, cv := range c.Conversations {
			for _, p := range cv.PDUs {
				if len(p.Raw) < 16 || int(binary.BigEndian.Uint32(p.Raw)) != len(p.Raw) {
					t.Fatalf("PDU of %d octets says %d", len(p.Raw), binary.BigEndian.Uint32(p.Raw))
				}
			}
		}
	})
}
