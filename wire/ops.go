package wire

// QuerySMBody is query_sm (§4.8.1). gosmpp panics parsing one with TLVs; this does not.
type QuerySMBody struct {
	MessageID []byte
	Source    Address
	TLVs      []TLV
}

func (b *QuerySMBody) CommandID() uint32        { return QuerySM }
func (b *QuerySMBody) Decode(body []byte) error { return decode(b, body) }

func (b *QuerySMBody) DecodeFrom(c *Cursor) error {
	b.MessageID = c.CString("message_id", MaxMessageID)
	b.Source = c.Address("source_addr_ton", "source_addr_npi", "source_addr", MaxAddr)
	b.TLVs = c.TLVs(b.TLVs[:0])
	return c.Err()
}

func (b *QuerySMBody) Append(dst []byte) []byte {
	return appendTLVs(b.Source.append(appendCString(dst, b.MessageID)), b.TLVs)
}

func (b *QuerySMBody) Validate() error {
	var k checker
	k.cstr("message_id", b.MessageID, MaxMessageID)
	k.addr("source_addr", b.Source, MaxAddr)
	return k.result()
}

// QuerySMRespBody is query_sm_resp (§4.8.2).
type QuerySMRespBody struct {
	MessageID    []byte
	FinalDate    []byte // SMPP absolute time, empty while the message is not final
	MessageState byte
	ErrorCode    byte
	TLVs         []TLV
	NoBody       bool // header-only (an error); Append writes nothing
}

func (b *QuerySMRespBody) CommandID() uint32        { return QuerySMResp }
func (b *QuerySMRespBody) Decode(body []byte) error { return decode(b, body) }

func (b *QuerySMRespBody) DecodeFrom(c *Cursor) error {
	tlvs := b.TLVs[:0]
	*b = QuerySMRespBody{NoBody: c.Len() == 0, TLVs: tlvs}
	if b.NoBody {
		return nil
	}
	b.MessageID = c.CString("message_id", MaxMessageID)
	b.FinalDate = c.CString("final_date", MaxTime)
	b.MessageState = c.Octet("message_state")
	b.ErrorCode = c.Octet("error_code")
	b.TLVs = c.TLVs(tlvs)
	return c.Err()
}

func (b *QuerySMRespBody) Append(dst []byte) []byte {
	if b.NoBody {
		return dst
	}
	dst = appendCString(appendCString(dst, b.MessageID), b.FinalDate)
	return appendTLVs(append(dst, b.MessageState, b.ErrorCode), b.TLVs)
}

func (b *QuerySMRespBody) Validate() error {
	var k checker
	k.cstr("message_id", b.MessageID, MaxMessageID)
	k.time("final_date", b.FinalDate)
	return k.result()
}

// CancelSMBody is cancel_sm (§4.9.1). Its response is an EmptyBody.
type CancelSMBody struct {
	ServiceType []byte
	MessageID   []byte
	Source      Address
	Dest        Address
	TLVs        []TLV
}

func (b *CancelSMBody) CommandID() uint32        { return CancelSM }
func (b *CancelSMBody) Decode(body []byte) error { return decode(b, body) }

func (b *CancelSMBody) DecodeFrom(c *Cursor) error {
	b.ServiceType = c.CString("service_type", MaxServiceType)
	b.MessageID = c.CString("message_id", MaxMessageID)
	b.Source = c.Address("source_addr_ton", "source_addr_npi", "source_addr", MaxAddr)
	b.Dest = c.Address("dest_addr_ton", "dest_addr_npi", "destination_addr", MaxAddr)
	b.TLVs = c.TLVs(b.TLVs[:0])
	return c.Err()
}

func (b *CancelSMBody) Append(dst []byte) []byte {
	dst = appendCString(appendCString(dst, b.ServiceType), b.MessageID)
	return appendTLVs(b.Dest.append(b.Source.append(dst)), b.TLVs)
}

func (b *CancelSMBody) Validate() error {
	var k checker
	k.cstr("service_type", b.ServiceType, MaxServiceType)
	k.cstr("message_id", b.MessageID, MaxMessageID)
	k.addr("source_addr", b.Source, MaxAddr)
	k.addr("destination_addr", b.Dest, MaxAddr)
	return k.result()
}

// ReplaceSMBody is replace_sm (§4.10.1). Its response is an EmptyBody.
type ReplaceSMBody struct {
	MessageID            []byte
	Source               Address
	ScheduleDeliveryTime []byte
	ValidityPeriod       []byte
	RegisteredDelivery   byte
	SMDefaultMsgID       byte
	ShortMessage         []byte
	TLVs                 []TLV
}

func (b *ReplaceSMBody) CommandID() uint32        { return ReplaceSM }
func (b *ReplaceSMBody) Decode(body []byte) error { return decode(b, body) }

func (b *ReplaceSMBody) DecodeFrom(c *Cursor) error {
	b.MessageID = c.CString("message_id", MaxMessageID)
	b.Source = c.Address("source_addr_ton", "source_addr_npi", "source_addr", MaxAddr)
	b.ScheduleDeliveryTime = c.CString("schedule_delivery_time", MaxTime)
	b.ValidityPeriod = c.CString("validity_period", MaxTime)
	b.RegisteredDelivery = c.Octet("registered_delivery")
	b.SMDefaultMsgID = c.Octet("sm_default_msg_id")
	n := c.Octet("sm_length")
	b.ShortMessage = c.Octets("short_message", int(n))
	b.TLVs = c.TLVs(b.TLVs[:0])
	return c.Err()
}

func (b *ReplaceSMBody) Append(dst []byte) []byte {
	dst = b.Source.append(appendCString(dst, b.MessageID))
	dst = appendCString(appendCString(dst, b.ScheduleDeliveryTime), b.ValidityPeriod)
	dst = appendSM(append(dst, b.RegisteredDelivery, b.SMDefaultMsgID), b.ShortMessage)
	return appendTLVs(dst, b.TLVs)
}

func (b *ReplaceSMBody) Validate() error {
	var k checker
	k.cstr("message_id", b.MessageID, MaxMessageID)
	k.addr("source_addr", b.Source, MaxAddr)
	k.cstr("schedule_delivery_time", b.ScheduleDeliveryTime, MaxTime)
	k.cstr("validity_period", b.ValidityPeriod, MaxTime)
	k.sm(b.ShortMessage)
	k.time("schedule_delivery_time", b.ScheduleDeliveryTime)
	k.time("validity_period", b.ValidityPeriod)
	return k.result()
}

// AlertNotificationBody is alert_notification (§4.12.1); no response is due.
type AlertNotificationBody struct {
	Source Address // source_addr_ton, source_addr_npi, source_addr
	ESME   Address // esme_addr_ton, esme_addr_npi, esme_addr
	TLVs   []TLV   // ms_availability_status
}

func (b *AlertNotificationBody) CommandID() uint32        { return AlertNotification }
func (b *AlertNotificationBody) Decode(body []byte) error { return decode(b, body) }

func (b *AlertNotificationBody) DecodeFrom(c *Cursor) error {
	b.Source = c.Address("source_addr_ton", "source_addr_npi", "source_addr", MaxAddr65)
	b.ESME = c.Address("esme_addr_ton", "esme_addr_npi", "esme_addr", MaxAddr65)
	b.TLVs = c.TLVs(b.TLVs[:0])
	return c.Err()
}

func (b *AlertNotificationBody) Append(dst []byte) []byte {
	return appendTLVs(b.ESME.append(b.Source.append(dst)), b.TLVs)
}

func (b *AlertNotificationBody) Validate() error {
	var k checker
	k.addr("source_addr", b.Source, MaxAddr65)
	k.addr("esme_addr", b.ESME, MaxAddr65)
	return k.result()
}
