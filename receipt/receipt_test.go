package receipt

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func utc(y, mo, d, h, mi, s int) time.Time {
	return time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC)
}

// utf16Bytes renders s as UTF-16BE bytes in a Go string: what a UCS2 receipt
// looks like when a caller forgets to decode it (NUL before every ASCII char).
func utf16Bytes(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteByte(byte(r >> 8))
		b.WriteByte(byte(r))
	}
	return b.String()
}

// delivered is the expected result of the common receipt shape, which most
// cases tweak.
func delivered(id string) Receipt {
	return Receipt{
		MessageID: id, TextID: id, NormalizedID: NormalizeID(id),
		Stat: "DELIVRD", StatText: "DELIVRD", State: StateDelivered, HasState: true,
		Err: "000", Sub: "001", Dlvrd: "001",
		SubmitDate: utc(2024, 1, 2, 13, 4, 0), DoneDate: utc(2024, 1, 2, 13, 5, 0),
		SubmitDateText: "2401021304", DoneDateText: "2401021305",
		Text: "Hello world", Source: "text",
	}
}

const typical = "id:0123456789 sub:001 dlvrd:001 submit date:2401021304 done date:2401021305 stat:DELIVRD err:000 text:Hello world"

// parseCases are the receipt formats Parse reads, with what it reads in them.
var parseCases = []struct {
	name string
	text string
	tlvs TLVs
	want Receipt
	ok   bool
	keys []string // if set, the Field keys expected in order
}{
	{
		name: "typical",
		text: typical,
		want: delivered("0123456789"),
		ok:   true,
		keys: []string{"id", "sub", "dlvrd", "submit date", "done date", "stat", "err", "text"},
	},
	{
		name: "sub and dlvrd missing",
		text: "id:42 submit date:2401021304 done date:2401021305 stat:DELIVRD err:000 text:Hello world",
		want: func() Receipt { r := delivered("42"); r.Sub, r.Dlvrd = "", ""; return r }(),
		ok:   true,
	},
	{
		name: "Text: and other keys in mixed case",
		text: "ID:42 Sub:001 DLVRD:001 Submit Date:2401021304 Done Date:2401021305 Stat:DELIVRD Err:000 Text:Hello world",
		want: delivered("42"),
		ok:   true,
		keys: []string{"ID", "Sub", "DLVRD", "Submit Date", "Done Date", "Stat", "Err", "Text"},
	},
	{
		name: "submitdate and donedate without the space",
		text: "id:42 sub:001 dlvrd:001 submitdate:2401021304 donedate:2401021305 stat:DELIVRD err:000 text:Hello world",
		want: delivered("42"),
		ok:   true,
	},
	{
		name: "submit_date and done_date",
		text: "id:42 sub:001 dlvrd:001 submit_date:2401021304 done_date:2401021305 stat:DELIVRD err:000 text:Hello world",
		want: delivered("42"),
		ok:   true,
	},
	{
		name: "12-digit dates with seconds",
		text: "id:42 sub:001 dlvrd:001 submit date:240102130407 done date:240102130559 stat:DELIVRD err:000 text:Hello world",
		want: func() Receipt {
			r := delivered("42")
			r.SubmitDate, r.DoneDate = utc(2024, 1, 2, 13, 4, 7), utc(2024, 1, 2, 13, 5, 59)
			r.SubmitDateText, r.DoneDateText = "240102130407", "240102130559"
			return r
		}(),
		ok: true,
	},
	{
		// +04 quarter hours = UTC+1: 14:04 local is 13:04 UTC;
		// -20 quarter hours = UTC-5: 08:05:30.7 local is 13:05:30.7 UTC.
		name: "SMPP absolute-time dates",
		text: "id:42 sub:001 dlvrd:001 submit date:240102140400004+ done date:240102080530720- stat:DELIVRD err:000 text:Hello world",
		want: func() Receipt {
			r := delivered("42")
			r.SubmitDate = utc(2024, 1, 2, 13, 4, 0)
			r.DoneDate = utc(2024, 1, 2, 13, 5, 30).Add(700 * time.Millisecond)
			r.SubmitDateText, r.DoneDateText = "240102140400004+", "240102080530720-"
			return r
		}(),
		ok: true,
	},
	{
		name: "relative time and impossible dates are kept as text only",
		text: "id:42 sub:001 dlvrd:001 submit date:000001000000000R done date:2402301305 stat:DELIVRD err:000 text:Hello world",
		want: func() Receipt {
			r := delivered("42")
			r.SubmitDate, r.DoneDate = time.Time{}, time.Time{}
			r.SubmitDateText, r.DoneDateText = "000001000000000R", "2402301305"
			return r
		}(),
		ok: true,
	},
	{
		name: "err with 4 digits",
		text: "id:42 sub:001 dlvrd:000 submit date:2401021304 done date:2401021305 stat:UNDELIV err:0021 text:Hello world",
		want: func() Receipt {
			r := delivered("42")
			r.Dlvrd, r.Err = "000", "0021"
			r.Stat, r.StatText, r.State = "UNDELIV", "UNDELIV", StateUndeliverable
			return r
		}(),
		ok: true,
	},
	{
		name: "id only in the TLV, text without id",
		text: "sub:001 dlvrd:001 submit date:2401021304 done date:2401021305 stat:DELIVRD err:000 text:Hello world",
		tlvs: TLVs{ReceiptedMessageID: "0A1B2C", HasReceiptedMessageID: true},
		want: func() Receipt {
			r := delivered("")
			r.MessageID, r.NormalizedID, r.Source = "0A1B2C", "a1b2c", "tlv+text"
			return r
		}(),
		ok: true,
	},
	{
		name: "id and state only in the TLVs, empty text",
		text: "",
		tlvs: TLVs{ReceiptedMessageID: "msg-1", HasReceiptedMessageID: true, MessageState: StateExpired, HasMessageState: true},
		want: Receipt{MessageID: "msg-1", NormalizedID: "msg-1", Stat: "EXPIRED", State: StateExpired, HasState: true, Source: "tlv"},
		ok:   true,
	},
	{
		name: "TLV id present but empty falls back to the text id",
		text: typical,
		tlvs: TLVs{HasReceiptedMessageID: true},
		want: func() Receipt { r := delivered("0123456789"); r.Source = "tlv+text"; return r }(),
		ok:   true,
	},
	{
		name: "id in both: TLV (hex) wins, text id (decimal) kept",
		text: "id:662316 sub:001 dlvrd:001 submit date:2401021304 done date:2401021305 stat:DELIVRD err:000 text:Hello world",
		tlvs: TLVs{ReceiptedMessageID: "0A1B2C\x00", HasReceiptedMessageID: true},
		want: func() Receipt {
			r := delivered("662316")
			r.MessageID, r.NormalizedID, r.Source = "0A1B2C", "a1b2c", "tlv+text"
			return r
		}(),
		ok: true,
	},
	{
		name: "UCS2 receipt decoded by the caller",
		text: "id:42 sub:001 dlvrd:001 submit date:2401021304 done date:2401021305 stat:DELIVRD err:000 text:Привет, мир",
		want: func() Receipt { r := delivered("42"); r.Text = "Привет, мир"; return r }(),
		ok:   true,
	},
	{
		name: "stray NULs: terminators and padding",
		text: "id:42\x00 sub:001 dlvrd:001\x00\x00submit date:2401021304 done date:2401021305 stat:DELIVRD\x00 err:000 text:Hello world\x00\x00",
		want: delivered("42"),
		ok:   true,
	},
	{
		name: "UCS2 bytes not decoded: NUL before every character",
		text: utf16Bytes("id:42 sub:001 dlvrd:001 submit date:2401021304 done date:2401021305 stat:DELIVRD err:000 text:Hello world"),
		want: delivered("42"),
		ok:   true,
		keys: []string{"id", "sub", "dlvrd", "submit date", "done date", "stat", "err", "text"},
	},
	{
		name: "misspelt stat DELIVERD",
		text: "id:42 sub:001 dlvrd:001 submit date:2401021304 done date:2401021305 stat:DELIVERD err:000 text:Hello world",
		want: func() Receipt { r := delivered("42"); r.StatText = "DELIVERD"; return r }(),
		ok:   true,
	},
	{
		name: "unrecognised stat is kept as written",
		text: "id:42 stat:FAILED err:000",
		want: Receipt{MessageID: "42", TextID: "42", NormalizedID: "42", StatText: "FAILED", Err: "000", Source: "text"},
		ok:   true,
	},
	{
		name: "extra unknown keys",
		text: "id:42 imsi:234150000000001 sub:001 dlvrd:001 smsc:UK-1 route:a b c submit date:2401021304 done date:2401021305 stat:DELIVRD err:000 mccmnc:23415 text:Hello world",
		want: delivered("42"),
		ok:   true,
		keys: []string{"id", "imsi", "sub", "dlvrd", "smsc", "route", "submit date", "done date", "stat", "err", "mccmnc", "text"},
	},
	{
		name: "text value with colons, spaces and key-like words",
		text: "id:42 sub:001 dlvrd:001 submit date:2401021304 done date:2401021305 stat:DELIVRD err:000 text: Meet at 10:30 id:99 stat:REJECTD ",
		want: func() Receipt { r := delivered("42"); r.Text = " Meet at 10:30 id:99 stat:REJECTD "; return r }(),
		ok:   true,
		keys: []string{"id", "sub", "dlvrd", "submit date", "done date", "stat", "err", "text"},
	},
	{
		name: "values separated by multiple spaces and tabs",
		text: "id:42   sub:001\t dlvrd:001    submit date:2401021304  done  date:2401021305   stat: DELIVRD  err:000    text:Hello world",
		want: delivered("42"),
		ok:   true,
	},
	{
		name: "TLV message_state wins over text stat",
		text: typical,
		tlvs: TLVs{MessageState: StateUndeliverable, HasMessageState: true},
		want: func() Receipt {
			r := delivered("0123456789")
			r.State, r.Stat, r.StateMismatch, r.Source = StateUndeliverable, "UNDELIV", true, "tlv+text"
			return r
		}(),
		ok: true,
	},
	{
		name: "TLV message_state agreeing with text stat",
		text: typical,
		tlvs: TLVs{MessageState: StateDelivered, HasMessageState: true},
		want: func() Receipt { r := delivered("0123456789"); r.Source = "tlv+text"; return r }(),
		ok:   true,
	},
	{
		name: "TLV message_state out of range",
		text: "id:42",
		tlvs: TLVs{MessageState: 12, HasMessageState: true},
		want: Receipt{MessageID: "42", TextID: "42", NormalizedID: "42", State: 12, HasState: true, Source: "tlv+text"},
		ok:   true,
	},
	{
		name: "network_error_code",
		text: "id:42 sub:001 dlvrd:000 submit date:2401021304 done date:2401021305 stat:UNDELIV err:001 text:Hello world",
		tlvs: TLVs{NetworkErrorCode: []byte{3, 0x00, 0x1B}},
		want: func() Receipt {
			r := delivered("42")
			r.Dlvrd, r.Err, r.Stat, r.StatText, r.State = "000", "001", "UNDELIV", "UNDELIV", StateUndeliverable
			r.NetworkError, r.Source = "type 3 (GSM) code 27 (0x001B)", "tlv+text"
			return r
		}(),
		ok: true,
	},
	{
		name: "first occurrence of a key wins",
		text: "id:1 stat:DELIVRD id:2 stat:UNDELIV",
		want: Receipt{MessageID: "1", TextID: "1", NormalizedID: "1", Stat: "DELIVRD", StatText: "DELIVRD", State: StateDelivered, HasState: true, Source: "text"},
		ok:   true,
	},
	{
		name: "trailing junk after a single-word value",
		text: "id:42 junk stat:DELIVRD",
		want: Receipt{MessageID: "42", TextID: "42", NormalizedID: "42", Stat: "DELIVRD", StatText: "DELIVRD", State: StateDelivered, HasState: true, Source: "text"},
		ok:   true,
	},
	{
		name: "plain MO text is not a receipt",
		text: "Meet at 10:30 by the station: bring id",
		want: Receipt{Source: "", Fields: nil},
		ok:   false,
		keys: []string{"station"},
	},
	{
		name: "empty everything",
		want: Receipt{},
		ok:   false,
	},
}

func TestParse(t *testing.T) {
	tests := parseCases
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Parse(tc.text, tc.tlvs)
			checkFields(t, tc.text, got.Fields)
			if tc.keys != nil {
				var keys []string
				for _, f := range got.Fields {
					keys = append(keys, f.Key)
				}
				if !reflect.DeepEqual(keys, tc.keys) {
					t.Errorf("field keys = %q, want %q", keys, tc.keys)
				}
			}
			if ok != tc.ok {
				t.Errorf("ok = %v, want %v", ok, tc.ok)
			}
			got.Fields = nil
			// Compare instants, not zones: absolute times keep their offset.
			if got.SubmitDate.Equal(tc.want.SubmitDate) {
				got.SubmitDate = tc.want.SubmitDate
			}
			if got.DoneDate.Equal(tc.want.DoneDate) {
				got.DoneDate = tc.want.DoneDate
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tc.text, got, tc.want)
			}
		})
	}
}

// checkFields asserts the Field invariants Parse promises for any input.
func checkFields(t *testing.T, text string, fields []Field) {
	t.Helper()
	prev := 0
	for i, f := range fields {
		if f.Start < prev || f.Start > f.End || f.End > len(text) {
			t.Fatalf("field %d %+v: bad offsets (prev end %d, len %d)", i, f, prev, len(text))
		}
		span := stripNUL(text[f.Start:f.End])
		if !strings.HasPrefix(span, f.Key+":") {
			t.Fatalf("field %d %+v: span %q does not start with the key", i, f, span)
		}
		if !strings.Contains(span, f.Value) {
			t.Fatalf("field %d %+v: span %q does not contain the value", i, f, span)
		}
		prev = f.End
	}
}

func TestFieldOffsets(t *testing.T) {
	text := "id:42  stat:DELIVRD  text:a:b "
	r, _ := Parse(text, TLVs{})
	want := []Field{
		{Key: "id", Value: "42", Start: 0, End: 5},
		{Key: "stat", Value: "DELIVRD", Start: 7, End: 19},
		{Key: "text", Value: "a:b ", Start: 21, End: 30},
	}
	if !reflect.DeepEqual(r.Fields, want) {
		t.Fatalf("Fields = %+v\nwant %+v", r.Fields, want)
	}
}

func TestFormatParseRoundTrip(t *testing.T) {
	sub, done := utc(2025, 12, 31, 23, 59, 0), utc(2026, 1, 1, 0, 1, 0)
	tests := []FormatFields{
		{ID: "0123456789", Sub: 1, Dlvrd: 1, SubmitDate: sub, DoneDate: done, Stat: StateDelivered.Stat(), Err: 0, Text: "Hello"},
		{ID: "a1b2c3d4-0000", Sub: 3, Dlvrd: 0, SubmitDate: sub, DoneDate: done, Stat: StateUndeliverable.Stat(), Err: 21, Text: "Long text: with colons, and more than twenty characters"},
		{ID: "7", Stat: StateExpired.Stat(), Err: 1234, Text: "Привет мир, как дела? Всё хорошо"},
		{ID: "x", Stat: "ENROUTE"},
	}
	for _, f := range tests {
		s := Format(f)
		r, ok := Parse(s, TLVs{})
		if !ok {
			t.Fatalf("Parse(%q) not ok", s)
		}
		text := []rune(f.Text)
		if len(text) > 20 {
			text = text[:20]
		}
		if r.MessageID != f.ID || r.Stat != f.Stat || r.Text != string(text) ||
			!r.SubmitDate.Equal(f.SubmitDate) || !r.DoneDate.Equal(f.DoneDate) {
			t.Errorf("round trip of %+v via %q gave %+v", f, s, r)
		}
		if num(r.Sub) != f.Sub || num(r.Dlvrd) != f.Dlvrd || num(r.Err) != f.Err || len(r.Sub) < 3 || len(r.Err) < 3 {
			t.Errorf("round trip numbers of %+v via %q gave sub %q dlvrd %q err %q", f, s, r.Sub, r.Dlvrd, r.Err)
		}
	}
	want := "id:0123456789 sub:001 dlvrd:001 submit date:2512312359 done date:2601010001 stat:DELIVRD err:000 text:Hello"
	if got := Format(tests[0]); got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
}

func num(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestKeys(t *testing.T) {
	r, _ := Parse("id:662316 stat:DELIVRD", TLVs{ReceiptedMessageID: "0A1B2C"})
	want := []string{"a1b2c", "662316", "6693654"}
	if got := r.Keys(); !reflect.DeepEqual(got, want) {
		t.Errorf("Keys = %q, want %q", got, want)
	}
}

func BenchmarkParse(b *testing.B) {
	const text = "id:0123456789 sub:001 dlvrd:001 submit date:2401021304 done date:2401021305 stat:DELIVRD err:000 text:Hello world"
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := Parse(text, TLVs{}); !ok {
			b.Fatal("not ok")
		}
	}
}
