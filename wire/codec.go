package wire

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"sync"

	"github.com/linxGnu/gosmpp/data"
	"github.com/linxGnu/gosmpp/pdu"
)

// DecodeError is a PDU that framed but did not decode. The header and raw bytes are kept
// so the PDU can still be logged, shown and answered (generic_nack with its sequence).
type DecodeError struct {
	Header Header
	Raw    []byte
	Reason string
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("cannot decode %s (seq %d): %s", CommandName(e.Header.ID), e.Header.Seq, e.Reason)
}

// Decode turns one framed PDU into gosmpp's typed form. It never panics: gosmpp's parser
// runs under recover (it panics on a query_sm with TLVs). A response with no body — legal
// for errors, and common for deliver_sm_resp — decodes to a PDU carrying just its header.
func Decode(raw []byte) (p pdu.PDU, err error) {
	h, ok := ParseHeader(raw)
	if !ok {
		return nil, &DecodeError{Raw: raw, Reason: fmt.Sprintf("only %d octet(s), fewer than a header", len(raw))}
	}
	fail := func(reason string) (pdu.PDU, error) {
		return nil, &DecodeError{Header: h, Raw: raw, Reason: reason}
	}
	if int(h.Length) != len(raw) {
		return fail(fmt.Sprintf("command_length %d but %d octet(s) given", h.Length, len(raw)))
	}
	if !KnownCommand(h.ID) {
		return fail(fmt.Sprintf("unknown command_id 0x%08X", h.ID))
	}
	if len(raw) == HeaderLen && IsResponse(h.ID) {
		return headerOnly(h)
	}
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, &DecodeError{Header: h, Raw: raw, Reason: fmt.Sprintf("decoder panicked: %v", r)}
		}
	}()
	p, err = pdu.Parse(bytes.NewReader(raw))
	if err != nil {
		return fail(err.Error())
	}
	return p, nil
}

func headerOnly(h Header) (pdu.PDU, error) {
	p, err := pdu.CreatePDUFromCmdID(data.CommandIDType(int32(h.ID)))
	if err != nil {
		return nil, &DecodeError{Header: h, Reason: err.Error()}
	}
	setHeader(p, h)
	return p, nil
}

// setHeader overwrites the typed PDU's header fields through the promoted Header field.
func setHeader(p pdu.PDU, h Header) {
	v := reflect.ValueOf(p).Elem().FieldByName("Header")
	if !v.IsValid() {
		return
	}
	v.Set(reflect.ValueOf(pdu.Header{
		CommandLength:  int32(h.Length),
		CommandID:      data.CommandIDType(int32(h.ID)),
		CommandStatus:  data.CommandStatusType(int32(h.Status)),
		SequenceNumber: int32(h.Seq),
	}))
}

// SetStatus sets a typed PDU's command_status (gosmpp has no setter for it).
func SetStatus(p pdu.PDU, status uint32) {
	v := reflect.ValueOf(p).Elem().FieldByName("CommandStatus")
	if v.IsValid() && v.CanSet() {
		v.SetInt(int64(int32(status)))
	}
}

// tlvFieldIndex caches, per PDU type, where gosmpp keeps its TLV map: looking a field
// up by name costs allocations on every marshal, and Marshal is on the submit path.
var tlvFieldIndex sync.Map // reflect.Type → []int (nil: the type has no TLV map)

// tlvMap reaches the optional parameters gosmpp keeps in a map on every PDU type.
func tlvMap(p pdu.PDU) reflect.Value {
	v := reflect.ValueOf(p).Elem()
	t := v.Type()
	idx, ok := tlvFieldIndex.Load(t)
	if !ok {
		var index []int
		if f, found := t.FieldByName("OptionalParameters"); found {
			index = f.Index
		}
		idx, _ = tlvFieldIndex.LoadOrStore(t, index)
	}
	if idx.([]int) == nil {
		return reflect.Value{}
	}
	return v.FieldByIndex(idx.([]int))
}

// TLVsOf returns the TLVs registered on a typed PDU, sorted by tag.
func TLVsOf(p pdu.PDU) []TLV {
	m := tlvMap(p)
	if !m.IsValid() || m.IsNil() {
		return nil
	}
	var out []TLV
	iter := m.MapRange()
	for iter.Next() {
		f := iter.Value().Interface().(pdu.Field)
		out = append(out, TLV{Tag: uint16(f.Tag), Value: f.Data})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Tag < out[j].Tag })
	return out
}

// Marshal encodes p with sequence number seq. gosmpp writes TLVs from a map in random
// order and drops empty ones, so TLVs registered on p are taken out, written in tag order,
// and followed by extra in the order given, zero-length values included.
func Marshal(p pdu.PDU, seq uint32, extra ...TLV) []byte {
	p.SetSequenceNumber(int32(seq))
	tlvs := TLVsOf(p)
	m := tlvMap(p)
	var saved reflect.Value
	if m.IsValid() && !m.IsNil() && m.Len() > 0 {
		saved = reflect.ValueOf(m.Interface()) // the map itself, not the field
		m.Set(reflect.MakeMap(m.Type()))
	}
	buf := pdu.NewBuffer(make([]byte, 0, 128))
	p.Marshal(buf)
	if saved.IsValid() {
		m.Set(saved)
	}
	b := buf.Bytes()
	for _, t := range tlvs {
		b = AppendTLV(b, t)
	}
	for _, t := range extra {
		b = AppendTLV(b, t)
	}
	putLength(b)
	return b
}

// HeaderOnly builds a bodiless PDU: legal for error responses, and what some SMSCs send.
func HeaderOnly(id, status, seq uint32) []byte {
	return Header{Length: HeaderLen, ID: id, Status: status, Seq: seq}.Append(make([]byte, 0, HeaderLen))
}

// GenericNackFor answers a PDU that could not be handled.
func GenericNackFor(seq, status uint32) []byte { return HeaderOnly(GenericNack, status, seq) }

func putLength(b []byte) {
	n := uint32(len(b))
	b[0], b[1], b[2], b[3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
}

// Body returns the PDU's octets after the header.
func Body(raw []byte) []byte {
	if len(raw) < HeaderLen {
		return nil
	}
	return raw[HeaderLen:]
}
