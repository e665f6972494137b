package capture

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// maxBlock bounds a pcapng block: a packet is at most maxSnap, options are small.
const maxBlock = 16 << 20

// ngGuard passes a pcapng stream through block by block, checking each block's length
// (and a packet block's captured length) before pcapgo sees it: pcapgo allocates what a
// damaged length says, gigabytes included. It also knows where each block starts, so
// a stop is reported at its byte offset.
type ngGuard struct {
	r       io.Reader
	pending []byte
	off     int64 // offset of the next block
	block   int64 // offset of the block being passed on
	order   binary.ByteOrder
	damage  string // why the stream was cut, when it was damaged
	err     error
}

var errDamagedBlock = errors.New("damaged pcapng block")

func (g *ngGuard) Read(p []byte) (int, error) {
	for len(g.pending) == 0 {
		if g.err != nil {
			return 0, g.err
		}
		g.next()
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

func (g *ngGuard) fail(reason string) {
	g.damage = reason
	g.err = errDamagedBlock
}

func (g *ngGuard) next() {
	g.block = g.off
	head := make([]byte, 12)
	n, err := io.ReadFull(g.r, head[:8])
	if err != nil {
		g.pending = head[:n]
		if n == 0 {
			g.err = io.EOF
		} else {
			g.err = io.ErrUnexpectedEOF
		}
		return
	}
	hl := 8
	if binary.BigEndian.Uint32(head) == 0x0a0d0d0a {
		if n, err := io.ReadFull(g.r, head[8:12]); err != nil {
			g.pending, g.err = head[:8+n], io.ErrUnexpectedEOF
			return
		}
		switch {
		case binary.BigEndian.Uint32(head[8:]) == 0x1a2b3c4d:
			g.order = binary.BigEndian
		case binary.LittleEndian.Uint32(head[8:]) == 0x1a2b3c4d:
			g.order = binary.LittleEndian
		default:
			g.fail(fmt.Sprintf("section header at byte offset %d has no byte-order magic", g.block))
			return
		}
		hl = 12
	}
	if g.order == nil {
		g.fail("the file does not start with a section header")
		return
	}
	typ, length := g.order.Uint32(head), g.order.Uint32(head[4:])
	if length < 12 || length%4 != 0 || length > maxBlock {
		g.fail(fmt.Sprintf("block at byte offset %d declares %d octets", g.block, length))
		return
	}
	b := make([]byte, length)
	copy(b, head[:hl])
	n, err = io.ReadFull(g.r, b[hl:])
	g.off += int64(hl + n)
	if err != nil {
		g.pending, g.err = b[:hl+n], io.ErrUnexpectedEOF
		return
	}
	var caplen uint32
	switch typ {
	case 2, 6: // packet, enhanced packet: captured length after the time stamp
		if length < 32 {
			g.fail(fmt.Sprintf("packet block at byte offset %d is too short (%d octets)", g.block, length))
			return
		}
		caplen = g.order.Uint32(b[20:])
		if caplen > length-32 {
			g.fail(fmt.Sprintf("packet block at byte offset %d says %d octets captured in a %d-octet block", g.block, caplen, length))
			return
		}
	case 3: // simple packet: original length, the data is what the block holds
		if length < 16 {
			g.fail(fmt.Sprintf("simple packet block at byte offset %d is too short", g.block))
			return
		}
		if l := g.order.Uint32(b[8:]); l > length-16 {
			g.order.PutUint32(b[8:], length-16) // read what is there, not what it claims
		}
	}
	g.pending = b
}
