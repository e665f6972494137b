package message

import (
	"strings"
	"testing"
)

// The cases of issue 8, items 1 and 2, through the one parser send, the compose form
// and the profiles share.
func TestResolveAddressOperatorCases(t *testing.T) {
	intl, unknown, alpha := TONInternational, TONUnknown, TONAlphanumeric
	isdn, internet := NPIISDN, NPIInternet
	cases := []struct {
		role     Role
		in       string
		ton, npi *byte
		addr     string
		wantTON  byte
		wantNPI  byte
		err      string
	}{
		// Item 1: "00" is the international prefix, dropped with TON 1, as '+' is.
		{DestinationAddr, "00447700900123", nil, nil, "447700900123", 1, 1, ""},
		{DestinationAddr, "+447700900123", nil, nil, "447700900123", 1, 1, ""},
		{SourceAddr, "00447700900123", nil, nil, "447700900123", 1, 1, ""},
		{DestinationAddr, "00447700900123", &intl, &isdn, "447700900123", 1, 1, ""},
		// With another TON the "00" is what the SMSC dials: kept.
		{DestinationAddr, "00447700900123", &unknown, &isdn, "00447700900123", 0, 1, ""},
		// Item 2: numbers as people write them.
		{DestinationAddr, "+44 7700 900123", nil, nil, "447700900123", 1, 1, ""},
		{DestinationAddr, "+44-7700-900123", nil, nil, "447700900123", 1, 1, ""},
		{DestinationAddr, "(0044) 7700 900123", nil, nil, "447700900123", 1, 1, ""},
		{DestinationAddr, "+44.7700.900123", nil, nil, "447700900123", 1, 1, ""},
		{DestinationAddr, "+44 (0)7700 900123", nil, nil, "447700900123", 1, 1, ""},
		{SourceAddr, "+44 7700 900123", nil, nil, "447700900123", 1, 1, ""},
		{DestinationAddr, "447700900123", nil, nil, "447700900123", 1, 1, ""},
		// Short codes are still short codes, including ones that start with 00.
		{DestinationAddr, "12345", nil, nil, "12345", 0, 1, ""},
		{DestinationAddr, "123 45", nil, nil, "12345", 0, 1, ""},
		{DestinationAddr, "00123", nil, nil, "00123", 0, 1, ""},
		// An alphanumeric destination is refused unless TON 5 is given explicitly.
		{DestinationAddr, "abc", nil, nil, "", 0, 0, "give TON 5 (alphanumeric) explicitly"},
		{DestinationAddr, "abc", &unknown, &isdn, "", 0, 0, "not a phone number"},
		{DestinationAddr, "abc", &alpha, &unknown, "abc", 5, 0, ""},
		{DestinationAddr, "+44 7700 9001x3", nil, nil, "", 0, 0, "not a phone number"},
		// An alphanumeric source is still a sender name, formatting and all.
		{SourceAddr, "MyBrand", nil, nil, "MyBrand", 5, 0, ""},
		{SourceAddr, "My-Brand", nil, nil, "My-Brand", 5, 0, ""},
		{SourceAddr, "VeryLongBrandName", nil, nil, "", 0, 0, "at most 11"},
		// An IP address is not a number to strip the dots from.
		{DestinationAddr, "192.168.1.10", nil, nil, "", 0, 0, "NPI as 14 (internet)"},
		{DestinationAddr, "192.168.1.10", &unknown, &internet, "192.168.1.10", 0, 14, ""},
		{DestinationAddr, "", nil, nil, "", 0, 0, ""},
	}
	for _, c := range cases {
		a, err := ResolveAddress(c.role, c.in, c.ton, c.npi)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s %q: got %+v, err %v; want error %q", c.role, c.in, a, err, c.err)
			}
			continue
		}
		if err != nil || a.Addr != c.addr || a.TON != c.wantTON || a.NPI != c.wantNPI {
			t.Errorf("%s %q: got %+v, %v; want %q TON %d NPI %d", c.role, c.in, a, err, c.addr, c.wantTON, c.wantNPI)
		}
	}
}

func TestParseDestination(t *testing.T) {
	for in, want := range map[string]Address{
		"00447700900123":           {"447700900123", 1, 1},
		"+44 7700 900123":          {"447700900123", 1, 1},
		"(0044) 7700 900123,1,1":   {"447700900123", 1, 1},
		"abc,alphanumeric,unknown": {"abc", 5, 0},
		"12345,3,0":                {"12345", 3, 0},
	} {
		got, err := ParseDestination(in)
		if err != nil || got != want {
			t.Errorf("%q: got %+v, %v; want %+v", in, got, err, want)
		}
	}
	if _, err := ParseDestination("abc"); err == nil || !strings.Contains(err.Error(), `destination "abc" is not a phone number`) {
		t.Errorf("abc: %v", err)
	}
}
