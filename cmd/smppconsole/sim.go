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

Runs the SMSC simulator on its own: a real SMPP 3.4 server for testing clients. It
prints where it listens and the credentials it accepts, logs binds and unbinds, and a
summary line each second something happened. SIGINT or SIGTERM unbinds the clients
(waiting up to --unbind-timeout) and stops it; a second one stops it at once.

The config file's [sim] section, if any, is the starting point; flags override it.

Flags:
`

// runSim is `smppconsole sim`.
func runSim(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runSimUntil(ctx, stop, args, stdout, stderr)
}

// runSimUntil runs the simulator until ctx is done; stop restores the default signal
// handling, so that a second signal ends the process.
func runSimUntil(ctx context.Context, stop func(), args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, simUsage)
		fs.PrintDefaults()
	}
	configPath := fs.String("config", "", "config file whose [sim] section to start from (default "+config.DefaultPath()+", if present)")
	unbindTimeout := fs.Duration("unbind-timeout", 5*time.Second, "how long to wait for clients to answer unbind when stopping")
	flags := smsc.NewFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "smppconsole sim: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if visited(fs)["password"] {
		warnPasswordFlag(stderr, simPasswordElsewhere)
	}

	base := smsc.DefaultConfig()
	if *configPath != "" {
		f, err := config.Load(*configPath)
		if err != nil {
			fmt.Fprintf(stderr, "smppconsole sim: %v\n", err)
			return 2
		}
		if f.Sim != nil {
			base = *f.Sim
		}
	} else if f, err := config.LoadOptional(config.DefaultPath()); err != nil {
		fmt.Fprintf(stderr, "smppconsole sim: ignoring the config file: %v\n", err)
	} else if f != nil && f.Sim != nil {
		base = *f.Sim
	}
	cfg, err := flags.Apply(base)
	if err != nil {
		fmt.Fprintf(stderr, "smppconsole sim: %v\n", err)
		return 2
	}
	out := &lineWriter{w: stdout}
	cfg.Log = func(e smsc.Event) { out.line(e.Time, e.String()) }
	srv, err := smsc.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "smppconsole sim: %v\n", err)
		return 2
	}
	if err := srv.Start(ctx); err != nil {
		fmt.Fprintf(stderr, "smppconsole sim: %v\n", err)
		return 1
	}
	for _, l := range srv.Describe() {
		out.plain(l)
	}
	out.plain("  stop with Ctrl-C")

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
		case <-ctx.Done():
			stop()
			st := srv.Stats()
			out.line(time.Now(), fmt.Sprintf("stopping: unbinding %d client(s), waiting up to %v", st.Bound, *unbindTimeout))
			sctx, cancel := context.WithTimeout(context.Background(), *unbindTimeout)
			err := srv.Shutdown(sctx)
			cancel()
			if err != nil {
				out.line(time.Now(), "stopped: some clients did not answer unbind and were disconnected")
			} else {
				out.line(time.Now(), "stopped")
			}
			return 0
		}
	}
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
