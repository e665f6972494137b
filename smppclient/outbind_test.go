package smppclient

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

func outbindSettings() Settings {
	s := simSettings("")
	s.ListenOutbind = "127.0.0.1:0"
	return s
}

func isLinkText(sub string) func(Event) bool {
	return func(ev Event) bool {
		e, ok := ev.(LinkEvent)
		return ok && strings.Contains(e.Text, sub)
	}
}

// The simulator sends outbind to a client listening for it; the client binds as a
// receiver on that connection and gets the receipt of a message submitted by another
// client of the same account. When the connection ends, it waits for the next outbind.
func TestE2EOutbind(t *testing.T) {
	checkLeaks := noLeak(t)
	rx, err := New(outbindSettings())
	if err != nil {
		t.Fatal(err)
	}
	if rx.OutbindAddr() != nil {
		t.Error("OutbindAddr before Start is not nil")
	}
	if got := rx.Settings().Bind; got != Receiver {
		t.Errorf("a client listening for outbind binds %v, want rx", got)
	}
	ev := collect(rx)
	rx.Start()
	addr := rx.OutbindAddr()
	if addr == nil {
		t.Fatal("no OutbindAddr after Start")
	}
	ev.waitFor(t, 5*time.Second, "waiting for an outbind", func(e Event) bool {
		s, ok := e.(StateEvent)
		return ok && s.State == Connecting && strings.Contains(s.Reason, "waiting for an outbind on 127.0.0.1:0")
	})

	cfg := smsc.Config{Listen: "127.0.0.1:0", Outbind: addr.String(), OutbindRetry: 20 * time.Millisecond}
	srv, err := smsc.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	ev.waitFor(t, 5*time.Second, "the outbind PDU", func(e Event) bool {
		p, ok := e.(PDUEvent)
		return ok && p.Dir == In && p.Header.ID == wire.Outbind
	})
	ev.waitFor(t, 5*time.Second, "the outbind line", isLinkText("outbind from 127.0.0.1:"))
	ev.waitFor(t, 5*time.Second, "system_id in it", isLinkText(`system_id "smppclient1"`))
	ev.waitFor(t, 5*time.Second, "bound as receiver", func(e Event) bool {
		s, ok := e.(StateEvent)
		return ok && s.Link == "rx" && s.State == Bound && strings.Contains(s.Reason, "bind_receiver_resp ESME_ROK")
	})

	tx, txEv := startClient(t, func() Settings { s := simSettings(srv.Addr().String()); s.Bind = Transmitter; return s }())
	txEv.waitFor(t, 5*time.Second, "tx bound", isState("tx", Bound))
	m := msg("447700900123", "via outbind")
	m.RegisteredDelivery = 1
	if _, err := tx.Submit(ctxT(t, 5*time.Second), m); err != nil {
		t.Fatal(err)
	}
	se, _ := txEv.waitFor(t, 5*time.Second, "submit accepted", func(e Event) bool { _, ok := e.(SubmitEvent); return ok })
	id := se.(SubmitEvent).MessageID
	ev.waitFor(t, 5*time.Second, "the receipt on the outbind receiver", func(e Event) bool {
		r, ok := e.(ReceiptEvent)
		return ok && r.Link == "rx" && r.Receipt.MessageID == id && r.Receipt.Stat == "DELIVRD"
	})
	tx.Close()

	// The SMSC goes (it unbinds); the client waits for the next outbind and binds again
	// when a new SMSC sends one.
	shutdownSim(t, srv)
	_, at := ev.waitFor(t, 5*time.Second, "waiting for the next outbind", func(e Event) bool {
		s, ok := e.(StateEvent)
		return ok && s.State == Disconnected && strings.Contains(s.Reason, "waiting for the next outbind")
	})
	srv2, err := smsc.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv2.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	i := -1 // waitFor looks at each event once, in order
	ev.waitFor(t, 5*time.Second, "bound again", func(e Event) bool {
		i++
		s, ok := e.(StateEvent)
		return ok && s.State == Bound && i > at
	})
	rx.Close()
	shutdownSim(t, srv2)
	checkLeaks()
}

// An outbind whose password is not the client's is refused as a fault, and never
// answered with a bind.
func TestE2EOutbindWrongPassword(t *testing.T) {
	s := outbindSettings()
	s.Password = "other"
	rx, ev := startClient(t, s)
	srv := startSim(t, smsc.Config{Outbind: rx.OutbindAddr().String(), OutbindRetry: time.Hour})
	e, _ := ev.waitFor(t, 5*time.Second, "the refusal", func(e Event) bool {
		er, ok := e.(ErrorEvent)
		return ok && strings.Contains(er.Err.Error(), "wrong password")
	})
	if txt := e.(ErrorEvent).Err.Error(); strings.Contains(txt, `"`+smsc.DefaultPassword+`"`) {
		t.Errorf("the refusal shows a password: %q", txt)
	}
	ev.waitFor(t, 5*time.Second, "back to waiting", func(e Event) bool {
		s, ok := e.(StateEvent)
		return ok && s.State == Disconnected && s.Fault && strings.Contains(s.Reason, "waiting for the next outbind")
	})
	for _, e := range ev.snapshot() {
		if p, ok := e.(PDUEvent); ok && p.Dir == Out {
			t.Errorf("sent %s to an SMSC whose outbind was refused", wire.CommandName(p.Header.ID))
		}
	}
	if st := srv.Stats(); st.Binds != 0 {
		t.Errorf("simulator counted %d binds", st.Binds)
	}
}

func TestOutbindSettingsRefused(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(*Settings)
		words string
	}{
		{"transmitter", func(s *Settings) { s.Bind = Transmitter }, "a transmitter alone cannot answer an outbind"},
		{"TLS", func(s *Settings) { s.TLSInsecure = true }, "TLS is not supported"},
		{"bad address", func(s *Settings) { s.ListenOutbind = "nowhere" }, "want host:port"},
		{"tx+rx needs Addr", func(s *Settings) { s.Bind = TxRx }, "no SMSC address"},
		{"interface_version", func(s *Settings) { s.InterfaceVersion = 0x40 }, "0x40 is no SMPP version"},
	} {
		s := outbindSettings()
		c.edit(&s)
		if _, err := New(s); err == nil || !strings.Contains(err.Error(), c.words) {
			t.Errorf("%s: New error %v, want one saying %q", c.name, err, c.words)
		}
	}
	if c, err := New(outbindSettings()); err != nil {
		t.Errorf("rx listening for outbind without Addr: %v", err)
	} else {
		c.Close()
	}
}

// A second connection while a receiver is bound on an outbind is refused with a word.
func TestOutbindSecondConnectionRefused(t *testing.T) {
	rx, ev := startClient(t, outbindSettings())
	startSim(t, smsc.Config{Outbind: rx.OutbindAddr().String(), OutbindRetry: time.Hour})
	ev.waitFor(t, 5*time.Second, "bound", isState("rx", Bound))
	startSim(t, smsc.Config{Outbind: rx.OutbindAddr().String(), OutbindRetry: time.Hour})
	ev.waitFor(t, 5*time.Second, "the refusal", isLinkText("a receiver is already bound on an outbind"))
}

// tx+rx with ListenOutbind: the transmitter dials the SMSC, the receiver is the one
// the SMSC's outbind brings; the receipt comes on it and is correlated to its part.
func TestE2EOutbindTxRxPair(t *testing.T) {
	s := outbindSettings()
	s.Bind = TxRx
	if _, err := New(s); err == nil || !strings.Contains(err.Error(), "no SMSC address") {
		t.Fatalf("tx+rx without Addr: %v", err)
	}
	// The SMSC's listener first (the transmitter's Addr), then the client (its outbind
	// address), then the SMSC configured with that address, serving on the listener.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	c, ev := startClient(t, s)
	srv, err := smsc.New(smsc.Config{Outbind: c.OutbindAddr().String(), OutbindRetry: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		shutdownSim(t, srv)
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	ev.waitFor(t, 5*time.Second, "tx bound", isState("tx", Bound))
	ev.waitFor(t, 5*time.Second, "rx bound on the outbind", isState("rx", Bound))
	m := msg("447700900123", "pair via outbind")
	m.RegisteredDelivery = 1
	sub, err := c.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	if r := receiptsFor(t, ev, sub)[0]; r.Link != "rx" || r.Receipt.Stat != "DELIVRD" {
		t.Errorf("receipt %+v", r)
	}
}
