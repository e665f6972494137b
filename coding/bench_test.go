package coding

import (
	"strings"
	"testing"
)

func BenchmarkEncodeGSM7(b *testing.B) {
	text := strings.Repeat("Hello {world} €5 ", 10)[:160] // 160 characters, some extension
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Encode(GSM7, text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeGSM7Packed(b *testing.B) {
	text := strings.Repeat("hellohello", 16) // 160 septets
	for b.Loop() {
		if _, err := Encode(GSM7Packed, text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeUCS2(b *testing.B) {
	text := strings.Repeat("Привет😀", 10) // 70 characters, 80 UTF-16 units
	for b.Loop() {
		if _, err := Encode(UCS2, text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeUCS2(b *testing.B) {
	msg, err := Encode(UCS2, strings.Repeat("Привет😀", 10))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		if d := Decode(0x08, msg); !d.OK {
			b.Fatal(d.Reason)
		}
	}
}
