package smppclient

import (
	"github.com/smppconsole/smppconsole/message"
)

// The hot path of Submit, kept free of per-message allocation where that is honest:
//
//   - A message is built once and its submit_sm patched per sequence_number. The
//     session keeps the parts of the last single-part message it built; a Submit of
//     the same message (message.Message.Same: every field, the custom TLVs octet by
//     octet) reuses them. A long message is built anew every time: its parts carry a
//     concatenation reference (UDH or sar_msg_ref_num) that must differ per logical
//     message, or a handset would merge two of them.
//   - The PDU sent, the request that tracks it and the correlator's entry are carved
//     from chunks (slab) instead of allocated one by one. A chunk is garbage once
//     nothing points into it any more (a PDUEvent's Raw, a pending request, an index
//     entry), so a consumer may keep what it was given as long as it likes.

// builtMessage is a message and the parts it built into; never changed once stored.
type builtMessage struct {
	m     message.Message
	parts []message.Part
}

// build returns m's parts, from the cache when m is the last single-part message built.
// The parts are shared between the Submissions of that message: read-only.
func (c *Client) build(m message.Message) ([]message.Part, error) {
	if b := c.lastBuilt.Load(); b != nil && b.m.Same(m) {
		return b.parts, nil
	}
	parts, err := message.Build(m, message.NewRef())
	if err != nil {
		return nil, err
	}
	if len(parts) == 1 {
		c.lastBuilt.Store(&builtMessage{m: m.Clone(), parts: parts})
	}
	return parts, nil
}

// pduChunk is the size of the chunks that sent PDUs are carved from.
const pduChunk = 64 << 10

// byteSlab hands out byte slices carved from shared chunks; its owner serialises it.
type byteSlab struct{ buf []byte }

// take returns n octets (length 0, capacity n) that nothing else will be given.
func (s *byteSlab) take(n int) []byte {
	if cap(s.buf)-len(s.buf) < n {
		s.buf = make([]byte, 0, max(pduChunk, n))
	}
	k := len(s.buf)
	s.buf = s.buf[:k+n]
	return s.buf[k : k : k+n]
}

// slab hands out *T carved from chunks of n; its owner serialises it.
type slab[T any] struct{ free []T }

func (s *slab[T]) get(n int) *T {
	if len(s.free) == 0 {
		s.free = make([]T, n)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}
