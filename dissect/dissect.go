// Package dissect shows a PDU to a person the way Wireshark's SMPP dissector does: every
// field named as the spec names it, in wire order, with its decoded meaning and the byte
// range it came from, TLVs by name, the text decoded by data_coding, the UDH and any
// delivery receipt understood. It never panics: a PDU that does not decode still shows
// its header, what could be read, and why the rest could not.
package dissect

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

// Field is one named field of a PDU. Start and End are its octets in PDU.Raw (End
// exclusive), so a hex dump can highlight it.
type Field struct {
	Name     string
	Value    string // as shown: text for strings, decimal or hex for numbers
	Meaning  string // decoded meaning, e.g. "international" for a TON, "" if none
	Start    int
	End      int
	Children []Field // parts of a compound field: a TLV's tag/length/value, UDH elements
	// JSON is the machine form: string, uint64, or hex string for octet strings.
	JSON any
	// Secret marks a field redacted in Raw and Value (the bind password).
	Secret bool
}

// TLV is a decoded optional parameter.
type TLV struct {
	Tag   uint16
	Name  string
	Value []byte
}

// UDHElement is one information element of a user data header.
type UDHElement struct {
	IEI     byte
	Data    []byte
	Meaning string
}

// UDH is the decoded user data header of a short_message.
type UDH struct {
	Elements []UDHElement
	Concat   *segment.Concat
}

// PDU is the presentation of one PDU.
type PDU struct {
	Header    wire.Header
	HasHeader bool
	Command   string // spec name, "submit_sm"
	Fields    []Field
	TLVs      []TLV
	// DataCoding is the PDU's data_coding when it has one.
	DataCoding    byte
	HasDataCoding bool
	// ShortMessage is the raw short_message field (UDH included) when present.
	ShortMessage []byte
	Text         string // the decoded message text (short_message or message_payload)
	HasText      bool
	TextNote     string // why the text is shown as hex, when it is
	Packed       bool   // the text was packed GSM 03.38 (septets, not octets)
	UDH          *UDH
	Receipt      *receipt.Receipt
	ReceiptKind  string // "SMSC delivery receipt", …
	Summary      string // one line: message id, destination, the start of the text
	Err          string // set when the PDU could not be fully decoded
	Raw          []byte // the PDU, with secrets overwritten unless ShowSecrets
}

// Options change what Dissect shows.
type Options struct {
	ShowSecrets bool // show the bind password instead of redacting it
	SummaryText int  // characters of text the Summary quotes; 0: 40 (a wide log shows more)
}

// Redacted is what a hidden password shows as.
const Redacted = "********"

// Dissect presents one framed PDU (header included).
func Dissect(raw []byte, o Options) (p PDU) {
	p.Raw = raw
	defer func() {
		// The walker bounds-checks everything; this is the last line of defence so a
		// presentation bug can never take the console down.
		if r := recover(); r != nil {
			p.Err = fmt.Sprintf("presentation failed: %v", r)
		}
	}()
	w := &walker{b: raw, fields: make([]Field, 0, 32)} // room for a submit_sm with TLVs: no regrowth
	if len(raw) < wire.HeaderLen {
		p.Err = fmt.Sprintf("only %d octet(s); a PDU header needs %d", len(raw), wire.HeaderLen)
		if len(raw) > 0 {
			p.Fields = append(p.Fields, Field{Name: "undecoded", Value: hex.EncodeToString(raw), JSON: hex.EncodeToString(raw), Start: 0, End: len(raw)})
		}
		return p
	}
	h, _ := wire.ParseHeader(raw)
	p.Header, p.HasHeader = h, true
	p.Command = wire.CommandName(h.ID)
	w.header(h)
	// Walk what command_length covers and is present; say so when the two differ, but
	// still show every field that can be read.
	lengthErr := ""
	switch {
	case h.Length < wire.HeaderLen:
		lengthErr = fmt.Sprintf("command_length %d is below the %d-octet header", h.Length, wire.HeaderLen)
	case int(h.Length) > len(raw):
		lengthErr = fmt.Sprintf("command_length %d but only %d octet(s) present", h.Length, len(raw))
	case int(h.Length) < len(raw):
		lengthErr = fmt.Sprintf("command_length %d but %d octet(s) present; the rest is not part of this PDU", h.Length, len(raw))
		w.b = raw[:h.Length]
	}
	body(w, &p, h)
	if w.err == "" && w.off < len(w.b) {
		tlvs(w, &p)
	}
	w.b = raw
	if lengthErr != "" {
		w.err = lengthErr + errSuffix(w.err)
	}
	if w.off < len(raw) {
		rest := raw[w.off:]
		w.fields = append(w.fields, Field{Name: "undecoded", Value: hex.EncodeToString(rest), JSON: hex.EncodeToString(rest), Start: w.off, End: len(raw)})
	}
	p.Fields = w.fields
	p.Err = w.err
	text(&p)
	if !o.ShowSecrets {
		if masked, ok := redact(&p); ok {
			// Offsets after the password moved: present the masked PDU afresh.
			p = Dissect(masked, Options{ShowSecrets: true})
			markSecret(&p)
			return p
		}
	}
	p.Summary = summary(&p, o.SummaryText)
	return p
}

// walker reads fields off the PDU, recording each with its byte range. The first
// failure stops it; the error says which field and why.
type walker struct {
	b      []byte
	off    int
	fields []Field
	err    string
}

func (w *walker) fail(reason string) {
	if w.err == "" {
		w.err = reason
	}
}

func (w *walker) add(f Field) *Field {
	w.fields = append(w.fields, f)
	return &w.fields[len(w.fields)-1]
}

func (w *walker) header(h wire.Header) {
	w.add(Field{Name: "command_length", Value: fmt.Sprint(h.Length), JSON: uint64(h.Length), Start: 0, End: 4})
	w.add(Field{Name: "command_id", Value: fmt.Sprintf("0x%08X", h.ID), Meaning: wire.CommandName(h.ID), JSON: uint64(h.ID), Start: 4, End: 8})
	w.add(Field{Name: "command_status", Value: fmt.Sprintf("0x%08X", h.Status), Meaning: wire.StatusName(h.Status), JSON: uint64(h.Status), Start: 8, End: 12})
	w.add(Field{Name: "sequence_number", Value: fmt.Sprint(h.Seq), JSON: uint64(h.Seq), Start: 12, End: 16})
	w.off = wire.HeaderLen
}

// end is the end of the PDU as command_length claims it, bounded by what is present.
func (w *walker) end() int { return len(w.b) }

// cstr reads a C-Octet String of at most max octets including the NUL.
func (w *walker) cstr(name string, max int) (string, bool) {
	if w.err != "" {
		return "", false
	}
	if w.off >= w.end() {
		w.fail(fmt.Sprintf("%s: missing (PDU ends at octet %d)", name, w.off))
		return "", false
	}
	i := w.off
	for i < w.end() && w.b[i] != 0 {
		i++
	}
	if i >= w.end() {
		w.fail(fmt.Sprintf("%s: no terminating NUL before the end of the PDU", name))
		return "", false
	}
	s := string(w.b[w.off:i])
	f := Field{Name: name, Value: s, JSON: s, Start: w.off, End: i + 1}
	if i+1-w.off > max {
		f.Meaning = fmt.Sprintf("too long: %d octets, the spec allows %d", i+1-w.off, max)
	}
	w.add(f)
	w.off = i + 1
	return s, true
}

func (w *walker) u8(name string, meaning func(byte) string) (byte, bool) {
	if w.err != "" {
		return 0, false
	}
	if w.off >= w.end() {
		w.fail(fmt.Sprintf("%s: missing (PDU ends at octet %d)", name, w.off))
		return 0, false
	}
	v := w.b[w.off]
	f := Field{Name: name, Value: fmt.Sprintf("0x%02X", v), JSON: uint64(v), Start: w.off, End: w.off + 1}
	if meaning != nil {
		f.Meaning = meaning(v)
	}
	w.add(f)
	w.off++
	return v, true
}

func (w *walker) u32(name string, meaning func(uint32) string) (uint32, bool) {
	if w.err != "" {
		return 0, false
	}
	if w.off+4 > w.end() {
		w.fail(fmt.Sprintf("%s: needs 4 octets, %d left", name, w.end()-w.off))
		return 0, false
	}
	b := w.b[w.off:]
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	f := Field{Name: name, Value: fmt.Sprintf("0x%08X", v), JSON: uint64(v), Start: w.off, End: w.off + 4}
	if meaning != nil {
		f.Meaning = meaning(v)
	}
	w.add(f)
	w.off += 4
	return v, true
}

// octets reads n octets as a hex field.
func (w *walker) octets(name string, n int) ([]byte, bool) {
	if w.err != "" {
		return nil, false
	}
	if w.off+n > w.end() {
		w.fail(fmt.Sprintf("%s: sm_length says %d octets, %d left", name, n, w.end()-w.off))
		return nil, false
	}
	v := w.b[w.off : w.off+n]
	w.add(Field{Name: name, Value: hex.EncodeToString(v), JSON: hex.EncodeToString(v), Start: w.off, End: w.off + n})
	w.off += n
	return v, true
}

func (w *walker) address(prefix, addrName string, max int) {
	w.u8(prefix+"_ton", tonMeaning)
	w.u8(prefix+"_npi", npiMeaning)
	w.cstr(addrName, max)
}

// shortMessage reads data_coding … short_message as they stand in submit_sm/deliver_sm.
func (w *walker) shortMessage(p *PDU, withDataCoding bool) {
	if withDataCoding {
		if dc, ok := w.u8("data_coding", coding.DataCodingName); ok {
			p.DataCoding, p.HasDataCoding = dc, true
		}
	}
	w.u8("sm_default_msg_id", nil)
	n, ok := w.u8("sm_length", func(v byte) string { return fmt.Sprintf("%d octets", v) })
	if !ok {
		return
	}
	if sm, ok := w.octets("short_message", int(n)); ok {
		p.ShortMessage = sm
	}
}

func (w *walker) timeField(name string) {
	if s, ok := w.cstr(name, 17); ok && s != "" {
		w.fields[len(w.fields)-1].Meaning = DescribeTime(s)
	}
}

// body walks the mandatory fields of each command (SMPP 3.4 §4).
func body(w *walker, p *PDU, h wire.Header) {
	// A response with no body is legal for an error, and common for an OK deliver_sm_resp.
	if wire.IsResponse(h.ID) && w.off == len(w.b) {
		return
	}
	switch h.ID {
	case wire.BindTransmitter, wire.BindReceiver, wire.BindTransceiver:
		w.cstr("system_id", 16)
		w.cstr("password", 9)
		w.cstr("system_type", 13)
		w.u8("interface_version", interfaceVersionMeaning)
		w.u8("addr_ton", tonMeaning)
		w.u8("addr_npi", npiMeaning)
		w.cstr("address_range", 41)
	case wire.BindTransmitterResp, wire.BindReceiverResp, wire.BindTransceiverResp:
		w.cstr("system_id", 16)
	case wire.Outbind:
		w.cstr("system_id", 16)
		w.cstr("password", 9)
	case wire.SubmitSM, wire.DeliverSM:
		w.cstr("service_type", 6)
		w.address("source_addr", "source_addr", 21)
		w.address("dest_addr", "destination_addr", 21)
		messageFields(w, p, h.ID)
	case wire.SubmitSMResp, wire.DataSMResp, wire.DeliverSMResp:
		w.cstr("message_id", 65)
	case wire.SubmitMulti:
		w.cstr("service_type", 6)
		w.address("source_addr", "source_addr", 21)
		destinations(w)
		messageFields(w, p, h.ID)
	case wire.SubmitMultiResp:
		w.cstr("message_id", 65)
		unsuccess(w)
	case wire.DataSM:
		w.cstr("service_type", 6)
		w.address("source_addr", "source_addr", 65)
		w.address("dest_addr", "destination_addr", 65)
		esm(w, p, h.ID)
		w.u8("registered_delivery", registeredDeliveryMeaning)
		if dc, ok := w.u8("data_coding", coding.DataCodingName); ok {
			p.DataCoding, p.HasDataCoding = dc, true
		}
	case wire.QuerySM:
		w.cstr("message_id", 65)
		w.address("source_addr", "source_addr", 21)
	case wire.QuerySMResp:
		w.cstr("message_id", 65)
		w.timeField("final_date")
		w.u8("message_state", func(v byte) string { return receipt.State(v).String() })
		w.u8("error_code", nil)
	case wire.CancelSM:
		w.cstr("service_type", 6)
		w.cstr("message_id", 65)
		w.address("source_addr", "source_addr", 21)
		w.address("dest_addr", "destination_addr", 21)
	case wire.ReplaceSM:
		w.cstr("message_id", 65)
		w.address("source_addr", "source_addr", 21)
		w.timeField("schedule_delivery_time")
		w.timeField("validity_period")
		w.u8("registered_delivery", registeredDeliveryMeaning)
		w.shortMessage(p, false)
	case wire.AlertNotification:
		w.address("source_addr", "source_addr", 65)
		w.address("esme_addr", "esme_addr", 65)
	case wire.Unbind, wire.UnbindResp, wire.EnquireLink, wire.EnquireLinkResp,
		wire.GenericNack, wire.CancelSMResp, wire.ReplaceSMResp:
		// No mandatory body.
	default:
		if !wire.KnownCommand(h.ID) {
			w.fail(fmt.Sprintf("unknown command_id 0x%08X; body shown as hex", h.ID))
		} else {
			w.fail(fmt.Sprintf("%s: body not dissected; shown as hex", wire.CommandName(h.ID)))
		}
	}
}

// messageFields walks what submit_sm, deliver_sm and submit_multi share after the
// addresses: esm_class through short_message.
func messageFields(w *walker, p *PDU, id uint32) {
	esm(w, p, id)
	w.u8("protocol_id", nil)
	w.u8("priority_flag", priorityMeaning)
	w.timeField("schedule_delivery_time")
	w.timeField("validity_period")
	w.u8("registered_delivery", registeredDeliveryMeaning)
	w.u8("replace_if_present_flag", replaceMeaning)
	w.shortMessage(p, true)
}

func esm(w *walker, p *PDU, id uint32) {
	v, ok := w.u8("esm_class", func(v byte) string { return esmClassMeaning(v, id) })
	if ok && id != wire.SubmitSM && id != wire.SubmitMulti {
		p.ReceiptKind = receipt.KindName(v)
	}
}

func destinations(w *walker) {
	n, ok := w.u8("number_of_dests", nil)
	if !ok {
		return
	}
	for i := 0; i < int(n) && w.err == ""; i++ {
		start := len(w.fields)
		flag, ok := w.u8("dest_flag", func(v byte) string {
			switch v {
			case 1:
				return "SME address"
			case 2:
				return "distribution list"
			}
			return "invalid"
		})
		if !ok {
			return
		}
		switch flag {
		case 1:
			w.address("dest_addr", "destination_addr", 21)
		case 2:
			w.cstr("dl_name", 21)
		default:
			w.fail(fmt.Sprintf("dest_address %d: dest_flag 0x%02X is neither 1 (SME) nor 2 (distribution list)", i+1, flag))
		}
		group(w, start, fmt.Sprintf("dest_address %d", i+1))
	}
}

func unsuccess(w *walker) {
	n, ok := w.u8("no_unsuccess", nil)
	if !ok {
		return
	}
	for i := 0; i < int(n) && w.err == ""; i++ {
		start := len(w.fields)
		w.address("dest_addr", "destination_addr", 21)
		w.u32("error_status_code", func(v uint32) string { return wire.StatusName(v) })
		group(w, start, fmt.Sprintf("unsuccess_sme %d", i+1))
	}
}

// group folds the fields added since start into one parent.
func group(w *walker, start int, name string) {
	if start >= len(w.fields) {
		return
	}
	kids := append([]Field(nil), w.fields[start:]...)
	w.fields = w.fields[:start]
	w.add(Field{Name: name, Start: kids[0].Start, End: kids[len(kids)-1].End, Children: kids})
}

// tlvs reads the optional parameters, each as a field with tag/length/value children.
func tlvs(w *walker, p *PDU) {
	area := w.b[w.off:]
	list, err := wire.ParseTLVs(area)
	base := w.off
	for _, t := range list {
		start := base
		end := start + 4 + len(t.Value)
		name := wire.TagName(t.Tag)
		value, meaning, js := tlvValue(t, p)
		w.add(Field{
			Name: name, Value: value, Meaning: meaning, JSON: js, Start: start, End: end,
			Children: []Field{
				{Name: "tag", Value: fmt.Sprintf("0x%04X", t.Tag), Meaning: name, JSON: uint64(t.Tag), Start: start, End: start + 2},
				{Name: "length", Value: fmt.Sprint(len(t.Value)), JSON: uint64(len(t.Value)), Start: start + 2, End: start + 4},
				{Name: "value", Value: hex.EncodeToString(t.Value), JSON: hex.EncodeToString(t.Value), Start: start + 4, End: end},
			},
		})
		p.TLVs = append(p.TLVs, TLV{Tag: t.Tag, Name: name, Value: t.Value})
		base = end
	}
	w.off = base
	if err != nil {
		w.fail(err.Error())
	}
}

func tlvValue(t wire.TLV, p *PDU) (value, meaning string, js any) {
	v := t.Value
	hx := hex.EncodeToString(v)
	switch t.Tag {
	case wire.TagReceiptedMessageID, wire.TagAdditionalStatusInfo:
		s := strings.TrimRight(string(v), "\x00")
		return s, "", s
	case wire.TagMessageState:
		if len(v) == 1 {
			return fmt.Sprint(v[0]), receipt.State(v[0]).String(), uint64(v[0])
		}
	case wire.TagNetworkErrorCode:
		return hx, receipt.DescribeNetworkError(v), hx
	case wire.TagScInterfaceVersion:
		if len(v) == 1 {
			return fmt.Sprintf("0x%02X", v[0]), interfaceVersionMeaning(v[0]), uint64(v[0])
		}
	case wire.TagMessagePayload:
		return hx, fmt.Sprintf("%d octets", len(v)), hx
	}
	switch len(v) {
	case 1:
		return fmt.Sprint(v[0]), "", uint64(v[0])
	case 2:
		n := uint64(v[0])<<8 | uint64(v[1])
		return fmt.Sprint(n), "", n
	case 4:
		n := uint64(v[0])<<24 | uint64(v[1])<<16 | uint64(v[2])<<8 | uint64(v[3])
		if known(t.Tag) {
			return fmt.Sprint(n), "", n
		}
	}
	return hx, "", hx
}

func known(tag uint16) bool {
	return !strings.HasPrefix(wire.TagName(tag), "unknown") && !strings.HasPrefix(wire.TagName(tag), "vendor")
}

// text decodes the message text, the UDH and any receipt.
func text(p *PDU) {
	if !p.HasDataCoding {
		return
	}
	data := p.ShortMessage
	var payload []byte
	for _, t := range p.TLVs {
		if t.Tag == wire.TagMessagePayload {
			payload = t.Value
		}
	}
	udhi := esmClass(p)&0x40 != 0
	udhLen := 0
	if len(data) == 0 && payload != nil {
		data = payload
	}
	if udhi && len(data) > 0 {
		info, err := segment.ParseUDH(data)
		u := &UDH{Concat: info.Concat}
		for _, ie := range info.IEs {
			u.Elements = append(u.Elements, UDHElement{IEI: ie.ID, Data: ie.Data, Meaning: ieMeaning(ie.ID, ie.Data)})
		}
		p.UDH = u
		if err != nil {
			p.TextNote = "UDH: " + err.Error()
			p.Text, p.HasText = hex.EncodeToString(data), true
			return
		}
		data = data[info.Length:]
		udhLen = info.Length
	}
	if p.HasDataCoding && (len(data) > 0 || p.ShortMessage != nil || payload != nil) {
		d := coding.Decode(p.DataCoding, data)
		if d.OK && d.Text == "" && len(data) > 0 {
			// Binary data: nothing to read, the hex is the content.
			p.Text, p.HasText, p.TextNote = d.Hex, true, d.Scheme+"; shown as hex"
		} else if d.OK {
			p.Text, p.HasText = d.Text, true
		} else if pk, ok := packedGSM(p.DataCoding, data, udhLen); ok {
			// Over SMPP GSM text is normally one septet per octet; octets above 0x7F mean
			// it was packed (as `send --coding gsm7-packed` does). Say which was used.
			p.Text, p.HasText, p.Packed = pk.Text, true, true
		} else {
			p.Text, p.HasText, p.TextNote = d.Hex, true, d.Reason
		}
	}
	if p.ReceiptKind != "" || hasReceiptTLVs(p) {
		parseReceipt(p)
	}
}

func esmClass(p *PDU) byte {
	for _, f := range p.Fields {
		if f.Name == "esm_class" {
			if v, ok := f.JSON.(uint64); ok {
				return byte(v)
			}
		}
	}
	return 0
}

func hasReceiptTLVs(p *PDU) bool {
	if p.Command != "deliver_sm" && p.Command != "data_sm" {
		return false
	}
	for _, t := range p.TLVs {
		if t.Tag == wire.TagReceiptedMessageID || t.Tag == wire.TagMessageState {
			return true
		}
	}
	return false
}

func parseReceipt(p *PDU) {
	var in receipt.TLVs
	for _, t := range p.TLVs {
		switch t.Tag {
		case wire.TagReceiptedMessageID:
			in.ReceiptedMessageID, in.HasReceiptedMessageID = strings.TrimRight(string(t.Value), "\x00"), true
		case wire.TagMessageState:
			if len(t.Value) == 1 {
				in.MessageState, in.HasMessageState = receipt.State(t.Value[0]), true
			}
		case wire.TagNetworkErrorCode:
			in.NetworkErrorCode = t.Value
		}
	}
	txt := ""
	if p.TextNote == "" {
		txt = p.Text
	}
	if r, ok := receipt.Parse(txt, in); ok {
		p.Receipt = &r
		if p.ReceiptKind == "" {
			p.ReceiptKind = "delivery receipt (by its TLVs)"
		}
	}
}

func errSuffix(e string) string {
	if e == "" {
		return ""
	}
	return "; " + e
}

// packedGSM decodes octets as packed GSM 03.38 when data_coding says GSM and unpacked
// decoding failed. After a UDH of udhLen octets the septets start on a septet boundary,
// behind fill bits (3GPP 23.040 9.2.3.24).
func packedGSM(dc byte, data []byte, udhLen int) (coding.Decoded, bool) {
	if dc != 0x00 && dc&0xF4 != 0xF0 { // SMSC default alphabet, or class group with GSM7
		return coding.Decoded{}, false
	}
	fill := (7 - udhLen*8%7) % 7
	d := coding.DecodePacked(data, fill)
	return d, d.OK
}
