package wire

import (
	"github.com/linxGnu/gosmpp/pdu"
	"testing"
)

func BenchmarkMarshalSubmitSM(b *testing.B) {
	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	_ = sm.DestAddr.SetAddress("447700900123")
	msg, _ := pdu.NewShortMessage("Hello, this is a typical message.")
	sm.Message = msg
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = Marshal(sm, uint32(i+1), Uint8TLV(TagSarTotalSegments, 2))
	}
}
