package filter

import (
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/wire"
)

// TestAgreesWithDecodeJSON checks the filter against `decode --json` (dissect.JSONObject)
// of every fixed PDU: each field value the decoder prints matches `FIELD == VALUE`, and
// no body field the decoder does not print is present. Wireshark's presentation rules
// are applied to the JSON: command_status only on responses, no body of an error
// response, empty strings absent, an empty service_type shown as (Default).
func TestAgreesWithDecodeJSON(t *testing.T) {
	for i, c := range corpus() {
		o, ok := dissect.JSONObject(c.raw, dissect.Options{ShowSecrets: true})
		if !ok {
			t.Fatalf("PDU %d does not dissect: %s", i, o.Error)
		}
		want := jsonValues(o)
		p := &Packet{Raw: c.raw}
		for _, kv := range want {
			expr := kv.name
			if kv.lit != "" {
				expr += " == " + kv.lit
			}
			f, err := Compile(expr)
			if err != nil {
				t.Fatalf("PDU %d: %q: %v", i, expr, err)
			}
			if !f.Match(p) {
				t.Errorf("PDU %d (%s): decode --json has %s, the filter does not match %q", i, o.Command, kv.name, expr)
			}
		}
		present := map[string]bool{}
		for _, kv := range want {
			present[kv.name] = true
		}
		for _, f := range table {
			if f.src != srcBody && f.src != srcText || present[f.name] || f.name == "smpp.message_text" && o.Text != nil {
				continue
			}
			g, _ := Compile(f.name)
			if g.Match(p) {
				t.Errorf("PDU %d (%s): the filter finds %s, decode --json does not show it", i, o.Command, f.name)
			}
		}
	}
}

type fieldValue struct{ name, lit string }

func jsonValues(o dissect.Object) []fieldValue {
	var out []fieldValue
	add := func(name string, v any) {
		switch x := v.(type) {
		case uint64:
			out = append(out, fieldValue{name, fmt.Sprint(x)})
		case string:
			if x != "" {
				out = append(out, fieldValue{name, quote(x)})
			}
		case nil:
			out = append(out, fieldValue{name, ""})
		default:
			panic(fmt.Sprintf("%s: JSON value %T", name, v))
		}
	}
	add("smpp.command_length", uint64(o.CommandLength))
	add("smpp.command_id", uint64(o.CommandID))
	add("smpp.sequence_number", uint64(o.SequenceNumber))
	if wire.IsResponse(o.CommandID) {
		add("smpp.command_status", uint64(o.CommandStatus))
		if o.CommandStatus != 0 {
			return out
		}
	}
	keys := make([]string, 0, len(o.Fields))
	for k := range o.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := o.Fields[k]
		switch k {
		case "number_of_dests", "no_unsuccess": // no Wireshark field: counted in the lists
		case "dest_address", "unsuccess_sme":
			if k == "dest_address" {
				add("smpp.dlist", nil)
			} else {
				add("smpp.dlist_resp", nil)
			}
			for _, e := range v.([]any) {
				for ek, ev := range e.(map[string]any) {
					if ek != "dest_flag" {
						add("smpp."+ek, ev)
					}
				}
			}
		case "short_message":
			if s := v.(string); s != "" {
				b, _ := hex.DecodeString(s)
				out = append(out, fieldValue{"smpp.message", octetsLit(b)})
			}
		case "service_type":
			if v.(string) == "" {
				v = "(Default)"
			}
			add("smpp.service_type", v)
		case "esm_class":
			e := v.(uint64)
			add("smpp.esm_class", e)
			add("smpp.esm.submit.msg_mode", e&3)
			add("smpp.esm.submit.msg_type", e>>2&0xF)
			add("smpp.esm.submit.features", e>>6)
		case "schedule_delivery_time", "validity_period", "final_date":
			if t := v.(string); t == "" {
				add("smpp."+k+"_r", nil) // present, no value: a relative time of zero
			} else if strings.HasSuffix(t, "R") {
				add("smpp."+k+"_r", t)
			} else {
				add("smpp."+k, t)
			}
		case "registered_delivery":
			r := v.(uint64)
			add("smpp.registered_delivery", r)
			add("smpp.regdel.receipt", r&3)
			add("smpp.regdel.acks", r>>2&3)
			add("smpp.regdel.notif", r>>4&1)
		default:
			add("smpp."+k, v)
		}
	}
	if len(o.TLVs) > 0 {
		add("smpp.opt_params", nil)
	}
	for _, tl := range o.TLVs {
		b, _ := hex.DecodeString(tl.Value)
		add("smpp.opt_param", nil)
		add("smpp.opt_param_tag", uint64(tl.Tag))
		add("smpp.opt_param_len", uint64(len(b)))
		switch tl.Tag {
		case wire.TagNetworkErrorCode:
			add("smpp.network_error.type", uint64(b[0]))
			add("smpp.network_error.code", uint64(b[1])<<8|uint64(b[2]))
			continue
		case wire.TagMessageState:
			add("smpp.message_state", uint64(b[0]))
			continue
		}
		f := tlvFields[tl.Tag]
		switch f.kind {
		case kNum:
			n, _ := beUint(b)
			add(f.name, n)
		case kStr:
			add(f.name, string(wire.TLV{Value: b}.CString()))
		default:
			out = append(out, fieldValue{f.name, octetsLit(b)})
		}
	}
	if o.Text != nil {
		add("smpp.message_text", *o.Text)
	}
	if r := o.Receipt; r != nil {
		add("receipt.stat", r.Stat)
		add("receipt.err", r.Err)
		add("receipt.id", r.MessageID)
	}
	return out
}

func octetsLit(b []byte) string {
	s := ""
	for i, x := range b {
		if i > 0 {
			s += ":"
		}
		s += fmt.Sprintf("%02x", x)
	}
	return s
}
