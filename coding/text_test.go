package coding

import (
	"encoding"
	"flag"
	"strings"
	"testing"
)

var (
	_ encoding.TextUnmarshaler = (*Scheme)(nil)
	_ encoding.TextMarshaler   = Scheme(0)
)

func TestSchemeText(t *testing.T) {
	for s := Auto; s <= Binary; s++ {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatalf("%v: %v", s, err)
		}
		var got Scheme = -1
		if err := got.UnmarshalText(b); err != nil || got != s {
			t.Errorf("%q read back as %v, %v", b, got, err)
		}
	}
	var s Scheme
	if err := s.UnmarshalText([]byte("Latin-1")); err != nil || s != Latin1 {
		t.Errorf("alias: %v %v", s, err)
	}
	if err := s.UnmarshalText([]byte("utf8")); err == nil || !strings.Contains(err.Error(), "unknown coding") || s != Latin1 {
		t.Errorf("utf8: %v, left %v", err, s)
	}
	if _, err := Scheme(99).MarshalText(); err == nil {
		t.Error("Scheme(99) has a name")
	}
	// flag.TextVar prints the default through MarshalText and parses through UnmarshalText.
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	v := Auto
	fs.TextVar(&v, "coding", Auto, "")
	if err := fs.Parse([]string{"--coding", "UCS2"}); err != nil || v != UCS2 {
		t.Errorf("flag: %v %v", v, err)
	}
	if d := fs.Lookup("coding").DefValue; d != "auto" {
		t.Errorf("default shown as %q", d)
	}
}
