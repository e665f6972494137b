package dissect

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/wire"
)

// FuzzDissect drives framing, gosmpp decoding and presentation with arbitrary bytes:
// none may panic, field ranges must lie inside the PDU, and the JSON form must marshal.
func FuzzDissect(f *testing.F) {
	for _, s := range []string{
		"00000018 00000003 00000000 00000001 00 000000 00000000",
		"00000010 80000009 0000000e 00000001",
		"0000002f 00000009 00000000 00000001 7379730068756e74657232000000340101003100",
		"00000041 00000004 00000000 00000002 00 0101 3434373730303930303132330001013434373730303930303132330040000000000000000008 0500032a0201 4869",
		"00000030 00000005 00000000 00000003 00 0101 343400 0101 343500 04 00 00 00 00 00 00 05 00 04 deadbeef",
	} {
		b, _ := ParseHex(s)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		pdus, _ := wire.Split(in, 0)
		if len(pdus) == 0 {
			pdus = [][]byte{in}
		}
		for _, raw := range pdus {
			_, _ = wire.Decode(raw)
			d := Dissect(raw, Options{})
			if strings.HasPrefix(d.Err, "presentation failed") {
				t.Fatalf("presentation panicked: %s", d.Err)
			}
			var check func(fs []Field)
			check = func(fs []Field) {
				for _, f := range fs {
					if f.Start < 0 || f.End > len(d.Raw) || f.Start > f.End { // d.Raw: a bind's is masked
						t.Fatalf("field %s range [%d,%d) outside %d octets", f.Name, f.Start, f.End, len(d.Raw))
					}
					check(f.Children)
				}
			}
			check(d.Fields)
			_ = Format(d)
			if _, err := json.Marshal(ToObject(d, true)); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// FuzzParseHex: the hex reader never panics and what it accepts is whole octets.
func FuzzParseHex(f *testing.F) {
	f.Add("0000  00 00 00 10 00 00 00 15  00 00 00 00 00 00 00 0a   ................")
	f.Add("0x00:0X01, 02")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = ParseHex(s)
	})
}
