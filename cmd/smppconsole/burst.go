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
	"strconv"
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

// burstFlags are burst's own flags, beside send's message and connection flags.
type burstFlags struct {
	count          int
	duration       time.Duration
	rate           float64
	ramp           string
	window, binds  int
	retryThrottled int
	retryBackoff   time.Duration
	adaptive       bool
	waitDLR        time.Duration
	csv            string
	seed           uint64
	metrics        string
	expectRate     float64
	maxP99         time.Duration
	fromRaw        string
}

func (b *burstFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&b.count, "count", 0, "messages to send")
	fs.DurationVar(&b.duration, "duration", 0, "send for this long")
	fs.Float64Var(&b.rate, "rate", 100, "messages per second, all binds together")
	fs.StringVar(&b.ramp, "ramp", "", "FROM:TO:OVER, e.g. 100:1000:30s: from one rate to another over a time (replaces --rate)")
	fs.IntVar(&b.window, "window", 100, "outstanding submit_sm per bind (default: the profile's window, if it sets one, else 100)")
	fs.IntVar(&b.binds, "binds", 1, "binds of the chosen type, each its own session")
	fs.IntVar(&b.retryThrottled, "retry-throttled", 0, "send a message again at most N times when ESME_RTHROTTLED or ESME_RMSGQFUL refused it")
	fs.DurationVar(&b.retryBackoff, "retry-backoff", burst.DefaultRetryBackoff, "first wait before a retry, doubled each time")
	fs.BoolVar(&b.adaptive, "adaptive", false, "cut the rate on throttling, then creep back (AIMD); the report gives the rate it settled on")
	fs.DurationVar(&b.waitDLR, "wait-dlr", 0, "after the last response, wait this long for the final receipts (implies --dlr)")
	fs.StringVar(&b.csv, "csv", "", "file of rows to,from,text (header optional): each row once, or cycled to --count or --duration")
	fs.Uint64Var(&b.seed, "seed", 1, "seed of {rand:N} and {uuid}")
	fs.StringVar(&b.metrics, "metrics", "", "serve Prometheus metrics at http://ADDR/metrics while it runs, e.g. 127.0.0.1:9464")
	fs.Float64Var(&b.expectRate, "expect-rate", 0, "fail unless at least this many msg/s were accepted (within 2%)")
	fs.DurationVar(&b.maxP99, "max-p99", 0, "fail when the submit→resp p99 is above this")
}

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

func (b *burstFlags) settings() (burst.Settings, error) {
	s := burst.Settings{Count: b.count, Duration: b.duration, Rate: b.rate, RetryThrottled: b.retryThrottled,
		RetryBackoff: b.retryBackoff, Adaptive: b.adaptive, WaitReceipts: b.waitDLR}
	if b.ramp != "" {
		f := strings.Split(b.ramp, ":")
		if len(f) != 3 {
			return s, fmt.Errorf("--ramp %q: want FROM:TO:OVER, e.g. 100:1000:30s", b.ramp)
		}
		from, err1 := strconv.ParseFloat(f[0], 64)
		to, err2 := strconv.ParseFloat(f[1], 64)
		over, err3 := time.ParseDuration(f[2])
		if err := errors.Join(err1, err2, err3); err != nil || over <= 0 || from <= 0 {
			return s, fmt.Errorf("--ramp %q: want two positive rates and a positive time, e.g. 100:1000:30s", b.ramp)
		}
		s.RampFrom, s.Rate, s.RampOver = from, to, over
	}
	if b.binds < 1 || b.binds > 1000 {
		return s, fmt.Errorf("--binds %d: want 1 to 1000", b.binds)
	}
	if b.window < 1 || b.window > smppclient.MaxWindow {
		return s, fmt.Errorf("--window %d: want 1 to %d", b.window, smppclient.MaxWindow)
	}
	if b.expectRate < 0 || b.maxP99 < 0 || b.retryBackoff <= 0 {
		return s, errors.New("--expect-rate, --max-p99 and --retry-backoff must not be negative")
	}
	return s, s.Validate()
}

// runBurst is `smppconsole burst`.
func runBurst(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("burst", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var mf messageFlags
	var cf connFlags
	var bf burstFlags
	mf.register(fs)
	cf.register(fs)
	bf.register(fs)
	if f := fs.Lookup("from"); f != nil {
		f.Value = rawFrom{inner: f.Value, raw: &bf.fromRaw}
	}
	cf.registerTimeouts(fs)
	var jf journalFlags
	jf.register(fs)
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
	if bf.waitDLR > 0 && !set["registered-delivery"] {
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
	bs, err := bf.settings()
	if err != nil {
		return usageErr(err)
	}
	st, err := submitterSettings("burst", &p, stdin, stderr)
	if err != nil {
		return usageErr(err)
	}
	if set["window"] || st.Window == smppclient.DefaultWindow {
		st.Window = bf.window // burst's default is larger than the session's
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
	if b.csv != "" {
		if mf.set["to"] || mf.set["text"] {
			return nil, errors.New("--csv gives to, from and text: leave out --to and --text")
		}
		f, err := os.Open(b.csv)
		if err != nil {
			return nil, fmt.Errorf("--csv: %w", err)
		}
		defer f.Close()
		rows, err := burst.ReadCSV(f)
		if err != nil {
			return nil, fmt.Errorf("--csv %s: %w", b.csv, err)
		}
		if b.count == 0 && b.duration == 0 {
			b.count = len(rows) // each row once
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
		t := &burst.Templates{Base: base, Seed: b.seed}
		var err error
		if t.To, err = burst.ParseTemplate(mf.to); err != nil {
			return nil, fmt.Errorf("--to: %w", err)
		}
		if t.Text, err = burst.ParseTemplate(text); err != nil {
			return nil, fmt.Errorf("--text: %w", err)
		}
		if strings.Contains(b.fromRaw, "{") {
			if t.From, err = burst.ParseTemplate(b.fromRaw); err != nil {
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
	clients, code, why := bindAll(st, bf.binds)
	defer closeAll(clients)
	if code != exitOK {
		fmt.Fprintf(stderr, "smppconsole burst: %s\n", why)
		return code
	}
	if bf.metrics != "" {
		bs.Metrics = burst.NewMetrics()
		ms, err := burst.ServeMetrics(bf.metrics, bs.Metrics)
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
	if !rep.OK(bf.waitDLR > 0) {
		why = append(why, "not every message was accepted"+map[bool]string{true: " and delivered", false: ""}[bf.waitDLR > 0])
	}
	if bf.expectRate > 0 && rep.Rate.Achieved < bf.expectRate*0.98 {
		why = append(why, fmt.Sprintf("achieved %.1f msg/s, expected %g", rep.Rate.Achieved, bf.expectRate))
	}
	if bf.maxP99 > 0 && time.Duration(rep.SubmitResp.P99*float64(time.Millisecond)) > bf.maxP99 {
		why = append(why, fmt.Sprintf("submit→resp p99 %.3fms is above --max-p99 %s", rep.SubmitResp.P99, bf.maxP99))
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
