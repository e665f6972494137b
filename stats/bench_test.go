package stats

import (
	"testing"
)

// BenchmarkAdd: one PDU of a steady submit / response / receipt / receipt response mix.
func BenchmarkAdd(b *testing.B) {
	const n = 4096
	recs := make([]Record, 0, 4*n)
	for i := range n {
		seq := uint32(i + 1)
		id := itoa(100000 + i)
		recs = append(recs, esme(i, submitSM(seq)), fromSMSC(i+1, submitSMResp(seq, 0, id)),
			fromSMSC(i+2, receiptPDU(seq, id, "DELIVRD", "", 0)), esme(i+2, deliverSMResp(seq)))
	}
	c := New(Settings{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.Add(recs[i%len(recs)])
	}
}
