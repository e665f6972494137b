package smsc

import (
	"encoding/binary"

	"github.com/smppconsole/smppconsole/wire"
)

// The server reads and builds every PDU body through wire's codec: it keeps data_coding,
// the raw short_message and the TLVs in order, does not reject a message over a UDH it
// cannot parse, and does not panic on a query_sm with TLVs as gosmpp does (SMPP-NOTES).

// verdict says how to answer a request body. ok: status 0 and why nil. Else why says
// what is wrong, and the answer is status, or, when nack is set (the body cannot be read
// as its command at all), generic_nack ESME_RINVCMDLEN. tlvStatus answers a TLV area
// that does not read; 0 ignores it (the command uses no TLVs).
func verdict(b wire.PDUBody, err error, tlvStatus uint32) (status uint32, why error, nack bool) {
	if err != nil {
		switch e := err.(type) {
		case *wire.FieldError:
			if e.Problem != wire.Short {
				return e.Status(), e, false
			}
			// A field too long and then the body cut short: the field that is too long
			// is named, as an SMSC reading field by field would.
			if v := tooLong(b.Validate()); v != nil {
				return v.Status(), v, false
			}
			return wire.StatusInvCmdLen, err, true
		case *wire.TLVError:
			if v := tooLong(b.Validate()); v != nil {
				return v.Status(), v, false
			}
			if tlvStatus != 0 {
				return tlvStatus, err, false
			}
		default:
			return wire.StatusInvCmdLen, err, true
		}
	}
	if v, ok := b.Validate().(*wire.FieldError); ok {
		return v.Status(), v, false
	}
	return wire.StatusOK, nil, false
}

func tooLong(err error) *wire.FieldError {
	if fe, ok := err.(*wire.FieldError); ok && fe.Problem == wire.TooLong {
		return fe
	}
	return nil
}

// unterminated drops the final octet of a built PDU, the NUL of a message_id that ends
// it, for the MalformedEvery fault: the PDU stays well framed.
func unterminated(pdu []byte) []byte {
	pdu = pdu[:len(pdu)-1]
	binary.BigEndian.PutUint32(pdu, uint32(len(pdu))) // command_length
	return pdu
}

// deliverPDU writes a deliver_sm with sequence number seq; without its TLVs for a client
// bound with interface_version 3.3, which has none.
func deliverPDU(b *wire.SMBody, v34 bool, seq uint32) []byte {
	size := 96 + len(b.ShortMessage)
	for _, t := range b.TLVs {
		size += 4 + len(t.Value)
	}
	dst := make([]byte, 0, size)
	if v34 || len(b.TLVs) == 0 {
		return wire.AppendPDU(dst, b, wire.StatusOK, seq)
	}
	bare := *b
	bare.TLVs = nil
	return wire.AppendPDU(dst, &bare, wire.StatusOK, seq)
}
