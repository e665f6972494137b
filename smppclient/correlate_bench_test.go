package smppclient

import (
	"fmt"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
)

func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkCorrelatorMillion indexes a million accepted parts (ReceiptIndex 1<<20, ids
// as the simulator gives them) and reports the heap each costs, the index entry alone
// and with the Submission it points to; each op is then one receipt correlated.
func BenchmarkCorrelatorMillion(b *testing.B) {
	const n = 1_000_000
	for _, withSub := range []bool{false, true} {
		b.Run(fmt.Sprintf("submissions=%v", withSub), func(b *testing.B) {
			parts, err := message.Build(msg("447700900123", "benchmark message"), 1)
			if err != nil {
				b.Fatal(err)
			}
			ids := make([]string, n)
			for i := range ids {
				ids[i] = strconv.Itoa(1_000_000_000 + i)
			}
			before := liveHeap()
			k := newCorrelator(1 << 20)
			at := time.Now()
			for i, id := range ids {
				var sub *Submission
				if withSub {
					sub = newSubmission(uint64(i+1), message.Message{}, parts)
				}
				k.add(sentRef{sub: sub, msg: uint64(i + 1), part: 1, parts: 1, id: id, at: at})
			}
			per := float64(liveHeap()-before) / n
			rs := make([]receipt.Receipt, 4096)
			for i := range rs {
				id := ids[(i*7919)%n]
				rs[i] = receipt.Receipt{MessageID: id, NormalizedID: receipt.NormalizeID(id)}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if k.lookup(rs[i%len(rs)]) == nil {
					b.Fatal("not found")
				}
			}
			b.StopTimer()
			b.ReportMetric(per, "B/entry")
			runtime.KeepAlive(k)
		})
	}
}
