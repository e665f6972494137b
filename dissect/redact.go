package dissect

import (
	"encoding/binary"
	"errors"

	"github.com/smppconsole/smppconsole/wire"
)

// Redact returns the PDU with the password of a bind or outbind replaced by a mask of
// fixed length (Redacted), so that neither a view, a hex dump nor a pcap file tells how
// long the password is; command_length is adjusted to match. It reads only system_id and
// password, through the codec, and never dissects the PDU. Any other PDU, or one too
// damaged to find system_id's end, comes back as it is (the same slice). When the
// password has no NUL, everything after system_id is masked: a broken bind must not
// leak its password either.
func Redact(raw []byte) []byte {
	out, _ := redact(raw)
	return out
}

// redact is Redact, saying whether it masked anything.
func redact(raw []byte) ([]byte, bool) {
	h, ok := wire.ParseHeader(raw)
	if !ok {
		return raw, false
	}
	// All the octets present are read, not only those command_length covers, so a
	// password past a lying command_length is masked too.
	body := raw[wire.HeaderLen:]
	var systemID, password []byte
	var err error
	switch h.ID {
	case wire.BindTransmitter, wire.BindReceiver, wire.BindTransceiver:
		var b wire.BindBody
		err = b.Decode(body)
		systemID, password = b.SystemID, b.Password
	case wire.Outbind:
		var b wire.OutbindBody
		err = b.Decode(body)
		systemID, password = b.SystemID, b.Password
	default:
		return raw, false
	}
	var fe *wire.FieldError
	failed := errors.As(err, &fe)
	if failed && fe.Field == "system_id" {
		return raw, false // no system_id terminator: nothing identifiable as a password
	}
	start := wire.HeaderLen + len(systemID) + 1
	end := start + len(password) // the NUL stays
	if failed && fe.Field == "password" {
		end = len(raw) // no NUL: all the rest may be password
	}
	out := make([]byte, 0, len(raw)-(end-start)+len(Redacted))
	out = append(out, raw[:start]...)
	out = append(out, Redacted...)
	out = append(out, raw[end:]...)
	if n := int64(h.Length) + int64(len(Redacted)-(end-start)); n >= 0 && n <= 0xFFFFFFFF {
		binary.BigEndian.PutUint32(out, uint32(n))
	}
	return out, true
}

// markSecret flags the (already masked) password field of a bind as redacted.
func markSecret(p *PDU) {
	for i := range p.Fields {
		if f := &p.Fields[i]; f.Name == "password" {
			f.Value, f.JSON, f.Secret = Redacted, Redacted, true
		}
	}
}
