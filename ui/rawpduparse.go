package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/wire"
)

// How the raw composer reads what is typed in a field: numbers, command and TLV lines,
// and octet strings as escaped text.

// parseNumber reads a decimal or 0x-hexadecimal number of at most bits bits.
func parseNumber(s string, bits int) (uint64, error) {
	v, err := strconv.ParseUint(strings.ReplaceAll(s, "_", ""), 0, bits)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, fmt.Errorf("%s does not fit in %d octet(s)", s, bits/8)
		}
		return 0, fmt.Errorf("%q is not a number (decimal, or hex as 0x1F)", s)
	}
	return v, nil
}

// parseCommand reads a command name (submit_sm) or any number (0x00000004, 4).
func parseCommand(s string) (uint32, error) {
	if id, ok := wire.CommandByName(strings.ToLower(s)); ok {
		return id, nil
	}
	v, err := parseNumber(s, 32)
	if err != nil {
		return 0, fmt.Errorf("%q is neither a command name (submit_sm) nor a number (0x00000004)", s)
	}
	return uint32(v), nil
}

// parseTLVLine reads "tag value": the tag as a number or a name (message_payload), the
// value as hex (spaces allowed, empty for a zero-length TLV).
func parseTLVLine(s string) (wire.TLV, error) {
	tagText, valText, _ := strings.Cut(s, " ")
	var tag uint16
	if t, ok := wire.TagByName(tagText); ok {
		tag = t
	} else {
		v, err := parseNumber(tagText, 16)
		if err != nil {
			return wire.TLV{}, fmt.Errorf("TLV tag %q is neither a name (message_payload) nor a number (0x0424)", tagText)
		}
		tag = uint16(v)
	}
	val, err := dissect.ParseHex(valText)
	if err != nil && strings.TrimSpace(valText) != "" {
		return wire.TLV{}, fmt.Errorf("TLV value: %v", err)
	}
	if len(val) > 0xFFFF {
		return wire.TLV{}, fmt.Errorf("TLV value of %d octets: a TLV holds at most 65535", len(val))
	}
	return wire.TLV{Tag: tag, Value: val}, nil
}

// escapeOctets shows octets as text: printable ASCII as it is, a backslash doubled,
// anything else as \xNN, so any value can be read and typed back.
func escapeOctets(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c == '\\':
			sb.WriteString(`\\`)
		case c >= 0x20 && c < 0x7F:
			sb.WriteByte(c)
		default:
			fmt.Fprintf(&sb, `\x%02x`, c)
		}
	}
	return sb.String()
}

// unescapeOctets reads what escapeOctets writes. Text that is not ASCII is taken as
// its UTF-8 octets.
func unescapeOctets(s string) ([]byte, error) {
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == '\\':
			out = append(out, '\\')
			i++
		case i+3 < len(s) && s[i+1] == 'x':
			v, err := strconv.ParseUint(s[i+2:i+4], 16, 8)
			if err != nil {
				return nil, fmt.Errorf("%q at character %d: \\x takes two hex digits", s[i:i+4], i+1)
			}
			out = append(out, byte(v))
			i += 3
		default:
			return nil, fmt.Errorf(`a lone \ at character %d: write \\ for a backslash, \x00 for an octet`, i+1)
		}
	}
	return out, nil
}
