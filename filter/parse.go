package filter

import (
	"github.com/agnivade/levenshtein"
	"regexp"
	"strings"
)

// op is a comparison.
type op uint8

const (
	opEq op = iota
	opNe
	opLt
	opLe
	opGt
	opGe
	opContains
	opMatches
	opAllEq // ===: present, and every occurrence equal
	opAnyNe // !==: some occurrence not equal
)

var opText = [...]string{"==", "!=", "<", "<=", ">", ">=", "contains", "matches", "===", "!=="}

// opWords maps every spelling, Wireshark's included, to its operator.
var opWords = map[string]op{
	"==": opEq, "eq": opEq, "!=": opNe, "ne": opNe,
	"<": opLt, "lt": opLt, "<=": opLe, "le": opLe,
	">": opGt, "gt": opGt, ">=": opGe, "ge": opGe,
	"contains": opContains, "matches": opMatches, "~": opMatches,
	"===": opAllEq, "all_eq": opAllEq, "!==": opAnyNe, "any_ne": opAnyNe, "~=": opAnyNe,
}

// node is one part of a compiled expression.
type node interface {
	eval(p *Packet) bool
	write(b *strings.Builder, parent int) // parent: precedence of the enclosing operator
	needs() source                        // the deepest source it reads
}

type orNode struct{ l, r node }
type andNode struct{ l, r node }
type notNode struct{ x node }
type presentNode struct{ f *field }
type cmpNode struct {
	f  *field
	op op
	v  value
	re *regexp.Regexp
}

// Precedences, as Wireshark's: ! binds tighter than &&, && tighter than ||.
const (
	precOr = iota + 1
	precAnd
	precNot
)

type parser struct {
	toks  []token
	i     int
	src   string
	depth int // of ! and parentheses, bounded so that no input exhausts the stack
}

// maxDepth bounds nesting, and maxExpr the length of a filter: far beyond anything typed.
const (
	maxDepth = 200
	maxExpr  = 64 << 10
)

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func isWord(t token, words ...string) bool {
	if t.kind != tWord {
		return false
	}
	for _, w := range words {
		if t.text == w {
			return true
		}
	}
	return false
}

func (p *parser) parseOr() (node, error) {
	l, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if !(t.kind == tOp && t.text == "||") && !isWord(t, "or") {
			return l, nil
		}
		p.next()
		r, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		l = &orNode{l, r}
	}
}

func (p *parser) parseAnd() (node, error) {
	l, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if !(t.kind == tOp && t.text == "&&") && !isWord(t, "and") {
			return l, nil
		}
		p.next()
		r, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		l = &andNode{l, r}
	}
}

func (p *parser) parseUnary() (node, error) {
	t := p.peek()
	if (t.kind == tOp && t.text == "!") || isWord(t, "not") {
		p.next()
		if p.depth++; p.depth > maxDepth {
			return nil, errAt(t.pos, "nested too deeply (over %d levels of ! and parentheses)", maxDepth)
		}
		defer func() { p.depth-- }()
		x, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &notNode{x}, nil
	}
	return p.parsePrimary()
}

func (p *parser) parsePrimary() (node, error) {
	t := p.next()
	switch t.kind {
	case tLParen:
		if p.depth++; p.depth > maxDepth {
			return nil, errAt(t.pos, "nested too deeply (over %d levels of ! and parentheses)", maxDepth)
		}
		defer func() { p.depth-- }()
		x, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tRParen {
			if c.kind == tEOF {
				return nil, errAt(t.pos, "unbalanced parenthesis: this ( is never closed")
			}
			return nil, errAt(c.pos, "expected ) or && or || here, not %q", c.text)
		}
		return x, nil
	case tRParen:
		return nil, errAt(t.pos, "unbalanced parenthesis: ) without a (")
	case tEOF:
		if p.i == 1 {
			return nil, errAt(t.pos, "the filter is empty: give a field, such as smpp.command_id == submit_sm")
		}
		return nil, errAt(t.pos, "expected a field name after %q", p.toks[p.i-2].text)
	case tString:
		return nil, errAt(t.pos, "expected a field name, not the string %s: a comparison starts with the field (smpp.source_addr == %s)", quote(t.text), quote(t.text))
	case tOp:
		return nil, errAt(t.pos, "expected a field name before %s", t.text)
	}
	if _, isOp := opWords[t.text]; isOp || isWord(t, "and", "or") {
		return nil, errAt(t.pos, "expected a field name before %s", t.text)
	}
	f, ok := byName[t.text]
	if !ok {
		return nil, unknownField(t)
	}
	if in := p.peek(); isWord(in, "in") || isWord(in, "not") && isWord(p.toks[p.i+1], "in") {
		return p.parseSet(f)
	}
	o, hasOp := p.compareOp()
	if !hasOp {
		return &presentNode{f}, nil
	}
	opTok := p.toks[p.i-1]
	v := p.next()
	if v.kind != tWord && v.kind != tString {
		return nil, errAt(v.pos, "expected a value after %s", opTok.text)
	}
	return compileCompare(f, o, opTok, v)
}

// compareOp takes a comparison operator if one comes next.
func (p *parser) compareOp() (op, bool) {
	t := p.peek()
	if t.kind != tOp && t.kind != tWord {
		return 0, false
	}
	o, ok := opWords[t.text]
	if ok {
		p.next()
	}
	return o, ok
}

func unknownField(t token) error {
	if s := suggest(t.text); s != "" {
		return errAt(t.pos, "unknown field %s: did you mean %s?", t.text, s)
	}
	return errAt(t.pos, "unknown field %s: the fields start smpp. (smpp.command_id), or are dir, link, latency, msg, receipt.stat", t.text)
}

// suggest is the known name nearest to a mistyped one, or "".
func suggest(name string) string {
	best, bestD := "", min(4, len(name)/3+1)
	for n := range byName {
		d := distance(name, n)
		if !strings.HasPrefix(name, "smpp.") && strings.HasPrefix(n, "smpp.") {
			if d2 := distance("smpp."+name, n); d2 < d {
				d = d2
			}
		}
		if d < bestD || d == bestD && best != "" && n < best {
			best, bestD = n, d
		}
	}
	return best
}

// distance is the Levenshtein distance, bounded to short names.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99 // no field name is this long: not worth the work
	}
	return levenshtein.ComputeDistance(a, b)
}

// Compile reads a display filter. The error is a *SyntaxError.
func Compile(expr string) (*Filter, error) {
	if len(expr) > maxExpr {
		return nil, errAt(maxExpr, "the filter is longer than %d characters", maxExpr)
	}
	toks, err := lex(expr)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, src: expr}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		if t.kind == tRParen {
			return nil, errAt(t.pos, "unbalanced parenthesis: ) without a (")
		}
		if _, isOp := opWords[t.text]; isOp {
			return nil, errAt(t.pos, "%s needs a field before it and a value after it", t.text)
		}
		return nil, errAt(t.pos, "expected && or || before %q", t.text)
	}
	return &Filter{root: n, src: expr, need: n.needs()}, nil
}
