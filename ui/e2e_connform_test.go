package ui

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
)

// connClientConnector opens each tab on a real smppclient from its profile, as cmd does.
type connClientConnector struct {
	profiles map[string]config.Profile

	mu      sync.Mutex
	clients []*smppclient.Client
}

func (c *connClientConnector) Profiles() []string { return []string{"wrong"} }

func (c *connClientConnector) Open(_ context.Context, req TabRequest) (TabSession, error) {
	p, ok := c.profiles[req.Profile]
	if req.Custom != nil {
		p, ok = *req.Custom, true
	}
	if !ok {
		return TabSession{}, fmt.Errorf("no profile %q", req.Profile)
	}
	s, err := p.Settings()
	if err != nil {
		return TabSession{}, err
	}
	cl, err := smppclient.New(s)
	if err != nil {
		return TabSession{}, err
	}
	c.mu.Lock()
	c.clients = append(c.clients, cl)
	c.mu.Unlock()
	cl.Start()
	name := p.Name
	if name == "" {
		name = p.Addr()
	}
	p.Password = "" // as cmd's connector does: the form takes it from the session's settings
	return TabSession{Name: name, Options: Options{Session: cl, Label: name}, Profile: p, Close: func() { cl.Close() }}, nil
}

// connClosedPort is a loopback port nothing listens on: one the system gave and took back.
func connClosedPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

// The flow against the simulator: a tab on a wrong port cannot connect; E, the
// port fixed to the simulator's, ctrl+s: the tab binds, its log says it was rebound.
func TestConnFormEndToEndFixesPort(t *testing.T) {
	srv := startSimulator(t)
	simPort := srv.Addr().(*net.TCPAddr).Port
	wrong := config.Defaults()
	wrong.Name, wrong.Host, wrong.Port = "wrong", "127.0.0.1", connClosedPort(t)
	wrong.SystemID, wrong.Password, wrong.PasswordFrom = smsc.DefaultSystemID, smsc.DefaultPassword, "profile"
	conn := &connClientConnector{profiles: map[string]config.Profile{"wrong": wrong}}
	a := NewApp(context.Background(), Options{Connector: conn, Tabs: []TabRequest{{Profile: "wrong"}},
		ConfigPath: filepath.Join(t.TempDir(), "config.toml")})
	tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(80, 24))
	waitFor := func(words ...string) {
		t.Helper()
		waitScreen(t, tm, 10*time.Second, words...)
	}
	waitFor("backing off")

	tm.Send(keyMsg("E"))
	waitFor("Connection: wrong", "saving rebinds the tab")
	tm.Send(keyMsg("tab"))
	for range 6 {
		tm.Send(keyMsg("backspace"))
	}
	tm.Type("x")
	waitFor(`"x" is not a port number`)
	tm.Send(keyMsg("backspace"))
	tm.Type(fmt.Sprint(simPort))
	tm.Send(keyMsg("ctrl+s"))
	waitFor("bound trx", fmt.Sprintf("rebound to wrong (127.0.0.1:%d)", simPort))

	tm.Send(keyMsg("ctrl+c"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
	if len(fm.tabs) != 1 || fm.tabs[0].sess.Profile.Port != simPort {
		t.Fatalf("tabs %v, port %d", fm.Names(), fm.tabs[0].sess.Profile.Port)
	}
	if st := fm.Active().sess.Stats(); st.State != smppclient.Bound {
		t.Fatalf("the rebound session is %v", st.State)
	}
	fm.Shutdown()
	conn.mu.Lock()
	n := len(conn.clients)
	conn.mu.Unlock()
	if n != 2 {
		t.Errorf("%d sessions opened, want 2: the wrong one and the rebound one", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	checkGoroutines(t)
}

var _ tea.Model = (*App)(nil)
