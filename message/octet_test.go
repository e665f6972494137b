package message

import (
	"strings"
	"testing"
)

func TestParseOctet(t *testing.T) {
	for in, want := range map[string]byte{"": 0, " 64 ": 64, "0x40": 0x40, "0b01000000": 0x40, "255": 255, "0o17": 15} {
		if got, err := ParseOctet(in); err != nil || got != want {
			t.Errorf("ParseOctet(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for in, want := range map[string]string{"256": "more than one octet", "-1": "not a number", "x": "not a number", "0x1FF": "more than one octet"} {
		if _, err := ParseOctet(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseOctet(%q): %v, want %q", in, err, want)
		}
	}
}
