package coding

// GSM 03.38 (3GPP TS 23.038 §6.2.1) default alphabet and its default extension table.

const (
	gsmEscape = 0x1B // escape to the extension table (§6.2.1.1)
	gsmCR     = 0x0D // carriage return, also the padding character for packed septets
	gsmSpace  = 0x20
	noChar    = -1
)

// gsmBasic maps each septet value to its character. 0x1B is the escape, not a character.
var gsmBasic = [128]rune{
	'@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å', // 0x00
	'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', noChar, 'Æ', 'æ', 'ß', 'É', // 0x10
	' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/', // 0x20
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?', // 0x30
	'¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', // 0x40
	'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§', // 0x50
	'¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', // 0x60
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à', // 0x70
}

// gsmExtension is the default extension table: the septet after an escape.
// 0x0D (CR2) and 0x1B (SS2) are reserved control codes and are handled in decodeGSM.
var gsmExtension = map[byte]rune{
	0x0A: '\f', // page break; phones without the extension table show it as LF
	0x14: '^',
	0x28: '{',
	0x29: '}',
	0x2F: '\\',
	0x3C: '[',
	0x3D: '~',
	0x3E: ']',
	0x40: '|',
	0x65: '€',
}

// gsmCode holds, for each character, its septet; extension characters have extFlag set.
// Characters below 0x100 are looked up in an array because they are nearly all text.
const extFlag = 0x100

var (
	gsmLatin [256]int16 // rune < 0x100 -> septet | extFlag, or noChar
	gsmOther = map[rune]int16{}
)

func init() {
	for i := range gsmLatin {
		gsmLatin[i] = noChar
	}
	set := func(r rune, code int16) {
		if r < 0x100 {
			gsmLatin[r] = code
		} else {
			gsmOther[r] = code
		}
	}
	for septet, r := range gsmBasic {
		if r != noChar {
			set(r, int16(septet))
		}
	}
	for septet, r := range gsmExtension {
		set(r, int16(septet)|extFlag)
	}
}

// gsmLookup returns the septet for r and whether it needs the escape first.
func gsmLookup(r rune) (septet byte, ext, ok bool) {
	code := int16(noChar)
	if r >= 0 && r < 0x100 {
		code = gsmLatin[r]
	} else if c, found := gsmOther[r]; found {
		code = c
	}
	if code == noChar {
		return 0, false, false
	}
	return byte(code), code&extFlag != 0, true
}

// decodeGSM turns septet values (one per octet, each <= 0x7F) into text.
//
// Escapes follow 23.038 §6.2.1.1: an escape followed by a code the extension table does
// not define shows the basic-table character for that code (so ESC CR2 shows CR), and
// ESC ESC (SS2, reserved for another extension table) shows a space. A dangling escape as
// the very last septet has nothing to modify and is dropped. All of these decode OK: the
// text is what a handset displays, but re-encoding it gives the canonical septets.
func decodeGSM(septets []byte) string {
	out := make([]rune, 0, len(septets))
	for i := 0; i < len(septets); i++ {
		s := septets[i] & 0x7F
		if s != gsmEscape {
			out = append(out, gsmBasic[s])
			continue
		}
		if i+1 == len(septets) {
			break // dangling escape
		}
		i++
		next := septets[i] & 0x7F
		if r, ok := gsmExtension[next]; ok {
			out = append(out, r)
		} else if next == gsmEscape {
			out = append(out, ' ')
		} else {
			out = append(out, gsmBasic[next])
		}
	}
	return string(out)
}

// clampFill keeps fill bits where the bit arithmetic stays inside the output; the
// spec only ever needs 0-6.
func clampFill(fillBits int) int {
	return min(max(fillBits, 0), 7)
}

// PackSeptets packs septet values (each masked to 7 bits) LSB-first, 8 septets in 7
// octets (3GPP 23.038 §6.1.2.1.1), after fillBits zero fill bits (0-6; values outside
// 0-7 are clamped). Fill bits are needed when packed GSM7 follows a UDH, so that the
// first septet starts on a septet boundary (3GPP 23.040 §9.2.3.24).
//
// When the last octet has exactly 7 spare bits, they hold CR (0x0D) instead of zeros, as
// §6.1.2.1.1 requires: SMPP carries only an octet count, and a receiver that takes 7 zero
// bits as one more septet would show a stray '@'. No septets give no octets.
func PackSeptets(septets []byte, fillBits int) []byte {
	if len(septets) == 0 {
		return []byte{}
	}
	bit := clampFill(fillBits)
	out := make([]byte, (bit+7*len(septets)+7)/8)
	for _, s := range septets {
		putSeptet(out, bit, s)
		bit += 7
	}
	if len(out)*8-bit == 7 {
		putSeptet(out, bit, gsmCR)
	}
	return out
}

func putSeptet(out []byte, bit int, s byte) {
	s &= 0x7F
	i, shift := bit/8, bit%8
	out[i] |= s << shift
	if shift > 1 { // the septet spills into the next octet
		out[i+1] |= s >> (8 - shift)
	}
}

// UnpackSeptets returns n septet values from packed octets that start after fillBits
// fill bits; it is the inverse of PackSeptets. If n is negative or more than the octets
// hold, it returns every whole septet they hold (which includes a CR padding septet, if
// any: see DecodePacked).
func UnpackSeptets(b []byte, fillBits int, n int) []byte {
	fillBits = clampFill(fillBits)
	avail := max((len(b)*8-fillBits)/7, 0)
	if n < 0 || n > avail {
		n = avail
	}
	out := make([]byte, n)
	for k := range out {
		bit := fillBits + 7*k
		i, shift := bit/8, bit%8
		v := b[i] >> shift
		if shift > 1 {
			v |= b[i+1] << (8 - shift)
		}
		out[k] = v & 0x7F
	}
	return out
}

// DecodePacked decodes packed GSM 03.38 octets (after fillBits fill bits) when the number
// of septets is not known, as in an SMPP short_message: it unpacks every whole septet and
// drops a final CR that sits in 7 otherwise spare bits, since that CR is padding
// (23.038 §6.1.2.1.1). A wanted CR in that exact position is indistinguishable from the
// padding and is dropped too; callers that know the septet count should use UnpackSeptets.
func DecodePacked(b []byte, fillBits int) Decoded {
	d := Decoded{Scheme: "GSM 03.38 default alphabet, packed", Hex: hexOf(b), OK: true}
	fillBits = clampFill(fillBits)
	septets := UnpackSeptets(b, fillBits, -1)
	if n := len(septets); n > 0 && (len(b)*8-fillBits)%7 == 0 && septets[n-1] == gsmCR {
		septets = septets[:n-1]
	}
	d.Text = decodeGSM(septets)
	return d
}
