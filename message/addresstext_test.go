package message

import (
	"encoding"
	"strings"
	"testing"
)

var (
	_ encoding.TextUnmarshaler = (*Address)(nil)
	_ encoding.TextMarshaler   = Address{}
)

// UnmarshalText reads as ParseAddress (the source role) does, and MarshalText writes a
// form it reads back unchanged.
func TestAddressText(t *testing.T) {
	for _, in := range []string{"MyBrand", "+44 7700 900123", "(0044) 7700-900123", "12345", "447700900123,national,isdn",
		"My Brand,5,0", "10.0.0.1,0,14", "", ",1,1"} {
		want, werr := ParseAddress(in)
		var got Address
		err := got.UnmarshalText([]byte(in))
		if got != want || (err == nil) != (werr == nil) {
			t.Errorf("%q: UnmarshalText %+v %v, ParseAddress %+v %v", in, got, err, want, werr)
			continue
		}
		text, err := got.MarshalText()
		if err != nil {
			t.Errorf("%+v: %v", got, err)
			continue
		}
		var back Address
		if err := back.UnmarshalText(text); err != nil || back != got {
			t.Errorf("%+v written %q read back %+v, %v", got, text, back, err)
		}
	}
	var a Address
	if err := a.UnmarshalText([]byte("way too long an alphanumeric")); err == nil {
		t.Error("a 28-character alphanumeric sender accepted")
	}
	if err := a.UnmarshalText([]byte("1,2")); err == nil || !strings.Contains(err.Error(), "ADDR,TON,NPI") {
		t.Errorf("1,2: %v", err)
	}
	if _, err := (Address{Addr: "A,B", TON: TONAlphanumeric}).MarshalText(); err == nil {
		t.Error("an address with a comma written as ADDR,TON,NPI")
	}
}
