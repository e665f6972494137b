package smsc

import (
	"errors"
	"fmt"
	"time"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

// MO is a mobile-originated message for SendMO.
type MO struct {
	From, To string
	Text     string
	Coding   coding.Scheme  // Auto (the zero value): GSM 7-bit if it fits, else UCS2
	Split    segment.Method // how a long text is carried: UDH (the zero value), UDH16, SAR or Payload
	// SystemID sends to that account's receivers; "" picks the accounts in turn.
	SystemID string
}

// ErrNoReceiver is returned by SendMO when no receiver or transceiver is bound.
var ErrNoReceiver = errors.New("no receiver or transceiver is bound")

// SendMO sends a mobile-originated message as deliver_sm (one per part) to a bound
// receiver or transceiver; all parts go to the same connection, in order.
func (s *Server) SendMO(mo MO) error {
	if s.closing() {
		return errors.New("the simulator is shut down")
	}
	if len(mo.From) > 20 || len(mo.To) > 20 {
		return errors.New("MO addresses are limited to 20 characters")
	}
	a, target, err := s.pickReceiver(mo.SystemID)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.moRef++
	ref := s.moRef
	s.mu.Unlock()
	plan, err := segment.Make(mo.Text, segment.Options{Scheme: mo.Coding, Method: mo.Split, Ref: ref})
	if err != nil {
		return fmt.Errorf("MO text: %w", err)
	}
	now := time.Now().UnixNano()
	from, to := moAddress(mo.From), moAddress(mo.To)
	for _, p := range plan.Parts {
		d := &delivery{body: buildMO(from, to, plan.DataCoding, p), acct: a, mo: true, queued: now}
		if !target.enqueue(d) {
			s.route(a, 0, d)
		}
	}
	return nil
}

// pickReceiver chooses the account and connection an MO goes to.
func (s *Server) pickReceiver(systemID string) (*account, *conn, error) {
	if systemID != "" {
		a, ok := s.accounts[systemID]
		if !ok {
			return nil, nil, fmt.Errorf("system_id %q is not a configured account", systemID)
		}
		if c := a.nextReceiver(); c != nil {
			return a, c, nil
		}
		return nil, nil, fmt.Errorf("%w for system_id %q", ErrNoReceiver, systemID)
	}
	s.mu.Lock()
	start := s.acctRR
	s.acctRR++
	s.mu.Unlock()
	for i := range s.acctList {
		a := s.acctList[(start+i)%len(s.acctList)]
		if c := a.nextReceiver(); c != nil {
			return a, c, nil
		}
	}
	return nil, nil, ErrNoReceiver
}

func (a *account) nextReceiver() *conn {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.receivers) == 0 {
		return nil
	}
	a.rr++
	return a.receivers[a.rr%len(a.receivers)]
}

// moAddress picks TON/NPI for an address: international ISDN for a long number, unknown
// ISDN for a short code, alphanumeric otherwise.
func moAddress(s string) wire.Address {
	digits := s != ""
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			digits = false
		}
	}
	switch {
	case digits && len(s) > 8:
		return wire.Address{TON: 1, NPI: 1, Addr: []byte(s)}
	case digits:
		return wire.Address{TON: 0, NPI: 1, Addr: []byte(s)}
	}
	return wire.Address{TON: 5, NPI: 0, Addr: []byte(s)}
}

// buildMO makes the deliver_sm of one MO part.
func buildMO(from, to wire.Address, dc byte, p segment.Part) *wire.SMBody {
	b := &wire.SMBody{Command: wire.DeliverSM, Source: from, Dest: to}
	if p.UDH != nil {
		b.ESMClass = 0x40
	}
	b.DataCoding, b.ShortMessage = dc, p.ShortMessage
	if p.SAR != nil {
		b.TLVs = append(b.TLVs,
			wire.Uint16TLV(wire.TagSarMsgRefNum, p.SAR.Ref),
			wire.Uint8TLV(wire.TagSarTotalSegments, p.SAR.Total),
			wire.Uint8TLV(wire.TagSarSegmentSeqnum, p.SAR.Seq))
	}
	if p.Payload != nil {
		b.TLVs = append(b.TLVs, wire.TLV{Tag: wire.TagMessagePayload, Value: p.Payload})
	}
	return b
}

// moSamples are what the MO timer sends in turn when no text is configured: plain GSM
// 7-bit, UCS2, and long messages as UDH and as SAR parts.
var moSamples = []struct {
	text   string
	coding coding.Scheme
	split  segment.Method
}{
	{"Hello from the smppconsole SMSC simulator. Reply STOP to opt out.", coding.GSM7, segment.UDH},
	{"Привет! Ответ на ваше сообщение 👍", coding.UCS2, segment.UDH},
	{"This is a long mobile-originated message in the GSM 7-bit alphabet, sent as concatenated parts with a UDH. " +
		"It carries extension characters that cost two septets each: € [ ] { } ~ ^ | \\ - so a client that counts " +
		"characters instead of septets will reassemble it wrongly.", coding.GSM7, segment.UDH},
	{"Длинное сообщение в UCS2, отправленное частями с параметрами SAR (sar_msg_ref_num, sar_total_segments, " +
		"sar_segment_seqnum). 长消息测试 🎉🎉", coding.UCS2, segment.SAR},
}

func (s *Server) moTick() {
	mo := MO{From: s.cfg.MO.From, To: s.cfg.MO.To, SystemID: s.cfg.MO.SystemID, Text: s.cfg.MO.Text}
	sample := false
	if mo.Text == "" {
		sample = true
		s.mu.Lock()
		m := moSamples[s.moNext%len(moSamples)]
		s.mu.Unlock()
		mo.Text, mo.Coding, mo.Split = m.text, m.coding, m.split
	}
	// With nobody bound there is nothing to do until someone is; the samples go out
	// in turn to whoever gets them.
	if s.SendMO(mo) == nil && sample {
		s.mu.Lock()
		s.moNext++
		s.mu.Unlock()
	}
}
