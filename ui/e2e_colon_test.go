package ui

import (
	"context"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

// colonSimConnector opens each tab as a real client of the simulator at addr.
type colonSimConnector struct {
	addr string
	mu   sync.Mutex
	cls  []*smppclient.Client
}

func (c *colonSimConnector) Profiles() []string { return []string{"sim"} }

func (c *colonSimConnector) Open(_ context.Context, r TabRequest) (TabSession, error) {
	cl, err := smppclient.New(smppclient.Settings{Addr: c.addr, SystemID: smsc.DefaultSystemID,
		Password: smsc.DefaultPassword, Bind: smppclient.Transceiver, Window: 64})
	if err != nil {
		return TabSession{}, err
	}
	cl.Start()
	c.mu.Lock()
	c.cls = append(c.cls, cl)
	c.mu.Unlock()
	return TabSession{Name: r.Profile, Options: Options{Session: cl, Label: "simulator", Simulator: true,
		Defaults: message.Message{Source: message.Address{Addr: "SMPPConsole", TON: 5}, RegisteredDelivery: 1}},
		Close: func() { cl.Close() }}, nil
}

// The command line end to end, over the App on a real client of the simulator, as a
// user types it: a message, :filter on its response, :query of it by the id tab
// completes (the state comes back), :burst of 20 at 50 msg/s that the load panel
// counts, and :quit.
func TestEndToEndColonAgainstSimulator(t *testing.T) {
	colonState(t)
	srv := startSimulator(t)
	conn := &colonSimConnector{addr: srv.Addr().String()}
	a := NewApp(context.Background(), Options{Connector: conn, Tabs: []TabRequest{{Profile: "sim"}}})
	tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(80, 24))
	waitFor := func(words ...string) {
		t.Helper()
		waitScreen(t, tm, 10*time.Second, words...)
	}
	waitFor("bound trx")
	tm.Send(keyMsg("n"))
	tm.Type("447700900123")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	tm.Type("Query me")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	waitFor("DELIVRD")

	tm.Type(":filter smpp.command_id == submit_sm_resp")
	tm.Send(keyMsg("enter"))
	waitFor("filter: smpp.command_id == submit_sm_resp")

	tm.Type(":query ")
	tm.Send(keyMsg("tab")) // the one message id the tab knows
	tm.Send(keyMsg("enter"))
	waitFor("send query_sm about this message? y sends")
	tm.Send(keyMsg("y"))
	waitFor("message_state DELIVERED (2)")
	tm.Send(keyMsg("esc"))

	tm.Type(":filter")
	tm.Send(keyMsg("enter"))
	tm.Type(":burst --rate 50 --count 20")
	tm.Send(keyMsg("enter"))
	waitFor("done: 20 messages, every message accounted for")
	// A second run from the line replaces the finished one's figures.
	tm.Send(keyMsg("esc")) // hide the panel
	tm.Type(":burst --rate 100 --count 5")
	tm.Send(keyMsg("enter"))
	waitFor("done: 5 messages, every message accounted for")

	tm.Send(keyMsg("esc"))
	tm.Type(":quit")
	tm.Send(keyMsg("enter"))
	fa := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*App)
	m := fa.Active()
	if m.log.filter != "" {
		t.Errorf(":filter alone left %q", m.log.filter)
	}
	sn := m.load.snap
	if m.load.report == nil || sn.Finished != 5 || sn.Accepted != 5 || m.load.set.Rate != 100 {
		t.Errorf(":burst: report %v, finished %d accepted %d rate %g", m.load.report != nil, sn.Finished, sn.Accepted, m.load.set.Rate)
	}
	var queried bool
	for _, r := range m.msgs.rows {
		for _, pr := range r.parts {
			for _, op := range pr.ops {
				queried = queried || op.cmd == wire.QuerySM && op.status == wire.StatusOK
			}
		}
	}
	if !queried {
		t.Errorf("the query_sm is not in its message's timeline")
	}
	fa.Shutdown()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	checkGoroutines(t)
}
