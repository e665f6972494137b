package coding

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		dc     byte
		in     string // hex
		ok     bool
		text   string
		scheme string
		reason string // substring of Reason when !ok
	}{
		// SMPP 3.4 values.
		{0x00, "48656c6c6f", true, "Hello", "GSM 03.38 default alphabet", ""},
		{0x00, "", true, "", "GSM 03.38 default alphabet", ""},
		{0x00, "c8329bfd06", false, "", "GSM 03.38 default alphabet", "octet 0xC8 at offset 0 is above 0x7F, so this is not unpacked GSM 03.38"},
		{0x01, "40245f7b", true, "@$_{", "IA5/ASCII", ""},
		{0x01, "41e9", false, "", "IA5/ASCII", "octet 0xE9 at offset 1 is above 0x7F"},
		{0x02, "0001ff", true, "", "8-bit binary", ""},
		{0x03, "636166e9a4", true, "café¤", "Latin-1 (ISO-8859-1)", ""},
		{0x04, "deadbeef", true, "", "8-bit binary", ""},
		{0x05, "2422", false, "", "JIS (X 0208-1990)", "data_coding 0x05 (JIS (X 0208-1990)) is not supported; shown as hex"},
		{0x06, "bfe0d8d2d5e2f0", true, "Привет№", "Cyrillic (ISO-8859-5)", ""},
		{0x07, "f9ece5ed20aa", true, "שלום ×", "Latin/Hebrew (ISO-8859-8)", ""},
		{0x07, "e0c0", false, "", "Latin/Hebrew (ISO-8859-8)", "octet 0xC0 at offset 1 is not defined in ISO-8859-8"},
		{0x08, "0048d83dde00", true, "H😀", "UCS2 (UTF-16BE)", ""},
		{0x08, "0048006500", false, "", "UCS2 (UTF-16BE)", "odd number of octets (5)"},
		{0x08, "0048d83d", false, "", "UCS2 (UTF-16BE)", "unpaired UTF-16 surrogate 0xD83D at offset 2"},
		{0x08, "de000048", false, "", "UCS2 (UTF-16BE)", "unpaired UTF-16 surrogate 0xDE00 at offset 0"},
		{0x08, "d83dd83dde00", false, "", "UCS2 (UTF-16BE)", "unpaired UTF-16 surrogate 0xD83D at offset 0"},
		{0x09, "00", false, "", "pictogram encoding", "data_coding 0x09 (pictogram encoding) is not supported"},
		{0x0A, "00", false, "", "ISO-2022-JP (music codes)", "data_coding 0x0A"},
		{0x0B, "00", false, "", "reserved", "data_coding 0x0B is unknown"},
		{0x0C, "", false, "", "reserved", "data_coding 0x0C is unknown"},
		{0x0D, "00", false, "", "extended Kanji JIS (X 0212-1990)", "is not supported"},
		{0x0E, "b0a1", false, "", "KS C 5601 (Korean)", "data_coding 0x0E (KS C 5601 (Korean)) is not supported"},
		{0x0F, "00", false, "", "reserved", "data_coding 0x0F is unknown"},
		// 3GPP 23.038 general data coding.
		{0x10, "48691b65", true, "Hi€", "GSM 03.38 default alphabet", ""},
		{0x11, "4869", true, "Hi", "GSM 03.38 default alphabet", ""},
		{0x15, "ff", true, "", "8-bit binary", ""},
		{0x18, "20ac", true, "€", "UCS2 (UTF-16BE)", ""},
		{0x1C, "00", false, "", "reserved alphabet, message class 0 (flash)", "data_coding 0x1C is unknown"},
		{0x20, "00", false, "", "compressed GSM 03.38", "is compressed (3GPP 23.042)"},
		{0x39, "00", false, "", "compressed UCS2, message class 1", "data_coding 0x39 (compressed UCS2, message class 1) is compressed"},
		// Reserved coding groups.
		{0x40, "41", false, "", "reserved (3GPP 23.038: message marked for automatic deletion)", "data_coding 0x40 is unknown"},
		{0x7F, "41", false, "", "reserved (3GPP 23.038: message marked for automatic deletion)", "data_coding 0x7F is unknown"},
		{0x80, "41", false, "", "reserved coding group", "data_coding 0x80 is unknown"},
		{0xBF, "41", false, "", "reserved coding group", "data_coding 0xBF is unknown"},
		// Message waiting indication groups.
		{0xC0, "566d", true, "Vm", "GSM 03.38 default alphabet", ""},
		{0xD8, "566d", true, "Vm", "GSM 03.38 default alphabet", ""},
		{0xDF, "80", false, "", "GSM 03.38 default alphabet", "above 0x7F"},
		{0xE8, "0056006d", true, "Vm", "UCS2 (UTF-16BE)", ""},
		// Data coding/message class.
		{0xF0, "466c617368", true, "Flash", "GSM 03.38 default alphabet", ""},
		{0xF1, "4869", true, "Hi", "GSM 03.38 default alphabet", ""},
		{0xF5, "0102", true, "", "8-bit binary", ""},
		{0xF6, "027000", true, "", "8-bit binary", ""},
		{0xFB, "4869", true, "Hi", "GSM 03.38 default alphabet", ""},
	} {
		b, err := hex.DecodeString(tc.in)
		if err != nil {
			t.Fatalf("bad test hex %q", tc.in)
		}
		d := Decode(tc.dc, b)
		name := fmt.Sprintf("Decode(0x%02X, %s)", tc.dc, tc.in)
		if d.OK != tc.ok || d.Text != tc.text || d.Scheme != tc.scheme {
			t.Errorf("%s = %+v; want OK=%v Text=%q Scheme=%q", name, d, tc.ok, tc.text, tc.scheme)
		}
		if d.Hex != hex.EncodeToString(b) {
			t.Errorf("%s Hex = %q; want %x", name, d.Hex, b)
		}
		if tc.ok && d.Reason != "" {
			t.Errorf("%s OK with Reason %q", name, d.Reason)
		}
		if !tc.ok && (!strings.Contains(d.Reason, tc.reason) || !strings.HasSuffix(d.Reason, "; shown as hex")) {
			t.Errorf("%s Reason = %q; want it to contain %q and end with shown as hex", name, d.Reason, tc.reason)
		}
	}
}

func TestDecodeEveryDataCodingHasAnAnswer(t *testing.T) {
	for dc := 0; dc <= 0xFF; dc++ {
		d := Decode(byte(dc), []byte{0x41, 0x00})
		if d.Scheme == "" || d.Hex != "4100" || d.OK == (d.Reason != "") {
			t.Errorf("Decode(0x%02X) = %+v", dc, d)
		}
		if DataCodingName(byte(dc)) == "" {
			t.Errorf("DataCodingName(0x%02X) is empty", dc)
		}
	}
}

func TestDataCodingName(t *testing.T) {
	for dc, want := range map[byte]string{
		0x00: "SMSC default alphabet (usually GSM 03.38)",
		0x01: "IA5 (CCITT T.50)/ASCII",
		0x03: "Latin-1 (ISO-8859-1)",
		0x04: "8-bit binary (octet unspecified)",
		0x08: "UCS2 (ISO/IEC-10646)",
		0x10: "GSM 03.38, message class 0 (flash)",
		0x14: "8-bit data, message class 0 (flash)",
		0x16: "8-bit data, message class 2",
		0x19: "UCS2, message class 1",
		0x24: "compressed 8-bit data",
		0x41: "reserved (3GPP 23.038: message marked for automatic deletion)",
		0x90: "reserved coding group",
		0xC0: "message waiting indication (discard message, GSM 03.38): voicemail inactive",
		0xC8: "message waiting indication (discard message, GSM 03.38): voicemail active",
		0xD9: "message waiting indication (store message, GSM 03.38): fax active",
		0xEA: "message waiting indication (store message, UCS2): e-mail active",
		0xE3: "message waiting indication (store message, UCS2): other inactive",
		0xF0: "GSM 03.38, message class 0 (flash)",
		0xF1: "GSM 03.38, message class 1",
		0xF2: "GSM 03.38, message class 2",
		0xF3: "GSM 03.38, message class 3",
		0xF6: "8-bit data, message class 2",
		0xF9: "GSM 03.38, message class 1 (reserved bit 3 set)",
	} {
		if got := DataCodingName(dc); got != want {
			t.Errorf("DataCodingName(0x%02X) = %q; want %q", dc, got, want)
		}
	}
}
