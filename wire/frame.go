package wire

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// HeaderLen is the size of the fixed PDU header: command_length, command_id,
// command_status, sequence_number.
const HeaderLen = 16

// DefaultMaxLength bounds command_length when no other limit is configured: room for a
// 64 KiB message_payload plus every mandatory field, and no more, so a corrupt length
// cannot make us allocate without limit.
const DefaultMaxLength = 70000

// MaxSequence is the largest sequence_number; sequence numbers run 1…MaxSequence and wrap.
const MaxSequence uint32 = 0x7FFFFFFF

// Header is the fixed PDU header.
type Header struct {
	Length uint32 // command_length, header included
	ID     uint32 // command_id
	Status uint32 // command_status
	Seq    uint32 // sequence_number
}

// ParseHeader reads a header from the first 16 octets of b.
func ParseHeader(b []byte) (Header, bool) {
	if len(b) < HeaderLen {
		return Header{}, false
	}
	return Header{
		Length: binary.BigEndian.Uint32(b[0:]),
		ID:     binary.BigEndian.Uint32(b[4:]),
		Status: binary.BigEndian.Uint32(b[8:]),
		Seq:    binary.BigEndian.Uint32(b[12:]),
	}, true
}

// Append writes the header in wire form.
func (h Header) Append(b []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, h.Length)
	b = binary.BigEndian.AppendUint32(b, h.ID)
	b = binary.BigEndian.AppendUint32(b, h.Status)
	return binary.BigEndian.AppendUint32(b, h.Seq)
}

func (h Header) String() string {
	s := fmt.Sprintf("%s seq=%d len=%d", CommandName(h.ID), h.Seq, h.Length)
	if h.Status != StatusOK || IsResponse(h.ID) {
		s += " status=" + StatusString(h.Status)
	}
	return s
}

// NextSeq returns the sequence number after s, wrapping from MaxSequence to 1.
func NextSeq(s uint32) uint32 {
	if s >= MaxSequence {
		return 1
	}
	return s + 1
}

// FramingError reports a stream that does not frame as SMPP: a command_length outside
// the limits, or a stream that ended inside a PDU. Seen holds the octets read for the
// PDU that failed, so they can be shown.
type FramingError struct {
	Reason    string
	Seen      []byte
	Header    Header
	HasHeader bool
	// Truncated is true when the stream ended inside a PDU (as opposed to a bad length).
	Truncated bool
}

func (e *FramingError) Error() string { return "framing: " + e.Reason }

// Unwrap lets errors.Is(err, io.ErrUnexpectedEOF) match a truncated stream.
func (e *FramingError) Unwrap() error {
	if e.Truncated {
		return io.ErrUnexpectedEOF
	}
	return nil
}

// Reader reads command_length-framed PDUs from a byte stream.
type Reader struct {
	r   *bufio.Reader
	max uint32
}

// NewReader frames PDUs from r, rejecting any command_length above max (0 means
// DefaultMaxLength).
func NewReader(r io.Reader, max int) *Reader {
	if max <= 0 {
		max = DefaultMaxLength
	}
	if max < HeaderLen {
		max = HeaderLen
	}
	return &Reader{r: bufio.NewReaderSize(r, 64<<10), max: uint32(max)}
}

// ReadPDU returns the next whole PDU, header included, in a slice the caller owns.
// It returns io.EOF only at a clean boundary between PDUs; any other failure is a
// *FramingError carrying the octets seen, or the underlying read error.
func (r *Reader) ReadPDU() ([]byte, error) {
	var hb [HeaderLen]byte
	n, err := io.ReadFull(r.r, hb[:])
	if err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, &FramingError{
				Reason:    fmt.Sprintf("stream ended after %d of %d header octets", n, HeaderLen),
				Seen:      append([]byte(nil), hb[:n]...),
				Truncated: true,
			}
		}
		return nil, err
	}
	h, _ := ParseHeader(hb[:])
	if h.Length < HeaderLen {
		return nil, &FramingError{
			Reason:    fmt.Sprintf("command_length %d is below the %d-octet header", h.Length, HeaderLen),
			Seen:      append([]byte(nil), hb[:]...),
			Header:    h,
			HasHeader: true,
		}
	}
	if h.Length > r.max {
		return nil, &FramingError{
			Reason:    fmt.Sprintf("command_length %d is above the limit of %d octets", h.Length, r.max),
			Seen:      append([]byte(nil), hb[:]...),
			Header:    h,
			HasHeader: true,
		}
	}
	buf := make([]byte, h.Length)
	copy(buf, hb[:])
	if m, err := io.ReadFull(r.r, buf[HeaderLen:]); err != nil {
		if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, &FramingError{
				Reason:    fmt.Sprintf("stream ended after %d of %d octets of %s", HeaderLen+m, h.Length, CommandName(h.ID)),
				Seen:      buf[:HeaderLen+m],
				Header:    h,
				HasHeader: true,
				Truncated: true,
			}
		}
		return nil, err
	}
	return buf, nil
}

// Split frames every PDU in b. It returns the PDUs framed so far and, if b does not end
// on a PDU boundary or a length is out of bounds, the *FramingError for the rest.
func Split(b []byte, max int) ([][]byte, error) {
	if max <= 0 {
		max = DefaultMaxLength
	}
	var out [][]byte
	for off := 0; off < len(b); {
		h, ok := ParseHeader(b[off:])
		if !ok {
			return out, &FramingError{
				Reason:    fmt.Sprintf("%d trailing octet(s), fewer than a %d-octet header", len(b)-off, HeaderLen),
				Seen:      b[off:],
				Truncated: true,
			}
		}
		switch {
		case h.Length < HeaderLen:
			return out, &FramingError{Reason: fmt.Sprintf("command_length %d is below the %d-octet header", h.Length, HeaderLen), Seen: b[off:], Header: h, HasHeader: true}
		case h.Length > uint32(max):
			return out, &FramingError{Reason: fmt.Sprintf("command_length %d is above the limit of %d octets", h.Length, max), Seen: b[off:], Header: h, HasHeader: true}
		case uint64(off)+uint64(h.Length) > uint64(len(b)):
			return out, &FramingError{
				Reason:    fmt.Sprintf("%s claims command_length %d but only %d octet(s) are present", CommandName(h.ID), h.Length, len(b)-off),
				Seen:      b[off:],
				Header:    h,
				HasHeader: true,
				Truncated: true,
			}
		}
		out = append(out, b[off:off+int(h.Length)])
		off += int(h.Length)
	}
	return out, nil
}

// HeaderOnly builds a bodiless PDU: legal for error responses, and what some SMSCs send.
func HeaderOnly(id, status, seq uint32) []byte {
	return Header{Length: HeaderLen, ID: id, Status: status, Seq: seq}.Append(make([]byte, 0, HeaderLen))
}

// GenericNackFor answers a PDU that could not be handled.
func GenericNackFor(seq, status uint32) []byte { return HeaderOnly(GenericNack, status, seq) }

func putLength(b []byte) {
	n := uint32(len(b))
	b[0], b[1], b[2], b[3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
}

// Body returns the PDU's octets after the header.
func Body(raw []byte) []byte {
	if len(raw) < HeaderLen {
		return nil
	}
	return raw[HeaderLen:]
}
