package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/journal"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/ui"
)

// The console's tabs: --profile may be given several times, one tab each, and ctrl+t
// opens more through the connector below.

// profileList makes --profile repeatable for the console: each one is a tab, and the last
// stays in connFlags.profile, as a single --profile always was.
type profileList struct {
	flag.Value
	names *[]string
}

func (p profileList) Set(s string) error {
	*p.names = append(*p.names, s)
	return p.Value.Set(s)
}

// repeatProfile turns fs's --profile into a profileList.
func repeatProfile(fs *flag.FlagSet, names *[]string) {
	fl := fs.Lookup("profile")
	fl.Value = profileList{Value: fl.Value, names: names}
	fl.Usage = "connection profile from the config file; give it again for one tab per profile"
}

// tabConnector opens the console's tabs: profiles resolved as the console resolves them,
// the embedded simulator started once, when a tab first needs it, and shared by every
// simulator tab, a journal per tab, and one receipt share per system_id and SMSC, so a
// receipt routed to an account's receiver on one tab is matched to its submit on another.
type tabConnector struct {
	flags  *tuiFlags
	getenv func(string) string

	mu      sync.Mutex
	start   map[ui.TabRequest][]ui.TabSession // opened before the console started (passwords prompted)
	sim     *smsc.Server
	simCfg  *smsc.Config
	shares  map[string]*smppclient.ReceiptShare
	clients []*smppclient.Client
	journal []*journal.Journal
}

func newTabConnector(f *tuiFlags, getenv func(string) string) *tabConnector {
	return &tabConnector{flags: f, getenv: getenv, start: map[ui.TabRequest][]ui.TabSession{}, shares: map[string]*smppclient.ReceiptShare{}}
}

// Profiles are the config file's profile names, in file order (none when it cannot be read).
func (c *tabConnector) Profiles() []string {
	var f *config.File
	var err error
	if c.flags.conn.config != "" {
		f, err = config.Load(c.flags.conn.config)
	} else {
		f, err = config.LoadOptional(config.DefaultPath())
	}
	if err != nil || f == nil {
		return nil
	}
	return f.Names()
}

// Open starts req's session: a start-up tab's was opened before the console started.
func (c *tabConnector) Open(ctx context.Context, req ui.TabRequest) (ui.TabSession, error) {
	c.mu.Lock()
	if q := c.start[req]; len(q) > 0 {
		c.start[req] = q[1:]
		c.mu.Unlock()
		return q[0], nil
	}
	c.mu.Unlock()
	if req.File != "" {
		return fileTab(req.File)
	}
	s, err := c.resolve(req)
	if err != nil {
		return ui.TabSession{}, err
	}
	return c.open(s)
}

// fileTab is a capture shown in a tab (:open FILE), read as `smppconsole open` reads it:
// the tab shows its conversations, read-only, and has no session to close.
func fileTab(path string) (ui.TabSession, error) {
	convs, note, err := loadOpen(path, 0)
	if err != nil {
		return ui.TabSession{}, err
	}
	name := filepath.Base(path)
	return ui.TabSession{Name: name, Options: ui.Options{Label: name, Notice: note}, Recorded: convs}, nil
}

// opened queues a start-up tab's session for Open.
func (c *tabConnector) opened(req ui.TabRequest, s ui.TabSession) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.start[req] = append(c.start[req], s)
}

// resolve is what a tab opened in the console connects to: the profile as the file has
// it (the command line's overrides are for the start-up tabs), the simulator, or the
// connection form's profile.
func (c *tabConnector) resolve(req ui.TabRequest) (tuiSession, error) {
	switch {
	case req.Simulator:
		return c.simulatorSession()
	case req.Custom != nil:
		return customSession(*req.Custom)
	}
	f := tuiFlags{conn: connFlags{profile: req.Profile, config: c.flags.conn.config}, set: map[string]bool{"profile": true}}
	s, err := f.session(c.getenv, nil)
	if err != nil {
		return s, err
	}
	if s.profile.Password == "" {
		return s, fmt.Errorf("profile %q has no password, and the console cannot ask for one once it runs: give the profile password_env = \"NAME\" (the variable holding it), or set %s, or open it at start with --profile %s", req.Profile, config.EnvPassword, req.Profile)
	}
	return s, nil
}

// simulatorSession is a tab on the embedded simulator: its default account and the
// config file's [sim] section.
func (c *tabConnector) simulatorSession() (tuiSession, error) {
	r, err := config.Resolve(config.Request{Mode: config.ForSimulator, ConfigPath: c.flags.conn.config, Getenv: c.getenv})
	if err != nil {
		return tuiSession{}, err
	}
	s := tuiSession{simulator: true, label: "simulator", simConfig: &r.Sim, profile: r.Profile, notices: r.Warnings,
		defaults: message.Message{RegisteredDelivery: message.ReceiptOnFinal,
			Source: message.Address{Addr: "SMPPConsole", TON: message.TONAlphanumeric}}}
	s.settings, err = r.Profile.Settings()
	return s, err
}

// customSession is a tab on a connection from the connection form.
func customSession(p config.Profile) (tuiSession, error) {
	s := tuiSession{profile: p, label: p.Name, defaults: message.Message{RegisteredDelivery: message.ReceiptOnFinal}}
	if s.label == "" {
		s.label = p.Addr()
	}
	var err error
	if s.settings, err = p.Settings(); err != nil {
		return s, err
	}
	p.Message.Apply(&s.defaults, func(string) bool { return false })
	return s, nil
}

// open starts the session of s: the simulator if it needs it, its journal, its client.
func (c *tabConnector) open(s tuiSession) (ui.TabSession, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var sendMO func(context.Context) error
	if s.simulator {
		if err := c.startSimulator(s.simConfig); err != nil {
			return ui.TabSession{}, err
		}
		s.settings.Addr = c.sim.Addr().String()
		sendMO = simulatorMO(c.sim)
	}
	name := s.label
	s.settings.Name = name
	s.settings.Receipts = c.share(s)
	jr, err := c.flags.journal.open(s.profile, c.flags.set, name, c.flags.showSecrets)
	if err != nil {
		return ui.TabSession{}, err
	}
	journalPath := ""
	if jr != nil {
		s.settings.Recorder = jr
		journalPath = jr.Path()
		c.journal = append(c.journal, jr)
	}
	client, err := smppclient.New(s.settings)
	if err != nil {
		if jr != nil {
			_ = jr.Close()
		}
		return ui.TabSession{}, settingsError{err}
	}
	c.clients = append(c.clients, client)
	client.Start()
	p := s.profile
	p.Password = "" // the tab never needs it again, and must never show it
	return ui.TabSession{
		Name: name,
		Options: ui.Options{Session: client, Label: s.label, Journal: journalPath, Simulator: s.simulator,
			SendMO: sendMO, Defaults: s.defaults, Notice: strings.Join(s.notices, "; ")},
		Profile: p,
		Close:   func() { _ = client.Close() },
	}, nil
}

// startSimulator starts the embedded simulator, once; c.mu is held.
func (c *tabConnector) startSimulator(cfg *smsc.Config) error {
	if c.sim != nil {
		return nil
	}
	sim, err := startEmbeddedSimulator(cfg)
	if err != nil {
		return fmt.Errorf("simulator: %w", err)
	}
	c.sim = sim
	return nil
}

// settingsError is a session the client refused to build: bad settings, exit code 2.
type settingsError struct{ error }

func (e settingsError) Unwrap() error { return e.error }

// share is the receipt share of s's account on s's SMSC: one per system_id and address.
func (c *tabConnector) share(s tuiSession) *smppclient.ReceiptShare {
	k := s.settings.SystemID + "@" + s.settings.Addr
	sh, ok := c.shares[k]
	if !ok {
		sh = smppclient.NewReceiptShare(0)
		c.shares[k] = sh
	}
	return sh
}

// close ends what the connector started, once the console has returned: every client
// (a tab closes its own; Close is idempotent), the simulator, and the journals, whose
// errors are returned for stderr since the console hid it.
func (c *tabConnector) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cl := range c.clients {
		_ = cl.Close()
	}
	if c.sim != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_ = c.sim.Shutdown(ctx)
	}
	var errs []error
	for _, jr := range c.journal {
		if err := jr.Close(); err != nil {
			errs = append(errs, fmt.Errorf("the session's record %s is incomplete: %w", jr.Path(), err))
		}
	}
	return errors.Join(errs...)
}
