package smppclient

import (
	"fmt"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

// Cross-client receipt correlation (ReceiptShare): a tx client and an rx client of one
// account, as two tabs of the console.

func newShared(t *testing.T, s Settings, name string, bind BindType, share *ReceiptShare) (*Client, *events) {
	t.Helper()
	s.Name, s.Bind, s.Receipts = name, bind, share
	c, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	ev := collect(c)
	c.Start()
	t.Cleanup(func() { c.Close() })
	return c, ev
}

func closeAll(cs []*Client, evs []*events) {
	for _, c := range cs {
		c.Close()
	}
	for _, e := range evs {
		<-e.done
	}
}

func isReceiptFor(msg uint64) func(Event) bool {
	return func(e Event) bool {
		r, ok := e.(ReceiptEvent)
		return ok && r.Msg == msg && r.Matched
	}
}

// TestShareReceiptOnRxMatchedToTxSubmit: the simulator routes the receipt for A's
// submit_sm to B, the account's receiver; B matches it to A's message through the share.
func TestShareReceiptOnRxMatchedToTxSubmit(t *testing.T) {
	checkLeaks := noLeak(t)
	srv := startSim(t, smsc.Config{})
	share := NewReceiptShare(0)
	s := simSettings(srv.Addr().String())
	a, aev := newShared(t, s, "A", Transmitter, share)
	b, bev := newShared(t, s, "B", Receiver, share)
	aev.waitFor(t, 5*time.Second, "A bound", isState("tx", Bound))
	bev.waitFor(t, 5*time.Second, "B bound", isState("rx", Bound))

	m := msg("447700900123", "shared receipt")
	m.RegisteredDelivery = 1
	sub, err := a.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	dlrs, err := sub.WaitReceipts(ctxT(t, 10*time.Second))
	if err != nil || len(dlrs) != 1 {
		t.Fatalf("A's WaitReceipts: %d receipts, %v", len(dlrs), err)
	}
	out, _ := sub.Outcome(1)
	if r := dlrs[0]; !r.Matched || r.Via != "B/rx" || r.Owner != "" || r.Link != "rx" || r.Part != 1 ||
		r.Receipt.Stat != "DELIVRD" || r.SubmitID != out.MessageID {
		t.Errorf("A's Submission holds %+v", r)
	}
	be, _ := bev.waitFor(t, 5*time.Second, "B's receipt", isReceiptFor(sub.Msg))
	if r := be.(ReceiptEvent); r.Owner != "A" || r.Via != "" || r.Link != "rx" || r.Part != 1 || r.SubmitID != out.MessageID {
		t.Errorf("B emitted %+v", r)
	}
	ae, _ := aev.waitFor(t, 5*time.Second, "A's copy", isReceiptFor(sub.Msg))
	if r := ae.(ReceiptEvent); r.Via != "B/rx" || r.Owner != "" {
		t.Errorf("A emitted %+v", r)
	}
	if st := b.Stats(); st.Receipts != 1 || st.Matched != 1 || st.ReceiptsVia != 0 {
		t.Errorf("B's stats %+v", st)
	}
	if st := a.Stats(); st.Receipts != 0 || st.ReceiptsVia != 1 {
		t.Errorf("A's stats %+v", st)
	}
	closeAll([]*Client{a, b}, []*events{aev, bev})
	shutdownSim(t, srv)
	checkLeaks()
}

// TestNoShareNoCrossMatch: the same pair without a share stays as it always was: B
// reports the receipt unmatched and A hears nothing of it.
func TestNoShareNoCrossMatch(t *testing.T) {
	srv := startSim(t, smsc.Config{})
	s := simSettings(srv.Addr().String())
	a, aev := newShared(t, s, "A", Transmitter, nil)
	_, bev := newShared(t, s, "B", Receiver, nil)
	aev.waitFor(t, 5*time.Second, "A bound", isState("tx", Bound))
	bev.waitFor(t, 5*time.Second, "B bound", isState("rx", Bound))
	m := msg("447700900123", "not shared")
	m.RegisteredDelivery = 1
	sub, err := a.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sub.Wait(ctxT(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	out, _ := sub.Outcome(1)
	be, _ := bev.waitFor(t, 5*time.Second, "B's receipt", func(e Event) bool {
		r, ok := e.(ReceiptEvent)
		return ok && r.Receipt.MessageID == out.MessageID
	})
	if r := be.(ReceiptEvent); r.Matched || r.Owner != "" {
		t.Errorf("B without a share: %+v", r)
	}
	// B emitted it unmatched, so nothing was recorded on A: B's event was the last word.
	if got := sub.Receipts(); len(got) != 0 {
		t.Errorf("A's Submission has %+v", got)
	}
	for _, e := range aev.snapshot() {
		if r, ok := e.(ReceiptEvent); ok {
			t.Errorf("A emitted %+v", r)
		}
	}
}

// TestShareTwoReadersAtOnce: A (tx) and B (trx) submit at once; the simulator sends
// every receipt to B. B's reader looks up while A's indexes, under -race.
func TestShareTwoReadersAtOnce(t *testing.T) {
	srv := startSim(t, smsc.Config{})
	share := NewReceiptShare(0)
	s := simSettings(srv.Addr().String())
	a, aev := newShared(t, s, "A", Transmitter, share)
	b, bev := newShared(t, s, "B", Transceiver, share)
	aev.waitFor(t, 5*time.Second, "A bound", isState("tx", Bound))
	bev.waitFor(t, 5*time.Second, "B bound", isState("trx", Bound))
	const n = 30
	subs := make(chan *Submission, 2*n)
	errs := make(chan error, 2)
	for _, c := range []*Client{a, b} {
		go func() {
			for i := range n {
				m := msg("447700900123", fmt.Sprint("both ", i))
				m.RegisteredDelivery = 1
				sub, err := c.Submit(ctxT(t, 10*time.Second), m)
				if err != nil {
					errs <- err
					return
				}
				subs <- sub
			}
			errs <- nil
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	close(subs)
	for sub := range subs {
		dlrs, err := sub.WaitReceipts(ctxT(t, 10*time.Second))
		if err != nil || len(dlrs) != 1 || !dlrs[0].Matched {
			t.Fatalf("msg %d: %+v, %v", sub.Msg, dlrs, err)
		}
	}
	if st := a.Stats(); st.ReceiptsVia != n {
		t.Errorf("A: %d receipts via B, want %d", st.ReceiptsVia, n)
	}
	if st := b.Stats(); st.Matched != 2*n || st.ReceiptsVia != 0 {
		t.Errorf("B: %d matched, want %d; via %d", st.Matched, 2*n, st.ReceiptsVia)
	}
	owners := map[string]int{}
	bev.waitFor(t, 5*time.Second, "every receipt on B", func(e Event) bool {
		if r, ok := e.(ReceiptEvent); ok && r.Matched {
			owners[r.Owner]++
		}
		return owners["A"]+owners[""] == 2*n
	})
	if owners["A"] != n || owners[""] != n {
		t.Errorf("owners of B's receipts: %v", owners)
	}
}

// rxOf is the fake SMSC's connection bound as a receiver.
func rxOf(f *fakeSMSC) *fakeConn {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.conns {
		if c.bind == wire.BindReceiver {
			return c
		}
	}
	return nil
}

// waitUntil polls cond, which reads state the clients expose no event for, until a deadline.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// heldSubmits makes the fake SMSC hand the tx connection's submit_sm to the test instead
// of answering it.
type heldSubmit struct {
	fc  *fakeConn
	seq uint32
}

func holdSubmits(f *fakeSMSC) chan heldSubmit {
	held := make(chan heldSubmit, 16)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		if h.ID == wire.DeliverSMResp {
			return true
		}
		if h.ID != wire.SubmitSM {
			return false
		}
		held <- heldSubmit{fc, h.Seq}
		return true
	})
	return held
}

// TestShareReceiptBeforeResponseAcrossClients: the receipt reaches B before A has its
// submit_sm_resp. B holds it while A's response is outstanding and matches it once A
// indexes the id.
func TestShareReceiptBeforeResponseAcrossClients(t *testing.T) {
	f := newFake(t)
	held := holdSubmits(f)
	share := NewReceiptShare(0)
	s := testSettings(f.addr)
	a, aev := newShared(t, s, "A", Transmitter, share)
	b, bev := newShared(t, s, "B", Receiver, share)
	aev.waitFor(t, 5*time.Second, "A bound", isState("tx", Bound))
	bev.waitFor(t, 5*time.Second, "B bound", isState("rx", Bound))
	m := msg("447700900123", "overtaken")
	m.RegisteredDelivery = 1
	sub, err := a.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	h := <-held
	rx := rxOf(f)
	if err := rx.write(deliverSM(rx.nextSeq(), "447700900123", "MyBrand", 0x04, 0, receiptText("4711", "DELIVRD"))); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "B to hold the receipt", func() bool { return b.corr.nOrphans.Load() == 1 })
	for _, e := range bev.snapshot() {
		if r, ok := e.(ReceiptEvent); ok {
			t.Fatalf("B emitted the receipt before A had its response: %+v", r)
		}
	}
	if err := h.fc.write(respWithCString(wire.SubmitSMResp, 0, h.seq, "4711")); err != nil {
		t.Fatal(err)
	}
	dlrs, err := sub.WaitReceipts(ctxT(t, 5*time.Second))
	if err != nil || len(dlrs) != 1 || dlrs[0].Via != "B/rx" || dlrs[0].SubmitID != "4711" {
		t.Fatalf("A's receipts %+v, %v", dlrs, err)
	}
	be, _ := bev.waitFor(t, 5*time.Second, "B's receipt", isReceiptFor(sub.Msg))
	if r := be.(ReceiptEvent); r.Owner != "A" || r.Rematched {
		t.Errorf("B emitted %+v", r)
	}
	aev.waitFor(t, 5*time.Second, "A's copy", isReceiptFor(sub.Msg))
}

// TestShareLateResponseRematchesAcrossClients: A's submit_sm times out, B reports the
// receipt unmatched, then A's late submit_sm_resp names the part: B reports it again,
// matched and Rematched, and A records its copy.
func TestShareLateResponseRematchesAcrossClients(t *testing.T) {
	f := newFake(t)
	held := holdSubmits(f)
	share := NewReceiptShare(0)
	s := testSettings(f.addr)
	s.ResponseTimeout = 300 * time.Millisecond
	a, aev := newShared(t, s, "A", Transmitter, share)
	_, bev := newShared(t, s, "B", Receiver, share)
	aev.waitFor(t, 5*time.Second, "A bound", isState("tx", Bound))
	bev.waitFor(t, 5*time.Second, "B bound", isState("rx", Bound))
	m := msg("447700900123", "late")
	m.RegisteredDelivery = 1
	sub, err := a.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	h := <-held
	rx := rxOf(f)
	if err := rx.write(deliverSM(rx.nextSeq(), "447700900123", "MyBrand", 0x04, 0, receiptText("4712", "DELIVRD"))); err != nil {
		t.Fatal(err)
	}
	bev.waitFor(t, 5*time.Second, "B's receipt unmatched", func(e Event) bool {
		r, ok := e.(ReceiptEvent)
		return ok && !r.Matched && r.Receipt.MessageID == "4712"
	})
	if outs, _ := sub.Wait(ctxT(t, 5*time.Second)); len(outs) != 1 || outs[0].Outcome != TimedOut {
		t.Fatalf("outcomes %+v", outs)
	}
	if err := h.fc.write(respWithCString(wire.SubmitSMResp, 0, h.seq, "4712")); err != nil {
		t.Fatal(err)
	}
	be, _ := bev.waitFor(t, 5*time.Second, "B's receipt rematched", isReceiptFor(sub.Msg))
	if r := be.(ReceiptEvent); r.Owner != "A" || !r.Rematched {
		t.Errorf("B emitted %+v", r)
	}
	ae, _ := aev.waitFor(t, 5*time.Second, "A's copy", isReceiptFor(sub.Msg))
	if r := ae.(ReceiptEvent); r.Via != "B/rx" || !r.Rematched {
		t.Errorf("A emitted %+v", r)
	}
	if got := sub.Receipts(); len(got) != 1 || got[0].Via != "B/rx" {
		t.Errorf("A's Submission has %+v", got)
	}
}

// TestShareClosedOwner: A submits and closes before the receipt comes. B still matches
// it (Owner A), A's Submission records it (its WaitReceipts ends), and A's copy, with
// A's Events closed, is counted undelivered. Another client of the share, C, is not
// disturbed by A's going.
func TestShareClosedOwner(t *testing.T) {
	checkLeaks := noLeak(t)
	f := newFake(t)
	share := NewReceiptShare(0)
	s := testSettings(f.addr)
	a, aev := newShared(t, s, "A", Transmitter, share)
	b, bev := newShared(t, s, "B", Receiver, share)
	c, cev := newShared(t, s, "C", Transmitter, share)
	aev.waitFor(t, 5*time.Second, "A bound", isState("tx", Bound))
	bev.waitFor(t, 5*time.Second, "B bound", isState("rx", Bound))
	cev.waitFor(t, 5*time.Second, "C bound", isState("tx", Bound))
	m := msg("447700900123", "owner goes")
	m.RegisteredDelivery = 1
	subA, err := a.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := subA.Wait(ctxT(t, 5*time.Second))
	if err != nil || len(outs) != 1 || outs[0].Outcome != Accepted {
		t.Fatalf("A's outcomes %+v, %v", outs, err)
	}
	a.Close()
	<-aev.done
	undelivered := a.Stats().Undelivered

	rx := rxOf(f)
	if err := rx.write(deliverSM(rx.nextSeq(), "447700900123", "MyBrand", 0x04, 0, receiptText(outs[0].MessageID, "DELIVRD"))); err != nil {
		t.Fatal(err)
	}
	be, _ := bev.waitFor(t, 5*time.Second, "B's receipt for A's message", isReceiptFor(subA.Msg))
	if r := be.(ReceiptEvent); r.Owner != "A" {
		t.Errorf("B emitted %+v", r)
	}
	dlrs, err := subA.WaitReceipts(ctxT(t, 5*time.Second))
	if err != nil || len(dlrs) != 1 || dlrs[0].Via != "B/rx" {
		t.Errorf("closed A's Submission: %+v, %v", dlrs, err)
	}
	if st := a.Stats(); st.ReceiptsVia != 1 || st.Undelivered != undelivered+1 {
		t.Errorf("closed A: via %d, undelivered %d (was %d)", st.ReceiptsVia, st.Undelivered, undelivered)
	}

	subC, err := c.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	outs, err = subC.Wait(ctxT(t, 5*time.Second))
	if err != nil || len(outs) != 1 || outs[0].Outcome != Accepted {
		t.Fatalf("C's outcomes %+v, %v", outs, err)
	}
	if err := rx.write(deliverSM(rx.nextSeq(), "447700900123", "MyBrand", 0x04, 0, receiptText(outs[0].MessageID, "DELIVRD"))); err != nil {
		t.Fatal(err)
	}
	if dlrs, err := subC.WaitReceipts(ctxT(t, 5*time.Second)); err != nil || len(dlrs) != 1 || dlrs[0].Via != "B/rx" {
		t.Errorf("C's receipts %+v, %v", dlrs, err)
	}
	ce, _ := cev.waitFor(t, 5*time.Second, "C's copy", isReceiptFor(subC.Msg))
	if r := ce.(ReceiptEvent); r.Via != "B/rx" {
		t.Errorf("C emitted %+v", r)
	}
	if n := len(*share.idx.members.Load()); n != 2 {
		t.Errorf("%d clients in the share after A closed, want 2", n)
	}
	closeAll([]*Client{b, c}, []*events{bev, cev})
	f.close()
	checkLeaks()
}

// TestNameDefault: a client without a Name is named by its system_id and bind type,
// which is what the others of its share call it.
func TestNameDefault(t *testing.T) {
	for _, tc := range []struct {
		name string
		bind BindType
		want string
	}{{"", Transmitter, "esme tx"}, {"", TxRx, "esme tx+rx"}, {"tab 2", Receiver, "tab 2"}} {
		s := testSettings("127.0.0.1:1")
		s.Name, s.Bind = tc.name, tc.bind
		c, err := New(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Settings().Name; got != tc.want {
			t.Errorf("Name %q bind %s: got %q, want %q", tc.name, tc.bind, got, tc.want)
		}
		c.Close()
	}
}
