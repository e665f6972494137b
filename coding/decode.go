package coding

import (
	"encoding/hex"
	"fmt"
	"unicode/utf16"
)

// Decoded is the result of decoding a short_message (or message_payload) for a given data_coding.
type Decoded struct {
	Text   string // decoded text when OK; may hold control characters (LF, CR, FF, C0/C1): escape them for display
	OK     bool   // false: the octets could not be decoded faithfully; show Hex and Reason
	Scheme string // what it was decoded as, in words: "GSM 03.38 default alphabet", "UCS2 (UTF-16BE)", ...
	Hex    string // lowercase hex of the octets, always set
	Reason string // why not decoded (when !OK), in words
}

// alphabet is what a data_coding value says the octets are.
type alphabet int

const (
	alphaNone alphabet = iota // nothing we decode: unsupported, reserved or compressed
	alphaGSM
	alphaIA5
	alphaLatin1
	alphaCyrillic
	alphaHebrew
	alphaUCS2
	alphaBinary
)

var alphabetNames = [...]string{
	alphaGSM:      "GSM 03.38 default alphabet",
	alphaIA5:      "IA5/ASCII",
	alphaLatin1:   "Latin-1 (ISO-8859-1)",
	alphaCyrillic: "Cyrillic (ISO-8859-5)",
	alphaHebrew:   "Latin/Hebrew (ISO-8859-8)",
	alphaUCS2:     "UCS2 (UTF-16BE)",
	alphaBinary:   "8-bit binary",
}

// smppCodings are SMPP 3.4 §5.2.19's own values, which take precedence over 23.038 for 0x00-0x0F.
var smppCodings = [16]struct {
	name  string
	alpha alphabet
}{
	0x00: {"SMSC default alphabet (usually GSM 03.38)", alphaGSM},
	0x01: {"IA5 (CCITT T.50)/ASCII", alphaIA5},
	0x02: {"8-bit binary (octet unspecified)", alphaBinary},
	0x03: {"Latin-1 (ISO-8859-1)", alphaLatin1},
	0x04: {"8-bit binary (octet unspecified)", alphaBinary},
	0x05: {"JIS (X 0208-1990)", alphaNone},
	0x06: {"Cyrillic (ISO-8859-5)", alphaCyrillic},
	0x07: {"Latin/Hebrew (ISO-8859-8)", alphaHebrew},
	0x08: {"UCS2 (ISO/IEC-10646)", alphaUCS2},
	0x09: {"pictogram encoding", alphaNone},
	0x0A: {"ISO-2022-JP (music codes)", alphaNone},
	0x0B: {"reserved", alphaNone},
	0x0C: {"reserved", alphaNone},
	0x0D: {"extended Kanji JIS (X 0212-1990)", alphaNone},
	0x0E: {"KS C 5601 (Korean)", alphaNone},
	0x0F: {"reserved", alphaNone},
}

// alphabetOf says how to decode a data_coding value, or why it cannot be decoded.
func alphabetOf(dc byte) (alphabet, string) {
	switch {
	case dc <= 0x0F:
		c := smppCodings[dc]
		if c.alpha != alphaNone {
			return c.alpha, ""
		}
		if c.name == "reserved" {
			return alphaNone, "is unknown (reserved in SMPP 3.4)"
		}
		return alphaNone, fmt.Sprintf("(%s) is not supported", c.name)
	case dc <= 0x3F: // 23.038 general data coding: bit 5 compressed, bits 3-2 alphabet
		if dc&0x20 != 0 {
			return alphaNone, fmt.Sprintf("(%s) is compressed (3GPP 23.042), which is not supported", DataCodingName(dc))
		}
		return generalAlphabet(dc)
	case dc <= 0xBF:
		return alphaNone, "is unknown (a reserved coding group)"
	case dc <= 0xDF: // message waiting indication, discard or store message: GSM 03.38
		return alphaGSM, ""
	case dc <= 0xEF: // message waiting indication, store message: UCS2
		return alphaUCS2, ""
	}
	// 0xF0-0xFF data coding/message class: bit 2 picks GSM 03.38 or 8-bit data.
	if dc&0x04 != 0 {
		return alphaBinary, ""
	}
	return alphaGSM, ""
}

// generalAlphabet reads bits 3-2 of a 23.038 general data coding value.
func generalAlphabet(dc byte) (alphabet, string) {
	switch (dc >> 2) & 0x03 {
	case 0:
		return alphaGSM, ""
	case 1:
		return alphaBinary, ""
	case 2:
		return alphaUCS2, ""
	}
	return alphaNone, "is unknown (reserved alphabet in 3GPP 23.038 general data coding)"
}

// Decode decodes octets according to an SMPP data_coding value. It never guesses: when
// the octets cannot be decoded faithfully, OK is false and Reason says why (Hex is
// always set). Binary codings decode OK with empty Text: show Hex.
//
//   - 0x00 SMSC default: GSM 03.38 unpacked, one septet per octet (an octet above 0x7F
//     means it is not that: !OK). Escapes are read as decodeGSM documents.
//   - 0x01 IA5/ASCII (octets above 0x7F: !OK); 0x02, 0x04 binary; 0x03 Latin-1;
//     0x06 ISO-8859-5; 0x07 ISO-8859-8 (undefined octets: !OK); 0x08 UCS2 as UTF-16BE
//     (odd length or an unpaired surrogate: !OK).
//   - 0x05, 0x09, 0x0A, 0x0D, 0x0E: not supported; 0x0B, 0x0C, 0x0F: reserved.
//   - 0x10-0x3F: 3GPP 23.038 general data coding, alphabet from bits 3-2; compressed
//     (bit 5) is not supported.
//   - 0x40-0xBF: reserved.
//   - 0xC0-0xDF message waiting indication, GSM 03.38; 0xE0-0xEF the same, UCS2.
//   - 0xF0-0xFF: bit 2 clear GSM 03.38, set 8-bit data.
func Decode(dataCoding byte, b []byte) Decoded {
	d := Decoded{Hex: hexOf(b)}
	alpha, why := alphabetOf(dataCoding)
	if alpha == alphaNone {
		d.Scheme = DataCodingName(dataCoding)
		d.Reason = fmt.Sprintf("data_coding 0x%02X %s; shown as hex", dataCoding, why)
		return d
	}
	d.Scheme = alphabetNames[alpha]
	var err error
	switch alpha {
	case alphaGSM:
		if i := firstAbove7F(b); i >= 0 {
			err = fmt.Errorf("octet 0x%02X at offset %d is above 0x7F, so this is not unpacked GSM 03.38 "+
				"(it may be packed GSM7, or 8-bit text sent as data_coding 0x%02X)", b[i], i, dataCoding)
			break
		}
		d.Text = decodeGSM(b)
	case alphaIA5:
		if i := firstAbove7F(b); i >= 0 {
			err = fmt.Errorf("octet 0x%02X at offset %d is above 0x7F, which IA5/ASCII does not have", b[i], i)
			break
		}
		d.Text = decodeLatin1(b)
	case alphaLatin1:
		d.Text = decodeLatin1(b)
	case alphaCyrillic:
		d.Text = decodeISO88595(b)
	case alphaHebrew:
		d.Text, err = decodeISO88598(b)
	case alphaUCS2:
		d.Text, err = decodeUCS2(b)
	case alphaBinary:
		// Nothing to show as text; Hex is the content.
	}
	if err != nil {
		d.Text = ""
		d.Reason = err.Error() + "; shown as hex"
		return d
	}
	d.OK = true
	return d
}

func hexOf(b []byte) string { return hex.EncodeToString(b) }

func firstAbove7F(b []byte) int {
	for i, c := range b {
		if c > 0x7F {
			return i
		}
	}
	return -1
}

func decodeLatin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// decodeISO88595 decodes ISO-8859-5, which is Latin-1 up to 0xA0 and Cyrillic above,
// laid out in Unicode order from U+0401 except for three symbols.
func decodeISO88595(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		switch {
		case c <= 0xA0:
			r[i] = rune(c)
		case c == 0xAD:
			r[i] = 0x00AD // soft hyphen
		case c == 0xF0:
			r[i] = 0x2116 // №
		case c == 0xFD:
			r[i] = 0x00A7 // §
		default:
			r[i] = rune(c) + 0x0360 // 0xA1 Ё U+0401 ... 0xFF џ U+045F
		}
	}
	return string(r)
}

// iso88598High maps ISO-8859-8 octets 0xA0-0xFF; 0 marks an octet the standard leaves undefined.
var iso88598High = func() (t [0x60]rune) {
	for c := 0xA0; c <= 0xBE; c++ {
		t[c-0xA0] = rune(c) // same as Latin-1 ...
	}
	t[0xA1-0xA0] = 0      // ... except undefined 0xA1,
	t[0xAA-0xA0] = 0x00D7 // multiplication sign
	t[0xBA-0xA0] = 0x00F7 // and division sign
	t[0xDF-0xA0] = 0x2017 // double low line
	for c := 0xE0; c <= 0xFA; c++ {
		t[c-0xA0] = rune(c-0xE0) + 0x05D0 // alef ... tav
	}
	t[0xFD-0xA0] = 0x200E // left-to-right mark
	t[0xFE-0xA0] = 0x200F // right-to-left mark
	return t
}()

func decodeISO88598(b []byte) (string, error) {
	r := make([]rune, len(b))
	for i, c := range b {
		if c < 0xA0 {
			r[i] = rune(c)
			continue
		}
		if r[i] = iso88598High[c-0xA0]; r[i] == 0 {
			return "", fmt.Errorf("octet 0x%02X at offset %d is not defined in ISO-8859-8", c, i)
		}
	}
	return string(r), nil
}

// decodeUCS2 decodes UTF-16BE. SMPP says UCS2, but handsets send surrogate pairs for
// emoji, so pairs are joined; a half pair cannot be shown faithfully and is an error.
func decodeUCS2(b []byte) (string, error) {
	if len(b)%2 != 0 {
		return "", fmt.Errorf("odd number of octets (%d): UCS2 needs two per unit", len(b))
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	out := make([]rune, 0, len(units))
	for i := 0; i < len(units); i++ {
		u := units[i]
		switch {
		case u < 0xD800 || u > 0xDFFF:
			out = append(out, rune(u))
		case u <= 0xDBFF && i+1 < len(units) && units[i+1] >= 0xDC00 && units[i+1] <= 0xDFFF:
			out = append(out, utf16.DecodeRune(rune(u), rune(units[i+1])))
			i++
		default:
			return "", fmt.Errorf("unpaired UTF-16 surrogate 0x%04X at offset %d", u, 2*i)
		}
	}
	return string(out), nil
}

// DataCodingName describes a data_coding value in words, e.g. 0x08 -> "UCS2 (ISO/IEC-10646)",
// 0xF1 -> "GSM 03.38, message class 1".
func DataCodingName(dc byte) string {
	switch {
	case dc <= 0x0F:
		return smppCodings[dc].name
	case dc <= 0x3F:
		name := [4]string{"GSM 03.38", "8-bit data", "UCS2", "reserved alphabet"}[(dc>>2)&0x03]
		if dc&0x20 != 0 {
			name = "compressed " + name
		}
		if dc&0x10 != 0 {
			name += ", " + messageClass(dc)
		}
		return name
	case dc <= 0x7F:
		return "reserved (3GPP 23.038: message marked for automatic deletion)"
	case dc <= 0xBF:
		return "reserved coding group"
	case dc <= 0xEF:
		group := [3]string{"discard message, GSM 03.38", "store message, GSM 03.38", "store message, UCS2"}[(dc>>4)-0xC]
		kind := [4]string{"voicemail", "fax", "e-mail", "other"}[dc&0x03]
		state := "inactive"
		if dc&0x08 != 0 {
			state = "active"
		}
		return fmt.Sprintf("message waiting indication (%s): %s %s", group, kind, state)
	}
	name := "GSM 03.38"
	if dc&0x04 != 0 {
		name = "8-bit data"
	}
	name += ", " + messageClass(dc)
	if dc&0x08 != 0 {
		name += " (reserved bit 3 set)"
	}
	return name
}

// messageClass reads bits 1-0: class 0 is the one engineers ask about, shown at once (flash).
func messageClass(dc byte) string {
	if c := dc & 0x03; c != 0 {
		return fmt.Sprintf("message class %d", c)
	}
	return "message class 0 (flash)"
}
