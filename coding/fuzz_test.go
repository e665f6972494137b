package coding

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
	"unicode/utf8"
)

// canonicalGSM reports whether septets are what Encode(GSM7) would produce for their
// text: every escape is followed by an extension-table code.
func canonicalGSM(b []byte) bool {
	for i := 0; i < len(b); i++ {
		if b[i] == gsmEscape {
			if i+1 == len(b) {
				return false
			}
			i++
			if _, ok := gsmExtension[b[i]]; !ok {
				return false
			}
		}
	}
	return true
}

func FuzzDecode(f *testing.F) {
	f.Add(byte(0x00), []byte("Hello @£$ \x1b\x65"))
	f.Add(byte(0x00), []byte{0x1b})
	f.Add(byte(0x08), []byte{0xd8, 0x3d, 0xde, 0x00})
	f.Add(byte(0x08), []byte{0xdc, 0x00, 0xd8})
	f.Add(byte(0x03), []byte("caf\xe9"))
	f.Add(byte(0x07), []byte{0xe0, 0xbf, 0xfd})
	f.Add(byte(0xF5), []byte{0x00, 0xff})
	f.Add(byte(0x39), []byte{0x01})
	f.Fuzz(func(t *testing.T, dataCoding byte, b []byte) {
		d := Decode(dataCoding, b)
		if d.Hex != hex.EncodeToString(b) || d.Scheme == "" {
			t.Fatalf("Decode(0x%02X, %x) = %+v: bad Hex or Scheme", dataCoding, b, d)
		}
		if d.OK != (d.Reason == "") || (!d.OK && d.Text != "") {
			t.Fatalf("Decode(0x%02X, %x) = %+v: OK, Reason and Text disagree", dataCoding, b, d)
		}
		if !d.OK {
			if !strings.Contains(d.Reason, "shown as hex") {
				t.Fatalf("Reason %q does not say the octets are shown as hex", d.Reason)
			}
			return
		}
		if !utf8.ValidString(d.Text) {
			t.Fatalf("Decode(0x%02X, %x) gave invalid UTF-8 %q", dataCoding, b, d.Text)
		}
		alpha, _ := alphabetOf(dataCoding)
		switch alpha {
		case alphaGSM:
			again, err := Encode(GSM7, d.Text)
			if err != nil {
				t.Fatalf("Encode(GSM7, %q) of decoded %x: %v", d.Text, b, err)
			}
			if canonicalGSM(b) && !bytes.Equal(again, b) {
				t.Fatalf("GSM %x decoded to %q re-encodes as %x", b, d.Text, again)
			}
			if d2 := Decode(0x00, again); d2.Text != d.Text {
				t.Fatalf("GSM %x: decode is not stable: %q then %q", b, d.Text, d2.Text)
			}
		case alphaUCS2:
			if again, err := Encode(UCS2, d.Text); err != nil || !bytes.Equal(again, b) {
				t.Fatalf("UCS2 %x decoded to %q re-encodes as %x, %v", b, d.Text, again, err)
			}
		case alphaLatin1, alphaIA5:
			if again, err := Encode(Latin1, d.Text); err != nil || !bytes.Equal(again, b) {
				t.Fatalf("%x decoded to %q re-encodes as %x, %v", b, d.Text, again, err)
			}
		case alphaBinary:
			if d.Text != "" {
				t.Fatalf("binary decoded to text %q", d.Text)
			}
		case alphaCyrillic, alphaHebrew:
			if utf8.RuneCountInString(d.Text) != len(b) {
				t.Fatalf("single-octet coding gave %d characters for %d octets", utf8.RuneCountInString(d.Text), len(b))
			}
		}
	})
}

func FuzzEncodeUCS2GSM(f *testing.F) {
	for _, s := range []string{"", "hello", "€[]{}", "1234567", "1234567\r", "😀a😀", "ça", "\xff", "\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ucs2, err := Encode(UCS2, s)
		if !utf8.ValidString(s) {
			if err == nil {
				t.Fatalf("Encode(UCS2) accepted invalid UTF-8 %q", s)
			}
			return
		}
		if err != nil {
			t.Fatalf("Encode(UCS2, %q): %v", s, err)
		}
		if n, _ := Units(UCS2, s); 2*n != len(ucs2) {
			t.Fatalf("Units(UCS2, %q) = %d; %d octets", s, n, len(ucs2))
		}
		if d := Decode(0x08, ucs2); !d.OK || d.Text != s {
			t.Fatalf("UCS2 round trip of %q gave %+v", s, d)
		}

		scheme, forced := Choose(s)
		gsm, gsmErr := Encode(GSM7, s)
		if (scheme == GSM7) != (gsmErr == nil) || (scheme == GSM7) != (len(forced) == 0) {
			t.Fatalf("Choose(%q) = %v, %q but Encode(GSM7) error is %v", s, scheme, string(forced), gsmErr)
		}
		for _, r := range forced {
			if _, ok := Cost(GSM7, r); ok {
				t.Fatalf("Choose(%q) blamed %q, which GSM7 has", s, r)
			}
		}
		if gsmErr != nil {
			return
		}
		if n, _ := Units(GSM7, s); n != len(gsm) {
			t.Fatalf("Units(GSM7, %q) = %d; %d septets", s, n, len(gsm))
		}
		if d := Decode(0x00, gsm); !d.OK || d.Text != s {
			t.Fatalf("GSM7 round trip of %q gave %+v", s, d)
		}
		packed, err := Encode(GSM7Packed, s)
		if err != nil || !bytes.Equal(UnpackSeptets(packed, 0, len(gsm)), gsm) {
			t.Fatalf("GSM7Packed round trip of %q failed: %x, %v", s, packed, err)
		}
		// DecodePacked can only lose a wanted CR that sits where padding would be.
		if d := DecodePacked(packed, 0); d.Text != s && !(len(gsm)%8 == 0 && strings.HasSuffix(s, "\r") && d.Text == s[:len(s)-1]) {
			t.Fatalf("DecodePacked(%x) = %q; want %q", packed, d.Text, s)
		}
	})
}
