package ui

import (
	"bytes"
	"time"

	"github.com/smppconsole/smppconsole/filter"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// The log's own correlation, for the display filter's `latency` and `msg`: each
// response is paired with its request by link, direction and sequence_number as it is
// appended (both get the latency), a submit's message_id from its response names both,
// and a receipt is named by the ids its ReceiptEvent gives. Only positions with an id
// cost a map entry; the latency lives in the entry's padding.

type correlation struct {
	pending map[uint64]uint64 // request key → its position, until answered
}

// maxPending bounds the requests waiting for an answer that are remembered: a peer that
// never answers must not grow the map without end.
const maxPending = 1 << 16

func newCorrelation() correlation {
	return correlation{pending: map[uint64]uint64{}}
}

func reqKey(link, dir uint8, seq uint32) uint64 {
	return uint64(link)<<40 | uint64(dir)<<32 | uint64(seq)
}

// onPDU pairs the PDU just appended at p with its request, if it is a response. It
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
		// query_sm, cancel_sm and replace_sm name the message they are about.
		var id string
		switch h.ID {
		case wire.QuerySM, wire.ReplaceSM:
			id = cString(e.raw, 0)
		case wire.CancelSM:
			id = cString(e.raw, 1) // after service_type
		}
		if id != "" {
			l.ring.ids[p] = []string{id}
		}
		return 0, false
	}
	k := reqKey(e.link, e.dir^1, h.Seq)
	q, found := c.pending[k]
	if !found {
		return 0, false
	}
	r, live := l.ring.at(q)
	if !live || h.ID != wire.GenericNack && r.header().ID != h.ID&^wire.ResponseBit {
		return 0, false
	}
	delete(c.pending, k)
	// 0 says none: a sub-microsecond answer reads 1µs; over 71 minutes, 71 minutes.
	us := time.Duration(e.at-r.at) / time.Microsecond
	lat := uint32(min(max(us, 1), 1<<32-1))
	e.lat, r.lat = lat, lat
	switch h.ID {
	case wire.SubmitSMResp, wire.DataSMResp, wire.SubmitMultiResp:
		if id := cString(e.raw, 0); id != "" {
			ids := []string{id}
			l.ring.ids[p], l.ring.ids[q] = ids, ids
			return q, true
		}
	}
	if ids, ok := l.ring.ids[q]; ok {
		l.ring.ids[p] = ids // a query's (cancel's, replace's) response is about its message
	}
	return q, true
}

// cString is the n-th C-octet string of the body (a message_id: at most 65 octets), ""
// when the body is shorter or the string empty.
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
			return string(b[:i])
		}
		b, n = b[i+1:], n-1
	}
}

// OnReceipt names the deliver_sm (or data_sm) that carried a receipt, and its response,
// by the receipt's message id and, when it was matched, the id its submit was given (the
// two may be written in different bases).
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
	in, out := uint8(smppclient.In), uint8(smppclient.Out)
	for _, id := range []uint32{wire.DeliverSM, wire.DataSM} {
		if p, ok := l.ring.find(link, id, ev.Seq, in); ok {
			l.ring.ids[p] = ids
			l.refit(p)
			if r, ok := l.ring.find(link, id|wire.ResponseBit, ev.Seq, out); ok && r > p {
				l.ring.ids[r] = ids
				l.refit(r)
			}
			break
		}
	}
}

// fill puts what the log knows around the PDU at p into the filter's packet.
func (l *pduLog) fill(p uint64, e *entry, pk *filter.Packet) {
	if e.lat != 0 {
		pk.Latency, pk.HasLatency = time.Duration(e.lat)*time.Microsecond, true
	}
	pk.MessageIDs = l.ring.ids[p]
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
