package ui

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/wire"
)

// The raw composer's hex view, and the bind password it never shows: the hex is drawn
// from the masked PDU, and a mask left as it was keeps the real password behind it.

// hexText is the PDU as hex, 16 octets a line, with a bind's password masked unless
// secrets are shown.
func (p *rawPDU) hexText(showSecrets bool) string {
	raw := p.raw
	if !showSecrets {
		raw = dissect.Redact(raw)
	}
	var b strings.Builder
	for i := 0; i < len(raw); i += 16 {
		if i > 0 {
			b.WriteByte('\n')
		}
		row := raw[i:min(i+16, len(raw))]
		for j, c := range row {
			if j > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%02x", c)
		}
	}
	return b.String()
}

// setHex replaces the PDU with the octets s spells. A password the hex view showed
// masked, and left masked, keeps its real value.
func (p *rawPDU) setHex(s string, showSecrets bool) error {
	b, err := dissect.ParseHex(s)
	if err != nil {
		return err
	}
	if !showSecrets {
		if pw, ok := bindPassword(p.raw); ok && string(pw) != dissect.Redacted {
			b = withPassword(b, pw)
		}
	}
	p.raw = b
	h, ok := p.header()
	p.lengthAuto = p.lengthAuto && ok && int(h.Length) == len(b)
	p.layout()
	return nil
}

// bindPassword finds the password of a bind or outbind and its place.
func bindPassword(raw []byte) ([]byte, bool) {
	start, end, ok := passwordSpan(raw)
	if !ok {
		return nil, false
	}
	return raw[start:end], true
}

func passwordSpan(raw []byte) (start, end int, ok bool) {
	h, hok := wire.ParseHeader(raw)
	if !hok {
		return 0, 0, false
	}
	var systemID, password []byte
	var err error
	switch h.ID {
	case wire.BindTransmitter, wire.BindReceiver, wire.BindTransceiver:
		var b wire.BindBody
		err = b.Decode(raw[wire.HeaderLen:])
		systemID, password = b.SystemID, b.Password
	case wire.Outbind:
		var b wire.OutbindBody
		err = b.Decode(raw[wire.HeaderLen:])
		systemID, password = b.SystemID, b.Password
	default:
		return 0, 0, false
	}
	if err != nil && password == nil {
		return 0, 0, false
	}
	start = wire.HeaderLen + len(systemID) + 1
	return start, start + len(password), true
}

// withPassword puts pw back where b still holds the mask, adjusting command_length as
// dissect.Redact did the other way.
func withPassword(b, pw []byte) []byte {
	start, end, ok := passwordSpan(b)
	if !ok || string(b[start:end]) != dissect.Redacted {
		return b
	}
	out := append(append(append([]byte(nil), b[:start]...), pw...), b[end:]...)
	h, _ := wire.ParseHeader(b)
	if n := int64(h.Length) + int64(len(pw)-(end-start)); n >= 0 && n <= 0xFFFFFFFF {
		binary.BigEndian.PutUint32(out, uint32(n))
	}
	return out
}
