// Package capture writes SMPP PDUs to a pcap file as a TCP conversation between the ESME
// and the SMSC, so a session, a dry run or pasted hex can be opened in Wireshark or
// attached to a carrier ticket. Passwords are the caller's to redact: pass the PDU bytes
// as they should appear, dissect.Redact(pdu) for a bind's password.
package capture

import (
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

// Direction of a PDU: from the ESME to the SMSC, or back.
type Direction int

const (
	ToSMSC Direction = iota
	ToESME
)

// maxSegment keeps each synthetic TCP segment well inside an IPv4 packet.
const maxSegment = 60000

// Endpoint is one side of the conversation.
type Endpoint struct {
	IP   net.IP
	Port uint16
}

// Writer writes PDUs as TCP segments with consistent sequence and acknowledgement
// numbers, after a three-way handshake, so analysers reassemble the stream. It is safe
// for concurrent use.
type Writer struct {
	mu         sync.Mutex
	w          *pcapgo.Writer
	esme, smsc Endpoint
	seq        [2]uint32 // next sequence number sent by ESME [0] and SMSC [1]
	started    bool
}

// DefaultESME and DefaultSMSC are the addresses used when the real ones are unknown
// (a dry run, decoded hex): loopback, an ephemeral port, and SMPP's registered port.
var (
	DefaultESME = Endpoint{IP: net.IPv4(127, 0, 0, 1), Port: 40000}
	DefaultSMSC = Endpoint{IP: net.IPv4(127, 0, 0, 1), Port: 2775}
)

// NewWriter starts a pcap file on w.
func NewWriter(w io.Writer, esme, smsc Endpoint) (*Writer, error) {
	pw := pcapgo.NewWriterNanos(w)
	if err := pw.WriteFileHeader(65535+14+40, layers.LinkTypeEthernet); err != nil {
		return nil, fmt.Errorf("pcap header: %w", err)
	}
	if esme.IP.To4() == nil || smsc.IP.To4() == nil {
		return nil, fmt.Errorf("capture supports IPv4 endpoints only")
	}
	return &Writer{w: pw, esme: esme, smsc: smsc, seq: [2]uint32{1000, 5000}}, nil
}

// EndpointOf turns a net.Addr (from a connection) into an Endpoint, falling back to
// the default when it is not an IPv4 TCP address.
func EndpointOf(a net.Addr, fallback Endpoint) Endpoint {
	if t, ok := a.(*net.TCPAddr); ok && t.IP.To4() != nil {
		return Endpoint{IP: t.IP.To4(), Port: uint16(t.Port)}
	}
	return fallback
}

// WritePDU writes one PDU sent at time at in direction d.
func (w *Writer) WritePDU(at time.Time, d Direction, pdu []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.started {
		if err := w.handshake(at); err != nil {
			return err
		}
		w.started = true
	}
	for len(pdu) > 0 {
		n := min(len(pdu), maxSegment)
		if err := w.segment(at, d, pdu[:n], layers.TCP{PSH: true, ACK: true}); err != nil {
			return err
		}
		pdu = pdu[n:]
	}
	return nil
}

func (w *Writer) handshake(at time.Time) error {
	w.seq[0]--
	w.seq[1]--
	if err := w.segment(at, ToSMSC, nil, layers.TCP{SYN: true}); err != nil {
		return err
	}
	if err := w.segment(at, ToESME, nil, layers.TCP{SYN: true, ACK: true}); err != nil {
		return err
	}
	return w.segment(at, ToSMSC, nil, layers.TCP{ACK: true})
}

// segment writes one TCP segment and advances the sender's sequence number.
func (w *Writer) segment(at time.Time, d Direction, payload []byte, tcp layers.TCP) error {
	src, dst := w.esme, w.smsc
	me, peer := 0, 1
	if d == ToESME {
		src, dst, me, peer = w.smsc, w.esme, 1, 0
	}
	tcp.SrcPort, tcp.DstPort = layers.TCPPort(src.Port), layers.TCPPort(dst.Port)
	tcp.Seq = w.seq[me]
	if tcp.ACK {
		tcp.Ack = w.seq[peer]
	}
	tcp.Window = 65535
	ip := layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: src.IP.To4(), DstIP: dst.IP.To4(), Flags: layers.IPv4DontFragment}
	eth := layers.Ethernet{
		SrcMAC:       []byte{0x02, 0, 0, 0, 0, byte(me + 1)},
		DstMAC:       []byte{0x02, 0, 0, 0, 0, byte(peer + 1)},
		EthernetType: layers.EthernetTypeIPv4,
	}
	if err := tcp.SetNetworkLayerForChecksum(&ip); err != nil {
		return err
	}
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	if err := gopacket.SerializeLayers(buf, opts, &eth, &ip, &tcp, gopacket.Payload(payload)); err != nil {
		return fmt.Errorf("building a packet: %w", err)
	}
	b := buf.Bytes()
	ci := gopacket.CaptureInfo{Timestamp: at, CaptureLength: len(b), Length: len(b)}
	if err := w.w.WritePacket(ci, b); err != nil {
		return fmt.Errorf("writing pcap: %w", err)
	}
	w.seq[me] += uint32(len(payload))
	if tcp.SYN {
		w.seq[me]++
	}
	return nil
}

// Guess is the direction a PDU most likely travelled when nothing else says: SMSC-only
// requests (deliver_sm, alert_notification, outbind) and the responses to ESME requests
// go to the ESME; everything else goes to the SMSC.
func Guess(commandID uint32) Direction {
	req := commandID &^ 0x80000000
	fromSMSC := req == 0x00000005 || req == 0x00000102 || req == 0x0000000B
	if commandID&0x80000000 != 0 && commandID != 0x80000000 {
		fromSMSC = !fromSMSC
	}
	if fromSMSC {
		return ToESME
	}
	return ToSMSC
}

// File writes PDUs to a new pcap file at path with the default endpoints, guessing each
// PDU's direction. It is for dry runs and decoded hex, where no connection exists.
func File(path string, at time.Time, pdus [][]byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w, err := NewWriter(f, DefaultESME, DefaultSMSC)
	if err != nil {
		f.Close()
		return err
	}
	for i, p := range pdus {
		var id uint32
		if len(p) >= 8 {
			id = uint32(p[4])<<24 | uint32(p[5])<<16 | uint32(p[6])<<8 | uint32(p[7])
		}
		if err := w.WritePDU(at.Add(time.Duration(i)*time.Millisecond), Guess(id), p); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}
