package message

import (
	"bytes"

	"github.com/linxGnu/gosmpp/pdu"
	"math/rand"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

func TestParseAddress(t *testing.T) {
	cases := []struct {
		in       string
		addr     string
		ton, npi byte
		err      string
	}{
		{"+447700900123", "447700900123", 1, 1, ""},
		{"447700900123", "447700900123", 1, 1, ""},
		{"12345", "12345", 0, 1, ""},
		{"MyBrand", "MyBrand", 5, 0, ""},
		{"12345,3,0", "12345", 3, 0, ""},
		{"447700900123,intl,isdn", "447700900123", 1, 1, ""},
		{"Brand,alphanumeric,unknown", "Brand", 5, 0, ""},
		{"VeryLongBrandName", "", 0, 0, "at most 11"},
		{"123,9,1", "", 0, 0, "reserved"},
		{"123,1", "", 0, 0, "ADDR,TON,NPI"},
		{"123456789012345678901", "", 0, 0, "at most 20"},
		{"12AB,1,1", "", 0, 0, "digits only"},
	}
	for _, c := range cases {
		a, err := ParseAddress(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: err %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || a.Addr != c.addr || a.TON != c.ton || a.NPI != c.npi {
			t.Errorf("%q: got %+v, %v", c.in, a, err)
		}
	}
}

func TestParseTLV(t *testing.T) {
	for in, want := range map[string]wire.TLV{
		"0x1400=0102":                 {Tag: 0x1400, Value: []byte{1, 2}},
		"1401=":                       {Tag: 0x1401, Value: []byte{}},
		"user_message_reference=0001": {Tag: wire.TagUserMessageReference, Value: []byte{0, 1}},
	} {
		got, err := ParseTLV(in)
		if err != nil || got.Tag != want.Tag || string(got.Value) != string(want.Value) {
			t.Errorf("%q: got %+v, %v", in, got, err)
		}
	}
	for _, in := range []string{"1400", "zz=01", "0x10000=01", "1400=0", "1400=xy",
		"user_message_reference=01", "sar_total_segments=0102", "qos_time_to_live=00"} {
		if _, err := ParseTLV(in); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

func TestValidateTime(t *testing.T) {
	for _, ok := range []string{"", "261125203000004+", "261125203000004-", "000001000000000R"} {
		if err := ValidateTime("validity_period", ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	// 991332250000000+: month 13, day 32, hour 25 (issue 8) used to pass the length check.
	for _, bad := range []string{"2611252030", "26112520300000+4", "261125203000004X", "000001000000001R",
		"991332250000000+", "250229000000000+", "261125203000049+"} {
		if err := ValidateTime("validity_period", bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func base() Message {
	src, _ := ParseAddress("MyBrand")
	dst, _ := ParseAddress("+447700900123")
	return Message{Source: src, Dest: dst, RegisteredDelivery: ReceiptOnFinal}
}

func TestBuildMethods(t *testing.T) {
	long := strings.Repeat("abcdefghij", 20) // 200 GSM characters: two parts
	for _, method := range []segment.Method{segment.UDH, segment.UDH16, segment.SAR, segment.Payload} {
		m := base()
		m.Text, m.Split = long, method
		m.TLVs = []wire.TLV{{Tag: 0x1400, Value: []byte{9}}}
		parts, err := Build(m, 0x1234)
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		wantParts := 2
		if method == segment.Payload {
			wantParts = 1
		}
		if len(parts) != wantParts {
			t.Fatalf("%s: %d parts", method, len(parts))
		}
		for i, p := range parts {
			raw := p.Encode(uint32(10 + i))
			d := dissect.Dissect(raw, dissect.Options{})
			if d.Err != "" || d.Header.Seq != uint32(10+i) {
				t.Fatalf("%s part %d: %s", method, i+1, d.Err)
			}
			esm := fieldValue(d, "esm_class")
			switch method {
			case segment.UDH, segment.UDH16:
				if esm != "0x40" || d.UDH == nil || d.UDH.Concat.Seq != i+1 || d.UDH.Concat.Total != 2 {
					t.Errorf("%s part %d: esm %s udh %+v", method, i+1, esm, d.UDH)
				}
			case segment.SAR:
				if esm != "0x00" || tlv(d, wire.TagSarMsgRefNum) != "4660" || tlv(d, wire.TagSarSegmentSeqnum) != string(rune('1'+i)) {
					t.Errorf("%s part %d: esm %s tlvs %+v", method, i+1, esm, d.TLVs)
				}
			case segment.Payload:
				if fieldValue(d, "sm_length") != "0x00" || d.Text != long {
					t.Errorf("payload: sm_length %s text %q", fieldValue(d, "sm_length"), d.Text)
				}
			}
			if last := d.TLVs[len(d.TLVs)-1]; last.Tag != 0x1400 {
				t.Errorf("%s: custom TLV must come last, got %+v", method, d.TLVs)
			}
		}
	}
}

func TestBuildErrors(t *testing.T) {
	m := base()
	m.Dest = Address{}
	if _, err := Build(m, 1); err == nil || !strings.Contains(err.Error(), "destination") {
		t.Errorf("empty destination: %v", err)
	}
	m = base()
	m.Text, m.Coding = "Łódź", coding.GSM7
	if _, err := Build(m, 1); err == nil {
		t.Error("a character outside GSM7 must be an error when GSM7 is forced")
	}
	m = base()
	m.Text = strings.Repeat("x", 153*256)
	if _, err := Build(m, 1); err == nil || !strings.Contains(err.Error(), "255") {
		t.Errorf("too many parts: %v", err)
	}
	m = base()
	m.PriorityFlag = 4
	if _, err := Build(m, 1); err == nil {
		t.Error("priority_flag 4 accepted")
	}
}

func TestNewRefChanges(t *testing.T) {
	a, b := NewRef(), NewRef()
	if a == b || a == 0 || b == 0 {
		t.Fatalf("refs %d %d", a, b)
	}
}

// TestDryRunPartsReassemble is the acceptance property: for random text over the GSM7
// alphabet (extension characters included) and over UCS2 (emoji included), every part of
// every split method respects its limit, and the PDUs, decoded as a receiver would,
// reassemble to the original.
func TestDryRunPartsReassemble(t *testing.T) {
	rng := rand.New(rand.NewSource(2611))
	gsm := []rune("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€")
	ucs := []rune("aé€Жж中文😀👍🏽ğ\u200d🇬🇧")
	gen := func(alpha []rune, n int) string {
		r := make([]rune, n)
		for i := range r {
			r[i] = alpha[rng.Intn(len(alpha))]
		}
		return string(r)
	}
	// Packed GSM7 without CR: a text ending in CR on an octet boundary is the one case
	// the planner refuses (23.038 wants a second CR there).
	gsmNoCR := []rune(strings.ReplaceAll(string(gsm), "\r", ""))
	methods := []segment.Method{segment.UDH, segment.UDH16, segment.SAR, segment.Payload}
	for i := 0; i < 150; i++ {
		for _, tc := range []struct {
			alpha  []rune
			scheme coding.Scheme
		}{{gsm, coding.Auto}, {ucs, coding.Auto}, {gsmNoCR, coding.GSM7Packed}} {
			text := gen(tc.alpha, rng.Intn(700))
			for _, method := range methods {
				m := base()
				m.Text, m.Split, m.Coding = text, method, tc.scheme
				parts, err := Build(m, uint16(i+1))
				if err != nil {
					t.Fatalf("%s %q: %v", method, text, err)
				}
				re := segment.NewReassembler(0)
				var got string
				for _, p := range parts {
					d := dissect.Dissect(p.Encode(uint32(p.Index)), dissect.Options{})
					if d.Err != "" || d.TextNote != "" {
						t.Fatalf("%s part %d: %s %s", method, p.Index, d.Err, d.TextNote)
					}
					if method != segment.Payload && len(d.ShortMessage) > 140+20 {
						t.Fatalf("%s part %d: short_message %d octets", method, p.Index, len(d.ShortMessage))
					}
					if p.Segment.Units > limitFor(d, method, len(parts)) {
						t.Fatalf("%s part %d: %d units over the limit", method, p.Index, p.Segment.Units)
					}
					partText := d.Text
					if tc.scheme == coding.GSM7Packed {
						// data_coding 0 does not say "packed": a receiver configured for it
						// unpacks after the UDH's fill bits, as here.
						partText = unpacked(t, d)
					}
					f := segment.Fragment{Key: "k", Ref: 1, Total: len(parts), Seq: p.Index, Text: partText}
					if msg, done := re.Add(f); done {
						got = msg.Text
					}
				}
				if got != text {
					t.Fatalf("%s: reassembled %q\nwant %q", method, got, text)
				}
			}
		}
	}
}

// unpacked decodes a part's user data as packed GSM 03.38.
func unpacked(t *testing.T, d dissect.PDU) string {
	t.Helper()
	data, udh := d.ShortMessage, 0
	if len(data) == 0 {
		for _, tl := range d.TLVs {
			if tl.Tag == wire.TagMessagePayload {
				data = tl.Value
			}
		}
	}
	if d.UDH != nil {
		udh = int(data[0]) + 1
		data = data[udh:]
	}
	dec := coding.DecodePacked(data, (7-udh*8%7)%7)
	if !dec.OK {
		t.Fatalf("packed part: %s", dec.Reason)
	}
	return dec.Text
}

// limitFor is the unit limit of a part from SMPP-NOTES, worked out independently of
// the planner.
func limitFor(d dissect.PDU, method segment.Method, parts int) int {
	ucs2 := d.DataCoding == 0x08
	switch {
	case method == segment.Payload:
		return 1 << 16
	case parts == 1 || method == segment.SAR:
		if ucs2 {
			return 70
		}
		return 160
	case method == segment.UDH16:
		if ucs2 {
			return 66
		}
		return 152
	default:
		if ucs2 {
			return 67
		}
		return 153
	}
}

func fieldValue(d dissect.PDU, name string) string {
	for _, f := range d.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

func tlv(d dissect.PDU, tag uint16) string {
	for _, f := range d.Fields {
		if len(f.Children) == 3 && f.Children[0].Value == tagHex(tag) {
			return f.Value
		}
	}
	return ""
}

func tagHex(tag uint16) string {
	return "0x" + strings.ToUpper(string("0123456789abcdef"[tag>>12])+string("0123456789abcdef"[tag>>8&15])+string("0123456789abcdef"[tag>>4&15])+string("0123456789abcdef"[tag&15]))
}

// TestGosmppReadsBuiltParts: another implementation's decoder (gosmpp's) reads every
// part we build, for every method, with the fields we meant.
func TestGosmppReadsBuiltParts(t *testing.T) {
	for _, method := range []segment.Method{segment.UDH, segment.UDH16, segment.SAR, segment.Payload} {
		m := base()
		m.Text, m.Split = strings.Repeat("Grüße € 😀 ", 30), method
		parts, err := Build(m, 0x0102)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range parts {
			got, err := pdu.Parse(bytes.NewReader(p.Encode(uint32(p.Index))))
			if err != nil {
				t.Fatalf("%s part %d: gosmpp: %v", method, p.Index, err)
			}
			sm := got.(*pdu.SubmitSM)
			if sm.DestAddr.Address() != "447700900123" || sm.DestAddr.Ton() != 1 || sm.SourceAddr.Ton() != 5 ||
				sm.RegisteredDelivery != 1 || sm.Message.Encoding().DataCoding() != 0x08 {
				t.Fatalf("%s part %d: gosmpp read %+v", method, p.Index, sm)
			}
			switch method {
			case segment.UDH:
				total, seq, _, ok := sm.Message.UDH().GetConcatInfo()
				if !ok || int(total) != len(parts) || int(seq) != p.Index {
					t.Errorf("udh part %d: gosmpp UDH total %d seq %d ok %v", p.Index, total, seq, ok)
				}
			case segment.UDH16: // gosmpp has no accessor for the 16-bit IE; read it raw
				ie, ok := sm.Message.UDH().FindInfoElement(0x08)
				if !ok || len(ie.Data) != 4 || int(ie.Data[2]) != len(parts) || int(ie.Data[3]) != p.Index || ie.Data[0] != 1 || ie.Data[1] != 2 {
					t.Errorf("udh16 part %d: gosmpp IE %+v ok %v", p.Index, ie, ok)
				}
			case segment.SAR:
				if f := sm.OptionalParameters[pdu.TagSarSegmentSeqnum]; len(f.Data) != 1 || int(f.Data[0]) != p.Index {
					t.Errorf("sar part %d: sar_segment_seqnum %v", p.Index, f.Data)
				}
			case segment.Payload:
				if f := sm.OptionalParameters[pdu.TagMessagePayload]; len(f.Data) != len(p.Segment.Payload) {
					t.Errorf("payload: %d octets, want %d", len(f.Data), len(p.Segment.Payload))
				}
			}
		}
	}
}

func TestParseTLVNamesTheRequiredSize(t *testing.T) {
	_, err := ParseTLV("user_message_reference=01")
	if err == nil || !strings.Contains(err.Error(), "user_message_reference (0x0204) is 2 octet(s), but 1 were given") {
		t.Fatalf("err %v", err)
	}
}

func TestBuildRefusesWrongTimesAndTLVSizes(t *testing.T) {
	dst, _ := ParseAddress("447700900123")
	m := Message{Dest: dst, Text: "x", ValidityPeriod: "991332250000000+"}
	if _, err := Build(m, 1); err == nil || !strings.Contains(err.Error(), "validity_period") || !strings.Contains(err.Error(), "month (MM) 13") {
		t.Errorf("validity: %v", err)
	}
	m = Message{Dest: dst, Text: "x", ScheduleDeliveryTime: "000001000000001R"}
	if _, err := Build(m, 1); err == nil || !strings.Contains(err.Error(), "schedule_delivery_time") {
		t.Errorf("schedule: %v", err)
	}
	m = Message{Dest: dst, Text: "x", TLVs: []wire.TLV{{Tag: wire.TagUserMessageReference, Value: []byte{1}}}}
	if _, err := Build(m, 1); err == nil || !strings.Contains(err.Error(), "user_message_reference") {
		t.Errorf("TLV: %v", err)
	}
}

func TestParseTime(t *testing.T) {
	for in, want := range map[string]string{"+90m": "000000013000000R", "1d12h": "000001120000000R",
		"2026-12-24T18:00:00+01:00": "261224180000004+", "": ""} {
		if got, err := ParseTime("validity_period", in); err != nil || got != want {
			t.Errorf("%q: %q, %v", in, got, err)
		}
	}
	if _, err := ParseTime("validity_period", "991332250000000+"); err == nil || !strings.HasPrefix(err.Error(), "validity_period ") {
		t.Errorf("err %v", err)
	}
}

// TestBuildRaw: a Raw submit_sm is the one part, every octet kept, renumbered by
// Encode; anything but one whole submit_sm is refused in words.
func TestBuildRaw(t *testing.T) {
	m := Message{Dest: Address{Addr: "447700900001", TON: 1, NPI: 1}, Text: "x"}
	parts, err := Build(m, 1)
	if err != nil {
		t.Fatal(err)
	}
	raw := parts[0].Encode(7)
	raw[len(raw)-1] ^= 0xFF // not what Build would make from m's fields
	m.Raw = raw
	got, err := Build(m, 2)
	if err != nil || len(got) != 1 {
		t.Fatalf("%v %d parts", err, len(got))
	}
	want := append([]byte(nil), raw...)
	want[15] = 9
	if b := got[0].Encode(9); string(b) != string(want) {
		t.Errorf("encoded %x, want %x", b, want)
	}
	if m.Same(Message{Dest: m.Dest, Text: "x"}) || !m.Same(m.Clone()) {
		t.Error("Same ignores Raw, or Clone loses it")
	}
	for _, bad := range [][]byte{{}, raw[:len(raw)-1], append([]byte{0, 0, 0, 16, 0x80, 0, 0, 4}, make([]byte, 8)...)} {
		m.Raw = bad
		if _, err := Build(m, 3); err == nil || !strings.Contains(err.Error(), "not one whole submit_sm") {
			t.Errorf("Raw %x: err %v", bad, err)
		}
	}
}
