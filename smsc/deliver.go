package smsc

import (
	"strconv"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/wire"
)

// delivery is one deliver_sm on its way to a receiver: a receipt or an MO part.
type delivery struct {
	body     *wire.SMBody // an MO part's deliver_sm, never changed once made; nil for a receipt
	n        uint64       // receipt: the message number
	at       int64        // receipt: when it fell due (an intermediate receipt's done date)
	queued   int64        // unix ns it was queued, for the pending TTL
	sent     int64        // unix ns it was last written, for the deliver timeout
	acct     *account
	mo       bool
	final    bool  // receipt: final (else intermediate)
	dest     uint8 // receipt: destination index
	attempts uint8
}

// clone copies d for a resend; the body is shared, as every send writes a new PDU.
func (d *delivery) clone() *delivery {
	c := *d
	return &c
}

// queue is a FIFO of deliveries. count, if set, is the account-wide number of queued
// deliveries, which submitters asking for receipts are held back on.
type queue struct {
	items []*delivery
	head  int
	count *atomic.Int64
}

func (q *queue) add(n int) {
	if q.count != nil {
		q.count.Add(int64(n))
	}
}

func (q *queue) len() int { return len(q.items) - q.head }

func (q *queue) push(d *delivery) {
	q.items = append(q.items, d)
	q.add(1)
}

func (q *queue) pop() *delivery {
	if q.head == len(q.items) {
		return nil
	}
	d := q.items[q.head]
	q.items[q.head] = nil
	q.head++
	q.add(-1)
	if q.head == len(q.items) {
		q.items, q.head = q.items[:0], 0
	} else if q.head >= 1024 && q.head*2 >= len(q.items) {
		n := copy(q.items, q.items[q.head:])
		clear(q.items[n:])
		q.items, q.head = q.items[:n], 0
	}
	return d
}

// drain removes and returns everything.
func (q *queue) drain() []*delivery {
	out := append([]*delivery(nil), q.items[q.head:]...)
	q.items, q.head = nil, 0
	q.add(-len(out))
	return out
}

// expire drops deliveries queued before cutoff from the front and says how many.
func (q *queue) expire(cutoff int64) int {
	n := 0
	for q.len() > 0 && q.items[q.head].queued < cutoff {
		q.pop()
		n++
	}
	return n
}

// record is the variable part of a stored message, laid out in the chunk arena as
// dc, source (ton npi len addr), text (len octets), then per destination
// ton npi len addr outcome.
type record struct {
	dc    byte
	src   wire.Address
	text  []byte
	dests []recDest
}

type recDest struct {
	wire.Address
	outcome uint8
}

func appendRecord(b []byte, dc byte, src wire.Address, text []byte, dests []wire.Address, outcomes []uint8) []byte {
	b = append(b, dc, src.TON, src.NPI, byte(len(src.Addr)))
	b = append(b, src.Addr...)
	b = append(b, byte(len(text)))
	b = append(b, text...)
	b = append(b, byte(len(dests)))
	for i, d := range dests {
		b = append(b, d.TON, d.NPI, byte(len(d.Addr)))
		b = append(b, d.Addr...)
		b = append(b, outcomes[i])
	}
	return b
}

// parseRecord reads a record written by appendRecord; the slices point into b.
func parseRecord(b []byte, r *record) {
	r.dc = b[0]
	r.src = wire.Address{TON: b[1], NPI: b[2], Addr: b[4 : 4+int(b[3])]}
	p := 4 + int(b[3])
	r.text = b[p+1 : p+1+int(b[p])]
	p += 1 + int(b[p])
	nd := int(b[p])
	p++
	r.dests = r.dests[:0]
	for range nd {
		l := int(b[p+2])
		r.dests = append(r.dests, recDest{wire.Address{TON: b[p], NPI: b[p+1], Addr: b[p+3 : p+3+l]}, b[p+3+l]})
		p += 4 + l
	}
}

// withText rewrites a record's text (replace_sm).
func withText(b []byte, text []byte) []byte {
	var r record
	parseRecord(b, &r)
	dests := make([]wire.Address, len(r.dests))
	outs := make([]uint8, len(r.dests))
	for i, d := range r.dests {
		dests[i], outs[i] = d.Address, d.outcome
	}
	return appendRecord(nil, r.dc, r.src, text, dests, outs)
}

// receiptText is the start of a message as the text: field shows it: the first 20
// characters, decoded by data_coding, with anything outside the characters that ASCII
// and the GSM default alphabet write the same way shown as '?', so the receipt reads
// the same whichever of the two the client assumes for data_coding 0.
func receiptText(dc byte, esm byte, sm, payload []byte) []byte {
	b := sm
	if len(b) == 0 {
		b = payload
	}
	if esm&0x40 != 0 && len(b) > 0 { // skip the UDH
		if n := 1 + int(b[0]); n <= len(b) {
			b = b[n:]
		} else {
			b = nil
		}
	}
	if len(b) > 80 {
		b = b[:80] // 20 characters need at most 80 octets in any coding we decode
	}
	d := coding.Decode(dc, b)
	text := d.Text
	if !d.OK {
		text = d.Hex
	}
	out := make([]byte, 0, 20)
	for i, n := 0, 0; i < len(text) && n < 20; n++ {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if r < 0x20 || r > 0x7E || r == '@' || r == '$' || r == '_' || r == '`' || r >= '[' && r <= '^' || r >= '{' {
			r = '?'
		}
		out = append(out, byte(r))
	}
	return out
}

// wantsFinal says whether registered_delivery asks for the final receipt of outcome o:
// 1 always, 2 on failure only, 3 on success only (SMPP 5.0's meaning; reserved in 3.4).
func wantsFinal(reg byte, o outcome) bool {
	if o.state == stateNone {
		return false
	}
	switch reg & 3 {
	case 1:
		return true
	case 2:
		return o.failed()
	case 3:
		return !o.failed()
	}
	return false
}

// fireReceipt routes a receipt that fell due. Only a reference travels through the
// queues; the deliver_sm is built from the store when it is sent, so a backlog of
// receipts costs little memory.
func (s *Server) fireReceipt(t task, now int64, scratch []byte) []byte {
	e, rec, ok := s.store.get(t.n, scratch)
	if !ok {
		s.n.receiptsExpired.Add(1)
		return rec
	}
	if e.flags&flagDeleted != 0 {
		return rec
	}
	var r record
	parseRecord(rec, &r)
	if int(t.dest) >= len(r.dests) {
		return rec
	}
	o := s.judge.outcomes[r.dests[t.dest].outcome]
	if t.kind == taskFinal && !wantsFinal(e.reg, o) || t.kind == taskIntermediate && e.reg&0x10 == 0 {
		return rec // replace_sm changed registered_delivery
	}
	a := s.acctList[e.acct]
	s.route(a, e.conn, &delivery{n: t.n, at: now, final: t.kind == taskFinal, dest: t.dest, acct: a, queued: now})
	return rec
}

// build makes a receipt's deliver_sm in rb; false if the message is gone from the store.
// A receipt is made from the store each time it is sent, resends included, so a backlog
// of receipts holds only references.
func (s *Server) build(d *delivery, rb *receiptBody) bool {
	e, rec, ok := s.store.get(d.n, rb.rec[:0])
	rb.rec = rec
	if !ok {
		s.n.receiptsExpired.Add(1)
		return false
	}
	r := &rb.r
	parseRecord(rec, r)
	if int(d.dest) >= len(r.dests) {
		return false
	}
	dst := r.dests[d.dest]
	o := s.judge.outcomes[dst.outcome]
	state, esm, done := receipt.StateEnroute, byte(0x20), time.Unix(0, d.at)
	if d.final {
		state, esm, done = o.state, 0x04, time.Unix(0, e.submitted+o.delay)
	}
	s.buildReceipt(rb, d.n, e, r.src, dst, o, state, esm, done, r.text)
	return true
}

// receiptBody is where a connection's pump makes the deliver_sm of a receipt each time
// it sends one. It is reused, so it costs no allocation of its own; its slices hold
// until the next receipt is made.
type receiptBody struct {
	wire.SMBody
	tlvs   [4]wire.TLV
	dataSM bool   // make it a data_sm (Config.ReceiptsAs), the text in message_payload
	buf    []byte // short_message and the TLV values
	rec    []byte // the stored record
	r      record
}

// buildReceipt makes the deliver_sm of a receipt in rb: from the original destination
// to the original source, Appendix B text in data_coding 0, and the TLVs
// receipted_message_id, message_state and, on failure, network_error_code.
func (s *Server) buildReceipt(rb *receiptBody, n uint64, e entry, src wire.Address, dst recDest, o outcome,
	state receipt.State, esm byte, done time.Time, text []byte) {
	errCode, dlvrd := 0, 0
	switch {
	case state == receipt.StateDelivered:
		dlvrd = 1
	case state != receipt.StateEnroute && state != receipt.StateAccepted:
		errCode = o.err
	}
	sm := receipt.Format(receipt.FormatFields{
		ID:         s.ids.receiptID(n),
		Sub:        1,
		Dlvrd:      dlvrd,
		SubmitDate: time.Unix(0, e.submitted),
		DoneDate:   done,
		Stat:       state.Stat(),
		Err:        errCode,
		Text:       string(text),
	})
	// One buffer holds short_message and the TLV values; each is a full slice of it.
	buf := append(rb.buf[:0], sm...)
	smEnd := len(buf)
	buf = append(s.ids.appendID(buf, s.ids.format, n), 0)
	idEnd := len(buf)
	buf = append(buf, byte(state), 3, byte(o.netErr>>8), byte(o.netErr))
	rb.buf = buf
	r := rb
	b := &r.SMBody
	*b = wire.SMBody{Command: wire.DeliverSM, Source: dst.Address, Dest: src}
	b.ESMClass, b.ShortMessage = esm, buf[:smEnd:smEnd]
	r.tlvs[0] = wire.TLV{Tag: wire.TagReceiptedMessageID, Value: buf[smEnd:idEnd:idEnd]}
	r.tlvs[1] = wire.TLV{Tag: wire.TagMessageState, Value: buf[idEnd : idEnd+1 : idEnd+1]}
	b.TLVs = r.tlvs[:2]
	if esm == 0x04 && o.failed() {
		r.tlvs[2] = wire.TLV{Tag: wire.TagNetworkErrorCode, Value: buf[idEnd+1 : idEnd+4 : idEnd+4]}
		b.TLVs = r.tlvs[:3]
	}
	if rb.dataSM {
		// data_sm has no short_message: the same text goes in message_payload (3.4 §4.7.1).
		n := len(b.TLVs)
		r.tlvs[n] = wire.TLV{Tag: wire.TagMessagePayload, Value: b.ShortMessage}
		b.TLVs = r.tlvs[:n+1]
		b.Command, b.ShortMessage = wire.DataSM, nil
	}
}

// formatFinalDate writes an SMPP absolute time in UTC: YYMMDDhhmmss, tenths, "00+".
func formatFinalDate(t time.Time) []byte {
	t = t.UTC()
	b := t.AppendFormat(make([]byte, 0, 16), "060102150405")
	b = strconv.AppendInt(b, int64(t.Nanosecond()/100_000_000), 10)
	return append(b, "00+"...)
}
