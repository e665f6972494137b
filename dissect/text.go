package dissect

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/smppconsole/smppconsole/wire"
)

// Format renders the presentation as text: a title line, every field with its octet
// range and meaning, the decoded text, UDH and receipt, then the hex dump.
func Format(p PDU) string {
	var b strings.Builder
	b.WriteString(Title(p))
	b.WriteByte('\n')
	for _, f := range p.Fields {
		writeField(&b, f, 1)
	}
	if p.UDH != nil {
		b.WriteString("  UDH\n")
		for _, e := range p.UDH.Elements {
			fmt.Fprintf(&b, "    IEI 0x%02X  %x  %s\n", e.IEI, e.Data, e.Meaning)
		}
	}
	if p.HasText {
		label := "text"
		switch {
		case p.TextNote != "":
			label = "text (hex)"
		case p.Packed:
			label = "text (packed GSM 03.38)"
		}
		fmt.Fprintf(&b, "  %s: %s\n", label, printableText(p.Text))
		if p.TextNote != "" {
			fmt.Fprintf(&b, "    %s\n", p.TextNote)
		}
	}
	if r := p.Receipt; r != nil {
		fmt.Fprintf(&b, "  %s\n", p.ReceiptKind)
		fmt.Fprintf(&b, "    message_id %s (normalised %s, from %s)\n", r.MessageID, r.NormalizedID, r.Source)
		if r.TextID != "" && r.TextID != r.MessageID {
			fmt.Fprintf(&b, "    id in text %s\n", r.TextID)
		}
		fmt.Fprintf(&b, "    stat %s  err %s", orDash(r.Stat), orDash(r.Err))
		if r.HasState {
			fmt.Fprintf(&b, "  message_state %s", r.State)
		}
		b.WriteByte('\n')
		if r.NetworkError != "" {
			fmt.Fprintf(&b, "    network_error_code %s\n", r.NetworkError)
		}
		if r.Sub != "" || r.Dlvrd != "" {
			fmt.Fprintf(&b, "    sub %s  dlvrd %s\n", orDash(r.Sub), orDash(r.Dlvrd))
		}
		if r.SubmitDateText != "" || r.DoneDateText != "" {
			fmt.Fprintf(&b, "    submit date %s  done date %s\n", orDash(r.SubmitDateText), orDash(r.DoneDateText))
		}
	}
	if p.Err != "" {
		fmt.Fprintf(&b, "  error: %s\n", p.Err)
	}
	b.WriteString(HexDump(p.Raw))
	return b.String()
}

// Title is the PDU's one-line heading: command, sequence, length and status.
func Title(p PDU) string {
	if !p.HasHeader {
		return "undecodable: " + p.Err
	}
	h := p.Header
	s := fmt.Sprintf("%s  seq %d  length %d", p.Command, h.Seq, h.Length)
	if wire.IsResponse(h.ID) || h.Status != 0 {
		s += "  " + wire.StatusString(h.Status)
	}
	return s
}

func writeField(b *strings.Builder, f Field, depth int) {
	indent := strings.Repeat("  ", depth)
	rng := fmt.Sprintf("[%d-%d]", f.Start, f.End-1)
	if f.End <= f.Start {
		rng = fmt.Sprintf("[%d]", f.Start)
	}
	line := fmt.Sprintf("%s%-10s %-24s %s", indent, rng, f.Name, printableText(f.Value))
	if f.Meaning != "" {
		line += "  (" + f.Meaning + ")"
	}
	b.WriteString(strings.TrimRight(line, " "))
	b.WriteByte('\n')
	if !isTLV(f) {
		for _, c := range f.Children {
			writeField(b, c, depth+1)
		}
	}
}

func isTLV(f Field) bool {
	return len(f.Children) == 3 && f.Children[0].Name == "tag"
}

// printableText makes control characters visible so a message can't move the cursor.
func printableText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return '⏎'
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
			return '·'
		}
		return r
	}, s)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
