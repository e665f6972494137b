package smppclient

import (
	"encoding"
	"strings"
	"testing"
)

var (
	_ encoding.TextUnmarshaler = (*BindType)(nil)
	_ encoding.TextMarshaler   = BindType(0)
)

func TestBindTypeText(t *testing.T) {
	for b := Transceiver; b <= TxRx; b++ {
		text, err := b.MarshalText()
		if err != nil {
			t.Fatalf("%v: %v", b, err)
		}
		var got BindType = -1
		if err := got.UnmarshalText(text); err != nil || got != b {
			t.Errorf("%q read back as %v, %v", text, got, err)
		}
	}
	var b BindType
	if err := b.UnmarshalText([]byte("Pair")); err != nil || b != TxRx {
		t.Errorf("alias: %v %v", b, err)
	}
	if err := b.UnmarshalText([]byte("trxx")); err == nil || !strings.Contains(err.Error(), `unknown bind type "trxx"`) || b != TxRx {
		t.Errorf("trxx: %v, left %v", err, b)
	}
	if _, err := BindType(7).MarshalText(); err == nil {
		t.Error("BindType(7) has a name")
	}
}
