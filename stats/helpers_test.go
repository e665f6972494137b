package stats

import (
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// t0 is the fixed start of the test traffic.
var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func at(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }

func submitSM(seq uint32) []byte {
	b := &wire.SMBody{Command: wire.SubmitSM,
		Source: wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900001")},
		Dest:   wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900002")}}
	b.RegisteredDelivery = 1
	b.ShortMessage = []byte("hello")
	return wire.AppendPDU(nil, b, 0, seq)
}

func submitSMResp(seq, status uint32, id string) []byte {
	b := &wire.SMRespBody{Command: wire.SubmitSMResp, MessageID: []byte(id), NoBody: status != 0}
	return wire.AppendPDU(nil, b, status, seq)
}

// receiptPDU is a deliver_sm receipt in Appendix B text, optionally with the TLVs too.
func receiptPDU(seq uint32, id, stat string, tlvID string, state byte) []byte {
	b := &wire.SMBody{Command: wire.DeliverSM,
		Source: wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900002")},
		Dest:   wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900001")}}
	b.ESMClass = 0x04
	b.ShortMessage = []byte("id:" + id + " sub:001 dlvrd:001 submit date:2612011000 done date:2612011001 stat:" + stat + " err:000 text:hello")
	if tlvID != "" {
		b.TLVs = []wire.TLV{{Tag: wire.TagReceiptedMessageID, Value: append([]byte(tlvID), 0)}, {Tag: wire.TagMessageState, Value: []byte{state}}}
	}
	return wire.AppendPDU(nil, b, 0, seq)
}

func moPDU(seq uint32) []byte {
	b := &wire.SMBody{Command: wire.DeliverSM,
		Source: wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900002")},
		Dest:   wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900001")}}
	b.ShortMessage = []byte("a reply")
	return wire.AppendPDU(nil, b, 0, seq)
}

func deliverSMResp(seq uint32) []byte {
	return wire.AppendPDU(nil, &wire.SMRespBody{Command: wire.DeliverSMResp}, 0, seq)
}

func header(id, status, seq uint32) []byte { return wire.HeaderOnly(id, status, seq) }

func esme(ms int, raw []byte) Record {
	return Record{At: at(ms), Conv: "trx", Side: SideESME, Raw: raw}
}

func fromSMSC(ms int, raw []byte) Record {
	return Record{At: at(ms), Conv: "trx", Side: SideSMSC, Raw: raw}
}
