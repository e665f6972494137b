package dissect

import (
	"fmt"
	"strings"
)

// BytesPerRow is the width of a hex dump row.
const BytesPerRow = 16

// HexDump renders raw as Wireshark does: offset, 16 octets in hex (a gap after 8), and
// the printable ASCII.
func HexDump(raw []byte) string {
	var b strings.Builder
	for off := 0; off < len(raw); off += BytesPerRow {
		b.WriteString(HexRow(raw, off))
		b.WriteByte('\n')
	}
	return b.String()
}

// HexRow renders the row that starts at off.
func HexRow(raw []byte, off int) string {
	end := min(off+BytesPerRow, len(raw))
	var b strings.Builder
	fmt.Fprintf(&b, "%04x  ", off)
	for i := off; i < off+BytesPerRow; i++ {
		if i < end {
			fmt.Fprintf(&b, "%02x ", raw[i])
		} else {
			b.WriteString("   ")
		}
		if i == off+7 {
			b.WriteByte(' ')
		}
	}
	b.WriteByte(' ')
	for i := off; i < end; i++ {
		b.WriteByte(Printable(raw[i]))
	}
	return b.String()
}

// Printable is the ASCII column's character for an octet.
func Printable(c byte) byte {
	if c >= 0x20 && c < 0x7F {
		return c
	}
	return '.'
}
