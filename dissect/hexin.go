package dissect

import (
	"fmt"
	"regexp"
	"strings"
)

// dumpRow matches a hex-dump row that starts with an offset ("0000  00 00 ..."), as
// Wireshark, xxd -g1 and hexdump -C print them.
var dumpRow = regexp.MustCompile(`^\s*[0-9a-fA-F]{4,8}:?\s{1,2}((?:[0-9a-fA-F]{2}\s{1,2}){1,16})`)

// ParseHex reads hex the way engineers paste it: spaces, colons, commas, newlines, 0x
// prefixes, a Wireshark hex stream, or hex-dump rows with offsets and an ASCII column.
func ParseHex(s string) ([]byte, error) {
	var digits strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if m := dumpRow.FindStringSubmatch(line); m != nil && looksLikeDump(line) {
			line = m[1]
		}
		line = strings.ReplaceAll(strings.ReplaceAll(line, "0x", ""), "0X", "")
		for _, r := range line {
			switch {
			case r >= '0' && r <= '9', r >= 'a' && r <= 'f', r >= 'A' && r <= 'F':
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

// looksLikeDump tells a dump row ("0010  00 01 …  ..ascii") from plain hex that
// happens to start with four digits ("00000018 00000003 …").
func looksLikeDump(line string) bool {
	f := strings.Fields(line)
	if len(f) < 2 {
		return false
	}
	return len(strings.TrimSuffix(f[0], ":")) >= 4 && len(f[1]) == 2
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
