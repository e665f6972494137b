package burst

import (
	"context"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const testTimeout = 10 * time.Second

// startSim runs the simulator on 127.0.0.1:0 until the end of the test.
func startSim(tb testing.TB, cfg smsc.Config) *smsc.Server {
	tb.Helper()
	cfg.Listen = "127.0.0.1:0"
	srv, err := smsc.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return srv
}

// bindClients binds k transceivers to srv and closes them at the end of the test.
func bindClients(tb testing.TB, srv *smsc.Server, k, window int) []*smppclient.Client {
	tb.Helper()
	return bindAs(tb, srv, smppclient.Transceiver, k, window)
}

// bindAs binds k sessions of the given type.
func bindAs(tb testing.TB, srv *smsc.Server, bind smppclient.BindType, k, window int) []*smppclient.Client {
	tb.Helper()
	var out []*smppclient.Client
	for range k {
		c, err := smppclient.New(smppclient.Settings{Addr: srv.Addr().String(), SystemID: smsc.DefaultSystemID,
			Password: smsc.DefaultPassword, Bind: bind, Window: window, NoReconnect: true, ResponseTimeout: 5 * time.Second})
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() {
			done := make(chan struct{})
			go func() {
				for range c.Events() {
				}
				close(done)
			}()
			c.Close()
			<-done
		})
		c.Start()
		out = append(out, c)
	}
	deadline := time.Now().Add(testTimeout)
	for _, c := range out {
		for c.Stats().State != smppclient.Bound {
			if time.Now().After(deadline) {
				tb.Fatalf("not bound: %s", c.Stats().State)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	return out
}

// fixed is a source of one message, numbered by {seq}.
func fixed(tb testing.TB, dlr bool) Source {
	tb.Helper()
	text, err := ParseTemplate("load {seq}")
	if err != nil {
		tb.Fatal(err)
	}
	to, _ := ParseTemplate("447700900123")
	base := message.Message{}
	if dlr {
		base.RegisteredDelivery = message.ReceiptOnFinal
	}
	return &Templates{Base: base, To: to, Text: text, Seed: 1}
}

func run(tb testing.TB, clients []*smppclient.Client, s Settings, src Source) *Report {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rep, err := Run(ctx, clients, s, src)
	if err != nil {
		tb.Fatal(err)
	}
	return rep
}
