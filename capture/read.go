package capture

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"

	"github.com/smppconsole/smppconsole/wire"
)

// Format of a capture file, told by its magic number (never by its name).
type Format int

const (
	NotCapture Format = iota
	Pcap
	PcapNG
)

// Sniff tells a capture file from anything else by its first four octets: pcap's
// a1b2c3d4 (microseconds) or a1b23c4d (nanoseconds) in either byte order, or pcapng's
// section header block 0a0d0d0a.
func Sniff(head []byte) Format {
	if len(head) < 4 {
		return NotCapture
	}
	switch binary.BigEndian.Uint32(head) {
	case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1:
		return Pcap
	case 0x0a0d0d0a:
		return PcapNG
	}
	return NotCapture
}

// PDU is one SMPP PDU reassembled from a capture.
type PDU struct {
	At     time.Time // time stamp of the packet that completed it
	Dir    Direction
	Packet int // number (from 1) of the packet that completed it
	Raw    []byte
}

// Conversation is one TCP connection that carried SMPP, oriented ESME → SMSC.
type Conversation struct {
	ESME, SMSC Endpoint
	PDUs       []PDU
	// Lost counts places where octets were missing (not captured) and the reader
	// resynchronised on the next valid SMPP header.
	Lost int
}

// String names the conversation as "esme ip:port → smsc ip:port".
func (c *Conversation) String() string {
	return fmt.Sprintf("%s → %s", c.ESME, c.SMSC)
}

func (e Endpoint) String() string {
	return net.JoinHostPort(e.IP.String(), fmt.Sprint(e.Port))
}

// Capture is what could be read from a file.
type Capture struct {
	Format        Format
	Packets       int
	Conversations []*Conversation
	// Stopped is non-nil when the file could not be read to its end: a truncated or
	// damaged file yields what came before, and Stopped says where and why.
	Stopped *StopError
}

// StopError says where reading stopped early.
type StopError struct {
	Packet int   // the packet (from 1) that could not be read
	Offset int64 // byte offset of its record (pcap) or of the block that failed (pcapng)
	Reason string
}

func (e *StopError) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("reading stopped at packet %d (byte offset %d): %s", e.Packet, e.Offset, e.Reason)
	}
	return fmt.Sprintf("reading stopped at packet %d: %s", e.Packet, e.Reason)
}

// ReadOptions tune Read.
type ReadOptions struct {
	// Port, when not 0, names the SMSC's TCP port: only conversations on it are read,
	// whatever their first octets. When 0, a stream is SMPP when it starts with a
	// valid SMPP header.
	Port uint16
}

// ErrNotCapture is returned by Read for input that is neither pcap nor pcapng.
var ErrNotCapture = errors.New("not a pcap or pcapng file (unknown magic number)")

type packetSource interface {
	ReadPacketData() ([]byte, gopacket.CaptureInfo, error)
}

// maxSnap bounds a packet's declared length in a pcap file, so a damaged header
// cannot make the reader allocate gigabytes.
const maxSnap = 262144

// Read reads a pcap or pcapng capture and reassembles the SMPP conversations in it with
// gopacket's reassembly package. The error is non-nil only when nothing can be read
// (not a capture, or its file header is damaged); a file damaged later is read as far
// as it goes and Capture.Stopped says where it stopped.
func Read(r io.Reader, opt ReadOptions) (*Capture, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(4)
	c := &Capture{Format: Sniff(head)}
	var src packetSource
	var link func(ci gopacket.CaptureInfo) layers.LinkType
	var offset *int64
	var guard *ngGuard
	switch c.Format {
	case Pcap:
		pr, err := pcapgo.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("pcap file header: %v", err)
		}
		if pr.Snaplen() > maxSnap || pr.Snaplen() == 0 {
			pr.SetSnaplen(maxSnap)
		}
		lt := pr.LinkType()
		src, link = pr, func(gopacket.CaptureInfo) layers.LinkType { return lt }
		off := int64(24)
		offset = &off
	case PcapNG:
		guard = &ngGuard{r: br}
		nr, err := newNgReader(guard)
		if err != nil {
			if guard.damage != "" {
				return nil, fmt.Errorf("pcapng section header: %s", guard.damage)
			}
			return nil, fmt.Errorf("pcapng section header: %v", err)
		}
		src = nr
		link = func(ci gopacket.CaptureInfo) layers.LinkType {
			if len(ci.AncillaryData) > 0 {
				if lt, ok := ci.AncillaryData[0].(layers.LinkType); ok {
					return lt
				}
			}
			return nr.LinkType()
		}
	default:
		return nil, ErrNotCapture
	}
	asm := newAssembly(opt)
	for {
		data, ci, err := readPacket(src)
		if err == io.EOF && len(data) > 0 {
			// pcapng: the packet's data was read but its block ends early.
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			if err != io.EOF {
				st := &StopError{Packet: c.Packets + 1, Offset: -1, Reason: stopReason(err)}
				if offset != nil {
					st.Offset = *offset
				}
				if guard != nil {
					st.Offset = guard.block
					if guard.damage != "" {
						st.Reason = guard.damage
					}
				}
				c.Stopped = st
			}
			break
		}
		c.Packets++
		if offset != nil {
			*offset += 16 + int64(len(data))
		}
		if err := asm.safePacket(c.Packets, data, ci, link(ci)); err != nil {
			c.Stopped = &StopError{Packet: c.Packets, Offset: -1, Reason: err.Error()}
			break
		}
	}
	c.Conversations = asm.finish()
	return c, nil
}

// readPacket reads one packet; pcapgo panics on some damaged blocks (an interface
// description whose time resolution makes it divide by zero), which is damage like any
// other here.
func readPacket(src packetSource) (data []byte, ci gopacket.CaptureInfo, err error) {
	defer func() {
		if r := recover(); r != nil {
			data, err = nil, fmt.Errorf("damaged block (the pcap reader failed: %v)", r)
		}
	}()
	return src.ReadPacketData()
}

func newNgReader(r io.Reader) (nr *pcapgo.NgReader, err error) {
	defer func() {
		if p := recover(); p != nil {
			nr, err = nil, fmt.Errorf("damaged block (the pcapng reader failed: %v)", p)
		}
	}()
	return pcapgo.NewNgReader(r, pcapgo.NgReaderOptions{WantMixedLinkType: true})
}

func stopReason(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "the file is truncated (unexpected end of file)"
	}
	return err.Error()
}

// plausibleHeader reports whether b starts with what an SMPP header looks like:
// command_length 16..64 KiB and a known command_id.
func plausibleHeader(b []byte) bool {
	if len(b) < 16 {
		return false
	}
	l := binary.BigEndian.Uint32(b)
	return l >= 16 && l <= 65536 && wire.KnownCommand(binary.BigEndian.Uint32(b[4:]))
}

// resync finds the next offset in b where a plausible header starts, or -1.
func resync(b []byte) int {
	for i := 1; i+16 <= len(b); i++ {
		if plausibleHeader(b[i:]) {
			return i
		}
	}
	return -1
}

// sortConversations orders conversations by their first PDU's time.
func sortConversations(cs []*Conversation) {
	sort.SliceStable(cs, func(i, j int) bool {
		return cs[i].PDUs[0].At.Before(cs[j].PDUs[0].At)
	})
}
