package receipt

import "testing"

func TestState(t *testing.T) {
	tests := []struct {
		s           State
		name, stat  string
		final       bool
		statAliases []string
	}{
		{StateScheduled, "SCHEDULED", "SCHEDUL", false, []string{"scheduled"}},
		{StateEnroute, "ENROUTE", "ENROUTE", false, []string{"en_route", "En-Route"}},
		{StateDelivered, "DELIVERED", "DELIVRD", true, []string{"DELIVERD", "delivered", " Delivrd\x00"}},
		{StateExpired, "EXPIRED", "EXPIRED", true, []string{"expired"}},
		{StateDeleted, "DELETED", "DELETED", true, []string{"deleted"}},
		{StateUndeliverable, "UNDELIVERABLE", "UNDELIV", true, []string{"UNDELIVERABLE", "undelivered"}},
		{StateAccepted, "ACCEPTED", "ACCEPTD", false, []string{"ACCEPTED"}},
		{StateUnknown, "UNKNOWN", "UNKNOWN", true, []string{"unknown"}},
		{StateRejected, "REJECTED", "REJECTD", true, []string{"REJECTED", "rejectd"}},
		{StateSkipped, "SKIPPED", "SKIPPED", true, []string{"skipped"}},
		{12, "message_state(12)", "", false, nil},
	}
	for _, tc := range tests {
		if got := tc.s.String(); got != tc.name {
			t.Errorf("State(%d).String() = %q, want %q", tc.s, got, tc.name)
		}
		if got := tc.s.Stat(); got != tc.stat {
			t.Errorf("State(%d).Stat() = %q, want %q", tc.s, got, tc.stat)
		}
		if got := tc.s.Final(); got != tc.final {
			t.Errorf("State(%d).Final() = %v, want %v", tc.s, got, tc.final)
		}
		if tc.stat == "" {
			continue
		}
		for _, w := range append([]string{tc.stat, tc.name}, tc.statAliases...) {
			if got, ok := StateFromStat(w); !ok || got != tc.s {
				t.Errorf("StateFromStat(%q) = %v, %v; want %v", w, got, ok, tc.s)
			}
		}
		if got, ok := StateFromStat(string('0' + byte(tc.s))); !ok || got != tc.s {
			t.Errorf("StateFromStat(digit %d) = %v, %v", tc.s, got, ok)
		}
	}
	for _, w := range []string{"", "FAILED", "DELIV", "10", "DELIVRDDELIVRDDELIVRD"} {
		if s, ok := StateFromStat(w); ok {
			t.Errorf("StateFromStat(%q) = %v, want not ok", w, s)
		}
	}
}

func TestKind(t *testing.T) {
	tests := []struct {
		esm  byte
		name string
	}{
		{0x00, ""},
		{0x04, "SMSC delivery receipt"},
		{0x08, "SME delivery acknowledgement"},
		{0x10, "SME manual/user acknowledgement"},
		{0x20, "intermediate delivery notification"},
		{0x18, ""},                      // conversation abort
		{0x44, "SMSC delivery receipt"}, // UDHI set too
		{0x83, ""},                      // GSM features and messaging mode only
		{0x0C, ""},
	}
	for _, tc := range tests {
		if got := KindName(tc.esm); got != tc.name {
			t.Errorf("KindName(%#02x) = %q, want %q", tc.esm, got, tc.name)
		}
		if got := IsReceipt(tc.esm); got != (tc.name != "") {
			t.Errorf("IsReceipt(%#02x) = %v", tc.esm, got)
		}
	}
}

func TestDescribeNetworkError(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{nil, ""},
		{[]byte{1, 0, 5}, "type 1 (ANSI-136 access denied reason) code 5 (0x0005)"},
		{[]byte{2, 0, 5}, "type 2 (IS-95 access denied reason) code 5 (0x0005)"},
		{[]byte{3, 0, 1}, "type 3 (GSM) code 1 (0x0001)"},
		{[]byte{4, 0x01, 0x02}, "type 4 (ANSI-136 cause code) code 258 (0x0102)"},
		{[]byte{5, 0, 0}, "type 5 (IS-95 cause code) code 0 (0x0000)"},
		{[]byte{6, 0, 0}, "type 6 (ANSI-41 error) code 0 (0x0000)"},
		{[]byte{7, 0, 0x0B}, "type 7 (SMPP error) code 11 (0x000B)"},
		{[]byte{8, 0xFF, 0xFF}, "type 8 (message center specific) code 65535 (0xFFFF)"},
		{[]byte{0, 0, 1}, "type 0 (reserved) code 1 (0x0001)"},
		{[]byte{9, 0, 1}, "type 9 (reserved) code 1 (0x0001)"},
		{[]byte{3, 1}, "malformed network_error_code (2 octets, want 3): 03 01"},
		{[]byte{3, 0, 1, 0}, "malformed network_error_code (4 octets, want 3): 03 00 01 00"},
	}
	for _, tc := range tests {
		if got := DescribeNetworkError(tc.in); got != tc.want {
			t.Errorf("DescribeNetworkError(% x) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
