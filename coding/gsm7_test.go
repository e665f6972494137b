package coding

import (
	"bytes"
	"encoding/hex"
	"testing"
)

// basicWant restates GSM 03.38's default alphabet independently of gsmBasic, one
// character per septet value in order; \x1b stands at 0x1B, the escape.
const basicWant = "@£$¥èéùìòÇ\nØø\rÅå" +
	"Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ" +
	" !\"#¤%&'()*+,-./" +
	"0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNO" +
	"PQRSTUVWXYZÄÖÑÜ§" +
	"¿abcdefghijklmno" +
	"pqrstuvwxyzäöñüà"

// extensionWant restates the default extension table: character -> septet after 0x1B.
var extensionWant = map[rune]byte{
	'\f': 0x0A, '^': 0x14, '{': 0x28, '}': 0x29, '\\': 0x2F,
	'[': 0x3C, '~': 0x3D, ']': 0x3E, '|': 0x40, '€': 0x65,
}

func TestGSMBasicTableRoundTrip(t *testing.T) {
	want := []rune(basicWant)
	if len(want) != 128 {
		t.Fatalf("basicWant has %d characters", len(want))
	}
	for septet, r := range want {
		if septet == gsmEscape {
			continue
		}
		got, err := Encode(GSM7, string(r))
		if err != nil || !bytes.Equal(got, []byte{byte(septet)}) {
			t.Errorf("Encode(GSM7, %q) = %x, %v; want %02x", r, got, err, septet)
		}
		if n, ok := Cost(GSM7, r); n != 1 || !ok {
			t.Errorf("Cost(GSM7, %q) = %d, %v; want 1, true", r, n, ok)
		}
		d := Decode(0x00, []byte{byte(septet)})
		if !d.OK || d.Text != string(r) {
			t.Errorf("Decode(0x00, %02x) = %+v; want %q", septet, d, r)
		}
	}
}

func TestGSMExtensionTableRoundTrip(t *testing.T) {
	if len(gsmExtension) != len(extensionWant) {
		t.Errorf("extension table has %d entries, want %d", len(gsmExtension), len(extensionWant))
	}
	for r, septet := range extensionWant {
		enc := []byte{gsmEscape, septet}
		got, err := Encode(GSM7, string(r))
		if err != nil || !bytes.Equal(got, enc) {
			t.Errorf("Encode(GSM7, %q) = %x, %v; want %x", r, got, err, enc)
		}
		if n, ok := Cost(GSM7Packed, r); n != 2 || !ok {
			t.Errorf("Cost(GSM7Packed, %q) = %d, %v; want 2, true", r, n, ok)
		}
		if d := Decode(0x00, enc); !d.OK || d.Text != string(r) {
			t.Errorf("Decode(0x00, %x) = %+v; want %q", enc, d, r)
		}
	}
}

func TestGSMAlphabetSize(t *testing.T) {
	// 127 basic characters (128 septets less the escape) and 10 extension characters.
	n := 0
	for r := rune(0); r < 0x10000; r++ {
		if _, ok := Cost(GSM7, r); ok {
			n++
		}
	}
	if n != 137 {
		t.Errorf("%d characters are representable in GSM7, want 137", n)
	}
	for _, r := range "çÀ`ΑΒ\x1b\t" { // look-alikes and controls that are not in the alphabet
		if _, ok := Cost(GSM7, r); ok {
			t.Errorf("Cost(GSM7, %q) ok, want not representable", r)
		}
	}
}

func TestDecodeGSMEscapes(t *testing.T) {
	for _, tc := range []struct {
		in   string // hex
		want string
	}{
		{"1b65", "€"},
		{"1b0a", "\f"},
		{"1b41", "A"},    // undefined extension code: the basic-table character
		{"1b0d", "\r"},   // CR2: shown as CR
		{"1b1b41", " A"}, // SS2 (reserved for another table): a space
		{"41421b", "AB"}, // dangling final escape: dropped
		{"1b", ""},       // only an escape
		{"1b1b", " "},    // escape escape
		{"1b1b65", " e"}, // SS2 consumes the second escape
		{"001b3c1b3e", "@[]"},
	} {
		b, _ := hex.DecodeString(tc.in)
		d := Decode(0x00, b)
		if !d.OK || d.Text != tc.want {
			t.Errorf("Decode(0x00, %s) = %+v; want OK %q", tc.in, d, tc.want)
		}
	}
}

func TestPackVectors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"", ""},
		{"h", "68"},
		{"Hello", "c8329bfd06"},
		{"hellohello", "e8329bfd4697d9ec37"},
		// 7 septets leave 7 spare bits: they hold CR (0x0D<<1 = 0x1A), not '@'.
		{"1234567", "31d98c56b3dd1a"},
		// 8 septets fill 7 octets exactly.
		{"12345678", "31d98c56b3dd70"},
		{"123456781234567", "31d98c56b3dd7031d98c56b3dd1a"},
		{"1234567812345678", "31d98c56b3dd7031d98c56b3dd70"},
		{"€", "9b32"}, // escape + 0x65
	} {
		got, err := Encode(GSM7Packed, tc.text)
		if err != nil || hex.EncodeToString(got) != tc.want {
			t.Errorf("Encode(GSM7Packed, %q) = %x, %v; want %s", tc.text, got, err, tc.want)
		}
		septets, _ := Encode(GSM7, tc.text)
		if back := UnpackSeptets(got, 0, len(septets)); !bytes.Equal(back, septets) {
			t.Errorf("UnpackSeptets(%x) = %x; want %x", got, back, septets)
		}
		if d := DecodePacked(got, 0); !d.OK || d.Text != tc.text {
			t.Errorf("DecodePacked(%x) = %+v; want %q", got, d, tc.text)
		}
	}
}

// packReference packs septets bit by bit, the slow obvious way, as an oracle.
func packReference(septets []byte, fill int) []byte {
	if len(septets) == 0 {
		return []byte{}
	}
	var bits []byte
	for range fill {
		bits = append(bits, 0)
	}
	for _, s := range septets {
		for k := range 7 {
			bits = append(bits, (s>>k)&1)
		}
	}
	if (len(bits)+7)/8*8-len(bits) == 7 {
		for k := range 7 {
			bits = append(bits, (gsmCR>>k)&1)
		}
	}
	out := make([]byte, (len(bits)+7)/8)
	for i, b := range bits {
		out[i/8] |= b << (i % 8)
	}
	return out
}

func TestPackSeptetsFillBits(t *testing.T) {
	// One septet after one fill bit, as after a 6-octet concatenation UDH.
	if got := PackSeptets([]byte{'h'}, 1); !bytes.Equal(got, []byte{0xd0}) {
		t.Errorf("PackSeptets(h, 1) = %x; want d0", got)
	}
	septets, _ := Encode(GSM7, "hellohello€[x]")
	for fill := 0; fill <= 6; fill++ {
		for n := 0; n <= len(septets); n++ {
			in := septets[:n]
			got := PackSeptets(in, fill)
			if want := packReference(in, fill); !bytes.Equal(got, want) {
				t.Fatalf("PackSeptets(%x, %d) = %x; want %x", in, fill, got, want)
			}
			if n > 0 && got[0]&(1<<fill-1) != 0 {
				t.Fatalf("PackSeptets(%x, %d) = %x: fill bits not zero", in, fill, got)
			}
			if back := UnpackSeptets(got, fill, n); !bytes.Equal(back, in) {
				t.Fatalf("UnpackSeptets(PackSeptets(%x, %d)) = %x", in, fill, back)
			}
			// No CR in the input, so DecodePacked must find exactly the text.
			text := decodeGSM(in)
			if d := DecodePacked(got, fill); d.Text != text {
				t.Fatalf("DecodePacked(%x, %d) = %q; want %q", got, fill, d.Text, text)
			}
		}
	}
}

func TestUnpackSeptetsBounds(t *testing.T) {
	b := []byte{0xe8, 0x32, 0x9b}
	if got := UnpackSeptets(b, 0, 100); len(got) != 3 {
		t.Errorf("UnpackSeptets asked for 100 of 3 septets gave %d", len(got))
	}
	if got := UnpackSeptets(b, 0, -1); len(got) != 3 {
		t.Errorf("UnpackSeptets(-1) gave %d septets, want 3", len(got))
	}
	if got := UnpackSeptets(nil, 6, -1); len(got) != 0 {
		t.Errorf("UnpackSeptets(nil) gave %x", got)
	}
	if got := UnpackSeptets([]byte{0xff}, 6, -1); len(got) != 0 {
		t.Errorf("UnpackSeptets of 2 bits gave %x", got)
	}
	for _, fill := range []int{-5, 99} { // clamped, never a panic
		_ = UnpackSeptets(PackSeptets([]byte{1, 2, 3}, fill), fill, -1)
	}
	if got := PackSeptets(nil, 3); len(got) != 0 {
		t.Errorf("PackSeptets(nil, 3) = %x; want no octets", got)
	}
}
