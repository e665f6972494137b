package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

// messageFlags are the flags that describe one message, shared by `send` and
// `send --dry-run`.
type messageFlags struct {
	to, text           string
	tos                multiFlag // every --to, in order (submit_multi takes several)
	op                 string    // --op: submit_sm, data_sm or submit_multi
	from               message.Address
	allowEmpty         bool
	coding             coding.Scheme
	split              segment.Method
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
	err                error           // the first flag value refused (see textVar)
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func (m *messageFlags) register(fs *flag.FlagSet) {
	textVar(fs, &m.from, "from", "source address: ADDR or ADDR,TON,NPI (TON/NPI inferred if omitted)", &m.err)
	fs.Var(&m.tos, "to", "destination address: ADDR or ADDR,TON,NPI; with --op submit_multi repeatable, and/or ';'-separated, dl:NAME for a distribution list")
	fs.StringVar(&m.text, "text", "", "message text (hex for --coding binary); - reads it from standard input (required)")
	fs.BoolVar(&m.allowEmpty, "allow-empty", false, "allow an empty --text: send a short_message of no octets on purpose")
	m.coding, m.split = coding.Auto, segment.UDH
	textVar(fs, &m.coding, "coding", "auto, gsm7, gsm7-packed, ucs2, latin1 or binary", &m.err)
	textVar(fs, &m.split, "split", "long messages: udh, udh16, sar or payload", &m.err)
	fs.BoolVar(&m.dlr, "dlr", false, "request a delivery receipt (registered_delivery 1)")
	fs.StringVar(&m.registeredDelivery, "registered-delivery", "", "registered_delivery value, e.g. 0x11 (overrides --dlr)")
	fs.StringVar(&m.serviceType, "service-type", "", "service_type")
	fs.StringVar(&m.esmClass, "esm-class", "0", "esm_class (UDHI is added for UDH parts)")
	fs.StringVar(&m.protocolID, "protocol-id", "0", "protocol_id")
	fs.StringVar(&m.priority, "priority", "0", "priority_flag 0-3")
	fs.StringVar(&m.validity, "validity", "", "validity_period: SMPP time YYMMDDhhmmsstnnp, a period (+90m, 2h, 1d12h) or an RFC 3339 time")
	fs.StringVar(&m.schedule, "schedule", "", "schedule_delivery_time: SMPP time YYMMDDhhmmsstnnp, a period (+90m, 2h, 1d12h) or an RFC 3339 time")
	fs.Var(&m.tlvs, "tlv", "custom TLV tag=hex (repeatable), e.g. 0x1400=0102 or user_message_reference=0001")
	fs.BoolVar(&m.asJSON, "json", false, "one JSON object per line")
	fs.StringVar(&m.pcap, "pcap", "", "also write the PDUs to this pcap file (for Wireshark)")
}

// registerOp adds --op, for send (burst sends submit_sm only).
func (m *messageFlags) registerOp(fs *flag.FlagSet) {
	fs.StringVar(&m.op, "op", "submit_sm", "the request that carries the message: submit_sm, data_sm (the text in message_payload) or submit_multi")
}

// noteSet records which flags the user gave, so profile defaults fill only the rest.
func (m *messageFlags) noteSet(fs *flag.FlagSet) {
	m.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { m.set[f.Name] = true })
	m.to = strings.Join(m.tos, ";")
}

// opOf reads --op.
func opOf(s string) (uint32, error) {
	switch s {
	case "", "submit_sm":
		return wire.SubmitSM, nil
	case "data_sm":
		return wire.DataSM, nil
	case "submit_multi":
		return wire.SubmitMulti, nil
	}
	return 0, fmt.Errorf("--op %q: want submit_sm, data_sm or submit_multi", s)
}

// maxStdinText bounds --text -: more than any message_payload can carry.
const maxStdinText = 1 << 20

// build turns the flags into a message; errors name the flag. With --text - the text is
// read from stdin.
func (m *messageFlags) build(stdin io.Reader) (message.Message, error) {
	var msg message.Message
	var err error
	if m.to == "" {
		return msg, fmt.Errorf("--to is required")
	}
	if msg.Op, err = opOf(m.op); err != nil {
		return msg, err
	}
	if msg.Op == wire.SubmitMulti {
		if msg.Dests, msg.DistLists, err = message.ParseDestinations(m.to); err != nil {
			return msg, fmt.Errorf("--to: %w", err)
		}
	} else if len(m.tos) > 1 || strings.Contains(m.to, ";") {
		return msg, fmt.Errorf("--to: %d destinations, but %s takes one: give --op submit_multi to send to several", len(strings.Split(m.to, ";")), wire.CommandName(msg.Op))
	} else if msg.Dest, err = message.ParseDestination(m.to); err != nil {
		return msg, fmt.Errorf("--to: %w", err)
	}
	if msg, err = m.options(msg); err != nil {
		return msg, err
	}
	if msg.Text, err = m.readText(stdin); err != nil {
		return msg, err
	}
	return msg, msg.Validate()
}

// options fills in everything but the destination and the text: the parts `burst`
// shares with `send` while it takes --to and --text as templates.
func (m *messageFlags) options(msg message.Message) (message.Message, error) {
	var err error
	if m.err != nil {
		return msg, m.err
	}
	msg.Source, msg.Coding, msg.Split = m.from, m.coding, m.split
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
	if msg.ValidityPeriod, err = message.ParseTime("validity_period", m.validity); err != nil {
		return msg, fmt.Errorf("--validity: %w", err)
	}
	if msg.ScheduleDeliveryTime, err = message.ParseTime("schedule_delivery_time", m.schedule); err != nil {
		return msg, fmt.Errorf("--schedule: %w", err)
	}
	for _, t := range m.tlvs {
		tlv, err := message.ParseTLV(t)
		if err != nil {
			return msg, fmt.Errorf("--tlv: %w", err)
		}
		msg.TLVs = append(msg.TLVs, tlv)
	}
	return msg, nil
}

// applyProfile lays the profile's message defaults under what the flags gave.
func (m *messageFlags) applyProfile(p config.Profile, msg *message.Message) {
	set := m.set
	p.Message.Apply(msg, func(field string) bool {
		switch field {
		case "source":
			return set["from"]
		case "coding":
			return set["coding"]
		case "split":
			return set["split"]
		case "registered_delivery":
			return set["dlr"] || set["registered-delivery"] || set["wait-dlr"]
		}
		return false
	})
}

// readText is --text: required, "-" for standard input, empty only with --allow-empty.
func (m *messageFlags) readText(stdin io.Reader) (string, error) {
	if !m.set["text"] {
		return "", errors.New("--text is required (--text - reads it from standard input)")
	}
	text := m.text
	if text == "-" {
		b, err := io.ReadAll(io.LimitReader(stdin, maxStdinText+1))
		if err != nil {
			return "", fmt.Errorf("--text -: reading standard input: %w", err)
		}
		if len(b) > maxStdinText {
			return "", fmt.Errorf("--text -: standard input holds more than %d octets", maxStdinText)
		}
		// echo and here-strings end the text with a newline nobody meant to send.
		text = strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	}
	if text == "" && !m.allowEmpty {
		return "", errors.New("--text is empty: give --allow-empty to send an empty short_message on purpose")
	}
	return text, nil
}

func parseOctet(name, s string) (byte, error) {
	v, err := message.ParseOctet(s)
	if err != nil {
		return 0, fmt.Errorf("%s: %v", name, err)
	}
	return v, nil
}

// dryRun builds the submit_sm (data_sm, submit_multi) PDUs for m and prints them without connecting: a plan
// line, then each part decoded and in hex (or, with asJSON, one decode object per part
// with a "hex" key). Sequence numbers are 1…N as a fresh session would use them.
func dryRun(m message.Message, out *sendOutput, pcapPath string) int {
	asJSON, stdout := out.json, out.stdout
	ref := message.NewRef()
	plan, err := m.Plan(ref)
	if err != nil {
		return out.usageError(err)
	}
	parts, err := message.Build(m, ref)
	if err != nil {
		return out.usageError(err)
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
			return out.usageError(fmt.Errorf("--pcap: %w", err))
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
