package wire

import (
	"strings"
	"testing"
)

func TestParseInterfaceVersion(t *testing.T) {
	ok := []struct {
		in   string
		want byte
	}{
		{"3.3", 0x33}, {"3.4", 0x34}, {"5.0", 0x50}, {" 5.0 ", 0x50}, {"v3.4", 0x34},
		{"0x34", 0x34}, {"52", 0x34}, {"0x50", 0x50}, {"80", 0x50}, {"0x33", 0x33}, {"0x00", 0x00}, {"0x20", 0x20},
	}
	for _, c := range ok {
		got, err := ParseInterfaceVersion(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseInterfaceVersion(%q) = 0x%02X, %v; want 0x%02X", c.in, got, err, c.want)
		}
	}
	bad := []struct{ in, words string }{
		{"", "empty"},
		{"4.0", "want 3.3, 3.4 or 5.0"},
		{"0x40", "no SMPP version"},
		{"256", "want 3.3, 3.4 or 5.0"},
		{"34", "did you mean 3.4"},
		{"50", "did you mean 5.0"},
		{"-1", "want 3.3"},
	}
	for _, c := range bad {
		_, err := ParseInterfaceVersion(c.in)
		if err == nil || !strings.Contains(err.Error(), c.words) {
			t.Errorf("ParseInterfaceVersion(%q) error %v; want one saying %q", c.in, err, c.words)
		}
	}
}

func TestInterfaceVersionName(t *testing.T) {
	for v, want := range map[byte]string{0x33: "3.3", 0x34: "3.4", 0x50: "5.0", 0x20: "0x20", 0x40: "0x40"} {
		if got := InterfaceVersionName(v); got != want {
			t.Errorf("InterfaceVersionName(0x%02X) = %q, want %q", v, got, want)
		}
	}
}
