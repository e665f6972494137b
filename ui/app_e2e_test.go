package ui

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
)

// simConnector opens real clients on the simulators, by profile name, one receipt share
// per system_id and address as cmd's connector does.
type simConnector struct {
	mu       sync.Mutex
	profiles map[string]smppclient.Settings
	order    []string
	shares   map[string]*smppclient.ReceiptShare
}

func (c *simConnector) Profiles() []string { return c.order }

func (c *simConnector) Open(_ context.Context, req TabRequest) (TabSession, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.profiles[req.Profile]
	if !ok {
		return TabSession{}, fmt.Errorf("no profile %q", req.Profile)
	}
	k := s.SystemID + "@" + s.Addr
	if c.shares[k] == nil {
		c.shares[k] = smppclient.NewReceiptShare(0)
	}
	s.Name, s.Receipts = req.Profile, c.shares[k]
	cl, err := smppclient.New(s)
	if err != nil {
		return TabSession{}, err
	}
	cl.Start()
	return TabSession{
		Name: req.Profile,
		Options: Options{Session: cl, Label: req.Profile,
			Defaults: message.Message{Source: message.Address{Addr: "SMPPConsole", TON: 5}, RegisteredDelivery: 1}},
		Profile: config.Profile{Name: req.Profile, Host: "127.0.0.1"},
		Close:   func() { _ = cl.Close() },
	}, nil
}

// Three kinds of tab against two simulators: a bind refused for its password, a tx+rx
// pair of one account on two tabs (the receipt of the transmitter's message arrives on
// the receiver's tab and is matched to its submit on the other), and a trx. The all view
// shows the submit and its receipt marked with their tabs. q quits, every session is
// closed and nothing is left running.
func TestAppEndToEndThreeKindsOfTab(t *testing.T) {
	simA, simB := startSimulator(t), startSimulator(t)
	base := func(srv *smsc.Server, bind smppclient.BindType, pw string) smppclient.Settings {
		return smppclient.Settings{Addr: srv.Addr().String(), SystemID: smsc.DefaultSystemID, Password: pw, Bind: bind}
	}
	conn := &simConnector{shares: map[string]*smppclient.ReceiptShare{}, order: []string{"refused", "acct-tx", "acct-rx", "trx"},
		profiles: map[string]smppclient.Settings{
			"refused": base(simA, smppclient.Transceiver, "wrong"),
			"acct-tx": base(simB, smppclient.Transmitter, smsc.DefaultPassword),
			"acct-rx": base(simB, smppclient.Receiver, smsc.DefaultPassword),
			"trx":     base(simA, smppclient.Transceiver, smsc.DefaultPassword),
		}}
	var tabs []TabRequest
	for _, n := range conn.order {
		tabs = append(tabs, TabRequest{Profile: n})
	}
	a := NewApp(context.Background(), Options{Connector: conn, Tabs: tabs})
	tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(120, 40))
	waitFor := func(_ string, words ...string) {
		t.Helper()
		waitScreen(t, tm, 10*time.Second, words...)
	}
	waitFor("every tab's state", "1X refused", "2B acct-tx", "3B acct-rx", "4B trx")

	tm.Send(keyMsg("2"))
	tm.Send(keyMsg("n"))
	tm.Type("447700900123")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	tm.Type("Across two tabs")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	waitFor("the receipt, on the transmitter's tab", "DELIVRD")

	tm.Send(keyMsg("0"))
	waitFor("the merged view", "all 4 tabs", "acct-tx      -> submit_sm", "acct-rx      <- deliver_sm")

	tm.Send(keyMsg("1"))
	waitFor("the refused tab in words", "ESME_RINVPASWD")

	tm.Send(keyMsg("q"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
	fm.Shutdown()

	tx, rx := fm.tabNamed("acct-tx").m, fm.tabNamed("acct-rx").m
	if len(tx.msgs.rows) != 1 {
		t.Fatalf("acct-tx receipts rows: %d", len(tx.msgs.rows))
	}
	if s, _ := tx.msgs.rows[0].receiptText(tx.styles); s != "DELIVRD" {
		t.Errorf("acct-tx's message: receipt %q", s)
	}
	if n := rx.log.ring.pdus(); n == 0 {
		t.Error("acct-rx's log is empty")
	}
	// The receiver's own pane names the message's tab rather than making one up.
	if len(rx.msgs.rows) != 1 || rx.msgs.rows[0].owner != "acct-tx" {
		t.Errorf("acct-rx's receipts: %d rows, %+v", len(rx.msgs.rows), rx.msgs.rows)
	}
	for _, srv := range []*smsc.Server{simA, simB} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := srv.Shutdown(ctx); err != nil {
			t.Error(err)
		}
		cancel()
	}
	checkGoroutines(t)
}
