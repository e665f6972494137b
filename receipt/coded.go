package receipt

import (
	"strings"

	"github.com/smppconsole/smppconsole/coding"
)

// ParseCoded parses a receipt's short_message (or message_payload) as Parse does, from
// its octets, so the id, stat and err of every SMSC's format read as they always have;
// then its text: field is read in the PDU's data_coding, as an MO's text is: with the
// SMSC default alphabet (GSM 03.38 unpacked) '_' is 0x11 and '@' 0x00, with UCS2 two
// octets a character. Octets that do not decode in that coding (Latin-1 sent as the
// default alphabet, UCS2 octets sent as another) keep the text Parse reads. Fields
// keep the values as written.
func ParseCoded(content []byte, dataCoding byte, tlvs TLVs) (Receipt, bool) {
	s := string(content)
	r, ok := Parse(s, tlvs)
	for _, f := range r.Fields {
		if canonKey(f.Key) != "text" {
			continue
		}
		// The key is key bytes only, so the first colon after its start ends it.
		colon := f.Start + strings.IndexByte(s[f.Start:], ':')
		if t, ok := textIn(dataCoding, content[colon+1:], content[colon+1:f.End], strings.IndexByte(s[f.Start:colon], 0) >= 0); ok {
			r.Text = t
		}
		break // the scan ends at text:
	}
	return r, ok
}

// ucs2Scheme is what package coding calls UCS2 when it decodes.
var ucs2Scheme = coding.Decode(0x08, nil).Scheme

// textIn decodes a receipt's text value: rest runs from after "text:" to the end of the
// message, value to where Parse ends it (trailing NULs dropped). wide: the key has NULs
// in it, so the message is UCS2, whatever its data_coding says.
func textIn(dc byte, rest, value []byte, wide bool) (string, bool) {
	if wide {
		// Only UCS2 said as UCS2 decodes: the value starts on a character, and ends on
		// one once the terminator's NUL pairs are dropped.
		for len(rest) >= 2 && rest[len(rest)-1] == 0 && rest[len(rest)-2] == 0 {
			rest = rest[:len(rest)-2]
		}
		if len(rest)%2 != 0 {
			return "", false
		}
		d := coding.Decode(dc, rest)
		return d.Text, d.OK && d.Scheme == ucs2Scheme && d.Text != ""
	}
	d := coding.Decode(dc, value)
	// Binary codings decode to no text: the octets as Parse read them stay.
	return d.Text, d.OK && (d.Text != "" || len(value) == 0)
}
