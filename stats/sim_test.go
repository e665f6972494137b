package stats

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
)

// Statistics of a real session against the simulator on 127.0.0.1, from the session's
// PDUEvents as the TUI gets them: the simulator answers in hex and writes receipts in
// decimal, delivers most messages and fails those to numbers ending in 9.
func TestSessionAgainstSimulator(t *testing.T) {
	const n, receiptDelay = 20, 20 * time.Millisecond
	srv, err := smsc.New(smsc.Config{Listen: "127.0.0.1:0", MessageID: smsc.IDHex, ReceiptID: smsc.IDDecimal,
		ReceiptDelay: receiptDelay, Rules: []smsc.Rule{{Suffix: "9", Stat: "UNDELIV"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	cl, err := smppclient.New(smppclient.Settings{Addr: srv.Addr().String(), SystemID: smsc.DefaultSystemID, Password: smsc.DefaultPassword,
		ConnectTimeout: 2 * time.Second, BindTimeout: 2 * time.Second, ResponseTimeout: 2 * time.Second, UnbindTimeout: 500 * time.Millisecond,
		ReconnectMin: 20 * time.Millisecond, ReconnectMax: 100 * time.Millisecond, EnquireLinkInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	cl.Start()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	submitted := make(chan error, 1)
	go func() {
		for i := range n {
			m := message.Message{Source: message.Address{Addr: "447700900001", TON: 1, NPI: 1},
				Dest: message.Address{Addr: fmt.Sprintf("4477009001%02d", i), TON: 1, NPI: 1}, Text: "hello", RegisteredDelivery: 1}
			if _, err := cl.Submit(ctx, m); err != nil {
				submitted <- err
				return
			}
		}
		submitted <- nil
	}()

	c := New(Settings{})
	add := func(e smppclient.Event) {
		if p, ok := e.(smppclient.PDUEvent); ok {
			side := SideESME
			if p.Dir == smppclient.In {
				side = SideSMSC
			}
			c.Add(Record{At: p.At, Conv: p.Link, Side: side, Raw: p.Raw})
		}
	}
	matched := 0
	for matched < n || count(c.Result(), "deliver_sm_resp") < n {
		select {
		case e := <-cl.Events():
			add(e)
			if r, ok := e.(smppclient.ReceiptEvent); ok && r.Matched {
				matched++
			}
		case err := <-submitted:
			if err != nil {
				t.Fatal(err)
			}
		case <-ctx.Done():
			t.Fatalf("waiting for %d receipts: %d matched; %+v", n, matched, c.Result())
		}
	}
	r := c.Result()
	cl.Close()
	for e := range cl.Events() { // the rest, until the session ends
		add(e)
	}

	for cmd, want := range map[string]int{"submit_sm": n, "submit_sm_resp": n, "deliver_sm": n, "deliver_sm_resp": n, "bind_transceiver": 1} {
		if got := count(r, cmd); got != want {
			t.Errorf("%s: %d, want %d", cmd, got, want)
		}
	}
	if l := respTime(t, r, "submit_sm"); l.Count != n || l.Min <= 0 || l.P50 < l.Min || l.P99 < l.P50 || l.Max < l.P99 {
		t.Errorf("submit_sm response times %+v", l)
	}
	if len(r.Outstanding) != 0 || len(r.Unanswered) != 0 || len(r.UnmatchedResponses) != 0 {
		t.Errorf("outstanding %+v unanswered %+v unmatched %+v", r.Outstanding, r.Unanswered, r.UnmatchedResponses)
	}
	undeliv := n / 10 // ...09 and ...19
	for state, want := range map[string]int{"DELIVRD": n - undeliv, "UNDELIV": undeliv} {
		s := receiptState(t, r, state)
		// A receipt cannot come before the simulator's delay: a bound, not a timing.
		if s.Count != want || s.Latency.Count != want || s.Latency.Min < receiptDelay {
			t.Errorf("%s: %+v, want %d from %v up", state, s, want, receiptDelay)
		}
	}
	if rc := r.Receipts; rc.Receipts != n || rc.Unmatched != 0 || rc.AwaitingFinal != 0 {
		t.Errorf("receipts %+v", rc)
	}
	if f := c.Result(); count(f, "unbind") != 1 || count(f, "unbind_resp") != 1 {
		t.Errorf("after close: unbind %d unbind_resp %d", count(f, "unbind"), count(f, "unbind_resp"))
	}
}
