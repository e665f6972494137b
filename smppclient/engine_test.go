package smppclient

import (
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

// A message is built once: the same single-part message reuses its parts; a changed
// one (a TLV changed in place by its caller included) is built anew; a long message is
// built for every Submit, with a new concatenation reference.
func TestBuildOncePerDistinctMessage(t *testing.T) {
	c, err := New(testSettings("127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	m := msg("447700900123", "hello")
	m.TLVs = []wire.TLV{{Tag: 0x1400, Value: []byte{1}}}
	a, err := c.build(m)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.build(m)
	if &a[0] != &b[0] {
		t.Error("the same message was built twice")
	}
	m.TLVs[0].Value[0] = 2 // the caller reuses its slice for the next message
	d, _ := c.build(m)
	if &d[0] == &a[0] || string(d[0].Encode(1)) == string(a[0].Encode(1)) {
		t.Error("a changed TLV reused the old submit_sm")
	}
	long := msg("447700900123", strings.Repeat("long text ", 40))
	long.Split = segment.UDH
	p1, _ := c.build(long)
	p2, _ := c.build(long)
	if len(p1) < 2 || len(p2) != len(p1) {
		t.Fatalf("%d and %d parts", len(p1), len(p2))
	}
	if string(p1[0].Segment.UDH) == string(p2[0].Segment.UDH) {
		t.Errorf("two long messages share the concatenation reference: UDH % x", p1[0].Segment.UDH)
	}
}
