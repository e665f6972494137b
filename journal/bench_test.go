package journal

import (
	"context"
	"fmt"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
)

// BenchmarkPDU is what the Recorder hook costs the session per PDU: one submit_sm
// framed and buffered into the journal, under its lock, the flusher running.
func BenchmarkPDU(b *testing.B) {
	j, err := Open(Options{Dir: b.TempDir(), Name: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	j.Connected(time.Now(), "trx", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 50000}, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 2775})
	parts, err := message.Build(testMessage(1), 1)
	if err != nil {
		b.Fatal(err)
	}
	raw := parts[0].Encode(1)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		j.PDU(time.Now(), "trx", smppclient.Out, raw)
	}
}

// BenchmarkSession is the hook's cost seen from the session: one op is one submit_sm
// from Submit to its outcome, window 256, against the simulator in this process, with
// and without the journal recording.
func BenchmarkSession(b *testing.B) {
	srv := startSim(b)
	for _, on := range []bool{false, true} {
		b.Run(fmt.Sprintf("journal=%v", on), func(b *testing.B) {
			s := smppclient.Settings{Addr: srv.Addr().String(), SystemID: "journal", Password: "secret99",
				NoReconnect: true, Window: 256, ResponseTimeout: 30 * time.Second}
			if on {
				j, err := Open(Options{Dir: b.TempDir(), Name: "bench"})
				if err != nil {
					b.Fatal(err)
				}
				defer j.Close()
				s.Recorder = j
			}
			c, err := smppclient.New(s)
			if err != nil {
				b.Fatal(err)
			}
			var outcomes atomic.Int64
			bound := make(chan struct{}, 1)
			done := make(chan struct{})
			go func() {
				defer close(done)
				for ev := range c.Events() {
					switch e := ev.(type) {
					case smppclient.SubmitEvent:
						outcomes.Add(1)
					case smppclient.StateEvent:
						if e.State == smppclient.Bound {
							bound <- struct{}{}
						}
					}
				}
			}()
			defer func() { c.Close(); <-done }()
			c.Start()
			select {
			case <-bound:
			case <-time.After(10 * time.Second):
				b.Fatal("not bound")
			}
			m := testMessage(1)
			m.RegisteredDelivery = 0 // no receipts: their handling would land outside the timing
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := c.Submit(context.Background(), m); err != nil {
					b.Fatal(err)
				}
			}
			deadline := time.Now().Add(60 * time.Second)
			for outcomes.Load() < int64(b.N) {
				if time.Now().After(deadline) {
					b.Fatalf("%d outcomes of %d", outcomes.Load(), b.N)
				}
				time.Sleep(100 * time.Microsecond)
			}
		})
	}
}
