package smsc

import (
	"bytes"
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

func TestBindAllTypes(t *testing.T) {
	s := startServer(t, Config{})
	for _, id := range []uint32{wire.BindTransmitter, wire.BindReceiver, wire.BindTransceiver} {
		c := dial(t, s)
		p := c.bind(id, DefaultSystemID, DefaultPassword)
		if p.h.ID != id|wire.ResponseBit || p.h.Status != 0 {
			t.Fatalf("%s: got %v", wire.CommandName(id), p.h)
		}
		if got := respID(p); got != smscSystemID {
			t.Errorf("%s: system_id %q, want %q", wire.CommandName(id), got, smscSystemID)
		}
		tlvs, err := wire.ParseTLVs(p.body[len(smscSystemID)+1:])
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := tlvValue(tlvs, wire.TagScInterfaceVersion); !ok || len(v) != 1 || v[0] != 0x34 {
			t.Errorf("%s: sc_interface_version TLV = %x, %v", wire.CommandName(id), v, ok)
		}
	}
	eventually(t, "three binds", func() bool { return s.Stats().Bound == 3 })
}

func TestBindSMPP33GetsNoTLV(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s)
	p := c.call(wire.BindTransceiver, bindBody(DefaultSystemID, DefaultPassword, 0x33))
	if p.h.Status != 0 || len(p.body) != len(smscSystemID)+1 {
		t.Fatalf("bind_transceiver_resp to a 3.3 client: %v body %x", p.h, p.body)
	}
}

func TestBindErrors(t *testing.T) {
	var log logSink
	s := startServer(t, Config{
		Accounts: []Account{{SystemID: "alice", Password: "secret"}, {SystemID: "bob", Password: "pw"}},
		Log:      log.log,
	})
	c := dial(t, s)

	// Requests before a bind.
	for _, id := range []uint32{wire.SubmitSM, wire.QuerySM, wire.Unbind} {
		p := c.call(id, submitBody(sm{src: "1", dst: "2"}))
		if p.h.Status != wire.StatusInvBndSts || p.h.ID != id|wire.ResponseBit {
			t.Errorf("%s before bind: %v", wire.CommandName(id), p.h)
		}
	}
	// enquire_link is fine in any state.
	if p := c.call(wire.EnquireLink, nil); p.h.ID != wire.EnquireLinkResp || p.h.Status != 0 {
		t.Errorf("enquire_link before bind: %v", p.h)
	}

	cases := []struct {
		sysID, pw string
		want      uint32
	}{
		{"nobody", "secret", wire.StatusInvSysID},
		{"alice", "wrong", wire.StatusInvPaswd},
		{"alice", "pw", wire.StatusInvPaswd}, // bob's password
	}
	for _, tc := range cases {
		p := c.bind(wire.BindTransceiver, tc.sysID, tc.pw)
		if p.h.Status != tc.want {
			t.Errorf("bind %s/%s: %s, want %s", tc.sysID, tc.pw, wire.StatusString(p.h.Status), wire.StatusString(tc.want))
		}
		if len(p.raw) != wire.HeaderLen {
			t.Errorf("error bind_transceiver_resp has a body (%d octets); 3.4 returns none", len(p.raw))
		}
	}
	// Fields over their maximums: named by their status; a password is never quoted.
	if p := c.call(wire.BindTransceiver, bytes.Repeat([]byte("a"), 20)); p.h.Status != wire.StatusInvSysID {
		t.Errorf("system_id of 20 octets and no NUL: %v", p.h)
	}
	if p := c.bind(wire.BindTransceiver, "alice", "secret-too-long"); p.h.Status != wire.StatusInvPaswd {
		t.Errorf("password of 16 octets: %v", p.h)
	}
	if log.has(EventBindFailed, "secret-too-long") {
		t.Error("a bind failure event quotes the password")
	}
	if p := c.bind(wire.BindTransmitter, "alice", "secret"); p.h.Status != 0 {
		t.Fatalf("bind alice: %v", p.h)
	}
	for _, id := range []uint32{wire.BindTransmitter, wire.BindReceiver, wire.BindTransceiver} {
		if p := c.bind(id, "alice", "secret"); p.h.Status != wire.StatusAlyBnd {
			t.Errorf("second %s: %s", wire.CommandName(id), wire.StatusString(p.h.Status))
		}
	}
	// The connection is still bound and usable.
	if st, _ := c.submit(sm{src: "1", dst: "2", text: []byte("hi")}); st != 0 {
		t.Errorf("submit after refused second bind: %s", wire.StatusString(st))
	}
	eventually(t, "bind events", func() bool {
		return log.has(EventBindFailed, "ESME_RINVSYSID") && log.has(EventBindFailed, "ESME_RINVPASWD") &&
			log.has(EventBind, `system_id="alice" as transmitter`)
	})
}

func TestReceiverCannotSubmit(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s)
	c.mustBind(wire.BindReceiver)
	if st, _ := c.submit(sm{src: "1", dst: "2"}); st != wire.StatusInvBndSts {
		t.Errorf("submit_sm on a receiver: %s", wire.StatusString(st))
	}
}

func TestEnquireLinkAndUnbind(t *testing.T) {
	var log logSink
	s := startServer(t, Config{Log: log.log})
	c := dial(t, s)
	c.mustBind(wire.BindTransceiver)
	p := c.call(wire.EnquireLink, nil)
	if p.h.ID != wire.EnquireLinkResp || p.h.Status != 0 || len(p.raw) != 16 {
		t.Fatalf("enquire_link_resp: %v", p.h)
	}
	p = c.call(wire.Unbind, nil)
	if p.h.ID != wire.UnbindResp || p.h.Status != 0 {
		t.Fatalf("unbind_resp: %v", p.h)
	}
	c.waitClosed()
	eventually(t, "unbind logged", func() bool { return log.has(EventUnbind, "smppclient1") })
	eventually(t, "no connections", func() bool { return s.Stats().Connections == 0 })
}

func TestServerEnquireLinkDropsSilentClient(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := startBubbleServer(t, Config{EnquireLink: 50 * time.Millisecond, EnquireLinkTimeout: 300 * time.Millisecond})
		silent := s.dial(t)
		silent.mustBind(wire.BindTransmitter)
		alive := s.dial(t)
		alive.mustBind(wire.BindTransmitter)

		// alive answers every enquire_link; silent never does.
		done := make(chan struct{})
		defer close(done)
		go func() {
			for {
				select {
				case p := <-alive.in:
					if p.h.ID == wire.EnquireLink {
						alive.write(wire.HeaderOnly(wire.EnquireLinkResp, 0, p.h.Seq))
					}
				case <-done:
					return
				}
			}
		}()
		p := silent.recv()
		if p.h.ID != wire.EnquireLink || len(p.raw) != 16 {
			t.Fatalf("expected the server's enquire_link, got %v", p.h)
		}
		silent.waitClosed()
		time.Sleep(400 * time.Millisecond) // several enquire_link periods: alive must stay
		select {
		case <-alive.gone:
			t.Fatal("a client answering enquire_link was dropped")
		default:
		}
	})
}

func TestConnectionLimit(t *testing.T) {
	s := startServer(t, Config{MaxConnections: 2})
	a, b := dial(t, s), dial(t, s)
	a.mustBind(wire.BindTransmitter)
	b.mustBind(wire.BindTransmitter)
	c := dial(t, s)
	if p := c.bind(wire.BindTransmitter, DefaultSystemID, DefaultPassword); p.h.Status != wire.StatusBindFail {
		t.Fatalf("bind over the connection limit: %s", wire.StatusString(p.h.Status))
	}
	c.waitClosed()
}

func TestMaxBindsPerAccount(t *testing.T) {
	s := startServer(t, Config{Accounts: []Account{{SystemID: "one", Password: "x", Limits: Limits{MaxBinds: 1}}}})
	a := dial(t, s)
	if p := a.bind(wire.BindTransceiver, "one", "x"); p.h.Status != 0 {
		t.Fatal(p.h)
	}
	b := dial(t, s)
	if p := b.bind(wire.BindTransceiver, "one", "x"); p.h.Status != wire.StatusBindFail {
		t.Fatalf("second bind of a max_binds=1 account: %s", wire.StatusString(p.h.Status))
	}
	a.call(wire.Unbind, nil)
	a.waitClosed()
	eventually(t, "bind after unbind", func() bool {
		return b.bind(wire.BindTransceiver, "one", "x").h.Status == 0
	})
}

func TestShutdownUnbindsClients(t *testing.T) {
	checkGoroutines(t)
	s, err := New(Config{Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	polite := dial(t, s)
	polite.mustBind(wire.BindTransceiver)
	unbound := dial(t, s)
	_ = unbound
	eventually(t, "two connections", func() bool { return s.Stats().Connections == 2 })

	go func() {
		p := <-polite.in
		if p.h.ID == wire.Unbind {
			polite.write(wire.HeaderOnly(wire.UnbindResp, 0, p.h.Seq))
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	start := time.Now()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Shutdown took %v with a polite client", d)
	}
	polite.waitClosed()
	unbound.waitClosed()
	if err := s.Shutdown(ctx); err != nil {
		t.Errorf("second Shutdown: %v", err)
	}
}

func TestShutdownDeadlineWithSilentClient(t *testing.T) {
	checkGoroutines(t)
	s, err := New(Config{Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := dial(t, s)
	c.mustBind(wire.BindReceiver)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := s.Shutdown(ctx); err != context.DeadlineExceeded {
		t.Fatalf("Shutdown with a client that never answers unbind: %v", err)
	}
	p := c.recv()
	if p.h.ID != wire.Unbind {
		t.Errorf("client got %v, want unbind", p.h)
	}
	c.waitClosed()
}

func TestServeOnListenerAndClose(t *testing.T) {
	checkGoroutines(t)
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := listenLoopback()
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(l) }()
	eventually(t, "serving", func() bool { return s.Addr() != nil })
	c := dial(t, s)
	c.mustBind(wire.BindTransmitter)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve returned %v after Close", err)
	}
	c.waitClosed()
	if err := s.Serve(l); err == nil {
		t.Error("Serve after Close succeeded")
	}
}
