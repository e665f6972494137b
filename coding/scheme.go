// Package coding converts between text and the octets of an SMPP short_message for each data_coding.
//
// It is our own code rather than gosmpp's data package because the console must count
// exactly what goes on the air: GSM 03.38 extension characters cost two septets, emoji
// cost two UTF-16 units, and octets the console cannot decode faithfully are shown as hex
// with a reason instead of being guessed at.
package coding

import (
	"fmt"
	"strings"
)

// Scheme is a way of turning text into short_message octets.
type Scheme int

const (
	Auto       Scheme = iota // choose GSM7 if every char fits, else UCS2
	GSM7                     // GSM 03.38 default alphabet + extension table, one septet per octet (unpacked) — data_coding 0x00
	GSM7Packed               // same alphabet, septets packed 8-in-7 — data_coding 0x00
	UCS2                     // UTF-16BE with surrogate pairs — data_coding 0x08
	Latin1                   // ISO-8859-1 — data_coding 0x03
	Binary                   // raw octets, text given/shown as hex — data_coding 0x04
)

var schemeNames = [...]string{
	Auto:       "auto",
	GSM7:       "gsm7",
	GSM7Packed: "gsm7-packed",
	UCS2:       "ucs2",
	Latin1:     "latin1",
	Binary:     "binary",
}

// schemeAliases are other spellings engineers type for the same schemes.
var schemeAliases = map[string]Scheme{
	"gsm":        GSM7,
	"gsm7bit":    GSM7,
	"gsm-7":      GSM7,
	"gsm7packed": GSM7Packed,
	"packed":     GSM7Packed,
	"ucs-2":      UCS2,
	"utf-16be":   UCS2,
	"latin-1":    Latin1,
	"iso-8859-1": Latin1,
	"hex":        Binary,
	"8bit":       Binary,
}

// String returns the scheme's name as ParseScheme accepts it.
func (s Scheme) String() string {
	if s >= 0 && int(s) < len(schemeNames) {
		return schemeNames[s]
	}
	return fmt.Sprintf("Scheme(%d)", int(s))
}

// ParseScheme accepts a scheme name (case-insensitive): auto, gsm7, gsm7-packed, ucs2,
// latin1 or binary (and a few common aliases such as latin-1, ucs-2, hex).
func ParseScheme(s string) (Scheme, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for i, n := range schemeNames {
		if n == name {
			return Scheme(i), nil
		}
	}
	if sc, ok := schemeAliases[name]; ok {
		return sc, nil
	}
	return Auto, fmt.Errorf("unknown coding %q: use one of %s", s, strings.Join(schemeNames[:], ", "))
}

// DataCoding is the SMPP data_coding value for the scheme. Auto has no value of its own
// (0x00 is returned); callers resolve Auto with Choose first.
func (s Scheme) DataCoding() byte {
	switch s {
	case UCS2:
		return 0x08
	case Latin1:
		return 0x03
	case Binary:
		return 0x04
	}
	return 0x00
}

// UnitName names what Units counts for the scheme.
func (s Scheme) UnitName() string {
	switch s {
	case GSM7, GSM7Packed:
		return "septets"
	case UCS2:
		return "UTF-16 units"
	case Latin1, Binary:
		return "octets"
	}
	return "units"
}

// describe names the scheme in words for error messages.
func (s Scheme) describe() string {
	switch s {
	case GSM7, GSM7Packed:
		return "the GSM 03.38 alphabet"
	case UCS2:
		return "UCS2"
	case Latin1:
		return "Latin-1 (ISO-8859-1)"
	}
	return s.String()
}
