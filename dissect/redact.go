package dissect

import (
	"encoding/binary"

	"github.com/smppconsole/smppconsole/wire"
)

// redact replaces the bind password with a mask of fixed length (Redacted), so that
// neither the view, the hex dump nor a pcap file tells how long the password is, and
// returns the masked PDU with command_length adjusted to match. When the PDU is too
// damaged to find the field, the octets after system_id are masked instead: a broken
// bind must not leak its password either.
func redact(p *PDU) ([]byte, bool) {
	if !isBind(p.Command) {
		return nil, false
	}
	start, end := -1, -1
	for i := range p.Fields {
		f := &p.Fields[i]
		if f.Name == "password" {
			start, end = f.Start, f.End-1 // keep the NUL
		}
	}
	if start < 0 {
		// system_id is the first C-string of the body; the password is the next.
		body := p.Raw[wire.HeaderLen:]
		nul := indexByte(body, 0)
		if nul < 0 {
			return nil, false // no system_id terminator: nothing identifiable as a password
		}
		start = wire.HeaderLen + nul + 1
		end = start
		for end < len(p.Raw) && p.Raw[end] != 0 {
			end++
		}
	}
	if end < start || start > len(p.Raw) {
		return nil, false
	}
	raw := make([]byte, 0, len(p.Raw)-(end-start)+len(Redacted))
	raw = append(raw, p.Raw[:start]...)
	raw = append(raw, Redacted...)
	raw = append(raw, p.Raw[end:]...)
	if n := int64(p.Header.Length) + int64(len(Redacted)-(end-start)); n >= 0 && n <= 0xFFFFFFFF {
		binary.BigEndian.PutUint32(raw, uint32(n))
	}
	return raw, true
}

func isBind(command string) bool {
	return command == "bind_transmitter" || command == "bind_receiver" ||
		command == "bind_transceiver" || command == "outbind"
}

// markSecret flags the (already masked) password field of a bind as redacted.
func markSecret(p *PDU) {
	for i := range p.Fields {
		if f := &p.Fields[i]; f.Name == "password" {
			f.Value, f.JSON, f.Secret = Redacted, Redacted, true
		}
	}
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}
