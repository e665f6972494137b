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

// tlvValue is how a TLV's value shows: by its type when the tag says it, else as a
// number when it has the size of one, else as hex.
func tlvValue(t wire.TLV) (value, meaning string, js any) {
	v := t.Value
	hx := hex.EncodeToString(v)
	switch t.Tag {
	case wire.TagReceiptedMessageID, wire.TagAdditionalStatusInfo:
		s := string(t.CString())
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

// text decodes the message text, the UDH and any receipt; tlvs are the PDU's TLVs.
func text(p *PDU, tlvs []wire.TLV) {
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
	if p.ReceiptKind != "" || (p.Command == "deliver_sm" || p.Command == "data_sm") && receipt.HasTLVs(tlvs) {
		parseReceipt(p, tlvs)
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

func parseReceipt(p *PDU, tlvs []wire.TLV) {
	in := receipt.FromTLVs(tlvs)
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
