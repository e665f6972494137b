package burst

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/message"
)

// Source gives the messages of a run, one per call; seq counts from 1. It is called from
// one goroutine at a time.
type Source interface {
	Next(seq uint64) (message.Message, error)
}

// Template is a text with placeholders, expanded once per message:
//
//	{seq}             the message's number in the run, from 1
//	{rand:N}          N random digits (from the run's seed, so a run can be repeated)
//	{range:A-B}       the numbers A to B in turn, cycling, zero-padded to A's width
//	{uuid}            a random (version 4) UUID, from the same seeded generator
//	{time}            the time of expansion, RFC 3339 with milliseconds
//
// Anything else is literal; "{{" is a literal "{".
type Template struct {
	src   string
	parts []piece
}

type pieceKind int

const (
	literal pieceKind = iota
	seqPiece
	randPiece
	rangePiece
	uuidPiece
	timePiece
)

type piece struct {
	kind       pieceKind
	text       string
	n          int    // rand: digits
	lo, hi     uint64 // range
	width      int
	rangeIndex uint64
}

// ParseTemplate reads a template; errors name the placeholder.
func ParseTemplate(s string) (*Template, error) {
	t := &Template{src: s}
	rest := s
	var lit strings.Builder
	for rest != "" {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			lit.WriteString(rest)
			break
		}
		lit.WriteString(rest[:i])
		rest = rest[i:]
		if strings.HasPrefix(rest, "{{") {
			lit.WriteByte('{')
			rest = rest[2:]
			continue
		}
		j := strings.IndexByte(rest, '}')
		if j < 0 {
			return nil, fmt.Errorf("template %q: %q has no closing }", s, rest)
		}
		p, err := parsePiece(rest[1:j])
		if err != nil {
			return nil, fmt.Errorf("template %q: %w", s, err)
		}
		if lit.Len() > 0 {
			t.parts = append(t.parts, piece{kind: literal, text: lit.String()})
			lit.Reset()
		}
		t.parts = append(t.parts, p)
		rest = rest[j+1:]
	}
	if lit.Len() > 0 {
		t.parts = append(t.parts, piece{kind: literal, text: lit.String()})
	}
	return t, nil
}

func parsePiece(s string) (piece, error) {
	name, arg, hasArg := strings.Cut(s, ":")
	switch name {
	case "seq", "uuid", "time":
		if hasArg {
			return piece{}, fmt.Errorf("{%s} takes no argument", name)
		}
		return piece{kind: map[string]pieceKind{"seq": seqPiece, "uuid": uuidPiece, "time": timePiece}[name]}, nil
	case "rand":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 || n > 64 {
			return piece{}, fmt.Errorf("{rand:N} wants N digits from 1 to 64, not %q", arg)
		}
		return piece{kind: randPiece, n: n}, nil
	case "range":
		a, b, ok := strings.Cut(arg, "-")
		lo, err1 := strconv.ParseUint(a, 10, 64)
		hi, err2 := strconv.ParseUint(b, 10, 64)
		if !ok || err1 != nil || err2 != nil || hi < lo {
			return piece{}, fmt.Errorf("{range:A-B} wants two numbers, A no greater than B, not %q", arg)
		}
		return piece{kind: rangePiece, lo: lo, hi: hi, width: len(a)}, nil
	}
	return piece{}, fmt.Errorf("unknown placeholder {%s}: want {seq}, {rand:N}, {range:A-B}, {uuid} or {time}", s)
}

// String is the template as written.
func (t *Template) String() string { return t.src }

// Expand fills the placeholders for message seq. The {range} pieces advance on each call.
func (t *Template) Expand(seq uint64, rng *rand.Rand, now time.Time) string {
	if len(t.parts) == 1 && t.parts[0].kind == literal {
		return t.parts[0].text
	}
	var b strings.Builder
	for i := range t.parts {
		p := &t.parts[i]
		switch p.kind {
		case literal:
			b.WriteString(p.text)
		case seqPiece:
			b.WriteString(strconv.FormatUint(seq, 10))
		case randPiece:
			for range p.n {
				b.WriteByte(byte('0' + rng.IntN(10)))
			}
		case rangePiece:
			v := p.lo + p.rangeIndex%(p.hi-p.lo+1)
			p.rangeIndex++
			s := strconv.FormatUint(v, 10)
			for range p.width - len(s) {
				b.WriteByte('0')
			}
			b.WriteString(s)
		case uuidPiece:
			var u [16]byte
			for k := 0; k < 16; k += 8 {
				v := rng.Uint64()
				for j := range 8 {
					u[k+j] = byte(v >> (8 * j))
				}
			}
			u[6] = u[6]&0x0f | 0x40
			u[8] = u[8]&0x3f | 0x80
			fmt.Fprintf(&b, "%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
		case timePiece:
			b.WriteString(now.UTC().Format("2006-01-02T15:04:05.000Z07:00"))
		}
	}
	return b.String()
}

// Templates fill the destination, source and text of a base message, which gives
// everything else (coding, split, registered_delivery, TLVs…). Addresses are read as
// send reads them (message.ResolveAddress), keeping TON/NPI given with the base's
// address when FromTON/FromNPI are set.
type Templates struct {
	Base             message.Message
	To, From, Text   *Template
	FromTON, FromNPI *byte // as given by the operator; nil: inferred per message
	Seed             uint64
	Clock            func() time.Time

	rng *rand.Rand
}

// String describes the messages for the report.
func (t *Templates) String() string {
	var parts []string
	for _, f := range []struct {
		name string
		t    *Template
	}{{"to", t.To}, {"from", t.From}, {"text", t.Text}} {
		if f.t != nil {
			parts = append(parts, fmt.Sprintf("%s %q", f.name, f.t.src))
		}
	}
	return strings.Join(parts, ", ")
}

// Next builds message seq.
func (t *Templates) Next(seq uint64) (message.Message, error) {
	if t.rng == nil {
		t.rng = rand.New(rand.NewPCG(t.Seed, t.Seed^0x9e3779b97f4a7c15))
	}
	now := time.Now()
	if t.Clock != nil {
		now = t.Clock()
	}
	m := t.Base
	var err error
	if t.To != nil {
		if m.Dest, err = message.ParseDestination(t.To.Expand(seq, t.rng, now)); err != nil {
			return m, fmt.Errorf("message %d: --to: %w", seq, err)
		}
	}
	if t.From != nil {
		if m.Source, err = message.ResolveAddress(message.SourceAddr, t.From.Expand(seq, t.rng, now), t.FromTON, t.FromNPI); err != nil {
			return m, fmt.Errorf("message %d: --from: %w", seq, err)
		}
	}
	if t.Text != nil {
		m.Text = t.Text.Expand(seq, t.rng, now)
	}
	if err := m.Validate(); err != nil {
		return m, fmt.Errorf("message %d: %w", seq, err)
	}
	return m, nil
}

// Row is one line of a --csv file.
type Row struct {
	Line           int
	To, From, Text string
}

// ReadCSV reads rows of to,from,text. A first row "to,from,text" is a header and
// skipped. Every row is checked now, so that a bad one stops the run before it starts;
// errors give the line number.
func ReadCSV(r io.Reader) ([]Row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	var rows []Row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("csv: %w", err) // a csv.ParseError names its line
		}
		line, _ := cr.FieldPos(0)
		if len(rows) == 0 && len(rec) == 3 && strings.EqualFold(strings.TrimSpace(rec[0]), "to") &&
			strings.EqualFold(strings.TrimSpace(rec[1]), "from") && strings.EqualFold(strings.TrimSpace(rec[2]), "text") {
			continue
		}
		if len(rec) != 3 {
			return nil, fmt.Errorf("csv line %d: %d fields, want 3 (to,from,text)", line, len(rec))
		}
		row := Row{Line: line, To: strings.TrimSpace(rec[0]), From: strings.TrimSpace(rec[1]), Text: rec[2]}
		if _, err := message.ParseDestination(row.To); err != nil {
			return nil, fmt.Errorf("csv line %d: to: %w", line, err)
		}
		if row.From != "" {
			if _, err := message.ResolveAddress(message.SourceAddr, row.From, nil, nil); err != nil {
				return nil, fmt.Errorf("csv line %d: from: %w", line, err)
			}
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, errors.New("csv: no rows")
	}
	return rows, nil
}

// Rows is a Source over CSV rows, cycling when the run asks for more messages than there
// are rows. An empty from keeps the base message's source.
type Rows struct {
	Base message.Message
	Rows []Row
}

// String describes the messages for the report.
func (r *Rows) String() string { return fmt.Sprintf("%d CSV rows", len(r.Rows)) }

// Next builds message seq from row (seq-1) mod len(Rows).
func (r *Rows) Next(seq uint64) (message.Message, error) {
	row := r.Rows[(seq-1)%uint64(len(r.Rows))]
	m := r.Base
	var err error
	if m.Dest, err = message.ParseDestination(row.To); err != nil {
		return m, fmt.Errorf("csv line %d: to: %w", row.Line, err)
	}
	if row.From != "" {
		if m.Source, err = message.ResolveAddress(message.SourceAddr, row.From, nil, nil); err != nil {
			return m, fmt.Errorf("csv line %d: from: %w", row.Line, err)
		}
	}
	m.Text = row.Text
	if err := m.Validate(); err != nil {
		return m, fmt.Errorf("csv line %d: %w", row.Line, err)
	}
	return m, nil
}
