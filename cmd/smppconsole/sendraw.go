package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// rawFlags are send's --raw, --keep-seq and --invalid-ok.
type rawFlags struct {
	hex       string
	keepSeq   bool
	invalidOK bool
}

// maxRawHex bounds --raw -: more hex than the largest PDU the session accepts.
const maxRawHex = 4 * wire.DefaultMaxLength

// rawProblems is every way raw breaks the spec, in words: what the dissector says (the
// framing and the fields it could not read), then what the codec's Validate says of the
// fields it read. keepSeq: the sequence_number goes as it is, so it is checked too.
func rawProblems(raw []byte, keepSeq bool) []string {
	var probs []string
	d := dissect.Dissect(raw, dissect.Options{ShowSecrets: true})
	if d.Err != "" {
		probs = append(probs, d.Err)
	}
	h, ok := wire.ParseHeader(raw)
	if !ok {
		return probs
	}
	if !wire.KnownCommand(h.ID) && d.Err == "" {
		probs = append(probs, fmt.Sprintf("command_id 0x%08X is not one SMPP defines", h.ID))
	}
	if !wire.IsResponse(h.ID) && h.Status != 0 {
		probs = append(probs, fmt.Sprintf("command_status 0x%08X in a request: it must be 0 (SMPP 3.4 §3.2)", h.Status))
	}
	if keepSeq && (h.Seq == 0 || h.Seq > 0x7FFFFFFF) {
		probs = append(probs, fmt.Sprintf("sequence_number %d is outside 1-0x7FFFFFFF (SMPP 3.4 §3.2)", h.Seq))
	}
	if d.Err == "" && int(h.Length) == len(raw) {
		if b, err := wire.DecodeBody(h, raw[wire.HeaderLen:]); err == nil && b != nil {
			if verr := b.Validate(); verr != nil {
				probs = append(probs, verr.Error())
			}
		}
	}
	return probs
}

// readRawHex is --raw: the hex of a whole PDU, or "-" for it on standard input.
func readRawHex(s string, stdin io.Reader) ([]byte, error) {
	if s == "-" {
		b, err := io.ReadAll(io.LimitReader(stdin, maxRawHex+1))
		if err != nil {
			return nil, fmt.Errorf("--raw -: reading standard input: %w", err)
		}
		if len(b) > maxRawHex {
			return nil, fmt.Errorf("--raw -: more than %d characters on standard input", maxRawHex)
		}
		s = string(b)
	}
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("--raw is empty: give the hex of a whole PDU, header included")
	}
	raw, err := dissect.ParseHex(s)
	if err != nil {
		return nil, fmt.Errorf("--raw: %w", err)
	}
	if len(raw) > wire.DefaultMaxLength {
		return nil, fmt.Errorf("--raw: %d octets, more than the %d a session sends", len(raw), wire.DefaultMaxLength)
	}
	return raw, nil
}

// runSendRaw is `send --raw`: decode and check the PDU, refuse it if it breaks the
// rules (unless --invalid-ok), then send it as it is and print the response decoded.
func runSendRaw(rf rawFlags, cf *connFlags, mf *messageFlags, dry bool, stdin io.Reader, stdout, stderr io.Writer) int {
	fail := func(err error) int {
		fmt.Fprintf(stderr, "send: %v\n", err)
		return exitUsage
	}
	for _, fl := range []string{"to", "text", "op", "wait-dlr", "dlr", "pcap", "json"} {
		if mf.set[fl] {
			return fail(fmt.Errorf("--raw sends the PDU as given: leave out --%s", fl))
		}
	}
	raw, err := readRawHex(rf.hex, stdin)
	if err != nil {
		return fail(err)
	}
	probs := rawProblems(raw, rf.keepSeq)
	if dry {
		fmt.Fprint(stdout, dissect.Format(dissect.Dissect(raw, dissect.Options{})))
		for _, p := range probs {
			fmt.Fprintf(stdout, "breaks the rules: %s\n", p)
		}
		if len(probs) > 0 {
			return exitFailed
		}
		return exitOK
	}
	if len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintf(stderr, "send: the PDU breaks the rules: %s\n", p)
		}
		if !rf.invalidOK {
			fmt.Fprintln(stderr, "send: not sent; give --invalid-ok to send it anyway (marked deliberately invalid)")
			return exitUsage
		}
		fmt.Fprintln(stderr, "send: sending it anyway (--invalid-ok), marked deliberately invalid")
	}
	res, err := cf.resolve(config.ForSMSC, mf.set, os.Getenv)
	if err != nil {
		return fail(err)
	}
	out := newSendOutput(false, stdout, stderr)
	for _, w := range res.Warnings {
		out.warn("%s", w)
	}
	p := res.Profile
	settings, err := submitterSettings("send --raw", &p, stdin, stderr)
	if err != nil {
		return fail(err)
	}
	settings.EventBuffer = sendEventBuffer
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s := &sender{out: out, p: p, settings: settings, interrupted: ctx.Done()}
	opt := smppclient.RawOptions{KeepSeq: rf.keepSeq, Invalid: len(probs) > 0}
	h, _ := wire.ParseHeader(raw)
	return s.do(ctx, "send", func(ctx context.Context) (*smppclient.Response, error) {
		return s.client.SendRaw(ctx, raw, opt)
	}, func(w io.Writer, r *smppclient.Response) {
		printRawResp(w, h, len(raw) >= wire.HeaderLen, opt.KeepSeq, r)
	})
}

// printRawResp says what went (the sequence_number it went with) and prints the
// response as `decode` does.
func printRawResp(w io.Writer, sent wire.Header, hasHeader, keepSeq bool, r *smppclient.Response) {
	switch {
	case !hasHeader:
		fmt.Fprintln(w, "sent: fewer octets than a header")
	case r.Seq != sent.Seq && !keepSeq:
		fmt.Fprintf(w, "sent %s  seq %d (renumbered from %d)\n", wire.CommandName(sent.ID), r.Seq, sent.Seq)
	default:
		fmt.Fprintf(w, "sent %s  seq %d\n", wire.CommandName(sent.ID), r.Seq)
	}
	if len(r.Raw) == 0 {
		fmt.Fprintln(w, "no response expected (a response PDU is not answered)")
		return
	}
	fmt.Fprintf(w, "response after %s:\n", fmtLatency(r.Latency))
	d := dissect.Dissect(r.Raw, dissect.Options{})
	fmt.Fprint(w, dissect.Format(d))
	if note := dissect.CodecNote(r.Raw, d); note != "" {
		fmt.Fprintf(w, "note: %s\n", note)
	}
}
