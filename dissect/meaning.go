package dissect

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/wire"
)

// octetMeaning is what a one-octet field's value means, by the field's name ("" for
// a plain number: protocol_id, sm_default_msg_id, error_code, the counts).
func octetMeaning(name string, v byte) string {
	switch name {
	case "addr_ton", "source_addr_ton", "dest_addr_ton", "esme_addr_ton":
		return wire.TONName(v)
	case "addr_npi", "source_addr_npi", "dest_addr_npi", "esme_addr_npi":
		return wire.NPIName(v)
	case "interface_version":
		return interfaceVersionMeaning(v)
	case "priority_flag":
		return priorityMeaning(v)
	case "replace_if_present_flag":
		return replaceMeaning(v)
	case "registered_delivery":
		return registeredDeliveryMeaning(v)
	case "message_state":
		return receipt.State(v).String()
	case "dest_flag":
		switch v {
		case wire.DestSME:
			return "SME address"
		case wire.DestList:
			return "distribution list"
		}
		return "invalid"
	}
	return ""
}

// isTime: the C-octet strings that hold an SMPP time.
func isTime(name string) bool {
	return name == "schedule_delivery_time" || name == "validity_period" || name == "final_date"
}

func interfaceVersionMeaning(v byte) string {
	switch {
	case v == 0x34:
		return "SMPP 3.4"
	case v == 0x50:
		return "SMPP 5.0"
	case v <= 0x33:
		return "SMPP 3.3 or earlier"
	}
	return fmt.Sprintf("SMPP %d.%d", v>>4, v&0x0F)
}

func priorityMeaning(v byte) string {
	switch v {
	case 0:
		return "level 0 (lowest)"
	case 1, 2:
		return fmt.Sprintf("level %d", v)
	case 3:
		return "level 3 (highest)"
	}
	return "reserved"
}

func replaceMeaning(v byte) string {
	switch v {
	case 0:
		return "don't replace"
	case 1:
		return "replace"
	}
	return "reserved"
}

// regDelWords are the dissector's words for registered_delivery (§5.2.17).
var regDelWords = wire.RegDelWording{
	Receipt: [4]string{"no SMSC delivery receipt", "SMSC delivery receipt on success or failure",
		"SMSC delivery receipt on failure", "SMSC delivery receipt on success (SMPP 5.0)"},
	Ack:          [4]string{"", "SME delivery acknowledgement", "SME manual/user acknowledgement", "SME delivery and manual/user acknowledgement"},
	Intermediate: "intermediate notification",
	Reserved:     "reserved bits set",
}

// registeredDeliveryMeaning decodes the bits of registered_delivery (§5.2.17).
func registeredDeliveryMeaning(v byte) string { return strings.Join(regDelWords.Words(v), "; ") }

// esm_class's fields in words (§5.2.12): the messaging mode (bits 1-0, submissions
// only), the message type (bits 5-2) and the GSM network features (bits 7-6).
var (
	esmModes    = [4]string{"default SMSC mode", "datagram mode", "forward (transaction) mode", "store and forward mode"}
	esmTypes    = map[byte]string{0: "default message type", 1: "SMSC delivery receipt", 2: "SME delivery acknowledgement", 4: "SME manual/user acknowledgement", 6: "conversation abort", 8: "intermediate delivery notification"}
	esmFeatures = [4]string{"", "UDH indicator", "reply path", "UDH indicator and reply path"}
)

// esmClassMeaning decodes esm_class: messaging mode for submissions, message type for
// deliveries, and the GSM network features.
func esmClassMeaning(v byte, id uint32) string {
	var parts []string
	if id == wire.SubmitSM || id == wire.SubmitMulti || id == wire.DataSM {
		parts = append(parts, esmModes[v&0x03])
	}
	if t, ok := esmTypes[v>>2&0x0F]; ok {
		parts = append(parts, t)
	} else {
		parts = append(parts, "reserved message type")
	}
	if f := esmFeatures[v>>6]; f != "" {
		parts = append(parts, f)
	}
	return strings.Join(parts, "; ")
}

// ieMeaning names a UDH information element (3GPP 23.040 §9.2.3.24).
func ieMeaning(id byte, d []byte) string {
	switch id {
	case 0x00:
		if len(d) == 3 {
			return fmt.Sprintf("concatenated SM, 8-bit reference %d, part %d of %d", d[0], d[2], d[1])
		}
		return "concatenated SM, 8-bit reference (malformed)"
	case 0x08:
		if len(d) == 4 {
			return fmt.Sprintf("concatenated SM, 16-bit reference %d, part %d of %d", int(d[0])<<8|int(d[1]), d[3], d[2])
		}
		return "concatenated SM, 16-bit reference (malformed)"
	case 0x01:
		return "special SMS message indication"
	case 0x04:
		if len(d) == 2 {
			return fmt.Sprintf("application port, 8-bit: destination %d, originator %d", d[0], d[1])
		}
	case 0x05:
		if len(d) == 4 {
			return fmt.Sprintf("application port, 16-bit: destination %d, originator %d", int(d[0])<<8|int(d[1]), int(d[2])<<8|int(d[3]))
		}
	case 0x24:
		return "national language single shift"
	case 0x25:
		return "national language locking shift"
	}
	return fmt.Sprintf("IEI 0x%02X", id)
}

// DescribeTime reads an SMPP time string (§7.1.1) through wire's one validation:
// absolute "YYMMDDhhmmsstnnp" with p '+'/'-' and nn quarter hours from UTC, or relative
// with p 'R'. What it refuses is classed briefly, as the field's meaning.
func DescribeTime(s string) string {
	if len(s) != wire.SMPPTimeLen {
		return fmt.Sprintf("not an SMPP time (%d characters, want 16)", len(s))
	}
	t, err := wire.ParseSMPPTime(s)
	switch {
	case err == nil && t.Relative:
		return fmt.Sprintf("relative: %dy %dmo %dd %02d:%02d:%02d", t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second)
	case err == nil:
		nn := max(t.Quarters, -t.Quarters)
		loc := time.FixedZone(fmt.Sprintf("UTC%s%02d:%02d", s[15:], nn/4, nn%4*15), t.Quarters*15*60)
		return t.Time().In(loc).Format("2006-01-02 15:04:05.0 ") + loc.String()
	case strings.Trim(s[:15], "0123456789") != "":
		return "not an SMPP time (non-digits)"
	case !strings.ContainsAny(s[15:], "+-R"):
		return "not an SMPP time (last character must be +, - or R)"
	}
	return "not a valid date"
}

// summary is the one-line description a log shows after the command name.
func summary(p *PDU, text int) string {
	if text <= 0 {
		text = 40
	}
	get := func(name string) string {
		for _, f := range p.Fields {
			if f.Name == name {
				return f.Value
			}
		}
		return ""
	}
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	switch p.Command {
	case "bind_transmitter", "bind_receiver", "bind_transceiver", "outbind",
		"bind_transmitter_resp", "bind_receiver_resp", "bind_transceiver_resp":
		add("system_id", get("system_id"))
	case "submit_sm_resp", "data_sm_resp", "query_sm", "cancel_sm", "replace_sm", "submit_multi_resp":
		add("message_id", get("message_id"))
		for _, f := range p.Fields {
			if n, ok := f.JSON.(uint64); ok && f.Name == "no_unsuccess" && n > 0 {
				add("refused", strconv.FormatUint(n, 10))
			}
		}
	case "submit_multi":
		add("to", multiDests(p.Fields))
	case "query_sm_resp":
		add("message_id", get("message_id"))
		for _, f := range p.Fields {
			if f.Name == "message_state" {
				add("state", f.Meaning)
			}
		}
	}
	if p.Receipt != nil {
		add("id", p.Receipt.MessageID)
		add("stat", p.Receipt.Stat)
		add("err", p.Receipt.Err)
	} else {
		if p.Command == "deliver_sm" || p.Command == "data_sm" || p.Command == "alert_notification" {
			add("from", get("source_addr")) // mobile-originated: who sent it matters most
		}
		if d := get("destination_addr"); d != "" {
			add("to", d)
		}
		if p.UDH != nil && p.UDH.Concat != nil {
			add("part", fmt.Sprintf("%d/%d", p.UDH.Concat.Seq, p.UDH.Concat.Total))
		}
		if p.HasText && p.TextNote == "" {
			add("text", quote(p.Text, text))
		} else if p.HasText {
			add("hex", clip(p.Text, max(24, text*2/3)))
		}
	}
	if p.Err != "" {
		parts = append(parts, "error: "+p.Err)
	}
	return strings.Join(parts, " ")
}

// multiDests names submit_multi's destinations in a summary: the first (an address, or
// dl:NAME for a list) and how many more.
func multiDests(fields []Field) string {
	first, n := "", 0
	for _, f := range fields {
		if !strings.HasPrefix(f.Name, "dest_address") {
			continue
		}
		n++
		if first != "" {
			continue
		}
		for _, c := range f.Children {
			switch c.Name {
			case "destination_addr":
				first = c.Value
			case "dl_name":
				first = "dl:" + c.Value
			}
		}
	}
	if n > 1 {
		return fmt.Sprintf("%s +%d", first, n-1)
	}
	return first
}

// lineBreaks keeps a summary on one line; built once, since a Replacer's tables are
// the costliest part of a summary.
var lineBreaks = strings.NewReplacer("\n", "⏎", "\r", "", "\t", " ")

func quote(s string, n int) string {
	s = lineBreaks.Replace(s)
	return strconv.Quote(clip(s, n))
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
