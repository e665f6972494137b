package dissect

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/linxGnu/gosmpp/pdu"

	"github.com/smppconsole/smppconsole/wire"
)

// Redact masks a bind's or outbind's password with the fixed mask, command_length
// following, and hands every other PDU back untouched and without a copy.
func TestRedact(t *testing.T) {
	bind := mustHex(t, "0000002a 00000009 00000000 00000001 736d7070636c69656e743100 70617373776f726400 00 34 00 00 00")
	out := Redact(bind)
	want := mustHex(t, "0000002a 00000009 00000000 00000001 736d7070636c69656e743100 2a2a2a2a2a2a2a2a00 00 34 00 00 00")
	if !bytes.Equal(out, want) {
		t.Errorf("bind: got %x\nwant %x", out, want)
	}
	ob := pdu.NewOutbind().(*pdu.Outbind)
	ob.SystemID, ob.Password = "smsc", "pw"
	out = Redact(wire.Marshal(ob, 1))
	want = append(mustHex(t, "00000000 0000000b 00000000 00000001"), "smsc\x00********\x00"...)
	binary.BigEndian.PutUint32(want, uint32(len(want)))
	if !bytes.Equal(out, want) {
		t.Errorf("outbind: got %q\nwant %q", out, want)
	}
	// A password with no NUL: everything after system_id is masked.
	broken := append(mustHex(t, "0000001b 00000002 00000000 00000001"), "sys\x00hunter2"...)
	out = Redact(broken)
	if !bytes.Equal(out[16:], []byte("sys\x00"+Redacted)) || binary.BigEndian.Uint32(out) != uint32(len(out)) {
		t.Errorf("broken bind: %q", out)
	}
	// No system_id terminator: nothing can be told to be a password.
	nosys := append(mustHex(t, "00000017 00000002 00000000 00000001"), "sysabcd"...)
	if out := Redact(nosys); &out[0] != &nosys[0] {
		t.Errorf("unreadable bind copied: %q", out)
	}
	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	_ = sm.DestAddr.SetAddress("447700900123")
	raw := wire.Marshal(sm, 2)
	if out := Redact(raw); &out[0] != &raw[0] || len(out) != len(raw) {
		t.Error("a submit_sm was copied")
	}
	for _, in := range [][]byte{nil, {0, 0}, raw[:15]} {
		if out := Redact(in); len(out) != len(in) {
			t.Errorf("%x: got %x", in, out)
		}
	}
	// Cheap: a PDU that is not a bind costs nothing.
	if n := testing.AllocsPerRun(100, func() { Redact(raw) }); n != 0 {
		t.Errorf("Redact of a submit_sm allocates %v times", n)
	}
}

func BenchmarkRedactBind(b *testing.B) {
	bind := mustHex(b, "0000002a 00000009 00000000 00000001 736d7070636c69656e743100 70617373776f726400 00 34 00 00 00")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = Redact(bind)
	}
}
