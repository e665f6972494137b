package smppclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

func msg(to, text string) message.Message {
	d, err := message.ParseAddress(to)
	if err != nil {
		panic(err)
	}
	return message.Message{Dest: d, Text: text}
}

func TestBindSubmitAccepted(t *testing.T) {
	checkLeaks := noLeak(t)
	f := newFake(t)
	c, ev := startClient(t, testSettings(f.addr))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))

	sub, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "hello"))
	if err != nil {
		t.Fatal(err)
	}
	outs, err := sub.Wait(ctxT(t, 5*time.Second))
	if err != nil || len(outs) != 1 {
		t.Fatalf("outcomes %v, %v", outs, err)
	}
	o := outs[0]
	if o.Outcome != Accepted || o.MessageID != "1001" || o.Part != 1 || o.Parts != 1 || o.Seq != 2 || o.Dest != "447700900123" {
		t.Errorf("outcome %+v", o)
	}
	ev.waitFor(t, time.Second, "submit event", func(e Event) bool { s, ok := e.(SubmitEvent); return ok && s.MessageID == "1001" })

	// Every PDU is shown: bind out and in, submit_sm out, submit_sm_resp in.
	var seen []string
	for _, e := range ev.snapshot() {
		if p, ok := e.(PDUEvent); ok {
			seen = append(seen, p.Dir.String()+" "+wire.CommandName(p.Header.ID))
			if len(p.Raw) != int(p.Header.Length) {
				t.Errorf("raw %d octets, header says %d", len(p.Raw), p.Header.Length)
			}
		}
	}
	want := "out bind_transceiver,in bind_transceiver_resp,out submit_sm,in submit_sm_resp"
	if got := strings.Join(seen, ","); got != want {
		t.Errorf("PDUs %s, want %s", got, want)
	}
	st := c.Stats()
	if st.State != Bound || st.Sent != 1 || st.Accepted != 1 || st.InFlight != 0 || st.Links[0].Peer != "fakesmsc" {
		t.Errorf("stats %+v", st)
	}

	c.Close()
	c.Close() // idempotent
	ev.waitFor(t, time.Second, "closed", isState("trx", Closed))
	<-ev.done
	var states []string
	for _, e := range ev.snapshot() {
		if s, ok := e.(StateEvent); ok {
			states = append(states, s.State.String())
		}
	}
	if got := strings.Join(states, ","); got != "connecting,binding,bound,unbinding,closed" {
		t.Errorf("states %s", got)
	}
	checkLeaks()
}

func TestBindPDUCarriesEveryParameter(t *testing.T) {
	f := newFake(t)
	got := make(chan []byte, 1)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID == wire.BindTransmitter {
			got <- raw
		}
		return false
	})
	s := testSettings(f.addr)
	s.Bind, s.SystemType, s.InterfaceVersion = Transmitter, "VMA", 0x33
	s.AddrTON, s.AddrNPI, s.AddressRange = 1, 1, "^4477"
	_, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("tx", Bound))
	raw := <-got
	want := append([]byte("esme\x00secret\x00VMA\x00"), 0x33, 1, 1)
	want = append(want, "^4477\x00"...)
	if !bytes.Equal(wire.Body(raw), want) {
		t.Errorf("bind body % x\nwant      % x", wire.Body(raw), want)
	}
}

func TestWrongPasswordHeaderOnlyStops(t *testing.T) {
	f := newFake(t)
	s := testSettings(f.addr)
	s.Password = "wrong"
	c, ev := startClient(t, s)
	e, _ := ev.waitFor(t, 5*time.Second, "disconnected", isState("trx", Disconnected))
	se := e.(StateEvent)
	if !se.HasStatus || se.Status != wire.StatusInvPaswd || !strings.Contains(se.Reason, "bind_transceiver_resp ESME_RINVPASWD (0x0000000E)") ||
		!strings.Contains(se.Reason, "not retrying") {
		t.Errorf("state %+v", se)
	}
	// It gave up: Submit says so at once instead of waiting.
	if _, err := c.Submit(context.Background(), msg("447700900123", "x")); !errors.Is(err, ErrNotBound) {
		t.Errorf("Submit: %v", err)
	}
	for _, e := range ev.snapshot() {
		if s, ok := e.(StateEvent); ok && s.State == BackingOff {
			t.Errorf("backed off after a credentials rejection: %+v", s)
		}
	}
	// The operator's Bind tries again.
	f.mu.Lock()
	f.password = "wrong"
	f.mu.Unlock()
	c.Bind()
	n := 0
	ev.waitFor(t, 5*time.Second, "connecting again", func(e Event) bool {
		if isState("trx", Connecting)(e) {
			n++
		}
		return n == 2
	})
	if _, _, binds, _ := f.stats(); binds < 1 {
		t.Errorf("binds %d", binds)
	}
}

func TestAuthFailureRetriedWhenConfigured(t *testing.T) {
	f := newFake(t)
	s := testSettings(f.addr)
	s.Password, s.RetryOnAuthFailure = "wrong", true
	_, ev := startClient(t, s)
	e, _ := ev.waitFor(t, 5*time.Second, "backing off", isState("trx", BackingOff))
	se := e.(StateEvent)
	if se.Status != wire.StatusInvPaswd || se.Retry.IsZero() || !strings.Contains(se.Reason, "ESME_RINVPASWD (0x0000000E)") {
		t.Errorf("state %+v", se)
	}
	// And a second attempt follows.
	n := 0
	ev.waitFor(t, 5*time.Second, "second bind", func(e Event) bool {
		if p, ok := e.(PDUEvent); ok && p.Header.ID == wire.BindTransceiverResp {
			n++
		}
		return n == 2
	})
}

func TestBindTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f, s := newPipeFake(t)
		f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool { return h.ID == wire.BindTransceiver }) // silent
		s.BindTimeout = 200 * time.Millisecond
		_, ev := startClient(t, s)
		e, _ := ev.waitFor(t, 5*time.Second, "backing off", isState("trx", BackingOff))
		if r := e.(StateEvent).Reason; !strings.Contains(r, "no bind_transceiver_resp within 200ms") {
			t.Errorf("reason %q", r)
		}
	})
}

func TestConnectRefusedBacksOffWithCeiling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f, s := newPipeFake(t)
		f.close() // refused from now on
		s.ReconnectMin, s.ReconnectMax = 10*time.Millisecond, 40*time.Millisecond
		c, ev := startClient(t, s)
		var retries []time.Duration
		ev.waitFor(t, 5*time.Second, "five backoffs", func(e Event) bool {
			if s, ok := e.(StateEvent); ok && s.State == BackingOff {
				retries = append(retries, s.Retry.Sub(s.At))
				if !strings.Contains(s.Reason, "refused") {
					t.Errorf("reason %q", s.Reason)
				}
			}
			return len(retries) == 5
		})
		for i, d := range retries {
			if d > 40*time.Millisecond || d < 5*time.Millisecond {
				t.Errorf("backoff %d: %s outside [5ms, 40ms]", i, d)
			}
		}
		if st := c.Stats(); st.LastError == "" {
			t.Errorf("no last error")
		}
	})
}

func TestBackoff(t *testing.T) {
	for attempt := 0; attempt < 20; attempt++ {
		d := backoff(time.Second, time.Minute, attempt)
		lim := time.Second << attempt
		if lim > time.Minute || lim <= 0 {
			lim = time.Minute
		}
		if d < lim/2 || d > lim {
			t.Errorf("attempt %d: %s outside [%s, %s]", attempt, d, lim/2, lim)
		}
	}
}

func TestWindowBackpressureNeverDrops(t *testing.T) {
	f := newFake(t)
	// Hold every submit_sm_resp until 5 are outstanding or 20 ms pass, to fill the window.
	var mu sync.Mutex
	outstanding, maxOut := 0, 0
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID != wire.SubmitSM {
			return false
		}
		mu.Lock()
		outstanding++
		if outstanding > maxOut {
			maxOut = outstanding
		}
		mu.Unlock()
		go func() {
			time.Sleep(2 * time.Millisecond) // the SMSC's processing time
			mu.Lock()
			outstanding--
			mu.Unlock()
			_ = fc.write(respWithCString(wire.SubmitSMResp, 0, h.Seq, fmt.Sprint(h.Seq)))
		}()
		return true
	})
	s := testSettings(f.addr)
	s.Window = 3
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	const n = 60
	var wg sync.WaitGroup
	subs := make(chan *Submission, n)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < n/4; i++ {
				sub, err := c.Submit(ctxT(t, 10*time.Second), msg("447700900123", "x"))
				if err != nil {
					t.Error(err)
					return
				}
				if in := c.Stats().InFlight; in > 3 {
					t.Errorf("in flight %d > window 3", in)
				}
				subs <- sub
			}
		}()
	}
	wg.Wait()
	close(subs)
	accepted := 0
	for sub := range subs {
		outs, err := sub.Wait(ctxT(t, 10*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if outs[0].Outcome == Accepted {
			accepted++
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if accepted != n || maxOut > 3 {
		t.Errorf("accepted %d of %d, max outstanding at the SMSC %d (window 3)", accepted, n, maxOut)
	}
	if st := c.Stats(); st.Sent != n || st.Accepted != n {
		t.Errorf("stats %+v", st)
	}
}

func TestTimeoutThenLateResponse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f, s := newPipeFake(t)
		late := make(chan func(), 1)
		f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
			if h.ID != wire.SubmitSM {
				return false
			}
			f.mu.Lock()
			f.submits++
			f.mu.Unlock()
			late <- func() { _ = fc.write(respWithCString(wire.SubmitSMResp, 0, h.Seq, "LATE1")) }
			return true
		})
		s.ResponseTimeout = 150 * time.Millisecond
		c, ev := startClient(t, s)
		ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
		sub, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "x"))
		if err != nil {
			t.Fatal(err)
		}
		outs, _ := sub.Wait(ctxT(t, 5*time.Second))
		if outs[0].Outcome != TimedOut || outs[0].Latency < 150*time.Millisecond {
			t.Fatalf("outcome %+v", outs[0])
		}
		(<-late)()
		e, _ := ev.waitFor(t, 5*time.Second, "late event", func(e Event) bool { _, ok := e.(LateEvent); return ok })
		le := e.(LateEvent)
		if le.Msg != sub.Msg || le.Part != 1 || le.Seq != outs[0].Seq || le.MessageID != "LATE1" || le.After < 150*time.Millisecond {
			t.Errorf("late %+v", le)
		}
		ev.waitFor(t, time.Second, "late PDU note", func(e Event) bool {
			p, ok := e.(PDUEvent)
			return ok && p.Dir == In && strings.HasPrefix(p.Note, "late:")
		})
		// One outcome, no second SubmitEvent, no resend.
		n := 0
		for _, e := range ev.snapshot() {
			if _, ok := e.(SubmitEvent); ok {
				n++
			}
		}
		if _, _, _, submits := f.stats(); n != 1 || submits != 1 {
			t.Errorf("%d submit events, %d submit_sm at the SMSC", n, submits)
		}
		if st := c.Stats(); st.Late != 1 || st.TimedOut != 1 || st.InFlight != 0 {
			t.Errorf("stats %+v", st)
		}
	})
}

func TestGenericNackMatchedBySequence(t *testing.T) {
	f := newFake(t)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID != wire.SubmitSM {
			return false
		}
		// Answer the second submit before the first: nack for the first, OK for the second.
		if prev, ok := fc.state["held"].(uint32); ok {
			_ = fc.write(respWithCString(wire.SubmitSMResp, 0, h.Seq, "B"))
			_ = fc.write(wire.GenericNackFor(prev, wire.StatusInvOptParStream))
			return true
		}
		fc.state["held"] = h.Seq
		return true
	})
	c, ev := startClient(t, testSettings(f.addr))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	a, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "a"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "b"))
	if err != nil {
		t.Fatal(err)
	}
	ao, _ := a.Wait(ctxT(t, 5*time.Second))
	bo, _ := b.Wait(ctxT(t, 5*time.Second))
	if ao[0].Outcome != Rejected || ao[0].Status != wire.StatusInvOptParStream {
		t.Errorf("first %+v", ao[0])
	}
	if bo[0].Outcome != Accepted || bo[0].MessageID != "B" {
		t.Errorf("second %+v", bo[0])
	}
}

func TestDeadLinkDetected(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f, s := newPipeFake(t)
		f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool { return h.ID == wire.EnquireLink })
		s.EnquireLinkInterval, s.EnquireLinkTimeout = 100*time.Millisecond, 150*time.Millisecond
		_, ev := startClient(t, s)
		e, _ := ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
		boundAt := e.When()
		e, _ = ev.waitFor(t, 5*time.Second, "dead link", isState("trx", BackingOff))
		took := e.When().Sub(boundAt)
		if r := e.(StateEvent).Reason; !strings.HasPrefix(r, "link declared dead: no enquire_link_resp in 150ms;") {
			t.Errorf("reason %q", r)
		}
		// The first enquire_link goes as soon as the link is bound, so its timeout (150ms)
		// ends the link; later ones would take interval + timeout. On the bubble's clock
		// it is exact.
		if took != 150*time.Millisecond {
			t.Errorf("dead link detected after %s (timeout = 150ms)", took)
		}
	})
}

func TestKeepAliveRTTAndSMSCEnquireLink(t *testing.T) {
	f := newFake(t)
	answered := make(chan wire.Header, 1)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		switch h.ID {
		case wire.EnquireLinkResp:
			answered <- h
			return true
		case wire.EnquireLink:
			// Answer it, then ask the ESME in turn.
			_ = fc.write(wire.HeaderOnly(wire.EnquireLinkResp, 0, h.Seq))
			_ = fc.write(wire.HeaderOnly(wire.EnquireLink, 0, 77))
			return true
		}
		return false
	})
	s := testSettings(f.addr)
	s.EnquireLinkInterval = 50 * time.Millisecond
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "keepalive", func(e Event) bool { k, ok := e.(KeepAliveEvent); return ok && k.RTT > 0 })
	select {
	case h := <-answered:
		if h.Seq != 77 || h.Status != 0 || h.Length != 16 {
			t.Errorf("enquire_link_resp %v", h)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the SMSC's enquire_link was not answered")
	}
	if c.Stats().RTT <= 0 {
		t.Error("no RTT in stats")
	}
}

func TestDeliverSMAnsweredAndMOReassembled(t *testing.T) {
	f := newFake(t)
	resps := make(chan []byte, 16)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID == wire.DeliverSMResp || h.ID == wire.DataSMResp {
			resps <- raw
			return true
		}
		return false
	})
	c, ev := startClient(t, testSettings(f.addr))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	fc := <-f.accepted

	// A single MO, then a three-part UDH message out of order with a duplicate, then a
	// two-part SAR message.
	_ = fc.write(deliverSM(1, "447700900999", "12345", 0, 0, []byte("hi there")))
	udh := func(seq byte, text string) []byte { return append([]byte{5, 0, 3, 0x42, 3, seq}, text...) }
	_ = fc.write(deliverSM(2, "447700900999", "12345", 0x40, 0, udh(2, "BBB")))
	_ = fc.write(deliverSM(3, "447700900999", "12345", 0x40, 0, udh(1, "AAA")))
	_ = fc.write(deliverSM(4, "447700900999", "12345", 0x40, 0, udh(1, "AAA")))
	_ = fc.write(deliverSM(5, "447700900999", "12345", 0x40, 0, udh(3, "CCC")))
	sar := func(seq byte, text string) []byte {
		return deliverSM(uint32(5+seq), "447700900888", "12345", 0, 8, utf16be(text),
			wire.Uint16TLV(wire.TagSarMsgRefNum, 0x0102), wire.Uint8TLV(wire.TagSarTotalSegments, 2), wire.Uint8TLV(wire.TagSarSegmentSeqnum, seq))
	}
	_ = fc.write(sar(2, "wörld 😀"))
	_ = fc.write(sar(1, "héllo "))

	var mos []MOEvent
	ev.waitFor(t, 5*time.Second, "three MO", func(e Event) bool {
		if m, ok := e.(MOEvent); ok {
			mos = append(mos, m)
		}
		return len(mos) == 3
	})
	if m := mos[0]; m.Text != "hi there" || m.Source.Addr != "447700900999" || m.Source.TON != 1 || m.Dest.Addr != "12345" || m.Parts != 1 || !m.Complete {
		t.Errorf("single MO %+v", m)
	}
	if m := mos[1]; m.Text != "AAABBBCCC" || m.Parts != 3 || !m.Complete {
		t.Errorf("UDH MO %+v", m)
	}
	if m := mos[2]; m.Text != "héllo wörld 😀" || m.Parts != 2 || m.DataCoding != 8 || !m.Complete {
		t.Errorf("SAR MO %+v", m)
	}
	for i := 0; i < 7; i++ {
		raw := <-resps
		// OK deliver_sm_resp carries the empty message_id: 17 octets.
		if h, _ := wire.ParseHeader(raw); h.ID != wire.DeliverSMResp || h.Status != 0 || len(raw) != 17 || raw[16] != 0 {
			t.Errorf("deliver_sm_resp % x", raw)
		}
	}
	// Each MO names the deliver_sm that carried its parts, in part order; the duplicate
	// (seq 4) is not one of them.
	for i, want := range [][]uint32{{1}, {3, 2, 5}, {6, 7}} {
		if got := mos[i].Seqs; !slices.Equal(got, want) {
			t.Errorf("MO %d: deliver_sm seqs %v, want %v", i+1, got, want)
		}
	}
	if st := c.Stats(); st.MO != 3 {
		t.Errorf("stats MO %d", st.MO)
	}
}

func utf16be(s string) []byte {
	var b []byte
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			b = append(b, byte(hi>>8), byte(hi), byte(lo>>8), byte(lo))
			continue
		}
		b = append(b, byte(r>>8), byte(r))
	}
	return b
}

func TestDeliverRespStatusConfigurable(t *testing.T) {
	f := newFake(t)
	resps := make(chan []byte, 4)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID == wire.DeliverSMResp || h.ID == wire.DataSMResp {
			resps <- raw
			return true
		}
		return false
	})
	s := testSettings(f.addr)
	s.DeliverRespStatus = wire.StatusXTAppn
	_, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	fc := <-f.accepted
	_ = fc.write(deliverSM(9, "447700900999", "12345", 0, 0, []byte("retry me")))
	raw := <-resps
	if h, _ := wire.ParseHeader(raw); h.ID != wire.DeliverSMResp || h.Status != wire.StatusXTAppn || h.Seq != 9 || len(raw) != 16 {
		t.Errorf("deliver_sm_resp % x", raw)
	}
	ev.waitFor(t, time.Second, "note", func(e Event) bool {
		p, ok := e.(PDUEvent)
		return ok && strings.Contains(p.Note, "ESME_RX_T_APPN (0x00000064) as configured")
	})
	ev.waitFor(t, time.Second, "the MO is still shown", func(e Event) bool { _, ok := e.(MOEvent); return ok })

	// data_sm is answered too.
	ds := wire.Header{ID: wire.DataSM, Seq: 10}.Append(nil)
	ds = append(ds, 0, 1, 1)
	ds = append(ds, "447700900999\x00"...)
	ds = append(ds, 0, 0)
	ds = append(ds, "12345\x00"...)
	ds = append(ds, 0, 0, 0)
	ds = wire.AppendTLV(ds, wire.TLV{Tag: wire.TagMessagePayload, Value: []byte("payload")})
	ds[3] = byte(len(ds))
	_ = fc.write(ds)
	raw = <-resps
	if h, _ := wire.ParseHeader(raw); h.ID != wire.DataSMResp || h.Status != wire.StatusXTAppn || h.Seq != 10 {
		t.Errorf("data_sm_resp % x", raw)
	}
}

func TestReceiptHexResponseDecimalReceipt(t *testing.T) {
	f := newFake(t)
	f.hexIDs = true
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID != wire.SubmitSM {
			return h.ID == wire.DeliverSMResp
		}
		f.mu.Lock()
		f.nextID += 0x0A1B2C
		id := f.nextID
		f.mu.Unlock()
		_ = fc.write(respWithCString(wire.SubmitSMResp, 0, h.Seq, fmt.Sprintf("%08X", id)))
		// The receipt names it in decimal.
		_ = fc.write(deliverSM(fc.nextSeq(), "447700900123", "MyBrand", 0x04, 0, receiptText(fmt.Sprint(id), "DELIVRD")))
		return true
	})
	c, ev := startClient(t, testSettings(f.addr))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	m := msg("447700900123", "x")
	m.RegisteredDelivery = 1
	sub, err := c.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	outs, _ := sub.Wait(ctxT(t, 5*time.Second))
	e, _ := ev.waitFor(t, 5*time.Second, "receipt", func(e Event) bool { _, ok := e.(ReceiptEvent); return ok })
	re := e.(ReceiptEvent)
	if !re.Matched || re.Msg != sub.Msg || re.Part != 1 || re.Receipt.Stat != "DELIVRD" || re.SinceSubmit <= 0 ||
		re.SubmitID != outs[0].MessageID {
		t.Errorf("receipt %+v (submit id %q)", re, outs[0].MessageID)
	}
	var v uint64
	fmt.Sscanf(outs[0].MessageID, "%X", &v)
	if len(outs[0].MessageID) != 8 || re.Receipt.MessageID != fmt.Sprint(v) || re.Receipt.MessageID == outs[0].MessageID {
		t.Errorf("ids %q / %q", outs[0].MessageID, re.Receipt.MessageID)
	}
}

func TestCorrelatorLearnsTheSMSCsConvention(t *testing.T) {
	k := newCorrelator(100)
	// Hex in submit_sm_resp, decimal in receipts; "16" is also the hex id of another part.
	k.add(sentRef{msg: 1, part: 1, id: "10"}) // hex 0x10 = 16
	k.add(sentRef{msg: 2, part: 1, id: "16"}) // hex 0x16 = 22
	k.add(sentRef{msg: 3, part: 1, id: "1F"}) // hex 0x1F = 31
	rec := func(id string) receipt.Receipt {
		r, _ := receipt.Parse("id:"+id+" stat:DELIVRD", receipt.TLVs{})
		return r
	}
	// Unambiguous conversions first teach the convention.
	if r := k.lookup(rec("31")); r == nil || r.msg != 3 {
		t.Fatalf("31 -> %+v", r)
	}
	if r := k.lookup(rec("22")); r == nil || r.msg != 2 {
		t.Fatalf("22 -> %+v", r)
	}
	// "16" would match part 2 in the same form, but this SMSC writes decimal receipts.
	if r := k.lookup(rec("16")); r == nil || r.msg != 1 {
		t.Errorf("16 -> %+v, want msg 1 (0x10)", r)
	}
	// Eviction keeps the index bounded.
	for i := 0; i < 200; i++ {
		k.add(sentRef{msg: uint64(100 + i), id: fmt.Sprint(100000 + i)})
	}
	if len(k.exact) > 100 || k.all.len() > 100 {
		t.Errorf("index %d entries", len(k.exact))
	}
}

func TestConnectionLostForOutstanding(t *testing.T) {
	f := newFake(t)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID != wire.SubmitSM {
			return false
		}
		if fc.state["n"] == nil {
			fc.state["n"] = 0
		}
		n := fc.state["n"].(int) + 1
		fc.state["n"] = n
		if n == 3 {
			fc.nc.Close() // drop with three outstanding
		}
		return true
	})
	s := testSettings(f.addr)
	s.Window = 5
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	var subs []*Submission
	for i := 0; i < 3; i++ {
		sub, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "x"))
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, sub)
	}
	for _, sub := range subs {
		outs, _ := sub.Wait(ctxT(t, 5*time.Second))
		if len(outs) != 1 || outs[0].Outcome != ConnectionLost {
			t.Errorf("outcome %+v", outs)
		}
	}
	e, _ := ev.waitFor(t, 5*time.Second, "backing off", isState("trx", BackingOff))
	if r := e.(StateEvent).Reason; !strings.HasPrefix(r, "closed by the SMSC; ") {
		t.Errorf("reason %q", r)
	}
	ev.waitFor(t, 5*time.Second, "error event", func(e Event) bool { _, ok := e.(ErrorEvent); return ok })
	if st := c.Stats(); st.ConnectionLost != 3 || st.InFlight != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestReconnectOneLiveConnection(t *testing.T) {
	f := newFake(t)
	// Drop each connection right after the bind, five times: the session must rebind
	// each time, never holding two connections.
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID != wire.BindTransceiver {
			return false
		}
		fc.standard(h, raw)
		_, _, binds, _ := f.stats()
		if binds <= 5 {
			fc.nc.Close()
		}
		return true
	})
	var d countingDialer
	s := testSettings(f.addr)
	s.Dialer = d.dial
	c, ev := startClient(t, s)
	n := 0
	ev.waitFor(t, 10*time.Second, "sixth bind", func(e Event) bool {
		if s, ok := e.(StateEvent); ok && s.State == Bound {
			n++
		}
		return n == 6
	})
	// A message goes through on the sixth connection.
	sub, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "x"))
	if err != nil {
		t.Fatal(err)
	}
	if outs, _ := sub.Wait(ctxT(t, 5*time.Second)); outs[0].Outcome != Accepted {
		t.Errorf("outcome %+v", outs[0])
	}
	if open, maxOpen, dials := d.stats(); maxOpen != 1 || open != 1 || dials != 6 {
		t.Errorf("client side: %d open, at most %d at once, %d dials", open, maxOpen, dials)
	}
}

func TestSMSCUnbindAnsweredAndRebinds(t *testing.T) {
	f := newFake(t)
	got := make(chan []byte, 1)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID == wire.UnbindResp {
			got <- raw
			return true
		}
		return false
	})
	_, ev := startClient(t, testSettings(f.addr))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	fc := <-f.accepted
	_ = fc.write(wire.HeaderOnly(wire.Unbind, 0, 5))
	if raw := <-got; !bytes.Equal(raw, wire.HeaderOnly(wire.UnbindResp, 0, 5)) {
		t.Errorf("unbind_resp % x", raw)
	}
	e, _ := ev.waitFor(t, 5*time.Second, "backing off", isState("trx", BackingOff))
	if r := e.(StateEvent).Reason; !strings.HasPrefix(r, "the SMSC sent unbind; ") {
		t.Errorf("reason %q", r)
	}
	n := 0
	ev.waitFor(t, 5*time.Second, "rebound", func(e Event) bool {
		if s, ok := e.(StateEvent); ok && s.State == Bound {
			n++
		}
		return n == 2
	})
}

func TestOperatorUnbindAndBind(t *testing.T) {
	f := newFake(t)
	var d countingDialer
	s := testSettings(f.addr)
	s.Dialer = d.dial
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	c.Unbind()
	e, _ := ev.waitFor(t, 5*time.Second, "disconnected", isState("trx", Disconnected))
	if r := e.(StateEvent).Reason; r != "unbound by the operator" {
		t.Errorf("reason %q", r)
	}
	if _, err := c.Submit(context.Background(), msg("447700900123", "x")); !errors.Is(err, ErrNotBound) {
		t.Errorf("Submit while unbound: %v", err)
	}
	c.Bind()
	n := 0
	ev.waitFor(t, 5*time.Second, "bound again", func(e Event) bool {
		if s, ok := e.(StateEvent); ok && s.State == Bound {
			n++
		}
		return n == 2
	})
	if open, maxOpen, dials := d.stats(); maxOpen != 1 || open != 1 || dials != 2 {
		t.Errorf("client side: %d open, at most %d at once, %d dials", open, maxOpen, dials)
	}
}

func TestUnknownCommandGetsGenericNack(t *testing.T) {
	f := newFake(t)
	got := make(chan []byte, 1)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID == wire.GenericNack {
			got <- raw
			return true
		}
		return false
	})
	_, ev := startClient(t, testSettings(f.addr))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	fc := <-f.accepted
	_ = fc.write(wire.Header{Length: 16, ID: 0x00000999, Seq: 42}.Append(nil))
	if raw := <-got; !bytes.Equal(raw, wire.GenericNackFor(42, wire.StatusInvCmdID)) {
		t.Errorf("generic_nack % x", raw)
	}
	ev.waitFor(t, time.Second, "error event", func(e Event) bool { _, ok := e.(ErrorEvent); return ok })
}

func TestFramingErrorNackedAndReconnects(t *testing.T) {
	f := newFake(t)
	got := make(chan []byte, 1)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID == wire.GenericNack {
			got <- raw
			return true
		}
		return false
	})
	_, ev := startClient(t, testSettings(f.addr))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	fc := <-f.accepted
	_ = fc.write(wire.Header{Length: 8, ID: wire.DeliverSM, Seq: 43}.Append(nil))
	if raw := <-got; !bytes.Equal(raw, wire.GenericNackFor(43, wire.StatusInvCmdLen)) {
		t.Errorf("generic_nack % x", raw)
	}
	e, _ := ev.waitFor(t, 5*time.Second, "backing off", isState("trx", BackingOff))
	if r := e.(StateEvent).Reason; !strings.Contains(r, "command_length 8") {
		t.Errorf("reason %q", r)
	}
}

func TestCloseAgainstPeerThatStoppedReading(t *testing.T) {
	f := newFake(t)
	quit := make(chan struct{})
	t.Cleanup(func() { close(quit) }) // runs before the fake's own cleanup
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID == wire.SubmitSM {
			<-quit // stop reading for good
		}
		return false
	})
	const window = 3000
	s := testSettings(f.addr)
	s.Window, s.UnbindTimeout, s.WriteTimeout, s.ResponseTimeout = window, 300*time.Millisecond, time.Hour, time.Hour
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	// Queue a window of long messages: far more than the socket buffers hold, so the
	// writer is stuck in a write that only a closed socket ends.
	text := strings.Repeat("x", 1000)
	for c.Stats().InFlight < window-7 {
		if _, err := c.Submit(ctxT(t, 10*time.Second), msg("447700900123", text)); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	c.Close()
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Errorf("Close took %s against a stopped reader (unbind timeout 300ms)", took)
	}
	if st := c.Stats(); st.ConnectionLost != st.Sent || st.Sent < window-7 || st.State != Closed {
		t.Errorf("stats %+v", st)
	}
}

func TestDisplayEventsDropAndOutcomesKept(t *testing.T) {
	f := newFake(t)
	s := testSettings(f.addr)
	s.EventBuffer, s.Window = 4, 50
	c, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Start()
	// Nobody reads Events yet: the session must not block.
	var subs []*Submission
	for i := 0; i < 100; i++ {
		sub, err := c.Submit(ctxT(t, 10*time.Second), msg("447700900123", "x"))
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, sub)
	}
	for _, sub := range subs {
		if outs, _ := sub.Wait(ctxT(t, 10*time.Second)); outs[0].Outcome != Accepted {
			t.Fatalf("outcome %+v", outs[0])
		}
	}
	st := c.Stats()
	if st.Dropped == 0 {
		t.Errorf("no display events dropped with a buffer of 4: %+v", st)
	}
	// Now read: every outcome is there.
	n := 0
	timeout := time.After(5 * time.Second)
	for n < 100 {
		select {
		case e := <-c.Events():
			if _, ok := e.(SubmitEvent); ok {
				n++
			}
		case <-timeout:
			t.Fatalf("%d of 100 submit events", n)
		}
	}
}

func TestReceiverBindCannotSubmit(t *testing.T) {
	f := newFake(t)
	s := testSettings(f.addr)
	s.Bind = Receiver
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("rx", Bound))
	if _, err := c.Submit(context.Background(), msg("447700900123", "x")); !errors.Is(err, ErrNoTx) {
		t.Errorf("Submit on rx: %v", err)
	}
}

func TestSubmitWaitsForBindAndCtx(t *testing.T) {
	f := newFake(t)
	release := make(chan struct{})
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID == wire.BindTransceiver {
			<-release
		}
		return false
	})
	s := testSettings(f.addr)
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "binding", isState("trx", Binding))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	sub, err := c.Submit(ctx, msg("447700900123", "x"))
	if !errors.Is(err, context.DeadlineExceeded) || sub == nil || sub.Unsent() != 1 {
		t.Errorf("Submit before bind: %v", err)
	}
	<-sub.Done()
	close(release)
	sub, err = c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "x"))
	if err != nil {
		t.Fatal(err)
	}
	if outs, _ := sub.Wait(ctxT(t, 5*time.Second)); outs[0].Outcome != Accepted {
		t.Errorf("outcome %+v", outs[0])
	}
	if c.Stats().InFlight != 0 {
		t.Error("window slot leaked by the unsent part")
	}
}

func TestLongMessageEveryPartTracked(t *testing.T) {
	f := newFake(t)
	c, ev := startClient(t, testSettings(f.addr))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	for _, split := range []segment.Method{segment.UDH, segment.UDH16, segment.SAR, segment.Payload} {
		m := msg("447700900123", strings.Repeat("€[]{}", 70))
		m.Split = split
		sub, err := c.Submit(ctxT(t, 5*time.Second), m)
		if err != nil {
			t.Fatal(err)
		}
		outs, err := sub.Wait(ctxT(t, 5*time.Second))
		if err != nil || len(outs) != len(sub.Parts) {
			t.Fatalf("%s: %d outcomes for %d parts: %v", split, len(outs), len(sub.Parts), err)
		}
		for i, o := range outs {
			if o.Outcome != Accepted || o.Part != i+1 || o.Parts != len(sub.Parts) || o.Msg != sub.Msg {
				t.Errorf("%s part %d: %+v", split, i+1, o)
			}
		}
		if split != segment.Payload && len(sub.Parts) < 2 {
			t.Errorf("%s: %d parts", split, len(sub.Parts))
		}
	}
}

var _ = errTest

// After unbind only responses may follow: no enquire_link, no submit_sm, even with
// both racing the close.
func TestNoRequestAfterUnbind(t *testing.T) {
	for round := 0; round < 5; round++ {
		f := newFake(t)
		violations := make(chan string, 16)
		f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
			if fc.state["unbound"] == true && !wire.IsResponse(h.ID) {
				violations <- wire.CommandName(h.ID)
			}
			if h.ID == wire.Unbind {
				fc.state["unbound"] = true
				_ = fc.write(wire.HeaderOnly(wire.UnbindResp, 0, h.Seq))
				return true // keep reading: the client closes
			}
			return false
		})
		s := testSettings(f.addr)
		s.EnquireLinkInterval, s.Window = time.Millisecond, 100
		c, ev := startClient(t, s)
		ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			for ctx.Err() == nil {
				if _, err := c.Submit(ctx, msg("447700900123", "x")); err != nil {
					return
				}
			}
		}()
		ev.waitFor(t, 5*time.Second, "traffic", func(e Event) bool { s, ok := e.(SubmitEvent); return ok && s.Outcome == Accepted })
		c.Close()
		cancel()
		f.close() // the fake has read everything the client wrote
		select {
		case v := <-violations:
			t.Fatalf("round %d: %s after unbind", round, v)
		default:
		}
	}
}

// A part whose submit_sm_resp came after its timeout was still accepted by the SMSC: its
// receipt, arriving later, must be matched to it, not shown as unmatched.
func TestReceiptAfterLateResponseIsMatched(t *testing.T) {
	f := newFake(t)
	late := make(chan func(), 1)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID != wire.SubmitSM {
			return false
		}
		late <- func() {
			_ = fc.write(respWithCString(wire.SubmitSMResp, 0, h.Seq, "LATE7"))
			_ = fc.write(deliverSM(fc.nextSeq(), "447700900123", "", 0x04, 0, receiptText("LATE7", "DELIVRD")))
		}
		return true
	})
	s := testSettings(f.addr)
	s.ResponseTimeout = 150 * time.Millisecond
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	sub, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "x"))
	if err != nil {
		t.Fatal(err)
	}
	if outs, _ := sub.Wait(ctxT(t, 5*time.Second)); outs[0].Outcome != TimedOut {
		t.Fatalf("outcome %+v", outs[0])
	}
	(<-late)()
	e, _ := ev.waitFor(t, 5*time.Second, "receipt", func(e Event) bool { _, ok := e.(ReceiptEvent); return ok })
	re := e.(ReceiptEvent)
	if !re.Matched || re.Msg != sub.Msg || re.Part != 1 || re.SubmitID != "LATE7" {
		t.Errorf("receipt after a late submit_sm_resp: %+v", re)
	}
}

// A receipt that overtook a submit_sm_resp which then came too late was reported
// unmatched; once the late response names its part, the receipt is reported again,
// matched, with Rematched set.
func TestReceiptBeforeLateResponseIsRematched(t *testing.T) {
	f := newFake(t)
	late := make(chan func(), 1)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID != wire.SubmitSM {
			return false
		}
		_ = fc.write(deliverSM(fc.nextSeq(), "447700900123", "", 0x04, 0, receiptText("LATE8", "DELIVRD")))
		late <- func() { _ = fc.write(respWithCString(wire.SubmitSMResp, 0, h.Seq, "LATE8")) }
		return true
	})
	s := testSettings(f.addr)
	s.ResponseTimeout = 150 * time.Millisecond
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	sub, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "x"))
	if err != nil {
		t.Fatal(err)
	}
	if outs, _ := sub.Wait(ctxT(t, 5*time.Second)); outs[0].Outcome != TimedOut {
		t.Fatalf("outcome %+v", outs[0])
	}
	first, _ := ev.waitFor(t, 5*time.Second, "unmatched receipt", func(e Event) bool { _, ok := e.(ReceiptEvent); return ok })
	if first.(ReceiptEvent).Matched {
		t.Fatalf("matched before the response came: %+v", first)
	}
	(<-late)()
	e, _ := ev.waitFor(t, 5*time.Second, "rematched receipt", func(e Event) bool {
		r, ok := e.(ReceiptEvent)
		return ok && r.Rematched
	})
	re := e.(ReceiptEvent)
	if !re.Matched || re.Msg != sub.Msg || re.Part != 1 || re.SubmitID != "LATE8" || re.Seq != first.(ReceiptEvent).Seq {
		t.Errorf("rematched receipt: %+v", re)
	}
	if re.SinceSubmit <= 0 || re.SinceSubmit >= 150*time.Millisecond {
		t.Errorf("SinceSubmit %v: want the time to the receipt's arrival, before the timeout", re.SinceSubmit)
	}
	// On the Submission: once, on its part, with its late response.
	if rs := sub.Receipts(); len(rs) != 1 || !rs[0].Rematched || rs[0].Part != 1 {
		t.Errorf("the Submission's receipts: %+v", rs)
	}
	if l := sub.Late(); len(l) != 1 || l[0].Part != 1 || l[0].MessageID != "LATE8" {
		t.Errorf("the Submission's late responses: %+v", l)
	}
}
