package dissect

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/wire"
)

// recorder is the wire.Recorder the dissector decodes through: every span the codec's
// cursor reads becomes a Field with its value and meaning, compound parts (dest_address
// n, unsuccess_sme n, each TLV) become a Field with children. The PDU's layouts are
// wire's; what is here is only how each field shows.
type recorder struct {
	raw    []byte
	id     uint32
	out    found
	fields []Field
	open   []part // the compound parts begun and not yet ended
	index  int    // the last dest_address or unsuccess_sme begun, counted from 1
	off    int    // end of the last field read
	tlvs   []wire.TLV
}

func (r *recorder) add(f Field) {
	r.fields = append(r.fields, f)
	r.off = max(r.off, f.End)
}

func (r *recorder) header(h wire.Header) {
	r.add(Field{Name: "command_length", Value: fmt.Sprint(h.Length), JSON: uint64(h.Length), Start: 0, End: 4})
	r.add(Field{Name: "command_id", Value: fmt.Sprintf("0x%08X", h.ID), Meaning: wire.CommandName(h.ID), JSON: uint64(h.ID), Start: 4, End: 8})
	r.add(Field{Name: "command_status", Value: fmt.Sprintf("0x%08X", h.Status), Meaning: wire.StatusName(h.Status), JSON: uint64(h.Status), Start: 8, End: 12})
	r.add(Field{Name: "sequence_number", Value: fmt.Sprint(h.Seq), JSON: uint64(h.Seq), Start: 12, End: 16})
}

// decode reads the body, raw[HeaderLen:end], through the codec and returns what, if
// anything, is wrong with it, in words.
func (r *recorder) decode(h wire.Header, end int) string {
	// Spans count from the start of the PDU, as DecodeBodyRecorded counts them.
	c := wire.NewCursor(r.raw[wire.HeaderLen:end], wire.HeaderLen, r)
	switch h.ID {
	case wire.SubmitSM, wire.DeliverSM, wire.DataSM:
		// The commonest PDUs, decoded into a body of their own type so that neither the
		// body nor the cursor needs an allocation.
		sm := wire.SMBody{Command: h.ID}
		return r.describe(sm.DecodeFrom(&c), end)
	}
	b, ok := wire.NewBody(h.ID)
	if !ok {
		if !wire.KnownCommand(h.ID) {
			return fmt.Sprintf("unknown command_id 0x%08X; body shown as hex", h.ID)
		}
		return fmt.Sprintf("%s: body not dissected; shown as hex", wire.CommandName(h.ID))
	}
	return r.describe(b.DecodeFrom(&c), end)
}

// describe puts a decoding error as the presentation always has: which field, and
// what about it, counted in octets of the PDU.
func (r *recorder) describe(err error, end int) string {
	var fe *wire.FieldError
	if !errors.As(err, &fe) {
		if err != nil {
			return err.Error() // a *TLVError says where in the TLV area
		}
		return ""
	}
	switch {
	case fe.Problem == wire.Invalid && fe.Field == "dest_flag":
		return fmt.Sprintf("dest_address %d: dest_flag 0x%02X is neither 1 (SME) nor 2 (distribution list)", r.index, r.raw[fe.At])
	case fe.Problem == wire.Invalid:
		return fe.Error()
	case fe.Field == "short_message":
		// sm_length is the octet just before it.
		return fmt.Sprintf("short_message: sm_length says %d octets, %d left", r.raw[fe.At-1], end-fe.At)
	case fe.Field == "error_status_code":
		return fe.Error()
	case fe.At >= end:
		return fmt.Sprintf("%s: missing (PDU ends at octet %d)", fe.Field, fe.At)
	}
	return fe.Field + ": no terminating NUL before the end of the PDU"
}

// found is what the rest of the presentation needs from the fields. It is kept here,
// not in the PDU, so that the PDU stays on the caller's stack.
type found struct {
	dataCoding    byte
	hasDataCoding bool
	shortMessage  []byte
	receiptKind   string
	tlvs          []TLV
}

// part is a compound part being read: where its fields start, and its name.
type part struct {
	start int
	name  string
	tlv   bool
}

// Field is told of each field in wire order.
func (r *recorder) Field(s wire.Span) {
	f := Field{Name: s.Name, Start: s.Start, End: s.End}
	if n := len(r.open); n > 0 && r.open[n-1].tlv {
		r.add(f) // tag, length and value: End shows them as one TLV
		return
	}
	v := r.raw[s.Start:s.End]
	switch s.Kind {
	case wire.KindOctet:
		f.Value, f.JSON = fmt.Sprintf("0x%02X", v[0]), uint64(v[0])
		f.Meaning = r.octet(s.Name, v[0])
	case wire.KindUint16:
		n := binary.BigEndian.Uint16(v)
		f.Value, f.JSON = fmt.Sprint(n), uint64(n)
	case wire.KindUint32:
		n := binary.BigEndian.Uint32(v)
		f.Value, f.JSON = fmt.Sprintf("0x%08X", n), uint64(n)
		if s.Name == "error_status_code" {
			f.Meaning = wire.StatusName(n)
		}
	case wire.KindCString:
		str := string(v[:len(v)-1])
		f.Value, f.JSON = str, str
		switch {
		case s.Max > 0 && len(v) > s.Max:
			f.Meaning = fmt.Sprintf("too long: %d octets, the spec allows %d", len(v), s.Max)
		case str != "" && isTime(s.Name):
			f.Meaning = DescribeTime(str)
		}
	case wire.KindOctets:
		h := hex.EncodeToString(v)
		f.Value, f.JSON = h, h
		if s.Name == "short_message" {
			r.out.shortMessage = v
		}
	}
	r.add(f)
}

// octet is the meaning of a one-octet field, and notes what the rest of the
// presentation needs from it.
func (r *recorder) octet(name string, v byte) string {
	switch name {
	case "esm_class":
		if r.id != wire.SubmitSM && r.id != wire.SubmitMulti {
			r.out.receiptKind = receipt.KindName(v)
		}
		return esmClassMeaning(v, r.id)
	case "data_coding":
		r.out.dataCoding, r.out.hasDataCoding = v, true
		return coding.DataCodingName(v)
	case "sm_length":
		return fmt.Sprintf("%d octets", v)
	}
	return octetMeaning(name, v)
}

// Begin opens a compound part: dest_address n, unsuccess_sme n, or a TLV by its name.
func (r *recorder) Begin(name string, index int) {
	group := name == "dest_address" || name == "unsuccess_sme"
	if group {
		r.index = index
		name = fmt.Sprintf("%s %d", name, index)
	}
	r.open = append(r.open, part{start: len(r.fields), name: name, tlv: !group})
}

// End folds the fields read since its Begin into one parent.
func (r *recorder) End() {
	if len(r.open) == 0 {
		return
	}
	pt := r.open[len(r.open)-1]
	r.open = r.open[:len(r.open)-1]
	if pt.start >= len(r.fields) {
		return
	}
	kids := r.fields[pt.start:]
	r.fields = r.fields[:pt.start]
	if pt.tlv && len(kids) == 3 {
		r.tlv(kids[0].Start, kids[2].End)
		return
	}
	kids = append([]Field(nil), kids...)
	r.add(Field{Name: pt.name, Start: kids[0].Start, End: kids[len(kids)-1].End, Children: kids})
}

// tlv adds the TLV at raw[start:end] as a field with tag, length and value children.
func (r *recorder) tlv(start, end int) {
	t := wire.TLV{Tag: binary.BigEndian.Uint16(r.raw[start:]), Value: r.raw[start+4 : end : end]}
	name := wire.TagName(t.Tag)
	value, meaning, js := tlvValue(t)
	hx := hex.EncodeToString(t.Value)
	r.add(Field{
		Name: name, Value: value, Meaning: meaning, JSON: js, Start: start, End: end,
		Children: []Field{
			{Name: "tag", Value: fmt.Sprintf("0x%04X", t.Tag), Meaning: name, JSON: uint64(t.Tag), Start: start, End: start + 2},
			{Name: "length", Value: fmt.Sprint(len(t.Value)), JSON: uint64(len(t.Value)), Start: start + 2, End: start + 4},
			{Name: "value", Value: hx, JSON: hx, Start: start + 4, End: end},
		},
	})
	r.out.tlvs = append(r.out.tlvs, TLV{Tag: t.Tag, Name: name, Value: t.Value})
	r.tlvs = append(r.tlvs, t)
}
