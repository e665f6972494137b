package smppclient

import (
	"fmt"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/linxGnu/gosmpp"
	"github.com/linxGnu/gosmpp/data"
	gpdu "github.com/linxGnu/gosmpp/pdu"

	"github.com/smppconsole/smppconsole/smsc"
)

// BenchmarkVersusGosmpp runs this session and a gosmpp v0.3.1 Session client one after
// the other against the same simulator process, the same number of messages each, and
// reports both rates and their ratio (ours/gosmpp).
//
// gosmpp's own window (WindowedRequestTracking) leaks slots (SMPP-NOTES), so its
// client here has no tracking: a semaphore of the same window is taken before each
// Submit and given back by the OnPDU callback for each submit_sm_resp, which is how
// responses are counted. A new SubmitSM is built for each message, as a gosmpp user
// does (gosmpp numbers a PDU when it is made).
func BenchmarkVersusGosmpp(b *testing.B) {
	addr := startSimProcess(b)
	for _, receipts := range []bool{false, true} {
		for _, window := range []int{256, 1024} {
			b.Run(fmt.Sprintf("window=%d/receipts=%v", window, receipts), func(b *testing.B) {
				n := max(b.N, 1000)
				ours := runSession(b, addr, window, receipts, n)
				theirs := runGosmpp(b, addr, window, receipts, n)
				b.ReportMetric(ours, "ours-msg/s")
				b.ReportMetric(theirs, "gosmpp-msg/s")
				b.ReportMetric(ours/theirs, "ratio")
			})
		}
	}
}

func runGosmpp(b *testing.B, addr string, window int, receipts bool, n int) float64 {
	var resps, failed, dlrs atomic.Int64
	slots := make(chan struct{}, window)
	dialer := func(addr string) (net.Conn, error) { return net.DialTimeout("tcp", addr, 5*time.Second) }
	auth := gosmpp.Auth{SMSC: addr, SystemID: smsc.DefaultSystemID, Password: smsc.DefaultPassword}
	sess, err := gosmpp.NewSession(gosmpp.TRXConnector(dialer, auth), gosmpp.Settings{
		ReadTimeout:  30 * time.Second,
		WriteTimeout: 30 * time.Second,
		OnPDU: func(p gpdu.PDU, _ bool) {
			switch p := p.(type) {
			case *gpdu.SubmitSMResp:
				if !p.IsOk() {
					failed.Add(1)
				}
				resps.Add(1)
				<-slots
			case *gpdu.DeliverSM:
				dlrs.Add(1)
			}
		},
	}, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer sess.Close()
	src, _ := gpdu.NewAddressWithTonNpiAddr(1, 1, "447700900001")
	dst, _ := gpdu.NewAddressWithTonNpiAddr(1, 1, "447700900123")
	start := time.Now()
	for i := 0; i < n; i++ {
		sm := gpdu.NewSubmitSM().(*gpdu.SubmitSM)
		sm.SourceAddr, sm.DestAddr = src, dst
		_ = sm.Message.SetMessageWithEncoding("benchmark message", data.GSM7BIT)
		if receipts {
			sm.RegisteredDelivery = 1
		}
		slots <- struct{}{}
		if err := sess.Transceiver().Submit(sm); err != nil {
			b.Fatal(err)
		}
	}
	deadline := time.Now().Add(60 * time.Second)
	for resps.Load() < int64(n) || receipts && dlrs.Load() < int64(n) {
		if time.Now().After(deadline) {
			b.Fatalf("gosmpp: %d responses, %d receipts, of %d", resps.Load(), dlrs.Load(), n)
		}
		time.Sleep(100 * time.Microsecond)
	}
	elapsed := time.Since(start)
	if failed.Load() > 0 {
		b.Errorf("gosmpp: %d of %d not accepted", failed.Load(), n)
	}
	return float64(n) / elapsed.Seconds()
}
