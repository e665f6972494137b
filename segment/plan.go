// Package segment plans how a text becomes the short_message parts of one logical
// message (UDH, SAR or message_payload), and reassembles incoming parts.
//
// It is our own code because gosmpp's splitter is wrong (see SMPP-NOTES): it counts
// runes instead of septets, splits escape pairs and surrogate pairs, never splits
// Latin-1 and lets sm_length wrap.
package segment

import (
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/smppconsole/smppconsole/coding"
)

// Method is how a text longer than one short_message is carried.
type Method int

const (
	// UDH: concatenation IE 0x00 (8-bit reference) in a 6-octet UDH at the start of
	// short_message; esm_class |= 0x40 (UDHI).
	UDH Method = iota
	// UDH16: concatenation IE 0x08 (16-bit reference), a 7-octet UDH.
	UDH16
	// SAR: sar_msg_ref_num, sar_total_segments and sar_segment_seqnum TLVs; the
	// short_message holds text only.
	SAR
	// Payload: the whole text in one message_payload TLV (0x0424), short_message empty.
	Payload
)

var methodNames = [...]string{UDH: "udh", UDH16: "udh16", SAR: "sar", Payload: "payload"}

func (m Method) String() string {
	if m >= 0 && int(m) < len(methodNames) {
		return methodNames[m]
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// ParseMethod accepts the String forms (any case) and a few spellings engineers use.
func ParseMethod(s string) (Method, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "udh", "udh8":
		return UDH, nil
	case "udh16":
		return UDH16, nil
	case "sar":
		return SAR, nil
	case "payload", "message_payload":
		return Payload, nil
	}
	return 0, fmt.Errorf("unknown segmentation method %q: want udh, udh16, sar or payload", s)
}

// Part is one short_message (or the single message_payload) of a plan.
type Part struct {
	Seq          int      // 1-based part number
	Text         string   // the characters in this part (for Binary: the hex of its octets)
	Units        int      // units used by this part's text (septets / UTF-16 units / octets)
	UDH          []byte   // full UDH incl. the UDHL octet, nil if none
	Data         []byte   // encoded text octets; GSM7Packed after a UDH is packed with its fill bits
	ShortMessage []byte   // what goes into short_message: UDH+Data (Payload method: empty)
	Payload      []byte   // message_payload value (Payload method only), else nil
	SAR          *SARInfo // SAR method with more than one part, else nil
}

// SARInfo holds the values of the three sar_* TLVs of one part. (Not named SAR: that
// is the Method.)
type SARInfo struct {
	Ref   uint16 // sar_msg_ref_num
	Total uint8  // sar_total_segments
	Seq   uint8  // sar_segment_seqnum
}

// Plan is how one text is sent.
type Plan struct {
	Scheme     coding.Scheme // resolved (never Auto)
	DataCoding byte
	ForcedUCS2 []rune // when Auto chose UCS2: the characters that forced it
	Method     Method
	Chars      int // user-perceived characters (runes); for Binary, octets
	Units      int // total units
	UnitName   string
	PerPart    int // unit limit of a part in this plan (single-part limit if 1 part)
	Parts      []Part
	Room       int    // units left in the last part before another part is needed
	Ref        uint16 // concatenation reference used (0 if single part / payload)
}

// Options choose the coding and the long-message method.
type Options struct {
	Scheme   coding.Scheme // Auto allowed
	Method   Method
	Ref      uint16 // concatenation reference; the caller supplies a new one per message (UDH: only low 8 bits used)
	MaxParts int    // 0 = 255 (the max the 8-bit total field allows)
}

// Sizes from 3GPP 23.040 and SMPP 3.4.
const (
	maxUserData = 140   // octets of TP-UD in one SMS: the air-interface limit
	udh8Len     = 6     // 05 00 03 ref total seq
	udh16Len    = 7     // 06 08 04 refhi reflo total seq
	maxTotal    = 255   // the total-parts field is one octet in UDH and SAR alike
	maxPayload  = 65535 // message_payload length is a 16-bit TLV length
	maxChars    = 1 << 20
)

// limit is the number of units that fit in one SMS after a UDH of udhLen octets
// (0: none). Septets after a UDH start on a septet boundary (23.040 9.2.3.24), so the
// UDH costs ceil(udhLen*8/7) septets: 6 octets -> 7 septets (1 fill bit), 7 -> 8 (none).
func limit(s coding.Scheme, udhLen int) int {
	switch s {
	case coding.GSM7, coding.GSM7Packed:
		return maxUserData*8/7 - (udhLen*8+6)/7
	case coding.UCS2:
		return (maxUserData - udhLen) / 2
	default: // Latin1, Binary: octets
		return maxUserData - udhLen
	}
}

// payloadLimit is the number of units message_payload can hold.
func payloadLimit(s coding.Scheme) int {
	switch s {
	case coding.GSM7Packed:
		return maxPayload * 8 / 7
	case coding.UCS2:
		return maxPayload / 2
	default: // unpacked GSM7 is one septet per octet
		return maxPayload
	}
}

// fillBits is the padding between a UDH and packed septets so that they start on a
// septet boundary (23.040 9.2.3.24).
func fillBits(udhLen int) int {
	return (7 - udhLen*8%7) % 7
}

// text is the input cut into indivisible atoms: runes (an escape pair or a surrogate
// pair is one atom, so it can never be split) or, for Binary, octets.
type text struct {
	s      string
	cost   []int // units per atom
	end    []int // byte offset in s where atom i ends (not Binary)
	binary bool
	octets []byte // Binary only
	plain  bool   // Binary: s is exactly the hex digits of octets, so parts can slice it
}

func atomize(s string, sc coding.Scheme) (text, error) {
	t := text{s: s, binary: sc == coding.Binary}
	if t.binary {
		b, err := coding.HexBytes(s)
		if err != nil {
			return t, fmt.Errorf("binary text must be hex: %w", err)
		}
		t.octets = b
		t.cost = make([]int, len(b))
		for i := range t.cost {
			t.cost[i] = 1
		}
		t.plain = len(s) == 2*len(b) && isHex(s)
		return t, nil
	}
	// No method carries a tenth of this; the bound keeps a huge paste from costing
	// hundreds of MB while still saying how many parts it would need.
	chars := utf8.RuneCountInString(s)
	if chars > maxChars {
		return t, fmt.Errorf("text is %d characters; at most %d can be planned", chars, maxChars)
	}
	t.cost, t.end = make([]int, 0, chars), make([]int, 0, chars)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return t, fmt.Errorf("text is not valid UTF-8 at byte offset %d", i)
		}
		u, ok := coding.Cost(sc, r)
		if !ok {
			// coding's error type, so the UI can point at the character.
			return t, &coding.UnrepresentableError{Scheme: sc, Char: r, Index: len(t.cost)}
		}
		i += n
		t.cost = append(t.cost, u)
		t.end = append(t.end, i)
	}
	return t, nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// slice returns the text and unit count of atoms [a, b).
func (t text) slice(a, b int) (string, int) {
	units := 0
	for _, c := range t.cost[a:b] {
		units += c
	}
	if t.binary {
		if t.plain {
			return t.s[2*a : 2*b], units
		}
		return hex.EncodeToString(t.octets[a:b]), units
	}
	from := 0
	if a > 0 {
		from = t.end[a-1]
	}
	to := 0
	if b > 0 {
		to = t.end[b-1]
	}
	return t.s[from:to], units
}

// split cuts the atoms greedily into parts of at most per units each and returns the
// atom index where each part ends. An atom costs at most 2 units, far below any per,
// so no part is empty.
func split(cost []int, per int) []int {
	var ends []int
	used := 0
	for i, c := range cost {
		if used+c > per {
			ends = append(ends, i)
			used = 0
		}
		used += c
	}
	return append(ends, len(cost))
}

// Make plans how text is sent with options o.
//
// A text that fits in one short_message is sent as exactly one part without UDH or SAR,
// whatever the method. Payload always uses message_payload (some SMSCs want it even for
// short texts), so its PerPart is what message_payload holds. Binary text is hex; its
// parts' Text is the hex of their octets (a slice of the input when the input is plain
// hex, lower case otherwise, as coding shows hex).
func Make(s string, o Options) (Plan, error) {
	if o.Method < UDH || o.Method > Payload {
		return Plan{}, fmt.Errorf("unknown segmentation method %d", int(o.Method))
	}
	sc, forced := o.Scheme, []rune(nil)
	switch sc {
	case coding.Auto:
		sc, forced = coding.Choose(s)
	case coding.GSM7, coding.GSM7Packed, coding.UCS2, coding.Latin1, coding.Binary:
	default:
		return Plan{}, fmt.Errorf("unknown coding %v", sc)
	}
	t, err := atomize(s, sc)
	if err != nil {
		return Plan{}, err
	}
	p := Plan{
		Scheme:     sc,
		DataCoding: sc.DataCoding(),
		ForcedUCS2: forced,
		Method:     o.Method,
		Chars:      len(t.cost),
		UnitName:   sc.UnitName(),
	}
	for _, c := range t.cost {
		p.Units += c
	}

	if o.Method == Payload {
		p.PerPart = payloadLimit(sc)
		if p.Units > p.PerPart {
			return Plan{}, fmt.Errorf("message_payload holds at most %d %s in %s; this text needs %d", p.PerPart, p.UnitName, sc, p.Units)
		}
		part, err := t.part(sc, 0, len(t.cost), 1, nil)
		if err != nil {
			return Plan{}, err
		}
		part.Payload, part.ShortMessage = part.Data, []byte{}
		p.Parts = []Part{part}
		p.Room = p.PerPart - part.Units
		return p, nil
	}

	p.PerPart = limit(sc, 0)
	if p.Units <= p.PerPart {
		part, err := t.part(sc, 0, len(t.cost), 1, nil)
		if err != nil {
			return Plan{}, err
		}
		p.Parts = []Part{part}
		p.Room = p.PerPart - part.Units
		return p, nil
	}

	maxParts := o.MaxParts
	if maxParts <= 0 || maxParts > maxTotal {
		maxParts = maxTotal
	}
	udhLen := 0
	switch o.Method {
	case UDH:
		udhLen, p.Ref = udh8Len, uint16(byte(o.Ref))
	case UDH16:
		udhLen, p.Ref = udh16Len, o.Ref
	case SAR:
		p.Ref = o.Ref
	}
	p.PerPart = limit(sc, udhLen)
	ends := split(t.cost, p.PerPart)
	if n := len(ends); n > maxParts {
		// sm_length and the total-parts octet must never wrap: refuse instead.
		if maxParts < maxTotal {
			return Plan{}, fmt.Errorf("message needs %d parts; at most %d allowed (MaxParts)", n, maxParts)
		}
		return Plan{}, fmt.Errorf("message needs %d parts; %s allows at most %d", n, o.Method, maxParts)
	}
	total := len(ends)
	start := 0
	for i, end := range ends {
		seq := i + 1
		var udh []byte
		switch o.Method {
		case UDH:
			udh = []byte{0x05, 0x00, 0x03, byte(o.Ref), byte(total), byte(seq)}
		case UDH16:
			udh = []byte{0x06, 0x08, 0x04, byte(o.Ref >> 8), byte(o.Ref), byte(total), byte(seq)}
		}
		part, err := t.part(sc, start, end, seq, udh)
		if err != nil {
			return Plan{}, err
		}
		if o.Method == SAR {
			part.SAR = &SARInfo{Ref: o.Ref, Total: uint8(total), Seq: uint8(seq)}
		}
		p.Parts = append(p.Parts, part)
		start = end
	}
	p.Room = p.PerPart - p.Parts[total-1].Units
	return p, nil
}

// part encodes atoms [a, b) as part seq behind udh.
func (t text) part(sc coding.Scheme, a, b, seq int, udh []byte) (Part, error) {
	s, units := t.slice(a, b)
	p := Part{Seq: seq, Text: s, Units: units, UDH: udh}
	var err error
	want := units
	switch sc {
	case coding.Binary:
		p.Data = append([]byte{}, t.octets[a:b]...)
	case coding.GSM7Packed:
		// Encode unpacked, then pack behind the UDH with its fill bits.
		var septets []byte
		septets, err = coding.Encode(coding.GSM7, s)
		fill := fillBits(len(udh))
		p.Data = coding.PackSeptets(septets, fill)
		want = (fill + 7*units + 7) / 8
	case coding.UCS2:
		p.Data, err = coding.Encode(sc, s)
		want = 2 * units
	default:
		p.Data, err = coding.Encode(sc, s)
	}
	if err != nil {
		return Part{}, fmt.Errorf("part %d: %w", seq, err)
	}
	// The split trusts coding.Cost; if Encode disagrees a part could overflow.
	if len(p.Data) != want {
		return Part{}, fmt.Errorf("part %d: %s encoded %d units as %d octets, want %d (coding.Cost and coding.Encode disagree)", seq, sc, units, len(p.Data), want)
	}
	p.ShortMessage = make([]byte, 0, len(udh)+len(p.Data))
	p.ShortMessage = append(append(p.ShortMessage, udh...), p.Data...)
	return p, nil
}
