package smppclient

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// TestTxRxPairReceiptOvertakesResponse binds a transmitter and a receiver; the SMSC
// sends each receipt on the receiver before the submit_sm_resp on the transmitter, as
// happens when the two connections race. The receipt must still be correlated.
func TestTxRxPairReceiptOvertakesResponse(t *testing.T) {
	f := newFake(t)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID == wire.DeliverSMResp {
			return true
		}
		if h.ID != wire.SubmitSM {
			return false
		}
		if fc.bind != wire.BindTransmitter {
			_ = fc.write(wire.GenericNackFor(h.Seq, wire.StatusInvBndSts))
			return true
		}
		f.mu.Lock()
		f.nextID++
		id := f.nextID
		var rx *fakeConn
		for c := range f.conns {
			if c.bind == wire.BindReceiver {
				rx = c
			}
		}
		f.mu.Unlock()
		if rx != nil {
			_ = rx.write(deliverSM(rx.nextSeq(), "447700900123", "MyBrand", 0x04, 0, receiptText(fmt.Sprint(id), "DELIVRD")))
		}
		time.AfterFunc(20*time.Millisecond, func() {
			_ = fc.write(respWithCString(wire.SubmitSMResp, 0, h.Seq, fmt.Sprint(id)))
		})
		return true
	})
	s := testSettings(f.addr)
	s.Bind = TxRx
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "tx bound", isState("tx", Bound))
	ev.waitFor(t, 5*time.Second, "rx bound", isState("rx", Bound))
	if st := c.Stats(); st.State != Bound || len(st.Links) != 2 {
		t.Fatalf("stats %+v", st)
	}
	const n = 5
	for i := 0; i < n; i++ {
		m := msg("447700900123", fmt.Sprint("pair ", i))
		m.RegisteredDelivery = 1
		if _, err := c.Submit(ctxT(t, 5*time.Second), m); err != nil {
			t.Fatal(err)
		}
	}
	got := map[uint64]bool{}
	ev.waitFor(t, 5*time.Second, "five receipts", func(e Event) bool {
		if r, ok := e.(ReceiptEvent); ok {
			if !r.Matched || r.Link != "rx" {
				t.Errorf("receipt %+v", r)
			}
			got[r.Msg] = true
		}
		return len(got) == n
	})
	for _, e := range ev.snapshot() {
		if p, ok := e.(PDUEvent); ok && p.Header.ID == wire.SubmitSM && p.Link != "tx" {
			t.Errorf("submit_sm on %s", p.Link)
		}
	}
	if _, maxLive, _, _ := f.stats(); maxLive != 2 {
		t.Errorf("max live %d, want 2", maxLive)
	}
}

// FuzzSessionInput: after a bind_resp the SMSC writes arbitrary bytes and closes. The
// session must not panic or hang, and must report the trouble.
func FuzzSessionInput(f *testing.F) {
	for _, seed := range fuzzSeeds() {
		f.Add(seed)
	}
	f.Fuzz(runFuzzOne)
}

func runFuzzOne(t *testing.T, data []byte) {
	// A pipe instead of TCP: thousands of runs must not use up the ephemeral ports.
	esme, smsc := net.Pipe()
	go func() {
		defer smsc.Close()
		r := wire.NewReader(smsc, 0)
		raw, err := r.ReadPDU()
		if err != nil {
			return
		}
		h, _ := wire.ParseHeader(raw)
		// Drain the ESME's answers while writing; the pipe has no buffer.
		go func() {
			for {
				if _, err := r.ReadPDU(); err != nil {
					return
				}
			}
		}()
		_ = smsc.SetWriteDeadline(time.Now().Add(5 * time.Second))
		_, _ = smsc.Write(respWithCString(h.ID|wire.ResponseBit, 0, h.Seq, "fuzz"))
		_, _ = smsc.Write(data) // returns once the ESME has read all of it
	}()
	dialed := false
	s := testSettings("fuzz:2775")
	s.NoReconnect = true
	s.Dialer = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dialed {
			return nil, errTest
		}
		dialed = true
		return esme, nil
	}
	c, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	ev := collect(c)
	c.Start()
	e, _ := ev.waitFor(t, 5*time.Second, "the end of the connection", func(e Event) bool {
		st, ok := e.(StateEvent)
		return ok && st.State == Disconnected
	})
	reason := e.(StateEvent).Reason
	errs := 0
	for _, e := range ev.snapshot() {
		if _, ok := e.(ErrorEvent); ok {
			errs++
		}
	}
	if reason == "" || errs == 0 && !strings.Contains(reason, "the SMSC sent unbind") {
		t.Errorf("no error event; events:\n%s", ev.dump())
	}
	done := make(chan struct{})
	go func() { c.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close hung")
	}
}

// fuzzSeeds are well-formed and broken streams; they are also in testdata/fuzz.
func fuzzSeeds() [][]byte {
	dlv := deliverSM(7, "447700900123", "12345", 0x04, 0, receiptText("1001", "DELIVRD"),
		wire.CStringTLV(wire.TagReceiptedMessageID, "1001"), wire.Uint8TLV(wire.TagMessageState, 2))
	udh := deliverSM(8, "447700900123", "12345", 0x40, 0, []byte{5, 0, 3, 1, 2, 1, 'h', 'i'})
	badUDH := deliverSM(9, "447700900123", "12345", 0x40, 0, []byte{9, 0, 3})
	return [][]byte{
		nil,
		wire.HeaderOnly(wire.EnquireLink, 0, 1),
		dlv,
		udh,
		badUDH,
		dlv[:len(dlv)-3],
		wire.Header{Length: 8, ID: wire.DeliverSM, Seq: 1}.Append(nil),
		wire.Header{Length: 0xFFFFFFFF, ID: wire.DeliverSM, Seq: 1}.Append(nil),
		wire.HeaderOnly(wire.SubmitSMResp, 0, 99),
		wire.HeaderOnly(wire.Unbind, 0, 3),
		wire.Header{Length: 24, ID: wire.QuerySM, Seq: 1}.Append([]byte{}),
		append(wire.Header{Length: 24, ID: wire.QuerySM, Seq: 1}.Append(nil), 0, 0, 0, 0, 0, 0, 0, 0),
		[]byte("GET / HTTP/1.1\r\n\r\n"),
	}
}

// TestWriteFuzzCorpus keeps testdata/fuzz/FuzzSessionInput in step with fuzzSeeds when
// run with -update-corpus; otherwise it checks the files exist.
func TestFuzzCorpusPresent(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzSessionInput")
	if os.Getenv("SMPPCLIENT_WRITE_CORPUS") != "" {
		_ = os.MkdirAll(dir, 0o755)
		for i, seed := range fuzzSeeds() {
			body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", seed)
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed%02d", i)), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		t.Fatalf("seed corpus missing in %s (run with SMPPCLIENT_WRITE_CORPUS=1): %v", dir, err)
	}
}

var _ = context.Background

// TestNoGoroutineLeak runs a tx+rx pair through reconnects, an operator unbind and a
// close, and checks every goroutine it started has ended.
func TestNoGoroutineLeak(t *testing.T) {
	checkLeaks := noLeak(t)
	f := newFake(t)
	drops := 0
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID != wire.BindTransmitter && h.ID != wire.BindReceiver {
			return false
		}
		fc.standard(h, raw)
		f.mu.Lock()
		drop := drops < 4
		drops++
		f.mu.Unlock()
		if drop {
			fc.nc.Close()
		}
		return true
	})
	s := testSettings(f.addr)
	s.Bind, s.EnquireLinkInterval = TxRx, 20*time.Millisecond
	c, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	ev := collect(c)
	c.Start()
	bound := map[string]int{}
	ev.waitFor(t, 10*time.Second, "both bound after the drops", func(e Event) bool {
		if st, ok := e.(StateEvent); ok && st.State == Bound {
			bound[st.Link]++
		}
		f.mu.Lock()
		dropped := drops >= 4
		f.mu.Unlock()
		return dropped && bound["tx"] > 0 && bound["rx"] > 0 && c.Stats().State == Bound
	})
	sub, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "x"))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = sub.Wait(ctxT(t, 5*time.Second))
	c.Unbind()
	c.Bind()
	c.Close()
	<-ev.done
	f.close()
	checkLeaks()
}
