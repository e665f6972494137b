// Package filter is the display-filter language of the console: Wireshark's SMPP field
// names (smpp.command_id == submit_sm_resp && smpp.command_status != ESME_ROK), plus
// the log's own fields (dir, link, latency, receipt.stat, msg). It is used by the live
// log, open, and the headless decode, stats and report --filter.
//
// The language, as Wireshark 4.0's:
//
//	field                     present (smpp.message_payload)
//	field OP value            == != < <= > >= (eq ne lt le gt ge), === (all_eq), !== (any_ne, ~=)
//	field contains "text"     text or octets; matches "regexp" (Go syntax, ~ too)
//	field in {a, b, lo..hi}   a set; "not in" for the complement
//	! && || ( )               also not, and, or
//
// Values: numbers in decimal or hex (0x58); "quoted strings" with C escapes; octets as
// 68:65:6c; bare words for command names (submit_sm_resp, or Wireshark's Submit_sm),
// status names (ESME_RTHROTTLED), message states (DELIVERED), receipt stats (UNDELIV),
// dir (in, out), link (trx, tx, rx) and message ids (msg == 0A1B2C); durations for
// latency (500ms, 2s).
//
// Semantics follow Wireshark 4.0: a field that occurs several times (the destinations of
// submit_multi, the TLVs) matches ==, <, contains and matches when any occurrence does;
// != holds when the field is present and no occurrence equals the value; any comparison
// with an absent field is false. && binds tighter than ||, and ! tighter than both. So
// do Wireshark's presentation rules: command_status is a field of responses only, the
// body of an error response is not read, an empty C-octet string is absent.
package filter

import (
	"bytes"
	"strings"
)

// Filter is a compiled display filter. It is safe for concurrent use; a Packet is not.
type Filter struct {
	root node
	src  string
	need source
}

// Match reports whether the packet passes the filter. It reads the header straight from
// Raw and decodes the body (once per Packet) only when the filter names a body field.
func (f *Filter) Match(p *Packet) bool { return f.root.eval(p) }

// String is the filter in a canonical form that compiles to the same meaning.
func (f *Filter) String() string {
	var b strings.Builder
	f.root.write(&b, 0)
	return b.String()
}

// NeedsBody reports whether Match decodes PDU bodies (for a caller choosing how to scan).
func (f *Filter) NeedsBody() bool { return f.need == srcBody || f.need == srcText }

func (n *orNode) eval(p *Packet) bool  { return n.l.eval(p) || n.r.eval(p) }
func (n *andNode) eval(p *Packet) bool { return n.l.eval(p) && n.r.eval(p) }
func (n *notNode) eval(p *Packet) bool { return !n.x.eval(p) }

func (n *presentNode) eval(p *Packet) bool {
	found := false
	p.each(n.f, func(val) bool { found = true; return false })
	return found
}

func (n *cmpNode) eval(p *Packet) bool {
	if n.f.kind == kMsg {
		// Present or not, a packet of no message is not of this one; != is "present and
		// of another message", as for any field.
		if len(p.MessageIDs) == 0 {
			return false
		}
		return p.msgMatch(n.v.keys) == (n.op == opEq)
	}
	switch n.op {
	case opNe, opAllEq:
		// != is Wireshark 4.0's "all not equal": present, and no occurrence equal;
		// === is "all equal": present, and every occurrence equal.
		want := n.op == opAllEq
		seen, broken := false, false
		p.each(n.f, func(o val) bool {
			seen = true
			if n.test(opEq, o) != want {
				broken = true
				return false
			}
			return true
		})
		return seen && !broken
	case opAnyNe:
		found := false
		p.each(n.f, func(o val) bool {
			found = !n.test(opEq, o)
			return !found
		})
		return found
	}
	found := false
	p.each(n.f, func(o val) bool {
		if n.test(n.op, o) {
			found = true
			return false
		}
		return true
	})
	return found
}

func (n *cmpNode) test(o op, v val) bool {
	switch n.f.kind {
	case kNum:
		return order(o, cmpUint(v.num, n.v.n))
	case kDur:
		return order(o, cmpUint(uint64(v.num), uint64(n.v.d))) // durations are never negative here
	}
	switch o {
	case opContains:
		return bytes.Contains(v.b, n.v.b)
	case opMatches:
		return n.re.Match(v.b)
	}
	return order(o, bytes.Compare(v.b, n.v.b))
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func order(o op, c int) bool {
	switch o {
	case opEq, opNe:
		return c == 0
	case opLt:
		return c < 0
	case opLe:
		return c <= 0
	case opGt:
		return c > 0
	case opGe:
		return c >= 0
	}
	return false
}

func (n *orNode) write(b *strings.Builder, parent int) {
	writeBinary(b, parent, precOr, n.l, " || ", n.r)
}

func (n *andNode) write(b *strings.Builder, parent int) {
	writeBinary(b, parent, precAnd, n.l, " && ", n.r)
}

func writeBinary(b *strings.Builder, parent, prec int, l node, sep string, r node) {
	if parent > prec {
		b.WriteByte('(')
	}
	l.write(b, prec)
	b.WriteString(sep)
	// The right side of a left-associative chain keeps its grouping.
	r.write(b, prec+1)
	if parent > prec {
		b.WriteByte(')')
	}
}

func (n *notNode) write(b *strings.Builder, _ int) {
	b.WriteByte('!')
	switch n.x.(type) {
	case *cmpNode, *setNode:
		b.WriteByte('(') // !a == b reads as (!a) == b to people, though it is !(a == b)
		n.x.write(b, precNot)
		b.WriteByte(')')
	default:
		n.x.write(b, precNot)
	}
}

func (n *presentNode) write(b *strings.Builder, _ int) { b.WriteString(n.f.name) }

func (n *cmpNode) write(b *strings.Builder, _ int) {
	b.WriteString(n.f.name)
	b.WriteByte(' ')
	b.WriteString(opText[n.op])
	b.WriteByte(' ')
	b.WriteString(n.render())
}

func (n *orNode) needs() source      { return max(n.l.needs(), n.r.needs()) }
func (n *andNode) needs() source     { return max(n.l.needs(), n.r.needs()) }
func (n *notNode) needs() source     { return n.x.needs() }
func (n *presentNode) needs() source { return n.f.src }
func (n *cmpNode) needs() source     { return n.f.src }
