package dissect

import (
	"encoding/hex"
	"errors"

	"github.com/smppconsole/smppconsole/wire"
)

// Object is the machine-readable form of a PDU, one JSON object per PDU, with the keys
// `smppconsole decode --json` promises.
type Object struct {
	Command        string         `json:"command"`
	CommandID      uint32         `json:"command_id"`
	CommandStatus  uint32         `json:"command_status"`
	StatusName     string         `json:"status_name"`
	SequenceNumber uint32         `json:"sequence_number"`
	CommandLength  uint32         `json:"command_length"`
	Fields         map[string]any `json:"fields"`
	TLVs           []ObjectTLV    `json:"tlvs"`
	Text           *string        `json:"text,omitempty"`
	TextNote       string         `json:"text_note,omitempty"`
	UDH            *ObjectUDH     `json:"udh,omitempty"`
	Receipt        *ObjectReceipt `json:"receipt,omitempty"`
	Error          string         `json:"error,omitempty"`
	Hex            string         `json:"hex,omitempty"`
	Warnings       []string       `json:"warnings,omitempty"`
}

// ObjectTLV is one TLV: tag as a number, value as hex.
type ObjectTLV struct {
	Tag   uint16 `json:"tag"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

// ObjectUDH is the user data header: its elements, and the concatenation it carries.
type ObjectUDH struct {
	Elements []ObjectIE    `json:"elements"`
	Concat   *ObjectConcat `json:"concat,omitempty"`
}

// ObjectIE is one UDH information element.
type ObjectIE struct {
	IEI     byte   `json:"iei"`
	Data    string `json:"data"`
	Meaning string `json:"meaning"`
}

// ObjectConcat is a concatenation IE.
type ObjectConcat struct {
	Ref   uint16 `json:"ref"`
	Total int    `json:"total"`
	Seq   int    `json:"seq"`
	Bits  int    `json:"ref_bits"`
}

// ObjectReceipt is a delivery receipt's fields as written.
type ObjectReceipt struct {
	MessageID    string `json:"message_id"`
	NormalizedID string `json:"normalized_id"`
	Stat         string `json:"stat"`
	Err          string `json:"err"`
	SubmitDate   string `json:"submit_date"`
	DoneDate     string `json:"done_date"`
	Sub          string `json:"sub"`
	Dlvrd        string `json:"dlvrd"`
	State        string `json:"message_state,omitempty"`
	NetworkError string `json:"network_error,omitempty"`
	Source       string `json:"source"`
	Text         string `json:"text,omitempty"`
}

var headerFields = map[string]bool{"command_length": true, "command_id": true, "command_status": true, "sequence_number": true}

// ToObject converts a presentation to its JSON form. withHex adds the PDU's hex.
func ToObject(p PDU, withHex bool) Object {
	o := Object{
		Command:        p.Command,
		CommandID:      p.Header.ID,
		CommandStatus:  p.Header.Status,
		SequenceNumber: p.Header.Seq,
		CommandLength:  p.Header.Length,
		Fields:         map[string]any{},
		TLVs:           []ObjectTLV{},
		Error:          p.Err,
	}
	if p.HasHeader {
		o.StatusName = statusName(p.Header.Status)
	}
	for _, f := range p.Fields {
		if headerFields[f.Name] {
			continue
		}
		if f.Children != nil && f.JSON == nil {
			// A group (dest_address n): collect as a list under its base name.
			kids := map[string]any{}
			for _, k := range f.Children {
				kids[k.Name] = k.JSON
			}
			name := groupName(f.Name)
			list, _ := o.Fields[name].([]any)
			o.Fields[name] = append(list, kids)
			continue
		}
		if isTLVField(p, f) {
			continue
		}
		if _, dup := o.Fields[f.Name]; !dup {
			o.Fields[f.Name] = f.JSON
		}
	}
	for _, t := range p.TLVs {
		o.TLVs = append(o.TLVs, ObjectTLV{Tag: t.Tag, Name: t.Name, Value: hex.EncodeToString(t.Value)})
	}
	if p.HasText {
		t := p.Text
		o.Text = &t
		o.TextNote = p.TextNote
	}
	if p.UDH != nil {
		u := &ObjectUDH{Elements: []ObjectIE{}}
		for _, e := range p.UDH.Elements {
			u.Elements = append(u.Elements, ObjectIE{IEI: e.IEI, Data: hex.EncodeToString(e.Data), Meaning: e.Meaning})
		}
		if c := p.UDH.Concat; c != nil {
			bits := 8
			if c.SixteenBit {
				bits = 16
			}
			u.Concat = &ObjectConcat{Ref: c.Ref, Total: c.Total, Seq: c.Seq, Bits: bits}
		}
		o.UDH = u
	}
	if r := p.Receipt; r != nil {
		o.Receipt = &ObjectReceipt{
			MessageID: r.MessageID, NormalizedID: r.NormalizedID, Stat: r.Stat, Err: r.Err,
			SubmitDate: r.SubmitDateText, DoneDate: r.DoneDateText, Sub: r.Sub, Dlvrd: r.Dlvrd,
			NetworkError: r.NetworkError, Source: r.Source, Text: r.Text,
		}
		if r.HasState {
			o.Receipt.State = r.State.String()
		}
	}
	if withHex {
		o.Hex = hex.EncodeToString(p.Raw)
	}
	return o
}

func statusName(s uint32) string { return wire.StatusName(s) }

func groupName(n string) string {
	for i := len(n) - 1; i >= 0; i-- {
		if n[i] == ' ' {
			return n[:i]
		}
	}
	return n
}

func isTLVField(p PDU, f Field) bool {
	return len(f.Children) == 3 && f.Children[0].Name == "tag" && f.Children[1].Name == "length"
}

// JSONObject is the object `smppconsole decode --json` prints for one PDU: its
// dissection under o, with a warning when gosmpp's codec disagrees. ok is false when the
// PDU did not dissect (Error says why). The console's export writes the same objects.
func JSONObject(raw []byte, o Options) (obj Object, ok bool) {
	p := Dissect(raw, o)
	obj = ToObject(p, false)
	if note := CodecNote(raw, p); note != "" {
		obj.Warnings = append(obj.Warnings, note)
	}
	return obj, p.Err == ""
}

// CodecNote reports when gosmpp's codec disagrees with the presentation: worth knowing
// when a peer's PDU is rejected by a gosmpp-based implementation. gosmpp is reached only
// through wire's bridge (wire/gosmpp_bridge.go), which runs it under recover.
func CodecNote(raw []byte, p PDU) string {
	if p.Err != "" {
		return ""
	}
	if _, err := wire.Decode(raw); err != nil {
		var de *wire.DecodeError
		if errors.As(err, &de) {
			return "gosmpp's codec cannot decode this PDU: " + de.Reason
		}
		return "gosmpp's codec cannot decode this PDU: " + err.Error()
	}
	return ""
}
