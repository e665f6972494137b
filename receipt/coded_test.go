package receipt

import (
	"testing"
)

// ParseCoded reads every format Parse reads as Parse does, whatever the data_coding:
// the id, stat, err, dates and where they came from.
func TestParseCodedReadsEveryFormatAsParse(t *testing.T) {
	for _, tc := range parseCases {
		want, wantOK := Parse(tc.text, tc.tlvs)
		for _, dc := range []byte{0x00, 0x01, 0x03, 0x04, 0x08, 0xF0} {
			got, ok := ParseCoded([]byte(tc.text), dc, tc.tlvs)
			if ok != wantOK || got.MessageID != want.MessageID || got.TextID != want.TextID || got.Stat != want.Stat ||
				got.StatText != want.StatText || got.State != want.State || got.HasState != want.HasState || got.Err != want.Err ||
				got.Sub != want.Sub || got.Dlvrd != want.Dlvrd || got.SubmitDateText != want.SubmitDateText ||
				got.DoneDateText != want.DoneDateText || !got.DoneDate.Equal(want.DoneDate) || got.Source != want.Source ||
				len(got.Fields) != len(want.Fields) {
				t.Errorf("%s, data_coding 0x%02X:\n got %+v\nwant %+v", tc.name, dc, got, want)
			}
		}
	}
}

// The text: field is read in the data_coding, as an MO's text is.
func TestParseCodedText(t *testing.T) {
	const head = "id:42 sub:001 dlvrd:001 submit date:2401021304 done date:2401021305 stat:DELIVRD err:000 text:"
	for _, tc := range []struct {
		name string
		dc   byte
		sm   []byte
		want string
	}{
		{"GSM 03.38 unpacked: _ is 0x11, @ is 0x00, € an escape", 0x00, []byte(head + "snake\x11case \x00home \x1b\x65"), "snake_case @home €"},
		{"GSM 03.38 in a class data coding", 0xF0, []byte(head + "a\x11b"), "a_b"},
		{"Latin-1", 0x03, []byte(head + "caf\xe9"), "café"},
		{"IA5", 0x01, []byte(head + "plain_text"), "plain_text"},
		{"UCS2 as UCS2", 0x08, []byte(utf16Bytes(head + "Привет_мир")), "Привет_мир"},
		{"UCS2 with a terminator", 0x08, []byte(utf16Bytes(head+"hi") + "\x00\x00"), "hi"},
		// Octets the data_coding does not have: the text as Parse reads it.
		{"8-bit text said as the default alphabet", 0x00, []byte(head + "caf\xe9"), "caf\xe9"},
		{"UCS2 octets said as the default alphabet", 0x00, []byte(utf16Bytes(head + "Hello world")), "Hello world"},
		{"binary", 0x04, []byte(head + "raw"), "raw"},
		{"an odd octet in UCS2", 0x08, []byte(utf16Bytes(head+"hi") + "\x01"), stripNUL(utf16Bytes("hi")) + "\x01"},
	} {
		r, ok := ParseCoded(tc.sm, tc.dc, TLVs{})
		if !ok || r.MessageID != "42" || r.Stat != "DELIVRD" || r.Err != "000" {
			t.Errorf("%s: ok %v, id %q, stat %q, err %q", tc.name, ok, r.MessageID, r.Stat, r.Err)
		}
		if r.Text != tc.want {
			t.Errorf("%s: text %q, want %q", tc.name, r.Text, tc.want)
		}
	}
	// No text: field, or nothing at all: nothing to decode, and no panic.
	if r, ok := ParseCoded([]byte("id:7 stat:DELIVRD"), 0x00, TLVs{}); !ok || r.Text != "" || r.MessageID != "7" {
		t.Errorf("no text: %+v %v", r, ok)
	}
	if _, ok := ParseCoded(nil, 0x08, TLVs{}); ok {
		t.Error("nothing is a receipt")
	}
}
