package smsc

import (
	"bytes"
	"regexp"
	"testing"
	"testing/synctest"
	"time"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/wire"
)

func dataSMBody(src, dst string, reg byte, payload []byte) []byte {
	b := wire.SMBody{Command: wire.DataSM, Source: addr(src), Dest: addr(dst),
		TLVs: []wire.TLV{{Tag: wire.TagMessagePayload, Value: payload}}}
	b.RegisteredDelivery = reg
	return b.Append(nil)
}

func submitMultiBody(src string, dests []string, dlists []string, reg byte, text string) []byte {
	b := wire.SubmitMultiBody{Source: addr(src)}
	for _, d := range dests {
		b.Dests = append(b.Dests, wire.DestAddress{Flag: wire.DestSME, Addr: addr(d)})
	}
	for _, d := range dlists {
		b.Dests = append(b.Dests, wire.DestAddress{Flag: wire.DestList, DLName: []byte(d)})
	}
	b.RegisteredDelivery, b.ShortMessage = reg, []byte(text)
	return b.Append(nil)
}

func TestMessageIDFormats(t *testing.T) {
	patterns := map[IDFormat]*regexp.Regexp{
		IDDecimal: regexp.MustCompile(`^[1-9][0-9]*$`),
		IDHex:     regexp.MustCompile(`^[0-9A-F]{16}$`),
		IDUUID:    regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`),
	}
	for format, re := range patterns {
		t.Run(string(format), func(t *testing.T) {
			s := startServer(t, Config{MessageID: format})
			c := dial(t, s)
			c.mustBind(wire.BindTransceiver)
			seen := map[string]bool{}
			check := func(what string, p pdu) string {
				t.Helper()
				id := respID(p)
				if p.h.Status != 0 || !re.MatchString(id) {
					t.Fatalf("%s: status %s id %q does not look like %s", what, wire.StatusString(p.h.Status), id, format)
				}
				if seen[id] {
					t.Fatalf("%s: id %q handed out twice", what, id)
				}
				seen[id] = true
				return id
			}
			for i := 0; i < 300; i++ {
				check("submit_sm", c.call(wire.SubmitSM, submitBody(sm{src: "100", dst: "447700900001", text: []byte("x")})))
			}
			id := check("data_sm", c.call(wire.DataSM, dataSMBody("100", "447700900002", 0, []byte("payload"))))
			p := c.call(wire.SubmitMulti, submitMultiBody("100", []string{"4471", "4472"}, nil, 0, "multi"))
			check("submit_multi", p)
			if q := c.call(wire.QuerySM, queryBody(id, "100")); q.h.Status != 0 {
				t.Errorf("query_sm of a data_sm id: %s", wire.StatusString(q.h.Status))
			}
		})
	}
}

func TestIDCodecRoundTrip(t *testing.T) {
	for _, f := range []IDFormat{IDDecimal, IDHex, IDUUID} {
		c := newIDCodec(f, IDDecimal)
		for _, n := range []uint64{0, 1, 4095, 1<<40 + 7, firstNumber(time.Now()) + 12345} {
			id := c.id(n)
			got, ok := c.parse(id)
			if !ok || got != n {
				t.Errorf("%s: %d -> %q -> %d, %v", f, n, id, got, ok)
			}
			// A decimal receipt id also reads as hex, so only the uuid form falls back to it.
			if r, ok := c.parse(c.receiptID(n)); f != IDHex && (!ok || r != n) {
				t.Errorf("%s: receipt form %q does not parse back", f, c.receiptID(n))
			}
		}
		if _, ok := c.parse("not-an-id"); ok {
			t.Errorf("%s: parsed garbage", f)
		}
	}
}

func TestSubmitMultiUnsuccess(t *testing.T) {
	s := startServer(t, Config{Rules: []Rule{{Prefix: "999", Status: Status(wire.StatusInvDstAdr)}}})
	c := dial(t, s)
	c.mustBind(wire.BindTransmitter)
	p := c.call(wire.SubmitMulti, submitMultiBody("100", []string{"4471", "9991", "4472"}, []string{"friends"}, 0, "hi"))
	if p.h.Status != 0 {
		t.Fatal(p.h)
	}
	var r wire.SubmitMultiRespBody
	if err := r.Decode(p.body); err != nil || len(r.TLVs) != 0 {
		t.Fatalf("submit_multi_resp %x: %v", p.body, err)
	}
	if len(r.Unsuccess) != 2 {
		t.Fatalf("no_unsuccess = %d, want 2 (the 999 rule and the list)", len(r.Unsuccess))
	}
	if u := r.Unsuccess[0]; string(u.Addr.Addr) != "9991" || u.Status != wire.StatusInvDstAdr {
		t.Errorf("first unsuccess_sme: %s %s", u.Addr.Addr, wire.StatusString(u.Status))
	}
	if u := r.Unsuccess[1]; u.Status != wire.StatusInvDLName {
		t.Errorf("second unsuccess_sme: %s", wire.StatusString(u.Status))
	}
}

func TestSubmitValidation(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s)
	c.mustBind(wire.BindTransceiver)
	cases := []struct {
		name string
		body []byte
		want uint32
	}{
		{"empty destination", submitBody(sm{src: "1", dst: ""}), wire.StatusInvDstAdr},
		{"bad schedule", submitBody(sm{src: "1", dst: "2", sched: "tomorrow"}), wire.StatusInvSched},
		{"both short_message and message_payload", submitBody(sm{src: "1", dst: "2", text: []byte("a"),
			tlvs: []wire.TLV{{Tag: wire.TagMessagePayload, Value: []byte("b")}}}), wire.StatusInvMsgLen},
		{"source too long", submitBody(sm{src: "1234567890123456789012345", dst: "2"}), wire.StatusInvSrcAdr},
		{"broken TLV", append(submitBody(sm{src: "1", dst: "2"}), 0x04, 0x24, 0x00), wire.StatusInvOptParStream},
		// sm_length is 0-254 (3.4 §4.4.1); 255 octets are refused.
		{"short_message of 255 octets", submitBody(sm{src: "1", dst: "2", text: bytes.Repeat([]byte("x"), 255)}), wire.StatusInvMsgLen},
		// A field too long, then the body cut short: the field is named, not the length.
		{"source too long, then cut short", submitBody(sm{src: "1234567890123456789012345", dst: "2"})[:32], wire.StatusInvSrcAdr},
	}
	for _, tc := range cases {
		p := c.call(wire.SubmitSM, tc.body)
		if p.h.Status != tc.want || len(p.raw) != 16 {
			t.Errorf("%s: %s (%d octets), want header-only %s", tc.name, wire.StatusString(p.h.Status), len(p.raw), wire.StatusString(tc.want))
		}
	}
	if st, _ := c.submit(sm{src: "1", dst: "2", text: bytes.Repeat([]byte("x"), 254)}); st != 0 {
		t.Errorf("short_message of 254 octets: %s", wire.StatusString(st))
	}
	// A payload-only submit and a relative schedule are fine.
	if st, _ := c.submit(sm{src: "1", dst: "2", sched: "000000001000000R",
		tlvs: []wire.TLV{{Tag: wire.TagMessagePayload, Value: bytes.Repeat([]byte("x"), 400)}}}); st != 0 {
		t.Errorf("payload submit: %s", wire.StatusString(st))
	}
}

func TestQueryCancelReplace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := startBubbleServer(t, Config{
			Accounts:     []Account{{SystemID: "a", Password: "a"}, {SystemID: "b", Password: "b"}},
			ReceiptDelay: 300 * time.Millisecond,
			Rules:        []Rule{{Prefix: "44", Stat: "UNDELIV", Err: 5}, {Prefix: "77", Stat: "NONE"}},
		})
		c := s.dial(t)
		if p := c.bind(wire.BindTransceiver, "a", "a"); p.h.Status != 0 {
			t.Fatal(p.h)
		}
		other := s.dial(t)
		if p := other.bind(wire.BindTransceiver, "b", "b"); p.h.Status != 0 {
			t.Fatal(p.h)
		}
		query := func(c *client, id, src string) (uint32, string, receipt.State, byte) {
			t.Helper()
			p := c.call(wire.QuerySM, queryBody(id, src))
			var r wire.QuerySMRespBody
			if err := r.Decode(p.body); err != nil || len(r.TLVs) != 0 || string(r.MessageID) != id {
				t.Fatalf("query_sm_resp body %x: %v", p.body, err)
			}
			return p.h.Status, string(r.FinalDate), receipt.State(r.MessageState), r.ErrorCode
		}

		_, delivered := c.submit(sm{src: "100", dst: "3301", text: []byte("one")})
		_, failing := c.submit(sm{src: "100", dst: "4401", text: []byte("two")})
		_, never := c.submit(sm{src: "100", dst: "7701", text: []byte("three")})
		_, toCancel := c.submit(sm{src: "100", dst: "3302", text: []byte("four")})
		_, toReplace := c.submit(sm{src: "100", dst: "3303", text: []byte("five")})

		if st, final, state, _ := query(c, delivered, "100"); st != 0 || state != receipt.StateEnroute || final != "" {
			t.Errorf("fresh message: %s state %v final %q", wire.StatusString(st), state, final)
		}
		if st, _, _, _ := query(c, delivered, "999"); st != wire.StatusInvSrcAdr {
			t.Errorf("query with the wrong source_addr: %s", wire.StatusString(st))
		}
		if st, _, _, _ := query(other, delivered, ""); st != wire.StatusInvMsgID {
			t.Errorf("query of another account's message: %s", wire.StatusString(st))
		}
		if st, _, _, _ := query(c, "12345", ""); st != wire.StatusInvMsgID {
			t.Errorf("query of an unknown id: %s", wire.StatusString(st))
		}

		cancel := func(id, src, dst string) uint32 {
			b := wire.CancelSMBody{MessageID: []byte(id), Source: addr(src), Dest: addr(dst)}
			p := c.call(wire.CancelSM, b.Append(nil))
			if len(p.raw) != 16 {
				t.Errorf("cancel_sm_resp has a body")
			}
			return p.h.Status
		}
		if st := cancel(toCancel, "100", ""); st != 0 {
			t.Errorf("cancel_sm: %s", wire.StatusString(st))
		}
		if st := cancel(toCancel, "100", ""); st != wire.StatusCancelFail {
			t.Errorf("second cancel_sm: %s", wire.StatusString(st))
		}
		if _, _, state, _ := query(c, toCancel, ""); state != receipt.StateDeleted {
			t.Errorf("cancelled message state %v", state)
		}

		replace := func(id, text string) uint32 {
			b := wire.ReplaceSMBody{MessageID: []byte(id), Source: addr("100"), RegisteredDelivery: 1, ShortMessage: []byte(text)}
			return c.call(wire.ReplaceSM, b.Append(nil)).h.Status
		}
		if st := replace(toReplace, "replaced text"); st != 0 {
			t.Errorf("replace_sm: %s", wire.StatusString(st))
		}
		if st := replace("999", "x"); st != wire.StatusInvMsgID {
			t.Errorf("replace_sm of an unknown id: %s", wire.StatusString(st))
		}
		// replace_sm asked for a receipt: it arrives with the new text.
		d := parseDeliver(t, c.deliver())
		r, _ := receipt.Parse(string(d.sm), receipt.TLVs{})
		if r.Text != "replaced text" || r.Stat != "DELIVRD" {
			t.Errorf("receipt after replace_sm: %q", d.sm)
		}

		eventually(t, "the receipt delay to pass", func() bool {
			_, _, state, _ := query(c, delivered, "")
			return state != receipt.StateEnroute
		})
		if st, final, state, _ := query(c, delivered, ""); st != 0 || state != receipt.StateDelivered || len(final) != 16 {
			t.Errorf("delivered message: %s state %v final %q", wire.StatusString(st), state, final)
		}
		if _, final, state, ec := query(c, failing, ""); state != receipt.StateUndeliverable || ec != 5 || final == "" {
			t.Errorf("failed message: state %v error_code %d final %q", state, ec, final)
		}
		if _, _, state, _ := query(c, never, ""); state != receipt.StateEnroute {
			t.Errorf("NONE message: state %v", state)
		}
		if st := cancel(delivered, "", ""); st != wire.StatusCancelFail {
			t.Errorf("cancel of a delivered message: %s", wire.StatusString(st))
		}
		if st := replace(delivered, "late"); st != wire.StatusReplaceFail {
			t.Errorf("replace of a delivered message: %s", wire.StatusString(st))
		}
		// cancel_sm without message_id cancels what is still en route from the source.
		if st := cancel("", "100", ""); st != 0 {
			t.Errorf("cancel by source_addr: %s", wire.StatusString(st))
		}
		if _, _, state, _ := query(c, never, ""); state != receipt.StateDeleted {
			t.Errorf("NONE message after cancel by source: %v", state)
		}
	})
}

func TestStoreExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := startBubbleServer(t, Config{StoreTTL: 100 * time.Millisecond, ReceiptDelay: 10 * time.Millisecond})
		c := s.dial(t)
		c.mustBind(wire.BindTransceiver)
		_, id := c.submit(sm{src: "1", dst: "2"})
		if p := c.call(wire.QuerySM, queryBody(id, "")); p.h.Status != 0 {
			t.Fatal(p.h)
		}
		eventually(t, "expiry", func() bool { return s.Stats().Stored == 0 })
		if p := c.call(wire.QuerySM, queryBody(id, "")); p.h.Status != wire.StatusInvMsgID {
			t.Errorf("query of an expired message: %s", wire.StatusString(p.h.Status))
		}
	})
}

func TestStoreUnit(t *testing.T) {
	s := newStore(1<<20+5, 1000, 10_000)
	rec := appendRecord(nil, 0, addr("100"), []byte("hi"), []wire.Address{addr("200")}, []uint8{0})
	var nums []uint64
	for i := 0; i < 3*chunkSize; i++ {
		nums = append(nums, s.add(entry{submitted: int64(i)}, rec, int64(i)))
	}
	for i, n := range nums {
		if i > 0 && n != nums[i-1]+1 {
			t.Fatal("numbers not consecutive")
		}
	}
	// Everything older than ttl (1000 "ns") is gone.
	if got := s.len(); got != 1000 {
		t.Errorf("len %d, want 1000", got)
	}
	if _, _, ok := s.get(nums[0], nil); ok {
		t.Error("expired message found")
	}
	e, r, ok := s.get(nums[len(nums)-1], nil)
	if !ok || e.submitted != int64(len(nums)-1) || !bytes.Equal(r, rec) {
		t.Error("latest message lost")
	}
	s.expire(1 << 40)
	if s.len() != 0 || len(s.chunks) != 0 {
		t.Errorf("after expiry: len %d, %d chunks", s.len(), len(s.chunks))
	}
	// The cap evicts the oldest.
	s2 := newStore(0, 1<<62, 100)
	for i := 0; i < 500; i++ {
		s2.add(entry{}, rec, 0)
	}
	if s2.len() != 100 {
		t.Errorf("capped store holds %d", s2.len())
	}
}
