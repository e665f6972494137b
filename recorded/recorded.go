// Package recorded turns a recorded SMPP conversation (a capture, a journal) into the
// events a live session emits, so the TUI's panes and the statistics read a file as
// they read a session: a PDUEvent per PDU, a SubmitEvent per submit_sm answered (from
// its submit_sm_resp or generic_nack), a ReceiptEvent per delivery receipt, correlated
// to its submit by message_id as smppclient does, and an MOEvent per mobile-originated
// message, its parts reassembled.
package recorded

import (
	"fmt"
	"time"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// Link is the link name given to a recorded conversation's events.
const Link = "trx"

// submitted is a submit_sm waiting for its response, then an accepted part waiting for
// its receipt.
type submitted struct {
	at          time.Time
	msg         uint64
	part, parts int
	dest        string
	id          string
}

// Events derives the events of one conversation, in the order of its PDUs. Requests
// the capture never shows answered produce a PDUEvent and nothing more.
func Events(c *capture.Conversation) []smppclient.Event {
	d := deriver{
		pending: map[uint32]*submitted{},
		byID:    map[string]*submitted{},
		concat:  map[string]uint64{},
		reasm:   segment.NewReassembler(time.Hour),
	}
	for _, p := range c.PDUs {
		d.pdu(p)
	}
	for _, m := range d.reasm.Expire(time.Unix(1<<40, 0)) {
		d.mo(m)
	}
	return d.out
}

type deriver struct {
	out     []smppclient.Event
	pending map[uint32]*submitted // by sequence_number
	byID    map[string]*submitted // by receipt.IDKeys of the message_id
	concat  map[string]uint64     // a concatenated message's number, by destination and reference
	msgs    uint64
	reasm   *segment.Reassembler
	now     time.Time
}

func (d *deriver) pdu(p capture.PDU) {
	h, ok := wire.ParseHeader(p.Raw)
	if !ok {
		return
	}
	d.now = p.At
	dir := smppclient.Out
	if p.Dir == capture.ToESME {
		dir = smppclient.In
	}
	d.out = append(d.out, smppclient.PDUEvent{At: p.At, Link: Link, Dir: dir, Header: h, Raw: p.Raw})
	switch {
	case h.ID == wire.SubmitSM && dir == smppclient.Out:
		d.submit(p.At, h, p.Raw)
	case (h.ID == wire.SubmitSMResp || h.ID == wire.GenericNack) && dir == smppclient.In:
		d.response(p.At, h, p.Raw)
	case (h.ID == wire.DeliverSM || h.ID == wire.DataSM) && dir == smppclient.In:
		d.deliver(p.At, h, p.Raw)
	}
}

func (d *deriver) submit(at time.Time, h wire.Header, raw []byte) {
	f := wire.SMBody{Command: wire.SubmitSM}
	_ = f.Decode(wire.Body(raw)) // what decoded is enough: the destination and the UDH
	s := &submitted{at: at, part: 1, parts: 1, dest: string(f.Dest.Addr)}
	if f.ESMClass&message.ESMClassUDHI != 0 {
		if u, err := segment.ParseUDH(f.ShortMessage); err == nil && u.Concat != nil {
			key := fmt.Sprintf("%s/%d/%d", s.dest, u.Concat.Ref, u.Concat.Total)
			n, ok := d.concat[key]
			if !ok || u.Concat.Seq == 1 {
				d.msgs++
				n = d.msgs
				d.concat[key] = n
			}
			s.msg, s.part, s.parts = n, u.Concat.Seq, u.Concat.Total
		}
	}
	if s.msg == 0 {
		d.msgs++
		s.msg = d.msgs
	}
	d.pending[h.Seq] = s
}

func (d *deriver) response(at time.Time, h wire.Header, raw []byte) {
	s := d.pending[h.Seq]
	if s == nil {
		return
	}
	delete(d.pending, h.Seq)
	ev := smppclient.SubmitEvent{At: at, Msg: s.msg, Part: s.part, Parts: s.parts, Seq: h.Seq, Dest: s.dest,
		Outcome: smppclient.Rejected, Status: h.Status, Latency: at.Sub(s.at)}
	if h.ID == wire.SubmitSMResp && h.Status == wire.StatusOK {
		if id, err := wire.RespMessageID(wire.Body(raw)); err == nil && len(id) > 0 {
			ev.Outcome, ev.MessageID, ev.Status = smppclient.Accepted, string(id), 0
			s.id = ev.MessageID
			for _, k := range receipt.IDKeys(s.id) {
				if k != "" {
					d.byID[k] = s
				}
			}
		}
	}
	d.out = append(d.out, ev)
}

func (d *deriver) deliver(at time.Time, h wire.Header, raw []byte) {
	f := wire.SMBody{Command: h.ID}
	if err := f.Decode(wire.Body(raw)); err != nil && len(f.TLVs) == 0 && f.Source.Addr == nil {
		return
	}
	if receipt.IsReceipt(f.ESMClass) {
		r, _ := receipt.ParseCoded(f.Content(), f.DataCoding, receipt.FromTLVs(f.TLVs))
		ev := smppclient.ReceiptEvent{At: at, Link: Link, Receipt: r, Seq: h.Seq}
		if s := d.lookup(r); s != nil {
			ev.Matched, ev.Msg, ev.Part, ev.SubmitID, ev.SinceSubmit = true, s.msg, s.part, s.id, at.Sub(s.at)
		}
		d.out = append(d.out, ev)
		return
	}
	// The session's own MO path: UDH or SAR parts alike. A UDH that does not parse
	// leaves the part whole, as the live session shows it.
	frag, _ := smppclient.MOFragment(&f, at, h.Seq)
	m, done := d.reasm.Add(frag)
	if done {
		d.mo(m)
	}
}

func (d *deriver) lookup(r receipt.Receipt) *submitted {
	for _, id := range []string{r.MessageID, r.TextID} {
		for _, k := range receipt.IDKeys(id) {
			if s := d.byID[k]; k != "" && s != nil {
				return s
			}
		}
	}
	return nil
}

func (d *deriver) mo(m segment.Message) {
	d.out = append(d.out, smppclient.MOEventOf(m, m.Last, Link))
}
