package receipt

import (
	"slices"
	"testing"
)

// FuzzParse checks that Parse never panics, that Field offsets stay inside
// the text, and that the id helpers keep their promises on whatever id Parse
// found. state 0xFF means "no message_state TLV"; tlvID doubles as the raw
// network_error_code so odd lengths get exercised too.
func FuzzParse(f *testing.F) {
	f.Add("id:0123456789 sub:001 dlvrd:001 submit date:2401021304 done date:2401021305 stat:DELIVRD err:000 text:Hello world", "", byte(0xFF))
	f.Add("submitdate:240102130407 donedate:240102080530720- stat:DELIVERD err:0000 Text:a:b c", "0A1B2C", byte(2))
	f.Add("", "662316", byte(5))
	f.Add(utf16Bytes("id:42 stat:UNDELIV text:x"), "", byte(12))
	f.Add("\x00:\x00 date:done date:: :text:", "\x00", byte(0))
	f.Fuzz(func(t *testing.T, text, tlvID string, state byte) {
		tlvs := TLVs{
			ReceiptedMessageID:    tlvID,
			HasReceiptedMessageID: tlvID != "",
			MessageState:          State(state),
			HasMessageState:       state != 0xFF,
			NetworkErrorCode:      []byte(tlvID),
		}
		r, ok := Parse(text, tlvs)
		checkFields(t, text, r.Fields)
		// In any data_coding (the state byte stands for it), the same receipt, its text aside.
		if c, cok := ParseCoded([]byte(text), state, tlvs); cok != ok || c.MessageID != r.MessageID || c.Stat != r.Stat || c.Err != r.Err {
			t.Fatalf("ParseCoded(0x%02X) = %+v %v, Parse %+v %v", state, c, cok, r, ok)
		}
		if ok != (r.MessageID != "" || r.HasState || r.StatText != "") {
			t.Fatalf("ok = %v for %+v", ok, r)
		}
		if r.NormalizedID != NormalizeID(r.MessageID) || NormalizeID(r.NormalizedID) != r.NormalizedID {
			t.Fatalf("NormalizedID %q of %q is not stable", r.NormalizedID, r.MessageID)
		}
		keys := r.Keys()
		if r.NormalizedID != "" && (len(keys) == 0 || keys[0] != r.NormalizedID) {
			t.Fatalf("Keys %q do not start with NormalizedID %q", keys, r.NormalizedID)
		}
		if s := r.State.Stat(); r.HasState && s != "" {
			if back, ok := StateFromStat(s); !ok || back != r.State {
				t.Fatalf("Stat %q of %v does not map back", s, r.State)
			}
		}
		for _, id := range []string{text, tlvID} {
			k := IDKeys(id)
			if len(k) > 0 && !slices.Equal(IDKeys(k[0]), k) {
				t.Fatalf("IDKeys(%q) = %q but IDKeys of its first key = %q", id, k, IDKeys(k[0]))
			}
		}
	})
}
