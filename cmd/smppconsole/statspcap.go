package main

// TEMPORARY (issue 11 item 4, until the capture/ read side is merged): a minimal pcap and
// pcapng reader for `stats FILE`. It takes TCP payloads in file order per direction,
// drops segments already seen (retransmissions) but does not reorder: the capture
// package's reader, with gopacket's reassembly, replaces it. To switch, make pcapSource
// a pduSource over that reader's PDUs (time, conversation, direction, raw) and delete
// this file.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/stats"
)

func isPcap(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	switch binary.BigEndian.Uint32(b) {
	case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a:
		return true
	}
	return false
}

type pcapSource struct {
	data   []byte
	maxLen int
}

type packetReader interface {
	ReadPacketData() ([]byte, gopacket.CaptureInfo, error)
}

type tcpFlow struct {
	buf    []byte
	next   uint32 // the TCP sequence number expected next
	seen   bool
	side   stats.Side
	conv   string
	broken bool
}

func (p pcapSource) Each(fn func(stats.Record)) error {
	var rd packetReader
	var lt layers.LinkType
	if binary.BigEndian.Uint32(p.data) == 0x0a0d0d0a {
		r, err := pcapgo.NewNgReader(bytes.NewReader(p.data), pcapgo.DefaultNgReaderOptions)
		if err != nil {
			return fmt.Errorf("pcapng: %v", err)
		}
		rd, lt = r, r.LinkType()
	} else {
		r, err := pcapgo.NewReader(bytes.NewReader(p.data))
		if err != nil {
			return fmt.Errorf("pcap: %v", err)
		}
		rd, lt = r, r.LinkType()
	}
	flows := map[string]*tcpFlow{}
	var firstErr error
	for n := 1; ; n++ {
		data, ci, err := rd.ReadPacketData()
		if err == io.EOF {
			return firstErr
		}
		if err != nil {
			return fmt.Errorf("packet %d: %v", n, err)
		}
		pkt := gopacket.NewPacket(data, lt, gopacket.NoCopy)
		net, tl := pkt.NetworkLayer(), pkt.Layer(layers.LayerTypeTCP)
		if net == nil || tl == nil {
			continue
		}
		tcp := tl.(*layers.TCP)
		src := net.NetworkFlow().Src().String() + ":" + fmt.Sprint(uint16(tcp.SrcPort))
		dst := net.NetworkFlow().Dst().String() + ":" + fmt.Sprint(uint16(tcp.DstPort))
		f := flows[src+">"+dst]
		if f == nil {
			conv := src + "-" + dst
			if dst < src {
				conv = dst + "-" + src
			}
			f = &tcpFlow{conv: conv}
			flows[src+">"+dst] = f
		}
		payload := tcp.Payload
		if tcp.SYN {
			f.next, f.seen = tcp.Seq+1, true
		}
		if len(payload) == 0 || f.broken {
			continue
		}
		if f.seen && int32(tcp.Seq+uint32(len(payload))-f.next) <= 0 {
			continue // a retransmission of what was read
		}
		f.next, f.seen = tcp.Seq+uint32(len(payload)), true
		f.buf = append(f.buf, payload...)
		for len(f.buf) >= 16 {
			l := binary.BigEndian.Uint32(f.buf)
			if l < 16 || int64(l) > int64(p.maxLen) {
				f.broken = true
				if firstErr == nil {
					firstErr = fmt.Errorf("packet %d (%s): command_length %d is not SMPP; the rest of that direction is skipped", n, src+">"+dst, l)
				}
				break
			}
			if len(f.buf) < int(l) {
				break
			}
			pdu := f.buf[:l:l]
			f.buf = f.buf[l:]
			if f.side == stats.SideUnknown {
				f.side = stats.SideSMSC
				if capture.Guess(binary.BigEndian.Uint32(pdu[4:])) == capture.ToSMSC {
					f.side = stats.SideESME
				}
			}
			fn(stats.Record{At: ci.Timestamp, Conv: f.conv, Side: f.side, Raw: pdu})
		}
	}
}
