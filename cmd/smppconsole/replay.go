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
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/replay"
)

const replayUsage = `Usage: smppconsole replay [flags] FILE
       smppconsole replay --diff A.json B.json

Sends the submit_sm of a recording (a journal, a pcap or pcapng capture) again to an
SMSC (from --profile, or --host and the other connection flags, as send does), as a new
session: it binds anew, numbers its own sequences and sends each submit_sm body octet
for octet. Pacing is the recording's, scaled by --speed (2x: twice as fast), or a fixed
--rate. It waits --wait-dlr for the final receipts, then reports per submit the
recorded outcome beside the new one, old message_id beside new, and the differences in
status and in receipt state. --json prints the report; --diff compares the replayed
outcomes of two such reports, ignoring message ids and times.

Exit status: 0 no difference, 1 differences, 2 usage or config error, 3 connect or bind
failure.

Flags:
`

// runReplay is `smppconsole replay`.
func runReplay(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cf connFlags
	cf.register(fs)
	cf.registerTimeouts(fs)
	var jf journalFlags
	jf.register(fs)
	speed := fs.String("speed", "1x", "scale the recorded pacing: 2x twice as fast, 0.5x half")
	rate := fs.Float64("rate", 0, "send at this many submit_sm per second instead of the recorded pacing")
	waitDLR := fs.Duration("wait-dlr", 30*time.Second, "after the last response, wait this long for final receipts (0: compare responses only)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	diff := fs.Bool("diff", false, "compare two JSON reports: replay --diff A.json B.json")
	capPort := fs.Uint("capture-port", 0, "the SMSC's TCP port in the recording (default: detect SMPP by its header)")
	conv := fs.Int("conversation", 0, "the conversation to replay (1-based) when the recording holds several")
	if code, ok := parseArgs(fs, replayUsage, args, stderr); !ok {
		return code
	}
	usageErr := func(err error) int {
		fmt.Fprintf(stderr, "smppconsole replay: %v\n", err)
		return exitUsage
	}
	if *diff {
		if fs.NArg() != 2 {
			return usageErr(errors.New("--diff wants two reports: replay --diff A.json B.json"))
		}
		return replayDiff(fs.Arg(0), fs.Arg(1), *asJSON, stdout, stderr)
	}
	if fs.NArg() != 1 {
		return usageErr(errors.New("want one recording: replay [flags] FILE"))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	pacing := replay.Pacing{Rate: *rate}
	if *rate < 0 || *rate > 1e6 {
		return usageErr(fmt.Errorf("--rate %g: want 0 to 1000000 per second", *rate))
	}
	if set["rate"] && set["speed"] {
		return usageErr(errors.New("--rate replaces the recorded pacing: give --rate or --speed, not both"))
	}
	v, err := replay.ParseSpeed(*speed)
	if err != nil {
		return usageErr(err)
	}
	pacing.Speed = v
	if *waitDLR < 0 || *capPort > 65535 {
		return usageErr(errors.New("--wait-dlr must not be negative, --capture-port at most 65535"))
	}
	subs, err := loadRecording(fs.Arg(0), uint16(*capPort), *conv, stderr)
	if err != nil {
		return usageErr(err)
	}
	if set["password"] {
		warnPasswordFlag(stderr, bindPasswordElsewhere)
	}
	res, err := cf.resolve(config.ForSMSC, set, os.Getenv)
	if err != nil {
		return usageErr(err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "smppconsole replay: %s\n", w)
	}
	p := res.Profile
	st, err := submitterSettings("replay", &p, stdin, stderr)
	if err != nil {
		return usageErr(err)
	}
	if st.TLSInsecure {
		fmt.Fprintln(stderr, "smppconsole replay: TLS certificate verification is off: the SMSC's identity is not checked")
	}
	jr, err := jf.open(p, set, journalLabel(p), false)
	if err != nil {
		return usageErr(err)
	}
	if jr != nil {
		defer func() { warnJournal(jr, stderr, "smppconsole replay") }()
		st.Recorder = jr
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	clients, code, why := bindAll(st, 1)
	defer closeAll(clients)
	if code != exitOK {
		fmt.Fprintf(stderr, "smppconsole replay: %s\n", why)
		return code
	}
	c := clients[0]
	go func() { // the Submissions carry the outcomes; the events only need draining
		for range c.Events() {
		}
	}()
	rep := replay.Run(ctx, c, subs, replay.Options{Pacing: pacing, WaitReceipts: *waitDLR})
	if err := printReplay(rep, *asJSON, stdout); err != nil {
		fmt.Fprintf(stderr, "smppconsole replay: %v\n", err)
		return exitUsage
	}
	if len(rep.Differences) > 0 {
		return exitFailed
	}
	return exitOK
}

// loadRecording reads the submits of one conversation of the file at path.
func loadRecording(path string, port uint16, conv int, stderr io.Writer) ([]replay.Submit, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cp, err := capture.Read(f, capture.ReadOptions{Port: port})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if cp.Stopped != nil {
		fmt.Fprintf(stderr, "smppconsole replay: %s: %v; replaying what came before\n", path, cp.Stopped)
	}
	n := len(cp.Conversations)
	switch {
	case n == 0:
		return nil, fmt.Errorf("%s: no SMPP conversation found", path)
	case conv == 0 && n > 1:
		return nil, fmt.Errorf("%s holds %d conversations: name one with --conversation 1 to %d", path, n, n)
	case conv == 0:
		conv = 1
	case conv < 1 || conv > n:
		return nil, fmt.Errorf("--conversation %d: %s holds %d", conv, path, n)
	}
	subs, err := replay.Load(cp.Conversations[conv-1])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return subs, nil
}

func printReplay(rep replay.Report, asJSON bool, w io.Writer) error {
	if asJSON {
		e := json.NewEncoder(w)
		e.SetIndent("", "  ")
		return e.Encode(rep)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "submit\tdestination_addr\toriginal\tmessage_id\treceipt\treplayed\tmessage_id\treceipt")
	for _, r := range rep.Rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Index, r.Dest, sideStatus(r.Orig), dash(r.Orig.MessageID),
			dash(r.Orig.Receipt), sideStatus(r.New), dash(r.New.MessageID), dash(r.New.Receipt))
	}
	tw.Flush()
	printDifferences(rep.Differences, w)
	return nil
}

func printDifferences(ds []replay.Difference, w io.Writer) {
	if len(ds) == 0 {
		fmt.Fprintln(w, "no differences")
		return
	}
	fmt.Fprintf(w, "%d difference(s):\n", len(ds))
	for _, d := range ds {
		fmt.Fprintf(w, "  %s\n", d)
	}
}

func sideStatus(s replay.Side) string {
	if s.Outcome == "rejected" || s.Outcome == "accepted" && s.Status != 0 {
		return fmt.Sprintf("%s 0x%08X", s.Outcome, s.Status)
	}
	return s.Outcome
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// replayDiff is `replay --diff A.json B.json`.
func replayDiff(a, b string, asJSON bool, stdout, stderr io.Writer) int {
	var reps [2]replay.Report
	for i, path := range []string{a, b} {
		raw, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "smppconsole replay: %v\n", err)
			return exitUsage
		}
		if err := json.Unmarshal(raw, &reps[i]); err != nil || reps[i].Rows == nil {
			fmt.Fprintf(stderr, "smppconsole replay: %s is not a replay --json report\n", path)
			return exitUsage
		}
	}
	ds, err := replay.Diff(reps[0], reps[1])
	if err != nil {
		fmt.Fprintf(stderr, "smppconsole replay: %v\n", err)
		return exitUsage
	}
	if asJSON {
		e := json.NewEncoder(stdout)
		e.SetIndent("", "  ")
		_ = e.Encode(struct {
			Differences []replay.Difference `json:"differences"`
		}{ds})
	} else {
		printDifferences(ds, stdout)
	}
	if len(ds) > 0 {
		return exitFailed
	}
	return exitOK
}
