package segment

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/coding"
)

func rep(s string, n int) string { return strings.Repeat(s, n) }

func TestLimits(t *testing.T) {
	hex140 := rep("A5", 140)
	tests := []struct {
		name    string
		text    string
		scheme  coding.Scheme
		method  Method
		units   []int // per part
		perPart int
		room    int
	}{
		{"gsm7 160 fits", rep("a", 160), coding.GSM7, UDH, []int{160}, 160, 0},
		{"gsm7 161 udh", rep("a", 161), coding.GSM7, UDH, []int{153, 8}, 153, 145},
		{"gsm7 306 udh", rep("a", 306), coding.GSM7, UDH, []int{153, 153}, 153, 0},
		{"gsm7 307 udh", rep("a", 307), coding.GSM7, UDH, []int{153, 153, 1}, 153, 152},
		{"gsm7 158+€ = 160 septets fits", rep("a", 158) + "€", coding.GSM7, UDH, []int{160}, 160, 0},
		{"gsm7 159+€ = 161 septets splits", rep("a", 159) + "€", coding.GSM7, UDH, []int{153, 8}, 153, 145},
		{"gsm7 € straddles 153", rep("a", 152) + "€" + rep("b", 10), coding.GSM7, UDH, []int{152, 12}, 153, 141},
		{"gsm7 € ends part exactly", rep("a", 151) + "€" + rep("b", 10), coding.GSM7, UDH, []int{153, 10}, 153, 143},
		{"gsm7 all €", rep("€", 81), coding.GSM7, UDH, []int{152, 10}, 153, 143},
		{"gsm7 161 udh16", rep("a", 161), coding.GSM7, UDH16, []int{152, 9}, 152, 143},
		{"gsm7 161 sar", rep("a", 161), coding.GSM7, SAR, []int{160, 1}, 160, 159},
		{"gsm7 1000 payload", rep("a", 1000), coding.GSM7, Payload, []int{1000}, 65535, 64535},
		{"packed 160 fits", rep("a", 160), coding.GSM7Packed, UDH, []int{160}, 160, 0},
		{"packed 161 udh", rep("a", 161), coding.GSM7Packed, UDH, []int{153, 8}, 153, 145},
		{"packed 161 udh16", rep("a", 161), coding.GSM7Packed, UDH16, []int{152, 9}, 152, 143},
		{"packed payload", rep("a", 200), coding.GSM7Packed, Payload, []int{200}, 74897, 74697},
		{"ucs2 70 fits", rep("ж", 70), coding.UCS2, UDH, []int{70}, 70, 0},
		{"ucs2 71 udh", rep("ж", 71), coding.UCS2, UDH, []int{67, 4}, 67, 63},
		{"ucs2 71 udh16", rep("ж", 71), coding.UCS2, UDH16, []int{66, 5}, 66, 61},
		{"ucs2 71 sar", rep("ж", 71), coding.UCS2, SAR, []int{70, 1}, 70, 69},
		{"ucs2 68+emoji = 70 fits", rep("ж", 68) + "😀", coding.UCS2, UDH, []int{70}, 70, 0},
		{"ucs2 69+emoji = 71 splits", rep("ж", 69) + "😀", coding.UCS2, UDH, []int{67, 4}, 67, 63},
		{"ucs2 emoji straddles 67", rep("ж", 66) + "😀" + rep("ж", 10), coding.UCS2, UDH, []int{66, 12}, 67, 55},
		{"ucs2 emoji ends part exactly", rep("ж", 65) + "😀" + rep("ж", 10), coding.UCS2, UDH, []int{67, 10}, 67, 57},
		{"ucs2 emoji straddles 66 udh16", rep("ж", 65) + "😀" + rep("ж", 10), coding.UCS2, UDH16, []int{65, 12}, 66, 54},
		{"ucs2 payload", rep("ж", 100), coding.UCS2, Payload, []int{100}, 32767, 32667},
		{"latin1 140 fits", rep("é", 140), coding.Latin1, UDH, []int{140}, 140, 0},
		{"latin1 141 udh", rep("é", 141), coding.Latin1, UDH, []int{134, 7}, 134, 127},
		{"latin1 141 udh16", rep("é", 141), coding.Latin1, UDH16, []int{133, 8}, 133, 125},
		{"latin1 141 sar", rep("é", 141), coding.Latin1, SAR, []int{140, 1}, 140, 139},
		{"binary 140 fits", hex140, coding.Binary, UDH, []int{140}, 140, 0},
		{"binary 141 udh", hex140 + "FF", coding.Binary, UDH, []int{134, 7}, 134, 127},
		{"binary 141 udh16", hex140 + "FF", coding.Binary, UDH16, []int{133, 8}, 133, 125},
		{"binary 141 sar", hex140 + "FF", coding.Binary, SAR, []int{140, 1}, 140, 139},
		{"empty", "", coding.GSM7, UDH, []int{0}, 160, 160},
		{"empty ucs2 udh16", "", coding.UCS2, UDH16, []int{0}, 70, 70},
		{"empty binary", "", coding.Binary, SAR, []int{0}, 140, 140},
		{"empty payload", "", coding.GSM7, Payload, []int{0}, 65535, 65535},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{Scheme: tt.scheme, Method: tt.method, Ref: 0x1234}
			p, err := Make(tt.text, o)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, part := range p.Parts {
				got = append(got, part.Units)
			}
			if !equalInts(got, tt.units) {
				t.Errorf("part units = %v, want %v", got, tt.units)
			}
			if p.PerPart != tt.perPart || p.Room != tt.room {
				t.Errorf("PerPart, Room = %d, %d, want %d, %d", p.PerPart, p.Room, tt.perPart, tt.room)
			}
			checkPlan(t, tt.text, o, p)
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSinglePartHasNoConcatenation(t *testing.T) {
	for _, m := range []Method{UDH, UDH16, SAR} {
		p, err := Make("hello", Options{Scheme: coding.GSM7, Method: m, Ref: 7})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Parts) != 1 || p.Parts[0].UDH != nil || p.Parts[0].SAR != nil || p.Ref != 0 {
			t.Errorf("%s: single part carries concatenation: %+v", m, p)
		}
		if string(p.Parts[0].ShortMessage) != "hello" || p.Chars != 5 || p.Units != 5 {
			t.Errorf("%s: short_message %q, chars %d, units %d", m, p.Parts[0].ShortMessage, p.Chars, p.Units)
		}
	}
}

func TestUDHBytes(t *testing.T) {
	text := rep("a", 161)
	p, err := Make(text, Options{Scheme: coding.GSM7, Method: UDH, Ref: 0x1234})
	if err != nil {
		t.Fatal(err)
	}
	if p.Ref != 0x34 {
		t.Errorf("Ref = %#x, want 0x34 (8-bit reference uses the low octet)", p.Ref)
	}
	for i, want := range [][]byte{{0x05, 0x00, 0x03, 0x34, 0x02, 0x01}, {0x05, 0x00, 0x03, 0x34, 0x02, 0x02}} {
		part := p.Parts[i]
		if !bytes.Equal(part.UDH, want) {
			t.Errorf("part %d UDH = % X, want % X", i+1, part.UDH, want)
		}
		if !bytes.HasPrefix(part.ShortMessage, want) || !bytes.Equal(part.ShortMessage[len(want):], part.Data) {
			t.Errorf("part %d short_message is not UDH+Data", i+1)
		}
	}
	if n := len(p.Parts[0].ShortMessage); n != 159 {
		t.Errorf("unpacked GSM7 part 1 short_message is %d octets, want 6+153=159", n)
	}

	p, err = Make(text, Options{Scheme: coding.GSM7, Method: UDH16, Ref: 0x1234})
	if err != nil {
		t.Fatal(err)
	}
	if p.Ref != 0x1234 {
		t.Errorf("Ref = %#x, want 0x1234", p.Ref)
	}
	for i, want := range [][]byte{{0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01}, {0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x02}} {
		if !bytes.Equal(p.Parts[i].UDH, want) {
			t.Errorf("udh16 part %d UDH = % X, want % X", i+1, p.Parts[i].UDH, want)
		}
	}
}

func TestSARValues(t *testing.T) {
	p, err := Make(rep("ж", 150), Options{Scheme: coding.UCS2, Method: SAR, Ref: 0xBEEF})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Parts) != 3 || p.Ref != 0xBEEF {
		t.Fatalf("parts %d ref %#x", len(p.Parts), p.Ref)
	}
	for i, part := range p.Parts {
		want := SARInfo{Ref: 0xBEEF, Total: 3, Seq: uint8(i + 1)}
		if part.SAR == nil || *part.SAR != want {
			t.Errorf("part %d SAR = %+v, want %+v", i+1, part.SAR, want)
		}
		if part.UDH != nil || !bytes.Equal(part.ShortMessage, part.Data) {
			t.Errorf("part %d: SAR short_message must be the text only", i+1)
		}
		if len(part.ShortMessage) > 140 {
			t.Errorf("part %d: %d octets", i+1, len(part.ShortMessage))
		}
	}
}

func TestPayload(t *testing.T) {
	text := rep("€", 500)
	p, err := Make(text, Options{Scheme: coding.GSM7, Method: Payload, Ref: 9})
	if err != nil {
		t.Fatal(err)
	}
	part := p.Parts[0]
	if len(p.Parts) != 1 || p.Ref != 0 || part.UDH != nil || part.SAR != nil {
		t.Fatalf("payload plan: %+v", p)
	}
	if part.ShortMessage == nil || len(part.ShortMessage) != 0 {
		t.Errorf("short_message must be empty, not %v", part.ShortMessage)
	}
	if len(part.Payload) != 1000 || part.Text != text || p.Units != 1000 || p.Chars != 500 {
		t.Errorf("payload %d octets, units %d, chars %d", len(part.Payload), p.Units, p.Chars)
	}
}

// refPack is 3GPP 23.038 6.1.2.1 packing written out bit by bit, to check coding's
// packer and the fill bits independently: septet bits go LSB first, after fill bits.
func refPack(septets []byte, fill int) []byte {
	out := make([]byte, (fill+7*len(septets)+7)/8)
	pos := fill
	for _, s := range septets {
		for k := 0; k < 7; k++ {
			if s>>k&1 == 1 {
				out[pos/8] |= 1 << (pos % 8)
			}
			pos++
		}
	}
	return out
}

func TestPackedFillBits(t *testing.T) {
	text := "Hello" + rep("a", 156)
	for _, tc := range []struct {
		m       Method
		fill    int
		udhLen  int
		octets0 int
	}{{UDH, 1, 6, 134}, {UDH16, 0, 7, 133}, {SAR, 0, 0, 140}} {
		p, err := Make(text, Options{Scheme: coding.GSM7Packed, Method: tc.m, Ref: 1})
		if err != nil {
			t.Fatal(err)
		}
		part := p.Parts[0]
		septets, err := coding.Encode(coding.GSM7, part.Text)
		if err != nil {
			t.Fatal(err)
		}
		if want := refPack(septets, tc.fill); !bytes.Equal(part.Data, want) {
			t.Errorf("%s: packed data starts % X, want % X", tc.m, part.Data[:4], want[:4])
		}
		if len(part.Data) != tc.octets0 || len(part.ShortMessage) != 140 {
			t.Errorf("%s: data %d octets, short_message %d, want %d and 140", tc.m, len(part.Data), len(part.ShortMessage), tc.octets0)
		}
	}
	// 'H' (0x48) shifted past the single fill bit: the well-known 0x90 first octet.
	p, _ := Make(text, Options{Scheme: coding.GSM7Packed, Method: UDH})
	if p.Parts[0].Data[0] != 0x90 {
		t.Errorf("first octet after 6-octet UDH = %#x, want 0x90", p.Parts[0].Data[0])
	}
}

func TestBinaryText(t *testing.T) {
	// Plain hex: parts slice the input, so they join back to it exactly (case kept).
	text := rep("aB", 141)
	p, err := Make(text, Options{Scheme: coding.Binary, Method: UDH})
	if err != nil {
		t.Fatal(err)
	}
	if p.Chars != 141 || p.Units != 141 || p.UnitName != "octets" {
		t.Errorf("chars %d units %d %s", p.Chars, p.Units, p.UnitName)
	}
	if p.Parts[0].Text+p.Parts[1].Text != text || p.Parts[1].Text != rep("aB", 7) {
		t.Errorf("binary part texts %q", p.Parts[1].Text)
	}
	if !bytes.Equal(p.Parts[1].Data, bytes.Repeat([]byte{0xAB}, 7)) {
		t.Errorf("binary data % X", p.Parts[1].Data)
	}
	if _, err := Make("zz", Options{Scheme: coding.Binary}); err == nil {
		t.Error("non-hex binary text accepted")
	}
}

func TestAuto(t *testing.T) {
	p, err := Make("hello €", Options{Scheme: coding.Auto})
	if err != nil {
		t.Fatal(err)
	}
	if p.Scheme != coding.GSM7 && p.Scheme != coding.GSM7Packed || p.ForcedUCS2 != nil || p.Units != 8 {
		t.Errorf("auto on GSM text: %s forced %q units %d", p.Scheme, p.ForcedUCS2, p.Units)
	}
	p, err = Make("hello ł", Options{Scheme: coding.Auto})
	if err != nil {
		t.Fatal(err)
	}
	if p.Scheme != coding.UCS2 || p.DataCoding != 0x08 || !strings.ContainsRune(string(p.ForcedUCS2), 'ł') {
		t.Errorf("auto on Polish text: %s dc %#x forced %q", p.Scheme, p.DataCoding, p.ForcedUCS2)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		o    Options
		want []string
	}{
		{"ł in gsm7", "abł", Options{Scheme: coding.GSM7}, []string{"'ł'", "position 3", "GSM 03.38"}},
		{"ł in packed", "ł", Options{Scheme: coding.GSM7Packed}, []string{"'ł'", "position 1"}},
		{"€ in latin1", "price 5€", Options{Scheme: coding.Latin1}, []string{"'€'", "position 8", "Latin-1"}},
		{"312 parts udh", rep("a", 153*311+1), Options{Scheme: coding.GSM7, Method: UDH},
			[]string{"message needs 312 parts; udh allows at most 255"}},
		{"256 parts sar", rep("ж", 70*255+1), Options{Scheme: coding.UCS2, Method: SAR},
			[]string{"message needs 256 parts; sar allows at most 255"}},
		{"max parts", rep("a", 153*3+1), Options{Scheme: coding.GSM7, Method: UDH16, MaxParts: 3},
			[]string{"message needs 4 parts; at most 3 allowed"}},
		{"payload too big", rep("ж", 32768), Options{Scheme: coding.UCS2, Method: Payload},
			[]string{"message_payload holds at most 32767"}},
		{"bad method", "a", Options{Method: Method(9)}, []string{"method"}},
		{"bad scheme", "a", Options{Scheme: coding.Scheme(42)}, []string{"unknown coding"}},
		{"huge paste", rep("a", 1<<20+1), Options{Scheme: coding.GSM7}, []string{"1048577 characters"}},
		{"invalid utf8", "ab\xff", Options{Scheme: coding.UCS2}, []string{"UTF-8", "byte offset 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Make(tt.text, tt.o)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	// The UI points at the offending character through coding's error type.
	_, err := Make("ok ł", Options{Scheme: coding.GSM7})
	var ue *coding.UnrepresentableError
	if !errors.As(err, &ue) || ue.Char != 'ł' || ue.Index != 3 || ue.Scheme != coding.GSM7 {
		t.Errorf("error %v is not an UnrepresentableError for 'ł' at 3", err)
	}
	// Exactly 255 parts is allowed.
	if p, err := Make(rep("a", 153*255), Options{Scheme: coding.GSM7, Method: UDH}); err != nil || len(p.Parts) != 255 {
		t.Errorf("255 parts: %v", err)
	}
}

func TestMethodNames(t *testing.T) {
	for m := UDH; m <= Payload; m++ {
		got, err := ParseMethod(strings.ToUpper(m.String()))
		if err != nil || got != m {
			t.Errorf("ParseMethod(%q) = %v, %v", m, got, err)
		}
	}
	if _, err := ParseMethod("carrier-pigeon"); err == nil {
		t.Error("ParseMethod accepted nonsense")
	}
	if Method(7).String() != "Method(7)" {
		t.Error(Method(7).String())
	}
}
