package smsc

import (
	"sync"
)

// The message store remembers accepted messages for query_sm, cancel_sm, replace_sm and
// receipts. Message numbers are handed out in order and messages expire in the same
// order (a fixed TTL from submission), so the store is a deque of fixed-size chunks
// indexed by number: no map, O(1) insert, lookup and eviction, and memory goes back
// to the runtime chunk by chunk as messages expire. Each chunk keeps the variable part
// of its messages (addresses, the start of the text) in one byte arena.

const (
	chunkBits = 12
	chunkSize = 1 << chunkBits
)

// entry is the fixed part of one stored message (32 octets).
type entry struct {
	submitted int64  // unix ns
	doneAt    int64  // unix ns of the final state: planned, or when cancelled
	off       uint32 // record offset in the chunk arena
	conn      uint32 // submitting connection
	acct      uint16 // account index
	n         uint16 // record length
	ndest     uint8  // destinations (submit_multi: more than one)
	outcome   uint8  // index into the outcome table (first destination)
	reg       uint8  // registered_delivery
	flags     uint8
}

const (
	flagDeleted  = 1 << iota // cancel_sm
	flagReplaced             // replace_sm
)

type chunk struct {
	e     [chunkSize]entry
	arena []byte
}

type store struct {
	mu     sync.Mutex
	chunks []*chunk // chunks[0] holds numbers base … base+chunkSize-1
	base   uint64
	oldest uint64 // numbers below are gone
	next   uint64 // next number handed out
	ttl    int64
	max    uint64
}

func newStore(first uint64, ttl int64, max int) *store {
	first &^= chunkSize - 1 // chunk-aligned start keeps the index arithmetic simple
	return &store{base: first, oldest: first, next: first, ttl: ttl, max: uint64(max)}
}

// add stores a message and returns its number. rec is copied.
func (s *store) add(e entry, rec []byte, now int64) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireLocked(now)
	for s.next-s.oldest >= s.max {
		s.dropOldestLocked()
	}
	n := s.next
	ci := int((n - s.base) >> chunkBits)
	if ci == len(s.chunks) {
		s.chunks = append(s.chunks, &chunk{arena: make([]byte, 0, chunkSize*32)})
	}
	ch := s.chunks[ci]
	e.off = uint32(len(ch.arena))
	e.n = uint16(len(rec))
	ch.arena = append(ch.arena, rec...)
	ch.e[n&(chunkSize-1)] = e
	s.next++
	return n
}

// slot returns the entry of number n, or nil; the caller holds mu.
func (s *store) slotLocked(n uint64) (*chunk, *entry) {
	if n < s.oldest || n >= s.next {
		return nil, nil
	}
	ch := s.chunks[(n-s.base)>>chunkBits]
	return ch, &ch.e[n&(chunkSize-1)]
}

// get copies out message n: its entry and its record appended to buf.
func (s *store) get(n uint64, buf []byte) (entry, []byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, e := s.slotLocked(n)
	if e == nil {
		return entry{}, buf, false
	}
	return *e, append(buf, ch.arena[e.off:e.off+uint32(e.n)]...), true
}

// update runs fn on message n under the store lock. fn may return a new record.
func (s *store) update(n uint64, fn func(e *entry, rec []byte) (newRec []byte)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, e := s.slotLocked(n)
	if e == nil {
		return false
	}
	if nr := fn(e, ch.arena[e.off:e.off+uint32(e.n)]); nr != nil {
		e.off = uint32(len(ch.arena))
		e.n = uint16(len(nr))
		ch.arena = append(ch.arena, nr...)
	}
	return true
}

// scan runs fn on every stored message, oldest first, until fn returns false.
func (s *store) scan(fn func(n uint64, e *entry, rec []byte) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for n := s.oldest; n < s.next; n++ {
		ch, e := s.slotLocked(n)
		if !fn(n, e, ch.arena[e.off:e.off+uint32(e.n)]) {
			return
		}
	}
}

// expire forgets messages older than the TTL.
func (s *store) expire(now int64) {
	s.mu.Lock()
	s.expireLocked(now)
	s.mu.Unlock()
}

func (s *store) expireLocked(now int64) {
	for s.oldest < s.next {
		_, e := s.slotLocked(s.oldest)
		if now-e.submitted < s.ttl {
			return
		}
		s.dropOldestLocked()
	}
}

func (s *store) dropOldestLocked() {
	s.oldest++
	if s.oldest-s.base >= chunkSize { // every message of the first chunk is gone
		s.chunks[0] = nil
		s.chunks = s.chunks[1:]
		s.base += chunkSize
	}
}

// len is the number of messages stored.
func (s *store) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return int(s.next - s.oldest)
}
