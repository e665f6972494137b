package receipt

import (
	"reflect"
	"slices"
	"testing"
)

func TestNormalizeID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{" \x00 ", ""},
		{"123", "123"},
		{"000123", "123"},
		{"0000", "0"},
		{"0A1B2C", "a1b2c"},
		{"a1b2c", "a1b2c"},
		{" 0A1B2C\x00", "a1b2c"},
		{"1\x002\x003", "123"}, // mis-decoded UCS2
		{"550E8400-E29B-41D4-A716-446655440000", "550e8400-e29b-41d4-a716-446655440000"},
		{"00ABC-1", "00abc-1"}, // not hex: zeros kept
		{"MSG_Ü1", "msg_Ü1"},   // only ASCII letters fold
		{"\xff\xfe", "\xff\xfe"},
	}
	for _, tc := range tests {
		got := NormalizeID(tc.in)
		if got != tc.want {
			t.Errorf("NormalizeID(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if again := NormalizeID(got); again != got {
			t.Errorf("NormalizeID not idempotent on %q: %q", got, again)
		}
	}
}

func TestIDKeys(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"0A1B2C", []string{"a1b2c", "662316"}},
		{"662316", []string{"662316", "6693654"}},
		{"12345", []string{"12345", "74565"}},
		{"000123", []string{"123", "291"}},
		{"7", []string{"7"}},
		{"0", []string{"0"}},
		{"FFFFFFFFFFFFFFFF", []string{"ffffffffffffffff", "18446744073709551615"}},
		{"10000000000000000", []string{"10000000000000000", "18446744073709551616"}}, // past uint64
		{"550e8400-e29b", []string{"550e8400-e29b"}},
	}
	for _, tc := range tests {
		if got := IDKeys(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("IDKeys(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCorrelation is the case the package exists for: the SMSC gives one id
// form in submit_sm_resp and another in the receipt.
func TestCorrelation(t *testing.T) {
	tests := []struct{ submitResp, receipt string }{
		{"0A1B2C", "662316"}, // hex in submit_sm_resp, decimal in the receipt
		{"662316", "0A1B2C"}, // and the other way round
		{"000123", "123"},    // zero padding
		{"123", "0000000123"},
		{"0a1b2c", "000A1B2C"}, // case and padding
		{"123456", "1193046"},  // hex that happens to be all digits: 0x123456
		{"550E8400-E29B-41D4", " 550e8400-e29b-41d4\x00"},
	}
	for _, tc := range tests {
		if !shareKey(IDKeys(tc.submitResp), IDKeys(tc.receipt)) {
			t.Errorf("%q and %q share no key: %q vs %q", tc.submitResp, tc.receipt, IDKeys(tc.submitResp), IDKeys(tc.receipt))
		}
	}
	for _, tc := range []struct{ a, b string }{{"123", "124"}, {"abc", "abd"}, {"uuid-1", "uuid-2"}} {
		if shareKey(IDKeys(tc.a), IDKeys(tc.b)) {
			t.Errorf("%q and %q should not share a key: %q vs %q", tc.a, tc.b, IDKeys(tc.a), IDKeys(tc.b))
		}
	}
}

func shareKey(a, b []string) bool {
	for _, k := range a {
		if slices.Contains(b, k) {
			return true
		}
	}
	return false
}
