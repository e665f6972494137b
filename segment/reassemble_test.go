package segment

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestParseUDH(t *testing.T) {
	tests := []struct {
		name    string
		sm      []byte
		length  int
		ies     int
		concat  *Concat
		wantErr string
	}{
		{"8-bit concat", []byte{0x05, 0x00, 0x03, 0xAB, 0x03, 0x02, 'h', 'i'}, 6, 1,
			&Concat{Ref: 0xAB, Total: 3, Seq: 2}, ""},
		{"16-bit concat", []byte{0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01, 'x'}, 7, 1,
			&Concat{Ref: 0x1234, Total: 2, Seq: 1, SixteenBit: true}, ""},
		{"ports then concat", []byte{0x0B, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, 0x00, 0x03, 0x07, 0x02, 0x01}, 12, 2,
			&Concat{Ref: 7, Total: 2, Seq: 1}, ""},
		{"last concat wins", []byte{0x0A, 0x00, 0x03, 0x01, 0x02, 0x01, 0x00, 0x03, 0x09, 0x03, 0x03}, 11, 2,
			&Concat{Ref: 9, Total: 3, Seq: 3}, ""},
		{"UDHL 0", []byte{0x00, 'a'}, 1, 0, nil, ""},
		{"no concat", []byte{0x03, 0x24, 0x01, 0x01, 'a'}, 4, 1, nil, ""},
		{"UDH is all", []byte{0x05, 0x00, 0x03, 0x01, 0x01, 0x01}, 6, 1, &Concat{Ref: 1, Total: 1, Seq: 1}, ""},
		{"empty", nil, 0, 0, nil, "empty"},
		{"UDHL past end", []byte{0x05, 0x00, 0x03, 0x01}, 6, 0, nil, "runs past the end"},
		{"IE length overflow", []byte{0x05, 0x00, 0x09, 0x01, 0x02, 0x01, 'a', 'b', 'c', 'd', 'e', 'f'}, 6, 0, nil, "past the end of the UDH"},
		{"truncated IE header", []byte{0x06, 0x00, 0x03, 0x01, 0x02, 0x01, 0x08}, 7, 1, &Concat{Ref: 1, Total: 2, Seq: 1}, "truncated"},
		{"concat wrong length", []byte{0x04, 0x00, 0x02, 0x01, 0x02}, 5, 1, nil, "want 3"},
		{"concat16 wrong length", []byte{0x05, 0x08, 0x03, 0x01, 0x02, 0x03}, 6, 1, nil, "want 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := ParseUDH(tt.sm)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if u.Length != tt.length || len(u.IEs) != tt.ies {
				t.Errorf("Length %d IEs %d, want %d %d", u.Length, len(u.IEs), tt.length, tt.ies)
			}
			if (u.Concat == nil) != (tt.concat == nil) || u.Concat != nil && *u.Concat != *tt.concat {
				t.Errorf("Concat = %+v, want %+v", u.Concat, tt.concat)
			}
			for _, ie := range u.IEs {
				if ie.Start < 1 || ie.End > u.Length || !bytes.Equal(tt.sm[ie.Start+2:ie.End], ie.Data) || tt.sm[ie.Start] != ie.ID {
					t.Errorf("IE %+v does not match its offsets", ie)
				}
			}
		})
	}
}

var t0 = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)

func frag(key string, ref uint16, total, seq int, text string, sec int) Fragment {
	return Fragment{Key: key, Ref: ref, Total: total, Seq: seq, Text: text, Data: []byte(text), At: t0.Add(time.Duration(sec) * time.Second)}
}

func TestReassemble(t *testing.T) {
	type want struct {
		text     string
		have     []int
		complete bool
		dups     int
	}
	tests := []struct {
		name  string
		frags []Fragment
		done  []want // returned by Add, in order
		exp   []want // returned by Expire(t0 + 1h)
		late  int
	}{
		{"in order", []Fragment{frag("a", 1, 2, 1, "Hel", 0), frag("a", 1, 2, 2, "lo", 1)},
			[]want{{"Hello", []int{1, 2}, true, 0}}, nil, 0},
		{"out of order", []Fragment{frag("a", 1, 3, 3, "!", 0), frag("a", 1, 3, 1, "Hel", 1), frag("a", 1, 3, 2, "lo", 2)},
			[]want{{"Hello!", []int{1, 2, 3}, true, 0}}, nil, 0},
		{"duplicated", []Fragment{frag("a", 1, 2, 2, "lo", 0), frag("a", 1, 2, 2, "lo", 1), frag("a", 1, 2, 1, "Hel", 2)},
			[]want{{"Hello", []int{1, 2}, true, 1}}, nil, 0},
		{"duplicate after completion", []Fragment{frag("a", 1, 2, 1, "Hel", 0), frag("a", 1, 2, 2, "lo", 1), frag("a", 1, 2, 1, "Hel", 2)},
			[]want{{"Hello", []int{1, 2}, true, 0}}, nil, 1},
		{"ref reused after completion", []Fragment{frag("a", 1, 2, 1, "Hel", 0), frag("a", 1, 2, 2, "lo", 1),
			frag("a", 1, 2, 2, "ld", 2), frag("a", 1, 2, 1, "Wor", 3)},
			[]want{{"Hello", []int{1, 2}, true, 0}, {"World", []int{1, 2}, true, 0}}, nil, 0},
		{"single part", []Fragment{frag("a", 0, 1, 1, "Hi", 0), frag("a", 0, 0, 0, "Hi again", 1)},
			[]want{{"Hi", []int{1}, true, 0}, {"Hi again", []int{1}, true, 0}}, nil, 0},
		{"incomplete", []Fragment{frag("a", 1, 4, 3, "C", 0), frag("a", 1, 4, 1, "A", 1)},
			nil, []want{{"A[part 2 missing]C[part 4 missing]", []int{1, 3}, false, 0}}, 0},
		{"16-bit refs apart", []Fragment{frag("a", 0x0101, 2, 1, "x", 0), frag("a", 0x0201, 2, 2, "y", 1), frag("a", 0x0101, 2, 2, "z", 2)},
			[]want{{"xz", []int{1, 2}, true, 0}}, []want{{"[part 1 missing]y", []int{2}, false, 0}}, 0},
		{"keys apart", []Fragment{frag("a", 1, 2, 1, "a1", 0), frag("b", 1, 2, 2, "b2", 1), frag("a", 1, 2, 2, "a2", 2)},
			[]want{{"a1a2", []int{1, 2}, true, 0}}, []want{{"[part 1 missing]b2", []int{2}, false, 0}}, 0},
		{"total differs", []Fragment{frag("a", 1, 2, 1, "x", 0), frag("a", 1, 3, 2, "y", 1)},
			nil, []want{{"x[part 2 missing]", []int{1}, false, 0}, {"[part 1 missing]y[part 3 missing]", []int{2}, false, 0}}, 0},
		{"seq out of range", []Fragment{frag("a", 1, 2, 3, "x", 0), frag("a", 1, 2, 0, "y", 1), frag("a", 1, 300, 1, "z", 2)},
			[]want{{"[invalid part 3 of 2] x", nil, false, 0}, {"[invalid part 0 of 2] y", nil, false, 0}, {"[invalid part 1 of 300] z", nil, false, 0}}, nil, 0},
	}
	check := func(t *testing.T, what string, got []Message, want []want) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s returned %d messages, want %d: %+v", what, len(got), len(want), got)
		}
		for i, w := range want {
			m := got[i]
			if m.Text != w.text || !equalInts(m.Have, w.have) || m.Complete != w.complete || m.Duplicates != w.dups {
				t.Errorf("%s message %d = %q have %v complete %v dups %d, want %+v", what, i, m.Text, m.Have, m.Complete, m.Duplicates, w)
			}
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReassembler(time.Minute)
			var done []Message
			for _, f := range tt.frags {
				if m, ok := r.Add(f); ok {
					done = append(done, m)
				}
			}
			check(t, "Add", done, tt.done)
			check(t, "Expire", r.Expire(t0.Add(time.Hour)), tt.exp)
			if r.Pending() != 0 || r.LateDuplicates() != tt.late {
				t.Errorf("Pending %d, LateDuplicates %d, want 0, %d", r.Pending(), r.LateDuplicates(), tt.late)
			}
		})
	}
}

func TestReassembleFields(t *testing.T) {
	r := NewReassembler(time.Minute)
	r.Add(frag("a→b", 0x1234, 2, 2, "lo", 5))
	m, done := r.Add(frag("a→b", 0x1234, 2, 1, "Hel", 3))
	if !done || m.Key != "a→b" || m.Ref != 0x1234 || m.Total != 2 || string(m.Data) != "Hello" ||
		!m.First.Equal(t0.Add(3*time.Second)) || !m.Last.Equal(t0.Add(5*time.Second)) {
		t.Errorf("message %+v", m)
	}
}

func TestExpireTiming(t *testing.T) {
	r := NewReassembler(10 * time.Second)
	r.Add(frag("a", 1, 2, 1, "x", 0))
	r.Add(frag("a", 2, 2, 1, "y", 5))
	if got := r.Expire(t0.Add(10 * time.Second)); len(got) != 0 {
		t.Fatalf("expired at exactly the timeout: %+v", got)
	}
	got := r.Expire(t0.Add(11 * time.Second))
	if len(got) != 1 || got[0].Ref != 1 || got[0].Complete || r.Pending() != 1 {
		t.Fatalf("Expire = %+v, pending %d", got, r.Pending())
	}
	// A part keeps its message alive: the timeout runs from the last part.
	r.Add(frag("a", 2, 2, 1, "y", 14)) // duplicate, still an arrival
	if got := r.Expire(t0.Add(20 * time.Second)); len(got) != 0 {
		t.Fatalf("expired although a part came at 14s: %+v", got)
	}
	if got := r.Expire(t0.Add(25 * time.Second)); len(got) != 1 || got[0].Duplicates != 1 || got[0].Text != "y[part 2 missing]" {
		t.Fatalf("Expire = %+v", got)
	}
}

func TestPendingCap(t *testing.T) {
	r := NewReassembler(time.Hour)
	r.maxPending = 2
	r.Add(frag("a", 1, 2, 1, "old", 0))
	r.Add(frag("a", 2, 2, 1, "mid", 1))
	r.Add(frag("a", 1, 2, 2, "!", 2)) // completes ref 1: room again
	r.Add(frag("a", 3, 2, 1, "new", 3))
	r.Add(frag("a", 4, 2, 1, "newest", 4)) // over the cap: ref 2 (least recently added-to) goes
	if r.Pending() != 3 || len(r.pending) != 2 {
		t.Fatalf("Pending %d, waiting %d", r.Pending(), len(r.pending))
	}
	got := r.Expire(t0.Add(5 * time.Second)) // nothing timed out: only the evicted one
	if len(got) != 1 || got[0].Ref != 2 || got[0].Text != "mid[part 2 missing]" || got[0].Complete {
		t.Fatalf("Expire = %+v", got)
	}
	// The others still complete.
	if m, done := r.Add(frag("a", 3, 2, 2, "!", 6)); !done || m.Text != "new!" {
		t.Fatalf("ref 3: %+v %v", m, done)
	}
	if r.Pending() != 1 {
		t.Fatalf("Pending %d", r.Pending())
	}
}

// The caller's PDU numbers come back in part order, for the parts received.
func TestReassemblePDUs(t *testing.T) {
	r := NewReassembler(time.Minute)
	at := time.Unix(0, 0)
	add := func(seq int, pdu uint32) (Message, bool) {
		return r.Add(Fragment{Key: "k", Ref: 1, Total: 3, Seq: seq, Text: "x", At: at, PDU: pdu})
	}
	add(3, 30)
	add(1, 10)
	add(1, 11) // a duplicate keeps the first copy
	if m, done := add(2, 20); !done || len(m.PDUs) != 3 || m.PDUs[0] != 10 || m.PDUs[1] != 20 || m.PDUs[2] != 30 {
		t.Errorf("done %v, PDUs %v", done, m.PDUs)
	}
	r.Add(Fragment{Key: "k", Ref: 2, Total: 2, Seq: 2, Text: "y", At: at, PDU: 40})
	if ms := r.Expire(at.Add(2 * time.Minute)); len(ms) != 1 || len(ms[0].PDUs) != 1 || ms[0].PDUs[0] != 40 {
		t.Errorf("partial %+v", ms)
	}
	if m, _ := r.Add(Fragment{Key: "k", Total: 1, Seq: 1, At: at, PDU: 50}); len(m.PDUs) != 1 || m.PDUs[0] != 50 {
		t.Errorf("single %v", m.PDUs)
	}
}
