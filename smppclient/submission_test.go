package smppclient

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/smsc"
)

// testSubmission is a Submission of n parts built as the session builds one.
func testSubmission(t *testing.T, n int, rd byte) *Submission {
	t.Helper()
	parts := make([]message.Part, n)
	for i := range parts {
		parts[i] = message.Part{Index: i + 1, Total: n}
	}
	m := msg("447700900123", "x")
	m.RegisteredDelivery = rd
	return newSubmission(7, m, parts)
}

func outcome(s *Submission, part int, o Outcome) {
	ev := SubmitEvent{Msg: s.Msg, Part: part, Parts: len(s.Parts), Outcome: o}
	if o == Accepted {
		ev.MessageID = "id"
	}
	s.record(part-1, ev)
	s.finish()
}

func dlr(s *Submission, part int, st receipt.State) ReceiptEvent {
	return ReceiptEvent{Matched: true, Msg: s.Msg, Part: part, Receipt: receipt.Receipt{State: st, HasState: true}}
}

func pending(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return false
	default:
		return true
	}
}

func TestSubmissionReceiptsPerPart(t *testing.T) {
	s := testSubmission(t, 3, message.ReceiptOnFinal)
	outcome(s, 1, Accepted)
	outcome(s, 2, Rejected)
	if !pending(s.dlrsDone) || !pending(s.Done()) {
		t.Fatal("done before every part had its outcome")
	}
	outcome(s, 3, Accepted)
	if pending(s.Done()) {
		t.Fatal("Done not closed with every outcome in")
	}
	s.addReceipt(dlr(s, 3, receipt.StateEnroute))
	s.addReceipt(dlr(s, 1, receipt.StateDelivered))
	if !pending(s.dlrsDone) {
		t.Fatal("an intermediate receipt completed the wait")
	}
	s.addReceipt(dlr(s, 3, receipt.StateUndeliverable))
	s.addReceipt(dlr(s, 3, receipt.StateEnroute)) // after the final: collected, does not stand
	rs, err := s.WaitReceipts(ctxT(t, 5*time.Second))
	if err != nil || len(rs) != 4 {
		t.Fatalf("WaitReceipts: %d receipts, %v", len(rs), err)
	}
	if r, ok := s.Receipt(3); !ok || r.Receipt.State != receipt.StateUndeliverable {
		t.Errorf("part 3 stands as %+v, want its final UNDELIV", r.Receipt)
	}
	if _, ok := s.Receipt(2); ok {
		t.Error("the rejected part has a receipt")
	}
	if p := s.Progress(); p != (Progress{Parts: 3, Outcomes: 3, Accepted: 2, Receipts: 4, Finals: 2}) {
		t.Errorf("progress %+v", p)
	}
	if o, ok := s.Outcome(2); !ok || o.Outcome != Rejected {
		t.Errorf("part 2 outcome %+v", o)
	}
}

func TestSubmissionWaitReceiptsOnlyWhenAsked(t *testing.T) {
	s := testSubmission(t, 1, message.NoReceipt)
	outcome(s, 1, Accepted)
	if _, err := s.WaitReceipts(ctxT(t, 5*time.Second)); err != nil {
		t.Errorf("no receipt asked for: %v", err)
	}
	// On failure only: a receipt may never come, so it is not awaited either.
	s = testSubmission(t, 1, message.ReceiptOnFailure)
	outcome(s, 1, Accepted)
	if pending(s.dlrsDone) {
		t.Error("waiting for a receipt asked for only on failure")
	}
}

func TestSubmissionWaitReceiptsCancelled(t *testing.T) {
	s := testSubmission(t, 1, message.ReceiptOnFinal)
	outcome(s, 1, Accepted)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.WaitReceipts(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v", err)
	}
}

// A part that timed out and was then accepted by a late response is awaited too.
func TestSubmissionLateAcceptAwaitsItsReceipt(t *testing.T) {
	s := testSubmission(t, 2, message.ReceiptOnFinal)
	outcome(s, 1, Accepted)
	s.record(1, SubmitEvent{Msg: s.Msg, Part: 2, Parts: 2, Outcome: TimedOut})
	s.addLate(1, LateEvent{Msg: s.Msg, Part: 2, MessageID: "L2"})
	s.finish()
	s.addReceipt(dlr(s, 1, receipt.StateDelivered))
	if !pending(s.dlrsDone) {
		t.Fatal("done without the late-accepted part's receipt")
	}
	s.addReceipt(dlr(s, 2, receipt.StateDelivered))
	if pending(s.dlrsDone) {
		t.Fatal("not done with a final receipt for both parts")
	}
	if l := s.Late(); len(l) != 1 || l[0].Part != 2 {
		t.Errorf("late %+v", l)
	}
}

func TestSubmissionNotSent(t *testing.T) {
	s := testSubmission(t, 3, message.ReceiptOnFinal)
	outcome(s, 1, Accepted)
	s.notSent(1, ErrClosed)
	if _, err := s.Wait(ctxT(t, 5*time.Second)); !errors.Is(err, ErrClosed) || s.Unsent() != 2 {
		t.Fatalf("Wait: %v, unsent %d", err, s.Unsent())
	}
	if !pending(s.dlrsDone) {
		t.Fatal("done without the sent part's receipt")
	}
	s.addReceipt(dlr(s, 1, receipt.StateDelivered))
	if _, err := s.WaitReceipts(ctxT(t, 5*time.Second)); !errors.Is(err, ErrClosed) {
		t.Errorf("WaitReceipts: %v", err)
	}
}

// End to end: a long message's parts each get their outcome and final receipt, each
// on its own part, from the simulator.
func TestE2ESubmissionWaitReceipts(t *testing.T) {
	srv := startSim(t, smsc.Config{ReceiptDelay: 10 * time.Millisecond})
	c, ev := startClient(t, simSettings(srv.Addr().String()))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	m := msg("447700900123", strings.Repeat("long ", 80))
	m.RegisteredDelivery = message.ReceiptOnFinal
	sub, err := c.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	if len(sub.Parts) < 2 {
		t.Fatalf("%d parts: want a long message", len(sub.Parts))
	}
	outs, err := sub.Wait(ctxT(t, 5*time.Second))
	if err != nil || len(outs) != len(sub.Parts) {
		t.Fatalf("outcomes %+v, %v", outs, err)
	}
	rs, err := sub.WaitReceipts(ctxT(t, 10*time.Second))
	if err != nil || len(rs) != len(sub.Parts) {
		t.Fatalf("receipts %d of %d, %v", len(rs), len(sub.Parts), err)
	}
	for i, o := range outs {
		r, ok := sub.Receipt(i + 1)
		if !ok || r.Part != i+1 || r.SubmitID != o.MessageID || r.Receipt.State != receipt.StateDelivered {
			t.Errorf("part %d (id %s): receipt %+v", i+1, o.MessageID, r)
		}
	}
}

// End to end: a part that timed out and was accepted late gets its receipt on it.
func TestE2ESubmissionLateAcceptGetsItsReceipt(t *testing.T) {
	srv := startSim(t, smsc.Config{ReceiptDelay: 10 * time.Millisecond, Faults: smsc.Faults{ResponseDelay: 300 * time.Millisecond}})
	s := simSettings(srv.Addr().String())
	s.ResponseTimeout = 100 * time.Millisecond
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	m := msg("447700900123", "slow")
	m.RegisteredDelivery = message.ReceiptOnFinal
	sub, err := c.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	ev.waitFor(t, 5*time.Second, "receipt", func(e Event) bool {
		r, ok := e.(ReceiptEvent)
		return ok && r.Matched && r.Msg == sub.Msg
	})
	if o, ok := sub.Outcome(1); !ok || o.Outcome != TimedOut {
		t.Fatalf("outcome %+v", o)
	}
	late := sub.Late()
	if len(late) != 1 || late[0].Part != 1 || late[0].MessageID == "" {
		t.Fatalf("late %+v", late)
	}
	if r, ok := sub.Receipt(1); !ok || r.SubmitID != late[0].MessageID || r.Receipt.State != receipt.StateDelivered {
		t.Errorf("receipt %+v", r)
	}
}
