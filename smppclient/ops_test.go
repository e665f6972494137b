package smppclient

import (
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/wire"
)

// Operations against the fake SMSC: a silent peer, a late answer, a dropped connection,
// raw PDUs that await nothing.

// silentOn makes the fake swallow every PDU with command_id id, handing its header to got.
func silentOn(f *fakeSMSC, id uint32) (got chan wire.Header, conns chan *fakeConn) {
	got, conns = make(chan wire.Header, 16), make(chan *fakeConn, 16)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID != id {
			return false
		}
		got <- h
		conns <- fc
		return true
	})
	return got, conns
}

func recv[T any](t *testing.T, ch chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
	var zero T
	return zero
}

func TestDoTimesOutAgainstASilentPeerAndTheLateResponseIsNoted(t *testing.T) {
	checkLeaks := noLeak(t)
	f := newFake(t)
	got, conns := silentOn(f, wire.QuerySM)
	s := testSettings(f.addr)
	s.ResponseTimeout = 200 * time.Millisecond
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))

	q, _ := message.Query{MessageID: "1001"}.Build()
	resp, err := c.Do(ctxT(t, 5*time.Second), q)
	if !errors.Is(err, ErrResponseTimeout) || resp == nil || resp.Raw != nil {
		t.Fatalf("Do: %+v, %v; want ErrResponseTimeout", resp, err)
	}
	h := recv(t, got, "the query_sm at the fake")
	e, _ := ev.waitFor(t, time.Second, "the timed-out OpEvent", isOp(wire.QuerySM))
	if o := e.(OpEvent); o.Outcome != TimedOut || o.Seq != h.Seq || o.MessageID != "1001" {
		t.Errorf("OpEvent %+v", o)
	}
	// The answer after the time-out is matched and shown as late, not as unexpected.
	fc := recv(t, conns, "the connection")
	late := wire.AppendPDU(nil, &wire.QuerySMRespBody{MessageID: []byte("1001"), MessageState: 1}, 0, h.Seq)
	if err := fc.write(late); err != nil {
		t.Fatal(err)
	}
	ev.waitFor(t, 5*time.Second, "the late query_sm_resp", func(e Event) bool {
		p, ok := e.(PDUEvent)
		return ok && p.Dir == In && p.Header.ID == wire.QuerySMResp && strings.HasPrefix(p.Note, "late:")
	})
	c.Close()
	checkLeaks()
}

func TestDoContextEndsBeforeTheResponse(t *testing.T) {
	f := newFake(t)
	got, _ := silentOn(f, wire.CancelSM)
	s := testSettings(f.addr)
	s.ResponseTimeout = 300 * time.Millisecond
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	cb, _ := message.Cancel{MessageID: "7"}.Build()
	ctx := ctxT(t, 50*time.Millisecond)
	if _, err := c.Do(ctx, cb); err == nil || !errors.Is(err, ctx.Err()) {
		t.Fatalf("Do: %v; want the context's error", err)
	}
	recv(t, got, "the cancel_sm at the fake")
	// The request still ends, in the event stream.
	e, _ := ev.waitFor(t, 5*time.Second, "the cancel's OpEvent", isOp(wire.CancelSM))
	if o := e.(OpEvent); o.Outcome != TimedOut {
		t.Errorf("OpEvent %+v", o)
	}
}

func TestDoConnectionLost(t *testing.T) {
	f := newFake(t)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID == wire.ReplaceSM {
			fc.nc.Close()
			return true
		}
		return false
	})
	s := testSettings(f.addr)
	s.ResponseTimeout = 5 * time.Second
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	rb, _ := message.Replace{MessageID: "7", Text: "x"}.Build()
	if _, err := c.Do(ctxT(t, 5*time.Second), rb); !errors.Is(err, ErrConnectionLost) {
		t.Fatalf("Do: %v; want ErrConnectionLost", err)
	}
	e, _ := ev.waitFor(t, time.Second, "the replace's OpEvent", isOp(wire.ReplaceSM))
	if o := e.(OpEvent); o.Outcome != ConnectionLost {
		t.Errorf("OpEvent %+v", o)
	}
}

func TestDoRefusesAResponseBody(t *testing.T) {
	f := newFake(t)
	c, ev := startClient(t, testSettings(f.addr))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	if _, err := c.Do(ctxT(t, time.Second), &wire.EmptyBody{Command: wire.EnquireLinkResp}); err == nil {
		t.Error("Do sent a response")
	}
	if _, err := c.Do(ctxT(t, time.Second), nil); err == nil {
		t.Error("Do sent nothing and did not say so")
	}
}

func TestSendRawResponseAndShortPDUAwaitNothing(t *testing.T) {
	f := newFake(t)
	seen := make(chan wire.Header, 4)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID == wire.GenericNack {
			seen <- h
			return true
		}
		return false
	})
	rec := &textRecorder{}
	s := testSettings(f.addr)
	s.Recorder = rec
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))

	nack := wire.GenericNackFor(0x55, wire.StatusSysErr)
	resp, err := c.SendRaw(ctxT(t, time.Second), nack, RawOptions{KeepSeq: true})
	if err != nil || resp.Raw != nil || resp.Seq != 0x55 {
		t.Fatalf("raw generic_nack: %+v, %v", resp, err)
	}
	if h := recv(t, seen, "the generic_nack at the fake"); h.Seq != 0x55 || h.Status != wire.StatusSysErr {
		t.Errorf("the fake read %s", h)
	}
	ev.waitFor(t, time.Second, "NoResponse for the generic_nack", func(e Event) bool {
		o, ok := e.(OpEvent)
		return ok && o.Command == wire.GenericNack && o.Outcome == NoResponse && o.Raw
	})

	// Eight octets: half a header, sent as they are; the next eight complete it as an
	// enquire_link seq 9, which the fake answers. Neither awaits a response.
	short := []byte{0, 0, 0, 16, 0, 0, 0, 0x15}
	resp, err = c.SendRaw(ctxT(t, time.Second), short, RawOptions{Invalid: true})
	if err != nil || resp.Raw != nil || resp.Seq != 0 {
		t.Fatalf("short raw: %+v, %v", resp, err)
	}
	sent, _ := ev.waitFor(t, time.Second, "the short PDU sent", func(e Event) bool {
		p, ok := e.(PDUEvent)
		return ok && p.Dir == Out && len(p.Raw) == 8
	})
	if p := sent.(PDUEvent); !p.Invalid || string(p.Raw) != string(short) || p.Note != "deliberately invalid: sent anyway" {
		t.Errorf("sent %+v", p)
	}
	ev.waitFor(t, time.Second, "NoResponse for the short PDU", func(e Event) bool {
		o, ok := e.(OpEvent)
		return ok && o.Outcome == NoResponse && o.Invalid && o.Seq == 0
	})
	if _, err := c.SendRaw(ctxT(t, time.Second), []byte{0, 0, 0, 0, 0, 0, 0, 9}, RawOptions{Invalid: true}); err != nil {
		t.Fatal(err)
	}
	ev.waitFor(t, 5*time.Second, "the fake's enquire_link_resp seq 9", func(e Event) bool {
		p, ok := e.(PDUEvent)
		return ok && p.Dir == In && p.Header.ID == wire.EnquireLinkResp && p.Header.Seq == 9 && strings.HasPrefix(p.Note, "unexpected")
	})
	// The record keeps framing: the half headers are told in words, not as PDUs.
	pdus, texts := rec.snapshot()
	for _, p := range pdus {
		if len(p) < wire.HeaderLen {
			t.Errorf("recorded as a PDU: % x", p)
		}
	}
	if !strings.Contains(texts, "raw PDU of 8 octets sent that does not frame as SMPP (command_length 0): 00 00 00 00 00 00 00 09") {
		t.Errorf("recorder events:\n%s", texts)
	}
}

// textRecorder keeps what a Recorder is told.
type textRecorder struct {
	mu    sync.Mutex
	pdus  [][]byte
	texts strings.Builder
}

func (r *textRecorder) Connected(time.Time, string, net.Addr, net.Addr) {}
func (r *textRecorder) PDU(_ time.Time, _ string, _ Direction, raw []byte) {
	r.mu.Lock()
	r.pdus = append(r.pdus, append([]byte(nil), raw...))
	r.mu.Unlock()
}
func (r *textRecorder) Event(_ time.Time, _ string, text string) {
	r.mu.Lock()
	r.texts.WriteString(text + "\n")
	r.mu.Unlock()
}
func (r *textRecorder) snapshot() ([][]byte, string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]byte(nil), r.pdus...), r.texts.String()
}

func TestSendRawRefusesASequenceNumberStillOutstanding(t *testing.T) {
	f := newFake(t)
	silentOn(f, wire.QuerySM)
	s := testSettings(f.addr)
	s.ResponseTimeout = 5 * time.Second
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	q := wire.AppendPDU(nil, &wire.QuerySMBody{MessageID: []byte("1")}, 0, 0x4242)
	errs := make(chan error, 1)
	go func() {
		_, err := c.SendRaw(ctxT(t, 5*time.Second), q, RawOptions{KeepSeq: true})
		errs <- err
	}()
	ev.waitFor(t, 5*time.Second, "the first query_sm sent", func(e Event) bool {
		p, ok := e.(PDUEvent)
		return ok && p.Dir == Out && p.Header.ID == wire.QuerySM
	})
	if _, err := c.SendRaw(ctxT(t, time.Second), q, RawOptions{KeepSeq: true}); err == nil || !strings.Contains(err.Error(), "sequence_number 16962") {
		t.Errorf("a second request on seq 0x4242: %v", err)
	}
	c.Close()
	if err := recv(t, errs, "the first SendRaw"); !errors.Is(err, ErrConnectionLost) {
		t.Errorf("first SendRaw after Close: %v", err)
	}
}

// data_sm and submit_multi go through Submit's machinery: a generic_nack rejects the
// part, a silent peer times it out, and a late data_sm_resp is matched as late.
func TestDataSMRejectedTimedOutAndLate(t *testing.T) {
	f := newFake(t) // answers data_sm with generic_nack ESME_RINVCMDID
	s := testSettings(f.addr)
	s.ResponseTimeout = 200 * time.Millisecond
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	m := msg("447700900123", "hello")
	m.Op = wire.DataSM
	sub, err := c.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	outs, _ := sub.Wait(ctxT(t, 5*time.Second))
	if len(outs) != 1 || outs[0].Outcome != Rejected || outs[0].Status != wire.StatusInvCmdID || outs[0].Command != wire.DataSM {
		t.Fatalf("outcomes %+v", outs)
	}

	got, conns := silentOn(f, wire.DataSM)
	sub, err = c.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	outs, _ = sub.Wait(ctxT(t, 5*time.Second))
	if len(outs) != 1 || outs[0].Outcome != TimedOut {
		t.Fatalf("outcomes %+v", outs)
	}
	h, fc := recv(t, got, "the data_sm"), recv(t, conns, "its connection")
	tlv := wire.Uint8TLV(wire.TagDeliveryFailureReason, 1)
	late := wire.AppendPDU(nil, &wire.SMRespBody{Command: wire.DataSMResp, MessageID: []byte("abc"), TLVs: []wire.TLV{tlv}}, 0, h.Seq)
	if err := fc.write(late); err != nil {
		t.Fatal(err)
	}
	e, _ := ev.waitFor(t, 5*time.Second, "the late data_sm_resp", func(e Event) bool { _, ok := e.(LateEvent); return ok })
	if l := e.(LateEvent); l.Msg != sub.Msg || l.MessageID != "abc" {
		t.Errorf("late %+v", l)
	}
}

func TestDataSMRespTLVsAreCopied(t *testing.T) {
	f := newFake(t)
	n := byte(0)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID != wire.DataSM {
			return false
		}
		n++ // each response its own values
		b := wire.SMRespBody{Command: wire.DataSMResp, MessageID: []byte("77"),
			TLVs: []wire.TLV{wire.Uint8TLV(wire.TagDeliveryFailureReason, n), {Tag: wire.TagAdditionalStatusInfo, Value: []byte{'b', 'u', 's', 'y', '0' + n, 0}}}}
		_ = fc.write(wire.AppendPDU(nil, &b, wire.StatusOK, h.Seq))
		return true
	})
	c, ev := startClient(t, testSettings(f.addr))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	m := msg("447700900123", "hello")
	m.Op = wire.DataSM
	var first SubmitEvent
	for i := range 3 { // later responses reuse the reader's body: the first event keeps its own
		sub, err := c.Submit(ctxT(t, 5*time.Second), m)
		if err != nil {
			t.Fatal(err)
		}
		outs, _ := sub.Wait(ctxT(t, 5*time.Second))
		if len(outs) != 1 || outs[0].Outcome != Accepted || outs[0].MessageID != "77" {
			t.Fatalf("outcomes %+v", outs)
		}
		if i == 0 {
			first = outs[0]
		}
	}
	if len(first.RespTLVs) != 2 || first.RespTLVs[0].Tag != wire.TagDeliveryFailureReason || first.RespTLVs[0].Value[0] != 1 ||
		string(first.RespTLVs[1].Value) != "busy1\x00" {
		t.Errorf("RespTLVs %+v", first.RespTLVs)
	}
}

func TestSubmitMultiUnsuccessIsCopied(t *testing.T) {
	f := newFake(t)
	n := byte(0)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID != wire.SubmitMulti {
			return false
		}
		n++ // each response refuses another destination
		b := wire.SubmitMultiRespBody{MessageID: []byte{'m', '0' + n}, Unsuccess: []wire.UnsuccessSME{
			{Addr: wire.Address{TON: 1, NPI: 1, Addr: []byte{'4', '4', '0' + n}}, Status: uint32(n)}}}
		_ = fc.write(wire.AppendPDU(nil, &b, wire.StatusOK, h.Seq))
		return true
	})
	c, ev := startClient(t, testSettings(f.addr))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	dests, _, _ := message.ParseDestinations("441;442;443")
	m := message.Message{Op: wire.SubmitMulti, Dests: dests, Text: "hi"}
	var first SubmitEvent
	for i := range 3 {
		sub, err := c.Submit(ctxT(t, 5*time.Second), m)
		if err != nil {
			t.Fatal(err)
		}
		outs, _ := sub.Wait(ctxT(t, 5*time.Second))
		if len(outs) != 1 || outs[0].Outcome != Accepted || outs[0].Dest != "441;442;443" {
			t.Fatalf("outcomes %+v", outs)
		}
		if i == 0 {
			first = outs[0]
		}
	}
	if len(first.Unsuccess) != 1 || string(first.Unsuccess[0].Addr.Addr) != "441" || first.Unsuccess[0].Status != 1 || first.MessageID != "m1" {
		t.Errorf("first outcome %q unsuccess %+v", first.MessageID, first.Unsuccess)
	}
}
