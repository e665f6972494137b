package ui

import (
	"fmt"
	"strings"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/wire"
)

// The compose form's field parsers: addresses with their TON/NPI choices, octets, and
// what the TLVs field carries.

// payloadTLV reports whether the TLVs field carries the text itself (message_payload),
// when an empty text field is what the operator means.
func (c *compose) payloadTLV() bool {
	for _, t := range c.msg.TLVs {
		if t.Tag == wire.TagMessagePayload {
			return true
		}
	}
	return false
}

// address builds an address from its field and TON/NPI choices ("auto": inferred).
func (c *compose) address(addr, ton, npi fieldID) (message.Address, error) {
	// The parser send and the profiles use: prefixes, formatting and TON 5 alike.
	var tonp, npip *byte
	if t := c.fields[ton].value(); t != auto {
		v := byte(t)
		tonp = &v
	}
	if n := c.fields[npi].value(); n != auto {
		v := byte(n)
		npip = &v
	}
	role := message.SourceAddr
	if addr == fDest {
		role = message.DestinationAddr
	}
	a, err := message.ResolveAddress(role, c.fields[addr].input.Value(), tonp, npip)
	if err != nil {
		return a, fmt.Errorf("%s: %s", fieldNames[addr], strings.TrimPrefix(err.Error(), "address "))
	}
	return a, nil
}
