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
	mu   sync.Mutex
	w    *pcapgo.Writer
	conv *Framer
}

// DefaultESME and DefaultSMSC are the addresses used when the real ones are unknown
// (a dry run, decoded hex): loopback, an ephemeral port, and SMPP's registered port.
var (
	DefaultESME = Endpoint{IP: net.IPv4(127, 0, 0, 1), Port: 40000}
	DefaultSMSC = Endpoint{IP: net.IPv4(127, 0, 0, 1), Port: 2775}
)

// SnapLen is the largest frame a Framer builds: a PDU segment and its headers.
const SnapLen = 65535 + 14 + 40

// NewWriter starts a pcap file on w.
func NewWriter(w io.Writer, esme, smsc Endpoint) (*Writer, error) {
	conv, err := NewFramer(esme, smsc)
	if err != nil {
		return nil, err
	}
	pw := pcapgo.NewWriterNanos(w)
	if err := pw.WriteFileHeader(SnapLen, layers.LinkTypeEthernet); err != nil {
		return nil, fmt.Errorf("pcap header: %w", err)
	}
	return &Writer{w: pw, conv: conv}, nil
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
	return w.conv.PDU(d, pdu, func(frame []byte) error {
		ci := gopacket.CaptureInfo{Timestamp: at, CaptureLength: len(frame), Length: len(frame)}
		if err := w.w.WritePacket(ci, frame); err != nil {
			return fmt.Errorf("writing pcap: %w", err)
		}
		return nil
	})
}

// Framer builds the Ethernet, IPv4 and TCP frames of one TCP connection between
// the ESME and the SMSC, with consistent sequence and acknowledgement numbers, so that
// any writer (pcap here, the pcapng journal) puts out a stream analysers reassemble.
// It is not safe for concurrent use; frames passed to emit are valid during the call.
type Framer struct {
	esme, smsc Endpoint
	seq        [2]uint32 // next sequence number sent by ESME [0] and SMSC [1]
	started    bool
	buf        gopacket.SerializeBuffer
	// The layers are the conversation's, reused, so that a frame costs no allocation.
	eth     layers.Ethernet
	ip      layers.IPv4
	tcp     layers.TCP
	payload gopacket.Payload
}

// macs are the two sides' made-up Ethernet addresses, locally administered.
var macs = [2]net.HardwareAddr{{0x02, 0, 0, 0, 0, 1}, {0x02, 0, 0, 0, 0, 2}}

// NewFramer starts a conversation between two IPv4 endpoints.
func NewFramer(esme, smsc Endpoint) (*Framer, error) {
	if esme.IP.To4() == nil || smsc.IP.To4() == nil {
		return nil, fmt.Errorf("capture supports IPv4 endpoints only")
	}
	return &Framer{esme: esme, smsc: smsc, seq: [2]uint32{1000, 5000}, buf: gopacket.NewSerializeBuffer()}, nil
}

// PDU builds the frames carrying pdu in direction d, after the three-way handshake
// when it is the conversation's first, and passes each to emit.
func (c *Framer) PDU(d Direction, pdu []byte, emit func(frame []byte) error) error {
	if err := c.Start(emit); err != nil {
		return err
	}
	for len(pdu) > 0 {
		n := min(len(pdu), maxSegment)
		if err := c.segment(d, pdu[:n], layers.TCP{PSH: true, ACK: true}, emit); err != nil {
			return err
		}
		pdu = pdu[n:]
	}
	return nil
}

// Start builds the three-way handshake, once.
func (c *Framer) Start(emit func(frame []byte) error) error {
	if c.started {
		return nil
	}
	c.started = true
	c.seq[0]--
	c.seq[1]--
	if err := c.segment(ToSMSC, nil, layers.TCP{SYN: true}, emit); err != nil {
		return err
	}
	if err := c.segment(ToESME, nil, layers.TCP{SYN: true, ACK: true}, emit); err != nil {
		return err
	}
	return c.segment(ToSMSC, nil, layers.TCP{ACK: true}, emit)
}

// Ack builds one empty acknowledgement from the ESME, which carries no data and moves
// no sequence number: a place to hang a note in a file format that has comments.
func (c *Framer) Ack(emit func(frame []byte) error) error {
	if err := c.Start(emit); err != nil {
		return err
	}
	return c.segment(ToSMSC, nil, layers.TCP{ACK: true}, emit)
}

// segment builds one TCP segment and advances the sender's sequence number.
func (c *Framer) segment(d Direction, payload []byte, tcp layers.TCP, emit func([]byte) error) error {
	src, dst := c.esme, c.smsc
	me, peer := 0, 1
	if d == ToESME {
		src, dst, me, peer = c.smsc, c.esme, 1, 0
	}
	tcp.SrcPort, tcp.DstPort = layers.TCPPort(src.Port), layers.TCPPort(dst.Port)
	tcp.Seq = c.seq[me]
	if tcp.ACK {
		tcp.Ack = c.seq[peer]
	}
	tcp.Window = 65535
	c.tcp = tcp
	c.ip = layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: src.IP.To4(), DstIP: dst.IP.To4(), Flags: layers.IPv4DontFragment}
	c.eth = layers.Ethernet{SrcMAC: macs[me], DstMAC: macs[peer], EthernetType: layers.EthernetTypeIPv4}
	if err := c.tcp.SetNetworkLayerForChecksum(&c.ip); err != nil {
		return err
	}
	c.payload = payload
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	if err := gopacket.SerializeLayers(c.buf, opts, &c.eth, &c.ip, &c.tcp, &c.payload); err != nil {
		return fmt.Errorf("building a packet: %w", err)
	}
	if err := emit(c.buf.Bytes()); err != nil {
		return err
	}
	c.seq[me] += uint32(len(payload))
	if tcp.SYN {
		c.seq[me]++
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

// Restart makes the next frame a new handshake, for a writer that goes on in a new file
// that must decode on its own. The sequence numbers go on from where they were.
func (c *Framer) Restart() { c.started = false }
