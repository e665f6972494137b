package capture

import (
	"encoding/binary"
	"fmt"
	"net"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/reassembly"
)

// maxPending bounds what one direction buffers while waiting for the rest of a PDU.
const maxPending = 1 << 20

// assembly feeds packets to gopacket's reassembler and collects the SMPP PDUs of every
// TCP conversation, in the order the conversations started.
type assembly struct {
	opt   ReadOptions
	asm   *reassembly.Assembler
	convs []*stream
}

func newAssembly(opt ReadOptions) *assembly {
	a := &assembly{opt: opt}
	a.asm = reassembly.NewAssembler(reassembly.NewStreamPool(a))
	return a
}

type context struct{ ci gopacket.CaptureInfo }

type packetNumber int

// numberOf finds the packet number packet put in ci.
func numberOf(ci gopacket.CaptureInfo) int {
	for _, a := range ci.AncillaryData {
		if n, ok := a.(packetNumber); ok {
			return int(n)
		}
	}
	return 0
}

func (c *context) GetCaptureInfo() gopacket.CaptureInfo { return c.ci }

func (a *assembly) packet(n int, data []byte, ci gopacket.CaptureInfo, lt layers.LinkType) {
	p := gopacket.NewPacket(data, lt, gopacket.DecodeOptions{Lazy: true, NoCopy: true})
	nl, tl := p.NetworkLayer(), p.TransportLayer()
	if nl == nil || tl == nil {
		return
	}
	tcp, ok := tl.(*layers.TCP)
	if !ok {
		return
	}
	// The packet's number rides in its CaptureInfo, which reassembly keeps with each
	// octet: a PDU completed by a flush at the end still knows its packet.
	ci.AncillaryData = append(ci.AncillaryData[:len(ci.AncillaryData):len(ci.AncillaryData)], packetNumber(n))
	a.asm.AssembleWithContext(nl.NetworkFlow(), tcp, &context{ci: ci})
}

// safePacket is packet, with a panic in the reassembler (a bug, not the file's fault,
// but a file may reach it) reported instead of ending the program.
func (a *assembly) safePacket(n int, data []byte, ci gopacket.CaptureInfo, lt layers.LinkType) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("TCP reassembly failed: %v", r)
		}
	}()
	a.packet(n, data, ci, lt)
	return nil
}

func (a *assembly) finish() []*Conversation {
	a.asm.FlushAll()
	var out []*Conversation
	for _, s := range a.convs {
		if len(s.conv.PDUs) > 0 {
			out = append(out, s.orient())
		}
	}
	sortConversations(out)
	return out
}

// New is the reassembly.StreamFactory's: one stream per TCP connection.
func (a *assembly) New(netFlow, tcpFlow gopacket.Flow, tcp *layers.TCP, ac reassembly.AssemblerContext) reassembly.Stream {
	s := &stream{a: a}
	s.client = Endpoint{IP: net.IP(netFlow.Src().Raw()), Port: uint16(tcp.SrcPort)}
	s.server = Endpoint{IP: net.IP(netFlow.Dst().Raw()), Port: uint16(tcp.DstPort)}
	if a.opt.Port != 0 && uint16(tcp.SrcPort) != a.opt.Port && uint16(tcp.DstPort) != a.opt.Port {
		s.ignore = true
	}
	s.conv = &Conversation{}
	a.convs = append(a.convs, s)
	return s
}

// half is one direction of a stream: the octets not yet made into a PDU.
type half struct {
	buf     []byte
	decided bool // the stream start has been checked
	smpp    bool
}

type stream struct {
	a              *assembly
	client, server Endpoint // as reassembly saw them: the first packet's sender is the client
	ignore         bool
	dirs           [2]half // client→server, server→client
	conv           *Conversation
}

func (s *stream) Accept(tcp *layers.TCP, ci gopacket.CaptureInfo, dir reassembly.TCPFlowDirection, nextSeq reassembly.Sequence, start *bool, ac reassembly.AssemblerContext) bool {
	if s.ignore {
		return false
	}
	// A capture that began mid-connection has no SYN: start where it starts.
	if nextSeq < 0 && !tcp.SYN {
		*start = true
	}
	return true
}

func (s *stream) ReassembledSG(sg reassembly.ScatterGather, ac reassembly.AssemblerContext) {
	dir, _, _, skip := sg.Info()
	avail, _ := sg.Lengths()
	if avail == 0 {
		return
	}
	i := 0
	if dir == reassembly.TCPDirServerToClient {
		i = 1
	}
	h := &s.dirs[i]
	data := sg.Fetch(avail)
	if skip > 0 && len(h.buf) > 0 || skip > 0 && h.smpp {
		// Octets were never captured: what is buffered cannot be completed.
		h.buf = h.buf[:0]
		s.conv.Lost++
		data = resyncData(data)
	}
	dropped, prev := avail-len(data), len(h.buf)
	h.buf = append(h.buf, data...)
	if !h.decided {
		// The stream start decides, once a whole header is in.
		if s.a.opt.Port == 0 && len(h.buf) < 16 {
			return
		}
		h.decided = true
		h.smpp = s.a.opt.Port != 0 || plausibleHeader(h.buf)
	}
	if !h.smpp {
		h.buf = nil
		return
	}
	pos := 0 // octets taken off the front of h.buf since data was appended
	for len(h.buf) >= 16 {
		l := int(binary.BigEndian.Uint32(h.buf))
		if !plausibleHeader(h.buf) {
			s.conv.Lost++
			j := resync(h.buf)
			if j < 0 {
				h.buf = h.buf[:0]
				break
			}
			h.buf = h.buf[j:]
			pos += j
			continue
		}
		if len(h.buf) < l {
			break
		}
		raw := append([]byte(nil), h.buf[:l]...)
		h.buf = h.buf[l:]
		pos += l
		// The packet that carried the PDU's last octet completed it.
		ci := sg.CaptureInfo(max(pos-1-prev+dropped, 0))
		s.conv.PDUs = append(s.conv.PDUs, PDU{At: ci.Timestamp, Dir: Direction(i), Packet: numberOf(ci), Raw: raw})
	}
	if len(h.buf) > maxPending {
		h.buf = h.buf[:0]
		s.conv.Lost++
	}
	// Compact so a long stream does not keep every octet alive.
	h.buf = append([]byte(nil), h.buf...)
}

func resyncData(b []byte) []byte {
	if plausibleHeader(b) {
		return b
	}
	if j := resync(b); j >= 0 {
		return b[j:]
	}
	return nil
}

func (s *stream) ReassemblyComplete(ac reassembly.AssemblerContext) bool { return false }

// orient makes the conversation ESME → SMSC. Reassembly's client sent the first packet
// seen (the SYN, when captured); the PDUs themselves are the better witness, so the side
// that sent the first request an ESME sends (Guess) is the ESME.
func (s *stream) orient() *Conversation {
	c := s.conv
	c.ESME, c.SMSC = s.client, s.server
	swap := false
	for _, p := range c.PDUs {
		id := binary.BigEndian.Uint32(p.Raw[4:])
		if id&0x80000000 != 0 {
			continue
		}
		swap = (Guess(id) == ToSMSC) != (p.Dir == ToSMSC)
		break
	}
	if swap {
		c.ESME, c.SMSC = c.SMSC, c.ESME
		for i := range c.PDUs {
			c.PDUs[i].Dir = 1 - c.PDUs[i].Dir
		}
	}
	return c
}
