package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/filter"
	"github.com/smppconsole/smppconsole/stats"
	"github.com/smppconsole/smppconsole/wire"
)

// maxStatsInput bounds a file stats reads whole (hex, or a pcap read by pcapSource).
const maxStatsInput = 1 << 30

// pduSource is where stats takes its PDUs from: a file of hex, a pcap or pcapng file, or
// (later) any other reader of records. Each calls fn for every PDU in order and returns
// why it stopped early, if it did; the PDUs before that were given to fn.
type pduSource interface {
	Each(fn func(stats.Record)) error
}

// runStats: a file in, SMPP operation statistics out. Exit 0 when the whole input was
// read, 1 when it was damaged part way (the statistics cover what was read), 2 when it
// is unusable.
func runStats(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "one JSON object with stable keys")
	timeout := fs.Duration("timeout", stats.DefaultTimeout, "a request unanswered this long counts as never answered")
	maxLen := fs.Int("max-length", wire.DefaultMaxLength, "largest command_length accepted")
	filterExpr := fs.String("filter", "", filterHelp+": the statistics count those alone")
	if code, ok := parseArgs(fs, "usage: smppconsole stats [--json] [--timeout D] [--filter EXPR] FILE   (FILE: pcap, pcapng or hex, - for standard input)\n", args, stderr); !ok {
		return code
	}
	var flt *filter.Filter
	if *filterExpr != "" {
		var ok bool
		if flt, ok = compileFilter("stats", *filterExpr, stderr); !ok {
			return exitUsage
		}
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "stats: name one FILE (pcap, pcapng, or hex as decode reads it; - for standard input)")
		return 2
	}
	name := fs.Arg(0)
	data, err := readInput(name, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "stats: %v\n", err)
		return 2
	}
	src, err := sourceOf(data, *maxLen)
	if err != nil {
		fmt.Fprintf(stderr, "stats: %s: %v\n", name, err)
		return 2
	}
	if flt != nil {
		src = filteredSource{src: src, flt: flt}
	}
	c := stats.New(stats.Settings{Timeout: *timeout})
	n := 0
	serr := src.Each(func(r stats.Record) { n++; c.Add(r) })
	c.Finish() // the end of a file: whatever is still outstanding was never answered
	if serr != nil && n == 0 {
		fmt.Fprintf(stderr, "stats: %s: %v\n", name, serr)
		return 2
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		_ = enc.Encode(c.Result())
	} else {
		fmt.Fprint(stdout, stats.Format(c.Result()))
	}
	if serr != nil {
		fmt.Fprintf(stderr, "stats: %s: stopped after %d PDU(s): %v\n", name, n, serr)
		return 1
	}
	return 0
}

// filteredSource hands on only the records a display filter selects. A record's latency
// is known once its response has come, so the whole input is read and linked first
// (each conversation on its own, "out" from the ESME, "in" from the SMSC), then filtered.
type filteredSource struct {
	src pduSource
	flt *filter.Filter
}

func (f filteredSource) Each(fn func(stats.Record)) error {
	var recs []stats.Record
	err := f.src.Each(func(r stats.Record) { recs = append(recs, r) })
	streams := map[string]*filterStream{}
	packets := make([]*filter.Packet, len(recs))
	for i, r := range recs {
		dir := ""
		switch r.Side {
		case stats.SideESME:
			dir = "out"
		case stats.SideSMSC:
			dir = "in"
		}
		packets[i] = &filter.Packet{Raw: r.Raw, Dir: dir, At: r.At}
		s := streams[r.Conv]
		if s == nil {
			s = &filterStream{}
			streams[r.Conv] = s
		}
		s.add(packets[i])
	}
	for _, s := range streams {
		s.link()
	}
	for i, r := range recs {
		if f.flt.Match(packets[i]) {
			fn(r)
		}
	}
	return err
}

func readInput(name string, stdin io.Reader) ([]byte, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxStatsInput+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %v", name, err)
	}
	if len(b) > maxStatsInput {
		return nil, fmt.Errorf("%s is larger than %d MiB", name, maxStatsInput>>20)
	}
	return b, nil
}

// sourceOf tells the input apart by its magic number: pcap, pcapng, else hex. A binary
// file that is neither is refused without echoing it.
func sourceOf(data []byte, maxLen int) (pduSource, error) {
	if isPcap(data) {
		return pcapSource{data: data, maxLen: maxLen}, nil
	}
	if bytes.IndexByte(data, 0) >= 0 || !isText(data) {
		return nil, errors.New("neither a pcap, a pcapng nor hex text")
	}
	raw, err := dissect.ParseHex(string(data))
	if err != nil {
		return nil, err
	}
	return hexSource{raw: raw, maxLen: maxLen}, nil
}

func isText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// hexSource is PDUs as decode reads them: hex, one PDU after another. Hex has no time
// stamps, so response times are not measured, and no direction: each PDU's sender is
// guessed from its command as for decode --pcap (deliver_sm from the SMSC, enquire_link
// from the ESME, a response from whoever did not send the request), and a generic_nack
// may answer either end.
type hexSource struct {
	raw    []byte
	maxLen int
}

func (h hexSource) Each(fn func(stats.Record)) error {
	pdus, err := wire.Split(h.raw, h.maxLen)
	for _, p := range pdus {
		fn(stats.Record{Conv: "hex", Side: guessSide(p), Raw: p})
	}
	return err
}

func guessSide(pdu []byte) stats.Side {
	h, ok := wire.ParseHeader(pdu)
	switch {
	case !ok || h.ID == wire.GenericNack:
		return stats.SideUnknown
	case capture.Guess(h.ID) == capture.ToSMSC:
		return stats.SideESME
	}
	return stats.SideSMSC
}
