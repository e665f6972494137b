package filter

import (
	"reflect"
	"testing"
)

// FuzzCompile: Compile never panics; a compiled filter's String() compiles again to the
// same canonical form and selects the same fixed PDUs; Complete never panics.
func FuzzCompile(f *testing.F) {
	for _, c := range evalTable {
		f.Add(c.expr)
	}
	for _, c := range wiresharkTable {
		f.Add(c.expr)
	}
	for _, s := range []string{"", "(", ")", "!", "\"", "\"\\x", "smpp.", "a == \"\\101\"", "((((dir == in))))",
		"smpp.message_payload == 0", "latency > -1s", "msg == \"\\x00\"", "smpp.command_id == 18446744073709551615"} {
		f.Add(s)
	}
	ps := packets()
	f.Fuzz(func(t *testing.T, expr string) {
		for _, cur := range []int{0, len(expr) / 2, len(expr)} {
			Complete(expr, cur)
		}
		flt, err := Compile(expr)
		if err != nil {
			if _, ok := err.(*SyntaxError); !ok {
				t.Fatalf("Compile(%q) error %T, want *SyntaxError", expr, err)
			}
			se := err.(*SyntaxError)
			if se.Pos < 0 || se.Pos > len(expr) || se.Msg == "" {
				t.Fatalf("Compile(%q): error %+v out of range", expr, se)
			}
			return
		}
		s := flt.String()
		again, err := Compile(s)
		if err != nil {
			t.Fatalf("Compile(%q).String() = %q does not compile: %v", expr, s, err)
		}
		if again.String() != s {
			t.Fatalf("%q: String() %q compiles to %q", expr, s, again.String())
		}
		if a, b := matches(flt, ps), matches(again, ps); !reflect.DeepEqual(a, b) {
			t.Fatalf("%q matches %v, its String() %q matches %v", expr, a, s, b)
		}
	})
}
