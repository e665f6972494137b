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

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

const opUsage = `Usage: smppconsole %[1]s --id ID [--from ADDR] %[2]s[connection flags]

%[3]s

Connects (from --profile, or --host and the other connection flags, as send does),
binds, sends one %[1]s_sm, prints its response and unbinds. --from is the source
address the message was submitted with: most SMSCs need it to find the message.
--dry-run prints the PDU without connecting.

Exit status: 0 ESME_ROK, 1 an error status (or generic_nack), 2 usage or config
error, 3 connect or bind failure or the connection lost, 4 no response in time.

Flags:
`

// opFlags are the flags of query, cancel and replace: the message they name, and the
// connection flags of send.
type opFlags struct {
	id          string
	from        message.Address
	to          message.Address
	serviceType string
	text        string
	coding      coding.Scheme
	validity    string
	schedule    string
	regDel      string
	dry         bool
	json        bool
	conn        connFlags
	err         error
}

// opCommand is what differs between query, cancel and replace.
type opCommand struct {
	name  string // "query", "cancel", "replace"
	args  string // the usage line's own flags
	about string
	flags func(fs *flag.FlagSet, f *opFlags)
	build func(f *opFlags, set map[string]bool) (wire.PDUBody, error)
}

var queryCommand = opCommand{
	name:  "query",
	about: "Asks the SMSC for the state of a submitted message (query_sm, SMPP 3.4 §4.8): prints\nmessage_state by name, final_date and error_code.",
	flags: func(*flag.FlagSet, *opFlags) {},
	build: func(f *opFlags, _ map[string]bool) (wire.PDUBody, error) {
		return message.Query{MessageID: f.id, Source: f.from}.Build()
	},
}

var cancelCommand = opCommand{
	name:  "cancel",
	args:  "[--to ADDR] [--service-type T] ",
	about: "Cancels a submitted message that is not delivered yet (cancel_sm, SMPP 3.4 §4.9).",
	flags: func(fs *flag.FlagSet, f *opFlags) {
		textVar(fs, &f.to, "to", "destination_addr of the message; with --id \"\" every pending message from --from (to --to) is cancelled", &f.err)
		fs.StringVar(&f.serviceType, "service-type", "", "service_type of the message(s) to cancel")
	},
	build: func(f *opFlags, _ map[string]bool) (wire.PDUBody, error) {
		return message.Cancel{ServiceType: f.serviceType, MessageID: f.id, Source: f.from, Dest: f.to}.Build()
	},
}

var replaceCommand = opCommand{
	name:  "replace",
	args:  "--text T [--validity V] [--schedule S] [--registered-delivery N] ",
	about: "Replaces the text (and validity, schedule, registered_delivery) of a submitted message\nnot delivered yet (replace_sm, SMPP 3.4 §4.10). replace_sm has no data_coding: the\nSMSC keeps the original's, so give the --coding the message was sent with.",
	flags: func(fs *flag.FlagSet, f *opFlags) {
		fs.StringVar(&f.text, "text", "", "the new short_message text (required; at most 254 octets once encoded)")
		f.coding = coding.Auto
		textVar(fs, &f.coding, "coding", "how to encode --text: the original message's coding (auto, gsm7, gsm7-packed, ucs2, latin1, binary)", &f.err)
		fs.StringVar(&f.validity, "validity", "", "new validity_period: SMPP time, a period (+90m, 2h, 1d12h) or an RFC 3339 time")
		fs.StringVar(&f.schedule, "schedule", "", "new schedule_delivery_time: SMPP time, a period or an RFC 3339 time")
		fs.StringVar(&f.regDel, "registered-delivery", "", "new registered_delivery, e.g. 1 or 0x11 (default 0)")
	},
	build: func(f *opFlags, set map[string]bool) (wire.PDUBody, error) {
		if !set["text"] {
			return nil, errors.New("--text is required: the new text of the message")
		}
		r := message.Replace{MessageID: f.id, Source: f.from, Text: f.text, Coding: f.coding}
		var err error
		if r.ValidityPeriod, err = message.ParseTime("validity_period", f.validity); err != nil {
			return nil, fmt.Errorf("--validity: %w", err)
		}
		if r.ScheduleDeliveryTime, err = message.ParseTime("schedule_delivery_time", f.schedule); err != nil {
			return nil, fmt.Errorf("--schedule: %w", err)
		}
		if f.regDel != "" {
			if r.RegisteredDelivery, err = parseOctet("--registered-delivery", f.regDel); err != nil {
				return nil, err
			}
		}
		return r.Build()
	},
}

func runQuery(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runOp(queryCommand, args, stdin, stdout, stderr)
}

func runCancel(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runOp(cancelCommand, args, stdin, stdout, stderr)
}

func runReplace(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runOp(replaceCommand, args, stdin, stdout, stderr)
}

// runOp is `smppconsole query|cancel|replace`.
func runOp(cmd opCommand, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f opFlags
	fs.StringVar(&f.id, "id", "", "message_id the SMSC gave in submit_sm_resp (required)")
	textVar(fs, &f.from, "from", "source_addr the message was submitted with: ADDR or ADDR,TON,NPI", &f.err)
	cmd.flags(fs, &f)
	fs.BoolVar(&f.dry, "dry-run", false, "build and print the PDU, do not connect")
	fs.BoolVar(&f.json, "json", false, "print the response as a JSON object, then a result object")
	f.conn.register(fs)
	f.conn.registerTimeouts(fs)
	usage := fmt.Sprintf(opUsage, cmd.name, cmd.args, cmd.about)
	if code, ok := parseArgs(fs, usage, args, stderr); !ok {
		return code
	}
	out := newSendOutput(f.json, stdout, stderr)
	fail := func(err error) int { return opFailure(out, cmd.name, exitUsage, err.Error()) }
	if fs.NArg() > 0 {
		return fail(fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	set := visited(fs)
	if f.err != nil {
		return fail(f.err)
	}
	// cancel_sm with an empty message_id cancels every message from --from (3.4 §4.9.1):
	// only when --id "" is given on purpose.
	if f.id == "" && (cmd.name != "cancel" || !set["id"]) {
		return fail(errors.New("--id is required: the message_id from the message's submit_sm_resp"))
	}
	if set["password"] {
		warnPasswordFlag(stderr, bindPasswordElsewhere)
	}
	if f.conn.over.ResponseTimeout <= 0 || f.conn.over.EnquireLinkTimeout <= 0 {
		return fail(errors.New("--resp-timeout and --enquire-timeout must be positive durations"))
	}
	body, err := cmd.build(&f, set)
	if err != nil {
		return fail(err)
	}
	raw := wire.AppendPDU(nil, body, 0, 1)
	if f.dry {
		fmt.Fprint(stdout, dissect.Format(dissect.Dissect(raw, dissect.Options{})))
		return exitOK
	}
	if err := body.Validate(); err != nil {
		return fail(fmt.Errorf("%s_sm breaks the spec: %v", cmd.name, err))
	}
	res, err := f.conn.resolve(config.ForSMSC, set, os.Getenv)
	if err != nil {
		return fail(err)
	}
	for _, w := range res.Warnings {
		out.warn("%s", w)
	}
	p := res.Profile
	settings, err := submitterSettings(cmd.name, &p, stdin, stderr)
	if err != nil {
		return fail(err)
	}
	settings.EventBuffer = sendEventBuffer
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s := &sender{out: out, p: p, settings: settings, interrupted: ctx.Done()}
	show := printOpResp
	if f.json {
		show = func(w io.Writer, r *smppclient.Response) { _ = out.enc.Encode(opObject(r)) }
	}
	return s.do(ctx, cmd.name, func(ctx context.Context) (*smppclient.Response, error) {
		return s.client.Do(ctx, body)
	}, show)
}

// do binds, runs one request and prints its response with show; it returns the exit status.
func (s *sender) do(ctx context.Context, name string, req func(context.Context) (*smppclient.Response, error), show func(io.Writer, *smppclient.Response)) int {
	out := s.out
	client, err := smppclient.New(s.settings)
	if err != nil {
		return out.usageError(err)
	}
	s.client = client
	defer closeDraining(client, nil)
	out.info("connecting to %s as %s, system_id %q", s.settings.Addr, s.settings.Bind, s.settings.SystemID)
	client.Start()
	if code, why := s.waitBound(); code != exitOK {
		return opFailure(out, name, code, why)
	}
	// The events go on coming while we wait; nothing here reads them but Close's drain,
	// and the buffer is large.
	resp, err := req(ctx)
	switch {
	case errors.Is(err, context.Canceled):
		return opFailure(out, name, exitConnect, "interrupted before the response came: unbinding")
	case errors.Is(err, smppclient.ErrResponseTimeout):
		return opFailure(out, name, exitTimeout, err.Error())
	case err != nil:
		return opFailure(out, name, exitConnect, err.Error())
	}
	show(out.stdout, resp)
	what := fmt.Sprintf("%s %s", wire.CommandName(resp.Header.ID), wire.StatusString(resp.Header.Status))
	if len(resp.Raw) == 0 {
		what = "sent; no response awaited"
	}
	if resp.Header.Status != wire.StatusOK || resp.Header.ID == wire.GenericNack {
		if out.json {
			return out.result(exitFailed, what)
		}
		fmt.Fprintf(out.stdout, "failed: %s\n", what)
		return exitFailed
	}
	if out.json {
		return out.result(exitOK, what)
	}
	return exitOK
}

// opFailure says why there is no response: on stderr, or with --json as the result
// object on stdout.
func opFailure(out *sendOutput, name string, code int, why string) int {
	if out.json {
		return out.result(code, why)
	}
	fmt.Fprintf(out.stderr, "%s: %s\n", name, why)
	return code
}

// jsonOpResp is an operation's response for --json.
type jsonOpResp struct {
	Event            string  `json:"event"`
	SequenceNumber   uint32  `json:"sequence_number"`
	CommandStatus    uint32  `json:"command_status"`
	StatusName       string  `json:"status_name"`
	LatencyMS        float64 `json:"latency_ms"`
	MessageID        *string `json:"message_id,omitempty"`
	MessageState     *byte   `json:"message_state,omitempty"`
	MessageStateName string  `json:"message_state_name,omitempty"`
	FinalDate        *string `json:"final_date,omitempty"`
	FinalDateMeaning string  `json:"final_date_meaning,omitempty"`
	ErrorCode        *byte   `json:"error_code,omitempty"`
}

func opObject(r *smppclient.Response) jsonOpResp {
	j := jsonOpResp{Event: wire.CommandName(r.Header.ID), SequenceNumber: r.Seq, CommandStatus: r.Header.Status,
		StatusName: wire.StatusName(r.Header.Status), LatencyMS: ms(r.Latency)}
	if q, ok := r.Body.(*wire.QuerySMRespBody); ok && !q.NoBody && r.Header.Status == wire.StatusOK {
		id, fd := string(q.MessageID), string(q.FinalDate)
		j.MessageID, j.MessageState, j.FinalDate, j.ErrorCode = &id, &q.MessageState, &fd, &q.ErrorCode
		j.MessageStateName = receipt.State(q.MessageState).String()
		if fd != "" {
			j.FinalDateMeaning = dissect.DescribeTime(fd)
		}
	}
	return j
}

// printOpResp prints a query_sm_resp, cancel_sm_resp or replace_sm_resp.
func printOpResp(w io.Writer, r *smppclient.Response) {
	fmt.Fprintf(w, "%s  seq %d  %s  (%s)\n", wire.CommandName(r.Header.ID), r.Seq, wire.StatusString(r.Header.Status), fmtLatency(r.Latency))
	q, ok := r.Body.(*wire.QuerySMRespBody)
	if !ok || q.NoBody || r.Header.Status != wire.StatusOK {
		return // an error's body says nothing of the message (SMSCs fill it with UNKNOWN)
	}
	fmt.Fprintf(w, "message_id     %s\n", q.MessageID)
	fmt.Fprintf(w, "message_state  %s (%d)\n", receipt.State(q.MessageState), q.MessageState)
	if len(q.FinalDate) == 0 {
		fmt.Fprintln(w, "final_date     (none: not final yet)")
	} else {
		fmt.Fprintf(w, "final_date     %s (%s)\n", q.FinalDate, dissect.DescribeTime(string(q.FinalDate)))
	}
	fmt.Fprintf(w, "error_code     %d\n", q.ErrorCode)
}
