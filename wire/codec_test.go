package wire

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func addr(ton, npi byte, a string) Address { return Address{TON: ton, NPI: npi, Addr: []byte(a)} }

// samples is one body of every type the codec knows, for every command_id it serves;
// the fuzz targets use them as seeds.
func samples() []PDUBody {
	receipt := []byte("id:0123456789 sub:001 dlvrd:001 submit date:2612011200 done date:2612011201 stat:DELIVRD err:000 text:Hello")
	return []PDUBody{
		&BindBody{Command: BindTransmitter, SystemID: []byte("esme"), Password: []byte("secret"), SystemType: []byte("VMA"), InterfaceVersion: 0x34, AddressRange: addr(1, 1, "^44")},
		&BindBody{Command: BindReceiver, SystemID: []byte("esme"), Password: []byte("pw"), InterfaceVersion: 0x34},
		&BindBody{Command: BindTransceiver, SystemID: []byte("esme"), Password: []byte("pw"), InterfaceVersion: 0x34},
		&BindRespBody{Command: BindTransmitterResp, SystemID: []byte("SMSC"), TLVs: []TLV{Uint8TLV(TagScInterfaceVersion, 0x34)}},
		&BindRespBody{Command: BindReceiverResp, SystemID: []byte("SMSC")},
		&BindRespBody{Command: BindTransceiverResp, NoBody: true},
		&OutbindBody{SystemID: []byte("SMSC"), Password: []byte("pw")},
		&SMBody{Command: SubmitSM, ServiceType: []byte("CMT"), Source: addr(5, 0, "Shop"), Dest: addr(1, 1, "447700900123"),
			MessageFields: MessageFields{ESMClass: 0x40, PriorityFlag: 1, ValidityPeriod: []byte("000001000000000R"), RegisteredDelivery: 1, DataCoding: 8,
				ShortMessage: []byte{5, 0, 3, 7, 2, 1, 0, 'h', 0, 'i'}},
			TLVs: []TLV{Uint16TLV(TagUserMessageReference, 9), {Tag: 0x1400}, Uint16TLV(TagUserMessageReference, 10)}},
		&SMBody{Command: DeliverSM, Source: addr(1, 1, "447700900123"), Dest: addr(5, 0, "Shop"),
			MessageFields: MessageFields{ESMClass: 0x04, ShortMessage: receipt},
			TLVs:          []TLV{CStringTLV(TagReceiptedMessageID, "0123456789"), Uint8TLV(TagMessageState, 2), {Tag: TagNetworkErrorCode, Value: []byte{3, 0, 1}}}},
		&SMBody{Command: DataSM, ServiceType: []byte("WAP"), Source: addr(1, 1, strings.Repeat("1", 40)), Dest: addr(1, 1, "447700900123"),
			MessageFields: MessageFields{RegisteredDelivery: 1, DataCoding: 4},
			TLVs:          []TLV{{Tag: TagMessagePayload, Value: []byte("payload")}}},
		&SMRespBody{Command: SubmitSMResp, MessageID: []byte("1A2B3C")},
		&SMRespBody{Command: DeliverSMResp, MessageID: []byte{}},
		&SMRespBody{Command: DataSMResp, MessageID: []byte("77"), TLVs: []TLV{Uint8TLV(TagCongestionState, 40)}},
		&SMRespBody{Command: SubmitSMResp, NoBody: true},
		&SubmitMultiBody{Source: addr(1, 1, "4420"), Dests: []DestAddress{{Flag: DestSME, Addr: addr(1, 1, "447700900001")}, {Flag: DestList, DLName: []byte("friends")}},
			MessageFields: MessageFields{RegisteredDelivery: 1, ShortMessage: []byte("hello all")}},
		&SubmitMultiRespBody{MessageID: []byte("m1"), Unsuccess: []UnsuccessSME{{Addr: addr(1, 1, "447700900002"), Status: StatusInvDstAdr}}},
		&QuerySMBody{MessageID: []byte("1A2B"), Source: addr(1, 1, "4420"), TLVs: []TLV{{Tag: 0x1401, Value: []byte{1}}}},
		&QuerySMRespBody{MessageID: []byte("1A2B"), FinalDate: []byte("261201120000000+"), MessageState: 2},
		&CancelSMBody{MessageID: []byte("1A2B"), Source: addr(1, 1, "4420"), Dest: addr(1, 1, "447700900123")},
		&ReplaceSMBody{MessageID: []byte("1A2B"), Source: addr(1, 1, "4420"), ScheduleDeliveryTime: []byte("261224180000004+"), RegisteredDelivery: 1, ShortMessage: []byte("new text")},
		&AlertNotificationBody{Source: addr(1, 1, "447700900123"), ESME: addr(1, 1, "4420"), TLVs: []TLV{Uint8TLV(TagMsAvailabilityStatus, 0)}},
		&EmptyBody{Command: GenericNack},
		&EmptyBody{Command: Unbind},
		&EmptyBody{Command: UnbindResp},
		&EmptyBody{Command: EnquireLink},
		&EmptyBody{Command: EnquireLinkResp},
		&EmptyBody{Command: CancelSMResp},
		&EmptyBody{Command: ReplaceSMResp},
	}
}

// sameBody compares two bodies field by field, a nil slice equal to an empty one.
func sameBody(a, b any) bool { return sameValue(reflect.ValueOf(a), reflect.ValueOf(b)) }

func sameValue(a, b reflect.Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return sameValue(a.Elem(), b.Elem())
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !sameValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	}
	return a.Interface() == b.Interface()
}

func TestEveryCommandHasALayout(t *testing.T) {
	seen := map[uint32]bool{}
	for _, s := range samples() {
		seen[s.CommandID()] = true
	}
	for id := range commandNames {
		_, ok := NewBody(id)
		isBroadcast := id&^ResponseBit >= BroadcastSM && id&^ResponseBit <= CancelBroadcastSM
		if ok == isBroadcast {
			t.Errorf("%s: NewBody ok=%v", CommandName(id), ok)
		}
		if ok && !seen[id] {
			t.Errorf("%s has no sample", CommandName(id))
		}
	}
}

func TestBodiesRoundTrip(t *testing.T) {
	for _, s := range samples() {
		name := CommandName(s.CommandID())
		if err := s.Validate(); err != nil {
			t.Errorf("%s: the sample should be valid: %v", name, err)
		}
		raw := AppendPDU(nil, s, 0, 7)
		h, _ := ParseHeader(raw)
		if int(h.Length) != len(raw) || h.ID != s.CommandID() || h.Seq != 7 {
			t.Fatalf("%s: header %+v for %d octets", name, h, len(raw))
		}
		got, err := DecodeBody(h, Body(raw))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !sameBody(got, s) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, s)
		}
		if again := AppendPDU(nil, got, 0, 7); !bytes.Equal(again, raw) {
			t.Errorf("%s: re-encoded\n% x\nwant\n% x", name, again, raw)
		}
	}
}

func TestTLVsKeepOrderDuplicatesAndEmptyOnes(t *testing.T) {
	s := samples()[7].(*SMBody)
	var d SMBody
	d.Command = SubmitSM
	if err := d.Decode(s.Append(nil)); err != nil {
		t.Fatal(err)
	}
	want := []TLV{Uint16TLV(TagUserMessageReference, 9), {Tag: 0x1400}, Uint16TLV(TagUserMessageReference, 10)}
	if !sameBody(d.TLVs, want) {
		t.Fatalf("TLVs %+v, want %+v", d.TLVs, want)
	}
}

func TestDecodeFailuresNameTheField(t *testing.T) {
	cases := []struct {
		name    string
		id      uint32
		body    string
		field   string
		problem Problem
		status  uint32
	}{
		{"no NUL, short body", SubmitSM, "00 0101 3434", "source_addr", Short, StatusInvCmdLen},
		{"no NUL past the maximum", SubmitSM, "00 0101 " + strings.Repeat("34", 25), "source_addr", TooLong, StatusInvSrcAdr},
		{"ends before esm_class", SubmitSM, "00 0101 3400 0101 3400", "esm_class", Short, StatusInvCmdLen},
		{"short_message cut", DeliverSM, "00 0000 00 0000 00 000000 00 00 00000000 05 6869", "short_message", Short, StatusInvCmdLen},
		{"bad dest_flag", SubmitMulti, "00 0000 00 01 07", "dest_flag", Invalid, StatusInvDestFlag},
		{"password without NUL", BindTransceiver, "657300 " + strings.Repeat("70", 12), "password", TooLong, StatusInvPaswd},
		{"unsuccess cut", SubmitMultiResp, "6d3100 01 010134343400 0000", "error_status_code", Short, StatusInvCmdLen},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeBody(Header{ID: c.id}, mustHex(t, c.body))
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a FieldError", err)
			}
			if fe.Field != c.field || fe.Problem != c.problem || fe.Status() != c.status {
				t.Errorf("got %q problem %d status %s; want %q problem %d status %s",
					fe.Field, fe.Problem, StatusString(fe.Status()), c.field, c.problem, StatusString(c.status))
			}
			if !strings.HasPrefix(fe.Error(), c.field+": ") || fe.At < HeaderLen {
				t.Errorf("error %q at %d should name the field and its PDU offset", fe.Error(), fe.At)
			}
		})
	}
}

func TestDecodeKeepsTLVsBeforeABadOne(t *testing.T) {
	s := &SMBody{Command: DeliverSM, TLVs: []TLV{Uint8TLV(TagMessageState, 2)}}
	body := append(s.Append(nil), 0x04, 0x27, 0x00) // a TLV header cut short
	got, err := DecodeBody(Header{ID: DeliverSM}, body)
	var te *TLVError
	if !errors.As(err, &te) || te.Offset != 5 {
		t.Fatalf("got %v, want a TLVError at offset 5 of the TLV area", err)
	}
	if tl := got.(*SMBody).TLVs; len(tl) != 1 || tl[0].Tag != TagMessageState {
		t.Fatalf("the TLV before the bad one is lost: %+v", tl)
	}
}

func TestDecodeToleratesWhatValidateRefuses(t *testing.T) {
	long := &SMBody{Command: SubmitSM, ServiceType: []byte("TOOLONG"), Dest: addr(1, 1, "1")}
	var d SMBody
	d.Command = SubmitSM
	if err := d.Decode(long.Append(nil)); err != nil {
		t.Fatalf("decoding must stay tolerant: %v", err)
	}
	var fe *FieldError
	if err := d.Validate(); !errors.As(err, &fe) || fe.Field != "service_type" || fe.Problem != TooLong || fe.Status() != StatusInvSerTyp {
		t.Fatalf("Validate: %v", err)
	}
	if !strings.Contains(fe.Error(), "8 octets with its NUL; the spec allows 6") {
		t.Errorf("reason %q", fe.Error())
	}
}

func TestValidate(t *testing.T) {
	payload := TLV{Tag: TagMessagePayload, Value: []byte("x")}
	cases := []struct {
		name   string
		body   PDUBody
		field  string
		status uint32
	}{
		{"system_id", &BindBody{Command: BindTransceiver, SystemID: []byte(strings.Repeat("s", 16))}, "system_id", StatusInvSysID},
		{"password", &BindBody{Command: BindTransceiver, Password: []byte("123456789")}, "password", StatusInvPaswd},
		{"system_type", &BindBody{Command: BindTransceiver, SystemType: []byte(strings.Repeat("t", 13))}, "system_type", StatusInvSysTyp},
		{"address_range", &BindBody{Command: BindTransceiver, AddressRange: addr(0, 0, strings.Repeat("1", 41))}, "address_range", StatusBindFail},
		{"destination_addr", &SMBody{Command: SubmitSM, Dest: addr(1, 1, strings.Repeat("1", 21))}, "destination_addr", StatusInvDstAdr},
		{"data_sm address over 64", &SMBody{Command: DataSM, Dest: addr(1, 1, strings.Repeat("1", 65))}, "destination_addr", StatusInvDstAdr},
		{"relative time with tenths", &SMBody{Command: SubmitSM, MessageFields: MessageFields{ScheduleDeliveryTime: []byte("000001000000100R")}}, "schedule_delivery_time", StatusInvSched},
		{"validity_period", &SMBody{Command: DeliverSM, MessageFields: MessageFields{ValidityPeriod: []byte("261301000000000+")}}, "validity_period", StatusInvExpiry},
		{"short_message and message_payload", &SMBody{Command: SubmitSM, MessageFields: MessageFields{ShortMessage: []byte("a")}, TLVs: []TLV{payload}}, "short_message", StatusInvMsgLen},
		{"short_message 255", &SMBody{Command: SubmitSM, MessageFields: MessageFields{ShortMessage: make([]byte, 255)}}, "short_message", StatusInvMsgLen},
		{"NUL inside", &SMBody{Command: SubmitSM, Source: addr(1, 1, "12\x0034")}, "source_addr", StatusInvSrcAdr},
		{"no destinations", &SubmitMultiBody{}, "number_of_dests", StatusInvNumDests},
		{"dl_name", &SubmitMultiBody{Dests: []DestAddress{{Flag: DestList, DLName: []byte(strings.Repeat("d", 21))}}}, "dl_name", StatusInvDLName},
		{"message_id", &QuerySMBody{MessageID: []byte(strings.Repeat("9", 65))}, "message_id", StatusInvMsgID},
		{"final_date", &QuerySMRespBody{FinalDate: []byte("nonsense")}, "final_date", StatusInvExpiry},
		{"replace validity", &ReplaceSMBody{ValidityPeriod: []byte("2612011200000049+")}, "validity_period", StatusInvExpiry},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var fe *FieldError
			if err := c.body.Validate(); !errors.As(err, &fe) || fe.Field != c.field || fe.Status() != c.status || fe.At != -1 {
				t.Fatalf("got %v (status %v), want %s refused with %s", err, fe, c.field, StatusString(c.status))
			}
		})
	}
	pw := &BindBody{Command: BindTransceiver, Password: []byte("topsecret1")}
	if err := pw.Validate(); err == nil || strings.Contains(err.Error(), "topsecret1") {
		t.Errorf("a too-long password must be refused without quoting it: %v", err)
	}
}

func TestHeaderOnlyResponsesDecode(t *testing.T) {
	for _, id := range []uint32{BindTransceiverResp, SubmitSMResp, DeliverSMResp, DataSMResp, QuerySMResp, SubmitMultiResp, GenericNack} {
		b, err := DecodeBody(Header{ID: id, Status: StatusInvPaswd}, nil)
		if err != nil {
			t.Fatalf("%s: %v", CommandName(id), err)
		}
		if got := b.Append(nil); len(got) != 0 {
			t.Errorf("%s: a header-only response re-encodes as % x", CommandName(id), got)
		}
	}
	if id, err := RespMessageID(nil); id != nil || err != nil {
		t.Errorf("RespMessageID(header-only) = %q, %v", id, err)
	}
	if id, err := RespMessageID([]byte("1A2B\x00\x04\x28\x00\x01\x10")); string(id) != "1A2B" || err != nil {
		t.Errorf("RespMessageID = %q, %v", id, err)
	}
	if _, err := RespMessageID([]byte("1A2B")); err == nil {
		t.Error("a message_id without its NUL must be an error")
	}
}

func TestQuerySMWithTLVDecodes(t *testing.T) {
	raw := mustHex(t, queryPanic) // gosmpp panics on it
	h, _ := ParseHeader(raw)
	b, err := DecodeBody(h, Body(raw))
	if err != nil {
		t.Fatal(err)
	}
	q := b.(*QuerySMBody)
	if len(q.TLVs) != 1 || q.TLVs[0].Tag != 0 || len(q.TLVs[0].Value) != 0 {
		t.Fatalf("TLVs %+v", q.TLVs)
	}
}

func TestSMBodyNeedsCommand(t *testing.T) {
	var s SMBody
	if err := s.Decode([]byte{0}); err == nil || !strings.Contains(err.Error(), "set submit_sm") {
		t.Fatalf("got %v", err)
	}
}

func TestTLVCString(t *testing.T) {
	if got := CStringTLV(TagReceiptedMessageID, "ab").CString(); string(got) != "ab" {
		t.Errorf("got %q", got)
	}
	if got := (TLV{Value: []byte("ab")}).CString(); string(got) != "ab" {
		t.Errorf("without a NUL: got %q", got)
	}
}

type spanLog struct{ lines []string }

func (l *spanLog) Field(s Span) {
	l.lines = append(l.lines, s.Name+" "+itoa(s.Start)+"-"+itoa(s.End))
}
func (l *spanLog) Begin(name string, i int) { l.lines = append(l.lines, "begin "+name+" "+itoa(i)) }
func (l *spanLog) End()                     { l.lines = append(l.lines, "end") }

func itoa(i int) string { return fmt.Sprintf("%03d", i) }

func TestRecorderSpans(t *testing.T) {
	m := &SubmitMultiBody{Source: addr(1, 1, "12"), Dests: []DestAddress{{Flag: DestSME, Addr: addr(1, 1, "3")}},
		MessageFields: MessageFields{ShortMessage: []byte("hi")}, TLVs: []TLV{Uint8TLV(TagMessageState, 2)}}
	raw := AppendPDU(nil, m, 0, 1)
	var log spanLog
	h, _ := ParseHeader(raw)
	if _, err := DecodeBodyRecorded(h, Body(raw), &log); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"service_type 016-017", "source_addr_ton 017-018", "source_addr_npi 018-019", "source_addr 019-022",
		"number_of_dests 022-023", "begin dest_address 001", "dest_flag 023-024", "dest_addr_ton 024-025",
		"dest_addr_npi 025-026", "destination_addr 026-028", "end",
		"esm_class 028-029", "protocol_id 029-030", "priority_flag 030-031", "schedule_delivery_time 031-032",
		"validity_period 032-033", "registered_delivery 033-034", "replace_if_present_flag 034-035",
		"data_coding 035-036", "sm_default_msg_id 036-037", "sm_length 037-038", "short_message 038-040",
		"begin message_state 001", "tag 040-042", "length 042-044", "value 044-045", "end",
	}
	if strings.Join(log.lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("spans:\n%s\nwant:\n%s", strings.Join(log.lines, "\n"), strings.Join(want, "\n"))
	}
	if len(raw) != 45 {
		t.Errorf("the spans should cover the PDU's %d octets", len(raw))
	}
}

func TestDecodeAllocatesNothing(t *testing.T) {
	raw := AppendPDU(nil, samples()[7], 0, 1)
	rcpt := AppendPDU(nil, samples()[8], 0, 1)
	var s SMBody
	var r SMRespBody
	resp := AppendPDU(nil, samples()[10], 0, 1)
	n := testing.AllocsPerRun(100, func() {
		s.Command = SubmitSM
		_ = s.Decode(Body(raw))
		_ = s.Validate()
		s.Command = DeliverSM
		_ = s.Decode(Body(rcpt))
		r.Command = SubmitSMResp
		_ = r.Decode(Body(resp))
	})
	if n != 0 {
		t.Fatalf("decoding submit_sm, deliver_sm and submit_sm_resp into reused bodies allocates %v times", n)
	}
}

func TestStatusText(t *testing.T) {
	if got := Status(StatusThrottled).String(); got != "ESME_RTHROTTLED (0x00000058)" {
		t.Error(got)
	}
	for _, in := range []string{"ESME_RTHROTTLED", "esme_rthrottled", "RTHROTTLED", "rthrottled", "0x58", "0X00000058", "88", " 0x58 "} {
		var s Status
		if err := s.UnmarshalText([]byte(in)); err != nil || s != Status(StatusThrottled) {
			t.Errorf("%q: %v, %v", in, s, err)
		}
	}
	for _, in := range []string{"", "RBOGUS", "0x1FFFFFFFF", "-1", "12abc"} {
		var s Status
		if err := s.UnmarshalText([]byte(in)); err == nil {
			t.Errorf("%q: accepted as %v", in, s)
		}
	}
	for _, v := range []Status{Status(StatusOK), Status(StatusInvBcastChanInd), 0x401, 0x9999} {
		b, _ := v.MarshalText()
		var back Status
		if err := back.UnmarshalText(b); err != nil || back != v {
			t.Errorf("%v: %q reads back as %v, %v", v, b, back, err)
		}
	}
	if b, _ := Status(0x401).MarshalText(); string(b) != "0x00000401" {
		t.Errorf("unnamed status marshals as %q", b)
	}
	if StatusString(StatusInvPaswd) != Status(StatusInvPaswd).String() || StatusName(0x401) != "vendor-specific error" {
		t.Error("StatusString/StatusName must stay thin wrappers")
	}
}
