package wire

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/linxGnu/gosmpp/data"
	"github.com/linxGnu/gosmpp/pdu"
)

// The codec must agree with gosmpp v0.3.1, the module underneath, on every PDU both can
// express: what gosmpp builds our codec decodes to the same fields, and what our codec
// appends gosmpp's pdu.Parse decodes to the same fields. Where gosmpp is wrong our codec
// decides; TestGosmppDifferences lists each such case, with why, and checks that the
// difference is still there (so the list cannot go stale).

// expressible are the samples gosmpp can build too: at most one TLV, none of zero length,
// addresses of at most 21 octets (gosmpp's SetAddress limit), and a body on every response.
func expressible(t *testing.T) []PDUBody {
	var out []PDUBody
	for _, s := range samples() {
		if gosmppCannot(s) == "" {
			out = append(out, s)
		}
	}
	if len(out) < 20 {
		t.Fatalf("only %d samples gosmpp can express", len(out))
	}
	return out
}

// gosmppCannot says why gosmpp cannot express b, or "".
func gosmppCannot(b PDUBody) string {
	var tlvs []TLV
	switch v := b.(type) {
	case *SMBody:
		if len(v.Source.Addr) > 20 || len(v.Dest.Addr) > 20 {
			return "address over 20 characters"
		}
		tlvs = v.TLVs
	case *SMRespBody:
		if v.NoBody {
			return "header-only response"
		}
		tlvs = v.TLVs
	case *BindRespBody:
		if v.NoBody {
			return "header-only response"
		}
		tlvs = v.TLVs
	case *QuerySMBody:
		if len(v.TLVs) > 0 {
			return "query_sm with TLVs"
		}
	case *BindBody:
		tlvs = v.TLVs
	case *AlertNotificationBody:
		tlvs = v.TLVs
	}
	if len(tlvs) > 1 {
		return "more than one TLV"
	}
	for _, t := range tlvs {
		if len(t.Value) == 0 {
			return "zero-length TLV"
		}
	}
	return ""
}

func gAddr(t *testing.T, a Address) pdu.Address {
	t.Helper()
	p, err := pdu.NewAddressWithTonNpiAddr(a.TON, a.NPI, string(a.Addr))
	if err != nil {
		t.Fatalf("gosmpp address %q: %v", a.Addr, err)
	}
	return p
}

func ourAddr(a pdu.Address) Address { return addr(a.Ton(), a.Npi(), a.Address()) }

func gMessage(t *testing.T, dc, defID byte, sm []byte, m *pdu.ShortMessage) {
	t.Helper()
	if err := m.SetMessageDataWithEncoding(sm, data.FromDataCoding(dc)); err != nil {
		t.Fatal(err)
	}
	m.SmDefaultMsgID = defID
}

// ourSM is the raw short_message gosmpp holds: it strips the UDH when esm_class has UDHI.
func ourSM(t *testing.T, m pdu.ShortMessage) (dc byte, sm []byte) {
	t.Helper()
	d, err := m.GetMessageData()
	if err != nil {
		t.Fatal(err)
	}
	if u := m.UDH(); u != nil && u.UDHL() > 0 {
		h, _ := u.MarshalBinary()
		d = append(h, d...)
	}
	if m.Encoding() != nil {
		dc = m.Encoding().DataCoding()
	}
	return dc, d
}

func registerTLVs(p pdu.PDU, tlvs []TLV) {
	for _, v := range tlvs {
		p.RegisterOptionalParam(pdu.Field{Tag: pdu.Tag(v.Tag), Data: v.Value})
	}
}

// gosmppBuild builds b with gosmpp's own constructors and setters.
func gosmppBuild(t *testing.T, b PDUBody) pdu.PDU {
	t.Helper()
	var p pdu.PDU
	switch v := b.(type) {
	case *BindBody:
		var r *pdu.BindRequest
		switch v.Command {
		case BindTransmitter:
			r = pdu.NewBindTransmitter().(*pdu.BindRequest)
		case BindReceiver:
			r = pdu.NewBindReceiver().(*pdu.BindRequest)
		default:
			r = pdu.NewBindTransceiver().(*pdu.BindRequest)
		}
		r.SystemID, r.Password, r.SystemType = string(v.SystemID), string(v.Password), string(v.SystemType)
		r.InterfaceVersion = v.InterfaceVersion
		r.AddressRange = pdu.AddressRange{Ton: v.AddressRange.TON, Npi: v.AddressRange.NPI, AddressRange: string(v.AddressRange.Addr)}
		p = r
		registerTLVs(p, v.TLVs)
	case *BindRespBody:
		var r pdu.PDU
		switch v.Command {
		case BindTransmitterResp:
			r = pdu.NewBindTransmitterResp()
		case BindReceiverResp:
			r = pdu.NewBindReceiverResp()
		default:
			r = pdu.NewBindTransceiverResp()
		}
		r.(*pdu.BindResp).SystemID = string(v.SystemID)
		p = r
		registerTLVs(p, v.TLVs)
	case *OutbindBody:
		o := pdu.NewOutbind().(*pdu.Outbind)
		o.SystemID, o.Password = string(v.SystemID), string(v.Password)
		p = o
	case *SMBody:
		switch v.Command {
		case SubmitSM:
			s := pdu.NewSubmitSM().(*pdu.SubmitSM)
			s.ServiceType, s.SourceAddr, s.DestAddr = string(v.ServiceType), gAddr(t, v.Source), gAddr(t, v.Dest)
			s.EsmClass, s.ProtocolID, s.PriorityFlag = v.ESMClass, v.ProtocolID, v.PriorityFlag
			s.ScheduleDeliveryTime, s.ValidityPeriod = string(v.ScheduleDeliveryTime), string(v.ValidityPeriod)
			s.RegisteredDelivery, s.ReplaceIfPresentFlag = v.RegisteredDelivery, v.ReplaceIfPresent
			gMessage(t, v.DataCoding, v.SMDefaultMsgID, v.ShortMessage, &s.Message)
			p = s
		case DeliverSM:
			s := pdu.NewDeliverSM().(*pdu.DeliverSM)
			s.ServiceType, s.SourceAddr, s.DestAddr = string(v.ServiceType), gAddr(t, v.Source), gAddr(t, v.Dest)
			s.EsmClass, s.ProtocolID, s.PriorityFlag = v.ESMClass, v.ProtocolID, v.PriorityFlag
			s.ScheduleDeliveryTime, s.ValidityPeriod = string(v.ScheduleDeliveryTime), string(v.ValidityPeriod)
			s.RegisteredDelivery, s.ReplaceIfPresentFlag = v.RegisteredDelivery, v.ReplaceIfPresent
			gMessage(t, v.DataCoding, v.SMDefaultMsgID, v.ShortMessage, &s.Message)
			p = s
		default:
			s := pdu.NewDataSM().(*pdu.DataSM)
			s.ServiceType, s.SourceAddr, s.DestAddr = string(v.ServiceType), gAddr(t, v.Source), gAddr(t, v.Dest)
			s.EsmClass, s.RegisteredDelivery, s.DataCoding = v.ESMClass, v.RegisteredDelivery, v.DataCoding
			p = s
		}
		registerTLVs(p, v.TLVs)
	case *SMRespBody:
		switch v.Command {
		case SubmitSMResp:
			r := pdu.NewSubmitSMResp().(*pdu.SubmitSMResp)
			r.MessageID = string(v.MessageID)
			p = r
		case DeliverSMResp:
			r := pdu.NewDeliverSMResp().(*pdu.DeliverSMResp)
			r.MessageID = string(v.MessageID)
			p = r
		default:
			r := pdu.NewDataSMResp().(*pdu.DataSMResp)
			r.MessageID = string(v.MessageID)
			p = r
		}
		registerTLVs(p, v.TLVs)
	case *SubmitMultiBody:
		s := pdu.NewSubmitMulti().(*pdu.SubmitMulti)
		s.ServiceType, s.SourceAddr = string(v.ServiceType), gAddr(t, v.Source)
		for _, d := range v.Dests {
			da := pdu.NewDestinationAddress()
			if d.Flag == DestList {
				dl, err := pdu.NewDistributionList(string(d.DLName))
				if err != nil {
					t.Fatal(err)
				}
				da.SetDistributionList(dl)
			} else {
				da.SetAddress(gAddr(t, d.Addr))
			}
			s.DestAddrs.Add(da)
		}
		s.EsmClass, s.ProtocolID, s.PriorityFlag = v.ESMClass, v.ProtocolID, v.PriorityFlag
		s.ScheduleDeliveryTime, s.ValidityPeriod = string(v.ScheduleDeliveryTime), string(v.ValidityPeriod)
		s.RegisteredDelivery, s.ReplaceIfPresentFlag = v.RegisteredDelivery, v.ReplaceIfPresent
		gMessage(t, v.DataCoding, v.SMDefaultMsgID, v.ShortMessage, &s.Message)
		p = s
	case *SubmitMultiRespBody:
		r := pdu.NewSubmitMultiResp().(*pdu.SubmitMultiResp)
		r.MessageID = string(v.MessageID)
		for _, u := range v.Unsuccess {
			sme := pdu.NewUnsuccessSMEWithTonNpi(u.Addr.TON, u.Addr.NPI, data.CommandStatusType(int32(u.Status)))
			if err := sme.SetAddress(string(u.Addr.Addr)); err != nil {
				t.Fatal(err)
			}
			r.UnsuccessSMEs.Add(sme)
		}
		p = r
	case *QuerySMBody:
		q := pdu.NewQuerySM().(*pdu.QuerySM)
		q.MessageID, q.SourceAddr = string(v.MessageID), gAddr(t, v.Source)
		p = q
	case *QuerySMRespBody:
		q := pdu.NewQuerySMResp().(*pdu.QuerySMResp)
		q.MessageID, q.FinalDate, q.MessageState, q.ErrorCode = string(v.MessageID), string(v.FinalDate), v.MessageState, v.ErrorCode
		p = q
	case *CancelSMBody:
		c := pdu.NewCancelSM().(*pdu.CancelSM)
		c.ServiceType, c.MessageID = string(v.ServiceType), string(v.MessageID)
		c.SourceAddr, c.DestAddr = gAddr(t, v.Source), gAddr(t, v.Dest)
		p = c
	case *ReplaceSMBody:
		r := pdu.NewReplaceSM().(*pdu.ReplaceSM)
		r.MessageID, r.SourceAddr = string(v.MessageID), gAddr(t, v.Source)
		r.ScheduleDeliveryTime, r.ValidityPeriod = string(v.ScheduleDeliveryTime), string(v.ValidityPeriod)
		r.RegisteredDelivery = v.RegisteredDelivery
		gMessage(t, 0, v.SMDefaultMsgID, v.ShortMessage, &r.Message)
		p = r
	case *AlertNotificationBody:
		a := pdu.NewAlertNotification().(*pdu.AlertNotification)
		a.SourceAddr, a.EsmeAddr = gAddr(t, v.Source), gAddr(t, v.ESME)
		p = a
		registerTLVs(p, v.TLVs)
	case *EmptyBody:
		switch v.Command {
		case GenericNack:
			p = pdu.NewGenericNack()
		case Unbind:
			p = pdu.NewUnbind()
		case UnbindResp:
			p = pdu.NewUnbindResp()
		case EnquireLink:
			p = pdu.NewEnquireLink()
		case EnquireLinkResp:
			p = pdu.NewEnquireLinkResp()
		case CancelSMResp:
			p = pdu.NewCancelSMResp()
		case ReplaceSMResp:
			p = pdu.NewReplaceSMResp()
		}
	}
	if p == nil {
		t.Fatalf("no gosmpp builder for %T", b)
	}
	return p
}

// fromGosmpp reads a gosmpp PDU's fields into our body form.
func fromGosmpp(t *testing.T, p pdu.PDU) PDUBody {
	t.Helper()
	id := uint32(p.GetHeader().CommandID)
	tlvs := TLVsOf(p)
	switch v := p.(type) {
	case *pdu.BindRequest:
		return &BindBody{Command: id, SystemID: []byte(v.SystemID), Password: []byte(v.Password), SystemType: []byte(v.SystemType),
			InterfaceVersion: v.InterfaceVersion, AddressRange: addr(v.AddressRange.Ton, v.AddressRange.Npi, v.AddressRange.AddressRange), TLVs: tlvs}
	case *pdu.BindResp:
		return &BindRespBody{Command: id, SystemID: []byte(v.SystemID), TLVs: tlvs}
	case *pdu.Outbind:
		return &OutbindBody{SystemID: []byte(v.SystemID), Password: []byte(v.Password), TLVs: tlvs}
	case *pdu.SubmitSM:
		dc, sm := ourSM(t, v.Message)
		return &SMBody{Command: id, ServiceType: []byte(v.ServiceType), Source: ourAddr(v.SourceAddr), Dest: ourAddr(v.DestAddr),
			MessageFields: MessageFields{ESMClass: v.EsmClass, ProtocolID: v.ProtocolID, PriorityFlag: v.PriorityFlag,
				ScheduleDeliveryTime: []byte(v.ScheduleDeliveryTime), ValidityPeriod: []byte(v.ValidityPeriod),
				RegisteredDelivery: v.RegisteredDelivery, ReplaceIfPresent: v.ReplaceIfPresentFlag, DataCoding: dc,
				SMDefaultMsgID: v.Message.SmDefaultMsgID, ShortMessage: sm}, TLVs: tlvs}
	case *pdu.DeliverSM:
		dc, sm := ourSM(t, v.Message)
		return &SMBody{Command: id, ServiceType: []byte(v.ServiceType), Source: ourAddr(v.SourceAddr), Dest: ourAddr(v.DestAddr),
			MessageFields: MessageFields{ESMClass: v.EsmClass, ProtocolID: v.ProtocolID, PriorityFlag: v.PriorityFlag,
				ScheduleDeliveryTime: []byte(v.ScheduleDeliveryTime), ValidityPeriod: []byte(v.ValidityPeriod),
				RegisteredDelivery: v.RegisteredDelivery, ReplaceIfPresent: v.ReplaceIfPresentFlag, DataCoding: dc,
				SMDefaultMsgID: v.Message.SmDefaultMsgID, ShortMessage: sm}, TLVs: tlvs}
	case *pdu.DataSM:
		return &SMBody{Command: id, ServiceType: []byte(v.ServiceType), Source: ourAddr(v.SourceAddr), Dest: ourAddr(v.DestAddr),
			MessageFields: MessageFields{ESMClass: v.EsmClass, RegisteredDelivery: v.RegisteredDelivery, DataCoding: v.DataCoding}, TLVs: tlvs}
	case *pdu.SubmitSMResp:
		return &SMRespBody{Command: id, MessageID: []byte(v.MessageID), TLVs: tlvs}
	case *pdu.DeliverSMResp:
		return &SMRespBody{Command: id, MessageID: []byte(v.MessageID), TLVs: tlvs}
	case *pdu.DataSMResp:
		return &SMRespBody{Command: id, MessageID: []byte(v.MessageID), TLVs: tlvs}
	case *pdu.SubmitMulti:
		m := &SubmitMultiBody{ServiceType: []byte(v.ServiceType), Source: ourAddr(v.SourceAddr), TLVs: tlvs}
		for _, d := range v.DestAddrs.Get() {
			if d.IsDistributionList() {
				m.Dests = append(m.Dests, DestAddress{Flag: DestList, DLName: []byte(d.DistributionList().Name())})
			} else {
				m.Dests = append(m.Dests, DestAddress{Flag: DestSME, Addr: ourAddr(d.Address())})
			}
		}
		dc, sm := ourSM(t, v.Message)
		m.MessageFields = MessageFields{ESMClass: v.EsmClass, ProtocolID: v.ProtocolID, PriorityFlag: v.PriorityFlag,
			ScheduleDeliveryTime: []byte(v.ScheduleDeliveryTime), ValidityPeriod: []byte(v.ValidityPeriod),
			RegisteredDelivery: v.RegisteredDelivery, ReplaceIfPresent: v.ReplaceIfPresentFlag, DataCoding: dc,
			SMDefaultMsgID: v.Message.SmDefaultMsgID, ShortMessage: sm}
		return m
	case *pdu.SubmitMultiResp:
		r := &SubmitMultiRespBody{MessageID: []byte(v.MessageID), TLVs: tlvs}
		for _, u := range v.UnsuccessSMEs.Get() {
			r.Unsuccess = append(r.Unsuccess, UnsuccessSME{Addr: ourAddr(u.Address), Status: uint32(u.ErrorStatusCode())})
		}
		return r
	case *pdu.QuerySM:
		return &QuerySMBody{MessageID: []byte(v.MessageID), Source: ourAddr(v.SourceAddr), TLVs: tlvs}
	case *pdu.QuerySMResp:
		return &QuerySMRespBody{MessageID: []byte(v.MessageID), FinalDate: []byte(v.FinalDate), MessageState: v.MessageState, ErrorCode: v.ErrorCode, TLVs: tlvs}
	case *pdu.CancelSM:
		return &CancelSMBody{ServiceType: []byte(v.ServiceType), MessageID: []byte(v.MessageID), Source: ourAddr(v.SourceAddr), Dest: ourAddr(v.DestAddr), TLVs: tlvs}
	case *pdu.ReplaceSM:
		_, sm := ourSM(t, v.Message)
		return &ReplaceSMBody{MessageID: []byte(v.MessageID), Source: ourAddr(v.SourceAddr), ScheduleDeliveryTime: []byte(v.ScheduleDeliveryTime),
			ValidityPeriod: []byte(v.ValidityPeriod), RegisteredDelivery: v.RegisteredDelivery, SMDefaultMsgID: v.Message.SmDefaultMsgID, ShortMessage: sm, TLVs: tlvs}
	case *pdu.AlertNotification:
		return &AlertNotificationBody{Source: ourAddr(v.SourceAddr), ESME: ourAddr(v.EsmeAddr), TLVs: tlvs}
	case *pdu.GenericNack, *pdu.Unbind, *pdu.UnbindResp, *pdu.EnquireLink, *pdu.EnquireLinkResp, *pdu.CancelSMResp, *pdu.ReplaceSMResp:
		return &EmptyBody{Command: id, TLVs: tlvs}
	}
	t.Fatalf("no reader for gosmpp's %T", p)
	return nil
}

func gosmppMarshal(p pdu.PDU) []byte {
	buf := pdu.NewBuffer(nil)
	p.Marshal(buf)
	return buf.Bytes()
}

func TestGosmppBuildsWhatWeDecode(t *testing.T) {
	for _, want := range expressible(t) {
		name := CommandName(want.CommandID())
		raw := gosmppMarshal(gosmppBuild(t, want))
		h, _ := ParseHeader(raw)
		if h.ID != want.CommandID() || int(h.Length) != len(raw) {
			t.Fatalf("%s: gosmpp built header %+v for %d octets", name, h, len(raw))
		}
		got, err := DecodeBody(h, Body(raw))
		if err != nil {
			t.Fatalf("%s: our codec cannot read gosmpp's PDU: %v\n% x", name, err, raw)
		}
		if !sameBody(got, want) {
			t.Errorf("%s: from gosmpp's bytes we read\n %+v\nwant\n %+v", name, got, want)
		}
		if ours := AppendPDU(nil, want, 0, h.Seq); !bytes.Equal(ours, raw) {
			t.Errorf("%s: the two encoders differ:\nours   % x\ngosmpp % x", name, ours, raw)
		}
	}
}

func TestWeAppendWhatGosmppDecodes(t *testing.T) {
	for _, want := range expressible(t) {
		name := CommandName(want.CommandID())
		raw := AppendPDU(nil, want, 0, 3)
		p, err := pdu.Parse(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: gosmpp cannot read our PDU: %v\n% x", name, err, raw)
		}
		if got := fromGosmpp(t, p); !sameBody(got, want) {
			t.Errorf("%s: gosmpp read\n %+v\nwant\n %+v", name, got, want)
		}
		if p.GetSequenceNumber() != 3 {
			t.Errorf("%s: sequence_number %d", name, p.GetSequenceNumber())
		}
	}
}

// gosmppParse runs gosmpp's parser, turning its panic into an error.
func gosmppParse(raw []byte) (p pdu.PDU, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return pdu.Parse(bytes.NewReader(raw))
}

// TestGosmppDifferences is the table of listed, justified differences: where gosmpp
// v0.3.1 is wrong, what our codec does instead, and a check that gosmpp still does it.
func TestGosmppDifferences(t *testing.T) {
	dupTLVs := &SMBody{Command: DeliverSM, TLVs: []TLV{Uint16TLV(TagUserMessageReference, 1), Uint16TLV(TagUserMessageReference, 2)}}
	emptyTLV := &SMBody{Command: SubmitSM, TLVs: []TLV{{Tag: TagAlertOnMessageDelivery}}}
	oddDC := &SMBody{Command: SubmitSM, MessageFields: MessageFields{DataCoding: 0xF5, ShortMessage: []byte{1, 2}}}
	badUDH := &SMBody{Command: DeliverSM, MessageFields: MessageFields{ESMClass: 0x40, ShortMessage: []byte{9, 0, 3}}}
	longAddr := &SMBody{Command: DataSM, Source: addr(1, 1, strings.Repeat("1", 40))}

	cases := []struct {
		name, why string
		check     func(t *testing.T)
	}{
		{"query_sm with a TLV", "gosmpp's NewQuerySM leaves its TLV map nil, so pdu.Parse panics (SMPP-NOTES); ours reads the TLV", func(t *testing.T) {
			raw := mustHex(t, queryPanic)
			if _, err := gosmppParse(raw); err == nil || !strings.Contains(err.Error(), "panic") {
				t.Errorf("gosmpp no longer panics: %v", err)
			}
			if _, err := DecodeBody(Header{ID: QuerySM}, Body(raw)); err != nil {
				t.Error(err)
			}
		}},
		{"duplicate TLVs", "gosmpp keeps TLVs in a map, so the second of two with one tag replaces the first; a console must show both", func(t *testing.T) {
			p, err := pdu.Parse(bytes.NewReader(AppendPDU(nil, dupTLVs, 0, 1)))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(TLVsOf(p)); n != 1 {
				t.Errorf("gosmpp kept %d TLVs", n)
			}
			got, _ := DecodeBody(Header{ID: DeliverSM}, dupTLVs.Append(nil))
			if !sameBody(got, dupTLVs) {
				t.Errorf("ours: %+v", got)
			}
		}},
		{"TLV order", "gosmpp writes TLVs from a map, in random order; ours writes them in the order given, and Marshal sorts gosmpp's by tag", func(t *testing.T) {
			s := pdu.NewSubmitSM()
			for tag := uint16(0x1400); tag < 0x1410; tag++ {
				s.RegisterOptionalParam(pdu.Field{Tag: pdu.Tag(tag), Data: []byte{1}})
			}
			first := gosmppMarshal(s)
			for i := 0; i < 1000; i++ { // Go randomises map order on every range: this ends on the first few
				if !bytes.Equal(gosmppMarshal(s), first) {
					return // the order changed between two marshals: the defect is still there
				}
			}
			t.Error("gosmpp wrote 16 TLVs in one order 1000 times over; its order may be fixed now")
		}},
		{"zero-length TLV", "gosmpp's Field.Marshal skips an empty value; the spec allows one (alert_on_message_delivery has none) and an operator may be testing exactly that", func(t *testing.T) {
			g := gosmppBuild(t, &SMBody{Command: SubmitSM})
			registerTLVs(g, emptyTLV.TLVs)
			if raw := gosmppMarshal(g); len(Body(raw)) != len(emptyTLV.Append(nil))-4 {
				t.Errorf("gosmpp wrote the empty TLV: % x", raw)
			}
			if b := emptyTLV.Append(nil); !bytes.HasSuffix(b, []byte{0x13, 0x0C, 0, 0}) {
				t.Errorf("ours dropped it: % x", b)
			}
		}},
		{"unknown data_coding", "gosmpp reads a data_coding it does not know as GSM 03.38 and writes it back as 0x00; ours keeps the octet", func(t *testing.T) {
			p, err := pdu.Parse(bytes.NewReader(AppendPDU(nil, oddDC, 0, 1)))
			if err != nil {
				t.Fatal(err)
			}
			if raw := gosmppMarshal(p); bytes.Contains(raw, []byte{0xF5}) {
				t.Errorf("gosmpp kept data_coding 0xF5: % x", raw)
			}
			var s SMBody
			s.Command = SubmitSM
			if err := s.Decode(oddDC.Append(nil)); err != nil || s.DataCoding != 0xF5 {
				t.Errorf("ours: %v %+v", err, s)
			}
		}},
		{"header-only response", "SMPP 3.4 lets an error response omit its body and many SMSCs do; gosmpp fails to parse it (EOF; submit_sm_resp alone is special-cased), ours sets NoBody", func(t *testing.T) {
			for _, id := range []uint32{BindTransceiverResp, DeliverSMResp, DataSMResp, QuerySMResp, SubmitMultiResp} {
				raw := HeaderOnly(id, StatusThrottled, 4)
				if _, err := pdu.Parse(bytes.NewReader(raw)); err == nil {
					t.Errorf("gosmpp parses a header-only %s now", CommandName(id))
				}
				b, err := DecodeBody(Header{ID: id}, Body(raw))
				if err != nil || len(b.Append(nil)) != 0 {
					t.Errorf("ours, %s: %v %+v", CommandName(id), err, b)
				}
			}
		}},
		{"UDH that does not parse", "gosmpp strips the UDH on reading and refuses a PDU whose UDH is longer than short_message; ours keeps short_message raw and leaves the UDH to segment", func(t *testing.T) {
			if _, err := pdu.Parse(bytes.NewReader(AppendPDU(nil, badUDH, 0, 1))); err == nil {
				t.Error("gosmpp accepts the bad UDH now")
			}
			if _, err := DecodeBody(Header{ID: DeliverSM}, badUDH.Append(nil)); err != nil {
				t.Error(err)
			}
		}},
		{"data_sm address over 20 characters", "gosmpp's SetAddress caps every address at 21 octets; data_sm's (§4.7.1) may have 65", func(t *testing.T) {
			a := pdu.NewAddress()
			if err := a.SetAddress(string(longAddr.Source.Addr)); err == nil {
				t.Error("gosmpp accepts a 40-character address now")
			}
			if err := longAddr.Validate(); err != nil {
				t.Error(err)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.why == "" {
				t.Fatal("every difference says why")
			}
			c.check(t)
		})
	}
	// Every sample gosmpp cannot express is covered by a row above.
	for _, s := range samples() {
		why := gosmppCannot(s)
		covered := why == "" || why == "more than one TLV" || why == "zero-length TLV" ||
			why == "header-only response" || why == "query_sm with TLVs" || why == "address over 20 characters"
		if !covered {
			t.Errorf("%s: %s is not in the table", CommandName(s.CommandID()), why)
		}
	}
	var de *DecodeError
	if _, err := Decode(mustHex(t, queryPanic)); !errors.As(err, &de) {
		t.Errorf("the bridge's Decode must still turn gosmpp's panic into a DecodeError: %v", err)
	}
}
