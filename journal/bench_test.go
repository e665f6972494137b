package journal

import (
	"net"
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
