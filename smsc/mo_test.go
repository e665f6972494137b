package smsc

import (
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

// receiveMO reads deliver_sm parts until a whole message is reassembled, the way a
// client would, and returns its text and the parts.
func receiveMO(t *testing.T, c *client) (string, []deliverSM) {
	t.Helper()
	r := segment.NewReassembler(time.Minute)
	var parts []deliverSM
	for {
		d := parseDeliver(t, c.deliver())
		parts = append(parts, d)
		data := d.sm
		if v, ok := tlvValue(d.tlvs, wire.TagMessagePayload); ok {
			data = v
		}
		f := segment.Fragment{Key: d.src + ">" + d.dst, Total: 1, Seq: 1}
		if d.esm&0x40 != 0 {
			u, err := segment.ParseUDH(d.sm)
			if err != nil || u.Concat == nil {
				t.Fatalf("UDH %x: %v", d.sm, err)
			}
			f.Ref, f.Total, f.Seq = u.Concat.Ref, u.Concat.Total, u.Concat.Seq
			data = d.sm[u.Length:]
		} else if v, ok := tlvValue(d.tlvs, wire.TagSarMsgRefNum); ok {
			tot, _ := tlvValue(d.tlvs, wire.TagSarTotalSegments)
			seq, _ := tlvValue(d.tlvs, wire.TagSarSegmentSeqnum)
			f.Ref, f.Total, f.Seq = uint16(v[0])<<8|uint16(v[1]), int(tot[0]), int(seq[0])
		}
		dec := coding.Decode(d.dc, data)
		if !dec.OK {
			t.Fatalf("part does not decode: %s", dec.Reason)
		}
		f.Text, f.Data = dec.Text, data
		if m, done := r.Add(f); done {
			return m.Text, parts
		}
	}
}

func TestSendMO(t *testing.T) {
	s := startServer(t, Config{})
	if err := s.SendMO(MO{From: "447700900123", To: "12345", Text: "nobody"}); !errors.Is(err, ErrNoReceiver) {
		t.Errorf("SendMO with nobody bound: %v", err)
	}
	tx := dial(t, s)
	tx.mustBind(wire.BindTransmitter)
	if err := s.SendMO(MO{From: "1", To: "2", Text: "x"}); !errors.Is(err, ErrNoReceiver) {
		t.Errorf("SendMO with only a transmitter bound: %v", err)
	}
	c := dial(t, s)
	c.mustBind(wire.BindReceiver)

	long := strings.Repeat("Long GSM text with € and [brackets]. ", 8)
	cases := []struct {
		name      string
		mo        MO
		parts     int
		dc        byte
		udh, sar  bool
		isPayload bool
	}{
		{"gsm7", MO{Text: "Hello world"}, 1, 0x00, false, false, false},
		{"ucs2", MO{Text: "Привет 👋", Coding: coding.UCS2}, 1, 0x08, false, false, false},
		{"long udh", MO{Text: long}, 3, 0x00, true, false, false},
		{"long ucs2 sar", MO{Text: strings.Repeat("Длинный текст ", 10), Split: segment.SAR}, 2, 0x08, false, true, false},
		{"payload", MO{Text: long, Split: segment.Payload}, 1, 0x00, false, false, true},
	}
	for _, tc := range cases {
		tc.mo.From, tc.mo.To = "447700900123", "12345"
		if err := s.SendMO(tc.mo); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		text, parts := receiveMO(t, c)
		if text != tc.mo.Text || len(parts) != tc.parts {
			t.Errorf("%s: %d parts reassembled to %q", tc.name, len(parts), text)
		}
		for _, p := range parts {
			_, hasSAR := tlvValue(p.tlvs, wire.TagSarMsgRefNum)
			_, hasPayload := tlvValue(p.tlvs, wire.TagMessagePayload)
			if p.dc != tc.dc || (p.esm&0x40 != 0) != tc.udh || hasSAR != tc.sar || hasPayload != tc.isPayload ||
				p.src != "447700900123" || p.dst != "12345" || p.esm&0x3C != 0 {
				t.Errorf("%s: part dc %#x esm %#x sar %v payload %v %s>%s", tc.name, p.dc, p.esm, hasSAR, hasPayload, p.src, p.dst)
			}
		}
	}
	eventually(t, "MO acknowledged", func() bool { return s.Stats().MOAcked == 1+1+3+2+1 })
	if err := s.SendMO(MO{Text: "x", SystemID: "nobody"}); err == nil {
		t.Error("SendMO to an unknown system_id succeeded")
	}
}

func TestMOTimer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := startBubbleServer(t, Config{MO: MOConfig{Every: 20 * time.Millisecond}})
		c := s.dial(t)
		c.mustBind(wire.BindTransceiver)
		var texts []string
		for range moSamples {
			text, _ := receiveMO(t, c)
			texts = append(texts, text)
		}
		for i, sample := range moSamples {
			if texts[i] != sample.text {
				t.Errorf("MO %d: %q, want %q", i, texts[i], sample.text)
			}
		}
	})
}
