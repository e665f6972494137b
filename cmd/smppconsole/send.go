package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
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

Connects (from --profile, or --host and the other connection flags), binds, submits one
message (all its parts), prints each part's submit_sm_resp and, with --dlr or
--wait-dlr, the receipts; then unbinds. --dry-run prints the PDUs without connecting.

Values come from flags, then SMPP_HOST, SMPP_PORT, SMPP_SYSTEM_ID, SMPP_PASSWORD,
then the profile, then the defaults. Without a password anywhere, it is asked for on
the terminal.

Exit status: 0 accepted (with --wait-dlr: every part DELIVRD), 1 rejected or not
delivered, 2 usage or config error, 3 connect or bind failure, 4 timed out.

Flags:
`

// connFlags are the connection flags shared by the commands that connect.
type connFlags struct {
	profile, config                string
	host                           string
	port                           int
	systemID, password, systemType string
	bind                           string
	tls, tlsInsecure               bool
	tlsCA                          string
}

func (c *connFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.profile, "profile", "", "connection profile from the config file")
	fs.StringVar(&c.config, "config", "", "config file (default "+config.DefaultPath()+")")
	fs.StringVar(&c.host, "host", "", "SMSC host")
	fs.IntVar(&c.port, "port", config.DefaultPort, "SMSC port")
	fs.StringVar(&c.systemID, "system-id", "", "system_id to bind with")
	fs.StringVar(&c.password, "password", "", "password to bind with (visible to other users: prefer SMPP_PASSWORD or the prompt)")
	fs.StringVar(&c.systemType, "system-type", "", "system_type to bind with")
	fs.StringVar(&c.bind, "bind", "trx", "bind type: trx, tx, rx or tx+rx")
	fs.BoolVar(&c.tls, "tls", false, "connect with TLS (system roots unless --tls-ca)")
	fs.StringVar(&c.tlsCA, "tls-ca", "", "PEM file of the CAs to trust (implies --tls)")
	fs.BoolVar(&c.tlsInsecure, "tls-insecure", false, "TLS without verifying the certificate: for tests only (implies --tls)")
}

// resolve builds the profile to connect with: flags over the environment over the
// profile over the defaults. A profile is used when --profile names one, or, when no
// host is given on the command line or in SMPP_HOST, the config file's default; a
// --host alone never borrows a profile's credentials.
func (c *connFlags) resolve(set map[string]bool, getenv func(string) string) (config.Profile, *config.File, error) {
	path := c.config
	var f *config.File
	var err error
	if path != "" {
		f, err = config.Load(path)
	} else {
		path = config.DefaultPath()
		f, err = config.LoadOptional(path)
		if err != nil && !errors.Is(err, os.ErrPermission) {
			err = fmt.Errorf("%w (the default config file; --config chooses another)", err)
		}
	}
	if err != nil {
		return config.Profile{}, nil, err
	}
	p := config.Defaults()
	switch {
	case c.profile != "":
		p, err = f.Profile(c.profile)
	case !set["host"] && getenv(config.EnvHost) == "":
		p, err = f.Profile("")
	}
	if err != nil {
		return p, f, err
	}
	if err := p.ApplyEnv(getenv); err != nil {
		return p, f, err
	}
	if set["host"] {
		p.Host = c.host
	}
	if set["port"] {
		if c.port < 1 || c.port > 65535 {
			return p, f, fmt.Errorf("--port %d: want 1-65535", c.port)
		}
		p.Port = c.port
	}
	if set["system-id"] {
		p.SystemID = c.systemID
	}
	if set["password"] {
		p.Password, p.PasswordFrom = c.password, "flag"
	}
	if set["system-type"] {
		p.SystemType = c.systemType
	}
	if set["bind"] {
		if p.Bind, err = smppclient.ParseBindType(c.bind); err != nil {
			return p, f, fmt.Errorf("--bind: %w", err)
		}
	}
	if c.tls || c.tlsCA != "" || c.tlsInsecure {
		p.TLS.Enabled = true
	}
	if set["tls-ca"] {
		p.TLS.CAFile = c.tlsCA
	}
	if set["tls-insecure"] {
		p.TLS.Insecure = c.tlsInsecure
	}
	if p.Host == "" {
		return p, f, fmt.Errorf("no SMSC to connect to: give --host (or SMPP_HOST), or --profile (profiles are read from %s)", f.Path)
	}
	return p, f, nil
}

// sendOutput writes the human or the JSON form of what happens.
type sendOutput struct {
	json   bool
	stdout io.Writer
	stderr io.Writer
	enc    *json.Encoder
}

func newSendOutput(asJSON bool, stdout, stderr io.Writer) *sendOutput {
	o := &sendOutput{json: asJSON, stdout: stdout, stderr: stderr, enc: json.NewEncoder(stdout)}
	o.enc.SetEscapeHTML(false)
	return o
}

// info is progress for a person: stderr, and not in JSON mode.
func (o *sendOutput) info(format string, a ...any) {
	if !o.json {
		fmt.Fprintf(o.stderr, format+"\n", a...)
	}
}

func (o *sendOutput) warn(format string, a ...any) {
	fmt.Fprintf(o.stderr, "warning: "+format+"\n", a...)
}

type jsonSubmitResp struct {
	Event          string  `json:"event"`
	Part           int     `json:"part"`
	Parts          int     `json:"parts"`
	SequenceNumber uint32  `json:"sequence_number"`
	Outcome        string  `json:"outcome"`
	CommandStatus  *uint32 `json:"command_status,omitempty"`
	StatusName     string  `json:"status_name,omitempty"`
	MessageID      string  `json:"message_id"`
	LatencyMS      float64 `json:"latency_ms"`
}

type jsonReceipt struct {
	Event        string  `json:"event"`
	MessageID    string  `json:"message_id"`
	TextID       string  `json:"text_id,omitempty"`           // the id: of the text when it differs (another base)
	SubmitID     string  `json:"submit_message_id,omitempty"` // the submit_sm_resp's message_id it was matched to
	Stat         string  `json:"stat"`
	Err          string  `json:"err"`
	Part         int     `json:"part"`
	Parts        int     `json:"parts"`
	Final        bool    `json:"final"`
	NetworkError string  `json:"network_error,omitempty"`
	LatencyMS    float64 `json:"latency_ms"`
}

type jsonResult struct {
	Event    string `json:"event"`
	OK       bool   `json:"ok"`
	Summary  string `json:"summary"`
	ExitCode int    `json:"exit_code"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (o *sendOutput) outcome(e smppclient.SubmitEvent) {
	if o.json {
		j := jsonSubmitResp{Event: "submit_sm_resp", Part: e.Part, Parts: e.Parts, SequenceNumber: e.Seq,
			Outcome: e.Outcome.String(), MessageID: e.MessageID, LatencyMS: ms(e.Latency)}
		if e.Outcome == smppclient.Accepted || e.Outcome == smppclient.Rejected {
			st := e.Status
			j.CommandStatus, j.StatusName = &st, wire.StatusName(st)
		}
		_ = o.enc.Encode(j)
		return
	}
	var what string
	switch e.Outcome {
	case smppclient.Accepted:
		what = fmt.Sprintf("accepted  message_id %s", e.MessageID)
	case smppclient.Rejected:
		what = "rejected  " + wire.StatusString(e.Status)
	default:
		what = e.Outcome.String()
	}
	fmt.Fprintf(o.stdout, "part %d/%d  seq %d  %s  (%s)\n", e.Part, e.Parts, e.Seq, what, fmtLatency(e.Latency))
}

func (o *sendOutput) receipt(e smppclient.ReceiptEvent, parts int) {
	r := e.Receipt
	if o.json {
		j := jsonReceipt{Event: "receipt", MessageID: r.MessageID, Stat: stat(r), Err: r.Err, Part: e.Part,
			Parts: parts, Final: r.HasState && r.State.Final(), NetworkError: r.NetworkError, LatencyMS: ms(e.SinceSubmit),
			SubmitID: e.SubmitID}
		if r.TextID != r.MessageID {
			j.TextID = r.TextID
		}
		_ = o.enc.Encode(j)
		return
	}
	id := r.MessageID
	if r.TextID != "" && r.TextID != r.MessageID {
		id += " (text id:" + r.TextID + ")"
	}
	if e.SubmitID != "" && e.SubmitID != r.MessageID {
		id += " (submit_sm_resp id " + e.SubmitID + ")"
	}
	line := fmt.Sprintf("receipt   part %d/%d  message_id %s  stat %s  err %s", e.Part, parts, id, stat(r), r.Err)
	if r.NetworkError != "" {
		line += "  network_error " + r.NetworkError
	}
	fmt.Fprintf(o.stdout, "%s  (%s after submit)\n", line, fmtLatency(e.SinceSubmit))
}

func (o *sendOutput) result(code int, summary string) int {
	if o.json {
		_ = o.enc.Encode(jsonResult{Event: "result", OK: code == exitOK, Summary: summary, ExitCode: code})
		return code
	}
	if code == exitOK {
		fmt.Fprintf(o.stdout, "ok: %s\n", summary)
	} else {
		fmt.Fprintf(o.stdout, "failed: %s\n", summary)
	}
	return code
}

// failure reports what stopped the send before any part had an outcome (bad flags or
// configuration, no bind) once: on stderr for a person, or with --json as the result
// object on stdout, where a program looks for it.
func (o *sendOutput) failure(code int, why string) int {
	if o.json {
		return o.result(code, why)
	}
	fmt.Fprintf(o.stderr, "send: %s\n", why)
	return code
}

func (o *sendOutput) usageError(err error) int { return o.failure(exitUsage, err.Error()) }

func stat(r receipt.Receipt) string {
	if r.Stat != "" {
		return r.Stat
	}
	if r.StatText != "" {
		return r.StatText
	}
	return "?"
}

func fmtLatency(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%.1f ms", ms(d))
	default:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
}

// runSend is `smppconsole send`.
func runSend(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("send", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var mf messageFlags
	var cf connFlags
	mf.register(fs)
	cf.register(fs)
	dry := fs.Bool("dry-run", false, "build and print the PDUs, do not connect")
	respTimeout := fs.Duration("resp-timeout", smppclient.DefaultResponseTimeout, "wait this long for each response")
	waitDLR := fs.Duration("wait-dlr", 0, "wait this long for the receipts of every part (implies --dlr)")
	fs.Usage = func() {
		fmt.Fprint(stderr, sendUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(interspersed(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
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
	if *waitDLR < 0 || *respTimeout <= 0 {
		return usageErr(errors.New("--resp-timeout and --wait-dlr must be positive durations"))
	}
	if *waitDLR > 0 && !set["registered-delivery"] {
		mf.dlr = true
	}

	needConn := !*dry
	p, file, err := cf.resolve(set, os.Getenv)
	if err != nil && (needConn || cf.profile != "" || cf.config != "") {
		return usageErr(err)
	}
	if file != nil {
		for _, w := range file.Warnings {
			out.warn("%s", w)
		}
	}

	m, err := mf.build(stdin)
	if err != nil {
		return usageErr(err)
	}
	p.Message.Apply(&m, func(field string) bool {
		switch field {
		case "source":
			return set["from"]
		case "coding":
			return set["coding"]
		case "split":
			return set["split"]
		case "registered_delivery":
			return set["dlr"] || set["registered-delivery"] || set["wait-dlr"]
		}
		return false
	})
	if *dry {
		return dryRun(m, out, mf.pcap)
	}

	if p.Password == "" {
		pw, ok, err := config.PromptPassword(stdin, stderr, fmt.Sprintf("Password for %s at %s: ", p.SystemID, p.Addr()))
		if err != nil {
			return usageErr(err)
		}
		if ok {
			p.Password, p.PasswordFrom = pw, "prompt"
		}
	}
	if set["resp-timeout"] || p.ResponseTimeout <= 0 {
		p.ResponseTimeout = *respTimeout
	}
	settings, err := p.Settings()
	if err != nil {
		return usageErr(err)
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

// sender runs one send: bind, submit, outcomes, receipts.
type sender struct {
	out      *sendOutput
	p        config.Profile
	settings smppclient.Settings
	waitDLR  time.Duration
	pcap     *pcapSink

	client *smppclient.Client
	sub    *smppclient.Submission
	ended  string // why the connection ended before we were done, if it did

	interrupted <-chan struct{} // closed on SIGINT/SIGTERM
}

// next returns the next event, or ok=false when the deadline passes first.
func (s *sender) next(deadline <-chan time.Time) (smppclient.Event, bool) {
	for {
		select {
		case ev, open := <-s.client.Events():
			if !open {
				return nil, false
			}
			if pe, isPDU := ev.(smppclient.PDUEvent); isPDU {
				s.pcap.write(pe)
				continue
			}
			return ev, true
		case <-deadline:
			return nil, false
		case <-s.interrupted:
			if s.ended == "" {
				s.ended = "interrupted"
				s.out.info("interrupted: unbinding")
			}
			return nil, false
		}
	}
}

func (s *sender) run(m message.Message) int {
	out := s.out
	client, err := smppclient.New(s.settings)
	if err != nil {
		return out.usageError(err)
	}
	s.client = client
	defer func() {
		// Close politely, taking the events it produces (for --pcap) as it goes.
		done := make(chan struct{})
		go func() { client.Close(); close(done) }()
		for ev := range client.Events() {
			if pe, ok := ev.(smppclient.PDUEvent); ok {
				s.pcap.write(pe)
			}
		}
		<-done
	}()

	st := s.settings
	tlsNote := ""
	if st.TLS != nil {
		tlsNote = " over TLS"
	}
	out.info("connecting to %s%s as %s, system_id %q", st.Addr, tlsNote, st.Bind, st.SystemID)
	client.Start()
	if code, why := s.waitBound(); code != exitOK {
		return out.failure(code, why)
	}

	sub, err := client.Submit(context.Background(), m)
	if sub == nil {
		return out.usageError(err)
	}
	s.sub = sub
	if err != nil {
		out.info("%v", err)
	}
	return s.collect()
}

// waitBound waits for every link to bind, or for the first to fail.
func (s *sender) waitBound() (int, string) {
	st := s.settings
	limit := st.ConnectTimeout + st.HandshakeTimeout + st.BindTimeout + 2*time.Second
	if st.HandshakeTimeout == 0 {
		limit += st.ConnectTimeout
	}
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	links := 1
	if st.Bind == smppclient.TxRx {
		links = 2
	}
	bound := map[string]bool{}
	for len(bound) < links {
		ev, ok := s.next(deadline.C)
		if !ok && s.ended != "" {
			return exitConnect, s.ended + " before the bind completed"
		}
		if !ok {
			return exitConnect, fmt.Sprintf("not bound within %s", limit)
		}
		switch e := ev.(type) {
		case smppclient.StateEvent:
			switch e.State {
			case smppclient.Bound:
				bound[e.Link] = true
				s.out.info("bound (%s): %s", e.Link, e.Reason)
			case smppclient.Disconnected, smppclient.Closed:
				why := e.Reason
				if e.HasStatus {
					why = fmt.Sprintf("bind refused: %s", e.Reason)
				}
				return exitConnect, why
			}
		case smppclient.ErrorEvent:
			// The state that follows says it in full.
		}
	}
	return exitOK, ""
}

// partState is what is known of one part.
type partState struct {
	outcome *smppclient.SubmitEvent
	receipt *smppclient.ReceiptEvent // the final one, or the latest
}

// collect prints outcomes and receipts and decides the exit status.
func (s *sender) collect() int {
	out, sub := s.out, s.sub
	n := len(sub.Parts)
	parts := make([]partState, n)
	outcomes := 0
	sent := n - sub.Unsent()
	var lateNotes []string
	// Outcomes come within the response timeout of the last part sent.
	limit := s.settings.ResponseTimeout + 5*time.Second
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	var dlrDeadline <-chan time.Time
	finals := func() int {
		k := 0
		for _, ps := range parts {
			if ps.receipt != nil && ps.receipt.Receipt.HasState && ps.receipt.Receipt.State.Final() {
				k++
			}
		}
		return k
	}
	accepted := func() int {
		k := 0
		for _, ps := range parts {
			if ps.outcome != nil && ps.outcome.Outcome == smppclient.Accepted {
				k++
			}
		}
		return k
	}
	for {
		if outcomes == sent {
			if s.waitDLR == 0 || finals() >= accepted() {
				break
			}
			if dlrDeadline == nil {
				t := time.NewTimer(s.waitDLR)
				defer t.Stop()
				dlrDeadline = t.C
			}
		}
		var ev smppclient.Event
		var ok bool
		if outcomes < sent {
			ev, ok = s.next(deadline.C)
		} else {
			ev, ok = s.next(dlrDeadline)
		}
		if !ok {
			break
		}
		switch e := ev.(type) {
		case smppclient.SubmitEvent:
			if e.Msg != sub.Msg {
				continue
			}
			parts[e.Part-1].outcome = &e
			outcomes++
			out.outcome(e)
		case smppclient.ReceiptEvent:
			if !e.Matched || e.Msg != sub.Msg || e.Part < 1 || e.Part > n {
				continue
			}
			if cur := parts[e.Part-1].receipt; cur == nil || !(cur.Receipt.HasState && cur.Receipt.State.Final()) {
				parts[e.Part-1].receipt = &e
			}
			out.receipt(e, n)
		case smppclient.LateEvent:
			if e.Msg == sub.Msg {
				lateNotes = append(lateNotes, fmt.Sprintf("part %d: late submit_sm_resp %s after %s", e.Part, wire.StatusString(e.Status), fmtLatency(e.After)))
			}
		case smppclient.StateEvent:
			if e.State == smppclient.Disconnected || e.State == smppclient.BackingOff || e.State == smppclient.Closed {
				// One attempt only: nothing more will come. Parts still outstanding have
				// had their ConnectionLost outcomes already.
				out.info("connection: %s", e.Reason)
				s.ended = e.Reason
			}
		}
		if s.ended != "" {
			break
		}
	}
	for _, l := range lateNotes {
		out.info("%s", l)
	}
	return s.verdict(parts, sent)
}

// verdict turns the parts' fate into the exit status and the summary line.
func (s *sender) verdict(parts []partState, sent int) int {
	var acc, rej, tout, lost, none int
	var firstReject string
	for _, ps := range parts[:sent] {
		if ps.outcome == nil {
			none++
			continue
		}
		switch ps.outcome.Outcome {
		case smppclient.Accepted:
			acc++
		case smppclient.Rejected:
			rej++
			if firstReject == "" {
				firstReject = wire.StatusString(ps.outcome.Status)
			}
		case smppclient.TimedOut:
			tout++
		case smppclient.ConnectionLost:
			lost++
		}
	}
	n := len(parts)
	unsent := n - sent
	summary := fmt.Sprintf("%d of %d part(s) accepted", acc, n)
	switch {
	case rej > 0:
		return s.out.result(exitFailed, fmt.Sprintf("%s, %d rejected (%s)", summary, rej, firstReject))
	case tout > 0 || none > 0:
		return s.out.result(exitTimeout, fmt.Sprintf("%s, %d without a submit_sm_resp within %s", summary, tout+none, s.settings.ResponseTimeout))
	case lost > 0 || unsent > 0:
		why := s.sub.Err()
		msg := fmt.Sprintf("%s, %d lost with the connection", summary, lost+unsent)
		if why != nil {
			msg += ": " + why.Error()
		}
		return s.out.result(exitConnect, msg)
	}
	if s.waitDLR == 0 {
		return s.out.result(exitOK, summary)
	}
	var delivered, failed, missing int
	var firstFail string
	for _, ps := range parts {
		r := ps.receipt
		switch {
		case r == nil || !r.Receipt.HasState || !r.Receipt.State.Final():
			missing++
		case r.Receipt.State == receipt.StateDelivered:
			delivered++
		default:
			failed++
			if firstFail == "" {
				firstFail = fmt.Sprintf("part %d %s err %s", r.Part, stat(r.Receipt), r.Receipt.Err)
			}
		}
	}
	summary += fmt.Sprintf(", %d delivered", delivered)
	switch {
	case failed > 0:
		return s.out.result(exitFailed, fmt.Sprintf("%s, %d not delivered (%s)", summary, failed, firstFail))
	case missing > 0 && s.ended != "":
		return s.out.result(exitTimeout, fmt.Sprintf("%s, %d receipt(s) missing: the connection ended (%s)", summary, missing, s.ended))
	case missing > 0:
		return s.out.result(exitTimeout, fmt.Sprintf("%s, %d receipt(s) missing after %s", summary, missing, s.waitDLR))
	}
	return s.out.result(exitOK, summary)
}

// pcapSink writes the session's PDUs, the bind password redacted, to a pcap file.
type pcapSink struct {
	f   *os.File
	w   *capture.Writer
	err error
}

func newPcapSink(path, addr string) (*pcapSink, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	smsc := capture.DefaultSMSC
	if host, port, err := net.SplitHostPort(addr); err == nil {
		if ip := net.ParseIP(host); ip != nil && ip.To4() != nil {
			if n, err := strconv.Atoi(port); err == nil {
				smsc = capture.Endpoint{IP: ip.To4(), Port: uint16(n)}
			}
		}
	}
	w, err := capture.NewWriter(f, capture.DefaultESME, smsc)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &pcapSink{f: f, w: w}, nil
}

func (p *pcapSink) write(e smppclient.PDUEvent) {
	if p == nil || p.err != nil {
		return
	}
	d := capture.ToSMSC
	if e.Dir == smppclient.In {
		d = capture.ToESME
	}
	raw := dissect.Dissect(e.Raw, dissect.Options{}).Raw // the bind password overwritten
	if raw == nil {
		raw = e.Raw
	}
	p.err = p.w.WritePDU(e.At, d, raw)
}

func (p *pcapSink) close(stderr io.Writer) {
	err := p.err
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "send: --pcap: %v\n", err)
	}
}
