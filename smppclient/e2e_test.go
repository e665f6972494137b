package smppclient

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

// End-to-end tests against the SMSC simulator (package smsc) on 127.0.0.1.

func startSim(t testing.TB, cfg smsc.Config) *smsc.Server {
	t.Helper()
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:0"
	}
	srv, err := smsc.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { shutdownSim(t, srv) })
	return srv
}

func shutdownSim(t testing.TB, srv *smsc.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx)
}

func simSettings(addr string) Settings {
	s := testSettings(addr)
	s.SystemID, s.Password = smsc.DefaultSystemID, smsc.DefaultPassword
	return s
}

func receiptsFor(t *testing.T, ev *events, sub *Submission) []ReceiptEvent {
	t.Helper()
	got := map[int]ReceiptEvent{}
	ev.waitFor(t, 10*time.Second, fmt.Sprintf("receipts for the %d parts of msg %d", len(sub.Parts), sub.Msg), func(e Event) bool {
		if r, ok := e.(ReceiptEvent); ok && r.Matched && r.Msg == sub.Msg {
			got[r.Part] = r
		}
		return len(got) == len(sub.Parts)
	})
	out := make([]ReceiptEvent, 0, len(got))
	for i := 1; i <= len(sub.Parts); i++ {
		out = append(out, got[i])
	}
	return out
}

func TestE2ESingleAndLongMessages(t *testing.T) {
	srv := startSim(t, smsc.Config{})
	c, ev := startClient(t, simSettings(srv.Addr().String()))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))

	texts := []struct {
		name   string
		text   string
		scheme coding.Scheme
	}{
		{"single GSM7", "Hello {world} €5", coding.Auto},
		{"GSM7 with extension characters", strings.Repeat("€[]{}~^|\\ ", 40), coding.Auto},
		{"UCS2 with emoji", strings.Repeat("héllo 😀 Привет ", 20), coding.Auto},
	}
	for _, tc := range texts {
		for _, split := range []segment.Method{segment.UDH, segment.UDH16, segment.SAR, segment.Payload} {
			t.Run(tc.name+"/"+split.String(), func(t *testing.T) {
				m := msg("447700900123", tc.text)
				m.Coding, m.Split, m.RegisteredDelivery = tc.scheme, split, 1
				sub, err := c.Submit(ctxT(t, 5*time.Second), m)
				if err != nil {
					t.Fatal(err)
				}
				outs, err := sub.Wait(ctxT(t, 5*time.Second))
				if err != nil || len(outs) != len(sub.Parts) {
					t.Fatalf("%d outcomes for %d parts: %v", len(outs), len(sub.Parts), err)
				}
				long := tc.name != "single GSM7"
				if long && split != segment.Payload && len(sub.Parts) < 3 {
					t.Errorf("%d parts for a long text", len(sub.Parts))
				}
				for i, o := range outs {
					if o.Outcome != Accepted || o.MessageID == "" || o.Part != i+1 {
						t.Errorf("part %d: %+v", i+1, o)
					}
				}
				for i, r := range receiptsFor(t, ev, sub) {
					if r.Receipt.Stat != "DELIVRD" || r.Part != i+1 || r.Receipt.MessageID != outs[i].MessageID {
						t.Errorf("receipt %d: %+v", i+1, r)
					}
				}
			})
		}
	}
}

func TestE2EMOReassembled(t *testing.T) {
	srv := startSim(t, smsc.Config{})
	_, ev := startClient(t, simSettings(srv.Addr().String()))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	gsm := "Long GSM text with extension characters € [ ] { } ~ ^ | \\ repeated. " + strings.Repeat("abcdefghij", 30)
	ucs := strings.Repeat("Привет 👍 ", 30)
	var sent []string
	for _, split := range []segment.Method{segment.UDH, segment.UDH16, segment.SAR, segment.Payload} {
		for _, text := range []string{gsm, ucs} {
			if err := srv.SendMO(smsc.MO{From: "447700900999", To: "12345", Text: text, Split: split}); err != nil {
				t.Fatal(err)
			}
			sent = append(sent, text)
		}
	}
	var got []MOEvent
	ev.waitFor(t, 10*time.Second, "eight MO", func(e Event) bool {
		if m, ok := e.(MOEvent); ok {
			got = append(got, m)
		}
		return len(got) == len(sent)
	})
	for i, m := range got {
		if m.Text != sent[i] || !m.Complete || m.Source.Addr != "447700900999" || m.Dest.Addr != "12345" {
			t.Errorf("MO %d: %q complete %v parts %d\nwant %q", i, m.Text, m.Complete, m.Parts, sent[i])
		}
	}
}

func TestE2ETxRxPair(t *testing.T) {
	srv := startSim(t, smsc.Config{})
	s := simSettings(srv.Addr().String())
	s.Bind = TxRx
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "tx bound", isState("tx", Bound))
	ev.waitFor(t, 5*time.Second, "rx bound", isState("rx", Bound))
	for i := 0; i < 3; i++ {
		m := msg("447700900123", strings.Repeat("pair ", 50))
		m.RegisteredDelivery = 1
		sub, err := c.Submit(ctxT(t, 5*time.Second), m)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range receiptsFor(t, ev, sub) {
			if r.Link != "rx" || r.Receipt.Stat != "DELIVRD" {
				t.Errorf("receipt %+v", r)
			}
		}
	}
	if st := srv.Stats(); st.Bound != 2 {
		t.Errorf("simulator has %d binds", st.Bound)
	}
}

func TestE2EHexResponseDecimalReceipt(t *testing.T) {
	srv := startSim(t, smsc.Config{MessageID: smsc.IDHex, ReceiptID: smsc.IDDecimal})
	c, ev := startClient(t, simSettings(srv.Addr().String()))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	m := msg("447700900123", "hex and decimal")
	m.RegisteredDelivery = 1
	sub, err := c.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	outs, _ := sub.Wait(ctxT(t, 5*time.Second))
	r := receiptsFor(t, ev, sub)[0]
	// The receipt's text id is decimal; receipted_message_id carries the hex form.
	if r.Receipt.TextID == outs[0].MessageID || r.Receipt.TextID == "" {
		t.Errorf("submit id %q, receipt text id %q: not different forms", outs[0].MessageID, r.Receipt.TextID)
	}
}

func TestE2EHexIDsManyInARow(t *testing.T) {
	// Message after message, the correlator keeps matching hex responses to decimal
	// receipts once it has learnt the simulator's convention.
	srv := startSim(t, smsc.Config{MessageID: smsc.IDHex, ReceiptID: smsc.IDDecimal})
	c, ev := startClient(t, simSettings(srv.Addr().String()))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	for i := 0; i < 5; i++ {
		m := msg("447700900123", fmt.Sprint("n", i))
		m.RegisteredDelivery = 1
		sub, err := c.Submit(ctxT(t, 5*time.Second), m)
		if err != nil {
			t.Fatal(err)
		}
		receiptsFor(t, ev, sub)
	}
}

func TestE2EWrongPassword(t *testing.T) {
	srv := startSim(t, smsc.Config{})
	s := simSettings(srv.Addr().String())
	s.Password = "nope"
	_, ev := startClient(t, s)
	e, _ := ev.waitFor(t, 5*time.Second, "disconnected", isState("trx", Disconnected))
	se := e.(StateEvent)
	if !se.HasStatus || se.Status != wire.StatusInvPaswd || !strings.Contains(se.Reason, "ESME_RINVPASWD (0x0000000E)") {
		t.Errorf("state %+v", se)
	}
}

func TestE2ETLS(t *testing.T) {
	pki := newTestPKI(t)
	srv, err := smsc.New(smsc.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tln := tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{pki.server}, MinVersion: tls.VersionTLS12})
	go func() { _ = srv.Serve(tln) }()
	t.Cleanup(func() { shutdownSim(t, srv) })
	cfg, err := TLSFiles{CAFile: pki.caFile}.Config()
	if err != nil {
		t.Fatal(err)
	}
	s := simSettings(ln.Addr().String())
	s.TLS = cfg
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	m := msg("447700900123", "TLS "+strings.Repeat("€", 100))
	m.RegisteredDelivery = 1
	sub, err := c.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	receiptsFor(t, ev, sub)
	start := time.Now()
	c.Close()
	if took := time.Since(start); took > time.Second {
		t.Errorf("Close over TLS took %s", took)
	}
}

func TestE2EReconnectAfterSimulatorRestart(t *testing.T) {
	srv := startSim(t, smsc.Config{})
	addr := srv.Addr().String()
	s := simSettings(addr)
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	shutdownSim(t, srv)
	ev.waitFor(t, 5*time.Second, "backing off", isState("trx", BackingOff))

	// The simulator comes back on the same port.
	srv2 := startSim(t, smsc.Config{Listen: addr})
	n := 0
	ev.waitFor(t, 10*time.Second, "bound again", func(e Event) bool {
		if isState("trx", Bound)(e) {
			n++
		}
		return n == 2
	})
	sub, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "after restart"))
	if err != nil {
		t.Fatal(err)
	}
	if outs, _ := sub.Wait(ctxT(t, 5*time.Second)); outs[0].Outcome != Accepted {
		t.Errorf("outcome %+v", outs[0])
	}
	if st := srv2.Stats(); st.Connections != 1 || st.Binds != 1 {
		t.Errorf("simulator: %d connections, %d binds", st.Connections, st.Binds)
	}
}

func TestE2ETimeoutThenLate(t *testing.T) {
	srv := startSim(t, smsc.Config{Faults: smsc.Faults{ResponseDelay: 300 * time.Millisecond}})
	s := simSettings(srv.Addr().String())
	s.ResponseTimeout = 100 * time.Millisecond
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	sub, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "slow"))
	if err != nil {
		t.Fatal(err)
	}
	outs, _ := sub.Wait(ctxT(t, 5*time.Second))
	if outs[0].Outcome != TimedOut {
		t.Fatalf("outcome %+v", outs[0])
	}
	e, _ := ev.waitFor(t, 5*time.Second, "late", func(e Event) bool { _, ok := e.(LateEvent); return ok })
	if le := e.(LateEvent); le.Seq != outs[0].Seq || le.MessageID == "" {
		t.Errorf("late %+v", le)
	}
	if st := srv.Stats(); st.Submitted != 1 {
		t.Errorf("the simulator got %d submissions: a late response caused a resend", st.Submitted)
	}
}

func TestE2EWindowNeverExceeded(t *testing.T) {
	// The simulator answers ESME_RMSGQFUL to a request over its window of 4; holding
	// every response back 20 ms fills it. The client's window of 4 must never overflow.
	srv := startSim(t, smsc.Config{
		Limits: smsc.Limits{Window: 4},
		Faults: smsc.Faults{ResponseDelay: 20 * time.Millisecond},
	})
	s := simSettings(srv.Addr().String())
	s.Window = 4
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	var subs []*Submission
	for i := 0; i < 40; i++ {
		sub, err := c.Submit(ctxT(t, 10*time.Second), msg("447700900123", fmt.Sprint("w", i)))
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, sub)
	}
	for _, sub := range subs {
		if outs, _ := sub.Wait(ctxT(t, 10*time.Second)); outs[0].Outcome != Accepted {
			t.Errorf("outcome %+v", outs[0])
		}
	}
	if st := srv.Stats(); st.Throttled != 0 || st.Submitted != 40 {
		t.Errorf("simulator: %d submitted, %d refused for its window", st.Submitted, st.Throttled)
	}
}

func TestE2EDeadLink(t *testing.T) {
	srv := startSim(t, smsc.Config{Faults: smsc.Faults{NoEnquireLinkResponse: true}})
	s := simSettings(srv.Addr().String())
	s.EnquireLinkInterval, s.EnquireLinkTimeout = 100*time.Millisecond, 100*time.Millisecond
	_, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	e, _ := ev.waitFor(t, 5*time.Second, "dead link", isState("trx", BackingOff))
	if r := e.(StateEvent).Reason; !strings.Contains(r, "no enquire_link_resp") {
		t.Errorf("reason %q", r)
	}
}

func TestE2EMalformedResponse(t *testing.T) {
	// Every second submit_sm_resp has a message_id without its NUL: the part is still
	// accepted with what is there, and the session carries on.
	srv := startSim(t, smsc.Config{Faults: smsc.Faults{MalformedEvery: 2}})
	c, ev := startClient(t, simSettings(srv.Addr().String()))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	for i := 0; i < 4; i++ {
		sub, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "m"))
		if err != nil {
			t.Fatal(err)
		}
		if outs, _ := sub.Wait(ctxT(t, 5*time.Second)); outs[0].Outcome != Accepted || outs[0].MessageID == "" {
			t.Errorf("outcome %+v", outs[0])
		}
	}
}

// TestE2ETimeoutWhileEnquireLinkOutstanding: a submit sent while an enquire_link awaits
// its response still ends at its own deadline. The keeper once computed its next wake
// before registering the enquire_link it had just sent, and slept until the following
// keepalive: such a submit ended a whole interval late.
func TestE2ETimeoutWhileEnquireLinkOutstanding(t *testing.T) {
	srv := startSim(t, smsc.Config{Faults: smsc.Faults{NoSubmitResponse: true, NoEnquireLinkResponse: true}})
	s := simSettings(srv.Addr().String())
	s.EnquireLinkInterval = 2 * time.Second
	s.ResponseTimeout = 100 * time.Millisecond
	s.NoReconnect = true
	c, ev := startClient(t, s)
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	ev.waitFor(t, 5*time.Second, "the first enquire_link", func(e Event) bool {
		p, ok := e.(PDUEvent)
		return ok && p.Header.ID == wire.EnquireLink && p.Dir == Out
	})
	sub, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "never answered"))
	if err != nil {
		t.Fatal(err)
	}
	outs, _ := sub.Wait(ctxT(t, 10*time.Second))
	if len(outs) != 1 {
		t.Fatalf("outcomes %+v", outs)
	}
	// Deadline 100 ms, next keepalive 2 s away: ending near the keepalive is the bug.
	if outs[0].Latency > time.Second {
		t.Fatalf("the submit ended %v after it was sent (%s); its deadline was %v", outs[0].Latency, outs[0].Outcome, s.ResponseTimeout)
	}
}
