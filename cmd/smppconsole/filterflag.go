package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/smppconsole/smppconsole/filter"
)

// filterHelp is the --filter flag's help, the same for decode, stats and report.
const filterHelp = "only PDUs that match this display filter (Wireshark's SMPP field names: smpp.command_id == submit_sm_resp && smpp.command_status != ESME_ROK; also dir, link, latency, msg, receipt.stat)"

// compileFilter reads a --filter expression; on an error it says where, under the
// expression, and ok is false.
func compileFilter(cmd, expr string, stderr io.Writer) (f *filter.Filter, ok bool) {
	f, err := filter.Compile(expr)
	if err != nil {
		var se *filter.SyntaxError
		if errors.As(err, &se) {
			fmt.Fprintf(stderr, "%s: --filter: %s (at character %d)\n  %s\n  %s^\n", cmd, se.Msg, se.Pos+1, expr, strings.Repeat(" ", caretCol(expr, se.Pos)))
		} else {
			fmt.Fprintf(stderr, "%s: --filter: %v\n", cmd, err)
		}
		return nil, false
	}
	return f, true
}

// caretCol is the column of byte offset pos once expr is printed (runes, not octets).
func caretCol(expr string, pos int) int {
	if pos > len(expr) {
		pos = len(expr)
	}
	return len([]rune(expr[:pos]))
}

// filterStream is one connection's PDUs, in order, as the filter sees them.
type filterStream struct {
	packets []*filter.Packet
}

// add appends a PDU of the connection.
func (s *filterStream) add(p *filter.Packet) { s.packets = append(s.packets, p) }

// link gives every PDU the link its connection's bind names, then pairs requests with
// responses (latency, message ids) within the connection: sequence numbers belong to a
// connection, so each is linked on its own.
func (s *filterStream) link() {
	name := ""
	for _, p := range s.packets {
		if len(p.Raw) >= 8 {
			if n := filter.BindLink(binary.BigEndian.Uint32(p.Raw[4:])); n != "" {
				name = n
				break
			}
		}
	}
	var l filter.Linker
	for _, p := range s.packets {
		p.Link = name
		l.Add(p)
	}
}
