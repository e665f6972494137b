package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/smsc"
)

const simUsage = `Usage: smppconsole sim [flags]

Runs the SMSC simulator on its own: a real SMPP 3.4 server for testing clients (or
3.3, or 5.0: --interface-version; --outbind dials an ESME instead of waiting). It
prints where it listens and the credentials it accepts, logs binds and unbinds, and a
summary line each second something happened.

SIGINT or SIGTERM stops it gracefully: new submissions are answered ESME_RTHROTTLED,
those already read get their responses, receipts due within --grace are delivered,
then the clients are unbound (waiting up to --unbind-timeout for unbind_resp). A
second signal stops it at once.

The config file's [sim] section, if any, is the starting point; flags override it.

Flags:
`

// runSim is `smppconsole sim`.
func runSim(args []string, stdout, stderr io.Writer) int {
	stops := make(chan os.Signal, 2)
	signal.Notify(stops, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stops)
	return runSimUntil(stops, args, stdout, stderr)
}

// runSimUntil runs the simulator until a value arrives on stops, then stops it
// gracefully; a second value stops it at once.
func runSimUntil(stops <-chan os.Signal, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, simUsage)
		fs.PrintDefaults()
	}
	configPath := fs.String("config", "", "config file whose [sim] section to start from (default "+config.DefaultPath()+", if present)")
	unbindTimeout := fs.Duration("unbind-timeout", 5*time.Second, "how long to wait for clients to answer unbind when stopping")
	grace := fs.Duration("grace", 2*time.Second, "when stopping, how long to keep delivering receipts that fall due, before the unbind")
	flags := newSimFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *grace < 0 || *unbindTimeout < 0 {
		fmt.Fprintln(stderr, "smppconsole sim: --grace and --unbind-timeout must not be negative")
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "smppconsole sim: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if visited(fs)["password"] {
		warnPasswordFlag(stderr, simPasswordElsewhere)
	}

	res, err := config.Resolve(config.Request{Mode: config.ForSimulator, ConfigPath: *configPath, SimFlags: flags.Apply})
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "smppconsole sim: %s\n", w)
	}
	if err != nil {
		fmt.Fprintf(stderr, "smppconsole sim: %v\n", err)
		return 2
	}
	cfg := res.Sim
	out := &lineWriter{w: stdout}
	cfg.Log = func(e smsc.Event) { out.line(e.Time, e.String()) }
	srv, err := smsc.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "smppconsole sim: %v\n", err)
		return 2
	}
	if err := srv.Start(context.Background()); err != nil {
		fmt.Fprintf(stderr, "smppconsole sim: %v\n", err)
		return 1
	}
	for _, l := range srv.Describe() {
		out.plain(l)
	}
	out.plain(fmt.Sprintf("  stop with Ctrl-C: receipts due within %v are still delivered, then the clients unbound", *grace))

	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	prev, last := srv.Stats(), time.Now()
	for {
		select {
		case now := <-tick.C:
			st := srv.Stats()
			if st.Changed(prev) {
				out.line(now, st.Summary(prev, now.Sub(last)))
			}
			prev, last = st, now
		case sig := <-stops:
			return stopSim(srv, stops, sig, *grace, *unbindTimeout, out)
		}
	}
}

// stopSim drains the server: grace for the receipts falling due, then the unbind. A
// second signal cuts it short.
func stopSim(srv *smsc.Server, stops <-chan os.Signal, sig os.Signal, grace, unbindTimeout time.Duration, out *lineWriter) int {
	st := srv.Stats()
	out.line(time.Now(), fmt.Sprintf("%v: stopping: new submissions refused (ESME_RTHROTTLED); delivering receipts due within %v, then unbinding %d client(s), waiting up to %v; a second signal stops at once",
		sig, grace, st.Bound, unbindTimeout))
	ctx, cancel := context.WithTimeout(context.Background(), grace+unbindTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.Drain(ctx, grace) }()
	var err error
	select {
	case err = <-done:
	case sig := <-stops:
		out.line(time.Now(), fmt.Sprintf("%v again: stopping at once", sig))
		cancel()
		err = <-done
	}
	st = srv.Stats()
	line := "stopped"
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		line += ": clients still bound were disconnected without unbind"
	}
	if st.Scheduled > 0 || st.Pending > 0 {
		line += fmt.Sprintf(" (%d receipt(s) or retries not yet due and %d deliver_sm queued were not sent)", st.Scheduled, st.Pending)
	}
	out.line(time.Now(), line)
	return 0
}

// lineWriter serialises log lines from the server's goroutines and the summary loop.
type lineWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lineWriter) line(t time.Time, s string) { l.plain(t.Format("15:04:05.000") + " " + s) }

func (l *lineWriter) plain(s string) {
	l.mu.Lock()
	fmt.Fprintln(l.w, s)
	l.mu.Unlock()
}
