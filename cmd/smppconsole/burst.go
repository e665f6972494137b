package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/smppconsole/smppconsole/burst"
	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
)

const burstUsage = `Usage: smppconsole burst [flags] --count N|--duration D --rate R --to ADDR --text TEXT

Binds --binds sessions (from --profile, or --host and the other connection flags, as
send does), sends messages at --rate msg/s shared among them, and reports every
message's outcome, the command_status counts, the throughput per second and the
submit→submit_sm_resp and submit→receipt latency percentiles, measured from each
message's intended send time. --json prints the report as JSON, for
'smppconsole report A.json B.json' to merge.

--to, --from and --text are templates: {seq}, {rand:N} (N random digits, from --seed),
{range:447700900000-447700909999}, {uuid}, {time}. --csv FILE gives rows to,from,text.

Exit status: 0 every message accepted (with --wait-dlr: delivered) and the --expect-rate
and --max-p99 checks passed, 1 otherwise, 2 usage or config error, 3 connect or bind
failure.

Flags:
`

// burstFlags are burst's own flags, beside send's message and connection flags: defined
// in package burst, which the console's :burst reads with the same code. From keeps
// --from as typed (see rawFrom).
type burstFlags struct{ burst.Flags }

// rawFrom keeps --from as typed when it is a template; plain addresses go on to the
// address flag of send.
type rawFrom struct {
	inner flag.Value
	raw   *string
}

func (r rawFrom) String() string { return r.inner.String() }
func (r rawFrom) Set(v string) error {
	*r.raw = v
	if strings.Contains(v, "{") {
		return nil
	}
	return r.inner.Set(v)
}

// burstFlagSet is the subcommand's flags: send's message and connection flags, the
// journal's, and burst's own from package burst.
func burstFlagSet(stderr io.Writer, mf *messageFlags, cf *connFlags, bf *burstFlags, jf *journalFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("burst", flag.ContinueOnError)
	fs.SetOutput(stderr)
	mf.register(fs)
	cf.register(fs)
	bf.Register(fs)
	if f := fs.Lookup("from"); f != nil {
		f.Value = rawFrom{inner: f.Value, raw: &bf.From}
	}
	cf.registerTimeouts(fs)
	jf.register(fs)
	return fs
}

// runBurst is `smppconsole burst`.
func runBurst(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var mf messageFlags
	var cf connFlags
	var bf burstFlags
	var jf journalFlags
	fs := burstFlagSet(stderr, &mf, &cf, &bf, &jf)
	if code, ok := parseArgs(fs, burstUsage, args, stderr); !ok {
		return code
	}
	usageErr := func(err error) int {
		fmt.Fprintf(stderr, "smppconsole burst: %v\n", err)
		return exitUsage
	}
	if fs.NArg() > 0 {
		return usageErr(fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	mf.noteSet(fs)
	set := mf.set
	if set["password"] {
		warnPasswordFlag(stderr, bindPasswordElsewhere)
	}
	if set["pcap"] {
		return usageErr(errors.New("--pcap is not for burst: capture with tcpdump, or send one message with send --pcap"))
	}
	if bf.WaitDLR > 0 && !set["registered-delivery"] {
		mf.dlr = true
	}
	res, err := cf.resolve(config.ForSMSC, set, os.Getenv)
	if err != nil {
		return usageErr(err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "smppconsole burst: %s\n", w)
	}
	p := res.Profile
	src, err := bf.source(&mf, p, stdin)
	if err != nil {
		return usageErr(err)
	}
	bs, err := bf.Settings()
	if err != nil {
		return usageErr(err)
	}
	st, err := submitterSettings("burst", &p, stdin, stderr)
	if err != nil {
		return usageErr(err)
	}
	if set["window"] || st.Window == smppclient.DefaultWindow {
		st.Window = bf.Window // burst's default is larger than the session's
	}
	if st.TLSInsecure {
		fmt.Fprintln(stderr, "smppconsole burst: TLS certificate verification is off: the SMSC's identity is not checked")
	}
	jr, err := jf.open(p, set, journalLabel(p), false)
	if err != nil {
		fmt.Fprintf(stderr, "smppconsole burst: %v\n", err)
		return exitUsage
	}
	if jr != nil {
		defer func() { warnJournal(jr, stderr, "smppconsole burst") }()
		st.Recorder = jr
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runBurstOn(ctx, st, bs, &bf, src, mf.asJSON, stdout, stderr)
}

// source builds the messages: CSV rows or the templates, over the message flags.
func (b *burstFlags) source(mf *messageFlags, p config.Profile, stdin io.Reader) (burst.Source, error) {
	if len(mf.tos) > 1 {
		return nil, errors.New("--to given more than once: burst takes one template (send --op submit_multi takes several)")
	}
	base, err := mf.options(message.Message{})
	if err != nil {
		return nil, err
	}
	mf.applyProfile(p, &base)
	if b.CSV != "" {
		if mf.set["to"] || mf.set["text"] {
			return nil, errors.New("--csv gives to, from and text: leave out --to and --text")
		}
		f, err := os.Open(b.CSV)
		if err != nil {
			return nil, fmt.Errorf("--csv: %w", err)
		}
		defer f.Close()
		rows, err := burst.ReadCSV(f)
		if err != nil {
			return nil, fmt.Errorf("--csv %s: %w", b.CSV, err)
		}
		if b.Count == 0 && b.Duration == 0 {
			b.Count = len(rows) // each row once
		}
		src := &burst.Rows{Base: base, Rows: rows}
		_, err = src.Next(1)
		return src, err
	}
	if mf.to == "" {
		return nil, errors.New("--to is required (or --csv)")
	}
	text, err := mf.readText(stdin)
	if err != nil {
		return nil, err
	}
	build := func() (*burst.Templates, error) {
		t := &burst.Templates{Base: base, Seed: b.Seed}
		var err error
		if t.To, err = burst.ParseTemplate(mf.to); err != nil {
			return nil, fmt.Errorf("--to: %w", err)
		}
		if t.Text, err = burst.ParseTemplate(text); err != nil {
			return nil, fmt.Errorf("--text: %w", err)
		}
		if strings.Contains(b.From, "{") {
			if t.From, err = burst.ParseTemplate(b.From); err != nil {
				return nil, fmt.Errorf("--from: %w", err)
			}
		}
		return t, nil
	}
	// The first message is built now, so that a bad template is a usage error; the run
	// starts from fresh templates ({range} counts from its start).
	probe, err := build()
	if err != nil {
		return nil, err
	}
	if _, err := probe.Next(1); err != nil {
		return nil, err
	}
	return build()
}

// runBurstOn binds the sessions, runs, prints the report and decides the exit status.
func runBurstOn(ctx context.Context, st smppclient.Settings, bs burst.Settings, bf *burstFlags, src burst.Source, asJSON bool, stdout, stderr io.Writer) int {
	clients, code, why := bindAll(st, bf.Binds)
	defer closeAll(clients)
	if code != exitOK {
		fmt.Fprintf(stderr, "smppconsole burst: %s\n", why)
		return code
	}
	if bf.Metrics != "" {
		bs.Metrics = burst.NewMetrics()
		ms, err := burst.ServeMetrics(bf.Metrics, bs.Metrics)
		if err != nil {
			fmt.Fprintf(stderr, "smppconsole burst: --metrics: %v\n", err)
			return exitUsage
		}
		defer ms.Close()
		fmt.Fprintf(stderr, "smppconsole burst: metrics at http://%s/metrics\n", ms.Addr())
	}
	r, err := burst.New(clients, bs, src)
	if err != nil {
		fmt.Fprintf(stderr, "smppconsole burst: %v\n", err)
		return exitUsage
	}
	r.Start(ctx)
	progress(r, stderr)
	rep, err := r.Wait()
	if err != nil {
		fmt.Fprintf(stderr, "smppconsole burst: %v\n", err)
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
	} else {
		fmt.Fprint(stdout, rep.Summary())
	}
	return verdict(rep, bf, err, stderr)
}

// verdict is the exit status, with the reason on stderr when it is not 0.
func verdict(rep *burst.Report, bf *burstFlags, runErr error, stderr io.Writer) int {
	var why []string
	if runErr != nil {
		why = append(why, runErr.Error())
	}
	if !rep.OK(bf.WaitDLR > 0) {
		why = append(why, "not every message was accepted"+map[bool]string{true: " and delivered", false: ""}[bf.WaitDLR > 0])
	}
	if bf.ExpectRate > 0 && rep.Rate.Achieved < bf.ExpectRate*0.98 {
		why = append(why, fmt.Sprintf("achieved %.1f msg/s, expected %g", rep.Rate.Achieved, bf.ExpectRate))
	}
	if bf.MaxP99 > 0 && time.Duration(rep.SubmitResp.P99*float64(time.Millisecond)) > bf.MaxP99 {
		why = append(why, fmt.Sprintf("submit→resp p99 %.3fms is above --max-p99 %s", rep.SubmitResp.P99, bf.MaxP99))
	}
	if len(why) == 0 {
		return exitOK
	}
	fmt.Fprintf(stderr, "smppconsole burst: FAIL: %s\n", strings.Join(why, "; "))
	return exitFailed
}

// progress draws the live line on a terminal until the run ends; off a terminal it
// only waits.
func progress(r *burst.Runner, stderr io.Writer) {
	f, isFile := stderr.(*os.File)
	if !isFile || !term.IsTerminal(f.Fd()) {
		<-r.Done()
		return
	}
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-r.Done():
			fmt.Fprint(stderr, "\r\x1b[K")
			return
		case <-t.C:
			fmt.Fprintf(stderr, "\r%s\x1b[K", r.Snapshot().Line())
		}
	}
}
