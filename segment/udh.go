package segment

import "fmt"

// IE is one information element of a UDH (3GPP 23.040 9.2.3.24).
type IE struct {
	ID    byte   // IEI
	Data  []byte // IED; aliases the short_message passed to ParseUDH
	Start int    // offset of the IEI octet within short_message
	End   int    // offset just past the IED
}

// UDHInfo is a parsed user data header.
type UDHInfo struct {
	Length int // UDHL+1: the offset where user data starts
	IEs    []IE
	Concat *Concat // the concatenation IE, nil if none
}

// Concat is the content of a concatenation IE (0x00 8-bit or 0x08 16-bit reference).
// It is reported as found: Total 0 or Seq outside 1..Total, which 23.040 says to
// ignore, are left for the reassembler to surface.
type Concat struct {
	Ref        uint16
	Total, Seq int
	SixteenBit bool
}

// Concatenation IEIs and their IED lengths.
const (
	ieConcat8  = 0x00
	ieConcat16 = 0x08
)

// ParseUDH parses the UDH at the start of a short_message whose esm_class has UDHI
// (0x40) set. A malformed UDH returns an error, never panics; the IEs parsed before the
// fault are returned with it so a dissector can still show them. If a concatenation
// IE occurs more than once the last one counts (23.040 9.2.3.24).
func ParseUDH(sm []byte) (UDHInfo, error) {
	var u UDHInfo
	if len(sm) == 0 {
		return u, fmt.Errorf("UDHI set but short_message is empty")
	}
	u.Length = int(sm[0]) + 1
	if u.Length > len(sm) {
		return u, fmt.Errorf("UDHL %d runs past the end of short_message (%d octets)", sm[0], len(sm))
	}
	for i := 1; i < u.Length; {
		if i+2 > u.Length {
			return u, fmt.Errorf("IE at offset %d is truncated: header needs 2 octets, UDH has %d left", i, u.Length-i)
		}
		id, n := sm[i], int(sm[i+1])
		end := i + 2 + n
		if end > u.Length {
			return u, fmt.Errorf("IE 0x%02X at offset %d has length %d, past the end of the UDH (UDHL %d)", id, i, n, u.Length-1)
		}
		ie := IE{ID: id, Data: sm[i+2 : end], Start: i, End: end}
		u.IEs = append(u.IEs, ie)
		switch id {
		case ieConcat8:
			if n != 3 {
				return u, fmt.Errorf("concatenation IE 0x00 at offset %d has length %d, want 3", i, n)
			}
			u.Concat = &Concat{Ref: uint16(ie.Data[0]), Total: int(ie.Data[1]), Seq: int(ie.Data[2])}
		case ieConcat16:
			if n != 4 {
				return u, fmt.Errorf("concatenation IE 0x08 at offset %d has length %d, want 4", i, n)
			}
			u.Concat = &Concat{Ref: uint16(ie.Data[0])<<8 | uint16(ie.Data[1]), Total: int(ie.Data[2]), Seq: int(ie.Data[3]), SixteenBit: true}
		}
		i = end
	}
	return u, nil
}
