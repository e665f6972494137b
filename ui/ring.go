package ui

import (
	"github.com/smppconsole/smppconsole/wire"
)

// DefaultLogSize is how many PDUs the log retains unless configured otherwise.
const DefaultLogSize = 100_000

// entry is one retained PDU, kept small because a million of them may be retained: the
// header is read back from the raw octets, the link is an index into a short table and
// the rare notes live in a side map. A connection event (the link's story: connecting,
// bound, backing off) is an entry too, with its text in raw and a kind other than
// rowPDU; kind fits in the padding, so a PDU costs no more for it.
type entry struct {
	at   int64  // unix nanoseconds
	raw  []byte // the whole PDU as the session reported it (never modified), or the event's text
	link uint8
	dir  uint8 // smppclient.Direction
	kind uint8 // rowPDU or the kind of connection event
	// peer is how many positions away a request's response is (ahead) or a response's
	// request (behind), 0 until paired (correlation.go); it fits in the padding, and
	// gives the latency and a submit's message_id without storing them.
	peer uint32
}

// Kinds of log row.
const (
	rowPDU   uint8 = iota
	rowLink        // a LinkEvent: connected, TLS established
	rowState       // an ordinary state change: connecting, binding, unbound by the operator
	rowBound       // the link is bound
	rowFault       // a state change caused by something going wrong
)

func (e *entry) isPDU() bool { return e.kind == rowPDU }

// header is the PDU's header; an event row has none (a zero header names no command).
func (e *entry) header() wire.Header {
	if e.kind != rowPDU {
		return wire.Header{}
	}
	h, ok := wire.ParseHeader(e.raw)
	if !ok {
		return wire.Header{Length: uint32(len(e.raw))}
	}
	return h
}

// ring is the bounded PDU log. Positions are absolute (the n-th PDU ever appended has
// position n), so a position stays valid until the PDU is evicted and selections and
// caches survive wrap-around. Appending is O(1); nothing is ever re-rendered from here.
type ring struct {
	buf    []entry
	cap    int
	next   uint64              // position the next append gets
	notes  map[uint64]string   // position → note, for the few PDUs that have one
	ids    map[uint64][]string // position → the message(s) a receipt belongs to (correlation.go)
	events int                 // retained entries that are connection events, not PDUs
}

func newRing(capacity int) *ring {
	if capacity <= 0 {
		capacity = DefaultLogSize
	}
	// Grow on demand: a console retaining a million PDUs should not pay for them at start.
	return &ring{buf: make([]entry, 0, min(capacity, 4096)), cap: capacity, notes: map[uint64]string{}, ids: map[uint64][]string{}}
}

// oldest is the position of the oldest retained entry.
func (r *ring) oldest() uint64 { return r.next - uint64(len(r.buf)) }

// Len is the number of retained entries.
func (r *ring) Len() int { return len(r.buf) }

// push appends e and returns its position.
func (r *ring) push(e entry, note string) uint64 {
	pos := r.next
	if len(r.buf) < r.cap {
		if len(r.buf) == cap(r.buf) {
			// Grow by doubling, but never past the configured size: a full ring holds
			// exactly cap entries.
			nb := make([]entry, len(r.buf), min(max(2*cap(r.buf), 4096), r.cap))
			copy(nb, r.buf)
			r.buf = nb
		}
		r.buf = append(r.buf, e)
	} else {
		evicted := r.oldest()
		if len(r.notes) > 0 {
			delete(r.notes, evicted)
		}
		if len(r.ids) > 0 {
			delete(r.ids, evicted)
		}
		slot := &r.buf[pos%uint64(r.cap)]
		if slot.kind != rowPDU {
			r.events--
		}
		*slot = e
	}
	if note != "" {
		r.notes[pos] = note
	}
	if e.kind != rowPDU {
		r.events++
	}
	r.next++
	return pos
}

// at returns the entry at absolute position pos; ok is false once it was evicted.
func (r *ring) at(pos uint64) (*entry, bool) {
	if pos >= r.next || pos < r.oldest() {
		return nil, false
	}
	if len(r.buf) < r.cap {
		return &r.buf[pos], true
	}
	return &r.buf[pos%uint64(r.cap)], true
}

func (r *ring) note(pos uint64) string { return r.notes[pos] }

// pdus is the number of retained PDUs, connection events left out.
func (r *ring) pdus() int { return len(r.buf) - r.events }

// find returns the position of the newest retained PDU with this command_id,
// sequence_number and direction, on link (an index; any link when link < 0). It walks
// back from the newest entry: the PDUs asked for (a message's submit_sm, its receipt) are
// usually recent.
func (r *ring) find(link int, id, seq uint32, dir uint8) (uint64, bool) {
	for p := r.next; p > r.oldest(); {
		p--
		e, _ := r.at(p)
		if e.kind != rowPDU || e.dir != dir || link >= 0 && int(e.link) != link {
			continue
		}
		if h := e.header(); h.ID == id && h.Seq == seq {
			return p, true
		}
	}
	return 0, false
}

// posIndex is an ordered set of positions: the log's rows when a filter is on. It is
// built from two halves so a filter can be applied from the newest PDU backwards (the
// user sees matches at once) while new matches keep arriving at the end: older holds
// positions in descending order, newer in ascending order, and older's positions are all
// below newer's.
type posIndex struct {
	older []uint64 // descending; the oldest is last
	newer []uint64 // ascending
	head  int      // newer[:head] are evicted
}

func (x *posIndex) Len() int { return len(x.older) + len(x.newer) - x.head }

func (x *posIndex) At(i int) uint64 {
	if i < len(x.older) {
		return x.older[len(x.older)-1-i]
	}
	return x.newer[x.head+i-len(x.older)]
}

func (x *posIndex) Append(pos uint64) { x.newer = append(x.newer, pos) }

// AddOlder adds a position below every position held (the backward scan).
func (x *posIndex) AddOlder(pos uint64) { x.older = append(x.older, pos) }

// Evict drops positions below min.
func (x *posIndex) Evict(min uint64) {
	for len(x.older) > 0 && x.older[len(x.older)-1] < min {
		x.older = x.older[:len(x.older)-1]
	}
	if len(x.older) > 0 {
		return
	}
	for x.head < len(x.newer) && x.newer[x.head] < min {
		x.head++
	}
	// Compact now and then so the slice does not grow without bound.
	if x.head > 4096 && x.head > len(x.newer)/2 {
		n := copy(x.newer, x.newer[x.head:])
		x.newer = x.newer[:n]
		x.head = 0
	}
}

// Search returns the index of the first position >= pos.
func (x *posIndex) Search(pos uint64) int {
	lo, hi := 0, x.Len()
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if x.At(mid) < pos {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}
