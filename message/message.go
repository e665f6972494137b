// Package message turns what an operator wants to send into the exact submit_sm,
// data_sm or submit_multi PDUs that carry it: addresses with TON/NPI, the coding and
// split method the segment planner chose, registered_delivery, the advanced fields and
// custom TLVs. It also builds the operations on a message already submitted: query_sm,
// cancel_sm and replace_sm (ops.go). The dry run, the headless send, the session and the
// compose form all build PDUs here.
package message

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

// registered_delivery values (SMPP 3.4 §5.2.17).
const (
	NoReceipt             byte = 0x00
	ReceiptOnFinal        byte = 0x01 // success or failure
	ReceiptOnFailure      byte = 0x02
	IntermediateReceipt   byte = 0x10
	ESMClassUDHI          byte = 0x40 // esm_class: short_message starts with a UDH
	MaxShortMessageOctets      = 254  // sm_length is one octet; 255 is reserved
)

// Message is one logical message as the operator describes it.
type Message struct {
	Source, Dest       Address
	Text               string         // for coding.Binary: hex
	Coding             coding.Scheme  // coding.Auto picks GSM7 or UCS2
	Split              segment.Method // how a long text is carried
	RegisteredDelivery byte

	// Advanced fields; zero values are the spec's defaults.
	ServiceType          string
	ESMClass             byte
	ProtocolID           byte
	PriorityFlag         byte
	ScheduleDeliveryTime string // SMPP time format, empty for immediate
	ValidityPeriod       string // SMPP time format, empty for the SMSC default
	ReplaceIfPresent     byte
	TLVs                 []wire.TLV // custom TLVs, appended to every part in order

	// Raw, when set, is a whole submit_sm sent as it is, one part, only its sequence
	// number renumbered: a replayed recording keeps every octet (UDH, data_coding,
	// TLVs). The fields above then only describe it (Dest names it in events).
	Raw []byte

	// Op is the request that carries the message: 0 or wire.SubmitSM, wire.DataSM or
	// wire.SubmitMulti. data_sm carries the whole text in message_payload, in one PDU
	// (no short_message, no UDH, no segmentation: Split is ignored); submit_multi is
	// segmented as submit_sm is, each part to every destination.
	Op uint32
	// Dests and DistLists are submit_multi's destinations (1-254 together, SMPP 3.4
	// §4.5.1): SME addresses and distribution list names (dl:NAME, at most 20 chars).
	// With Op SubmitMulti, Dest is unused (may be empty).
	Dests     []Address
	DistLists []string
}

// MaxDests is how many destinations one submit_multi may name (3.4 §4.5.1).
const MaxDests = 254

// MaxDLName is the longest distribution list name (dl_name is a 21-octet C-string).
const MaxDLName = 20

// Command is the command_id of the request that carries m.
func (m Message) Command() uint32 {
	if m.Op == 0 {
		return wire.SubmitSM
	}
	return m.Op
}

// Part is one submit_sm of a logical message, encoded once with sequence number 0;
// Encode stamps the real sequence number when the session sends it.
type Part struct {
	Index, Total int // 1-based part number and part count
	Segment      segment.Part
	raw          []byte
}

// Encode returns the submit_sm with sequence number seq.
func (p Part) Encode(seq uint32) []byte {
	b := append([]byte(nil), p.raw...)
	binary.BigEndian.PutUint32(b[12:], seq)
	return b
}

// Command is the part's command_id: submit_sm, data_sm or submit_multi.
func (p Part) Command() uint32 {
	if len(p.raw) < wire.HeaderLen {
		return 0
	}
	return binary.BigEndian.Uint32(p.raw[4:])
}

// Len is the encoded PDU's length in octets.
func (p Part) Len() int { return len(p.raw) }

var refCounter atomic.Uint32

func init() {
	var b [2]byte
	_, _ = rand.Read(b[:])
	refCounter.Store(uint32(binary.BigEndian.Uint16(b[:])))
}

// NewRef returns a concatenation reference for a new logical message. It changes on
// every call so two long messages to one handset never merge.
func NewRef() uint16 {
	for {
		if r := uint16(refCounter.Add(1)); r != 0 {
			return r
		}
	}
}

// Plan runs the segment planner for the message with reference ref.
func (m Message) Plan(ref uint16) (segment.Plan, error) {
	return segment.Make(m.Text, segment.Options{Scheme: m.Coding, Method: m.Split, Ref: ref})
}

// Validate checks everything but the text, in words an operator can act on.
func (m Message) Validate() error {
	switch m.Command() {
	case wire.SubmitSM, wire.DataSM:
		if m.Dest.Addr == "" {
			return fmt.Errorf("destination address is empty")
		}
		if err := m.Dest.Validate(); err != nil {
			return fmt.Errorf("destination: %w", err)
		}
		if len(m.Dests)+len(m.DistLists) > 0 {
			return fmt.Errorf("%s has one destination; several destinations or distribution lists need submit_multi", wire.CommandName(m.Command()))
		}
		if m.Op == wire.DataSM {
			if err := m.validateDataSM(); err != nil {
				return err
			}
		}
	case wire.SubmitMulti:
		if err := m.validateDests(); err != nil {
			return err
		}
	default:
		return fmt.Errorf("a message is carried by submit_sm, data_sm or submit_multi, not %s", wire.CommandName(m.Op))
	}
	if m.Raw != nil && m.Command() != wire.SubmitSM {
		return fmt.Errorf("a raw message is one submit_sm; %s is built from the fields", wire.CommandName(m.Op))
	}
	if err := m.Source.Validate(); err != nil {
		return fmt.Errorf("source: %w", err)
	}
	if len(m.ServiceType) > 5 {
		return fmt.Errorf("service_type %q is longer than 5 characters", m.ServiceType)
	}
	if m.PriorityFlag > 3 {
		return fmt.Errorf("priority_flag %d: 0-3 are defined", m.PriorityFlag)
	}
	if err := ValidateTime("schedule_delivery_time", m.ScheduleDeliveryTime); err != nil {
		return err
	}
	if err := ValidateTime("validity_period", m.ValidityPeriod); err != nil {
		return err
	}
	for _, t := range m.TLVs {
		if err := wire.CheckTLVLength(t); err != nil {
			return fmt.Errorf("TLV: %w", err)
		}
	}
	return nil
}

// Build returns the PDUs that carry m, one per part: submit_sm, data_sm (always one
// part) or submit_multi, as m.Op says.
func Build(m Message, ref uint16) ([]Part, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if m.Raw != nil {
		return rawPart(m.Raw)
	}
	switch m.Command() {
	case wire.DataSM:
		return buildDataSM(m)
	case wire.SubmitMulti:
		return buildSubmitMulti(m, ref)
	}
	plan, err := m.Plan(ref)
	if err != nil {
		return nil, err
	}
	sm := wire.SMBody{
		Command:       wire.SubmitSM,
		ServiceType:   []byte(m.ServiceType),
		Source:        wireAddress(m.Source),
		Dest:          wireAddress(m.Dest),
		MessageFields: m.messageFields(plan.DataCoding),
	}
	return eachPart(m, plan, func(esm byte, short []byte, tlvs []wire.TLV) []byte {
		sm.ESMClass, sm.ShortMessage, sm.TLVs = esm, short, tlvs
		return wire.AppendPDU(make([]byte, 0, encodedLen(&sm)), &sm, wire.StatusOK, 0)
	})
}

// messageFields are m's fields from esm_class to short_message, but for esm_class and
// short_message, which differ by part.
func (m Message) messageFields(dc byte) wire.MessageFields {
	return wire.MessageFields{
		ProtocolID:           m.ProtocolID,
		PriorityFlag:         m.PriorityFlag,
		ScheduleDeliveryTime: []byte(m.ScheduleDeliveryTime),
		ValidityPeriod:       []byte(m.ValidityPeriod),
		RegisteredDelivery:   m.RegisteredDelivery,
		ReplaceIfPresent:     m.ReplaceIfPresent,
		DataCoding:           dc,
	}
}

// eachPart encodes every part of plan with encode, given the part's esm_class,
// short_message and TLVs (SAR, message_payload, then m's own; the slice is reused, so
// encode must copy what it keeps, as wire.AppendPDU does).
func eachPart(m Message, plan segment.Plan, encode func(esm byte, short []byte, tlvs []wire.TLV) []byte) ([]Part, error) {
	parts := make([]Part, 0, len(plan.Parts))
	tlvs := make([]wire.TLV, 0, 4+len(m.TLVs))
	for i, sp := range plan.Parts {
		esm := m.ESMClass
		if sp.UDH != nil {
			esm |= ESMClassUDHI
		}
		if len(sp.ShortMessage) > MaxShortMessageOctets {
			return nil, fmt.Errorf("part %d: short_message is %d octets; sm_length allows %d", i+1, len(sp.ShortMessage), MaxShortMessageOctets)
		}
		tlvs = tlvs[:0]
		if sp.SAR != nil {
			tlvs = append(tlvs,
				wire.Uint16TLV(wire.TagSarMsgRefNum, sp.SAR.Ref),
				wire.Uint8TLV(wire.TagSarTotalSegments, sp.SAR.Total),
				wire.Uint8TLV(wire.TagSarSegmentSeqnum, sp.SAR.Seq))
		}
		if plan.Method == segment.Payload {
			tlvs = append(tlvs, wire.TLV{Tag: wire.TagMessagePayload, Value: sp.Payload})
		}
		tlvs = append(tlvs, m.TLVs...)
		parts = append(parts, Part{
			Index:   i + 1,
			Total:   len(plan.Parts),
			Segment: sp,
			raw:     encode(esm, sp.ShortMessage, tlvs),
		})
	}
	return parts, nil
}

func wireAddress(a Address) wire.Address {
	return wire.Address{TON: a.TON, NPI: a.NPI, Addr: []byte(a.Addr)}
}

// encodedLen is the submit_sm's size, so that its buffer is allocated once.
func encodedLen(b *wire.SMBody) int {
	n := wire.HeaderLen + len(b.ServiceType) + len(b.Source.Addr) + len(b.Dest.Addr) +
		len(b.ScheduleDeliveryTime) + len(b.ValidityPeriod) + len(b.ShortMessage) + 17
	for _, t := range b.TLVs {
		n += 4 + len(t.Value)
	}
	return n
}

// ValidateTime checks an SMPP time field (§7.1.1), empty or YYMMDDhhmmsstnnp, every
// field range-checked by wire.ParseSMPPTime.
func ValidateTime(field, s string) error {
	if err := wire.CheckSMPPTime(s); err != nil {
		return fmt.Errorf("%s %w", field, err)
	}
	return nil
}

// ParseTime reads an SMPP time field as an operator may type it: the SMPP form, a
// period ("+90m", "2h", "1d12h": a relative time) or an RFC 3339 time (an absolute one).
func ParseTime(field, s string) (string, error) {
	t, err := wire.SMPPTimeFrom(s)
	if err != nil {
		return "", fmt.Errorf("%s %w", field, err)
	}
	return t, nil
}

// ParseTLV reads a custom TLV written as "tag=hex": the tag as hex (0x1400) or a spec
// name (user_message_reference), the value as hex (may be empty).
func ParseTLV(s string) (wire.TLV, error) {
	tagText, valText, ok := strings.Cut(s, "=")
	if !ok {
		return wire.TLV{}, fmt.Errorf("TLV %q: want tag=hex, e.g. 0x1400=0102 or user_message_reference=0001", s)
	}
	tagText = strings.TrimSpace(tagText)
	tag, ok := wire.TagByName(strings.ToLower(tagText))
	if !ok {
		var v uint64
		_, err := fmt.Sscanf(strings.TrimPrefix(strings.ToLower(tagText), "0x"), "%x", &v)
		if err != nil || v > 0xFFFF || strings.Trim(strings.TrimPrefix(strings.ToLower(tagText), "0x"), "0123456789abcdef") != "" {
			return wire.TLV{}, fmt.Errorf("TLV %q: tag %q is neither a 16-bit hex number nor a TLV name", s, tagText)
		}
		tag = uint16(v)
	}
	val, err := coding.HexBytes(valText)
	if err != nil {
		return wire.TLV{}, fmt.Errorf("TLV %q: value: %w", s, err)
	}
	if len(val) > 0xFFFF {
		return wire.TLV{}, fmt.Errorf("TLV %q: value is %d octets; a TLV holds at most 65535", s, len(val))
	}
	t := wire.TLV{Tag: tag, Value: val}
	if err := wire.CheckTLVLength(t); err != nil {
		return wire.TLV{}, fmt.Errorf("TLV %q: %w", s, err)
	}
	return t, nil
}

// Same reports whether m and o describe the same message: every field equal, the
// custom TLVs tag by tag and octet by octet, in order. Two such messages build into
// the same submit_sm, but for a long message's concatenation reference.
func (m Message) Same(o Message) bool {
	if len(m.TLVs) != len(o.TLVs) {
		return false
	}
	for i, t := range m.TLVs {
		if t.Tag != o.TLVs[i].Tag || string(t.Value) != string(o.TLVs[i].Value) {
			return false
		}
	}
	return m.sameFields(o)
}

func (m Message) sameFields(o Message) bool {
	return m.Op == o.Op && slices.Equal(m.Dests, o.Dests) && slices.Equal(m.DistLists, o.DistLists) &&
		m.Source == o.Source && m.Dest == o.Dest && m.Text == o.Text && m.Coding == o.Coding &&
		m.Split == o.Split && m.RegisteredDelivery == o.RegisteredDelivery &&
		m.ServiceType == o.ServiceType && m.ESMClass == o.ESMClass && m.ProtocolID == o.ProtocolID &&
		m.PriorityFlag == o.PriorityFlag && m.ScheduleDeliveryTime == o.ScheduleDeliveryTime &&
		m.ValidityPeriod == o.ValidityPeriod && m.ReplaceIfPresent == o.ReplaceIfPresent &&
		string(m.Raw) == string(o.Raw) && (m.Raw == nil) == (o.Raw == nil)
}

// rawPart checks that raw is one whole submit_sm and makes it the only part.
func rawPart(raw []byte) ([]Part, error) {
	h, ok := wire.ParseHeader(raw)
	if !ok || h.ID != wire.SubmitSM || int(h.Length) != len(raw) {
		return nil, fmt.Errorf("raw submit_sm: not one whole submit_sm PDU (%d octets)", len(raw))
	}
	return []Part{{Index: 1, Total: 1, raw: append([]byte(nil), raw...)}}, nil
}

// Clone is m with its own copy of the TLVs, so that a caller changing its slice later
// does not change m.
func (m Message) Clone() Message {
	if m.TLVs != nil {
		tlvs := make([]wire.TLV, len(m.TLVs))
		for i, t := range m.TLVs {
			tlvs[i] = wire.TLV{Tag: t.Tag, Value: append([]byte(nil), t.Value...)}
		}
		m.TLVs = tlvs
	}
	if m.Raw != nil {
		m.Raw = append([]byte{}, m.Raw...)
	}
	m.Dests, m.DistLists = slices.Clone(m.Dests), slices.Clone(m.DistLists)
	return m
}

// EncodeTo appends the submit_sm with sequence number seq to dst: Encode without
// allocating when dst has room.
func (p Part) EncodeTo(dst []byte, seq uint32) []byte {
	n := len(dst)
	dst = append(dst, p.raw...)
	binary.BigEndian.PutUint32(dst[n+12:], seq)
	return dst
}
