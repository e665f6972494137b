package smppclient

import (
	"testing"
	"time"
)

// A part's message id is indexed while its window slot is still held. The slot is what
// tells a receiver (this client's rx link, or another client of a share) that a
// submit_sm_resp is outstanding and a receipt it cannot match yet must be held; freed
// first, a receipt arriving in between was reported unmatched for good.
func TestPartDoneIndexesBeforeFreeingTheWindow(t *testing.T) {
	c, err := New(Settings{Addr: "127.0.0.1:1", Bind: Transmitter, SystemID: "esme"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sub := testSubmission(t, 1, 1)
	c.tx.window <- struct{}{} // the part's slot, taken as submitPart takes it
	r := &request{seq: 2, sub: sub, sent: time.Now()}
	ev := SubmitEvent{Msg: sub.Msg, Part: 1, Parts: 1, Seq: 2, Outcome: Accepted, MessageID: "4F1A"}

	k := c.corr
	k.mu.Lock() // partDone blocks in the index until released
	done := make(chan struct{})
	go func() { defer close(done); c.tx.partDone(r, ev) }()
	deadline := time.Now().Add(5 * time.Second)
	for _, ok := sub.Outcome(1); !ok; _, ok = sub.Outcome(1) {
		if time.Now().After(deadline) {
			k.mu.Unlock()
			t.Fatal("partDone never recorded the outcome")
		}
		time.Sleep(time.Millisecond)
	}
	// The outcome is recorded and the index is locked: had the slot been freed before
	// indexing, it would be free within these few milliseconds.
	for i := 0; i < 200; i++ {
		if len(c.tx.window) == 0 {
			k.mu.Unlock()
			<-done
			t.Fatal("window slot freed before the message id was indexed")
		}
		time.Sleep(time.Millisecond)
	}
	k.mu.Unlock()
	<-done
	if len(c.tx.window) != 0 {
		t.Fatal("window slot not freed after the part's outcome")
	}
	if _, ok := sub.Outcome(1); !ok {
		t.Fatal("no outcome")
	}
}
