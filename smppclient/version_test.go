package smppclient

import (
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/wire"
)

func TestVersionNote(t *testing.T) {
	cases := []struct {
		asked, sc byte
		has       bool
		want      []string // "" alone: no note
	}{
		{0x34, 0x34, true, nil},
		{0x50, 0x50, true, nil},
		{0x33, 0, false, nil},
		{0x20, 0, false, nil}, // 3.3 or earlier, as 3.3
		{0x34, 0, false, []string{"SMSC speaks 3.3", "no sc_interface_version", "supports no TLVs", "§5.3.2.25", "asked for 3.4", "no TLVs will come"}},
		{0x50, 0, false, []string{"SMSC speaks 3.3", "asked for 5.0", "no congestion_state"}},
		{0x50, 0x34, true, []string{"SMSC speaks 3.4, the client asked for 5.0: no congestion_state will come"}},
		{0x34, 0x33, true, []string{"SMSC speaks 3.3, the client asked for 3.4", "no TLVs will come"}},
		{0x34, 0x50, true, []string{"SMSC speaks 5.0, the client asked for 3.4: the SMSC will talk 3.4"}},
		{0x33, 0x34, true, []string{"SMSC speaks 3.4, the client asked for 3.3: the SMSC will talk 3.3"}},
		{0x33, 0x33, true, []string{"sent sc_interface_version, a TLV 3.3 does not have"}},
		{0x34, 0x40, true, []string{"0x40, which is no SMPP version", "asked for 3.4"}},
	}
	for _, c := range cases {
		got := VersionNote(c.asked, c.sc, c.has)
		if len(c.want) == 0 {
			if got != "" {
				t.Errorf("VersionNote(0x%02X, 0x%02X, %v) = %q, want no note", c.asked, c.sc, c.has, got)
			}
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("VersionNote(0x%02X, 0x%02X, %v) = %q, want it to say %q", c.asked, c.sc, c.has, got, w)
			}
		}
	}
}

func TestSCVersionTLV(t *testing.T) {
	if v, ok := scVersion([]wire.TLV{wire.Uint8TLV(wire.TagScInterfaceVersion, 0x50)}); !ok || v != 0x50 {
		t.Errorf("scVersion = 0x%02X, %v; want 0x50, true", v, ok)
	}
	if _, ok := scVersion([]wire.TLV{{Tag: wire.TagScInterfaceVersion, Value: []byte{0x34, 0}}}); ok {
		t.Error("a two-octet sc_interface_version was read; it should be ignored")
	}
	if _, ok := scVersion(nil); ok {
		t.Error("no TLVs read as a version")
	}
}
