// Package replay sends the submit_sm of a recording again, over a new session of our
// own, and sets each new outcome beside the recorded one: the regression test of an
// SMSC (or of a route) from traffic that really crossed the wire. The new session binds
// anew and numbers its own sequences; each submit_sm goes out with every octet of its
// body as recorded (UDH, data_coding, TLVs), so only the SMSC's answers may differ.
package replay

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/recorded"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// Submit is one submit_sm of a recording and what the recording shows of its fate.
type Submit struct {
	Index   int           // 1-based, in the recording's order
	Offset  time.Duration // since the recording's first submit_sm
	Seq     uint32        // its sequence_number in the recording
	Message message.Message
	Orig    Side
}

// Side is one run's outcome of a submit: the recording's or the replay's.
type Side struct {
	Outcome   string `json:"outcome"`              // accepted, rejected, timed out, connection lost, unanswered
	Status    uint32 `json:"status"`               // command_status of the response
	MessageID string `json:"message_id,omitempty"` // as the SMSC returned it
	Receipt   string `json:"receipt,omitempty"`    // the final receipt's stat word (DELIVRD, UNDELIV, ...); "" none
}

// Unanswered is the outcome of a recorded submit_sm whose response the recording lacks.
const Unanswered = "unanswered"

// Load reads the submit_sm of a conversation (ESME → SMSC), each with its recorded
// response and its final receipt, correlated by message_id as package recorded does.
func Load(c *capture.Conversation) ([]Submit, error) {
	var subs []Submit
	var first time.Time
	for _, p := range c.PDUs {
		h, ok := wire.ParseHeader(p.Raw)
		if !ok || h.ID != wire.SubmitSM || p.Dir != capture.ToSMSC {
			continue
		}
		m, err := fromPDU(p.Raw)
		if err != nil {
			return nil, fmt.Errorf("submit_sm %d (packet %d): %w", len(subs)+1, p.Packet, err)
		}
		if len(subs) == 0 {
			first = p.At
		}
		subs = append(subs, Submit{Index: len(subs) + 1, Offset: p.At.Sub(first), Seq: h.Seq, Message: m,
			Orig: Side{Outcome: Unanswered}})
	}
	if len(subs) == 0 {
		return nil, errors.New("the recording holds no submit_sm from the ESME")
	}
	// A sequence number may be reused once answered: walk the events in order, so a
	// response goes to the outstanding submit_sm of its number.
	type part struct {
		msg  uint64
		part int
	}
	byPart := map[part]int{}
	next := map[uint32]int{} // the index of the latest submit_sm of each seq, as seen so far
	seen := 0
	for _, ev := range recorded.Events(c) {
		switch e := ev.(type) {
		case smppclient.PDUEvent:
			if e.Header.ID == wire.SubmitSM && e.Dir == smppclient.Out {
				next[e.Header.Seq] = seen
				seen++
			}
		case smppclient.SubmitEvent:
			i, ok := next[e.Seq]
			if !ok {
				continue
			}
			delete(next, e.Seq)
			subs[i].Orig = sideOf(e)
			byPart[part{e.Msg, e.Part}] = i
		case smppclient.ReceiptEvent:
			if i, ok := byPart[part{e.Msg, e.Part}]; ok && e.Matched && e.Receipt.HasState && e.Receipt.State.Final() {
				subs[i].Orig.Receipt = e.Receipt.Stat
			}
		}
	}
	return subs, nil
}

func sideOf(e smppclient.SubmitEvent) Side {
	s := Side{Outcome: e.Outcome.String(), Status: e.Status, MessageID: e.MessageID}
	if e.Outcome == smppclient.Accepted {
		s.Status = wire.StatusOK
	}
	return s
}

// fromPDU makes the message that sends raw again as it is: decoded for its addresses
// and registered_delivery (which name it and decide the receipt wait), and carried whole.
func fromPDU(raw []byte) (message.Message, error) {
	sm := wire.SMBody{Command: wire.SubmitSM}
	if err := sm.Decode(raw[wire.HeaderLen:]); err != nil {
		return message.Message{}, err
	}
	m := message.Message{
		Source:             message.Address{Addr: string(sm.Source.Addr), TON: sm.Source.TON, NPI: sm.Source.NPI},
		Dest:               message.Address{Addr: string(sm.Dest.Addr), TON: sm.Dest.TON, NPI: sm.Dest.NPI},
		RegisteredDelivery: sm.RegisteredDelivery,
		ServiceType:        string(sm.ServiceType),
		ESMClass:           sm.ESMClass,
		ProtocolID:         sm.ProtocolID,
		PriorityFlag:       sm.PriorityFlag,
		Raw:                append([]byte(nil), raw...),
	}
	if m.Dest.Addr == "" {
		return m, errors.New("destination_addr is empty")
	}
	return m, nil
}

// Pacing says when each submit goes, relative to the replay's start.
type Pacing struct {
	Speed float64 // scales the recorded gaps: 2 is twice as fast; 0 means 1
	Rate  float64 // when > 0, a fixed rate in submits per second, replacing the recorded times
}

// Schedule is the send time of each submit, since the start.
func (p Pacing) Schedule(subs []Submit) []time.Duration {
	out := make([]time.Duration, len(subs))
	for i, s := range subs {
		switch {
		case p.Rate > 0:
			out[i] = time.Duration(float64(i) / p.Rate * float64(time.Second))
		case p.Speed > 0:
			out[i] = time.Duration(float64(s.Offset) / p.Speed)
		default:
			out[i] = s.Offset
		}
	}
	return out
}

// ParseSpeed reads "2x", "0.5x" or "2".
func ParseSpeed(s string) (float64, error) {
	t := strings.TrimSuffix(strings.TrimSuffix(s, "x"), "X")
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || !(v > 0) || v > 1e6 {
		return 0, fmt.Errorf("--speed %q: want a positive factor such as 2x or 0.5x", s)
	}
	return v, nil
}
