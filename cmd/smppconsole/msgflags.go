package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

// messageFlags are the flags that describe one message, shared by `send` and
// `send --dry-run`.
type messageFlags struct {
	from, to, text     string
	coding, split      string
	dlr                bool
	registeredDelivery string
	serviceType        string
	esmClass           string
	protocolID         string
	priority           string
	validity, schedule string
	tlvs               multiFlag
	asJSON             bool
	pcap               string
	set                map[string]bool // flags given on the command line
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func (m *messageFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&m.from, "from", "", "source address: ADDR or ADDR,TON,NPI (TON/NPI inferred if omitted)")
	fs.StringVar(&m.to, "to", "", "destination address: ADDR or ADDR,TON,NPI")
	fs.StringVar(&m.text, "text", "", "message text (hex for --coding binary)")
	fs.StringVar(&m.coding, "coding", "auto", "auto, gsm7, gsm7-packed, ucs2, latin1 or binary")
	fs.StringVar(&m.split, "split", "udh", "long messages: udh, udh16, sar or payload")
	fs.BoolVar(&m.dlr, "dlr", false, "request a delivery receipt (registered_delivery 1)")
	fs.StringVar(&m.registeredDelivery, "registered-delivery", "", "registered_delivery value, e.g. 0x11 (overrides --dlr)")
	fs.StringVar(&m.serviceType, "service-type", "", "service_type")
	fs.StringVar(&m.esmClass, "esm-class", "0", "esm_class (UDHI is added for UDH parts)")
	fs.StringVar(&m.protocolID, "protocol-id", "0", "protocol_id")
	fs.StringVar(&m.priority, "priority", "0", "priority_flag 0-3")
	fs.StringVar(&m.validity, "validity", "", "validity_period, SMPP time YYMMDDhhmmsstnnp")
	fs.StringVar(&m.schedule, "schedule", "", "schedule_delivery_time, SMPP time YYMMDDhhmmsstnnp")
	fs.Var(&m.tlvs, "tlv", "custom TLV tag=hex (repeatable), e.g. 0x1400=0102 or user_message_reference=0001")
	fs.BoolVar(&m.asJSON, "json", false, "one JSON object per line")
	fs.StringVar(&m.pcap, "pcap", "", "also write the PDUs to this pcap file (for Wireshark)")
}

// noteSet records which flags the user gave, so profile defaults fill only the rest.
func (m *messageFlags) noteSet(fs *flag.FlagSet) {
	m.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { m.set[f.Name] = true })
}

// build turns the flags into a message; errors name the flag.
func (m *messageFlags) build() (message.Message, error) {
	var msg message.Message
	var err error
	if m.to == "" {
		return msg, fmt.Errorf("--to is required")
	}
	if msg.Dest, err = message.ParseAddress(m.to); err != nil {
		return msg, fmt.Errorf("--to: %w", err)
	}
	if m.from != "" {
		if msg.Source, err = message.ParseAddress(m.from); err != nil {
			return msg, fmt.Errorf("--from: %w", err)
		}
	}
	msg.Text = m.text
	if msg.Coding, err = coding.ParseScheme(m.coding); err != nil {
		return msg, fmt.Errorf("--coding: %w", err)
	}
	if msg.Split, err = segment.ParseMethod(m.split); err != nil {
		return msg, fmt.Errorf("--split: %w", err)
	}
	if m.dlr {
		msg.RegisteredDelivery = message.ReceiptOnFinal
	}
	if m.registeredDelivery != "" {
		if msg.RegisteredDelivery, err = parseOctet("--registered-delivery", m.registeredDelivery); err != nil {
			return msg, err
		}
	}
	msg.ServiceType = m.serviceType
	if msg.ESMClass, err = parseOctet("--esm-class", m.esmClass); err != nil {
		return msg, err
	}
	if msg.ProtocolID, err = parseOctet("--protocol-id", m.protocolID); err != nil {
		return msg, err
	}
	if msg.PriorityFlag, err = parseOctet("--priority", m.priority); err != nil {
		return msg, err
	}
	msg.ValidityPeriod, msg.ScheduleDeliveryTime = m.validity, m.schedule
	for _, t := range m.tlvs {
		tlv, err := message.ParseTLV(t)
		if err != nil {
			return msg, fmt.Errorf("--tlv: %w", err)
		}
		msg.TLVs = append(msg.TLVs, tlv)
	}
	return msg, msg.Validate()
}

func parseOctet(name, s string) (byte, error) {
	v, err := strconv.ParseUint(strings.TrimSpace(s), 0, 8)
	if err != nil {
		return 0, fmt.Errorf("%s %q: want a number 0-255 (decimal or 0x hex)", name, s)
	}
	return byte(v), nil
}

// dryRun builds the submit_sm PDUs for m and prints them without connecting: a plan
// line, then each part decoded and in hex (or, with asJSON, one decode object per part
// with a "hex" key). Sequence numbers are 1…N as a fresh session would use them.
func dryRun(m message.Message, asJSON bool, pcapPath string, stdout, stderr io.Writer) int {
	ref := message.NewRef()
	plan, err := m.Plan(ref)
	if err != nil {
		fmt.Fprintf(stderr, "send: %v\n", err)
		return 2
	}
	parts, err := message.Build(m, ref)
	if err != nil {
		fmt.Fprintf(stderr, "send: %v\n", err)
		return 2
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if !asJSON {
		fmt.Fprintln(stdout, PlanLine(plan))
	}
	seq := uint32(0)
	var all [][]byte
	for _, p := range parts {
		seq = wire.NextSeq(seq)
		raw := p.Encode(seq)
		all = append(all, raw)
		d := dissect.Dissect(raw, dissect.Options{})
		if asJSON {
			_ = enc.Encode(dissect.ToObject(d, true))
			continue
		}
		fmt.Fprintf(stdout, "\npart %d of %d: %d %s\n", p.Index, p.Total, p.Segment.Units, plan.UnitName)
		fmt.Fprint(stdout, dissect.Format(d))
	}
	if pcapPath != "" {
		if err := capture.File(pcapPath, time.Now(), all); err != nil {
			fmt.Fprintf(stderr, "send: --pcap: %v\n", err)
			return 2
		}
	}
	return 0
}

// PlanLine describes a plan in one line: coding, counts, parts and room.
func PlanLine(p segment.Plan) string {
	s := fmt.Sprintf("coding %s (data_coding 0x%02X), %d characters, %d %s, %d part(s) via %s, %d %s left in the last part",
		p.Scheme, p.DataCoding, p.Chars, p.Units, p.UnitName, len(p.Parts), p.Method, p.Room, p.UnitName)
	if len(p.ForcedUCS2) > 0 {
		s += fmt.Sprintf("; UCS2 because of %s", quoteRunes(p.ForcedUCS2))
	}
	return s
}

func quoteRunes(rs []rune) string {
	q := make([]string, len(rs))
	for i, r := range rs {
		q[i] = strconv.QuoteRune(r)
	}
	return strings.Join(q, " ")
}
