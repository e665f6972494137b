package ui

import (
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/wire"
)

func rawRowIndex(t *testing.T, p *rawPDU, name string) int {
	t.Helper()
	for i, r := range p.rows {
		if r.name == name {
			return i
		}
	}
	t.Fatalf("no row %q in %+v", name, p.rows)
	return -1
}

// Editing short_message rewrites sm_length and command_length with it; editing
// sm_length alone leaves the PDU broken the way the operator asked, and the rules say so.
func TestRawPDUFieldEditsFollowLengths(t *testing.T) {
	p := newRawPDU(submitSM(3, "447700900123", "Hi"))
	if probs := p.problems(); len(probs) != 0 {
		t.Fatalf("a built submit_sm breaks rules: %v", probs)
	}
	sm := rawRowIndex(t, p, "short_message")
	if err := p.set(sm, "Hello there"); err != nil {
		t.Fatal(err)
	}
	h, _ := p.header()
	if int(h.Length) != len(p.raw) {
		t.Fatalf("command_length %d, PDU %d octets", h.Length, len(p.raw))
	}
	var b wire.SMBody
	b.Command = wire.SubmitSM
	if err := b.Decode(p.raw[16:]); err != nil || string(b.ShortMessage) != "Hello there" {
		t.Fatalf("decoded %q, %v", b.ShortMessage, err)
	}
	if err := p.set(rawRowIndex(t, p, "sm_length"), "200"); err != nil {
		t.Fatal(err)
	}
	probs := strings.Join(p.problems(), "; ")
	if !strings.Contains(probs, "short_message") {
		t.Fatalf("a bad sm_length is not reported: %q", probs)
	}
	if p.rows[len(p.rows)-1].name != "undecoded" {
		t.Fatalf("the octets past the broken field are not shown as undecoded: %+v", p.rows[len(p.rows)-1])
	}
}

func TestRawPDUCommandChoiceAndUnknown(t *testing.T) {
	p := newRawPDU(pduBytes(wire.EnquireLink, 0, 9))
	if err := p.set(1, "submit_sm"); err != nil {
		t.Fatal(err)
	}
	if len(p.problems()) != 0 {
		t.Fatalf("submit_sm's empty template breaks rules: %v", p.problems())
	}
	rawRowIndex(t, p, "destination_addr")
	if err := p.set(1, "0x00000099"); err != nil {
		t.Fatal(err)
	}
	if probs := strings.Join(p.problems(), "; "); !strings.Contains(probs, "0x00000099") {
		t.Fatalf("an unknown command_id is not reported: %q", probs)
	}
	if err := p.set(1, "sumbit_sm"); err == nil {
		t.Fatal("a misspelt command is taken")
	}
	if err := p.set(2, "ESME_RTHROTTLED"); err != nil || binary.BigEndian.Uint32(p.raw[8:]) != wire.StatusThrottled {
		t.Fatalf("status by name: %v % x", err, p.raw[8:12])
	}
	if err := p.set(0, "12"); err != nil {
		t.Fatal(err)
	}
	if probs := strings.Join(p.problems(), "; "); !strings.Contains(probs, "command_length 12") {
		t.Fatalf("a wrong command_length is not reported: %q", probs)
	}
}

func TestRawPDUTLVLines(t *testing.T) {
	p := newRawPDU(submitSM(3, "447700900123", ""))
	n := len(p.rows)
	if err := p.set(n-1, "message_payload 48 69"); err != nil {
		t.Fatal(err)
	}
	i := rawRowIndex(t, p, "TLV message_payload")
	if got := p.value(i); got != "0x0424 4869" {
		t.Fatalf("TLV row reads %q", got)
	}
	if p.rows[len(p.rows)-1].kind != rawNewTLV {
		t.Fatal("no line left to add another TLV")
	}
	if err := p.set(i, "0x0424 zz"); err == nil {
		t.Fatal("bad hex taken")
	}
	if err := p.set(i, ""); err != nil || len(p.rows) != n {
		t.Fatalf("emptying the TLV line did not remove it: %v, %d rows", err, len(p.rows))
	}
}

// The hex view never shows a bind's password, and editing it there keeps the real one.
func TestRawPDUHexMasksPassword(t *testing.T) {
	bind := pduBytes(wire.BindTransceiver, 0, 1, cstr("smppclient1"), cstr("s3cret"), cstr(""), []byte{0x34, 0, 0}, cstr(""))
	p := newRawPDU(bind)
	hx := p.hexText(false)
	if strings.Contains(strings.ReplaceAll(hx, " ", ""), "733363726574") {
		t.Fatalf("the password is in the hex view: %s", hx)
	}
	// Change the sequence_number in the hex view: the password stays what it was.
	edited := strings.Replace(hx, "00 00 00 01", "00 00 00 07", 1)
	if err := p.setHex(edited, false); err != nil {
		t.Fatal(err)
	}
	pw, _ := bindPassword(p.raw)
	if string(pw) != "s3cret" || binary.BigEndian.Uint32(p.raw[12:]) != 7 {
		t.Fatalf("password %q seq % x", pw, p.raw[12:16])
	}
	if h, _ := p.header(); int(h.Length) != len(p.raw) {
		t.Fatalf("command_length %d, %d octets", h.Length, len(p.raw))
	}
	if i := rawRowIndex(t, p, "password"); !p.rows[i].secret {
		t.Fatal("the password row is not marked secret")
	}
	_ = dissect.Redacted
}

func TestEscapeOctetsRoundTrip(t *testing.T) {
	in := []byte("a\\b\x00\x1b\xffz")
	back, err := unescapeOctets(escapeOctets(in))
	if err != nil || string(back) != string(in) {
		t.Fatalf("%q -> %q (%v)", in, back, err)
	}
	if _, err := unescapeOctets(`bad\q`); err == nil {
		t.Fatal("a lone backslash is taken")
	}
}

// Whatever the octets, the composer lays them out, reads every field back and takes
// edits without panicking; each row stays inside the PDU.
func TestRawPDUAnyOctets(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 34))
	seeds := [][]byte{nil, {0}, make([]byte, 15), submitSM(3, "447700900123", "Hi"),
		pduBytes(wire.BindTransceiver, 0, 1, cstr("sys"), []byte("nonul"))}
	for i := 0; i < 3000; i++ {
		var raw []byte
		if i < len(seeds) {
			raw = seeds[i]
		} else {
			base := seeds[3+rng.IntN(2)]
			raw = append([]byte(nil), base[:rng.IntN(len(base)+1)]...)
			for j := rng.IntN(4); j > 0 && len(raw) > 0; j-- {
				raw[rng.IntN(len(raw))] = byte(rng.Uint32())
			}
			if rng.IntN(3) == 0 && len(raw) >= 8 {
				binary.BigEndian.PutUint32(raw[4:], rawCommands[rng.IntN(len(rawCommands))])
			}
		}
		p := newRawPDU(raw)
		for r := range p.rows {
			if row := p.rows[r]; row.start < 0 || row.end > len(p.raw) || row.start > row.end {
				t.Fatalf("% x: row %+v outside %d octets", raw, row, len(p.raw))
			}
			_ = p.value(r)
		}
		_ = p.problems()
		_ = p.hexText(false)
		if len(p.rows) > 0 {
			r := rng.IntN(len(p.rows))
			_ = p.set(r, []string{"", "0", "0xFFFFFFFF", `\x00\`, "message_payload 00", "zz", "submit_sm"}[rng.IntN(7)])
			p.cycleCommand(1)
		}
		_ = p.setHex(hex.EncodeToString(raw), false)
	}
}
