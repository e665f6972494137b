// Package dissect shows a PDU to a person the way Wireshark's SMPP dissector does: every
// field named as the spec names it, in wire order, with its decoded meaning and the byte
// range it came from, TLVs by name, the text decoded by data_coding, the UDH and any
// delivery receipt understood. It never panics: a PDU that does not decode still shows
// its header, what could be read, and why the rest could not.
package dissect

import (
	"encoding/hex"
	"fmt"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

// Field is one named field of a PDU. Start and End are its octets in PDU.Raw (End
// exclusive), so a hex dump can highlight it.
type Field struct {
	Name     string
	Value    string // as shown: text for strings, decimal or hex for numbers
	Meaning  string // decoded meaning, e.g. "international" for a TON, "" if none
	Start    int
	End      int
	Children []Field // parts of a compound field: a TLV's tag/length/value, UDH elements
	// JSON is the machine form: string, uint64, or hex string for octet strings.
	JSON any
	// Secret marks a field redacted in Raw and Value (the bind password).
	Secret bool
}

// TLV is a decoded optional parameter.
type TLV struct {
	Tag   uint16
	Name  string
	Value []byte
}

// UDHElement is one information element of a user data header.
type UDHElement struct {
	IEI     byte
	Data    []byte
	Meaning string
}

// UDH is the decoded user data header of a short_message.
type UDH struct {
	Elements []UDHElement
	Concat   *segment.Concat
}

// PDU is the presentation of one PDU.
type PDU struct {
	Header    wire.Header
	HasHeader bool
	Command   string // spec name, "submit_sm"
	Fields    []Field
	TLVs      []TLV
	// DataCoding is the PDU's data_coding when it has one.
	DataCoding    byte
	HasDataCoding bool
	// ShortMessage is the raw short_message field (UDH included) when present.
	ShortMessage []byte
	Text         string // the decoded message text (short_message or message_payload)
	HasText      bool
	TextNote     string // why the text is shown as hex, when it is
	Packed       bool   // the text was packed GSM 03.38 (septets, not octets)
	UDH          *UDH
	Receipt      *receipt.Receipt
	ReceiptKind  string // "SMSC delivery receipt", …
	Summary      string // one line: message id, destination, the start of the text
	Err          string // set when the PDU could not be fully decoded
	Raw          []byte // the PDU, with secrets overwritten unless ShowSecrets
}

// Options change what Dissect shows.
type Options struct {
	ShowSecrets bool // show the bind password instead of redacting it
	SummaryText int  // characters of text the Summary quotes; 0: 40 (a wide log shows more)
}

// Redacted is what a hidden password shows as.
const Redacted = "********"

// Dissect presents one framed PDU (header included).
func Dissect(raw []byte, o Options) PDU {
	if !o.ShowSecrets {
		if masked, ok := redact(raw); ok {
			// The password is masked in the bytes before anything reads them, so the
			// offsets shown are those of the masked PDU.
			p := present(masked, o)
			markSecret(&p)
			return p
		}
	}
	return present(raw, o)
}

func present(raw []byte, o Options) (p PDU) {
	p.Raw = raw
	defer func() {
		// The codec bounds-checks everything; this is the last line of defence so a
		// presentation bug can never take the console down.
		if r := recover(); r != nil {
			p.Err = fmt.Sprintf("presentation failed: %v", r)
		}
	}()
	if len(raw) < wire.HeaderLen {
		p.Err = fmt.Sprintf("only %d octet(s); a PDU header needs %d", len(raw), wire.HeaderLen)
		if len(raw) > 0 {
			p.Fields = append(p.Fields, Field{Name: "undecoded", Value: hex.EncodeToString(raw), JSON: hex.EncodeToString(raw), Start: 0, End: len(raw)})
		}
		return p
	}
	h, _ := wire.ParseHeader(raw)
	p.Header, p.HasHeader = h, true
	p.Command = wire.CommandName(h.ID)
	r := &recorder{raw: raw, id: h.ID, fields: make([]Field, 0, 32)} // room for a submit_sm with TLVs: no regrowth
	r.header(h)
	// Read what command_length covers and is present; say so when the two differ, but
	// still show every field that can be read.
	lengthErr, end := "", len(raw)
	switch {
	case h.Length < wire.HeaderLen:
		lengthErr = fmt.Sprintf("command_length %d is below the %d-octet header", h.Length, wire.HeaderLen)
	case int(h.Length) > len(raw):
		lengthErr = fmt.Sprintf("command_length %d but only %d octet(s) present", h.Length, len(raw))
	case int(h.Length) < len(raw):
		lengthErr = fmt.Sprintf("command_length %d but %d octet(s) present; the rest is not part of this PDU", h.Length, len(raw))
		end = int(h.Length)
	}
	errText := r.decode(h, end)
	if lengthErr != "" {
		errText = lengthErr + errSuffix(errText)
	}
	if r.off < len(raw) {
		rest := raw[r.off:]
		r.fields = append(r.fields, Field{Name: "undecoded", Value: hex.EncodeToString(rest), JSON: hex.EncodeToString(rest), Start: r.off, End: len(raw)})
	}
	p.Fields = r.fields
	p.Err = errText
	p.DataCoding, p.HasDataCoding = r.out.dataCoding, r.out.hasDataCoding
	p.ShortMessage, p.ReceiptKind, p.TLVs = r.out.shortMessage, r.out.receiptKind, r.out.tlvs
	text(&p, r.tlvs)
	p.Summary = summary(&p, o.SummaryText)
	return p
}

func errSuffix(e string) string {
	if e == "" {
		return ""
	}
	return "; " + e
}
