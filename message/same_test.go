package message

import (
	"reflect"
	"testing"

	"github.com/smppconsole/smppconsole/wire"
)

// Same compares every field of Message: changing any one of them makes two messages
// differ, so a field added later cannot be forgotten (the session caches built PDUs by
// Same).
func TestSameComparesEveryField(t *testing.T) {
	base := Message{Text: "hello", TLVs: []wire.TLV{{Tag: 0x1400, Value: []byte{1}}}}
	if !base.Same(base.Clone()) {
		t.Fatal("a message differs from its clone")
	}
	typ := reflect.TypeOf(base)
	for i := range typ.NumField() {
		m := base.Clone()
		f := reflect.ValueOf(&m).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("x")
		case reflect.Uint8:
			f.SetUint(f.Uint() + 1)
		case reflect.Int:
			f.SetInt(f.Int() + 1)
		case reflect.Uint32:
			f.SetUint(f.Uint() + 1)
		case reflect.Struct: // Address
			f.Field(0).SetString("447700900999")
		case reflect.Slice:
			switch typ.Field(i).Name {
			case "Dests":
				m.Dests = []Address{{Addr: "447700900001"}}
			case "DistLists":
				m.DistLists = []string{"friends"}
			case "Raw":
				m.Raw = []byte{1}
			default:
				m.TLVs[0].Value = []byte{2}
			}
		default:
			t.Fatalf("field %s of kind %s: teach this test to change it", typ.Field(i).Name, f.Kind())
		}
		if base.Same(m) {
			t.Errorf("changing %s leaves the messages the same", typ.Field(i).Name)
		}
	}
	m := base.Clone()
	m.TLVs = append(m.TLVs, wire.TLV{Tag: 0x1401})
	if base.Same(m) {
		t.Error("an extra TLV leaves the messages the same")
	}
	c := base.Clone()
	c.TLVs[0].Value[0] = 9
	if base.TLVs[0].Value[0] != 1 {
		t.Error("Clone shares the TLV values")
	}
}

func TestEncodeToPatchesTheSequenceNumber(t *testing.T) {
	d, _ := ParseAddress("447700900123")
	parts, err := Build(Message{Dest: d, Text: "hi"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	buf := parts[0].EncodeTo(make([]byte, 0, 256), 77)
	if want := parts[0].Encode(77); string(buf) != string(want) {
		t.Fatalf("EncodeTo % x, Encode % x", buf, want)
	}
	if h, _ := wire.ParseHeader(buf); h.Seq != 77 {
		t.Errorf("seq %d", h.Seq)
	}
}
