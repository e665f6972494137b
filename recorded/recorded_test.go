package recorded

import (
	"testing"
	"time"

	"github.com/linxGnu/gosmpp/pdu"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// Conversation is a recorded session: a two-part submit, answered; a receipt for its
// first part; an MO; a submit rejected; a submit never answered.
func Conversation(t testing.TB) *capture.Conversation {
	t.Helper()
	c := &capture.Conversation{}
	at := time.Date(2026, 11, 25, 20, 30, 0, 0, time.UTC)
	add := func(d capture.Direction, b []byte) {
		c.PDUs = append(c.PDUs, capture.PDU{At: at.Add(time.Duration(len(c.PDUs)) * 10 * time.Millisecond), Dir: d, Packet: len(c.PDUs) + 1, Raw: b})
	}
	src, _ := message.ParseAddress("MyBrand")
	dst, _ := message.ParseAddress("+447700900123")
	parts, err := message.Build(message.Message{Source: src, Dest: dst, Text: "Привет 😀 Привет 😀 Привет 😀 Привет 😀 Привет 😀 Привет 😀 Привет 😀 Привет 😀", Coding: coding.Auto, Split: segment.UDH, RegisteredDelivery: 1}, 7)
	if err != nil || len(parts) != 2 {
		t.Fatalf("%d parts, %v", len(parts), err)
	}
	for i, p := range parts {
		add(capture.ToSMSC, p.Encode(uint32(2+i)))
	}
	for i, id := range []string{"1A2B", "1A2C"} {
		r := pdu.NewSubmitSMResp().(*pdu.SubmitSMResp)
		r.MessageID = id
		add(capture.ToESME, wire.Marshal(r, uint32(2+i)))
	}
	d := pdu.NewDeliverSM().(*pdu.DeliverSM)
	d.EsmClass = 0x04
	txt, _ := pdu.NewShortMessage("id:6699 sub:001 dlvrd:001 submit date:2611252030 done date:2611252031 stat:DELIVRD err:000 text:Privet")
	d.Message = txt
	add(capture.ToESME, wire.Marshal(d, 1, wire.CStringTLV(wire.TagReceiptedMessageID, "1A2B"), wire.Uint8TLV(wire.TagMessageState, 2)))
	mo := pdu.NewDeliverSM().(*pdu.DeliverSM)
	_ = mo.SourceAddr.SetAddress("447700900999")
	_ = mo.DestAddr.SetAddress("MyBrand")
	motxt, _ := pdu.NewShortMessage("STOP")
	mo.Message = motxt
	add(capture.ToESME, wire.Marshal(mo, 2))
	add(capture.ToSMSC, parts[0].Encode(4))
	add(capture.ToESME, wire.HeaderOnly(wire.SubmitSMResp, 0x58, 4))
	add(capture.ToSMSC, parts[0].Encode(5))
	return c
}

func TestEvents(t *testing.T) {
	c := Conversation(t)
	evs := Events(c)
	var pdus, subs, recs, mos []smppclient.Event
	for _, e := range evs {
		switch e.(type) {
		case smppclient.PDUEvent:
			pdus = append(pdus, e)
		case smppclient.SubmitEvent:
			subs = append(subs, e)
		case smppclient.ReceiptEvent:
			recs = append(recs, e)
		case smppclient.MOEvent:
			mos = append(mos, e)
		}
	}
	if len(pdus) != len(c.PDUs) || len(subs) != 3 || len(recs) != 1 || len(mos) != 1 {
		t.Fatalf("%d PDU, %d submit, %d receipt, %d MO events", len(pdus), len(subs), len(recs), len(mos))
	}
	s0, s1, s2 := subs[0].(smppclient.SubmitEvent), subs[1].(smppclient.SubmitEvent), subs[2].(smppclient.SubmitEvent)
	if s0.Outcome != smppclient.Accepted || s0.MessageID != "1A2B" || s0.Msg != 1 || s0.Part != 1 || s0.Parts != 2 || s0.Latency != 20*time.Millisecond || s0.Dest != "447700900123" {
		t.Fatalf("first submit %+v", s0)
	}
	if s1.Msg != 1 || s1.Part != 2 || s1.MessageID != "1A2C" {
		t.Fatalf("second part %+v", s1)
	}
	if s2.Outcome != smppclient.Rejected || s2.Status != 0x58 || s2.Msg != 2 {
		t.Fatalf("rejected submit %+v", s2)
	}
	r := recs[0].(smppclient.ReceiptEvent)
	if !r.Matched || r.Msg != 1 || r.Part != 1 || r.SubmitID != "1A2B" || r.Receipt.State != receipt.StateDelivered || r.SinceSubmit != 40*time.Millisecond || r.Seq != 1 {
		t.Fatalf("receipt %+v", r)
	}
	m := mos[0].(smppclient.MOEvent)
	if m.Text != "STOP" || m.Source.Addr != "447700900999" || !m.Complete || len(m.Seqs) != 1 || m.Seqs[0] != 2 {
		t.Fatalf("MO %+v", m)
	}
}

// An MO sent in parts with the SAR TLVs (not a UDH) reassembles from a capture as it does
// in a live session: one message of two parts.
func TestEventsReassembleSARMO(t *testing.T) {
	c := &capture.Conversation{}
	at := time.Date(2026, 11, 25, 20, 30, 0, 0, time.UTC)
	for i, part := range []string{"Hello ", "world"} {
		b := &wire.SMBody{Command: wire.DeliverSM}
		b.Source = wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900999")}
		b.Dest = wire.Address{Addr: []byte("12345")}
		b.ShortMessage = []byte(part)
		b.TLVs = []wire.TLV{
			{Tag: wire.TagSarMsgRefNum, Value: []byte{0, 7}},
			{Tag: wire.TagSarTotalSegments, Value: []byte{2}},
			{Tag: wire.TagSarSegmentSeqnum, Value: []byte{byte(i + 1)}},
		}
		c.PDUs = append(c.PDUs, capture.PDU{At: at.Add(time.Duration(i) * time.Millisecond), Dir: capture.ToESME, Packet: i + 1,
			Raw: wire.AppendPDU(nil, b, 0, uint32(10+i))})
	}
	var mos []smppclient.MOEvent
	for _, e := range Events(c) {
		if m, ok := e.(smppclient.MOEvent); ok {
			mos = append(mos, m)
		}
	}
	if len(mos) != 1 || mos[0].Text != "Hello world" || mos[0].Parts != 2 || !mos[0].Complete || len(mos[0].Seqs) != 2 {
		t.Fatalf("SAR MO from a capture: %+v", mos)
	}
}
