package ui

import (
	"strings"
	"testing"
)

// The compose form reads addresses and times with the parsers send and the profiles
// use (issue 8 items 1, 2 and 4).
func TestComposeSharedAddressAndTimeParsing(t *testing.T) {
	set := func(field fieldID, text string) *Model {
		t.Helper()
		m, _ := newTestModel(t, 120, 40)
		press(m, "n", "ctrl+o")
		m.compose.fields[field].input.SetValue("")
		if err := focusField(m, field); err != nil {
			t.Fatal(err)
		}
		typeText(m, text)
		return m
	}
	for _, in := range []string{"00447700900123", "+44 7700 900123", "+44-7700-900123", "(0044) 7700 900123"} {
		m := set(fDest, in)
		if d := m.compose.msg.Dest; d.Addr != "447700900123" || d.TON != 1 || d.NPI != 1 {
			t.Errorf("destination %q: %+v, errors %q", in, d, m.compose.Errors())
		}
	}
	m := set(fDest, "abc")
	if errs := strings.Join(m.compose.Errors(), "\n"); !strings.Contains(errs, "give TON 5 (alphanumeric) explicitly") {
		t.Errorf("destination abc: errors %q", errs)
	}
	m = set(fSource, "0044 7700 900123")
	if s := m.compose.msg.Source; s.Addr != "447700900123" || s.TON != 1 {
		t.Errorf("source: %+v", s)
	}
	m = set(fValidity, "+90m")
	if v := m.compose.msg.ValidityPeriod; v != "000000013000000R" {
		t.Errorf("validity +90m: %q, errors %q", v, m.compose.Errors())
	}
	m = set(fSchedule, "991332250000000+")
	if errs := strings.Join(m.compose.Errors(), "\n"); !strings.Contains(errs, "month (MM) 13") {
		t.Errorf("schedule month 13: errors %q", errs)
	}
	m = set(fTLVs, "user_message_reference=01")
	if errs := strings.Join(m.compose.Errors(), "\n"); !strings.Contains(errs, "user_message_reference (0x0204) is 2 octet(s)") {
		t.Errorf("TLV size: errors %q", errs)
	}
}
