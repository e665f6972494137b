package receipt

import (
	"math/big"
	"strconv"
	"strings"
)

// NormalizeID maps the forms one SMSC may use for the same message id to one
// key. The rule, in order:
//
//  1. Remove every NUL (a C-octet string id never contains one; they come from
//     terminators and mis-decoded UCS2) and trim ASCII white space.
//  2. If what is left is non-empty and all hex digits [0-9A-Fa-f], lower-case
//     it and strip leading zeros, keeping a single "0" for zero:
//     "000123" -> "123", "0A1B2C" -> "a1b2c", "0000" -> "0".
//  3. Otherwise (UUIDs, ids with '-', '_', letters past f, ...) lower-case the
//     ASCII letters and keep everything else byte for byte:
//     " 550E8400-E29B " -> "550e8400-e29b".
//
// NormalizeID does not decide whether a digits-only id is decimal or hex;
// IDKeys gives both readings.
func NormalizeID(id string) string {
	if strings.IndexByte(id, 0) >= 0 {
		id = strings.ReplaceAll(id, "\x00", "")
	}
	id = strings.Trim(id, " \t\r\n\v\f")
	if id == "" {
		return ""
	}
	if isHex(id) {
		id = strings.TrimLeft(id, "0")
		if id == "" {
			return "0"
		}
	}
	return lowerASCII(id)
}

// maxNumericID bounds the hex reading in IDKeys: ids longer than this are
// not numbers anyone converts between bases, and big conversions are slow.
const maxNumericID = 40

// IDKeys returns the keys under which id should be indexed and looked up for
// correlation. The first key is always NormalizeID(id) (nil for an empty id).
// If the normalised id is all hex digits, the second key is the decimal value
// of reading it as hex, so:
//
//	"0A1B2C" -> ["a1b2c", "662316"]   (hex submit_sm_resp id)
//	"662316" -> ["662316", "6693654"] (decimal receipt id; 0x662316 = 6693654)
//
// A decimal id normalises to its own decimal value, so an id the SMSC writes
// in hex in one PDU and in decimal in the other always shares the decimal key;
// a digits-only id gets both readings because it may be either. Non-hex ids
// have just the one key.
//
// The second key is a guess: decimal "10" and decimal "16" both carry key
// "16". A correlator should try the first key (exact match after
// normalisation) before the others, and accept a match on the others only if
// it is unambiguous.
func IDKeys(id string) []string {
	n := NormalizeID(id)
	if n == "" {
		return nil
	}
	keys := []string{n}
	if !isHex(n) || len(n) > maxNumericID {
		return keys
	}
	var dec string
	if len(n) <= 16 {
		v, _ := strconv.ParseUint(n, 16, 64) // cannot fail: ≤16 hex digits
		dec = strconv.FormatUint(v, 10)
	} else {
		v, _ := new(big.Int).SetString(n, 16)
		dec = v.String()
	}
	if dec != n { // "0"-"9" read the same in both bases
		keys = append(keys, dec)
	}
	return keys
}

func isHex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// lowerASCII lower-cases only ASCII letters: ids are ASCII in practice, and
// strings.ToLower would rewrite invalid UTF-8 and fold distinct ids together.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
