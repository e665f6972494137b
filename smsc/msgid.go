package smsc

import (
	"encoding/binary"
	"math/rand/v2"
	"strconv"
	"time"
)

// idCodec turns the store's message numbers into message ids and back. Numbers start
// from the clock (milliseconds × 1000), so ids stay unique across restarts unless more
// than a million messages a second were accepted on average.
//
// The uuid form is a version-4 layout whose first half is random per server and whose
// second half is the number scrambled by an invertible 62-bit mix, so ids look random
// but map back to the store slot without an index.
type idCodec struct {
	format, receipt IDFormat
	prefix          uint64 // uuid high half: random, version nibble 4
	mul, inv, xor   uint64 // the 62-bit scramble
}

const mask62 = 1<<62 - 1

func newIDCodec(format, receiptFormat IDFormat) *idCodec {
	c := &idCodec{format: format, receipt: receiptFormat}
	c.prefix = rand.Uint64()&^0xF000 | 0x4000
	c.mul = rand.Uint64() | 1
	c.inv = c.mul
	for range 6 { // Newton's iteration doubles the correct low bits each step
		c.inv *= 2 - c.mul*c.inv
	}
	c.xor = rand.Uint64() & mask62
	return c
}

// firstNumber is where the message numbers of a server started now begin.
func firstNumber(now time.Time) uint64 { return uint64(now.UnixMilli()) * 1000 }

// appendID writes number n in format f.
func (c *idCodec) appendID(b []byte, f IDFormat, n uint64) []byte {
	switch f {
	case IDHex:
		const digits = "0123456789ABCDEF"
		var buf [16]byte
		for i := 15; i >= 0; i-- {
			buf[i] = digits[n&0xF]
			n >>= 4
		}
		return append(b, buf[:]...)
	case IDUUID:
		var raw [16]byte
		binary.BigEndian.PutUint64(raw[:8], c.prefix)
		binary.BigEndian.PutUint64(raw[8:], 1<<63|(((n&mask62)*c.mul)&mask62^c.xor))
		const digits = "0123456789abcdef"
		for i, x := range raw {
			if i == 4 || i == 6 || i == 8 || i == 10 {
				b = append(b, '-')
			}
			b = append(b, digits[x>>4], digits[x&0xF])
		}
		return b
	default:
		return strconv.AppendUint(b, n, 10)
	}
}

// id is the message id as given in submit_sm_resp.
func (c *idCodec) id(n uint64) string { return string(c.appendID(nil, c.format, n)) }

// receiptID is the id as written in receipt text.
func (c *idCodec) receiptID(n uint64) string { return string(c.appendID(nil, c.receipt, n)) }

// parse maps an id a client quotes (in the submit_sm_resp form, or else the receipt
// form) back to its number.
func (c *idCodec) parse(s string) (uint64, bool) {
	if n, ok := c.parseAs(c.format, s); ok {
		return n, true
	}
	if c.receipt != c.format {
		return c.parseAs(c.receipt, s)
	}
	return 0, false
}

func (c *idCodec) parseAs(f IDFormat, s string) (uint64, bool) {
	switch f {
	case IDHex:
		if len(s) == 0 || len(s) > 16 {
			return 0, false
		}
		n, err := strconv.ParseUint(s, 16, 64)
		return n, err == nil
	case IDUUID:
		var hex []byte
		for i := 0; i < len(s); i++ {
			if s[i] != '-' {
				hex = append(hex, s[i])
			}
		}
		if len(hex) != 32 {
			return 0, false
		}
		hi, err1 := strconv.ParseUint(string(hex[:16]), 16, 64)
		lo, err2 := strconv.ParseUint(string(hex[16:]), 16, 64)
		if err1 != nil || err2 != nil || hi != c.prefix || lo>>62 != 2 {
			return 0, false
		}
		return ((lo&mask62 ^ c.xor) * c.inv) & mask62, true
	default:
		if len(s) == 0 || len(s) > 20 {
			return 0, false
		}
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
		}
		n, err := strconv.ParseUint(s, 10, 64)
		return n, err == nil
	}
}
