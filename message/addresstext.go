package message

import (
	"fmt"
	"strings"
)

// UnmarshalText reads an address as a source address, "ADDR" or "ADDR,TON,NPI", exactly
// as ParseAddress does. Source is the role because the addresses read from text without
// a role of their own (a profile's message.source, --from) are sources; a destination
// is read with ParseDestination, which refuses what is not a number.
func (a *Address) UnmarshalText(b []byte) error {
	v, err := ParseAddress(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// MarshalText writes "ADDR,TON,NPI", which UnmarshalText reads back to the same
// address; the empty address is the empty text. An address holding a comma has no
// such form and is an error.
func (a Address) MarshalText() ([]byte, error) {
	if a == (Address{}) {
		return nil, nil
	}
	if strings.Contains(a.Addr, ",") {
		return nil, fmt.Errorf("address %q: a comma cannot be written as ADDR,TON,NPI", a.Addr)
	}
	return []byte(fmt.Sprintf("%s,%d,%d", a.Addr, a.TON, a.NPI)), nil
}
