package filter

import "strings"

// setNode is `field in {a, b, lo..hi}`: some occurrence is a member (Wireshark 4.0).
type setNode struct {
	f       *field
	members []member
}

// member is one value of a set, or a range lo..hi of numbers or durations.
type member struct {
	lo, hi *cmpNode // hi is nil for a single value
}

func (p *parser) parseSet(f *field) (node, error) {
	negate := false
	if isWord(p.peek(), "not") {
		p.next()
		negate = true
	}
	in := p.next()
	if f.kind == kNone {
		return nil, errAt(in.pos, "%s has no value to compare: use it alone to test that it is present", f.name)
	}
	open := p.next()
	if open.kind != tSet || open.text != "{" {
		return nil, errAt(open.pos, "expected { after in: smpp.command_id in {submit_sm, data_sm}")
	}
	n := &setNode{f: f}
	for {
		v := p.next()
		if v.kind != tWord && v.kind != tString {
			if v.kind == tEOF {
				return nil, errAt(open.pos, "unbalanced brace: this { is never closed")
			}
			return nil, errAt(v.pos, "expected a value in the set")
		}
		m, err := p.member(f, v)
		if err != nil {
			return nil, err
		}
		n.members = append(n.members, m)
		sep := p.next()
		if sep.kind == tSet && sep.text == "}" {
			break
		}
		if sep.kind != tSet || sep.text != "," {
			if sep.kind == tEOF {
				return nil, errAt(open.pos, "unbalanced brace: this { is never closed")
			}
			return nil, errAt(sep.pos, "expected , or } after a value of the set")
		}
	}
	if negate {
		return &notNode{n}, nil
	}
	return n, nil
}

func (p *parser) member(f *field, v token) (member, error) {
	eq := token{kind: tOp, pos: v.pos, text: "in"}
	if v.kind == tWord && (f.kind == kNum || f.kind == kDur) {
		if i := strings.Index(v.text, ".."); i > 0 {
			lo := token{tWord, v.pos, v.pos + i, v.text[:i]}
			hi := token{tWord, v.pos + i + 2, v.end, v.text[i+2:]}
			l, err := compileCompare(f, opGe, eq, lo)
			if err != nil {
				return member{}, err
			}
			h, err := compileCompare(f, opLe, eq, hi)
			if err != nil {
				return member{}, err
			}
			return member{l.(*cmpNode), h.(*cmpNode)}, nil
		}
	}
	c, err := compileCompare(f, opEq, eq, v)
	if err != nil {
		return member{}, err
	}
	return member{lo: c.(*cmpNode)}, nil
}

func (n *setNode) eval(p *Packet) bool {
	if n.f.kind == kMsg {
		for _, m := range n.members {
			if m.lo.eval(p) {
				return true
			}
		}
		return false
	}
	found := false
	p.each(n.f, func(v val) bool {
		for _, m := range n.members {
			if m.hi == nil && m.lo.test(opEq, v) || m.hi != nil && m.lo.test(opGe, v) && m.hi.test(opLe, v) {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

func (n *setNode) write(b *strings.Builder, _ int) {
	b.WriteString(n.f.name)
	b.WriteString(" in {")
	for i, m := range n.members {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(m.lo.render())
		if m.hi != nil {
			b.WriteString("..")
			b.WriteString(m.hi.render())
		}
	}
	b.WriteByte('}')
}

func (n *setNode) needs() source { return n.f.src }
