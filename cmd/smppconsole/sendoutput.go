package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

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
	Command        string  `json:"command,omitempty"` // the request: submit_sm, data_sm or submit_multi
	Part           int     `json:"part"`
	Parts          int     `json:"parts"`
	SequenceNumber uint32  `json:"sequence_number"`
	Outcome        string  `json:"outcome"`
	CommandStatus  *uint32 `json:"command_status,omitempty"`
	StatusName     string  `json:"status_name,omitempty"`
	MessageID      string  `json:"message_id"`
	LatencyMS      float64 `json:"latency_ms"`
	// Unsuccess is submit_multi_resp's unsuccess_sme list: every destination refused.
	Unsuccess []jsonUnsuccess `json:"unsuccess_sme,omitempty"`
	// TLVs are the response's TLVs by name (data_sm_resp's delivery_failure_reason, …).
	TLVs []jsonTLV `json:"tlvs,omitempty"`
}

type jsonUnsuccess struct {
	DestinationAddr string `json:"destination_addr"`
	TON             byte   `json:"dest_addr_ton"`
	NPI             byte   `json:"dest_addr_npi"`
	ErrorStatusCode uint32 `json:"error_status_code"`
	StatusName      string `json:"status_name"`
}

type jsonTLV struct {
	Tag     string `json:"tag"`
	Name    string `json:"name"`
	Value   string `json:"value"`
	Meaning string `json:"meaning,omitempty"`
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
		j := jsonSubmitResp{Event: respName(e.Command), Command: wire.CommandName(requestOf(e.Command)), Part: e.Part, Parts: e.Parts, SequenceNumber: e.Seq,
			Outcome: e.Outcome.String(), MessageID: e.MessageID, LatencyMS: ms(e.Latency)}
		if e.Outcome == smppclient.Accepted || e.Outcome == smppclient.Rejected {
			st := e.Status
			j.CommandStatus, j.StatusName = &st, wire.StatusName(st)
		}
		for _, u := range e.Unsuccess {
			j.Unsuccess = append(j.Unsuccess, jsonUnsuccess{DestinationAddr: string(u.Addr.Addr), TON: u.Addr.TON, NPI: u.Addr.NPI,
				ErrorStatusCode: u.Status, StatusName: wire.StatusName(u.Status)})
		}
		for _, t := range respTLVs(e) {
			j.TLVs = append(j.TLVs, jsonTLV{Tag: fmt.Sprintf("0x%04X", t.tag), Name: t.name, Value: t.value, Meaning: t.meaning})
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
	for _, u := range e.Unsuccess {
		fmt.Fprintf(o.stdout, "          unsuccess_sme  %s (ton %d, npi %d)  %s\n", u.Addr.Addr, u.Addr.TON, u.Addr.NPI, wire.StatusString(u.Status))
	}
	for _, t := range respTLVs(e) {
		line := fmt.Sprintf("          %s  %s", t.name, t.value)
		if t.meaning != "" {
			line += "  (" + t.meaning + ")"
		}
		fmt.Fprintln(o.stdout, line)
	}
}

// requestOf is the request a SubmitEvent answers: submit_sm when the session did not say.
func requestOf(cmd uint32) uint32 {
	if cmd == 0 {
		return wire.SubmitSM
	}
	return cmd
}

func respName(cmd uint32) string { return wire.CommandName(requestOf(cmd) | wire.ResponseBit) }

type shownTLV struct {
	tag                  uint16
	name, value, meaning string
}

// respTLVs presents a response's TLVs as the dissector does (name, value, meaning), by
// dissecting a data_sm_resp that carries them.
func respTLVs(e smppclient.SubmitEvent) []shownTLV {
	if len(e.RespTLVs) == 0 {
		return nil
	}
	raw := wire.AppendPDU(nil, &wire.SMRespBody{Command: wire.DataSMResp, MessageID: []byte(e.MessageID), TLVs: e.RespTLVs}, e.Status, e.Seq)
	var out []shownTLV
	for _, f := range dissect.Dissect(raw, dissect.Options{}).Fields {
		if len(f.Children) == 3 && f.Children[0].Name == "tag" {
			tag, _ := f.Children[0].JSON.(uint64)
			out = append(out, shownTLV{tag: uint16(tag), name: f.Name, value: f.Value, meaning: f.Meaning})
		}
	}
	return out
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
