package wire

// This file is the bridge to gosmpp's typed PDUs, which the session (Decode) and the
// submit_sm builder (Marshal) still use. It goes once they read and build through the
// typed bodies of this package (body.go); until then it keeps gosmpp's defects out:
// its parser runs under recover, header-only responses are accepted, and TLVs are
// written in a fixed order with zero-length ones kept. It uses no reflection.

import (
	"bytes"
	"fmt"
	"sort"

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

// parts reaches the header and TLV map that every gosmpp PDU type embeds from its
// unexported base: the fields are exported and promoted, so a type switch reaches them
// without reflection. ok is false for a type gosmpp added after v0.3.1.
func parts(p pdu.PDU) (h *pdu.Header, tlvs *map[pdu.Tag]pdu.Field, ok bool) {
	switch v := p.(type) {
	case *pdu.AlertNotification:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.BindRequest:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.BindResp:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.CancelSM:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.CancelSMResp:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.DataSM:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.DataSMResp:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.DeliverSM:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.DeliverSMResp:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.EnquireLink:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.EnquireLinkResp:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.GenericNack:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.Outbind:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.QuerySM:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.QuerySMResp:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.ReplaceSM:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.ReplaceSMResp:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.SubmitMulti:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.SubmitMultiResp:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.SubmitSM:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.SubmitSMResp:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.Unbind:
		return &v.Header, &v.OptionalParameters, true
	case *pdu.UnbindResp:
		return &v.Header, &v.OptionalParameters, true
	}
	return nil, nil, false
}

// setHeader overwrites the typed PDU's header fields.
func setHeader(p pdu.PDU, h Header) {
	if ph, _, ok := parts(p); ok {
		*ph = pdu.Header{
			CommandLength:  int32(h.Length),
			CommandID:      data.CommandIDType(int32(h.ID)),
			CommandStatus:  data.CommandStatusType(int32(h.Status)),
			SequenceNumber: int32(h.Seq),
		}
	}
}

// SetStatus sets a typed PDU's command_status (gosmpp has no setter for it).
func SetStatus(p pdu.PDU, status uint32) {
	if ph, _, ok := parts(p); ok {
		ph.CommandStatus = data.CommandStatusType(int32(status))
	}
}

// TLVsOf returns the TLVs registered on a typed PDU, sorted by tag (gosmpp keeps them in
// a map, so their order is lost).
func TLVsOf(p pdu.PDU) []TLV {
	_, m, ok := parts(p)
	if !ok || len(*m) == 0 {
		return nil
	}
	out := make([]TLV, 0, len(*m))
	for _, f := range *m {
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
	_, m, ok := parts(p)
	var saved map[pdu.Tag]pdu.Field
	if ok && len(*m) > 0 {
		saved = *m
		*m = map[pdu.Tag]pdu.Field{}
	}
	buf := pdu.NewBuffer(make([]byte, 0, 128))
	p.Marshal(buf)
	if saved != nil {
		*m = saved
	}
	b := buf.Bytes()
	b = appendTLVs(b, tlvs)
	b = appendTLVs(b, extra)
	putLength(b)
	return b
}
