package filter

import (
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// The fixed PDUs of the table tests: one session's worth, every PDU type, with a
// submit, its response and its receipt sharing one message id (hex in the response,
// decimal in the receipt, as SMSCs do).

func ad(ton, npi byte, a string) wire.Address {
	return wire.Address{TON: ton, NPI: npi, Addr: []byte(a)}
}

var t0 = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

type fixed struct {
	raw  []byte
	dir  string
	link string
	at   time.Duration // after t0
}

func corpus() []fixed {
	sm := func(cmd uint32, esm, dcs, regdel byte, src, dst, text string, tlvs ...wire.TLV) *wire.SMBody {
		b := &wire.SMBody{Command: cmd, Source: ad(1, 1, src), Dest: ad(1, 1, dst), TLVs: tlvs}
		b.ESMClass, b.DataCoding, b.RegisteredDelivery = esm, dcs, regdel
		b.ShortMessage = []byte(text)
		return b
	}
	pdu := func(b wire.PDUBody, status, seq uint32) []byte { return wire.AppendPDU(nil, b, status, seq) }
	receiptText := "id:6693654 sub:001 dlvrd:001 submit date:2612011200 done date:2612011201 stat:UNDELIV err:001 text:hello"
	multi := &wire.SubmitMultiBody{Source: ad(5, 0, "ACME"), Dests: []wire.DestAddress{
		{Flag: wire.DestSME, Addr: ad(1, 1, "447700900001")},
		{Flag: wire.DestSME, Addr: ad(1, 1, "447700900002")},
		{Flag: wire.DestList, DLName: []byte("friends")},
	}}
	multi.ShortMessage, multi.RegisteredDelivery = []byte("to all"), 1
	multiResp := &wire.SubmitMultiRespBody{MessageID: []byte("m-77"), Unsuccess: []wire.UnsuccessSME{
		{Addr: ad(1, 1, "447700900002"), Status: wire.StatusInvDstAdr},
	}}
	return []fixed{
		// 0
		{pdu(&wire.BindBody{Command: wire.BindTransceiver, SystemID: []byte("esme1"), Password: []byte("secret"),
			SystemType: []byte("test"), InterfaceVersion: 0x34}, 0, 1), "out", "trx", 0},
		{pdu(&wire.BindRespBody{Command: wire.BindTransceiverResp, SystemID: []byte("SMSC"),
			TLVs: []wire.TLV{wire.Uint8TLV(wire.TagScInterfaceVersion, 0x34)}}, 0, 1), "in", "trx", 5 * time.Millisecond},
		// 2: a submit_sm asking for a receipt, and its response (id in hex)
		{pdu(timed(sm(wire.SubmitSM, 0, 0, 1, "4420", "447700900123", "hello world"), "261201120500000+", "000001000000000R"), 0, 2), "out", "trx", 10 * time.Millisecond},
		{pdu(&wire.SMRespBody{Command: wire.SubmitSMResp, MessageID: []byte("662316")}, 0, 2), "in", "trx", 30 * time.Millisecond},
		// 4: a submit_sm throttled, after 600ms
		{pdu(sm(wire.SubmitSM, 0, 8, 0, "4420", "447700900124", "\x00h\x00i"), 0, 3), "out", "trx", 40 * time.Millisecond},
		{pdu(&wire.SMRespBody{Command: wire.SubmitSMResp}, wire.StatusThrottled, 3), "in", "trx", 640 * time.Millisecond},
		// 6: the receipt of the first, its id in decimal, and our response
		{pdu(sm(wire.DeliverSM, 0x04, 0, 0, "447700900123", "4420", receiptText,
			wire.CStringTLV(wire.TagReceiptedMessageID, "6693654"), wire.Uint8TLV(wire.TagMessageState, 5),
			wire.TLV{Tag: wire.TagNetworkErrorCode, Value: []byte{3, 0, 1}}), 0, 70), "in", "trx", 700 * time.Millisecond},
		{pdu(&wire.SMRespBody{Command: wire.DeliverSMResp}, 0, 70), "out", "trx", 701 * time.Millisecond},
		// 8: an MO deliver_sm (no receipt) with UDHI
		{pdu(sm(wire.DeliverSM, 0x40, 0, 0, "447700900999", "4420", "\x05\x00\x03\x2a\x02\x01part one"), 0, 71), "in", "trx", 800 * time.Millisecond},
		{pdu(&wire.EmptyBody{Command: wire.EnquireLink}, 0, 4), "out", "trx", 900 * time.Millisecond},
		// 10
		{pdu(&wire.EmptyBody{Command: wire.EnquireLinkResp}, 0, 4), "in", "trx", 901 * time.Millisecond},
		{pdu(multi, 0, 5), "out", "tx", 1000 * time.Millisecond},
		{pdu(multiResp, 0, 5), "in", "tx", 1020 * time.Millisecond},
		// 13: data_sm with a payload, and its response with delivery_failure_reason
		{pdu(&wire.SMBody{Command: wire.DataSM, ServiceType: []byte("WAP"), Source: ad(1, 1, "4420"), Dest: ad(1, 1, "447700900200"),
			TLVs: []wire.TLV{{Tag: wire.TagMessagePayload, Value: []byte("payload text")}, wire.Uint16TLV(wire.TagSarMsgRefNum, 513)}}, 0, 6), "out", "tx", 1100 * time.Millisecond},
		{pdu(&wire.SMRespBody{Command: wire.DataSMResp, MessageID: []byte("d-1"),
			TLVs: []wire.TLV{wire.Uint8TLV(wire.TagDeliveryFailureReason, 2)}}, 0, 6), "in", "tx", 1130 * time.Millisecond},
		// 15: query_sm of the first message, and its response
		{pdu(&wire.QuerySMBody{MessageID: []byte("662316"), Source: ad(1, 1, "4420")}, 0, 7), "out", "tx", 1200 * time.Millisecond},
		{pdu(&wire.QuerySMRespBody{MessageID: []byte("662316"), FinalDate: []byte("261201120100000+"), MessageState: 5, ErrorCode: 1}, 0, 7), "in", "tx", 1210 * time.Millisecond},
		// 17
		{pdu(&wire.CancelSMBody{MessageID: []byte("m-77"), Source: ad(5, 0, "ACME"), Dest: ad(1, 1, "447700900001")}, 0, 8), "out", "tx", 1300 * time.Millisecond},
		{pdu(&wire.EmptyBody{Command: wire.CancelSMResp}, 0, 8), "in", "tx", 1310 * time.Millisecond},
		{pdu(&wire.ReplaceSMBody{MessageID: []byte("d-1"), Source: ad(1, 1, "4420"), ShortMessage: []byte("new text"), RegisteredDelivery: 0x11,
			ScheduleDeliveryTime: []byte("000000003000000R"), ValidityPeriod: []byte("261202120000000+")}, 0, 9), "out", "tx", 1400 * time.Millisecond},
		// 20
		{pdu(&wire.EmptyBody{Command: wire.ReplaceSMResp}, wire.StatusSysErr, 9), "in", "tx", 1420 * time.Millisecond},
		{pdu(&wire.EmptyBody{Command: wire.GenericNack}, 0x00000003, 10), "in", "rx", 1500 * time.Millisecond},
		{pdu(&wire.AlertNotificationBody{Source: ad(1, 1, "447700900123"), ESME: ad(1, 1, "4420"),
			TLVs: []wire.TLV{wire.Uint8TLV(wire.TagMsAvailabilityStatus, 0)}}, 0, 11), "in", "rx", 1600 * time.Millisecond},
		{pdu(&wire.EmptyBody{Command: wire.Unbind}, 0, 12), "out", "trx", 1700 * time.Millisecond},
	}
}

func timed(b *wire.SMBody, schedule, validity string) *wire.SMBody {
	b.ScheduleDeliveryTime, b.ValidityPeriod = []byte(schedule), []byte(validity)
	return b
}

// packets are the corpus as a linked stream, as decode and stats see it.
func packets() []*Packet {
	var l Linker
	var out []*Packet
	for _, f := range corpus() {
		p := &Packet{Raw: f.raw, Dir: f.dir, Link: f.link, At: t0.Add(f.at)}
		l.Add(p)
		out = append(out, p)
	}
	return out
}
