// Package stats computes SMPP operation statistics over a stream of PDUs: counts per
// command and per command_status, response times per command, outstanding and never
// answered requests, and receipt latency (submit to final receipt) per final state.
//
// A Collector is fed one Record at a time, so the same code serves a file read to its end
// and a live session fed as PDUs arrive. Its memory is bounded: the outstanding requests
// and the message ids waiting for receipts are capped, and latencies go to fixed-size
// HdrHistograms.
package stats

import (
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// Side is which end of a conversation sent a PDU. Requests and responses are matched
// across sides: a response answers a request the other side sent. SideUnknown (hex
// input) matches SideUnknown.
type Side uint8

const (
	SideUnknown Side = iota
	SideESME         // sent by the ESME (our session's "out")
	SideSMSC         // sent by the SMSC (our session's "in")
)

func (s Side) other() Side {
	switch s {
	case SideESME:
		return SideSMSC
	case SideSMSC:
		return SideESME
	}
	return SideUnknown
}

// Record is one PDU as it crossed the wire. At is zero when the input has no time stamps
// (hex); response times and receipt latencies are then not measured.
type Record struct {
	At   time.Time
	Conv string // the link or TCP conversation: sequence numbers are per conversation
	Side Side
	Raw  []byte // the whole PDU, header included; not retained after Add returns
}

// Settings bound the Collector. Zero values take the defaults.
type Settings struct {
	// Timeout: a request unanswered for this long (by the time of the latest record)
	// counts as never answered. Default 60s; negative means never.
	Timeout time.Duration
	// MaxOutstanding caps the requests waiting for a response; past it the oldest is
	// counted as never answered. Default 100000.
	MaxOutstanding int
	// MaxSubmits caps the accepted message ids waiting for their final receipt; past it
	// the oldest is forgotten. Default 100000.
	MaxSubmits int
}

const (
	DefaultTimeout        = 60 * time.Second
	DefaultMaxOutstanding = 100_000
	DefaultMaxSubmits     = 100_000
	maxExamples           = 20 // never-answered requests listed by sequence number
	// A damaged or hostile capture may name any command_id and command_status: past
	// these many unknown ones, they are counted together, so memory stays bounded.
	maxUnknownCommands = 32
	maxStatuses        = 64 // per command and overall
)

type reqKey struct {
	conv string
	side Side
	seq  uint32
	cmd  uint32 // the request's command_id
}

type pending struct {
	at    time.Time
	order uint64 // which request this was, to tell a reused key from the queued one
}

type queued struct {
	key   reqKey
	order uint64
}

type cmdCount struct {
	count    int
	statuses map[uint32]int // responses only
}

// Collector accumulates statistics. It is not safe for concurrent use.
type Collector struct {
	set Settings

	pdus, malformed int
	first, last     time.Time
	timed           bool

	commands map[uint32]*cmdCount
	statuses map[uint32]int
	unknown  int // distinct command_ids no spec names
	other    int // PDUs of unknown commands past maxUnknownCommands
	otherSt  int // responses whose status was past maxStatuses

	outstanding map[reqKey]pending
	queue       []queued // requests in arrival order; answered ones are skipped lazily
	order       uint64
	respTimes   map[uint32]*latency // by request command_id

	unanswered  map[uint32]int // by request command_id
	examples    []Unanswered
	unmatched   map[uint32]int // responses to no known request, by command_id
	genericNack int

	receipts receiptIndex
}

// New returns an empty Collector.
func New(s Settings) *Collector {
	if s.Timeout == 0 {
		s.Timeout = DefaultTimeout
	}
	if s.MaxOutstanding <= 0 {
		s.MaxOutstanding = DefaultMaxOutstanding
	}
	if s.MaxSubmits <= 0 {
		s.MaxSubmits = DefaultMaxSubmits
	}
	return &Collector{
		set:         s,
		commands:    map[uint32]*cmdCount{},
		statuses:    map[uint32]int{},
		outstanding: map[reqKey]pending{},
		respTimes:   map[uint32]*latency{},
		unanswered:  map[uint32]int{},
		unmatched:   map[uint32]int{},
		receipts:    newReceiptIndex(s.MaxSubmits),
	}
}

// requestIDs are the commands a generic_nack may answer.
var requestIDs = []uint32{
	wire.SubmitSM, wire.DeliverSM, wire.DataSM, wire.EnquireLink, wire.BindTransceiver,
	wire.BindTransmitter, wire.BindReceiver, wire.Unbind, wire.QuerySM, wire.CancelSM,
	wire.ReplaceSM, wire.SubmitMulti, wire.BroadcastSM, wire.QueryBroadcastSM, wire.CancelBroadcastSM,
}

// Add counts one PDU. A PDU whose header cannot be read is counted as malformed.
func (c *Collector) Add(r Record) {
	c.pdus++
	h, ok := wire.ParseHeader(r.Raw)
	if !ok || int(h.Length) != len(r.Raw) {
		c.malformed++
		return
	}
	if !r.At.IsZero() {
		c.timed = true
		if c.first.IsZero() || r.At.Before(c.first) {
			c.first = r.At
		}
		if r.At.After(c.last) {
			c.last = r.At
		}
	}
	cc := c.commands[h.ID]
	if cc == nil {
		if !wire.KnownCommand(h.ID) {
			if c.unknown >= maxUnknownCommands {
				c.other++
				return
			}
			c.unknown++
		}
		cc = &cmdCount{}
		c.commands[h.ID] = cc
	}
	cc.count++
	if wire.IsResponse(h.ID) {
		if cc.statuses == nil {
			cc.statuses = map[uint32]int{}
		}
		if !countStatus(cc.statuses, h.Status) || !countStatus(c.statuses, h.Status) {
			c.otherSt++
		}
		c.response(r, h)
	} else if h.ID != wire.AlertNotification && h.ID != wire.Outbind {
		c.request(r, h)
	}
	c.expire(r.At)
}

func (c *Collector) request(r Record, h wire.Header) {
	k := reqKey{r.Conv, r.Side, h.Seq, h.ID}
	c.order++
	if _, dup := c.outstanding[k]; dup {
		// The same sequence number reused before its answer: the first never got one.
		c.neverAnswered(k, c.outstanding[k].at)
	}
	c.outstanding[k] = pending{at: r.At, order: c.order}
	c.queue = append(c.queue, queued{k, c.order})
	if len(c.outstanding) > c.set.MaxOutstanding {
		c.evictOldest()
	}
	if len(c.queue) > 2*len(c.outstanding)+1024 {
		c.compact()
	}
	if isReceiptCarrier(h.ID) {
		c.receipts.onDeliver(r, h)
	}
}

func (c *Collector) response(r Record, h wire.Header) {
	want := reqKey{r.Conv, r.Side.other(), h.Seq, h.ID &^ wire.ResponseBit}
	p, ok := c.outstanding[want]
	if !ok && h.ID == wire.GenericNack {
		c.genericNack++
		sides := []Side{want.side}
		if r.Side == SideUnknown { // hex: a generic_nack may come from either end
			sides = []Side{SideUnknown, SideESME, SideSMSC}
		}
	search:
		for _, s := range sides {
			want.side = s
			for _, id := range requestIDs {
				want.cmd = id
				if p, ok = c.outstanding[want]; ok {
					break search
				}
			}
		}
	}
	if !ok {
		c.unmatched[h.ID]++
		return
	}
	delete(c.outstanding, want)
	if c.timed && !p.at.IsZero() && !r.At.IsZero() {
		l := c.respTimes[want.cmd]
		if l == nil {
			l = newLatency()
			c.respTimes[want.cmd] = l
		}
		l.record(r.At.Sub(p.at))
	}
	if h.Status == wire.StatusOK && (h.ID == wire.SubmitSMResp || h.ID == wire.DataSMResp) {
		c.receipts.onAccepted(r, p.at)
	}
}

// expire counts the requests older than the timeout as never answered.
func (c *Collector) expire(now time.Time) {
	if c.set.Timeout < 0 || now.IsZero() {
		return
	}
	limit := now.Add(-c.set.Timeout)
	n := 0
	for ; n < len(c.queue); n++ {
		q := c.queue[n]
		p, ok := c.outstanding[q.key]
		if !ok || p.order != q.order {
			continue // answered, or the key was reused
		}
		if !p.at.Before(limit) {
			break
		}
		delete(c.outstanding, q.key)
		c.neverAnswered(q.key, p.at)
	}
	c.queue = c.queue[n:]
}

func (c *Collector) evictOldest() {
	for len(c.queue) > 0 {
		q := c.queue[0]
		c.queue = c.queue[1:]
		if p, ok := c.outstanding[q.key]; ok && p.order == q.order {
			delete(c.outstanding, q.key)
			c.neverAnswered(q.key, p.at)
			return
		}
	}
}

// compact drops the answered requests from the queue, so it stays proportional to
// what is outstanding.
func (c *Collector) compact() {
	q := c.queue[:0]
	for _, e := range c.queue {
		if p, ok := c.outstanding[e.key]; ok && p.order == e.order {
			q = append(q, e)
		}
	}
	clear(c.queue[len(q):])
	c.queue = q
}

func (c *Collector) neverAnswered(k reqKey, at time.Time) {
	c.unanswered[k.cmd]++
	if len(c.examples) < maxExamples {
		c.examples = append(c.examples, unansweredOf(k, at))
	}
}

// Finish counts every request still outstanding as never answered: the end of a file.
// Later Adds carry on counting.
func (c *Collector) Finish() {
	for _, q := range c.queue {
		if p, ok := c.outstanding[q.key]; ok && p.order == q.order {
			delete(c.outstanding, q.key)
			c.neverAnswered(q.key, p.at)
		}
	}
	c.queue = c.queue[:0]
}

func isReceiptCarrier(id uint32) bool { return id == wire.DeliverSM || id == wire.DataSM }

// countStatus counts status in m unless m already holds maxStatuses others.
func countStatus(m map[uint32]int, status uint32) bool {
	if _, ok := m[status]; !ok && len(m) >= maxStatuses {
		return false
	}
	m[status]++
	return true
}
