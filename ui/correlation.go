package ui

import (
	"bytes"
	"strings"
	"time"
	"unsafe"

	"github.com/smppconsole/smppconsole/filter"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// The log's own correlation, for the display filter's `latency` and `msg`: each
// response is paired with its request by link, direction and sequence_number as it is
// appended, and each keeps the distance to the other in its entry (no extra memory).
// The latency is the two times apart; a submit's message_id is its response's; a query,
// cancel or replace names its message, and its response is about the same one. Only a
// receipt costs a map entry: the ids its ReceiptEvent gives.

type correlation struct {
	pending map[uint64]uint64 // request key → its position, until answered
}

// maxPending bounds the requests waiting for an answer that are remembered: a peer that
// never answers must not grow the map without end.
const maxPending = 1 << 16

func newCorrelation() correlation { return correlation{pending: map[uint64]uint64{}} }

func reqKey(link, dir uint8, seq uint32) uint64 {
	return uint64(link)<<40 | uint64(dir)<<32 | uint64(seq)
}

// correlate pairs the PDU just appended at p with its request, if it is a response. It
// returns the request's position when the request learned something (its latency, its
// message id), so the caller can filter it again.
func (l *pduLog) correlate(p uint64, e *entry) (req uint64, ok bool) {
	c := &l.corr
	h := e.header()
	if !wire.IsResponse(h.ID) {
		if len(c.pending) >= maxPending {
			// Forget half at once (those evicted first), so this is rare, not per PDU.
			oldest := l.ring.oldest()
			for k, q := range c.pending {
				if q < oldest || len(c.pending) > maxPending/2 {
					delete(c.pending, k)
				}
			}
		}
		c.pending[reqKey(e.link, e.dir, h.Seq)] = p
		return 0, false
	}
	k := reqKey(e.link, e.dir^1, h.Seq)
	q, found := c.pending[k]
	if !found {
		return 0, false
	}
	r, live := l.ring.at(q)
	if !live || h.ID != wire.GenericNack && r.header().ID != h.ID&^wire.ResponseBit || p-q >= 1<<32 {
		return 0, false
	}
	delete(c.pending, k)
	e.peer, r.peer = uint32(p-q), uint32(p-q)
	return q, true
}

// peerOf is the entry paired with the one at p: its response or its request.
func (l *pduLog) peerOf(p uint64, e *entry) (uint64, *entry, bool) {
	if e.peer == 0 {
		return 0, nil, false
	}
	q := p + uint64(e.peer)
	if wire.IsResponse(e.header().ID) {
		q = p - uint64(e.peer)
	}
	r, ok := l.ring.at(q)
	return q, r, ok
}

// cString is the n-th C-octet string of the body (a message_id: at most 65 octets), ""
// when the body is shorter or the string empty. It views the octets, which are never
// modified, without copying them: the scan calls it for every PDU.
func cString(raw []byte, n int) string {
	if len(raw) <= wire.HeaderLen {
		return ""
	}
	b := raw[wire.HeaderLen:]
	for {
		i := bytes.IndexByte(b, 0)
		if i < 0 || n == 0 && i > 65 {
			return ""
		}
		if n == 0 {
			if i == 0 {
				return ""
			}
			return unsafe.String(&b[0], i)
		}
		b, n = b[i+1:], n-1
	}
}

// ownID is the message id a PDU names in its own body, if it names one.
func ownID(id uint32, raw []byte) string {
	switch id {
	case wire.SubmitSMResp, wire.DataSMResp, wire.SubmitMultiResp, wire.QuerySM, wire.QuerySMResp, wire.ReplaceSM:
		return cString(raw, 0)
	case wire.CancelSM:
		return cString(raw, 1) // after service_type
	}
	return ""
}

// OnReceipt names the deliver_sm (or data_sm) that carried a receipt, by the receipt's
// message id and, when it was matched, the id its submit was given (the two may be
// written differently). Its response is named through its request.
func (l *pduLog) OnReceipt(ev smppclient.ReceiptEvent) {
	link := -1
	for i, n := range l.links {
		if n == ev.Link {
			link = i
		}
	}
	ids := []string{ev.Receipt.MessageID}
	if ev.SubmitID != "" && ev.SubmitID != ev.Receipt.MessageID {
		ids = append(ids, ev.SubmitID)
	}
	for _, id := range []uint32{wire.DeliverSM, wire.DataSM} {
		if p, ok := l.ring.find(link, id, ev.Seq, uint8(smppclient.In)); ok {
			l.ring.ids[p] = ids
			l.refit(p)
			if e, _ := l.ring.at(p); e != nil {
				if r, _, ok := l.peerOf(p, e); ok {
					l.refit(r)
				}
			}
			return
		}
	}
}

// fill puts what the log knows around the PDU at p into the filter's packet: only what
// the filter in force asks for, as the scan fills a packet for every PDU.
func (l *pduLog) fill(p uint64, e *entry, pk *filter.Packet) {
	if !l.fl.needLatency && !l.fl.needIDs {
		return
	}
	q, r, paired := l.peerOf(p, e)
	if l.fl.needLatency && paired {
		pk.Latency, pk.HasLatency = time.Duration(max(e.at-r.at, r.at-e.at)), true
	}
	if !l.fl.needIDs {
		return
	}
	ids := l.fl.ids[:0]
	if rids, ok := l.ring.ids[p]; ok {
		ids = append(ids, rids...) // a receipt
	} else if id := ownID(e.header().ID, e.raw); id != "" {
		ids = append(ids, id)
	} else if paired {
		// A submit named by its response; a response (to a receipt, a cancel, a
		// replace) by its request.
		if rids, ok := l.ring.ids[q]; ok {
			ids = append(ids, rids...)
		} else if id := ownID(r.header().ID, r.raw); id != "" {
			ids = append(ids, id)
		}
	}
	l.fl.ids = ids
	pk.MessageIDs = ids
}

// needs notes which of the log's own fields the filter reads, so the scan fills only those.
func (f *displayFilter) needs() {
	s := ""
	if f.expr != nil {
		s = f.expr.String()
	}
	f.needLatency, f.needIDs = strings.Contains(s, "latency"), strings.Contains(s, "msg")
}

// refit tests the PDU at p again after the log learned more about it, adding it to the
// rows or taking it out. A position the running scan has still to reach is left to it.
func (l *pduLog) refit(p uint64) {
	if l.idx == nil || l.fl.expr == nil {
		return
	}
	if l.scan.active && p <= l.scan.next {
		return
	}
	e, ok := l.ring.at(p)
	if !ok {
		return
	}
	if l.matches(p, e) {
		l.idx.Insert(p)
	} else {
		l.idx.Remove(p)
	}
}

// Insert adds pos to the index, wherever it falls (a PDU that matches once the log
// learned more about it: a request, usually recent, when its response came).
func (x *posIndex) Insert(pos uint64) {
	i := x.Search(pos)
	if i < x.Len() && x.At(i) == pos {
		return
	}
	if len(x.older) > 0 && pos < x.older[0] {
		// Within the older half (descending): after every position above pos.
		j := len(x.older) - i
		x.older = append(x.older, 0)
		copy(x.older[j+1:], x.older[j:])
		x.older[j] = pos
		return
	}
	j := x.head + i - len(x.older)
	x.newer = append(x.newer, 0)
	copy(x.newer[j+1:], x.newer[j:])
	x.newer[j] = pos
}

// Remove takes pos out of the index, if it is there.
func (x *posIndex) Remove(pos uint64) {
	i := x.Search(pos)
	if i >= x.Len() || x.At(i) != pos {
		return
	}
	if i < len(x.older) {
		j := len(x.older) - 1 - i
		x.older = append(x.older[:j], x.older[j+1:]...)
		return
	}
	j := x.head + i - len(x.older)
	x.newer = append(x.newer[:j], x.newer[j+1:]...)
}
