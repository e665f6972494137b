package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/filter"
)

// decodeInput is what decode was given: a capture to read as a stream, or text.
type decodeInput struct {
	name    string // the file, or "standard input"
	capture bool   // pcap or pcapng, by its magic number: read it from r
	r       io.Reader
	data    []byte // anything else, read whole (at most maxDecodeInput)
}

// sniffInput tells a capture from text by its first four octets. A capture is streamed
// (a journal may be a gigabyte); text is read whole, bounded.
func sniffInput(name string, r io.Reader) (decodeInput, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(4)
	if capture.Sniff(head) != capture.NotCapture {
		return decodeInput{name: name, capture: true, r: br}, nil
	}
	b, err := io.ReadAll(io.LimitReader(br, maxDecodeInput+1))
	if err != nil {
		return decodeInput{}, fmt.Errorf("reading %s: %v", name, err)
	}
	if len(b) > maxDecodeInput {
		return decodeInput{}, fmt.Errorf("%s is larger than %d MiB and not a pcap or pcapng capture", name, maxDecodeInput>>20)
	}
	return decodeInput{name: name, data: b}, nil
}

// looksBinary: text that is not UTF-8 or carries control characters other than
// white space is not hex, and must not be quoted back in an error.
func looksBinary(b []byte) bool {
	if !utf8.Valid(b) {
		return true
	}
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' {
			return true
		}
	}
	return bytes.IndexByte(b, 0x7f) >= 0
}

// capturedObject is decode --json's object for a PDU read from a capture: the same
// object as for hex, plus where and when it travelled.
type capturedObject struct {
	dissect.Object
	Conversation string `json:"conversation"`
	Time         string `json:"time"`
}

type capturedPDU struct {
	conv *capture.Conversation
	pdu  capture.PDU
}

// decodeCapture prints every SMPP PDU of a pcap or pcapng capture, in the order of the
// packets that completed them.
func decodeCapture(in decodeInput, port uint16, asJSON, showSecrets bool, flt *filter.Filter, stdout, stderr io.Writer) int {
	c, err := capture.Read(in.r, capture.ReadOptions{Port: port})
	if err != nil {
		fmt.Fprintf(stderr, "decode: %s: %v\n", in.name, err)
		return exitUsage
	}
	var all []capturedPDU
	for _, cv := range c.Conversations {
		for _, p := range cv.PDUs {
			all = append(all, capturedPDU{cv, p})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].pdu.Packet < all[j].pdu.Packet })
	keep := captureMatches(c, all, flt)
	status, shown := 0, 0
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for i, cp := range all {
		if !keep[i] {
			continue
		}
		shown++
		p := dissect.Dissect(cp.pdu.Raw, dissect.Options{ShowSecrets: showSecrets})
		if p.Err != "" {
			status = 1
		}
		conv := conversationOf(cp.conv, cp.pdu.Dir)
		at := cp.pdu.At.UTC().Format(time.RFC3339Nano)
		note := dissect.CodecNote(cp.pdu.Raw, p)
		if asJSON {
			o := dissect.ToObject(p, false)
			if note != "" {
				o.Warnings = append(o.Warnings, note)
			}
			_ = enc.Encode(capturedObject{Object: o, Conversation: conv, Time: at})
			continue
		}
		if shown > 1 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "#%d  %s  %s  (packet %d)\n", i+1, at, conv, cp.pdu.Packet)
		fmt.Fprint(stdout, dissect.Format(p))
		if note != "" {
			fmt.Fprintf(stdout, "note: %s\n", note)
		}
	}
	if len(all) == 0 {
		fmt.Fprintf(stderr, "decode: %s: no SMPP found in %d packet(s) (name the SMSC's port with --port if its streams do not start with an SMPP header)\n", in.name, c.Packets)
		status = 1
	} else if flt != nil && shown == 0 {
		fmt.Fprintf(stderr, "decode: %s: none of the %d PDUs matches the filter %s\n", in.name, len(all), flt)
		status = 1
	}
	for _, cv := range c.Conversations {
		if cv.Lost > 0 {
			fmt.Fprintf(stderr, "decode: %s: %s: %d gap(s) in the stream, resynchronised on the next SMPP header\n", in.name, cv, cv.Lost)
		}
	}
	if c.Stopped != nil {
		fmt.Fprintf(stderr, "decode: %s: %v\n", in.name, c.Stopped)
		status = 1
	}
	return status
}

// captureMatches says which PDUs of a capture (all, in packet order) the filter keeps:
// each connection's PDUs are linked on their own, with the link their bind names, "out"
// from the ESME and "in" from the SMSC.
func captureMatches(c *capture.Capture, all []capturedPDU, flt *filter.Filter) []bool {
	keep := make([]bool, len(all))
	if flt == nil {
		for i := range keep {
			keep[i] = true
		}
		return keep
	}
	streams := map[*capture.Conversation]*filterStream{}
	for _, cv := range c.Conversations {
		streams[cv] = &filterStream{}
	}
	// Linked in time order, as the PDUs travelled.
	byTime := make([]int, len(all))
	for i := range byTime {
		byTime[i] = i
	}
	sort.SliceStable(byTime, func(a, b int) bool { return all[byTime[a]].pdu.At.Before(all[byTime[b]].pdu.At) })
	packets := make([]*filter.Packet, len(all))
	for _, i := range byTime {
		cp := all[i]
		dir := "out"
		if cp.pdu.Dir == capture.ToESME {
			dir = "in"
		}
		packets[i] = &filter.Packet{Raw: cp.pdu.Raw, Dir: dir, At: cp.pdu.At}
		streams[cp.conv].add(packets[i])
	}
	for _, s := range streams {
		s.link()
	}
	for i, p := range packets {
		keep[i] = flt.Match(p)
	}
	return keep
}

// conversationOf names the sender then the receiver of a PDU.
func conversationOf(c *capture.Conversation, d capture.Direction) string {
	if d == capture.ToESME {
		return fmt.Sprintf("%s → %s", c.SMSC, c.ESME)
	}
	return fmt.Sprintf("%s → %s", c.ESME, c.SMSC)
}
