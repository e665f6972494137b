package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/recorded"
	"github.com/smppconsole/smppconsole/ui"
)

// runOpen: `smppconsole open FILE` shows a pcap or pcapng capture in the console,
// read-only. Exit 0 after the operator quits, 1 when the file holds no SMPP, 2 when it
// cannot be read at all.
func runOpen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("open", flag.ContinueOnError)
	fs.SetOutput(stderr)
	port := fs.Uint("port", 0, "the SMSC's TCP port (default: find SMPP by its header)")
	showSecrets := fs.Bool("show-secrets", false, "show bind passwords in the log and detail")
	logSize := fs.Int("log-size", 0, "PDUs kept in the log (default: all of the conversation's)")
	expr := fs.String("filter", "", "a display filter the log starts with, as / applies it (Wireshark's SMPP field names, e.g. 'smpp.command_status != ESME_ROK'; also dir, link, latency, msg, receipt.stat)")
	if code, ok := parseArgs(fs, "usage: smppconsole open [--port N] [--filter EXPR] [--show-secrets] FILE   (pcap or pcapng, read-only)\n", args, stderr); !ok {
		return code
	}
	if fs.NArg() != 1 || *port > 65535 {
		fs.Usage()
		return exitUsage
	}
	if *expr != "" {
		if _, ok := compileFilter("open", *expr, stderr); !ok {
			return exitUsage
		}
	}
	convs, note, err := loadOpen(fs.Arg(0), uint16(*port))
	if err != nil {
		fmt.Fprintf(stderr, "open: %v\n", err)
		if errors.Is(err, errNoSMPP) {
			return 1
		}
		return exitUsage
	}
	size := *logSize
	for _, c := range convs {
		size = max(size, c.PDUs)
	}
	opts := ui.Options{
		Label:       filepath.Base(fs.Arg(0)),
		LogSize:     max(size, ui.DefaultLogSize),
		ShowSecrets: *showSecrets,
		Filter:      *expr,
		NoColor:     ui.NoColorRequested(),
		Output:      stdout,
		Term:        multiplexer(),
	}
	if *logSize > 0 {
		opts.LogSize = *logSize
	}
	if err := ui.RunOpen(context.Background(), opts, convs, note); err != nil {
		fmt.Fprintf(stderr, "smppconsole: %v\n", err)
		return 1
	}
	return 0
}

var errNoSMPP = errors.New("no SMPP conversation")

// loadOpen reads a capture and derives each conversation's events. note says where a
// damaged file stopped, or is "".
func loadOpen(path string, port uint16) (convs []ui.Recorded, note string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	if head, _ := br.Peek(4); capture.Sniff(head) == capture.NotCapture {
		return nil, "", fmt.Errorf("%s is not a pcap or pcapng capture (unknown magic number)", path)
	}
	c, err := capture.Read(br, capture.ReadOptions{Port: port})
	if err != nil {
		return nil, "", fmt.Errorf("%s: %v", path, err)
	}
	if c.Stopped != nil {
		note = fmt.Sprintf("%s: %v; shown as far as it could be read", filepath.Base(path), c.Stopped)
	}
	for _, cv := range c.Conversations {
		convs = append(convs, ui.Recorded{Name: cv.String(), PDUs: len(cv.PDUs), Events: recorded.Events(cv)})
	}
	if len(convs) == 0 {
		err := fmt.Errorf("%s: %w in %d packet(s) (name the SMSC's port with --port if its streams do not start with an SMPP header)", path, errNoSMPP, c.Packets)
		if note != "" {
			err = fmt.Errorf("%w; %s", err, note)
		}
		return nil, note, err
	}
	return convs, note, nil
}
