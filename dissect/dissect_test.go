package dissect

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/linxGnu/gosmpp/data"
	"github.com/linxGnu/gosmpp/pdu"

	"github.com/smppconsole/smppconsole/wire"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := ParseHex(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func field(t testing.TB, p PDU, name string) Field {
	t.Helper()
	for _, f := range p.Fields {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no field %q in %s", name, Format(p))
	return Field{}
}

// gosmppBytes marshals with gosmpp's own encoder: PDUs another implementation produced.
func gosmppBytes(p pdu.PDU) []byte {
	b := pdu.NewBuffer(nil)
	p.Marshal(b)
	return b.Bytes()
}

func TestDissectGosmppPDUs(t *testing.T) {
	bind := pdu.NewBindRequest(pdu.Transceiver)
	bind.SystemID, bind.Password, bind.SystemType = "smppclient1", "s3cret", "VMA"
	bind.AddressRange.AddressRange = "^44"

	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	sm.SourceAddr = pdu.NewAddressWithTonNpi(5, 0)
	_ = sm.SourceAddr.SetAddress("MyBrand")
	sm.DestAddr = pdu.NewAddressWithTonNpi(1, 1)
	_ = sm.DestAddr.SetAddress("447700900123")
	sm.RegisteredDelivery = 1
	msg, _ := pdu.NewShortMessageWithEncoding("Привет", data.UCS2)
	sm.Message = msg

	dlr := pdu.NewDeliverSM().(*pdu.DeliverSM)
	dlr.EsmClass = 0x04
	_ = dlr.SourceAddr.SetAddress("447700900123")
	_ = dlr.DestAddr.SetAddress("MyBrand")
	txt, _ := pdu.NewShortMessage("id:1A2B sub:001 dlvrd:001 submit date:2611252030 done date:2611252031 stat:DELIVRD err:000 text:Hello")
	dlr.Message = txt
	dlr.RegisterOptionalParam(pdu.Field{Tag: pdu.TagReceiptedMessageID, Data: []byte("1A2B\x00")})
	dlr.RegisterOptionalParam(pdu.Field{Tag: pdu.TagMessageStateOption, Data: []byte{2}})

	cases := []struct {
		p     pdu.PDU
		check func(t *testing.T, d PDU)
	}{
		{bind, func(t *testing.T, d PDU) {
			if f := field(t, d, "password"); f.Value != Redacted || !f.Secret {
				t.Errorf("password shown: %q", f.Value)
			}
			if strings.Contains(string(d.Raw), "s3cret") || strings.Contains(Format(d), "s3cret") {
				t.Error("password leaked into the raw bytes or the text")
			}
			if field(t, d, "interface_version").Meaning != "SMPP 3.4" || field(t, d, "address_range").Value != "^44" {
				t.Error(Format(d))
			}
		}},
		{sm, func(t *testing.T, d PDU) {
			if d.Text != "Привет" || field(t, d, "data_coding").Value != "0x08" {
				t.Errorf("text %q", d.Text)
			}
			if field(t, d, "source_addr_ton").Meaning != "alphanumeric" || field(t, d, "destination_addr").Value != "447700900123" {
				t.Error(Format(d))
			}
			if !strings.Contains(d.Summary, "to=447700900123") {
				t.Errorf("summary %q", d.Summary)
			}
		}},
		{dlr, func(t *testing.T, d PDU) {
			if d.Receipt == nil || d.Receipt.Stat != "DELIVRD" || d.Receipt.MessageID != "1A2B" || d.Receipt.Err != "000" {
				t.Fatalf("receipt %+v", d.Receipt)
			}
			if d.ReceiptKind != "SMSC delivery receipt" {
				t.Errorf("kind %q", d.ReceiptKind)
			}
			if f := field(t, d, "message_state"); f.Meaning != "DELIVERED" {
				t.Errorf("message_state %+v", f)
			}
		}},
		{pdu.NewEnquireLink(), nil},
		{pdu.NewUnbind(), nil},
		{sm.GetResponse(), nil},
		{dlr.GetResponse(), nil},
		{bind.GetResponse(), nil},
		{pdu.NewQuerySM(), nil},
		{pdu.NewCancelSM(), nil},
		{pdu.NewReplaceSM(), nil},
		{pdu.NewDataSM(), nil},
		{pdu.NewSubmitMulti(), nil},
		{pdu.NewGenericNack(), nil},
		{pdu.NewAlertNotification(), nil},
		{pdu.NewOutbind(), nil},
	}
	for _, c := range cases {
		raw := gosmppBytes(c.p)
		d := Dissect(raw, Options{})
		name := wire.CommandName(uint32(c.p.GetHeader().CommandID))
		t.Run(name, func(t *testing.T) {
			if d.Err != "" || d.Command != name {
				t.Fatalf("%s: %s\n%s", name, d.Err, Format(d))
			}
			// Fields are offsets into d.Raw: a bind's is masked, so its length differs.
			last := d.Fields[len(d.Fields)-1]
			if last.End != len(d.Raw) {
				t.Errorf("fields end at %d, PDU is %d octets", last.End, len(d.Raw))
			}
			if c.check != nil {
				c.check(t, d)
			}
		})
	}
}

func TestDissectHandWrittenVectors(t *testing.T) {
	// bind_transceiver_resp, header-only error: what some SMSCs send for a bad password.
	d := Dissect(mustHex(t, "00000010 80000009 0000000e 00000001"), Options{})
	if d.Err != "" || !strings.Contains(Title(d), "ESME_RINVPASWD (0x0000000E)") {
		t.Errorf("header-only bind_resp: %s / %s", d.Err, Title(d))
	}
	// The query_sm that makes gosmpp panic is a well-formed PDU with a zero-length TLV.
	d = Dissect(mustHex(t, "00000018 00000003 00000000 00000001 00 000000 00000000"), Options{})
	if d.Err != "" || len(d.TLVs) != 1 || d.TLVs[0].Tag != 0 {
		t.Errorf("query_sm reproducer: %s", Format(d))
	}
	// A submit_sm with a concatenation UDH (8-bit ref 0x2A, part 1 of 2), GSM text "Hi".
	d = Dissect(mustHex(t, "00000041 00000004 00000000 00000002 00 0101 3434373730303930303132330001013434373730303930303132330040000000000000000008 0500032a0201 4869"), Options{})
	if d.UDH == nil || d.UDH.Concat == nil || d.UDH.Concat.Ref != 0x2A || d.UDH.Concat.Seq != 1 || d.Text != "Hi" {
		t.Fatalf("UDH submit_sm: %+v %q\n%s", d.UDH, d.Text, Format(d))
	}
	if !strings.Contains(field(t, d, "esm_class").Meaning, "UDH indicator") {
		t.Error(field(t, d, "esm_class").Meaning)
	}
	// Unknown data_coding: hex with a reason, never a guess.
	d = Dissect(mustHex(t, "00000030 00000005 00000000 00000003 00 0101 343400 0101 343500 00 00 00 00 00 00 00 05 00 04 deadbeef"), Options{})
	if d.TextNote == "" || d.Text != "deadbeef" {
		t.Errorf("unknown data_coding: text %q note %q", d.Text, d.TextNote)
	}
}

func TestDissectDamagedPDUs(t *testing.T) {
	cases := map[string]string{
		"truncated cstring":   "00000014 00000004 00000000 00000001 4142 4344",
		"sm_length overflows": "00000026 00000004 00000000 00000001 00 0000 00 0000 00 00 00 00 00 00 00 00 00 00 ff 41414141",
		"length mismatch":     "00000040 00000015 00000000 00000001",
		"short":               "000000",
		"unknown command":     "00000014 00000999 00000000 00000001 01020304",
		"bad TLV":             "00000015 80000004 00000000 00000001 00 0000",
		"udh too long":        "0000002b 00000004 00000000 00000002 00 0000 00 0000 00 40 00 00 00 00 00 00 00 00 05 09000341 4243",
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			raw := mustHex(t, in)
			d := Dissect(raw, Options{})
			if d.Err == "" && d.TextNote == "" {
				t.Fatalf("damage not reported:\n%s", Format(d))
			}
			if strings.Contains(d.Err, "presentation failed") {
				t.Fatalf("presentation panicked: %s", d.Err)
			}
			_ = Format(d)
			if _, err := json.Marshal(ToObject(d, true)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A bind too broken to walk must still not show its password.
func TestRedactBrokenBind(t *testing.T) {
	raw := mustHex(t, "0000002f 00000009 00000000 00000001") // claims 47 octets
	raw = append(raw, []byte("sys\x00hunter2\x00")...)
	d := Dissect(raw, Options{})
	if strings.Contains(string(d.Raw), "hunter2") || strings.Contains(Format(d), "hunter2") ||
		strings.Contains(Format(d), hex.EncodeToString([]byte("hunter2"))) {
		t.Fatalf("password leaked:\n%s", Format(d))
	}
	if d2 := Dissect(raw, Options{ShowSecrets: true}); !strings.Contains(string(d2.Raw), "hunter2") {
		t.Fatal("ShowSecrets must show the password")
	}
}

func TestToObjectKeys(t *testing.T) {
	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	_ = sm.DestAddr.SetAddress("123")
	msg, _ := pdu.NewShortMessage("hi")
	sm.Message = msg
	raw := wire.Marshal(sm, 9, wire.Uint16TLV(wire.TagSarMsgRefNum, 7))
	o := ToObject(Dissect(raw, Options{}), true)
	b, _ := json.Marshal(o)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	for _, k := range []string{"command", "command_id", "command_status", "status_name", "sequence_number", "fields", "tlvs", "text", "hex"} {
		if _, ok := m[k]; !ok {
			t.Errorf("missing key %q in %s", k, b)
		}
	}
	f := m["fields"].(map[string]any)
	if f["destination_addr"] != "123" || f["short_message"] != "6869" || f["esm_class"] != float64(0) {
		t.Errorf("fields %v", f)
	}
	tl := m["tlvs"].([]any)[0].(map[string]any)
	if tl["name"] != "sar_msg_ref_num" || tl["value"] != "0007" || tl["tag"] != float64(0x020C) {
		t.Errorf("tlv %v", tl)
	}
}

func TestParseHex(t *testing.T) {
	want := "0000001000000015000000000000000a"
	for _, in := range []string{
		want,
		"00 00 00 10 00 00 00 15 00 00 00 00 00 00 00 0a",
		"00:00:00:10:00:00:00:15:00:00:00:00:00:00:00:0a",
		"0x00000010 0x00000015\n0x00000000 0x0000000a",
		"0000  00 00 00 10 00 00 00 15  00 00 00 00 00 00 00 0a   ................",
		// tshark -x
		"0000  00 00 00 10 00 00 00 15 00 00 00 00 00 00 00 0a   ................",
		// Wireshark "Copy as Hex Dump"
		"0000   00 00 00 10 00 00 00 15 00 00 00 00 00 00 00 0a   ................",
		// hexdump -C, with its closing length line
		"00000000  00 00 00 10 00 00 00 15  00 00 00 00 00 00 00 0a  |................|\n00000010",
		// xxd
		"00000000: 0000 0010 0000 0015 0000 0000 0000 000a  ................",
		// a short last row whose ASCII column holds hex-looking text
		"0000  00 00 00 10 00 00 00 15  00 00 00 00 00 00 00   ..............\n000f  0a                                                ab",
	} {
		b, err := ParseHex(in)
		if err != nil || hex.EncodeToString(b) != want {
			t.Errorf("%q: got %x, %v", in, b, err)
		}
	}
	for _, in := range []string{"", "abc", "zz", "00 0g"} {
		if _, err := ParseHex(in); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

func TestDescribeTime(t *testing.T) {
	cases := map[string]string{
		"261125203000004+": "2026-11-25 20:30:00.0 UTC+01:00",
		"000001000000000R": "relative: 0y 0mo 1d 00:00:00",
		"261325203000004+": "not a valid date",
		"short":            "not an SMPP time (5 characters, want 16)",
	}
	for in, want := range cases {
		if got := DescribeTime(in); got != want {
			t.Errorf("%q: got %q want %q", in, got, want)
		}
	}
}

func BenchmarkDissectSubmitSM(b *testing.B) {
	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	_ = sm.SourceAddr.SetAddress("MyBrand")
	_ = sm.DestAddr.SetAddress("447700900123")
	msg, _ := pdu.NewShortMessage("Hello, this is a typical message of moderate length.")
	sm.Message = msg
	raw := wire.Marshal(sm, 1)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = Dissect(raw, Options{})
	}
}

func BenchmarkDissectReceipt(b *testing.B) {
	d := pdu.NewDeliverSM().(*pdu.DeliverSM)
	d.EsmClass = 0x04
	msg, _ := pdu.NewShortMessage("id:0123456789 sub:001 dlvrd:001 submit date:2611252030 done date:2611252031 stat:DELIVRD err:000 text:Hello")
	d.Message = msg
	raw := wire.Marshal(d, 1, wire.CStringTLV(wire.TagReceiptedMessageID, "0123456789"), wire.Uint8TLV(wire.TagMessageState, 2))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = Dissect(raw, Options{})
	}
}

// TestDissectNetSMPPCapture decodes PDUs another implementation produced: Net::SMPP
// (Perl) as the ESME, captured with tshark. The password it sent must not show.
func TestDissectNetSMPPCapture(t *testing.T) {
	b, err := os.ReadFile("testdata/netsmpp.hex")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		d := Dissect(mustHex(t, line[2:]), Options{})
		if d.Err != "" || d.TextNote != "" {
			t.Fatalf("%s: %s %s", d.Command, d.Err, d.TextNote)
		}
		got = append(got, line[:1]+d.Command)
		switch d.Command {
		case "bind_transceiver":
			if field(t, d, "password").Value != Redacted || strings.Contains(string(d.Raw), "password\x00") {
				t.Error("Net::SMPP's password shown")
			}
		case "deliver_sm":
			if d.Receipt == nil || d.Receipt.Stat != "DELIVRD" {
				t.Errorf("receipt %+v", d.Receipt)
			}
		}
	}
	want := ">bind_transceiver <bind_transceiver_resp >submit_sm <submit_sm_resp >submit_sm <submit_sm_resp " +
		"<deliver_sm >deliver_sm_resp >enquire_link <enquire_link_resp >unbind <unbind_resp"
	if strings.Join(got, " ") != want {
		t.Fatalf("got %s", strings.Join(got, " "))
	}
}

// The mask has a fixed length, in the view and in the bytes (which go to pcap files), so
// a password's length does not leak; command_length follows, so the PDU stays well formed.
func TestRedactedPasswordHasFixedLength(t *testing.T) {
	bindWith := func(pw string) []byte {
		body := []byte("smppclient1\x00" + pw + "\x00\x00\x34\x00\x00\x00")
		raw := binary.BigEndian.AppendUint32(nil, uint32(16+len(body)))
		raw = append(raw, mustHex(t, "00000009 00000000 00000001")...)
		return append(raw, body...)
	}
	var lengths []int
	for _, pw := range []string{"", "a", "pw", "s3cr3t", "password", "muchtoolongpassword"} {
		d := Dissect(bindWith(pw), Options{})
		if d.Err != "" && len(pw) <= 8 {
			t.Errorf("%q: %s", pw, d.Err)
		}
		if f := field(t, d, "password"); f.Value != Redacted || !f.Secret || string(d.Raw[f.Start:f.End]) != Redacted+"\x00" {
			t.Errorf("%q: password field %+v, bytes %q", pw, f, d.Raw[f.Start:f.End])
		}
		if got := binary.BigEndian.Uint32(d.Raw); int(got) != len(d.Raw) || field(t, d, "command_length").Value != fmt.Sprint(len(d.Raw)) {
			t.Errorf("%q: command_length %d for %d octets", pw, got, len(d.Raw))
		}
		if pw != "" && strings.Contains(string(d.Raw), pw+"\x00") {
			t.Errorf("%q leaked", pw)
		}
		if last := d.Fields[len(d.Fields)-1]; last.End != len(d.Raw) {
			t.Errorf("%q: fields end at %d of %d", pw, last.End, len(d.Raw))
		}
		lengths = append(lengths, len(d.Raw))
	}
	for _, n := range lengths[1:] {
		if n != lengths[0] {
			t.Fatalf("masked PDU lengths differ with the password: %v", lengths)
		}
	}
}

// The dissector calls valid exactly the SMPP times the codec accepts: a relative time
// must end in 000R and count at most 23 hours; nn is at most 48 quarter hours.
func TestDescribeTimeAgreesWithCodec(t *testing.T) {
	cases := map[string]string{
		"261125203000018-": "2026-11-25 20:30:00.0 UTC-04:30",
		"000001000000123R": "not a valid date",
		"000001250000000R": "not a valid date",
		"261125203000049+": "not a valid date",
		"260229000000000+": "not a valid date",
		"2611252030000x4+": "not an SMPP time (non-digits)",
		"261125203000004Z": "not an SMPP time (last character must be +, - or R)",
	}
	for in, want := range cases {
		if got := DescribeTime(in); got != want {
			t.Errorf("%q: got %q want %q", in, got, want)
		}
		if _, err := wire.ParseSMPPTime(in); (err == nil) != !strings.HasPrefix(want, "not ") {
			t.Errorf("%q: codec says %v, dissector %q", in, err, want)
		}
	}
}
