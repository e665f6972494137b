package wire

import "fmt"

// PDUBody is the typed body of one PDU. Every type in this package that implements it has
// DecodeFrom (read through a Cursor), Decode (read a body), Append (write the body in
// wire form) and Validate (the spec's rules; decoding itself stays tolerant).
type PDUBody interface {
	// CommandID is the command_id the body belongs to.
	CommandID() uint32
	// DecodeFrom reads the body from c, reusing the value's slices. On a *TLVError the
	// mandatory fields and the TLVs before the bad one are filled in.
	DecodeFrom(c *Cursor) error
	// Append writes the body (not the header) after dst.
	Append(dst []byte) []byte
	// Validate reports the first field, in wire order, that breaks the spec: a C-octet
	// string over its maximum, a bad SMPP time, … as a *FieldError.
	Validate() error
}

// NewBody returns an empty body of the type command id uses, its Command set; ok is
// false for an id with no layout here (unknown, or a 5.0 broadcast command).
func NewBody(id uint32) (PDUBody, bool) {
	switch id {
	case BindTransmitter, BindReceiver, BindTransceiver:
		return &BindBody{Command: id}, true
	case BindTransmitterResp, BindReceiverResp, BindTransceiverResp:
		return &BindRespBody{Command: id}, true
	case Outbind:
		return &OutbindBody{}, true
	case SubmitSM, DeliverSM, DataSM:
		return &SMBody{Command: id}, true
	case SubmitSMResp, DeliverSMResp, DataSMResp:
		return &SMRespBody{Command: id}, true
	case SubmitMulti:
		return &SubmitMultiBody{}, true
	case SubmitMultiResp:
		return &SubmitMultiRespBody{}, true
	case QuerySM:
		return &QuerySMBody{}, true
	case QuerySMResp:
		return &QuerySMRespBody{}, true
	case CancelSM:
		return &CancelSMBody{}, true
	case ReplaceSM:
		return &ReplaceSMBody{}, true
	case AlertNotification:
		return &AlertNotificationBody{}, true
	case GenericNack, Unbind, UnbindResp, EnquireLink, EnquireLinkResp, CancelSMResp, ReplaceSMResp:
		return &EmptyBody{Command: id}, true
	}
	return nil, false
}

// DecodeBody reads the body of a PDU whose header is h into the type its command_id uses
// (see the package documentation for the table). The error is a *FieldError, a *TLVError
// (the body is returned, with the TLVs before the bad one) or, for a command with no
// layout here, a plain error and a nil PDUBody.
func DecodeBody(h Header, body []byte) (PDUBody, error) { return DecodeBodyRecorded(h, body, nil) }

// DecodeBodyRecorded is DecodeBody telling rec of every field, with spans counted from
// the start of the PDU (the body is taken to follow a 16-octet header).
func DecodeBodyRecorded(h Header, body []byte, rec Recorder) (PDUBody, error) {
	b, ok := NewBody(h.ID)
	if !ok {
		if KnownCommand(h.ID) {
			return nil, fmt.Errorf("%s: no body layout for this command", CommandName(h.ID))
		}
		return nil, fmt.Errorf("unknown command_id 0x%08X", h.ID)
	}
	c := NewCursor(body, HeaderLen, rec)
	return b, b.DecodeFrom(&c)
}

// AppendPDU writes a whole PDU, header and command_length included, after dst.
func AppendPDU(dst []byte, b PDUBody, status, seq uint32) []byte {
	start := len(dst)
	dst = Header{ID: b.CommandID(), Status: status, Seq: seq}.Append(dst)
	dst = b.Append(dst)
	putLength(dst[start:])
	return dst
}

// appendTLVs writes TLVs in order, zero-length ones too.
func appendTLVs(b []byte, tlvs []TLV) []byte {
	for _, t := range tlvs {
		b = AppendTLV(b, t)
	}
	return b
}

func decode(b PDUBody, body []byte) error {
	c := Cursor{b: body}
	return b.DecodeFrom(&c)
}

// EmptyBody is the body of a PDU with no mandatory fields: generic_nack, unbind, unbind_resp,
// enquire_link, enquire_link_resp, cancel_sm_resp and replace_sm_resp. Octets after the
// header, if any, are read as TLVs.
type EmptyBody struct {
	Command uint32
	TLVs    []TLV
}

func (b *EmptyBody) CommandID() uint32          { return b.Command }
func (b *EmptyBody) Decode(body []byte) error   { return decode(b, body) }
func (b *EmptyBody) Append(dst []byte) []byte   { return appendTLVs(dst, b.TLVs) }
func (b *EmptyBody) Validate() error            { return nil }
func (b *EmptyBody) DecodeFrom(c *Cursor) error { b.TLVs = c.TLVs(b.TLVs[:0]); return c.Err() }

// BindBody is bind_transmitter, bind_receiver or bind_transceiver (§4.1.1); Command says
// which.
type BindBody struct {
	Command          uint32
	SystemID         []byte
	Password         []byte
	SystemType       []byte
	InterfaceVersion byte
	AddressRange     Address // addr_ton, addr_npi, address_range
	TLVs             []TLV
}

func (b *BindBody) CommandID() uint32        { return b.Command }
func (b *BindBody) Decode(body []byte) error { return decode(b, body) }

func (b *BindBody) DecodeFrom(c *Cursor) error {
	b.SystemID = c.CString("system_id", MaxSystemID)
	b.Password = c.CString("password", MaxPassword)
	b.SystemType = c.CString("system_type", MaxSystemType)
	b.InterfaceVersion = c.Octet("interface_version")
	b.AddressRange = c.Address("addr_ton", "addr_npi", "address_range", MaxAddressRange)
	b.TLVs = c.TLVs(b.TLVs[:0])
	return c.Err()
}

func (b *BindBody) Append(dst []byte) []byte {
	dst = appendCString(dst, b.SystemID)
	dst = appendCString(dst, b.Password)
	dst = appendCString(dst, b.SystemType)
	dst = append(dst, b.InterfaceVersion)
	dst = b.AddressRange.append(dst)
	return appendTLVs(dst, b.TLVs)
}

// Validate never quotes the password, only its length.
func (b *BindBody) Validate() error {
	var k checker
	k.cstr("system_id", b.SystemID, MaxSystemID)
	k.cstr("password", b.Password, MaxPassword)
	k.cstr("system_type", b.SystemType, MaxSystemType)
	k.addr("address_range", b.AddressRange, MaxAddressRange)
	return k.result()
}

// BindRespBody is bind_transmitter_resp, bind_receiver_resp or bind_transceiver_resp
// (§4.1.2): system_id, then TLVs (sc_interface_version).
type BindRespBody struct {
	Command  uint32
	SystemID []byte
	TLVs     []TLV
	// NoBody: the response came header-only (legal for an error); Append writes nothing.
	NoBody bool
}

func (b *BindRespBody) CommandID() uint32        { return b.Command }
func (b *BindRespBody) Decode(body []byte) error { return decode(b, body) }

func (b *BindRespBody) DecodeFrom(c *Cursor) error {
	b.NoBody = c.Len() == 0
	b.SystemID, b.TLVs = nil, b.TLVs[:0]
	if b.NoBody {
		return nil
	}
	b.SystemID = c.CString("system_id", MaxSystemID)
	b.TLVs = c.TLVs(b.TLVs)
	return c.Err()
}

func (b *BindRespBody) Append(dst []byte) []byte {
	if b.NoBody {
		return dst
	}
	return appendTLVs(appendCString(dst, b.SystemID), b.TLVs)
}

func (b *BindRespBody) Validate() error {
	var k checker
	k.cstr("system_id", b.SystemID, MaxSystemID)
	return k.result()
}

// OutbindBody is outbind (§4.1.7): system_id and password.
type OutbindBody struct {
	SystemID []byte
	Password []byte
	TLVs     []TLV
}

func (b *OutbindBody) CommandID() uint32        { return Outbind }
func (b *OutbindBody) Decode(body []byte) error { return decode(b, body) }

func (b *OutbindBody) DecodeFrom(c *Cursor) error {
	b.SystemID = c.CString("system_id", MaxSystemID)
	b.Password = c.CString("password", MaxPassword)
	b.TLVs = c.TLVs(b.TLVs[:0])
	return c.Err()
}

func (b *OutbindBody) Append(dst []byte) []byte {
	return appendTLVs(appendCString(appendCString(dst, b.SystemID), b.Password), b.TLVs)
}

func (b *OutbindBody) Validate() error {
	var k checker
	k.cstr("system_id", b.SystemID, MaxSystemID)
	k.cstr("password", b.Password, MaxPassword)
	return k.result()
}

// SMRespBody is submit_sm_resp, deliver_sm_resp or data_sm_resp (§4.4.2, §4.6.2, §4.7.2):
// message_id (empty in deliver_sm_resp), then TLVs (data_sm_resp's delivery_failure_reason,
// 5.0's congestion_state).
type SMRespBody struct {
	Command   uint32
	MessageID []byte
	TLVs      []TLV
	// NoBody: the response came header-only (legal for an error, and common for an OK
	// deliver_sm_resp); Append writes nothing. When sending an OK response leave it false:
	// the spec asks for the (empty) message_id.
	NoBody bool
}

func (b *SMRespBody) CommandID() uint32        { return b.Command }
func (b *SMRespBody) Decode(body []byte) error { return decode(b, body) }

func (b *SMRespBody) DecodeFrom(c *Cursor) error {
	b.NoBody = c.Len() == 0
	b.MessageID, b.TLVs = nil, b.TLVs[:0]
	if b.NoBody {
		return nil
	}
	b.MessageID = c.CString("message_id", MaxMessageID)
	b.TLVs = c.TLVs(b.TLVs)
	return c.Err()
}

func (b *SMRespBody) Append(dst []byte) []byte {
	if b.NoBody {
		return dst
	}
	return appendTLVs(appendCString(dst, b.MessageID), b.TLVs)
}

func (b *SMRespBody) Validate() error {
	var k checker
	k.cstr("message_id", b.MessageID, MaxMessageID)
	return k.result()
}

// RespMessageID is the message_id at the start of a response body: submit_sm_resp,
// data_sm_resp, deliver_sm_resp, submit_multi_resp and query_sm_resp all begin with it.
// A header-only body gives nil and no error. The slice aliases body.
func RespMessageID(body []byte) ([]byte, error) {
	if len(body) == 0 {
		return nil, nil
	}
	c := Cursor{b: body}
	id := c.CString("message_id", MaxMessageID)
	return id, c.Err()
}
