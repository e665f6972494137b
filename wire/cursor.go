package wire

import (
	"encoding/binary"
	"fmt"
)

// Kind says how a field's octets read.
type Kind uint8

const (
	KindOctet   Kind = iota + 1 // one octet: an integer, flags or an enumeration
	KindUint16                  // two octets, big-endian (a TLV's tag and length)
	KindUint32                  // four octets, big-endian (error_status_code)
	KindCString                 // C-octet string; the span includes the NUL
	KindOctets                  // octet string of a length given elsewhere (short_message, a TLV value)
)

// Span is one field as the cursor read it: its name as the spec spells it, and its
// octets [Start, End) (End exclusive) counted from the cursor's base, which is the start
// of the PDU when the body is decoded with DecodeBodyRecorded.
type Span struct {
	Name       string
	Kind       Kind
	Start, End int
	Max        int // KindCString: the spec's maximum size, NUL included (0: none)
}

// Recorder is told of every field a cursor reads, in wire order; the dissector uses
// it to show fields with their bytes. Begin and End bracket the fields of one compound
// part: a dest_address of submit_multi, an unsuccess_sme, a TLV (named by its tag, with
// the children tag, length and value). index counts such parts from 1.
//
// Without a Recorder the cursor allocates nothing; with one, the Recorder's own costs
// are the only ones.
type Recorder interface {
	Field(s Span)
	Begin(name string, index int)
	End()
}

// Problem says what kind of thing is wrong with a field.
type Problem uint8

const (
	// Short: the body ends inside the field (or before it). The body cannot be read as
	// this command at all; an SMSC answers generic_nack ESME_RINVCMDLEN.
	Short Problem = iota + 1
	// TooLong: a C-octet string is longer than the spec allows, or runs past its maximum
	// without a NUL. An SMSC answers with the field's status (FieldError.Status).
	TooLong
	// Invalid: a value the spec does not allow (a dest_flag other than 1 or 2, a bad
	// SMPP time).
	Invalid
)

// FieldError says which field is wrong and why. Decode returns it for a body that does
// not read; Validate for a field that reads but breaks the spec's rules.
type FieldError struct {
	Field   string
	At      int // offset of the field from the cursor's base; -1 when Validate found it
	Problem Problem
	Reason  string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

// Status is the command_status an SMSC answers a request with when this field is wrong:
// ESME_RINVCMDLEN for a body cut short, else the status SMPP 3.4 gives the field
// (ESME_RINVSRCADR for source_addr, ESME_RINVSCHED for schedule_delivery_time, …).
func (e *FieldError) Status() uint32 {
	if e.Problem == Short {
		return StatusInvCmdLen
	}
	if s, ok := fieldStatus[e.Field]; ok {
		return s
	}
	return StatusSysErr
}

// Cursor reads the fields of a PDU body in order. The first failure stops it: every
// later read returns zero values, and Err says which field failed and why. Values it
// returns are sub-slices of the body, not copies.
type Cursor struct {
	b    []byte
	off  int
	base int
	rec  Recorder
	err  error
	open int // Begin calls the recorder has had without their End
}

// NewCursor reads b. base is added to every offset the cursor reports (HeaderLen when b
// is the body of a PDU and spans should count from the PDU's start); rec may be nil.
func NewCursor(b []byte, base int, rec Recorder) Cursor { return Cursor{b: b, base: base, rec: rec} }

// Err is the first failure, a *FieldError or *TLVError, or nil.
func (c *Cursor) Err() error { return c.err }

// Off is the offset of the next unread octet within b.
func (c *Cursor) Off() int { return c.off }

// Rest is what has not been read.
func (c *Cursor) Rest() []byte { return c.b[c.off:] }

// Len is the number of octets not yet read.
func (c *Cursor) Len() int { return len(c.b) - c.off }

func (c *Cursor) fail(field string, p Problem, reason string) {
	if c.err == nil {
		c.err = &FieldError{Field: field, At: c.base + c.off, Problem: p, Reason: reason}
	}
}

func (c *Cursor) record(name string, k Kind, n, max int) {
	if c.rec != nil {
		c.rec.Field(Span{Name: name, Kind: k, Start: c.base + c.off, End: c.base + c.off + n, Max: max})
	}
}

// Octet reads one octet.
func (c *Cursor) Octet(name string) byte {
	if c.err != nil {
		return 0
	}
	if c.off >= len(c.b) {
		c.fail(name, Short, "the body ends before it")
		return 0
	}
	c.record(name, KindOctet, 1, 0)
	c.off++
	return c.b[c.off-1]
}

// Uint32 reads four octets, big-endian.
func (c *Cursor) Uint32(name string) uint32 {
	if c.err != nil {
		return 0
	}
	if len(c.b)-c.off < 4 {
		c.fail(name, Short, fmt.Sprintf("needs 4 octets, %d left", len(c.b)-c.off))
		return 0
	}
	c.record(name, KindUint32, 4, 0)
	c.off += 4
	return binary.BigEndian.Uint32(c.b[c.off-4:])
}

// Octets reads n octets.
func (c *Cursor) Octets(name string, n int) []byte {
	if c.err != nil {
		return nil
	}
	if n < 0 || len(c.b)-c.off < n {
		c.fail(name, Short, fmt.Sprintf("%d octet(s) given by its length, %d left", n, len(c.b)-c.off))
		return nil
	}
	c.record(name, KindOctets, n, 0)
	c.off += n
	return c.b[c.off-n : c.off]
}

// CString reads a C-octet string whose spec maximum, NUL included, is max; the value
// comes without its NUL. Decoding is tolerant: a string that is too long but terminated
// is returned (Validate reports it). A string with no NUL fails: as TooLong when it
// already runs past max, else as Short.
func (c *Cursor) CString(name string, max int) []byte {
	if c.err != nil {
		return nil
	}
	rest := c.b[c.off:]
	n := cstringLen(rest)
	if n < 0 {
		if max > 0 && len(rest) >= max {
			c.fail(name, TooLong, fmt.Sprintf("no NUL within its %d-octet maximum", max))
		} else {
			c.fail(name, Short, "no terminating NUL before the end of the body")
		}
		return nil
	}
	c.record(name, KindCString, n+1, max)
	c.off += n + 1
	return rest[:n:n]
}

// cstringLen is the one place a NUL-terminated field is looked for: the length of the
// C-octet string at the start of b without its NUL, or -1 when b holds no NUL.
func cstringLen(b []byte) int {
	for i, x := range b {
		if x == 0 {
			return i
		}
	}
	return -1
}

// Address reads a TON, an NPI and an address, each named as the spec names it in this
// PDU (source_addr_ton, source_addr_npi, source_addr).
func (c *Cursor) Address(ton, npi, name string, max int) Address {
	var a Address
	a.TON = c.Octet(ton)
	a.NPI = c.Octet(npi)
	a.Addr = c.CString(name, max)
	return a
}

// Begin and End bracket a compound part for the recorder; the recorder sees every Begin
// it is told of closed by an End.
func (c *Cursor) Begin(name string, index int) {
	if c.rec != nil && c.err == nil {
		c.open++
		c.rec.Begin(name, index)
	}
}

func (c *Cursor) End() {
	if c.rec != nil && c.open > 0 {
		c.open--
		c.rec.End()
	}
}

// TLVs reads the rest of the body as optional parameters, appending them to dst in wire
// order, duplicates and zero-length values kept. When the area ends inside a TLV it keeps
// the TLVs before it and sets Err to a *TLVError saying where.
func (c *Cursor) TLVs(dst []TLV) []TLV {
	if c.err != nil {
		return dst
	}
	start := c.off
	for i := 1; c.off < len(c.b); i++ {
		left := len(c.b) - c.off
		if left < 4 {
			c.err = &TLVError{c.off - start, fmt.Sprintf("%d trailing octet(s), too short for a TLV header", left)}
			return dst
		}
		tag := binary.BigEndian.Uint16(c.b[c.off:])
		n := int(binary.BigEndian.Uint16(c.b[c.off+2:]))
		if 4+n > left {
			c.err = &TLVError{c.off - start, fmt.Sprintf("%s claims length %d but only %d octet(s) remain", TagName(tag), n, left-4)}
			return dst
		}
		if c.rec != nil {
			c.rec.Begin(TagName(tag), i)
			c.record("tag", KindUint16, 2, 0)
			c.off += 2
			c.record("length", KindUint16, 2, 0)
			c.off += 2
			c.record("value", KindOctets, n, 0)
			c.off -= 4
			c.rec.End()
		}
		dst = append(dst, TLV{Tag: tag, Value: c.b[c.off+4 : c.off+4+n : c.off+4+n]})
		c.off += 4 + n
	}
	return dst
}

// CString is a C-octet-string TLV's value (receipted_message_id, additional_status_info_text)
// without its NUL; all of the value when it has none.
func (t TLV) CString() []byte {
	if n := cstringLen(t.Value); n >= 0 {
		return t.Value[:n]
	}
	return t.Value
}
