package filter

import (
	"github.com/smppconsole/smppconsole/wire"
)

// Linker fills Latency and MessageIDs for a stream of packets in arrival order
// (capture files, decode, stats); the live UI may use it too. A request and its
// response are paired by (link, sequence_number, opposite direction). A submit gets
// the message_id of its response, a receipt its receipted id, query_sm, cancel_sm and
// replace_sm (and their responses) the id they name. It holds at most MaxPending
// requests waiting for their response, forgetting the oldest beyond.
type Linker struct {
	// MaxPending bounds the requests kept waiting; 0 means 65536.
	MaxPending int

	pending map[linkKey]*Packet
	order   []linkKey // arrival order of pending, for forgetting the oldest
	head    int
}

type linkKey struct {
	link string
	seq  uint32
	dir  string // the request's direction
}

// Add links p with what came before it. It reads Raw through p's cache, so a later
// Match does not decode again.
func (l *Linker) Add(p *Packet) {
	h, ok := wire.ParseHeader(p.Raw)
	if !ok {
		return
	}
	if l.pending == nil {
		l.pending = make(map[linkKey]*Packet)
	}
	if !wire.IsResponse(h.ID) {
		switch h.ID {
		case wire.QuerySM, wire.CancelSM, wire.ReplaceSM:
			p.addID(p.firstStr(fMessageID))
		case wire.DeliverSM, wire.DataSM:
			if id := p.receiptedID(); id != "" {
				p.addID(id)
			}
		}
		if h.ID == wire.Outbind || h.ID == wire.AlertNotification {
			return // no response is due
		}
		k := linkKey{p.Link, h.Seq, p.Dir}
		if _, dup := l.pending[k]; !dup {
			l.order = append(l.order, k)
		}
		l.pending[k] = p
		l.trim()
		return
	}
	k := linkKey{p.Link, h.Seq, opposite(p.Dir)}
	req, ok := l.pending[k]
	if !ok && h.ID == wire.GenericNack {
		return
	}
	if !ok {
		return
	}
	delete(l.pending, k)
	if !p.At.IsZero() && !req.At.IsZero() {
		d := p.At.Sub(req.At)
		req.Latency, req.HasLatency = d, true
		p.Latency, p.HasLatency = d, true
	}
	switch h.ID {
	case wire.SubmitSMResp, wire.DataSMResp, wire.SubmitMultiResp:
		if id := p.firstStr(fMessageID); id != "" {
			p.addID(id)
			req.addID(id)
		}
	}
	for _, id := range req.MessageIDs {
		p.addID(id)
	}
}

func (l *Linker) trim() {
	max := l.MaxPending
	if max <= 0 {
		max = 65536
	}
	for len(l.pending) > max && l.head < len(l.order) {
		k := l.order[l.head]
		l.head++
		delete(l.pending, k)
	}
	// Compact the order once most of it is spent, dropping keys already answered.
	if l.head > 1024 && l.head*2 > len(l.order) {
		kept := l.order[:0]
		for _, k := range l.order[l.head:] {
			if _, ok := l.pending[k]; ok {
				kept = append(kept, k)
			}
		}
		l.order, l.head = kept, 0
	}
}

func opposite(dir string) string {
	switch dir {
	case "in":
		return "out"
	case "out":
		return "in"
	}
	return dir
}

func (p *Packet) addID(id string) {
	if id == "" {
		return
	}
	for _, have := range p.MessageIDs {
		if have == id {
			return
		}
	}
	p.MessageIDs = append(p.MessageIDs, id)
}

// firstStr is the first occurrence of a text field, as a string.
func (p *Packet) firstStr(f *field) string {
	var s string
	p.each(f, func(o val) bool { s = string(o.b); return false })
	return s
}

// receiptedID is the id a delivery receipt is about: the receipted_message_id TLV, else
// the id: of the receipt text.
func (p *Packet) receiptedID() string {
	if id := p.firstStr(fReceiptedMessageID()); id != "" {
		return id
	}
	var esm uint64
	p.each(fESMClass, func(o val) bool { esm = o.num; return false })
	if esm&0x3C == 0 {
		return "" // not a receipt: do not dissect every MO
	}
	return p.firstStr(fReceiptID)
}

func fReceiptedMessageID() *field { return tlvFields[wire.TagReceiptedMessageID] }

// BindLink names the link a bind (or its response) opens: "trx", "tx" or "rx"; "" for
// any other command. Outbind is answered by a bind_receiver, so it names "rx". Readers of
// captures use it to give each connection's PDUs their link.
func BindLink(commandID uint32) string {
	switch commandID &^ wire.ResponseBit {
	case wire.BindTransceiver:
		return "trx"
	case wire.BindTransmitter:
		return "tx"
	case wire.BindReceiver, wire.Outbind:
		return "rx"
	}
	return ""
}
