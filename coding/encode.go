package coding

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// UnrepresentableError reports the first character of a text that a scheme cannot carry.
type UnrepresentableError struct {
	Scheme Scheme
	Char   rune
	Index  int // character (rune) index in the text, counting from 0
}

func (e *UnrepresentableError) Error() string {
	// Operators count characters from 1.
	return fmt.Sprintf("character %s (U+%04X) at position %d cannot be represented in %s; use ucs2 (or auto)",
		strconv.QuoteRune(e.Char), e.Char, e.Index+1, e.Scheme.describe())
}

// invalidUTF8 reports text that is not UTF-8: it has no characters to encode faithfully.
func invalidUTF8(text string) error {
	for i, r := range text {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(text[i:]); size == 1 {
				return fmt.Errorf("text is not valid UTF-8 at byte offset %d", i)
			}
		}
	}
	return nil
}

// Choose resolves Auto for a text: GSM7 when every character is in the GSM 03.38 basic
// or extension table, else UCS2, returning the distinct characters (in order of first
// appearance) that forced UCS2. Invalid UTF-8 reads as U+FFFD, which forces UCS2; Encode
// then refuses the text.
func Choose(text string) (s Scheme, forcedUCS2 []rune) {
	for _, r := range text {
		if _, _, ok := gsmLookup(r); ok {
			continue
		}
		seen := false
		for _, f := range forcedUCS2 {
			seen = seen || f == r
		}
		if !seen {
			forcedUCS2 = append(forcedUCS2, r)
		}
	}
	if len(forcedUCS2) > 0 {
		return UCS2, forcedUCS2
	}
	return GSM7, nil
}

// Cost is how many units one character takes in scheme s: GSM7/GSM7Packed 1 or 2
// (escape + septet for the extension table), UCS2 1 or 2 (a surrogate pair for runes
// above U+FFFF), Latin1 1; ok=false if the rune cannot be represented. For Binary the
// text is hex and Cost is not meaningful (0, false: use HexBytes); Auto must be resolved
// with Choose first (0, false).
func Cost(s Scheme, r rune) (units int, ok bool) {
	switch s {
	case GSM7, GSM7Packed:
		_, ext, ok := gsmLookup(r)
		switch {
		case !ok:
			return 0, false
		case ext:
			return 2, true
		}
		return 1, true
	case UCS2:
		n := utf16Len(r)
		return n, n > 0
	case Latin1:
		if r >= 0 && r <= 0xFF {
			return 1, true
		}
	}
	return 0, false
}

// utf16Len is the number of UTF-16 code units for r, 0 for surrogate halves and
// values that are not Unicode scalar values.
func utf16Len(r rune) int {
	switch {
	case r < 0, r > utf8.MaxRune, r >= 0xD800 && r <= 0xDFFF:
		return 0
	case r > 0xFFFF:
		return 2
	}
	return 1
}

// Units counts the units of a whole text in scheme s (see UnitName): septets, UTF-16
// units or octets. Auto is resolved with Choose; for Binary the text is hex. The error
// names the first unrepresentable character and its index (*UnrepresentableError).
func Units(s Scheme, text string) (int, error) {
	switch s {
	case Auto:
		s, _ = Choose(text)
	case Binary:
		b, err := HexBytes(text)
		return len(b), err
	case GSM7, GSM7Packed, UCS2, Latin1:
	default:
		return 0, fmt.Errorf("unknown coding %v", s)
	}
	if err := invalidUTF8(text); err != nil {
		return 0, err
	}
	total, i := 0, 0
	for _, r := range text {
		n, ok := Cost(s, r)
		if !ok {
			return 0, &UnrepresentableError{Scheme: s, Char: r, Index: i}
		}
		total += n
		i++
	}
	return total, nil
}

// Encode converts text to octets:
//   - GSM7: one septet value per octet, 0x1B before each extension-table character;
//   - GSM7Packed: the same septets packed LSB-first with no fill bits (see PackSeptets,
//     including its CR padding rule);
//   - UCS2: UTF-16BE, surrogate pairs above U+FFFF;
//   - Latin1: ISO-8859-1;
//   - Binary: text is hex (see HexBytes);
//   - Auto: whichever of GSM7 and UCS2 Choose picks.
//
// A character the scheme cannot carry is an *UnrepresentableError naming it and its index.
func Encode(s Scheme, text string) ([]byte, error) {
	switch s {
	case Auto:
		s, _ = Choose(text)
	case Binary:
		return HexBytes(text)
	case GSM7, GSM7Packed, UCS2, Latin1:
	default:
		return nil, fmt.Errorf("unknown coding %v", s)
	}
	if err := invalidUTF8(text); err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(text)*2)
	i := 0
	for _, r := range text {
		var ok bool
		out, ok = appendChar(out, s, r)
		if !ok {
			return nil, &UnrepresentableError{Scheme: s, Char: r, Index: i}
		}
		i++
	}
	if s == GSM7Packed {
		out = PackSeptets(out, 0)
	}
	return out, nil
}

// appendChar appends r's octets (septets for both GSM schemes) in scheme s.
func appendChar(out []byte, s Scheme, r rune) ([]byte, bool) {
	switch s {
	case GSM7, GSM7Packed:
		septet, ext, ok := gsmLookup(r)
		if !ok {
			return out, false
		}
		if ext {
			out = append(out, gsmEscape)
		}
		return append(out, septet), true
	case UCS2:
		switch utf16Len(r) {
		case 1:
			return append(out, byte(r>>8), byte(r)), true
		case 2:
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			return append(out, byte(hi>>8), byte(hi), byte(lo>>8), byte(lo)), true
		}
	case Latin1:
		if r >= 0 && r <= 0xFF {
			return append(out, byte(r)), true
		}
	}
	return out, false
}

// HexBytes parses octets written in hex, as engineers paste them: whitespace and colons
// separate groups ("de ad:be ef"), each group may start with 0x, and a group must have an
// even number of digits so that "1 23" is an error rather than a guess. Empty text is no
// octets.
func HexBytes(text string) ([]byte, error) {
	groups := strings.FieldsFunc(text, func(r rune) bool {
		return r == ':' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == ','
	})
	out := make([]byte, 0, len(text)/2)
	for _, g := range groups {
		digits := g
		if len(digits) >= 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X') {
			digits = digits[2:]
		}
		if digits == "" {
			return nil, fmt.Errorf("hex %q has no digits after 0x", g)
		}
		for _, r := range digits {
			if !isHexDigit(r) {
				return nil, fmt.Errorf("hex %q: %s is not a hex digit (0-9, a-f)", g, strconv.QuoteRune(r))
			}
		}
		if len(digits)%2 != 0 {
			return nil, fmt.Errorf("hex %q has an odd number of digits (%d): write each octet as two digits (01, not 1)",
				g, len(digits))
		}
		b, err := hex.DecodeString(digits)
		if err != nil { // unreachable after the checks above; kept so a change there cannot go silent
			return nil, fmt.Errorf("hex %q: %v", g, err)
		}
		out = append(out, b...)
	}
	return out, nil
}

func isHexDigit(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F'
}
