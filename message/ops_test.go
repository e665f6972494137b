package message

import (
	"bytes"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/wire"
)

func decodePart(t *testing.T, p Part) (wire.Header, wire.PDUBody) {
	t.Helper()
	raw := p.Encode(7)
	h, ok := wire.ParseHeader(raw)
	if !ok || int(h.Length) != len(raw) {
		t.Fatalf("part %d: bad header %+v for %d octets", p.Index, h, len(raw))
	}
	b, err := wire.DecodeBody(h, wire.Body(raw))
	if err != nil {
		t.Fatalf("part %d: %v", p.Index, err)
	}
	if err := b.Validate(); err != nil {
		t.Fatalf("part %d breaks the spec: %v", p.Index, err)
	}
	return h, b
}

func TestBuildDataSMCarriesTheWholeTextInMessagePayload(t *testing.T) {
	for _, tc := range []struct {
		text string
		sc   coding.Scheme
		dc   byte
	}{
		{strings.Repeat("long GSM text ", 40), coding.Auto, 0x00}, // 560 septets: no segmentation
		{"Привет 😀", coding.Auto, 0x08},
		{"café", coding.Latin1, 0x03},
	} {
		m := base()
		m.Op, m.Text, m.Coding = wire.DataSM, tc.text, tc.sc
		m.TLVs = []wire.TLV{wire.Uint16TLV(wire.TagUserMessageReference, 42)}
		parts, err := Build(m, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(parts) != 1 || parts[0].Command() != wire.DataSM {
			t.Fatalf("%q: %d parts, command %s; want one data_sm", tc.text, len(parts), wire.CommandName(parts[0].Command()))
		}
		_, b := decodePart(t, parts[0])
		sm := b.(*wire.SMBody)
		want, _ := coding.Encode(tc.sc, tc.text)
		pl, ok := wire.FindTLV(sm.TLVs, wire.TagMessagePayload)
		if !ok || !bytes.Equal(pl.Value, want) {
			t.Errorf("%q: message_payload %x, want %x", tc.text, pl.Value, want)
		}
		if sm.DataCoding != tc.dc || sm.ESMClass&ESMClassUDHI != 0 || sm.RegisteredDelivery != ReceiptOnFinal {
			t.Errorf("%q: data_coding 0x%02X esm_class 0x%02X registered_delivery %d", tc.text, sm.DataCoding, sm.ESMClass, sm.RegisteredDelivery)
		}
		if _, ok := wire.FindTLV(sm.TLVs, wire.TagUserMessageReference); !ok {
			t.Errorf("%q: the custom TLV is missing", tc.text)
		}
		if string(sm.Dest.Addr) != "447700900123" {
			t.Errorf("destination_addr %q", sm.Dest.Addr)
		}
	}
}

func TestBuildSubmitMultiSegmentsToEveryDestination(t *testing.T) {
	m := base()
	m.Op, m.Dest = wire.SubmitMulti, Address{}
	m.Dests, m.DistLists, _ = ParseDestinations("+447700900001; 447700900002 ;12345,national,isdn;dl:friends")
	m.Text = strings.Repeat("0123456789", 20) // two parts
	parts, err := Build(m, 0x1234)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 2 {
		t.Fatalf("%d parts, want 2", len(parts))
	}
	var text strings.Builder
	for _, p := range parts {
		if p.Command() != wire.SubmitMulti {
			t.Fatalf("part %d is %s", p.Index, wire.CommandName(p.Command()))
		}
		_, b := decodePart(t, p)
		mb := b.(*wire.SubmitMultiBody)
		if len(mb.Dests) != 4 {
			t.Fatalf("number_of_dests %d, want 4", len(mb.Dests))
		}
		for i, want := range []string{"447700900001", "447700900002", "12345"} {
			if d := mb.Dests[i]; d.Flag != wire.DestSME || string(d.Addr.Addr) != want {
				t.Errorf("dest %d: flag %d addr %q, want SME %q", i+1, d.Flag, d.Addr.Addr, want)
			}
		}
		if d := mb.Dests[2]; d.Addr.TON != TONNational || d.Addr.NPI != NPIISDN {
			t.Errorf("dest 3: TON %d NPI %d", d.Addr.TON, d.Addr.NPI)
		}
		if d := mb.Dests[3]; d.Flag != wire.DestList || string(d.DLName) != "friends" {
			t.Errorf("dest 4: flag %d dl_name %q, want list friends", d.Flag, d.DLName)
		}
		if mb.ESMClass&ESMClassUDHI == 0 || mb.RegisteredDelivery != ReceiptOnFinal {
			t.Errorf("part %d: esm_class 0x%02X registered_delivery %d", p.Index, mb.ESMClass, mb.RegisteredDelivery)
		}
		text.Write(mb.ShortMessage[6:]) // after the 6-octet concatenation UDH
	}
	if text.String() != m.Text {
		t.Errorf("parts carry %q", text.String())
	}
}

func TestMessageValidateOps(t *testing.T) {
	many := make([]Address, MaxDests)
	for i := range many {
		many[i] = Address{Addr: "4477009" + strings.Repeat("0", 5)}
	}
	cases := []struct {
		name string
		edit func(m *Message)
		want string // "" for valid
	}{
		{"multi without destinations", func(m *Message) { m.Op, m.Dest = wire.SubmitMulti, Address{} }, "at least one destination"},
		{"multi to 254", func(m *Message) { m.Op, m.Dests = wire.SubmitMulti, many }, ""},
		{"multi to 255", func(m *Message) { m.Op, m.Dests, m.DistLists = wire.SubmitMulti, many, []string{"x"} }, "at most 254"},
		{"dl name 21", func(m *Message) { m.Op, m.DistLists = wire.SubmitMulti, []string{strings.Repeat("n", 21)} }, "at most 20"},
		{"dl name 20", func(m *Message) { m.Op, m.DistLists = wire.SubmitMulti, []string{strings.Repeat("n", 20)} }, ""},
		{"submit_sm with dests", func(m *Message) { m.Dests = []Address{{Addr: "1"}} }, "need submit_multi"},
		{"data_sm without dest", func(m *Message) { m.Op, m.Dest = wire.DataSM, Address{} }, "destination address is empty"},
		{"other op", func(m *Message) { m.Op = wire.QuerySM }, "not query_sm"},
		{"data_sm with times", func(m *Message) { m.Op, m.ValidityPeriod, m.PriorityFlag = wire.DataSM, "000001000000000R", 1 },
			"data_sm has no priority_flag, validity_period: clear it, or send submit_sm"},
		{"raw data_sm", func(m *Message) { m.Op, m.Raw = wire.DataSM, []byte{1} }, "raw message is one submit_sm"},
	}
	for _, tc := range cases {
		m := base()
		m.Text = "hi"
		tc.edit(&m)
		_, err := Build(m, 1)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

func TestParseDestinations(t *testing.T) {
	d, l, err := ParseDestinations(" +447700900001;dl:Team A ;DL:ops; ")
	if err != nil || len(d) != 1 || d[0].Addr != "447700900001" || d[0].TON != TONInternational ||
		len(l) != 2 || l[0] != "Team A" || l[1] != "ops" {
		t.Fatalf("got %+v %q %v", d, l, err)
	}
	for _, bad := range []struct{ in, want string }{
		{"", "no destination"},
		{" ; ;", "no destination"},
		{"dl:", "name is empty"},
		{"447700900001;dl:" + strings.Repeat("x", 21), "destination 2: distribution list name"},
		{"447700900001;+12ab", "destination 2"},
		{strings.Repeat("1;", 255), "at most 254"},
	} {
		if _, _, err := ParseDestinations(bad.in); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ParseDestinations(%.30q): %v, want an error saying %q", bad.in, err, bad.want)
		}
	}
}

func TestOperationBuilders(t *testing.T) {
	src := Address{Addr: "12345", TON: TONNational, NPI: NPIISDN}
	q, err := Query{MessageID: "abc123", Source: src}.Build()
	if err != nil || string(q.MessageID) != "abc123" || string(q.Source.Addr) != "12345" || q.Source.TON != TONNational {
		t.Fatalf("query: %+v %v", q, err)
	}
	c, err := Cancel{ServiceType: "CMT", MessageID: "abc123", Source: src, Dest: Address{Addr: "447700900001", TON: 1, NPI: 1}}.Build()
	if err != nil || string(c.ServiceType) != "CMT" || string(c.Dest.Addr) != "447700900001" {
		t.Fatalf("cancel: %+v %v", c, err)
	}
	if _, err := (Cancel{Source: src}).Build(); err != nil {
		t.Errorf("cancel by source only: %v", err)
	}
	r, err := Replace{MessageID: "abc123", Source: src, Text: "new €", ValidityPeriod: "000001000000000R", RegisteredDelivery: 1}.Build()
	if err != nil || string(r.ShortMessage) != "new \x1be" || string(r.ValidityPeriod) != "000001000000000R" || r.RegisteredDelivery != 1 {
		t.Fatalf("replace: %+v %v", r, err)
	}
	r, err = Replace{MessageID: "x", Text: "Привет"}.Build()
	if want, _ := coding.Encode(coding.UCS2, "Привет"); err != nil || !bytes.Equal(r.ShortMessage, want) {
		t.Errorf("replace in Cyrillic: %x %v, want UCS2 %x", r.ShortMessage, err, want)
	}
	for _, n := range []int{126, 254} {
		text, sc := strings.Repeat("я", n/2), coding.Auto
		if n == 254 {
			text, sc = strings.Repeat("a", 254), coding.GSM7
		}
		b, err := Replace{MessageID: "x", Text: text, Coding: sc}.Build()
		if err != nil {
			t.Errorf("replace of %d octets refused: %v", n, err)
			continue
		}
		if err := b.Validate(); err != nil {
			t.Errorf("replace_sm of %d octets breaks the spec: %v", n, err)
		}
	}
	for _, bad := range []struct {
		op   interface{ Validate() error }
		want string
	}{
		{Query{}, "message_id is empty"},
		{Query{MessageID: strings.Repeat("1", 65)}, "65 characters; the field holds at most 64"},
		{Query{MessageID: "1", Source: Address{Addr: strings.Repeat("1", 21)}}, "source"},
		{Cancel{}, "needs a message_id, or a source address"},
		{Cancel{MessageID: "1", ServiceType: "TOOLONG"}, "service_type"},
		{Replace{MessageID: "1", Text: strings.Repeat("я", 128)}, "256 octets in ucs2; its short_message holds at most 254"},
		{Replace{MessageID: "1", Text: strings.Repeat("€", 128)}, "256 octets in gsm7"},
		{Replace{MessageID: "1", Text: "x", ValidityPeriod: "tomorrow"}, "validity_period"},
		{Replace{MessageID: "1", Text: "zz", Coding: coding.Binary}, "replace_sm text"},
	} {
		if err := bad.op.Validate(); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%+v: %v, want an error saying %q", bad.op, err, bad.want)
		}
	}
}
