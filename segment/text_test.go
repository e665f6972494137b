package segment

import (
	"encoding"
	"strings"
	"testing"
)

var (
	_ encoding.TextUnmarshaler = (*Method)(nil)
	_ encoding.TextMarshaler   = Method(0)
)

func TestMethodText(t *testing.T) {
	for m := UDH; m <= Payload; m++ {
		b, err := m.MarshalText()
		if err != nil {
			t.Fatalf("%v: %v", m, err)
		}
		var got Method = -1
		if err := got.UnmarshalText(b); err != nil || got != m {
			t.Errorf("%q read back as %v, %v", b, got, err)
		}
	}
	var m Method
	if err := m.UnmarshalText([]byte("message_payload")); err != nil || m != Payload {
		t.Errorf("alias: %v %v", m, err)
	}
	if err := m.UnmarshalText([]byte("chop")); err == nil || !strings.Contains(err.Error(), "want udh") || m != Payload {
		t.Errorf("chop: %v, left %v", err, m)
	}
	if _, err := Method(-1).MarshalText(); err == nil {
		t.Error("Method(-1) has a name")
	}
}
