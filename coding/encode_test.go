package coding

import (
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestSchemeNames(t *testing.T) {
	for _, tc := range []struct {
		s    Scheme
		name string
		dc   byte
		unit string
	}{
		{Auto, "auto", 0x00, "units"},
		{GSM7, "gsm7", 0x00, "septets"},
		{GSM7Packed, "gsm7-packed", 0x00, "septets"},
		{UCS2, "ucs2", 0x08, "UTF-16 units"},
		{Latin1, "latin1", 0x03, "octets"},
		{Binary, "binary", 0x04, "octets"},
	} {
		if got := tc.s.String(); got != tc.name {
			t.Errorf("%d.String() = %q; want %q", tc.s, got, tc.name)
		}
		if got := tc.s.DataCoding(); got != tc.dc {
			t.Errorf("%v.DataCoding() = %#x; want %#x", tc.s, got, tc.dc)
		}
		if got := tc.s.UnitName(); got != tc.unit {
			t.Errorf("%v.UnitName() = %q; want %q", tc.s, got, tc.unit)
		}
		for _, spelling := range []string{tc.name, strings.ToUpper(tc.name), " " + tc.name + " "} {
			if got, err := ParseScheme(spelling); err != nil || got != tc.s {
				t.Errorf("ParseScheme(%q) = %v, %v; want %v", spelling, got, err, tc.s)
			}
		}
	}
	if got := Scheme(42).String(); got != "Scheme(42)" {
		t.Errorf("Scheme(42).String() = %q", got)
	}
	for alias, want := range map[string]Scheme{"Latin-1": Latin1, "UCS-2": UCS2, "hex": Binary, "GSM": GSM7} {
		if got, err := ParseScheme(alias); err != nil || got != want {
			t.Errorf("ParseScheme(%q) = %v, %v; want %v", alias, got, err, want)
		}
	}
	_, err := ParseScheme("utf8")
	if err == nil || !strings.Contains(err.Error(), "auto, gsm7, gsm7-packed, ucs2, latin1, binary") {
		t.Errorf("ParseScheme(utf8) error = %v; want one listing the valid names", err)
	}
}

func TestChoose(t *testing.T) {
	for _, tc := range []struct {
		text   string
		want   Scheme
		forced string
	}{
		{"", GSM7, ""},
		{"Hello €uro [x] {y} ~|^\\", GSM7, ""},
		{"Ünïcode", UCS2, "ï"},
		{"ça va? Ça va.", UCS2, "ç"}, // lower-case ç is not GSM; Ç is
		{"😀 hi 😀 Привет", UCS2, "😀Привет"},
		{"tab\there", UCS2, "\t"},
	} {
		s, forced := Choose(tc.text)
		if s != tc.want || string(forced) != tc.forced {
			t.Errorf("Choose(%q) = %v, %q; want %v, %q", tc.text, s, string(forced), tc.want, tc.forced)
		}
	}
}

func TestCostAndUnits(t *testing.T) {
	for _, tc := range []struct {
		s    Scheme
		r    rune
		n    int
		isOK bool
	}{
		{GSM7, 'a', 1, true},
		{GSM7, '€', 2, true},
		{GSM7Packed, '{', 2, true},
		{GSM7, 'ç', 0, false},
		{UCS2, 'a', 1, true},
		{UCS2, '€', 1, true},
		{UCS2, '😀', 2, true},
		{UCS2, 0xD800, 0, false},
		{UCS2, 0x110000, 0, false},
		{Latin1, 'ÿ', 1, true},
		{Latin1, '€', 0, false},
		{Binary, 'a', 0, false},
		{Auto, 'a', 0, false},
	} {
		n, ok := Cost(tc.s, tc.r)
		if n != tc.n || ok != tc.isOK {
			t.Errorf("Cost(%v, %q) = %d, %v; want %d, %v", tc.s, tc.r, n, ok, tc.n, tc.isOK)
		}
	}
	for _, tc := range []struct {
		s    Scheme
		text string
		n    int
	}{
		{GSM7, "", 0},
		{GSM7, "hello", 5},
		{GSM7, "€€€", 6},
		{GSM7Packed, strings.Repeat("€", 80), 160},
		{UCS2, "a😀é", 4},
		{Latin1, "café", 4},
		{Binary, "de ad be ef", 4},
		{Auto, "price: 5€", 10},
		{Auto, "price: 5₹", 9},
	} {
		n, err := Units(tc.s, tc.text)
		if err != nil || n != tc.n {
			t.Errorf("Units(%v, %q) = %d, %v; want %d", tc.s, tc.text, n, err, tc.n)
		}
	}
	_, err := Units(GSM7, "abc😀")
	var ue *UnrepresentableError
	if !errors.As(err, &ue) || ue.Char != '😀' || ue.Index != 3 || ue.Scheme != GSM7 {
		t.Errorf("Units(GSM7, abc😀) error = %#v; want the emoji at index 3", err)
	}
	if _, err := Units(Scheme(9), "x"); err == nil {
		t.Error("Units(Scheme(9)) gave no error")
	}
}

func TestEncodeUCS2(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"", ""},
		{"A", "0041"},
		{"Hé€", "004800e920ac"},
		{"😀", "d83dde00"},
		{"a😀b", "0061d83dde000062"},
		{"\U0010FFFF", "dbffdfff"},
		{"\uFFFF", "ffff"},
	} {
		got, err := Encode(UCS2, tc.text)
		if err != nil || hex.EncodeToString(got) != tc.want {
			t.Errorf("Encode(UCS2, %q) = %x, %v; want %s", tc.text, got, err, tc.want)
		}
		if d := Decode(0x08, got); !d.OK || d.Text != tc.text {
			t.Errorf("Decode(0x08, %x) = %+v; want %q", got, d, tc.text)
		}
	}
}

func TestEncodeLatin1(t *testing.T) {
	got, err := Encode(Latin1, "café £5 ÿ")
	if err != nil || hex.EncodeToString(got) != "636166e920a33520ff" {
		t.Errorf("Encode(Latin1) = %x, %v", got, err)
	}
	if d := Decode(0x03, got); !d.OK || d.Text != "café £5 ÿ" {
		t.Errorf("Decode(0x03) = %+v", d)
	}
	_, err = Encode(Latin1, "5 €")
	if err == nil || !strings.Contains(err.Error(), "'€'") || !strings.Contains(err.Error(), "position 3") {
		t.Errorf("Encode(Latin1, 5 €) error = %v; want one naming '€' at index 2", err)
	}
}

func TestEncodeErrors(t *testing.T) {
	for _, tc := range []struct {
		s    Scheme
		text string
		want string
	}{
		{GSM7, "naïve", "'ï' (U+00EF) at position 3"},
		{GSM7Packed, "x😀", "'😀' (U+1F600) at position 2"},
		{GSM7, "a\xffb", "not valid UTF-8 at byte offset 1"},
		{UCS2, "\xc3", "not valid UTF-8"},
		{Scheme(-1), "x", "unknown coding"},
	} {
		_, err := Encode(tc.s, tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Encode(%v, %q) error = %v; want it to contain %q", tc.s, tc.text, err, tc.want)
		}
	}
	// U+FFFD written on purpose is text, not an encoding error.
	if got, err := Encode(UCS2, "\uFFFD"); err != nil || hex.EncodeToString(got) != "fffd" {
		t.Errorf("Encode(UCS2, U+FFFD) = %x, %v", got, err)
	}
}

func TestEncodeAuto(t *testing.T) {
	if got, _ := Encode(Auto, "hi€"); hex.EncodeToString(got) != "68691b65" {
		t.Errorf("Encode(Auto, hi€) = %x; want GSM7 68691b65", got)
	}
	if got, _ := Encode(Auto, "hi₹"); hex.EncodeToString(got) != "0068006920b9" {
		t.Errorf("Encode(Auto, hi₹) = %x; want UCS2", got)
	}
}

func TestHexBytes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"deadbeef", "deadbeef"},
		{"DE AD be EF", "deadbeef"},
		{"de:ad:be:ef", "deadbeef"},
		{"0xdeadbeef", "deadbeef"},
		{"0XDE 0xad", "dead"},
		{"0x01, 0x02,0x03", "010203"},
		{"00 01\n02\t03\r\n", "00010203"},
		{"0x00", "00"},
	} {
		got, err := HexBytes(tc.in)
		if err != nil || hex.EncodeToString(got) != tc.want {
			t.Errorf("HexBytes(%q) = %x, %v; want %s", tc.in, got, err, tc.want)
		}
		if b, err := Encode(Binary, tc.in); err != nil || hex.EncodeToString(b) != tc.want {
			t.Errorf("Encode(Binary, %q) = %x, %v; want %s", tc.in, b, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"abc", "odd number of digits (3)"},
		{"1 23", "odd number of digits (1)"},
		{"0x1", "odd number of digits (1)"},
		{"zz", "'z' is not a hex digit"},
		{"0x", "no digits after 0x"},
		{"12-34", "'-' is not a hex digit"},
		{"dé", "'é' is not a hex digit"},
	} {
		_, err := HexBytes(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("HexBytes(%q) error = %v; want it to contain %q", tc.in, err, tc.want)
		}
	}
}

func TestChooseForcedOrderIsFirstAppearance(t *testing.T) {
	_, forced := Choose("βαβγα")
	if !slices.Equal(forced, []rune("βαγ")) {
		t.Errorf("forced = %q; want βαγ", string(forced))
	}
}
