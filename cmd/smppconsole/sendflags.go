package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/smppconsole/smppconsole/config"
)

// Exit statuses of `send`.
const (
	exitOK          = 0 // accepted (and, with --wait-dlr, every part DELIVRD)
	exitFailed      = 1 // rejected, or a receipt other than DELIVRD
	exitUsage       = 2 // bad flags or configuration
	exitConnect     = 3 // connect or bind failure, or parts lost with the connection before their response
	exitTimeout     = 4 // no response within --resp-timeout, or receipts missing after --wait-dlr (for any reason)
	sendEventBuffer = 1 << 16
)

const sendUsage = `Usage: smppconsole send [flags] --to ADDR --text TEXT
       smppconsole send --op submit_multi --to ADDR --to ADDR;dl:NAME … --text TEXT
       smppconsole send --raw HEX [--keep-seq] [--invalid-ok]

Connects (from --profile, or --host and the other connection flags), binds, submits one
message (all its parts), prints each part's submit_sm_resp and, with --dlr or
--wait-dlr, the receipts; then unbinds. --dry-run prints the PDUs without connecting.

--op data_sm sends the whole text in message_payload and prints the data_sm_resp's
TLVs; --op submit_multi sends to every --to (repeatable, or ';'-separated; dl:NAME is a
distribution list) and prints the submit_multi_resp's unsuccess_sme list, each
destination with its status (exit status 1 if any was refused).

--raw sends one PDU as it is and prints the response decoded. It is decoded and
checked first: a PDU that breaks the rules is sent only with --invalid-ok. Its
sequence_number is renumbered into the session's unless --keep-seq.

--text is required: --text - reads it from standard input, and an empty text is sent
only with --allow-empty. --validity and --schedule take an SMPP time, a period (+90m,
2h, 1d12h) or an RFC 3339 time.

Values come from flags, then SMPP_HOST, SMPP_PORT, SMPP_SYSTEM_ID, SMPP_PASSWORD,
then the profile, then the defaults. Without a password anywhere, it is asked for on
the terminal.

Exit status: 0 accepted (with --wait-dlr: every part DELIVRD), 1 rejected or not
delivered, 2 usage or config error, 3 connect or bind failure, 4 timed out.

Flags:
`

// runSend is `smppconsole send`.
func runSend(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("send", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var mf messageFlags
	var cf connFlags
	mf.register(fs)
	mf.registerOp(fs)
	cf.register(fs)
	dry := fs.Bool("dry-run", false, "build and print the PDUs, do not connect")
	cf.registerTimeouts(fs)
	var jf journalFlags
	jf.register(fs)
	waitDLR := fs.Duration("wait-dlr", 0, "wait this long for the receipts of every part (implies --dlr)")
	var rf rawFlags
	fs.StringVar(&rf.hex, "raw", "", "send this PDU as it is: the hex of a whole PDU, header included, spaces allowed (- reads it from standard input); --to and --text are not used")
	fs.BoolVar(&rf.keepSeq, "keep-seq", false, "with --raw: keep the PDU's sequence_number instead of renumbering it in the session's sequence")
	fs.BoolVar(&rf.invalidOK, "invalid-ok", false, "with --raw: send a PDU that breaks the rules anyway, marked deliberately invalid")
	if code, ok := parseArgs(fs, sendUsage, args, stderr); !ok {
		return code
	}
	out := newSendOutput(mf.asJSON, stdout, stderr)
	usageErr := func(err error) int { return out.usageError(err) }
	if fs.NArg() > 0 {
		return usageErr(fmt.Errorf("unexpected argument %q (the text goes in --text)", fs.Arg(0)))
	}
	mf.noteSet(fs)
	set := mf.set
	if set["password"] {
		warnPasswordFlag(stderr, bindPasswordElsewhere)
	}
	if set["raw"] {
		if cf.over.ResponseTimeout <= 0 || cf.over.EnquireLinkTimeout <= 0 {
			return usageErr(errors.New("--resp-timeout and --enquire-timeout must be positive durations"))
		}
		return runSendRaw(rf, &cf, &mf, *dry, stdin, stdout, stderr)
	} else if set["keep-seq"] || set["invalid-ok"] {
		return usageErr(errors.New("--keep-seq and --invalid-ok go with --raw"))
	}
	if *waitDLR < 0 || cf.over.ResponseTimeout <= 0 || cf.over.EnquireLinkTimeout <= 0 {
		return usageErr(errors.New("--resp-timeout, --enquire-timeout and --wait-dlr must be positive durations"))
	}
	if *waitDLR > 0 && !set["registered-delivery"] {
		mf.dlr = true
	}

	res, err := cf.resolve(config.ForSMSC, set, os.Getenv)
	if err != nil && (!*dry || cf.profile != "" || cf.config != "") {
		return usageErr(err)
	}
	for _, w := range res.Warnings {
		out.warn("%s", w)
	}
	p := res.Profile

	m, err := mf.build(stdin)
	if err != nil {
		return usageErr(err)
	}
	mf.applyProfile(p, &m)
	if *dry {
		return dryRun(m, out, mf.pcap)
	}
	if err := askPassword(&p, stdin, stderr); err != nil {
		return usageErr(err)
	}
	settings, err := p.Settings()
	if err != nil {
		return usageErr(err)
	}
	jr, err := jf.open(p, set, journalLabel(p), false)
	if err != nil {
		return usageErr(err)
	}
	if jr != nil {
		defer func() { warnJournal(jr, stderr, "smppconsole send") }()
		settings.Recorder = jr
	}
	settings.NoReconnect = true // one attempt: a failure is the answer
	settings.EventBuffer = sendEventBuffer
	if settings.TLSInsecure {
		out.warn("TLS certificate verification is off: the SMSC's identity is not checked")
	}
	// Ctrl-C stops waiting and closes politely (unbind within its deadline) instead of
	// dropping the bind on the floor; a second Ctrl-C kills the process.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s := &sender{out: out, p: p, settings: settings, waitDLR: *waitDLR, interrupted: ctx.Done()}
	if mf.pcap != "" {
		pc, err := newPcapSink(mf.pcap, settings.Addr)
		if err != nil {
			return usageErr(fmt.Errorf("--pcap: %w", err))
		}
		defer pc.close(stderr)
		s.pcap = pc
	}
	return s.run(m)
}
