package filter

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/wire"
)

// value is a compiled literal.
type value struct {
	n    uint64
	b    []byte // text or octets
	d    time.Duration
	keys []string // msg: the id's receipt.IDKeys
}

func compileCompare(f *field, o op, opTok, v token) (node, error) {
	c := &cmpNode{f: f, op: o}
	switch f.kind {
	case kNone:
		return nil, errAt(opTok.pos, "%s has no value to compare: use it alone to test that it is present", f.name)
	case kNum, kDur:
		if o == opContains || o == opMatches {
			return nil, errAt(opTok.pos, "%s works on text and octets; %s is a %s", opText[o], f.name, kindWord(f.kind))
		}
	case kMsg:
		if o != opEq && o != opNe {
			return nil, errAt(opTok.pos, "msg takes == or != (or in {...}) and a message id (msg == 0A1B2C)")
		}
	}
	var err error
	c.v, err = literal(f, o, v)
	if err != nil {
		return nil, err
	}
	if o == opMatches {
		c.re, err = regexp.Compile(string(c.v.b))
		if err != nil {
			return nil, errAt(v.pos, "bad regular expression: %v", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
	}
	return c, nil
}

func kindWord(k kind) string {
	switch k {
	case kNum:
		return "number"
	case kDur:
		return "duration"
	case kBytes:
		return "sequence of octets"
	case kMsg:
		return "message id"
	}
	return "text"
}

func literal(f *field, o op, t token) (value, error) {
	text := t.text
	if o == opMatches || o == opContains {
		return value{b: []byte(text)}, nil
	}
	switch f.kind {
	case kNum:
		if n, ok := number(f, text); ok {
			return value{n: n}, nil
		}
		return value{}, errAt(t.pos, "%s needs %s, not %s", f.name, numWants(f), show(t))
	case kDur:
		if d, err := time.ParseDuration(text); err == nil {
			if d < 0 {
				return value{}, errAt(t.pos, "%s is never negative: %s", f.name, text)
			}
			return value{d: d}, nil
		}
		if s, err := strconv.ParseFloat(text, 64); err == nil && s >= 0 && s < 1e9 {
			return value{d: time.Duration(s * float64(time.Second))}, nil
		}
		return value{}, errAt(t.pos, "%s needs a duration such as 500ms or 2s, not %s", f.name, show(t))
	case kMsg:
		keys := receipt.IDKeys(text)
		if keys == nil {
			return value{}, errAt(t.pos, "msg needs a message id, not %s", show(t))
		}
		return value{b: []byte(text), keys: keys}, nil
	case kBytes:
		if t.kind == tString {
			return value{b: []byte(text)}, nil
		}
		b, ok := parseOctets(text)
		if !ok {
			return value{}, errAt(t.pos, "%s needs octets in hex (68:65:6c) or a quoted string, not %s", f.name, text)
		}
		return value{b: b}, nil
	}
	switch f {
	case fDir:
		if text != "in" && text != "out" {
			return value{}, errAt(t.pos, "dir is in or out, not %s", show(t))
		}
	case fLink:
		if text != "trx" && text != "tx" && text != "rx" {
			return value{}, errAt(t.pos, "link is trx, tx or rx, not %s", show(t))
		}
	case fReceiptStat:
		// A receipt's state may be written several ways: compare the canonical word.
		if s, ok := receipt.StateFromStat(text); ok && s.Stat() != "" {
			text = s.Stat()
		}
	}
	return value{b: []byte(text)}, nil
}

func show(t token) string {
	if t.kind == tString {
		return quote(t.text)
	}
	return t.text
}

func numWants(f *field) string {
	switch f {
	case fCommandID:
		return "a number or a command name (submit_sm, deliver_sm_resp, generic_nack, ...)"
	case fCommandStatus, fErrorStatusCode:
		return "a number or a status name (ESME_ROK, ESME_RTHROTTLED, ...)"
	case fMessageState:
		return "a number or a state name (ENROUTE, DELIVERED, UNDELIVERABLE, ...)"
	}
	return "a number (decimal, or hex as 0x1F)"
}

// number reads a numeric literal, or a name the field's values have.
func number(f *field, text string) (uint64, bool) {
	if text == "" {
		return 0, false
	}
	if '0' <= text[0] && text[0] <= '9' {
		n, err := strconv.ParseUint(text, 0, 64)
		return n, err == nil
	}
	switch f {
	case fCommandID:
		if id, ok := wire.CommandByName(strings.ToLower(text)); ok {
			return uint64(id), true
		}
		// Wireshark's own spelling, "Submit_sm - resp".
		if strings.HasSuffix(text, " - resp") {
			if id, ok := wire.CommandByName(strings.ToLower(strings.TrimSuffix(text, " - resp")) + "_resp"); ok {
				return uint64(id), true
			}
		}
	case fCommandStatus, fErrorStatusCode:
		if v, ok := wire.StatusByName(text); ok {
			return uint64(v), true
		}
	case fMessageState:
		if s, ok := stateByName(text); ok {
			return uint64(s), true
		}
	}
	return 0, false
}

func stateByName(text string) (receipt.State, bool) {
	up := strings.ToUpper(text)
	for s := receipt.State(0); s <= receipt.StateSkipped; s++ {
		if s.String() == up {
			return s, true
		}
	}
	return receipt.StateFromStat(text)
}

func parseOctets(s string) ([]byte, bool) {
	clean := strings.Map(func(r rune) rune {
		if r == ':' || r == '-' || r == '.' {
			return -1
		}
		return r
	}, s)
	if clean == "" || len(clean)%2 != 0 {
		return nil, false
	}
	b, err := hex.DecodeString(clean)
	return b, err == nil
}

// render writes the literal so that Compile reads it back to the same value.
func (c *cmpNode) render() string {
	if c.op == opMatches || c.op == opContains {
		return quote(string(c.v.b))
	}
	switch c.f.kind {
	case kNum:
		n := c.v.n
		switch c.f {
		case fCommandID:
			if n <= 0xFFFFFFFF && wire.KnownCommand(uint32(n)) {
				return wire.CommandName(uint32(n))
			}
			return fmt.Sprintf("0x%08X", n)
		case fCommandStatus, fErrorStatusCode:
			if n <= 0xFFFFFFFF && wire.Status(n).Known() {
				return wire.Status(n).Name()
			}
			return fmt.Sprintf("0x%08X", n)
		}
		return strconv.FormatUint(n, 10)
	case kDur:
		return strings.ReplaceAll(c.v.d.String(), "µs", "us") // as people type it
	case kBytes:
		if len(c.v.b) == 0 {
			return `""`
		}
		var b strings.Builder
		for i, x := range c.v.b {
			if i > 0 {
				b.WriteByte(':')
			}
			fmt.Fprintf(&b, "%02x", x)
		}
		return b.String()
	}
	return quote(string(c.v.b))
}
