package wire

import "fmt"

// MessageFields are the fields submit_sm, deliver_sm and submit_multi share after their
// addresses, esm_class to short_message (§4.4.1). data_sm uses only ESMClass,
// RegisteredDelivery and DataCoding.
type MessageFields struct {
	ESMClass             byte
	ProtocolID           byte
	PriorityFlag         byte
	ScheduleDeliveryTime []byte
	ValidityPeriod       []byte
	RegisteredDelivery   byte
	ReplaceIfPresent     byte // replace_if_present_flag
	DataCoding           byte
	SMDefaultMsgID       byte
	ShortMessage         []byte // raw, UDH included; sm_length is its length
}

func (m *MessageFields) decode(c *Cursor) {
	m.ESMClass = c.Octet("esm_class")
	m.ProtocolID = c.Octet("protocol_id")
	m.PriorityFlag = c.Octet("priority_flag")
	m.ScheduleDeliveryTime = c.CString("schedule_delivery_time", MaxTime)
	m.ValidityPeriod = c.CString("validity_period", MaxTime)
	m.RegisteredDelivery = c.Octet("registered_delivery")
	m.ReplaceIfPresent = c.Octet("replace_if_present_flag")
	m.DataCoding = c.Octet("data_coding")
	m.SMDefaultMsgID = c.Octet("sm_default_msg_id")
	n := c.Octet("sm_length")
	m.ShortMessage = c.Octets("short_message", int(n))
}

func (m *MessageFields) append(b []byte) []byte {
	b = append(b, m.ESMClass, m.ProtocolID, m.PriorityFlag)
	b = appendCString(b, m.ScheduleDeliveryTime)
	b = appendCString(b, m.ValidityPeriod)
	b = append(b, m.RegisteredDelivery, m.ReplaceIfPresent, m.DataCoding, m.SMDefaultMsgID)
	return appendSM(b, m.ShortMessage)
}

// SMBody is submit_sm (§4.4.1), deliver_sm (§4.6.1) or data_sm (§4.7.1); Command says
// which, and must be set before Decode. submit_sm and deliver_sm share one layout.
// data_sm has no protocol_id, priority_flag, times, replace_if_present_flag,
// sm_default_msg_id or short_message (its text is in message_payload), and its
// addresses may be 65 octets, not 21; those fields stay zero and Append skips them.
type SMBody struct {
	Command     uint32
	ServiceType []byte
	Source      Address // source_addr_ton, source_addr_npi, source_addr
	Dest        Address // dest_addr_ton, dest_addr_npi, destination_addr
	MessageFields
	TLVs []TLV
}

func (b *SMBody) CommandID() uint32        { return b.Command }
func (b *SMBody) Decode(body []byte) error { return decode(b, body) }

func (b *SMBody) DecodeFrom(c *Cursor) error {
	tlvs := b.TLVs[:0]
	*b = SMBody{Command: b.Command}
	if b.Command != SubmitSM && b.Command != DeliverSM && b.Command != DataSM {
		return fmt.Errorf("SMBody.Command is %s; set submit_sm, deliver_sm or data_sm before Decode", CommandName(b.Command))
	}
	max := MaxAddr
	if b.Command == DataSM {
		max = MaxAddr65
	}
	b.ServiceType = c.CString("service_type", MaxServiceType)
	b.Source = c.Address("source_addr_ton", "source_addr_npi", "source_addr", max)
	b.Dest = c.Address("dest_addr_ton", "dest_addr_npi", "destination_addr", max)
	if b.Command == DataSM {
		b.ESMClass = c.Octet("esm_class")
		b.RegisteredDelivery = c.Octet("registered_delivery")
		b.DataCoding = c.Octet("data_coding")
	} else {
		b.MessageFields.decode(c)
	}
	b.TLVs = c.TLVs(tlvs)
	return c.Err()
}

func (b *SMBody) Append(dst []byte) []byte {
	dst = appendCString(dst, b.ServiceType)
	dst = b.Source.append(dst)
	dst = b.Dest.append(dst)
	if b.Command == DataSM {
		dst = append(dst, b.ESMClass, b.RegisteredDelivery, b.DataCoding)
	} else {
		dst = b.MessageFields.append(dst)
	}
	return appendTLVs(dst, b.TLVs)
}

// Validate checks field sizes in wire order, then that short_message and
// message_payload are not both used (§5.3.2.32), then the two SMPP times.
func (b *SMBody) Validate() error {
	var k checker
	max := MaxAddr
	if b.Command == DataSM {
		max = MaxAddr65
	}
	k.cstr("service_type", b.ServiceType, MaxServiceType)
	k.addr("source_addr", b.Source, max)
	k.addr("destination_addr", b.Dest, max)
	if b.Command != DataSM {
		k.cstr("schedule_delivery_time", b.ScheduleDeliveryTime, MaxTime)
		k.cstr("validity_period", b.ValidityPeriod, MaxTime)
		k.sm(b.ShortMessage)
		if _, ok := FindTLV(b.TLVs, TagMessagePayload); ok && len(b.ShortMessage) > 0 && k.err == nil {
			k.fail("short_message", Invalid, "short_message and message_payload must not both be used (§5.3.2.32)")
		}
		k.time("schedule_delivery_time", b.ScheduleDeliveryTime)
		k.time("validity_period", b.ValidityPeriod)
	}
	return k.result()
}

// Content is the user data: short_message, or message_payload's value when
// short_message is empty.
func (b *SMBody) Content() []byte {
	if len(b.ShortMessage) > 0 {
		return b.ShortMessage
	}
	if t, ok := FindTLV(b.TLVs, TagMessagePayload); ok {
		return t.Value
	}
	return nil
}

// Dest flags of submit_multi's dest_address (§4.5.1.1).
const (
	DestSME  byte = 1 // an SME address
	DestList byte = 2 // a distribution list name
)

// DestAddress is one dest_address of submit_multi: an SME address (Flag DestSME) or a
// distribution list name (Flag DestList).
type DestAddress struct {
	Flag   byte    // dest_flag
	Addr   Address // dest_addr_ton, dest_addr_npi, destination_addr (DestSME)
	DLName []byte  // dl_name (DestList)
}

// SubmitMultiBody is submit_multi (§4.5.1).
type SubmitMultiBody struct {
	ServiceType []byte
	Source      Address
	Dests       []DestAddress // number_of_dests is its length
	MessageFields
	TLVs []TLV
}

func (b *SubmitMultiBody) CommandID() uint32        { return SubmitMulti }
func (b *SubmitMultiBody) Decode(body []byte) error { return decode(b, body) }

func (b *SubmitMultiBody) DecodeFrom(c *Cursor) error {
	tlvs, dests := b.TLVs[:0], b.Dests[:0]
	*b = SubmitMultiBody{}
	b.ServiceType = c.CString("service_type", MaxServiceType)
	b.Source = c.Address("source_addr_ton", "source_addr_npi", "source_addr", MaxAddr)
	n := int(c.Octet("number_of_dests"))
	for i := 1; i <= n && c.err == nil; i++ {
		c.Begin("dest_address", i)
		at := c.base + c.off
		d := DestAddress{Flag: c.Octet("dest_flag")}
		switch d.Flag {
		case DestSME:
			d.Addr = c.Address("dest_addr_ton", "dest_addr_npi", "destination_addr", MaxAddr)
		case DestList:
			d.DLName = c.CString("dl_name", MaxDLName)
		default:
			if c.err == nil {
				c.err = &FieldError{Field: "dest_flag", At: at, Problem: Invalid,
					Reason: fmt.Sprintf("dest_address %d: 0x%02X is neither 1 (SME address) nor 2 (distribution list)", i, d.Flag)}
			}
		}
		c.End()
		if c.err == nil {
			dests = append(dests, d)
		}
	}
	b.Dests = dests
	b.MessageFields.decode(c)
	b.TLVs = c.TLVs(tlvs)
	return c.Err()
}

func (b *SubmitMultiBody) Append(dst []byte) []byte {
	dst = appendCString(dst, b.ServiceType)
	dst = b.Source.append(dst)
	dests := b.Dests
	if len(dests) > 255 {
		dests = dests[:255] // number_of_dests is one octet; Validate reports the rest
	}
	dst = append(dst, byte(len(dests)))
	for _, d := range dests {
		dst = append(dst, d.Flag)
		if d.Flag == DestList {
			dst = appendCString(dst, d.DLName)
		} else {
			dst = d.Addr.append(dst)
		}
	}
	dst = b.MessageFields.append(dst)
	return appendTLVs(dst, b.TLVs)
}

// Validate checks sizes in wire order, then the destinations' count, then the times.
func (b *SubmitMultiBody) Validate() error {
	var k checker
	k.cstr("service_type", b.ServiceType, MaxServiceType)
	k.addr("source_addr", b.Source, MaxAddr)
	for i, d := range b.Dests {
		switch d.Flag {
		case DestSME:
			k.addr("destination_addr", d.Addr, MaxAddr)
		case DestList:
			k.cstr("dl_name", d.DLName, MaxDLName)
		default:
			k.fail("dest_flag", Invalid, fmt.Sprintf("dest_address %d: 0x%02X is neither 1 (SME address) nor 2 (distribution list)", i+1, d.Flag))
		}
	}
	k.cstr("schedule_delivery_time", b.ScheduleDeliveryTime, MaxTime)
	k.cstr("validity_period", b.ValidityPeriod, MaxTime)
	k.sm(b.ShortMessage)
	if len(b.Dests) == 0 || len(b.Dests) > 255 {
		k.fail("number_of_dests", Invalid, fmt.Sprintf("%d destinations; the spec allows 1-255", len(b.Dests)))
	}
	k.time("schedule_delivery_time", b.ScheduleDeliveryTime)
	k.time("validity_period", b.ValidityPeriod)
	return k.result()
}

// UnsuccessSME is one destination submit_multi_resp reports as refused.
type UnsuccessSME struct {
	Addr   Address // dest_addr_ton, dest_addr_npi, destination_addr
	Status uint32  // error_status_code
}

// SubmitMultiRespBody is submit_multi_resp (§4.5.2).
type SubmitMultiRespBody struct {
	MessageID []byte
	Unsuccess []UnsuccessSME // no_unsuccess is its length
	TLVs      []TLV
	NoBody    bool // header-only (an error); Append writes nothing
}

func (b *SubmitMultiRespBody) CommandID() uint32        { return SubmitMultiResp }
func (b *SubmitMultiRespBody) Decode(body []byte) error { return decode(b, body) }

func (b *SubmitMultiRespBody) DecodeFrom(c *Cursor) error {
	tlvs, un := b.TLVs[:0], b.Unsuccess[:0]
	*b = SubmitMultiRespBody{NoBody: c.Len() == 0, TLVs: tlvs, Unsuccess: un}
	if b.NoBody {
		return nil
	}
	b.MessageID = c.CString("message_id", MaxMessageID)
	n := int(c.Octet("no_unsuccess"))
	for i := 1; i <= n && c.err == nil; i++ {
		c.Begin("unsuccess_sme", i)
		u := UnsuccessSME{Addr: c.Address("dest_addr_ton", "dest_addr_npi", "destination_addr", MaxAddr)}
		u.Status = c.Uint32("error_status_code")
		c.End()
		if c.err == nil {
			un = append(un, u)
		}
	}
	b.Unsuccess = un
	b.TLVs = c.TLVs(tlvs)
	return c.Err()
}

func (b *SubmitMultiRespBody) Append(dst []byte) []byte {
	if b.NoBody {
		return dst
	}
	dst = appendCString(dst, b.MessageID)
	un := b.Unsuccess
	if len(un) > 255 {
		un = un[:255]
	}
	dst = append(dst, byte(len(un)))
	for _, u := range un {
		dst = u.Addr.append(dst)
		dst = append(dst, byte(u.Status>>24), byte(u.Status>>16), byte(u.Status>>8), byte(u.Status))
	}
	return appendTLVs(dst, b.TLVs)
}

func (b *SubmitMultiRespBody) Validate() error {
	var k checker
	k.cstr("message_id", b.MessageID, MaxMessageID)
	for _, u := range b.Unsuccess {
		k.addr("destination_addr", u.Addr, MaxAddr)
	}
	if len(b.Unsuccess) > 255 {
		k.fail("no_unsuccess", Invalid, fmt.Sprintf("%d entries; one octet counts at most 255", len(b.Unsuccess)))
	}
	return k.result()
}
