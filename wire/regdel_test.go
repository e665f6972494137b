package wire

import (
	"reflect"
	"testing"
)

func TestRegDelWords(t *testing.T) {
	w := RegDelWording{Receipt: [4]string{"", "final", "failure", "success"}, Ack: [4]string{"", "ack", "manual", "both"},
		Intermediate: "intermediate", Reserved: "reserved"}
	for v, want := range map[byte][]string{
		0x00: nil,
		0x01: {"final"},
		0x0E: {"failure", "both"},
		0x11: {"final", "intermediate"},
		0xE4: {"ack", "reserved"},
	} {
		if got := w.Words(v); !reflect.DeepEqual(got, want) {
			t.Errorf("Words(0x%02X) = %q, want %q", v, got, want)
		}
	}
}
