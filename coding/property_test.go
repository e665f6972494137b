package coding

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// gsmAlphabet is every character GSM7 can carry, from the tables under test.
func gsmAlphabet() []rune {
	var all []rune
	for _, r := range gsmBasic {
		if r != noChar {
			all = append(all, r)
		}
	}
	for _, r := range gsmExtension {
		all = append(all, r)
	}
	return all
}

func randomText(rng *rand.Rand, alphabet []rune, maxLen int) string {
	r := make([]rune, rng.IntN(maxLen+1))
	for i := range r {
		r[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(r)
}

// randomUnicode mixes ASCII, the rest of the BMP (no surrogates) and characters above
// U+FFFF, emoji mostly, so surrogate pairs are common.
func randomUnicode(rng *rand.Rand, maxLen int) string {
	r := make([]rune, rng.IntN(maxLen+1))
	for i := range r {
		switch rng.IntN(4) {
		case 0:
			r[i] = rune(rng.IntN(0x80))
		case 1:
			c := rune(rng.IntN(0xF800)) // U+0000-U+F7FF skipping U+D800-U+DFFF
			if c >= 0xD800 {
				c += 0x800
			}
			r[i] = c
		case 2:
			r[i] = 0x1F300 + rune(rng.IntN(0x700)) // emoji blocks
		default:
			r[i] = 0x10000 + rune(rng.IntN(0x100000)) // any supplementary code point
		}
	}
	return string(r)
}

func TestPropertyGSMRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := gsmAlphabet()
	for range 2000 {
		text := randomText(rng, alphabet, 200)
		septets, err := Encode(GSM7, text)
		if err != nil {
			t.Fatalf("Encode(GSM7, %q): %v", text, err)
		}
		if n, _ := Units(GSM7, text); n != len(septets) {
			t.Fatalf("Units(GSM7, %q) = %d; Encode gave %d septets", text, n, len(septets))
		}
		if d := Decode(0x00, septets); !d.OK || d.Text != text {
			t.Fatalf("Decode(0x00, Encode(%q)) = %+v", text, d)
		}
		packed, err := Encode(GSM7Packed, text)
		if err != nil {
			t.Fatalf("Encode(GSM7Packed, %q): %v", text, err)
		}
		if want := (len(septets)*7 + 7) / 8; len(packed) != want {
			t.Fatalf("Encode(GSM7Packed) of %d septets gave %d octets, want %d", len(septets), len(packed), want)
		}
		if d := Decode(0x00, UnpackSeptets(packed, 0, len(septets))); !d.OK || d.Text != text {
			t.Fatalf("packed round trip of %q gave %+v", text, d)
		}
		fill := rng.IntN(7)
		if got := UnpackSeptets(PackSeptets(septets, fill), fill, len(septets)); !bytes.Equal(got, septets) {
			t.Fatalf("fill %d round trip of %x gave %x", fill, septets, got)
		}
	}
}

func TestPropertyUCS2RoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		text := randomUnicode(rng, 100)
		b, err := Encode(UCS2, text)
		if err != nil {
			t.Fatalf("Encode(UCS2, %q): %v", text, err)
		}
		if n, _ := Units(UCS2, text); 2*n != len(b) {
			t.Fatalf("Units(UCS2, %q) = %d; Encode gave %d octets", text, n, len(b))
		}
		if d := Decode(0x08, b); !d.OK || d.Text != text {
			t.Fatalf("Decode(0x08, Encode(%q)) = %+v", text, d)
		}
	}
}

func TestPropertyLatin1RoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 500 {
		b := make([]byte, rng.IntN(140))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		d := Decode(0x03, b)
		if !d.OK {
			t.Fatalf("Decode(0x03, %x) = %+v", b, d)
		}
		if got, err := Encode(Latin1, d.Text); err != nil || !bytes.Equal(got, b) {
			t.Fatalf("Encode(Latin1, Decode(%x)) = %x, %v", b, got, err)
		}
	}
}
