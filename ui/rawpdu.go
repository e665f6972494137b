package ui

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/wire"
)

// The raw PDU composer's model, without the terminal: a PDU as octets, the editable
// rows the codec reads in it, and the rules it breaks. The octets are the truth; every
// row is read back from them after each edit, so the fields, the hex and the decoded
// view never disagree, and a row edited to break the layout (a wrong sm_length) shows
// what a peer would then read.

// rawKind is how a row of the composer is edited.
type rawKind int

const (
	rawLength  rawKind = iota // command_length: a number, or "auto"
	rawCommand                // command_id: a name or a number
	rawStatus                 // command_status: a number or an ESME_ name
	rawSeq                    // sequence_number
	rawOctet                  // a one-octet integer
	rawUint16                 // a two-octet integer
	rawUint32                 // a four-octet integer
	rawText                   // a C-octet string, without its NUL, as escaped text
	rawOctets                 // an octet string of a length given elsewhere, as escaped text
	rawTLV                    // one TLV: "tag hex-value"
	rawNewTLV                 // the line after the last TLV: typing a TLV there appends it
	rawRest                   // octets the layout does not read (unknown command, damaged body), as hex
)

// rawRow is one editable field: its name as the spec spells it and its octets.
type rawRow struct {
	kind       rawKind
	name       string
	start, end int
	secret     bool // the bind password: never shown in clear
	lenAt      int  // rawOctets: the offset of its length octet (sm_length), -1 when none
}

// rawPDU is the PDU being composed.
type rawPDU struct {
	raw         []byte
	lengthAuto  bool // command_length follows the PDU's size as fields are edited
	showSecrets bool // the decoded view shows a bind's password
	rows        []rawRow
	// What the views show, read once per change of the octets, never per frame.
	probs []string
	dis   dissect.PDU
}

func newRawPDU(raw []byte) *rawPDU {
	p := &rawPDU{raw: append([]byte(nil), raw...)}
	h, ok := wire.ParseHeader(p.raw)
	p.lengthAuto = ok && int(h.Length) == len(p.raw)
	p.layout()
	return p
}

// rawCommands are the commands the command_id row cycles through: requests, then
// responses. Any other number can be typed.
var rawCommands = []uint32{
	wire.SubmitSM, wire.DataSM, wire.SubmitMulti, wire.DeliverSM, wire.QuerySM, wire.CancelSM, wire.ReplaceSM,
	wire.EnquireLink, wire.Unbind, wire.BindTransmitter, wire.BindReceiver, wire.BindTransceiver, wire.Outbind,
	wire.AlertNotification, wire.BroadcastSM, wire.QueryBroadcastSM, wire.CancelBroadcastSM,
	wire.GenericNack, wire.SubmitSMResp, wire.DataSMResp, wire.SubmitMultiResp, wire.DeliverSMResp,
	wire.QuerySMResp, wire.CancelSMResp, wire.ReplaceSMResp, wire.EnquireLinkResp, wire.UnbindResp,
	wire.BindTransmitterResp, wire.BindReceiverResp, wire.BindTransceiverResp,
	wire.BroadcastSMResp, wire.QueryBroadcastResp, wire.CancelBroadcastResp,
}

func (p *rawPDU) header() (wire.Header, bool) { return wire.ParseHeader(p.raw) }

// layout reads the rows back from the octets.
func (p *rawPDU) layout() {
	p.readRows()
	p.probs = p.findProblems()
	p.dis = dissect.Dissect(p.raw, dissect.Options{ShowSecrets: p.showSecrets})
}

// setShowSecrets says whether the decoded view may show a bind's password.
func (p *rawPDU) setShowSecrets(show bool) {
	p.showSecrets = show
	p.layout()
}

func (p *rawPDU) readRows() {
	p.rows = p.rows[:0]
	if len(p.raw) < wire.HeaderLen {
		p.rows = append(p.rows, rawRow{kind: rawRest, name: "octets (no whole header)", start: 0, end: len(p.raw), lenAt: -1})
		return
	}
	p.rows = append(p.rows,
		rawRow{kind: rawLength, name: "command_length", start: 0, end: 4, lenAt: -1},
		rawRow{kind: rawCommand, name: "command_id", start: 4, end: 8, lenAt: -1},
		rawRow{kind: rawStatus, name: "command_status", start: 8, end: 12, lenAt: -1},
		rawRow{kind: rawSeq, name: "sequence_number", start: 12, end: 16, lenAt: -1})
	h, _ := p.header()
	rec := &rowRecorder{}
	_, err := wire.DecodeBodyRecorded(h, p.raw[wire.HeaderLen:], rec)
	p.rows = append(p.rows, rec.rows...)
	end := wire.HeaderLen
	for _, r := range rec.rows {
		end = max(end, r.end)
	}
	if _, known := wire.NewBody(h.ID); !known {
		p.rows = append(p.rows, rawRow{kind: rawRest, name: "body (no layout known)", start: wire.HeaderLen, end: len(p.raw), lenAt: -1})
		return
	}
	if err != nil || end < len(p.raw) {
		p.rows = append(p.rows, rawRow{kind: rawRest, name: "undecoded", start: end, end: len(p.raw), lenAt: -1})
		return
	}
	p.rows = append(p.rows, rawRow{kind: rawNewTLV, name: "+ TLV", start: len(p.raw), end: len(p.raw), lenAt: -1})
}

// rowRecorder turns the codec's spans into rows: a TLV becomes one row, the parts of a
// dest_address or unsuccess_sme keep their own rows, numbered.
type rowRecorder struct {
	rows  []rawRow
	group []wire.Span
	gname string
	gidx  int
	open  bool
}

func (r *rowRecorder) Field(s wire.Span) {
	if r.open {
		r.group = append(r.group, s)
		return
	}
	r.add(s, "")
}

func (r *rowRecorder) Begin(name string, index int) {
	r.open, r.gname, r.gidx, r.group = true, name, index, r.group[:0]
}

func (r *rowRecorder) End() {
	r.open = false
	g := r.group
	if len(g) == 3 && g[0].Name == "tag" && g[1].Name == "length" && g[2].Name == "value" {
		r.rows = append(r.rows, rawRow{kind: rawTLV, name: "TLV " + r.gname, start: g[0].Start, end: g[2].End, lenAt: -1})
		return
	}
	for _, s := range g {
		r.add(s, fmt.Sprintf("%s %d: ", r.gname, r.gidx))
	}
}

func (r *rowRecorder) add(s wire.Span, prefix string) {
	row := rawRow{name: prefix + s.Name, start: s.Start, end: s.End, lenAt: -1, secret: s.Name == "password"}
	switch s.Kind {
	case wire.KindOctet:
		row.kind = rawOctet
	case wire.KindUint16:
		row.kind = rawUint16
	case wire.KindUint32:
		row.kind = rawUint32
	case wire.KindCString:
		row.kind = rawText
	default:
		row.kind = rawOctets
		// A length octet just before (sm_length) follows the octets as they are edited.
		if n := len(r.rows); n > 0 && r.rows[n-1].kind == rawOctet && r.rows[n-1].end == s.Start && strings.HasSuffix(r.rows[n-1].name, "length") {
			row.lenAt = r.rows[n-1].start
		}
	}
	r.rows = append(r.rows, row)
}

// value is a row's text for editing: numbers in decimal (header numbers and the
// command in hex beside their names), strings escaped.
func (p *rawPDU) value(i int) string {
	r := p.rows[i]
	b := p.raw[r.start:r.end]
	switch r.kind {
	case rawLength:
		if p.lengthAuto {
			return "auto"
		}
		return strconv.FormatUint(uint64(binary.BigEndian.Uint32(b)), 10)
	case rawCommand:
		id := binary.BigEndian.Uint32(b)
		if wire.KnownCommand(id) {
			return wire.CommandName(id)
		}
		return fmt.Sprintf("0x%08X", id)
	case rawStatus:
		s := binary.BigEndian.Uint32(b)
		if n := wire.StatusName(s); n != "" && !strings.HasPrefix(n, "0x") {
			return n
		}
		return fmt.Sprintf("0x%08X", s)
	case rawSeq, rawUint32:
		return strconv.FormatUint(uint64(binary.BigEndian.Uint32(b)), 10)
	case rawUint16:
		return strconv.FormatUint(uint64(binary.BigEndian.Uint16(b)), 10)
	case rawOctet:
		// Flags and codes read best in hex (esm_class 0x40, interface_version 0x34);
		// lengths and counts in decimal.
		if strings.HasSuffix(r.name, "length") || strings.HasSuffix(r.name, "number_of_dests") || strings.HasSuffix(r.name, "no_unsuccess") {
			return strconv.Itoa(int(b[0]))
		}
		return fmt.Sprintf("0x%02X", b[0])
	case rawText:
		return escapeOctets(b[:max(len(b)-1, 0)])
	case rawOctets:
		return escapeOctets(b)
	case rawTLV:
		return fmt.Sprintf("0x%04X %s", binary.BigEndian.Uint16(b), hex.EncodeToString(b[4:]))
	case rawRest:
		return hex.EncodeToString(b)
	}
	return ""
}

// set applies the text s to row i and reads the rows back. The error says, in words,
// why s is not a value for the row; the PDU is then unchanged.
func (p *rawPDU) set(i int, s string) error {
	if i < 0 || i >= len(p.rows) {
		return fmt.Errorf("no such field")
	}
	r := p.rows[i]
	if r.kind != rawText && r.kind != rawOctets {
		s = strings.TrimSpace(s) // spaces are text in a string, nothing in a number
	}
	var b []byte
	switch r.kind {
	case rawLength:
		if s == "" || strings.EqualFold(s, "auto") {
			p.lengthAuto = true
			p.fixLength()
			return nil
		}
		v, err := parseNumber(s, 32)
		if err != nil {
			return err
		}
		p.lengthAuto = false
		binary.BigEndian.PutUint32(p.raw[0:], uint32(v))
		p.layout()
		return nil
	case rawCommand:
		id, err := parseCommand(s)
		if err != nil {
			return err
		}
		p.setCommand(id)
		return nil
	case rawStatus:
		v, ok := wire.StatusByName(s)
		if !ok {
			n, err := parseNumber(s, 32)
			if err != nil {
				return fmt.Errorf("%q is neither a status name (ESME_RINVCMDID) nor a number", s)
			}
			v = uint32(n)
		}
		b = binary.BigEndian.AppendUint32(nil, v)
	case rawSeq, rawUint32:
		v, err := parseNumber(s, 32)
		if err != nil {
			return err
		}
		b = binary.BigEndian.AppendUint32(nil, uint32(v))
	case rawUint16:
		v, err := parseNumber(s, 16)
		if err != nil {
			return err
		}
		b = binary.BigEndian.AppendUint16(nil, uint16(v))
	case rawOctet:
		v, err := parseNumber(s, 8)
		if err != nil {
			return err
		}
		b = []byte{byte(v)}
	case rawText:
		v, err := unescapeOctets(s)
		if err != nil {
			return err
		}
		b = append(v, 0)
	case rawOctets:
		v, err := unescapeOctets(s)
		if err != nil {
			return err
		}
		b = v
	case rawTLV, rawNewTLV:
		if s == "" {
			b = nil // an emptied TLV line removes the TLV
			break
		}
		t, err := parseTLVLine(s)
		if err != nil {
			return err
		}
		b = wire.AppendTLV(nil, t)
	case rawRest:
		v, err := dissect.ParseHex(s)
		if err != nil {
			return err
		}
		b = v
	}
	p.splice(r.start, r.end, b)
	if r.lenAt >= 0 {
		p.raw[r.lenAt] = byte(min(len(b), 255))
	}
	p.fixLength()
	return nil
}

// splice replaces the octets [start, end) with b.
func (p *rawPDU) splice(start, end int, b []byte) {
	out := make([]byte, 0, len(p.raw)-(end-start)+len(b))
	out = append(out, p.raw[:start]...)
	out = append(out, b...)
	p.raw = append(out, p.raw[end:]...)
}

// fixLength sets command_length to the PDU's size when it follows it, then reads the
// rows back.
func (p *rawPDU) fixLength() {
	if p.lengthAuto && len(p.raw) >= wire.HeaderLen {
		binary.BigEndian.PutUint32(p.raw[0:], uint32(len(p.raw)))
	}
	p.layout()
}

// setCommand changes command_id. The body stays when it reads the same under the new
// command (submit_sm to deliver_sm); else it becomes the new command's mandatory fields,
// empty, as wire.NewBody lays them out. An unknown command keeps the body as octets.
func (p *rawPDU) setCommand(id uint32) {
	if len(p.raw) < wire.HeaderLen {
		return
	}
	binary.BigEndian.PutUint32(p.raw[4:], id)
	if b, ok := wire.NewBody(id); ok {
		body := p.raw[wire.HeaderLen:]
		c := wire.NewCursor(body, 0, nil)
		if err := b.DecodeFrom(&c); err != nil || string(b.Append(nil)) != string(body) {
			fresh, _ := wire.NewBody(id)
			if bb, ok := fresh.(*wire.BindBody); ok {
				bb.InterfaceVersion = 0x34
			}
			p.raw = fresh.Append(p.raw[:wire.HeaderLen:wire.HeaderLen])
		}
	}
	p.fixLength()
}

// cycleCommand moves command_id d places through rawCommands.
func (p *rawPDU) cycleCommand(d int) {
	h, ok := p.header()
	if !ok {
		return
	}
	at := -1
	for i, id := range rawCommands {
		if id == h.ID {
			at = i
		}
	}
	n := len(rawCommands)
	if at < 0 && d > 0 {
		at = -1 // an unknown command steps to the first of the list, or back to the last
	} else if at < 0 {
		at = 0
	}
	p.setCommand(rawCommands[((at+d)%n+n)%n])
}

// problems are the rules the PDU breaks, in words: what the dissector says of it (a
// command_length that does not match, an unknown command_id, a body cut short), the
// first rule of the spec a decoded body breaks (wire's Validate), and what gosmpp's
// codec cannot read. None: a PDU any conforming peer should take.
func (p *rawPDU) problems() []string { return p.probs }

func (p *rawPDU) findProblems() []string {
	var out []string
	d := dissect.Dissect(p.raw, dissect.Options{})
	if d.Err != "" {
		out = append(out, d.Err)
	}
	if h, ok := p.header(); ok && d.Err == "" {
		if b, err := wire.DecodeBody(h, p.raw[wire.HeaderLen:]); err == nil {
			if err := b.Validate(); err != nil {
				out = append(out, "breaks a rule: "+err.Error())
			}
		}
	}
	if n := dissect.CodecNote(p.raw, d); n != "" {
		out = append(out, n)
	}
	return out
}
