package segment

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/smppconsole/smppconsole/coding"
)

// checkPlan asserts every invariant a plan must hold, independently of how Make works.
func checkPlan(tb testing.TB, text string, o Options, p Plan) {
	tb.Helper()
	fail := func(format string, args ...any) {
		tb.Helper()
		tb.Fatalf("%s/%s %q: %s", p.Scheme, o.Method, abbrev(text), fmt.Sprintf(format, args...))
	}
	if p.Scheme == coding.Auto || p.DataCoding != p.Scheme.DataCoding() || p.Method != o.Method {
		fail("scheme %s dc %#x method %s", p.Scheme, p.DataCoding, p.Method)
	}
	if o.Scheme != coding.Auto && p.Scheme != o.Scheme {
		fail("scheme %s, asked for %s", p.Scheme, o.Scheme)
	}
	if len(p.Parts) == 0 {
		fail("no parts")
	}
	units, joined := 0, ""
	var data []byte
	for i, part := range p.Parts {
		if part.Seq != i+1 {
			fail("part %d has Seq %d", i+1, part.Seq)
		}
		if part.Units > p.PerPart || part.Units < 0 {
			fail("part %d has %d units, limit %d", part.Seq, part.Units, p.PerPart)
		}
		units += part.Units
		joined += part.Text
		data = append(data, part.Data...)
	}
	if units != p.Units {
		fail("parts hold %d units, plan says %d", units, p.Units)
	}
	last := p.Parts[len(p.Parts)-1]
	if p.Room != p.PerPart-last.Units || p.Room < 0 {
		fail("Room %d, PerPart %d, last part %d", p.Room, p.PerPart, last.Units)
	}
	if p.Scheme == coding.Binary {
		want, err := coding.HexBytes(text)
		if err != nil || !bytes.Equal(data, want) || p.Chars != len(want) {
			fail("binary data % X, want % X (%v)", data, want, err)
		}
		if len(text) == 2*len(want) && isHex(text) && joined != text {
			fail("binary texts join to %q", joined)
		}
	} else {
		if joined != text {
			fail("part texts join to %q", abbrev(joined))
		}
		if p.Chars != utf8.RuneCountInString(text) {
			fail("Chars %d", p.Chars)
		}
	}

	if o.Method == Payload {
		if len(p.Parts) != 1 || len(last.ShortMessage) != 0 || last.ShortMessage == nil ||
			!bytes.Equal(last.Payload, last.Data) || len(last.Payload) > maxPayload ||
			last.UDH != nil || last.SAR != nil || p.Ref != 0 {
			fail("bad payload plan")
		}
	} else {
		checkShortMessages(tb, o, p, fail)
	}

	// Decoding each part's octets must give back exactly its text.
	for _, part := range p.Parts {
		if got, ok := decodePart(p.Scheme, part); !ok || got != part.Text {
			fail("part %d decodes to %q (ok %v), want %q", part.Seq, abbrev(got), ok, abbrev(part.Text))
		}
	}
}

func checkShortMessages(tb testing.TB, o Options, p Plan, fail func(string, ...any)) {
	tb.Helper()
	n := len(p.Parts)
	maxParts := o.MaxParts
	if maxParts <= 0 || maxParts > 255 {
		maxParts = 255
	}
	if n > maxParts {
		fail("%d parts, max %d", n, maxParts)
	}
	// The air-interface limit: 140 octets, except unpacked GSM7 which uses one octet per septet.
	maxSM := 140
	if p.Scheme == coding.GSM7 {
		maxSM = 160
	}
	if n == 1 {
		part := p.Parts[0]
		if part.UDH != nil || part.SAR != nil || p.Ref != 0 || p.PerPart != limit(p.Scheme, 0) ||
			!bytes.Equal(part.ShortMessage, part.Data) || part.Payload != nil {
			fail("single part carries concatenation or wrong PerPart %d", p.PerPart)
		}
	}
	for i, part := range p.Parts {
		if len(part.ShortMessage) > maxSM || len(part.ShortMessage) > 254 {
			fail("part %d short_message is %d octets", part.Seq, len(part.ShortMessage))
		}
		if part.Payload != nil {
			fail("part %d has a payload", part.Seq)
		}
		if !bytes.Equal(part.ShortMessage, append(append([]byte{}, part.UDH...), part.Data...)) {
			fail("part %d short_message is not UDH+Data", part.Seq)
		}
		// Greedy: a part ends only because the next character does not fit.
		if i+1 < n {
			next := p.Parts[i+1]
			cost := 1
			if p.Scheme != coding.Binary {
				r, _ := utf8.DecodeRuneInString(next.Text)
				cost, _ = coding.Cost(p.Scheme, r)
			}
			if part.Units+cost <= p.PerPart {
				fail("part %d ends early: %d units + %d <= %d", part.Seq, part.Units, cost, p.PerPart)
			}
		}
		if n == 1 {
			continue
		}
		switch o.Method {
		case UDH, UDH16:
			u, err := ParseUDH(part.ShortMessage)
			wantLen, ref := 6, uint16(byte(o.Ref))
			if o.Method == UDH16 {
				wantLen, ref = 7, o.Ref
			}
			if err != nil || u.Length != wantLen || u.Concat == nil ||
				*u.Concat != (Concat{Ref: ref, Total: n, Seq: part.Seq, SixteenBit: o.Method == UDH16}) || p.Ref != ref {
				fail("part %d UDH % X parses to %+v %v", part.Seq, part.UDH, u.Concat, err)
			}
		case SAR:
			if part.SAR == nil || *part.SAR != (SARInfo{Ref: o.Ref, Total: uint8(n), Seq: uint8(part.Seq)}) || part.UDH != nil {
				fail("part %d SAR %+v", part.Seq, part.SAR)
			}
		}
	}
}

// decodePart decodes a part's octets the way a handset would.
func decodePart(s coding.Scheme, part Part) (string, bool) {
	switch s {
	case coding.Binary:
		return part.Text, true // checked as octets instead
	case coding.GSM7Packed:
		fill := 0
		if len(part.UDH) > 0 {
			fill = fillBits(len(part.UDH))
		}
		d := coding.Decode(0x00, coding.UnpackSeptets(part.Data, fill, part.Units))
		return d.Text, d.OK
	}
	d := coding.Decode(s.DataCoding(), part.Data)
	return d.Text, d.OK
}

func abbrev(s string) string {
	if len(s) > 60 {
		return s[:30] + "…" + s[len(s)-30:]
	}
	return s
}

// The GSM 03.38 default alphabet (without ESC) and the extension characters.
const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExt = "^{}\\[~]|€"
)

func randText(rng *rand.Rand, alphabet []rune) string {
	// Lengths cluster around the boundaries where bugs live.
	var n int
	switch rng.Intn(4) {
	case 0:
		n = rng.Intn(20)
	case 1:
		n = 60 + rng.Intn(20)
	case 2:
		n = 145 + rng.Intn(30)
	default:
		n = rng.Intn(700)
	}
	var b strings.Builder
	for range n {
		b.WriteRune(alphabet[rng.Intn(len(alphabet))])
	}
	return b.String()
}

func gsmAlphabet(extWeight int) []rune {
	a := []rune(gsmBasic)
	for range extWeight {
		a = append(a, []rune(gsmExt)...)
	}
	return a
}

func ucs2Alphabet() []rune {
	a := []rune("aZ09 .,ж€ł中文ä\n")
	for r := rune(0x1F600); r < 0x1F650; r += 7 { // emoji: surrogate pairs
		a = append(a, r, r+1)
	}
	return append(a, 0x10000, 0x10FFFF, 0xFFFF, 0xE000)
}

func latin1Alphabet() []rune {
	var a []rune
	for r := rune(0x20); r <= 0xFF; r++ {
		if r < 0x7F || r >= 0xA0 {
			a = append(a, r)
		}
	}
	return a
}

// TestPlanProperties plans random texts with every method and scheme, checks the
// invariants, and reassembles the parts shuffled and duplicated.
func TestPlanProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	cases := []struct {
		scheme   coding.Scheme
		alphabet []rune
	}{
		{coding.GSM7, gsmAlphabet(1)},
		{coding.GSM7, gsmAlphabet(8)}, // extension-heavy: escape pairs at every boundary
		{coding.GSM7Packed, gsmAlphabet(3)},
		{coding.UCS2, ucs2Alphabet()},
		{coding.Latin1, latin1Alphabet()},
		{coding.Auto, append(gsmAlphabet(2), 'ł')},
	}
	for _, c := range cases {
		for _, m := range []Method{UDH, UDH16, SAR, Payload} {
			t.Run(c.scheme.String()+"/"+m.String(), func(t *testing.T) {
				for i := range 150 {
					text := randText(rng, c.alphabet)
					o := Options{Scheme: c.scheme, Method: m, Ref: uint16(rng.Intn(65536))}
					p, err := Make(text, o)
					if err != nil {
						t.Fatalf("case %d: %v", i, err)
					}
					checkPlan(t, text, o, p)
					checkReassembly(t, rng, text, p)
				}
			})
		}
	}
}

// checkReassembly feeds the plan's parts, as a receiver would see them, through a
// Reassembler shuffled and with duplicates, and expects the original text once.
func checkReassembly(tb testing.TB, rng *rand.Rand, text string, p Plan) {
	tb.Helper()
	var frags []Fragment
	at := time.Unix(0, 0)
	for _, part := range p.Parts {
		f := Fragment{Key: "a→b", Total: 1, Seq: 1, Data: part.Data, At: at}
		f.Text, _ = decodePart(p.Scheme, part)
		switch {
		case part.UDH != nil:
			u, err := ParseUDH(part.ShortMessage)
			if err != nil || u.Concat == nil {
				tb.Fatalf("ParseUDH: %v", err)
			}
			f.Ref, f.Total, f.Seq = u.Concat.Ref, u.Concat.Total, u.Concat.Seq
		case part.SAR != nil:
			f.Ref, f.Total, f.Seq = part.SAR.Ref, int(part.SAR.Total), int(part.SAR.Seq)
		}
		frags = append(frags, f)
		if rng.Intn(4) == 0 {
			frags = append(frags, f)
		}
	}
	rng.Shuffle(len(frags), func(i, j int) { frags[i], frags[j] = frags[j], frags[i] })
	r := NewReassembler(time.Minute)
	var got []Message
	for _, f := range frags {
		if m, done := r.Add(f); done {
			got = append(got, m)
		}
	}
	got = append(got, r.Expire(at.Add(time.Hour))...)
	if len(got) == 0 {
		tb.Fatal("reassembly returned nothing")
	}
	// Single parts sent twice come back twice: a receiver cannot tell them apart.
	for _, m := range got {
		if !m.Complete || m.Text != text {
			tb.Fatalf("reassembled %q complete=%v, want %q", abbrev(m.Text), m.Complete, abbrev(text))
		}
	}
	if len(p.Parts) > 1 && len(got) != 1 {
		tb.Fatalf("reassembly returned %d messages", len(got))
	}
}
