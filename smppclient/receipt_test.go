package smppclient

import (
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// TestReceiptLatencyToItsArrival: a receipt that overtakes its submit_sm_resp is held
// until the response comes; its SinceSubmit still runs to its arrival, not to the
// moment it was correlated. Seq is the deliver_sm's sequence_number.
func TestReceiptLatencyToItsArrival(t *testing.T) {
	f := newFake(t)
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		switch h.ID {
		case wire.DeliverSMResp:
			return true
		case wire.SubmitSM:
			_ = fc.write(deliverSM(77, "447700900123", "MyBrand", 0x04, 0, receiptText("4242", "DELIVRD")))
			time.AfterFunc(300*time.Millisecond, func() { // the SMSC's slow response path
				_ = fc.write(respWithCString(wire.SubmitSMResp, 0, h.Seq, "4242"))
			})
			return true
		}
		return false
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
	if len(outs) != 1 || outs[0].Outcome != Accepted {
		t.Fatalf("outcomes %+v", outs)
	}
	e, _ := ev.waitFor(t, 5*time.Second, "receipt", func(e Event) bool { _, ok := e.(ReceiptEvent); return ok })
	re := e.(ReceiptEvent)
	if !re.Matched || re.Msg != sub.Msg {
		t.Fatalf("receipt %+v", re)
	}
	// The receipt came before the submit_sm_resp did, so it came sooner after the submit.
	if re.SinceSubmit <= 0 || re.SinceSubmit >= outs[0].Latency {
		t.Errorf("receipt %s after the submit_sm, its submit_sm_resp %s: the receipt came first", re.SinceSubmit, outs[0].Latency)
	}
	if re.Seq != 77 {
		t.Errorf("receipt seq %d, want 77", re.Seq)
	}
}

// A receipt's text is in the deliver_sm's data_coding, as an MO's is: with the SMSC
// default alphabet (GSM 03.38 unpacked) '_' is 0x11 and '@' 0x00, and the receipt's
// text says so; its id and stat, read from the octets, still match it to its submit.
func TestReceiptTextInItsDataCoding(t *testing.T) {
	f := newFake(t)
	gsm := []byte("id:4242 sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 text:snake\x11case \x00home \x1b\x65")
	f.setHook(func(fc *fakeConn, h wire.Header, raw []byte) bool {
		switch h.ID {
		case wire.DeliverSMResp:
			return true
		case wire.SubmitSM:
			_ = fc.write(respWithCString(wire.SubmitSMResp, 0, h.Seq, "4242"))
			_ = fc.write(deliverSM(78, "447700900123", "MyBrand", 0x04, 0x00, gsm))
			return true
		}
		return false
	})
	c, ev := startClient(t, testSettings(f.addr))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	m := msg("447700900123", "x")
	m.RegisteredDelivery = 1
	sub, err := c.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := ev.waitFor(t, 5*time.Second, "receipt", func(e Event) bool { _, ok := e.(ReceiptEvent); return ok })
	re := e.(ReceiptEvent)
	if !re.Matched || re.Msg != sub.Msg || re.Receipt.MessageID != "4242" || re.Receipt.Stat != "DELIVRD" || re.Receipt.Err != "000" {
		t.Fatalf("receipt %+v", re)
	}
	if want := "snake_case @home €"; re.Receipt.Text != want {
		t.Fatalf("receipt text %q, want %q", re.Receipt.Text, want)
	}
}
