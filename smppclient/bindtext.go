package smppclient

import "fmt"

// UnmarshalText reads a bind type as ParseBindType does (for TOML and flag.TextVar).
func (b *BindType) UnmarshalText(text []byte) error {
	v, err := ParseBindType(string(text))
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// MarshalText writes the short name ParseBindType reads back; an unknown value is an
// error.
func (b BindType) MarshalText() ([]byte, error) {
	if b < Transceiver || b > TxRx {
		return nil, fmt.Errorf("smppclient: no name for bind type %d", int(b))
	}
	return []byte(b.String()), nil
}
