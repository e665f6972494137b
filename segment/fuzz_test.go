package segment

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/smppconsole/smppconsole/coding"
)

var fuzzSchemes = []coding.Scheme{coding.Auto, coding.GSM7, coding.GSM7Packed, coding.UCS2, coding.Latin1, coding.Binary}

func FuzzPlan(f *testing.F) {
	f.Add("hello", uint8(0), uint8(0))
	f.Add(strings.Repeat("a", 152)+"€"+strings.Repeat("b", 10), uint8(0), uint8(1))
	f.Add(strings.Repeat("ж", 66)+"😀"+strings.Repeat("ж", 10), uint8(1), uint8(3))
	f.Add(strings.Repeat("é", 141), uint8(2), uint8(4))
	f.Add(strings.Repeat("0a", 141), uint8(0), uint8(5))
	f.Add(strings.Repeat("{", 200), uint8(1), uint8(2))
	f.Add("ł\xff", uint8(3), uint8(1))
	f.Fuzz(func(t *testing.T, text string, method, scheme uint8) {
		o := Options{
			Scheme:   fuzzSchemes[int(scheme)%len(fuzzSchemes)],
			Method:   Method(method % 5), // 4 is not a method: must be an error
			Ref:      uint16(method)<<8 | uint16(scheme),
			MaxParts: int(scheme >> 4), // 0 (=255) .. 15
		}
		p, err := Make(text, o)
		switch {
		case o.Method > Payload:
			if err == nil {
				t.Fatal("invalid method accepted")
			}
		case err != nil:
			// Auto can send any valid text of this size in message_payload.
			if o.Scheme == coding.Auto && o.Method == Payload && utf8.ValidString(text) && len(text) < 10000 {
				t.Fatalf("unexpected error: %v", err)
			}
		default:
			checkPlan(t, text, o, p)
		}
	})
}

func FuzzParseUDH(f *testing.F) {
	f.Add([]byte{0x05, 0x00, 0x03, 0x01, 0x02, 0x01, 'a'})
	f.Add([]byte{0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01})
	f.Add([]byte{0x05, 0x00, 0x09, 0x01})
	f.Add([]byte{0xFF})
	f.Fuzz(func(t *testing.T, sm []byte) {
		u, err := ParseUDH(sm)
		if err == nil && (u.Length < 1 || u.Length > len(sm)) {
			t.Fatalf("Length %d for %d octets", u.Length, len(sm))
		}
		end := 1
		for _, ie := range u.IEs {
			if ie.Start != end || ie.End > len(sm) || ie.End != ie.Start+2+len(ie.Data) || sm[ie.Start] != ie.ID {
				t.Fatalf("IE %+v out of place (previous ended at %d)", ie, end)
			}
			end = ie.End
		}
		if err == nil && end != u.Length {
			t.Fatalf("IEs end at %d, UDH at %d", end, u.Length)
		}
		if c := u.Concat; c != nil && (c.Total > 255 || c.Seq > 255) {
			t.Fatalf("Concat %+v", c)
		}
	})
}

// fragIDs returns the "<n>" fragment ids in a message text.
func fragIDs(text string) []string {
	var ids []string
	for {
		i := strings.IndexByte(text, '<')
		if i < 0 {
			return ids
		}
		j := strings.IndexByte(text[i:], '>')
		if j < 0 {
			return ids
		}
		ids = append(ids, text[i:i+j+1])
		text = text[i+j+1:]
	}
}

// FuzzReassemble reads data as 4-octet fragments: [flags+time step, ref, total, seq];
// at most 64 of them, which is plenty to mix a few messages and keeps each run fast.
func FuzzReassemble(f *testing.F) {
	f.Add([]byte{0x01, 0, 2, 1, 0x01, 0, 2, 2})
	f.Add([]byte{0x01, 0, 3, 3, 0x01, 0, 3, 3, 0x8F, 0, 3, 1, 0xFF, 1, 255, 0})
	f.Fuzz(func(t *testing.T, data []byte) { reassembleBytes(t, data) })
}

func reassembleBytes(t testing.TB, data []byte) {
	r := NewReassembler(5 * time.Second)
	r.maxPending = 3 // small, so eviction is exercised
	now := time.Unix(1000, 0)
	var got []Message
	var prev Fragment
	copies := map[string]int{} // fragment id -> times sent again
	frags, invalid := 0, 0
	for i := 0; i+4 <= len(data) && i < 4*64; i += 4 {
		b := data[i : i+4]
		now = now.Add(time.Duration(b[0]&0x0F) * time.Second)
		if b[0]&0x80 != 0 {
			got = append(got, r.Expire(now)...)
		}
		total := int(b[2] % 5)
		if b[2] == 255 {
			total = 300
		}
		fr := Fragment{Key: fmt.Sprint(b[0] >> 4 & 3), Ref: uint16(b[1] % 3), Total: total, Seq: int(b[3] % 6),
			Text: fmt.Sprintf("<%d>", i/4)}
		if b[0]&0x40 != 0 && i >= 4 { // the previous fragment sent again
			fr = prev
			copies[fr.Text]++
		}
		fr.At, prev = now, fr
		frags++
		if fr.Total > 1 && (fr.Total > 255 || fr.Seq < 1 || fr.Seq > fr.Total) {
			invalid++
		}
		if m, done := r.Add(fr); done {
			got = append(got, m)
		}
	}
	got = append(got, r.Expire(now.Add(time.Hour))...)
	if r.Pending() != 0 {
		t.Fatalf("Pending %d after final Expire", r.Pending())
	}
	seen := map[string]int{}
	placed, dups, bad := 0, 0, 0
	for _, m := range got {
		for _, id := range fragIDs(m.Text) {
			if seen[id]++; seen[id] > 1+copies[id] {
				t.Fatalf("fragment %s returned %d times, sent %d", id, seen[id], 1+copies[id])
			}
		}
		if len(m.Have) == 0 {
			bad++
			continue
		}
		for j, s := range m.Have {
			if s < 1 || s > m.Total || j > 0 && s <= m.Have[j-1] {
				t.Fatalf("Have %v, Total %d", m.Have, m.Total)
			}
		}
		if m.Complete != (len(m.Have) == m.Total) {
			t.Fatalf("Complete %v with Have %v of %d", m.Complete, m.Have, m.Total)
		}
		placed += len(m.Have)
		dups += m.Duplicates
	}
	// Every fragment is accounted for, once: placed, counted as a duplicate, or
	// surfaced as invalid. A message returned twice would count its parts twice.
	if placed+dups+bad+r.LateDuplicates() != frags || bad != invalid {
		t.Fatalf("%d fragments: %d placed + %d duplicates + %d late + %d invalid (want %d invalid)",
			frags, placed, dups, r.LateDuplicates(), bad, invalid)
	}
}

func BenchmarkPlanUCS2_1000(b *testing.B) {
	text := string([]rune(strings.Repeat("Привет, мир! 😀 ", 63))[:1000])
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Make(text, Options{Scheme: coding.UCS2, Method: UDH, Ref: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlanGSM7_1000(b *testing.B) {
	text := string([]rune(strings.Repeat("Hello {world} €5 ", 59))[:1000])
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Make(text, Options{Scheme: coding.GSM7, Method: UDH, Ref: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReassemble feeds 8-part messages, shuffled, one message per iteration.
func BenchmarkReassemble(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	order := rng.Perm(8)
	r := NewReassembler(time.Minute)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		for _, s := range order {
			if _, done := r.Add(Fragment{Key: "447700900123→12345", Ref: uint16(i), Total: 8, Seq: s + 1, Text: "153 septets of text", At: t0}); done != (s == order[7]) {
				b.Fatal("completed at the wrong part")
			}
		}
		i++
	}
}
