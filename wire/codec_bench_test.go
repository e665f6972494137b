package wire

import "testing"

// The simulator decodes every submit_sm it serves: decoding into a reused body must not
// allocate, Validate included.

func benchSubmitSM() *SMBody {
	return &SMBody{Command: SubmitSM, Source: addr(5, 0, "Shop"), Dest: addr(1, 1, "447700900123"),
		MessageFields: MessageFields{RegisteredDelivery: 1, ValidityPeriod: []byte("000001000000000R"),
			ShortMessage: []byte("Hello, this is a typical message.")},
		TLVs: []TLV{Uint8TLV(TagSarTotalSegments, 2)}}
}

func BenchmarkDecodeSubmitSM(b *testing.B) {
	body := benchSubmitSM().Append(nil)
	var s SMBody
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for i := 0; i < b.N; i++ {
		s.Command = SubmitSM
		if err := s.Decode(body); err != nil {
			b.Fatal(err)
		}
		if err := s.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendSubmitSM(b *testing.B) {
	s := benchSubmitSM()
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf = AppendPDU(buf[:0], s, 0, uint32(i+1))
	}
}

func BenchmarkDecodeDeliverSMReceipt(b *testing.B) {
	body := samples()[8].Append(nil)
	var s SMBody
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for i := 0; i < b.N; i++ {
		s.Command = DeliverSM
		if err := s.Decode(body); err != nil {
			b.Fatal(err)
		}
		if _, ok := FindTLV(s.TLVs, TagReceiptedMessageID); !ok {
			b.Fatal("no receipted_message_id")
		}
	}
}
