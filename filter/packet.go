package filter

import (
	"encoding/binary"
	"time"
	"unsafe"

	"github.com/smppconsole/smppconsole/receipt"
)

// Packet is what a filter looks at: one PDU and what the log knows around it.
type Packet struct {
	Raw        []byte
	Dir        string // "in" or "out"
	Link       string // "trx", "tx", "rx"
	At         time.Time
	Latency    time.Duration // request to response (set on both), when HasLatency
	HasLatency bool
	// MessageIDs are the message(s) the PDU belongs to: a submit's id from its resp,
	// the resp's, a receipt's receipted id.
	MessageIDs []string

	// The filter's decode of Raw, made once, on the first Match that needs it.
	bodyDone, textDone bool
	occs               []occ
	derived            []string   // values that are not a part of Raw (decoded text)
	keys               [][]string // receipt.IDKeys of MessageIDs, made on the first msg ==
	keysOf             int        // len(MessageIDs) when keys were made
}

// Reset forgets the cached decode, for a Packet reused for another PDU (or whose Raw
// changed). The storage is kept for the next one.
func (p *Packet) Reset() {
	p.bodyDone, p.textDone = false, false
	p.occs = p.occs[:0]
	p.derived = p.derived[:0]
	p.keys = p.keys[:0]
	p.keysOf = 0
}

// occ is one occurrence of a field in a PDU, as cached: a number in a, or octets
// Raw[a:a+n] (derived[a] when ext).
type occ struct {
	id  uint16
	ext bool
	a   uint32
	n   uint32
}

// val is an occurrence as a comparison sees it.
type val struct {
	num uint64
	b   []byte
}

func (p *Packet) val(o occ) val {
	switch {
	case o.ext:
		return val{b: strBytes(p.derived[o.a])}
	case o.n > 0:
		return val{b: p.Raw[o.a : o.a+o.n : o.a+o.n]}
	}
	return val{num: uint64(o.a)}
}

// msgMatch reports whether one of the packet's message ids shares a key with keys.
func (p *Packet) msgMatch(keys []string) bool {
	if p.keysOf != len(p.MessageIDs) || len(p.keys) != len(p.MessageIDs) {
		p.keys = p.keys[:0]
		for _, id := range p.MessageIDs {
			p.keys = append(p.keys, receipt.IDKeys(id))
		}
		p.keysOf = len(p.MessageIDs)
	}
	for _, ks := range p.keys {
		for _, k := range ks {
			for _, want := range keys {
				if k == want {
					return true
				}
			}
		}
	}
	return false
}

// each calls fn with every occurrence of f in the packet until fn returns false.
func (p *Packet) each(f *field, fn func(val) bool) {
	switch f.src {
	case srcHeader:
		if len(p.Raw) < 16 {
			return
		}
		var v uint32
		switch f.id {
		case fCommandLength.id:
			v = binary.BigEndian.Uint32(p.Raw[0:])
		case fCommandID.id:
			v = binary.BigEndian.Uint32(p.Raw[4:])
		case fCommandStatus.id:
			if p.Raw[4]&0x80 == 0 {
				return // Wireshark shows command_status only on responses
			}
			v = binary.BigEndian.Uint32(p.Raw[8:])
		case fSequenceNumber.id:
			v = binary.BigEndian.Uint32(p.Raw[12:])
		}
		fn(val{num: uint64(v)})
	case srcMeta:
		switch f.id {
		case fDir.id:
			if p.Dir != "" {
				fn(val{b: strBytes(p.Dir)})
			}
		case fLink.id:
			if p.Link != "" {
				fn(val{b: strBytes(p.Link)})
			}
		case fLatency.id:
			if p.HasLatency && p.Latency >= 0 {
				fn(val{num: uint64(p.Latency)})
			}
		case fMsg.id:
			if len(p.MessageIDs) > 0 {
				fn(val{})
			}
		}
	case srcBody, srcText:
		if !p.bodyDone {
			p.bodyDone = true
			p.occs = p.occs[:0]
			extractBody(p)
		}
		if f.src == srcText && !p.textDone {
			p.textDone = true
			extractText(p)
		}
		for _, o := range p.occs {
			if o.id == f.id && !fn(p.val(o)) {
				return
			}
		}
	}
}

// strBytes views a string as bytes without copying; the bytes are only read.
func strBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
