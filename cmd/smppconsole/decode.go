package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/filter"
	"github.com/smppconsole/smppconsole/wire"
)

// maxDecodeInput bounds what decode reads from standard input.
const maxDecodeInput = 16 << 20

// runDecode: hex in, decoded PDUs out. Exit 0 when every PDU decoded, 1 when any did
// not, 2 when the input is unusable.
func runDecode(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("decode", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "one JSON object per PDU per line")
	showSecrets := fs.Bool("show-secrets", false, "show bind passwords instead of redacting them")
	maxLen := fs.Int("max-length", wire.DefaultMaxLength, "largest command_length accepted")
	pcapPath := fs.String("pcap", "", "also write the PDUs to this pcap file (for Wireshark)")
	port := fs.Uint("port", 0, "capture input: the SMSC's TCP port (default: find SMPP by its header)")
	filterExpr := fs.String("filter", "", filterHelp+"; exit 1 when none does")
	if code, ok := parseArgs(fs, "usage: smppconsole decode [--json] [--show-secrets] [--port N] [--filter EXPR] [HEX... | FILE]   (no HEX: read standard input; FILE: pcap, pcapng or hex)\n", args, stderr); !ok {
		return code
	}
	var flt *filter.Filter
	if *filterExpr != "" {
		var ok bool
		if flt, ok = compileFilter("decode", *filterExpr, stderr); !ok {
			return exitUsage
		}
	}
	if *port > 65535 {
		fmt.Fprintf(stderr, "decode: --port %d is not a TCP port\n", *port)
		return exitUsage
	}
	var input string
	var in decodeInput
	var err error
	if fs.NArg() == 1 && isFile(fs.Arg(0)) {
		f, oerr := os.Open(fs.Arg(0))
		if oerr != nil {
			fmt.Fprintf(stderr, "decode: %v\n", oerr)
			return exitUsage
		}
		defer f.Close()
		in, err = sniffInput(fs.Arg(0), f)
	} else if fs.NArg() > 0 {
		input = strings.Join(fs.Args(), "\n")
	} else {
		in, err = sniffInput("standard input", stdin)
	}
	if err != nil {
		fmt.Fprintf(stderr, "decode: %v\n", err)
		return exitUsage
	}
	if in.name != "" {
		// Told apart by the magic number, whatever the file is called.
		if in.capture {
			if *pcapPath != "" {
				fmt.Fprintln(stderr, "decode: --pcap writes hex input to a capture; this input is a capture already")
				return exitUsage
			}
			return decodeCapture(in, uint16(*port), *asJSON, *showSecrets, flt, stdout, stderr)
		}
		if looksBinary(in.data) {
			fmt.Fprintf(stderr, "decode: %s is binary but not a pcap or pcapng capture (unknown magic number); decode reads captures and hex text\n", in.name)
			return exitUsage
		}
		input = string(in.data)
	}
	raw, err := dissect.ParseHex(input)
	if err != nil {
		fmt.Fprintf(stderr, "decode: %v\n", err)
		return 2
	}
	pdus, ferr := wire.Split(raw, *maxLen)
	status := 0
	if *pcapPath != "" {
		if err := writePcap(*pcapPath, pdus, *showSecrets); err != nil {
			fmt.Fprintf(stderr, "decode: --pcap: %v\n", err)
			return 2
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	keep := hexMatches(pdus, flt)
	shown := 0
	for i, b := range pdus {
		if !keep[i] {
			continue
		}
		shown++
		if *asJSON {
			o, ok := dissect.JSONObject(b, dissect.Options{ShowSecrets: *showSecrets})
			if !ok {
				status = 1
			}
			_ = enc.Encode(o)
			continue
		}
		p := dissect.Dissect(b, dissect.Options{ShowSecrets: *showSecrets})
		if p.Err != "" {
			status = 1
		}
		if shown > 1 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprint(stdout, dissect.Format(p))
		if note := dissect.CodecNote(b, p); note != "" {
			fmt.Fprintf(stdout, "note: %s\n", note)
		}
	}
	if flt != nil && shown == 0 && len(pdus) > 0 {
		if len(pdus) == 1 {
			fmt.Fprintf(stderr, "decode: the PDU does not match the filter %s\n", flt)
		} else {
			fmt.Fprintf(stderr, "decode: none of the %d PDUs matches the filter %s\n", len(pdus), flt)
		}
		status = 1
	}
	if ferr != nil {
		status = 1
		var fe *wire.FramingError
		seen := raw
		if errors.As(ferr, &fe) {
			seen = fe.Seen
		}
		if *asJSON {
			p := dissect.Dissect(seen, dissect.Options{ShowSecrets: *showSecrets})
			o := dissect.ToObject(p, true)
			o.Error = ferr.Error()
			_ = enc.Encode(o)
		} else {
			if shown > 0 {
				fmt.Fprintln(stdout)
			}
			fmt.Fprintf(stdout, "%v\n%d octet(s) not decoded:\n%s", ferr, len(seen), dissect.HexDump(seen))
		}
	}
	return status
}

// hexMatches says which PDUs of hex input a filter keeps (all without one). Hex has no
// directions: each sender is guessed from its command, as for --pcap.
func hexMatches(pdus [][]byte, flt *filter.Filter) []bool {
	keep := make([]bool, len(pdus))
	if flt == nil {
		for i := range keep {
			keep[i] = true
		}
		return keep
	}
	var s filterStream
	for _, b := range pdus {
		dir := "out"
		if len(b) >= 8 && capture.Guess(binary.BigEndian.Uint32(b[4:])) == capture.ToESME {
			dir = "in"
		}
		s.add(&filter.Packet{Raw: b, Dir: dir})
	}
	s.link()
	for i, p := range s.packets {
		keep[i] = flt.Match(p)
	}
	return keep
}

// isFile: an operand that names an existing file is read as a file, anything else as hex.
func isFile(arg string) bool {
	st, err := os.Stat(arg)
	return err == nil && !st.IsDir()
}

// writePcap saves PDUs to a pcap file, passwords redacted unless showSecrets.
func writePcap(path string, pdus [][]byte, showSecrets bool) error {
	out := make([][]byte, len(pdus))
	for i, p := range pdus {
		out[i] = p
		if !showSecrets {
			out[i] = dissect.Redact(p)
		}
	}
	return capture.File(path, time.Now(), out)
}

// interspersed moves flags that follow positional arguments to the front, so
// `decode HEX --json` works like `decode --json HEX`.
// parseArgs gives fs its usage text and parses args, flags and operands in any order.
// ok is false when the command should end now, with code: 0 after -h, 2 after a bad flag
// (the flag package has said why).
func parseArgs(fs *flag.FlagSet, usage string, args []string, stderr io.Writer) (code int, ok bool) {
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(interspersed(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	return 0, true
}

func interspersed(fs *flag.FlagSet, args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") {
				if f := fs.Lookup(name); f != nil {
					if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !bf.IsBoolFlag() {
						if i+1 < len(args) {
							flags = append(flags, args[i+1])
							i++
						}
					}
				}
			}
			continue
		}
		rest = append(rest, a)
	}
	return append(flags, rest...)
}
