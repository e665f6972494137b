package smsc

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/wire"
)

// orderedClient reads every PDU in the order the server wrote it, answering deliver_sm
// itself, so a test can tell what came before the unbind.
type orderedClient struct {
	t   *testing.T
	nc  net.Conn
	in  chan pdu
	wmu sync.Mutex
	seq uint32
	wg  sync.WaitGroup
}

func dialOrdered(t *testing.T, s *Server) *orderedClient {
	t.Helper()
	nc, err := net.DialTimeout("tcp", s.Addr().String(), testTimeout)
	if err != nil {
		t.Fatal(err)
	}
	c := &orderedClient{t: t, nc: nc, in: make(chan pdu, 100000)}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		defer close(c.in)
		r := wire.NewReader(nc, 0)
		for {
			raw, err := r.ReadPDU()
			if err != nil {
				return
			}
			h, _ := wire.ParseHeader(raw)
			if h.ID == wire.DeliverSM {
				c.write(deliverSMResp(h.Seq))
			}
			c.in <- pdu{h: h, raw: raw, body: raw[16:]}
		}
	}()
	t.Cleanup(func() { nc.Close(); c.wg.Wait() })
	return c
}

func (c *orderedClient) write(b []byte) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.nc.SetWriteDeadline(time.Now().Add(testTimeout))
	_, _ = c.nc.Write(b)
}

func (c *orderedClient) send(id uint32, body []byte) uint32 {
	c.wmu.Lock()
	c.seq++
	seq := c.seq
	c.wmu.Unlock()
	c.write(finish(append(newPDU(16+len(body), id, 0, seq), body...)))
	return seq
}

func (c *orderedClient) next() (pdu, bool) {
	c.t.Helper()
	select {
	case p, ok := <-c.in:
		return p, ok
	case <-time.After(testTimeout):
		c.t.Fatal("timed out waiting for a PDU")
	}
	return pdu{}, false
}

// listenerClosed waits until the server refuses new connections: Drain has begun.
func listenerClosed(t *testing.T, addr string) {
	t.Helper()
	eventually(t, "the listener closed", func() bool {
		nc, err := net.DialTimeout("tcp", addr, testTimeout)
		if err != nil {
			return true
		}
		nc.Close()
		return false
	})
}

// Drain with a client in mid-burst: every submission sent before the unbind is
// answered (those after shutdown began with ESME_RTHROTTLED, never silently dropped),
// receipts due within the grace arrive and are acknowledged, then the unbind comes.
func TestDrainAnswersSubmitsDeliversDueReceiptsThenUnbinds(t *testing.T) {
	s := startServer(t, Config{
		ReceiptDelay: 100 * time.Millisecond,
		Rules:        []Rule{{Prefix: "999", Stat: "DELIVRD", Delay: 30 * time.Minute}}, // due long after the grace
	})
	c := dialOrdered(t, s)
	bindSeq := c.send(wire.BindTransceiver, bindBody(DefaultSystemID, DefaultPassword, 0x34))
	if p, _ := c.next(); p.h.Seq != bindSeq || p.h.Status != 0 {
		t.Fatalf("bind: %v", p.h)
	}
	// The message to 999 first: its receipt is due in half an hour, long after the grace.
	notDueSeq := c.send(wire.SubmitSM, submitBody(sm{src: "1", dst: "999", reg: 1}))
	sent := map[uint32]bool{notDueSeq: true}
	for range 200 {
		sent[c.send(wire.SubmitSM, submitBody(sm{src: "1", dst: "447700900001", reg: 1, text: []byte("burst")}))] = true
	}

	late := map[uint32]bool{} // sent after shutdown began
	accepted := map[string]bool{}
	receipts := map[string]bool{}
	notDueID := ""
	throttled, answered := 0, 0
	// take reads one PDU; false at the unbind, which it answers.
	take := func() bool {
		p, ok := c.next()
		if !ok {
			t.Fatal("the connection closed before the unbind")
		}
		switch p.h.ID {
		case wire.Unbind:
			c.write(wire.HeaderOnly(wire.UnbindResp, 0, p.h.Seq))
			return false
		case wire.SubmitSMResp:
			if !sent[p.h.Seq] {
				t.Fatalf("response to seq %d, which was not sent or was answered twice", p.h.Seq)
			}
			delete(sent, p.h.Seq)
			answered++
			switch p.h.Status {
			case wire.StatusOK:
				if late[p.h.Seq] {
					t.Errorf("seq %d sent after shutdown began was accepted", p.h.Seq)
				}
				accepted[respID(p)] = true
				if p.h.Seq == notDueSeq {
					notDueID = respID(p)
				}
			case wire.StatusThrottled:
				throttled++
			default:
				t.Errorf("submit_sm seq %d: %s", p.h.Seq, wire.StatusString(p.h.Status))
			}
		case wire.DeliverSM:
			_, r := parseReceipt(t, p)
			if r.State != receipt.StateDelivered {
				t.Errorf("receipt %+v", r)
			}
			receipts[r.MessageID] = true
		default:
			t.Errorf("unexpected %v", p.h)
		}
		return true
	}
	for answered < 10 { // mid-burst: some answered, most still on their way
		if !take() {
			t.Fatal("unbind before the shutdown")
		}
	}

	drained := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*testTimeout)
		defer cancel()
		drained <- s.Drain(ctx, 2*testTimeout)
	}()
	listenerClosed(t, s.Addr().String())
	for range 20 {
		seq := c.send(wire.SubmitSM, submitBody(sm{src: "1", dst: "447700900002", reg: 1}))
		sent[seq], late[seq] = true, true
	}
	for take() {
	}
	if len(sent) != 0 {
		t.Errorf("%d submit_sm sent before the unbind had no response", len(sent))
	}
	if throttled < len(late) {
		t.Errorf("%d answered ESME_RTHROTTLED, want at least the %d sent after shutdown began", throttled, len(late))
	}
	if notDueID == "" {
		t.Fatal("the first submission was not accepted")
	}
	for id := range accepted {
		if id != notDueID && !receipts[id] {
			t.Errorf("no receipt for %s before the unbind", id)
		}
	}
	if receipts[notDueID] {
		t.Error("a receipt due after the grace was sent")
	}
	select {
	case err := <-drained:
		if err != nil {
			t.Errorf("Drain: %v", err)
		}
	case <-time.After(testTimeout):
		t.Fatal("Drain did not return after unbind_resp")
	}
	if _, ok := c.next(); ok {
		t.Error("a PDU after unbind_resp")
	}
	if st := s.Stats(); st.ReceiptsAcked != uint64(len(receipts)) {
		t.Errorf("%d receipts acknowledged, %d received", st.ReceiptsAcked, len(receipts))
	}
}

// Responses held back by the ResponseDelay fault are sent before the unbind, not lost
// with the connection.
func TestShutdownSendsDelayedResponsesBeforeUnbind(t *testing.T) {
	s := startServer(t, Config{Faults: Faults{ResponseDelay: time.Hour}})
	c := dialOrdered(t, s)
	c.send(wire.BindTransmitter, bindBody(DefaultSystemID, DefaultPassword, 0x34))
	if p, _ := c.next(); p.h.Status != 0 {
		t.Fatalf("bind: %v", p.h)
	}
	sent := map[uint32]bool{}
	for range 5 {
		sent[c.send(wire.SubmitSM, submitBody(sm{src: "1", dst: "2"}))] = true
	}
	eventually(t, "the submissions read", func() bool { return s.Stats().Submitted == 5 })
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		done <- s.Shutdown(ctx)
	}()
	for {
		p, ok := c.next()
		if !ok {
			t.Fatal("closed before the unbind")
		}
		if p.h.ID == wire.Unbind {
			c.write(wire.HeaderOnly(wire.UnbindResp, 0, p.h.Seq))
			break
		}
		if p.h.ID == wire.SubmitSMResp && p.h.Status == 0 {
			delete(sent, p.h.Seq)
		}
	}
	if len(sent) != 0 {
		t.Errorf("%d held-back submit_sm_resp not sent before the unbind", len(sent))
	}
	if err := <-done; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

// A receiver that never answers deliver_sm holds the drain no longer than the grace;
// the unbind follows.
func TestDrainGraceBoundsUnansweredReceipts(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s)
	c.mu.Lock()
	c.ackStatus = func(pdu) uint32 { return 0xFFFFFFFF }
	c.mu.Unlock()
	c.mustBind(wire.BindTransceiver)
	if st, _ := c.submit(sm{src: "1", dst: "2", reg: 1}); st != 0 {
		t.Fatal(wire.StatusString(st))
	}
	c.deliver()
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		done <- s.Drain(ctx, 50*time.Millisecond)
	}()
	p := c.recv()
	if p.h.ID != wire.Unbind {
		t.Fatalf("got %v, want unbind", p.h)
	}
	c.write(wire.HeaderOnly(wire.UnbindResp, 0, p.h.Seq))
	if err := <-done; err != nil {
		t.Errorf("Drain: %v", err)
	}
}
