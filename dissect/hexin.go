package dissect

import (
	"fmt"
	"strings"
)

// ParseHex reads hex the way engineers paste it: spaces, colons, commas, newlines, 0x
// prefixes, a Wireshark hex stream, or hex-dump rows with offsets and an ASCII column
// (tshark -x, Wireshark's "Copy as Hex Dump", hexdump -C, xxd).
func ParseHex(s string) ([]byte, error) {
	var digits strings.Builder
	dump := false // once a row had an offset, a lone offset line is the dump's end mark
	for _, line := range strings.Split(s, "\n") {
		if hx, ok := dumpRowHex(line); ok {
			digits.WriteString(hx)
			dump = true
			continue
		}
		if dump && isOffsetOnly(line) {
			continue // hexdump -C ends with the total length on a line of its own
		}
		line = strings.ReplaceAll(strings.ReplaceAll(line, "0x", ""), "0X", "")
		for _, r := range line {
			switch {
			case isHexDigit(byte(r)) && r < 0x80:
				digits.WriteRune(r)
			case r == ' ' || r == '\t' || r == '\r' || r == ':' || r == ',' || r == '-' || r == '|':
			default:
				return nil, fmt.Errorf("%q is not a hex digit (in %q)", r, strings.TrimSpace(line))
			}
		}
	}
	d := digits.String()
	if d == "" {
		return nil, fmt.Errorf("no hex digits in the input")
	}
	if len(d)%2 != 0 {
		return nil, fmt.Errorf("odd number of hex digits (%d): an octet needs two", len(d))
	}
	out := make([]byte, len(d)/2)
	for i := range out {
		out[i] = unhex(d[2*i])<<4 | unhex(d[2*i+1])
	}
	return out, nil
}

// dumpRowHex returns the hex digits of a dump row: an offset of 4-8 hex digits, then up
// to 16 octets as 2-digit tokens (or xxd's 4-digit groups after "offset:"), then the
// ASCII column, which starts after 3 or more spaces, at a '|', or after 16 octets.
// Plain hex ("00000018 00000003 …") has no such shape and is left to the caller.
func dumpRowHex(line string) (string, bool) {
	t := strings.TrimLeft(line, " \t")
	i := 0
	for i < len(t) && isHexDigit(t[i]) {
		i++
	}
	if i < 4 || i > 8 {
		return "", false
	}
	rest, colon := t[i:], false
	if strings.HasPrefix(rest, ":") {
		rest, colon = rest[1:], true
	}
	if !strings.HasPrefix(rest, " ") {
		return "", false
	}
	var out strings.Builder
	octets := 0
	for j := 0; j < len(rest) && octets < 16; {
		sp := 0
		for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t') {
			sp++
			j++
		}
		if j >= len(rest) || rest[j] == '|' || (sp >= 3 && octets > 0) {
			break
		}
		k := j
		for k < len(rest) && rest[k] != ' ' && rest[k] != '\t' {
			k++
		}
		tok := rest[j:k]
		ok := allHex(tok) && (len(tok) == 2 || colon && len(tok) == 4)
		if !ok {
			if octets == 0 {
				return "", false
			}
			break
		}
		out.WriteString(tok)
		octets += len(tok) / 2
		j = k
	}
	return out.String(), octets > 0
}

func isOffsetOnly(line string) bool {
	t := strings.TrimSpace(line)
	return len(t) >= 4 && len(t) <= 8 && allHex(t)
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHexDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
