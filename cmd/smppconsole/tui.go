package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/ui"
)

// tuiFlags are the TUI's flags: the connection flags of send (connFlags, shared with
// it) and the console's own.
type tuiFlags struct {
	conn        connFlags
	debug       string
	logSize     int
	showSecrets bool
	journal     journalFlags
	set         map[string]bool
	profiles    []string // every --profile given, in order: one tab each
}

func (f *tuiFlags) register(fs *flag.FlagSet) {
	f.conn.register(fs)
	f.conn.registerListenOutbind(fs)
	fs.StringVar(&f.debug, "debug", "", "write every UI message to this file")
	fs.IntVar(&f.logSize, "log-size", ui.DefaultLogSize, "PDUs kept in the log")
	fs.BoolVar(&f.showSecrets, "show-secrets", false, "show bind passwords in the PDU log, its detail and copies")
	f.journal.register(fs)
	repeatProfile(fs, &f.profiles)
}

// tuiSession is what the console connects to: the client's settings, a label for the
// status bar, the message defaults, and what to tell the operator first.
type tuiSession struct {
	settings  smppclient.Settings
	label     string
	defaults  message.Message
	simulator bool
	simConfig *smsc.Config // the embedded simulator's configuration: the config file's [sim] section
	profile   config.Profile
	notices   []string
}

// session resolves the flags, the environment and the profile as send does, or, when
// nothing names an SMSC, the embedded simulator. prompt asks for a password the profile
// does not hold (nil: do not ask).
func (f *tuiFlags) session(getenv func(string) string, prompt func(*config.Profile) error) (tuiSession, error) {
	s := tuiSession{defaults: message.Message{RegisteredDelivery: message.ReceiptOnFinal}}
	res, err := f.conn.resolve(config.ForSMSCOrSimulator, f.set, getenv)
	if err != nil {
		return s, err
	}
	s.notices = append(s.notices, res.Warnings...)
	p := res.Profile
	s.profile = p
	if res.Simulator {
		s.simulator, s.label = true, "simulator"
		s.simConfig = &res.Sim
		s.defaults.Source = message.Address{Addr: "SMPPConsole", TON: message.TONAlphanumeric}
		s.settings, err = p.Settings()
		return s, err
	}
	if prompt != nil {
		if err := prompt(&p); err != nil {
			return s, err
		}
	}
	if s.settings, err = p.Settings(); err != nil {
		return s, err
	}
	p.Message.Apply(&s.defaults, func(string) bool { return false })
	s.label = p.Name
	if s.label == "" {
		s.label = p.Addr()
	}
	return s, nil
}

// runTUI opens the console. It returns the exit code: 0 after a normal quit, 1 when the
// console could not run, 2 for bad flags.
func runTUI(args []string, stdout, stderr io.Writer) int {
	fs := flagSetForTUI(stderr)
	var f tuiFlags
	f.register(fs)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fmt.Fprintln(stderr, "\nTUI flags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "smppconsole: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	f.set = visited(fs)
	if f.set["password"] {
		warnPasswordFlag(stderr, bindPasswordElsewhere)
	}

	conn := newTabConnector(&f, os.Getenv)
	defer func() {
		if err := conn.close(); err != nil {
			fmt.Fprintf(stderr, "smppconsole: warning: %v\n", err)
		}
	}()
	tabs, notices, code := startTabs(&f, conn, stderr)
	if code != 0 {
		return code
	}
	if f.set["password"] { // said on stderr too, but the alternate screen hides that
		notices = append(notices, "warning: "+passwordFlagWarning)
	}

	var debug *ui.DebugLog
	if f.debug != "" {
		df, err := openDebugFile(f.debug)
		if err != nil {
			fmt.Fprintf(stderr, "smppconsole: --debug: %v\n", err)
			return 2
		}
		defer df.Close()
		debug = ui.NewDebugLog(df, f.showSecrets)
		defer debug.Close()
	}

	opts := ui.Options{
		Connector:   conn,
		Tabs:        tabs,
		LogSize:     f.logSize,
		ShowSecrets: f.showSecrets,
		NoColor:     ui.NoColorRequested(),
		Output:      stdout,
		Term:        multiplexer(),
		Debug:       debug,
		Notice:      strings.Join(notices, "; "),
	}
	if err := ui.Run(context.Background(), opts); err != nil {
		fmt.Fprintf(stderr, "smppconsole: %v\n", err)
		return 1
	}
	return 0
}

// startTabs opens the start-up tabs before the console starts, so a password is asked
// on the terminal and a bad flag or profile is said on stderr as with one session: one
// tab per --profile, else the one session the flags describe (the embedded simulator
// when they name no SMSC). It returns the tabs' requests in order, the notices for the
// first tab, and an exit code (0: go on).
func startTabs(f *tuiFlags, conn *tabConnector, stderr io.Writer) ([]ui.TabRequest, []string, int) {
	names := f.profiles
	if len(names) <= 1 {
		names = []string{f.conn.profile}
	}
	var reqs []ui.TabRequest
	var notices []string
	for _, name := range names {
		tf := *f
		tf.conn.profile = name
		sess, err := tf.session(os.Getenv, func(p *config.Profile) error { return askPassword(p, os.Stdin, stderr) })
		if err != nil {
			fmt.Fprintf(stderr, "smppconsole: %v\n", err)
			return nil, nil, 2
		}
		if len(reqs) == 0 {
			notices = append(notices, sess.notices...)
		}
		sess.notices = nil
		var req ui.TabRequest
		switch {
		case sess.simulator:
			req.Simulator = true
		case name != "":
			req.Profile = name
		default:
			p := sess.profile
			req.Custom = &p
		}
		ts, err := conn.open(sess)
		if err != nil {
			fmt.Fprintf(stderr, "smppconsole: %v\n", err)
			var bad settingsError
			if errors.As(err, &bad) {
				return nil, nil, 2
			}
			return nil, nil, 1 // the simulator or the journal could not start
		}
		conn.opened(req, ts)
		reqs = append(reqs, req)
	}
	return reqs, notices, 0
}

func flagSetForTUI(stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("smppconsole", flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// visited is the set of flags given on the command line, so a profile's values are
// overridden only by flags the user typed.
func visited(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	return set
}

// startEmbeddedSimulator runs the SMSC simulator in-process on a free loopback port,
// with the config file's [sim] section if there is one.
func startEmbeddedSimulator(from *smsc.Config) (*smsc.Server, error) {
	cfg := smsc.DefaultConfig()
	if from != nil {
		cfg = *from
	}
	cfg.Listen = "127.0.0.1:0"
	cfg.Log = nil // the server never prints, and nothing may write under the TUI
	srv, err := smsc.New(cfg)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Start(ctx); err != nil {
		return nil, err
	}
	return srv, nil
}

// simulatorMO is the m key: the simulator sends the bound console an MO message, a
// different kind each time (GSM text, UCS2, a long concatenated text).
func simulatorMO(sim *smsc.Server) func(context.Context) error {
	texts := []string{
		"Hello from the simulator's handset",
		"Ünïcödé from a handset: Привет, 你好 👋",
		strings.Repeat("This is a long mobile-originated message in several parts. ", 4),
	}
	var n atomic.Int64
	return func(context.Context) error {
		i := n.Add(1) - 1
		return sim.SendMO(smsc.MO{From: "447700900123", To: "12345", Text: texts[int(i)%len(texts)]})
	}
}

// multiplexer says how an OSC 52 copy must be wrapped to reach the terminal.
func multiplexer() string {
	switch {
	case os.Getenv("TMUX") != "":
		return "tmux"
	case strings.HasPrefix(os.Getenv("TERM"), "screen"):
		return "screen"
	}
	return ""
}
