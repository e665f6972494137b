package filter

import (
	"errors"
	"strings"
	"unsafe"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/wire"
)

// collector appends a PDU's field occurrences to its Packet.
type collector struct{ p *Packet }

func (c *collector) num(f *field, v uint64) {
	c.p.occs = append(c.p.occs, occ{id: f.id, a: uint32(v)})
}

func (c *collector) none(f *field) { c.p.occs = append(c.p.occs, occ{id: f.id}) }

// octets records b by its place in Raw when it is a part of Raw (the decoded fields
// are), so the cache holds 12 octets per field and no copy; anything else is kept aside.
func (c *collector) octets(f *field, b []byte) {
	raw := c.p.Raw
	if len(b) == 0 {
		c.p.occs = append(c.p.occs, occ{id: f.id})
		return
	}
	if len(raw) > 0 {
		base := uintptr(unsafe.Pointer(unsafe.SliceData(raw)))
		at := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		if at >= base && at-base+uintptr(len(b)) <= uintptr(len(raw)) {
			c.p.occs = append(c.p.occs, occ{id: f.id, a: uint32(at - base), n: uint32(len(b))})
			return
		}
	}
	c.p.derived = append(c.p.derived, string(b))
	c.p.occs = append(c.p.occs, occ{id: f.id, ext: true, a: uint32(len(c.p.derived) - 1), n: uint32(len(b))})
}

// str adds a C-octet string. Wireshark leaves an empty one out (an empty source_addr
// is not there to compare), and so do we.
func (c *collector) str(f *field, b []byte) {
	if len(b) > 0 {
		c.octets(f, b)
	}
}

// time adds an SMPP time under Wireshark's absolute or relative (…R) field. Wireshark
// shows an empty time (immediate delivery, the default validity) as a relative time of
// zero: present, under the relative field.
func (c *collector) time(abs, rel *field, b []byte) {
	if len(b) == 0 || b[len(b)-1] == 'R' {
		c.octets(rel, b)
		return
	}
	c.str(abs, b)
}

// defaultServiceType is what Wireshark shows for an empty service_type.
var defaultServiceType = []byte("(Default)")

func (c *collector) serviceType(b []byte) {
	if len(b) == 0 {
		b = defaultServiceType
	}
	c.octets(fServiceType, b)
}

func (c *collector) source(a wire.Address) {
	c.num(fSourceTON, uint64(a.TON))
	c.num(fSourceNPI, uint64(a.NPI))
	c.str(fSourceAddr, a.Addr)
}

func (c *collector) dest(a wire.Address) {
	c.num(fDestTON, uint64(a.TON))
	c.num(fDestNPI, uint64(a.NPI))
	c.str(fDestAddr, a.Addr)
}

func (c *collector) esm(v byte) {
	c.num(fESMClass, uint64(v))
	c.num(fMsgMode, uint64(v&0x03))
	c.num(fMsgType, uint64(v&0x3C>>2))
	c.num(fFeatures, uint64(v>>6))
}

func (c *collector) regdel(v byte) {
	c.num(fRegDel, uint64(v))
	c.num(fRegDelReceipt, uint64(v&0x03))
	c.num(fRegDelAcks, uint64(v&0x0C>>2))
	c.num(fRegDelNotif, uint64(v&0x10>>4))
}

func (c *collector) sm(b []byte) {
	c.num(fSMLength, uint64(len(b)))
	if len(b) > 0 {
		c.octets(fMessage, b)
	}
}

func (c *collector) message(m *wire.MessageFields) {
	c.esm(m.ESMClass)
	c.num(fProtocolID, uint64(m.ProtocolID))
	c.num(fPriorityFlag, uint64(m.PriorityFlag))
	c.time(fScheduleTime, fScheduleTimeR, m.ScheduleDeliveryTime)
	c.time(fValidityPeriod, fValidityPeriodR, m.ValidityPeriod)
	c.regdel(m.RegisteredDelivery)
	c.num(fReplaceIfPresent, uint64(m.ReplaceIfPresent))
	c.num(fDataCoding, uint64(m.DataCoding))
	c.num(fSMDefaultMsgID, uint64(m.SMDefaultMsgID))
	c.sm(m.ShortMessage)
}

// extractBody decodes raw's body and appends its fields to occs, as Wireshark's dissector
// shows them: a response's body only when its command_status is 0, and nothing of a body
// whose mandatory part does not decode or that command_length says is cut short.
func extractBody(p *Packet) {
	raw := p.Raw
	h, ok := wire.ParseHeader(raw)
	if !ok || h.Length < wire.HeaderLen || int(h.Length) > len(raw) {
		return
	}
	if wire.IsResponse(h.ID) && h.Status != 0 {
		return
	}
	body, err := wire.DecodeBody(h, raw[wire.HeaderLen:h.Length])
	var te *wire.TLVError
	if body == nil || err != nil && !errors.As(err, &te) {
		return
	}
	c := collector{p: p}
	var tlvs []wire.TLV
	switch b := body.(type) {
	case *wire.BindBody:
		c.str(fSystemID, b.SystemID)
		c.str(fPassword, b.Password)
		c.str(fSystemType, b.SystemType)
		c.num(fInterfaceVersion, uint64(b.InterfaceVersion))
		c.num(fAddrTON, uint64(b.AddressRange.TON))
		c.num(fAddrNPI, uint64(b.AddressRange.NPI))
		c.str(fAddressRange, b.AddressRange.Addr)
		tlvs = b.TLVs
	case *wire.BindRespBody:
		if !b.NoBody {
			c.str(fSystemID, b.SystemID)
		}
		tlvs = b.TLVs
	case *wire.OutbindBody:
		c.str(fSystemID, b.SystemID)
		c.str(fPassword, b.Password)
		tlvs = b.TLVs
	case *wire.SMBody:
		c.serviceType(b.ServiceType)
		c.source(b.Source)
		c.dest(b.Dest)
		if b.Command == wire.DataSM {
			c.esm(b.ESMClass)
			c.regdel(b.RegisteredDelivery)
			c.num(fDataCoding, uint64(b.DataCoding))
		} else {
			c.message(&b.MessageFields)
		}
		tlvs = b.TLVs
	case *wire.SMRespBody:
		if !b.NoBody {
			c.str(fMessageID, b.MessageID)
		}
		tlvs = b.TLVs
	case *wire.SubmitMultiBody:
		c.serviceType(b.ServiceType)
		c.source(b.Source)
		if len(b.Dests) > 0 {
			c.none(fDList)
		}
		for _, d := range b.Dests {
			if d.Flag == wire.DestList {
				c.str(fDLName, d.DLName)
			} else {
				c.dest(d.Addr)
			}
		}
		c.message(&b.MessageFields)
		tlvs = b.TLVs
	case *wire.SubmitMultiRespBody:
		if !b.NoBody {
			c.str(fMessageID, b.MessageID)
			if len(b.Unsuccess) > 0 {
				c.none(fDListResp)
			}
			for _, u := range b.Unsuccess {
				c.dest(u.Addr)
				c.num(fErrorStatusCode, uint64(u.Status))
			}
		}
		tlvs = b.TLVs
	case *wire.QuerySMBody:
		c.str(fMessageID, b.MessageID)
		c.source(b.Source)
		tlvs = b.TLVs
	case *wire.QuerySMRespBody:
		if !b.NoBody {
			c.str(fMessageID, b.MessageID)
			c.time(fFinalDate, fFinalDateR, b.FinalDate)
			c.num(fMessageState, uint64(b.MessageState))
			c.num(fErrorCode, uint64(b.ErrorCode))
		}
		tlvs = b.TLVs
	case *wire.CancelSMBody:
		c.serviceType(b.ServiceType)
		c.str(fMessageID, b.MessageID)
		c.source(b.Source)
		c.dest(b.Dest)
		tlvs = b.TLVs
	case *wire.ReplaceSMBody:
		c.str(fMessageID, b.MessageID)
		c.source(b.Source)
		c.time(fScheduleTime, fScheduleTimeR, b.ScheduleDeliveryTime)
		c.time(fValidityPeriod, fValidityPeriodR, b.ValidityPeriod)
		c.regdel(b.RegisteredDelivery)
		c.num(fSMDefaultMsgID, uint64(b.SMDefaultMsgID))
		c.sm(b.ShortMessage)
		tlvs = b.TLVs
	case *wire.AlertNotificationBody:
		c.source(b.Source)
		c.num(fESMEAddrTON, uint64(b.ESME.TON))
		c.num(fESMEAddrNPI, uint64(b.ESME.NPI))
		c.str(fESMEAddr, b.ESME.Addr)
		tlvs = b.TLVs
	case *wire.EmptyBody:
		tlvs = b.TLVs
	}
	c.tlvs(tlvs)
}

// beUint reads up to 4 octets big-endian (Wireshark's widest SMPP number); ok is false
// for none or more.
func beUint(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 4 {
		return 0, false
	}
	var v uint64
	for _, x := range b {
		v = v<<8 | uint64(x)
	}
	return v, true
}

func (c *collector) tlvs(tlvs []wire.TLV) {
	if len(tlvs) > 0 {
		c.none(fOptParams)
	}
	for _, t := range tlvs {
		v := t.Value
		c.none(fOptParam)
		c.num(fOptParamTag, uint64(t.Tag))
		c.num(fOptParamLen, uint64(len(v)))
		switch t.Tag {
		case wire.TagNetworkErrorCode:
			if len(v) == 3 {
				c.num(fNetworkErrorType, uint64(v[0]))
				c.num(fNetworkErrorCode, uint64(v[1])<<8|uint64(v[2]))
			}
			continue
		case wire.TagMessageState:
			if n, ok := beUint(v); ok {
				c.num(fMessageState, n)
			}
			continue
		case wire.TagMsMsgWaitFacilities:
			if len(v) == 1 {
				c.num(fMsgWaitInd, uint64(v[0]>>7))
				c.num(fMsgWaitType, uint64(v[0]&0x03))
			}
			continue
		case wire.TagCallbackNum:
			c.none(fCallbackNum)
			continue
		case wire.TagCallbackNumAtag:
			c.none(fCallbackNumAtag)
			continue
		case wire.TagAlertOnMessageDelivery:
			if len(v) == 0 {
				c.none(fAlertNull)
			} else {
				c.num(fAlertType, uint64(v[0]))
			}
			continue
		case wire.TagItsSessionInfo:
			if len(v) == 2 {
				c.num(fITSNumber, uint64(v[0]))
				c.num(fITSSequence, uint64(v[1]>>1))
				c.num(fITSInd, uint64(v[1]&1))
			}
			continue
		case wire.TagBroadcastContentType:
			if len(v) == 3 {
				c.num(fContentTypeNW, uint64(v[0]))
				c.num(fContentTypeType, uint64(v[1])<<8|uint64(v[2]))
			}
			continue
		case wire.TagBroadcastFrequencyInterval:
			if len(v) == 3 {
				c.num(fFreqUnit, uint64(v[0]))
				c.num(fFreqValue, uint64(v[1])<<8|uint64(v[2]))
			}
			continue
		case wire.TagBroadcastAreaIdentifier:
			if len(v) > 0 {
				c.num(fAreaFormat, uint64(v[0]))
			}
		}
		f, known := tlvFields[t.Tag]
		switch {
		case known && f.kind == kNum:
			if n, ok := beUint(v); ok {
				c.num(f, n)
			}
		case known && f.kind == kStr:
			c.str(f, t.CString())
		case known:
			c.octets(f, v)
		case t.Tag >= 0x1400 && t.Tag <= 0x3FFF:
			c.octets(fVendorOp, v)
		case strings.HasPrefix(wire.TagName(t.Tag), "unknown"):
			c.octets(fReservedOp, v)
		}
	}
}

// extractText adds what the dissector decodes beyond the fields: the message text and
// the delivery receipt. It uses package dissect, so the filter and `decode` agree.
func extractText(p *Packet) {
	h, ok := wire.ParseHeader(p.Raw)
	if !ok || wire.IsResponse(h.ID) {
		return
	}
	switch h.ID {
	case wire.SubmitSM, wire.DeliverSM, wire.DataSM, wire.SubmitMulti, wire.ReplaceSM:
	default:
		return
	}
	d := dissect.Dissect(p.Raw, dissect.Options{})
	c := collector{p: p}
	if d.HasText {
		c.str(fMessageText, []byte(d.Text))
	}
	if r := d.Receipt; r != nil {
		if r.Stat != "" {
			c.str(fReceiptStat, []byte(r.Stat))
		}
		if r.Err != "" {
			c.str(fReceiptErr, []byte(r.Err))
		}
		if r.MessageID != "" {
			c.str(fReceiptID, []byte(r.MessageID))
		}
	}
}
