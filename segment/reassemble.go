package segment

import (
	"bytes"
	"container/list"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Fragment is one received part of a possibly concatenated message.
type Fragment struct {
	Key   string // who it is from, e.g. source address + "→" + destination; the caller decides
	Ref   uint16 // concatenation reference (UDH 8/16-bit or sar_msg_ref_num)
	Total int
	Seq   int
	Text  string // decoded text of this part (the caller decoded it)
	Data  []byte // raw octets
	At    time.Time
	PDU   uint32 // sequence_number of the PDU that carried it, for the caller's records
}

// Message is a reassembled (or partial) logical message.
type Message struct {
	Key        string
	Ref        uint16
	Total      int
	Text       string   // parts joined in order; missing parts shown as "[part N missing]"
	Data       []byte   // raw octets of the received parts joined in order (missing parts add nothing)
	Have       []int    // part numbers received, sorted
	PDUs       []uint32 // Fragment.PDU of each part in Have, in the same order
	Complete   bool
	Duplicates int
	First      time.Time // earliest At of its fragments
	Last       time.Time // latest At of its fragments, duplicates included
}

// DefaultMaxPending bounds the messages a Reassembler holds while waiting for parts.
const DefaultMaxPending = 10000

// Reassembler joins concatenated parts into messages. Parts are grouped by
// (Key, Ref, Total), as SMSCs and handsets do: a part with the same Key and Ref but a
// different Total belongs to a different message (a reused reference, or a broken
// sender), and each is surfaced on its own, never merged.
//
// Nothing is dropped silently: incomplete messages come back from Expire as partial.
// At most DefaultMaxPending messages wait for parts; when a new one would exceed that,
// the least recently added-to is taken out and returned as partial by the next Expire.
// The owner must therefore call Expire regularly (say once a second).
//
// SMSCs retransmit parts (a deliver_sm_resp that came late), also after the message
// is complete. A completed message is therefore remembered for timeout after its last
// part: a part identical (same Text and Data) to one it had is a late duplicate,
// counted by LateDuplicates, instead of the start of a phantom partial message. The
// cost: a new message reusing Key, Ref and Total within timeout whose first-arriving
// part is identical to the old one loses that part (shown "[part N missing]").
//
// A Reassembler is not safe for concurrent use; the owner serialises calls.
type Reassembler struct {
	timeout    time.Duration
	maxPending int
	pending    map[msgKey]*list.Element // of *partial
	lru        *list.List               // least recently added-to at the front
	evicted    []Message                // surfaced by the next Expire
	finished   map[msgKey]*list.Element // of *partial: completed, kept to spot late duplicates
	finLRU     *list.List
	late       int
}

type msgKey struct {
	key   string
	ref   uint16
	total int
}

type partial struct {
	k           msgKey
	texts       []string // by Seq-1
	data        [][]byte
	pdus        []uint32
	got         []bool
	have        int
	dups        int
	first, last time.Time
}

// NewReassembler returns a Reassembler that gives up on a message when no part of it
// has arrived for timeout.
func NewReassembler(timeout time.Duration) *Reassembler {
	return &Reassembler{
		timeout:    timeout,
		maxPending: DefaultMaxPending,
		pending:    make(map[msgKey]*list.Element),
		lru:        list.New(),
		finished:   make(map[msgKey]*list.Element),
		finLRU:     list.New(),
	}
}

// Add adds a part and returns the message when it is final (done=true), exactly once.
// Final means complete, except for a fragment that can never be placed: a Seq outside
// 1..Total, or a Total over 255 (no wire format carries one). Such a fragment is
// returned at once as its own incomplete message (Have empty, Text marked "[invalid
// part S of T]") so it is shown rather than lost, and it never blocks a real message.
// A single-part fragment (Total <= 1) completes at once whatever its Seq.
// A duplicate part (same Seq again) is counted and its first copy kept.
// Add keeps f.Data without copying: do not modify it afterwards.
func (r *Reassembler) Add(f Fragment) (m Message, done bool) {
	if f.Total <= 1 {
		return Message{Key: f.Key, Ref: f.Ref, Total: 1, Text: f.Text, Data: f.Data,
			Have: []int{1}, PDUs: []uint32{f.PDU}, Complete: true, First: f.At, Last: f.At}, true
	}
	if f.Total > maxTotal || f.Seq < 1 || f.Seq > f.Total {
		return Message{Key: f.Key, Ref: f.Ref, Total: f.Total,
			Text: fmt.Sprintf("[invalid part %d of %d] %s", f.Seq, f.Total, f.Text),
			Data: f.Data, PDUs: []uint32{f.PDU}, First: f.At, Last: f.At}, true
	}
	k := msgKey{f.Key, f.Ref, f.Total}
	var p *partial
	if e, ok := r.pending[k]; ok {
		p = e.Value.(*partial)
		r.lru.MoveToBack(e)
	} else if r.lateDuplicate(k, f) {
		return Message{}, false
	} else {
		if len(r.pending) >= r.maxPending {
			r.evictOldest()
		}
		p = &partial{k: k, texts: make([]string, f.Total), data: make([][]byte, f.Total),
			pdus: make([]uint32, f.Total), got: make([]bool, f.Total), first: f.At, last: f.At}
		r.pending[k] = r.lru.PushBack(p)
	}
	if f.At.Before(p.first) {
		p.first = f.At
	}
	if f.At.After(p.last) {
		p.last = f.At
	}
	i := f.Seq - 1
	if p.got[i] {
		p.dups++
		return Message{}, false
	}
	p.got[i], p.texts[i], p.data[i], p.pdus[i] = true, f.Text, f.Data, f.PDU
	p.have++
	if p.have < len(p.got) {
		return Message{}, false
	}
	r.lru.Remove(r.pending[k])
	delete(r.pending, k)
	r.remember(p)
	return p.message(), true
}

// lateDuplicate reports (and counts) f as a copy of a part of a message already
// completed.
func (r *Reassembler) lateDuplicate(k msgKey, f Fragment) bool {
	e, ok := r.finished[k]
	if !ok {
		return false
	}
	p := e.Value.(*partial)
	i := f.Seq - 1
	if p.texts[i] != f.Text || !bytes.Equal(p.data[i], f.Data) {
		return false
	}
	r.late++
	if f.At.After(p.last) {
		p.last = f.At
	}
	r.finLRU.MoveToBack(e)
	return true
}

// remember keeps a completed message to spot late duplicates. Forgetting one early
// loses nothing but that recognition, so the bound simply drops the oldest.
func (r *Reassembler) remember(p *partial) {
	if e, ok := r.finished[p.k]; ok {
		r.finLRU.Remove(e)
	} else if len(r.finished) >= r.maxPending {
		old := r.finLRU.Remove(r.finLRU.Front()).(*partial)
		delete(r.finished, old.k)
	}
	r.finished[p.k] = r.finLRU.PushBack(p)
}

// LateDuplicates counts parts that arrived again after their message was complete.
func (r *Reassembler) LateDuplicates() int { return r.late }

func (r *Reassembler) evictOldest() {
	e := r.lru.Front()
	if e == nil {
		return
	}
	p := r.lru.Remove(e).(*partial)
	delete(r.pending, p.k)
	r.evicted = append(r.evicted, p.message())
}

// Expire returns, and forgets, the messages whose last part arrived more than timeout
// before now, as partial (Complete=false), plus any evicted to bound memory; oldest
// (by First) first.
func (r *Reassembler) Expire(now time.Time) []Message {
	out := r.evicted
	r.evicted = nil
	for e := r.lru.Front(); e != nil; {
		next := e.Next()
		p := e.Value.(*partial)
		if now.Sub(p.last) > r.timeout {
			r.lru.Remove(e)
			delete(r.pending, p.k)
			out = append(out, p.message())
		}
		e = next
	}
	for e := r.finLRU.Front(); e != nil; {
		next := e.Next()
		if p := e.Value.(*partial); now.Sub(p.last) > r.timeout {
			r.finLRU.Remove(e)
			delete(r.finished, p.k)
		}
		e = next
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].First.Before(out[j].First) })
	return out
}

// Pending reports the messages not yet handed back: those waiting for parts plus
// those evicted and waiting for the next Expire.
func (r *Reassembler) Pending() int {
	return len(r.pending) + len(r.evicted)
}

func (p *partial) message() Message {
	m := Message{Key: p.k.key, Ref: p.k.ref, Total: p.k.total, Complete: p.have == len(p.got),
		Duplicates: p.dups, First: p.first, Last: p.last, Have: make([]int, 0, p.have), PDUs: make([]uint32, 0, p.have)}
	var b strings.Builder
	for i, ok := range p.got {
		if !ok {
			fmt.Fprintf(&b, "[part %d missing]", i+1)
			continue
		}
		b.WriteString(p.texts[i])
		m.Data = append(m.Data, p.data[i]...)
		m.Have = append(m.Have, i+1)
		m.PDUs = append(m.PDUs, p.pdus[i])
	}
	m.Text = b.String()
	return m
}
