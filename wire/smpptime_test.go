package wire

import (
	"strings"
	"testing"
)

func TestParseSMPPTimeAccepts(t *testing.T) {
	for _, s := range []string{
		"261125203000004+", // 2026-11-25 20:30:00.0, UTC+1
		"261125203000948-", // tenths 9, UTC-12
		"240229000000000+", // 29 February of a leap year
		"991231235959948+",
		"000001000000000R", // one day from now
		"991231235959000R", // the largest relative period
		"000000000000000R",
		"000012000000000R", // 12 months
		"000031000000000R", // 31 days
	} {
		if err := CheckSMPPTime(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	if err := CheckSMPPTime(""); err != nil {
		t.Errorf("empty: %v", err)
	}
}

func TestParseSMPPTimeRefuses(t *testing.T) {
	for s, want := range map[string]string{
		"991332250000000+":  "month (MM) 13",
		"991232250000000+":  "day (DD) 32",
		"991231250000000+":  "hour (hh) 25",
		"991231236000000+":  "minute (mm) 60",
		"991231235960000+":  "second (ss) 60",
		"990001000000000+":  "month (MM) 00",
		"990100000000000+":  "day (DD) 00",
		"250229000000000+":  "month 02 of year 25 has 28 days",
		"260431000000000+":  "has 30 days",
		"261125203000049+":  "quarter hours from UTC (nn) 49",
		"000001000000001R":  "ends in 000R",
		"000001000000100R":  "ends in 000R",
		"001300000000000R":  "month (MM) 13",
		"000032000000000R":  "day (DD) 32",
		"000000240000000R":  "hour (hh) 24",
		"000000006000000R":  "minute (mm) 60",
		"261125203000004X":  "last character",
		"2611252030":        "16",
		"26112520300000+4":  "must be digits",
		"2611252030000004+": "17 characters",
	} {
		err := CheckSMPPTime(s)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err %v, want %q", s, err, want)
		}
	}
}

func TestParseSMPPTimeFields(t *testing.T) {
	tm, err := ParseSMPPTime("261224180000508-")
	if err != nil {
		t.Fatal(err)
	}
	if tm.Relative || tm.Year != 26 || tm.Month != 12 || tm.Day != 24 || tm.Hour != 18 || tm.Tenths != 5 || tm.Quarters != -8 {
		t.Fatalf("%+v", tm)
	}
	if got := tm.Time().UTC().Format("2006-01-02T15:04:05.0Z"); got != "2026-12-24T20:00:00.5Z" {
		t.Fatalf("as time: %s", got)
	}
}

func TestSMPPTimeFrom(t *testing.T) {
	for in, want := range map[string]string{
		"":                               "",
		"+90m":                           "000000013000000R",
		"2h":                             "000000020000000R",
		"1d12h":                          "000001120000000R",
		"36h":                            "000001120000000R",
		"30s":                            "000000000030000R",
		"1h30m15s":                       "000000013015000R",
		"31d":                            "000031000000000R",
		"2026-12-24T18:00:00+01:00":      "261224180000004+",
		"2026-12-24T18:00:00Z":           "261224180000000+",
		"2026-12-24T18:00:00.7-05:30":    "261224180000722-",
		"2026-02-01T00:00:00+12:00":      "260201000000048+",
		"2026-12-24T18:00:00+05:45":      "261224180000023+", // Nepal: 23 quarter hours
		" 261125203000004+ ":             "261125203000004+",
		"000001000000000R":               "000001000000000R",
		"2026-12-24T18:00:00.123456789Z": "261224180000100+",
	} {
		got, err := SMPPTimeFrom(in)
		if err != nil || got != want {
			t.Errorf("%q: got %q, %v; want %q", in, got, err, want)
		}
		if err == nil {
			if cerr := CheckSMPPTime(got); cerr != nil {
				t.Errorf("%q gave %q, which does not check: %v", in, got, cerr)
			}
		}
	}
	for in, want := range map[string]string{
		"32d":                       "longer than 31 days",
		"1h1h":                      "given twice",
		"2026-12-24T18:00:00+05:20": "quarter hours",
		"2026-12-24T18:00:00+14:00": "more than 12 hours",
		"1999-12-24T18:00:00Z":      "2000-2099",
		"2026-13-24T18:00:00Z":      "RFC 3339",
		"991332250000000+":          "month (MM) 13",
		"tomorrow":                  "neither an SMPP time",
	} {
		_, err := SMPPTimeFrom(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err %v, want %q", in, err, want)
		}
	}
}

func TestCheckTLVLength(t *testing.T) {
	for _, tc := range []struct {
		tlv  TLV
		want string
	}{
		{TLV{TagUserMessageReference, []byte{1}}, "user_message_reference (0x0204) is 2 octet(s), but 1 were given"},
		{TLV{TagUserMessageReference, []byte{1, 2, 3}}, "is 2 octet(s), but 3"},
		{TLV{TagSarTotalSegments, nil}, "sar_total_segments (0x020E) is 1 octet(s), but 0"},
		{TLV{TagQosTimeToLive, []byte{1}}, "qos_time_to_live (0x0017) is 4 octet(s)"},
		{TLV{TagNetworkErrorCode, []byte{1, 2}}, "network_error_code (0x0423) is 3 octet(s)"},
		{TLV{TagReceiptedMessageID, make([]byte, 66)}, "receipted_message_id (0x001E) is 1-65 octets, but 66"},
		{TLV{TagCallbackNum, []byte{1, 2, 3}}, "callback_num (0x0381) is 4-19 octets"},
		{TLV{TagSourceSubaddress, []byte{1}}, "source_subaddress (0x0202) is 2-23 octets"},
		{TLV{TagAlertOnMessageDelivery, []byte{1}}, "alert_on_message_delivery (0x130C) carries no value"},
	} {
		err := CheckTLVLength(tc.tlv)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want %q", TagName(tc.tlv.Tag), err, tc.want)
		}
	}
	for _, ok := range []TLV{
		{TagUserMessageReference, []byte{0, 1}},
		{TagSarMsgRefNum, []byte{0, 1}},
		{TagDestTelematicsID, []byte{0, 1}},
		{TagSourceTelematicsID, []byte{1}},
		{TagReceiptedMessageID, []byte("abc\x00")},
		{TagAlertOnMessageDelivery, nil},
		{TagMessagePayload, make([]byte, 1000)},
		{0x1400, nil}, // vendor-specific: any length
	} {
		if err := CheckTLVLength(ok); err != nil {
			t.Errorf("%s: %v", TagName(ok.Tag), err)
		}
	}
	for tag := range tlvSizes {
		if _, known := tagNames[tag]; !known {
			t.Errorf("size for unnamed tag 0x%04X", tag)
		}
	}
}
