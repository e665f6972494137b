package wire

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// The seed corpora are built with Append: one PDU of every type the codec serves.

func FuzzReadPDU(f *testing.F) {
	var all []byte
	for _, s := range samples() {
		raw := AppendPDU(nil, s, 0, 1)
		f.Add(raw)
		all = append(all, raw...)
	}
	f.Add(all)
	f.Add(all[:len(all)-3])
	f.Add(mustHex(f, "0000000f 00000015 00000000 00000001"))
	f.Fuzz(func(t *testing.T, b []byte) {
		const max = 4096
		r := NewReader(bytes.NewReader(b), max)
		var read [][]byte
		var err error
		for {
			var p []byte
			if p, err = r.ReadPDU(); err != nil {
				break
			}
			h, _ := ParseHeader(p)
			if int(h.Length) != len(p) || len(p) < HeaderLen || len(p) > max {
				t.Fatalf("framed %d octets with command_length %d", len(p), h.Length)
			}
			read = append(read, p)
		}
		var fe *FramingError
		if err != io.EOF && !errors.As(err, &fe) {
			t.Fatalf("ReadPDU over a byte slice failed with %v", err)
		}
		if fe != nil && (len(fe.Seen) == 0 && len(b) > 0 || fe.Error() == "") {
			t.Fatalf("a framing error must carry what it saw and say why: %+v", fe)
		}
		// Split frames the same PDUs from the same octets.
		split, serr := Split(b, max)
		if len(split) != len(read) {
			t.Fatalf("Split framed %d PDUs, ReadPDU %d", len(split), len(read))
		}
		for i := range split {
			if !bytes.Equal(split[i], read[i]) {
				t.Fatalf("PDU %d differs between Split and ReadPDU", i)
			}
		}
		if (serr == nil) != (err == io.EOF) {
			t.Fatalf("Split says %v, ReadPDU %v", serr, err)
		}
	})
}

// spanCheck checks the recorder's view: fields in wire order, each starting where the
// last ended, within the body, Begin and End balanced.
type spanCheck struct {
	t     *testing.T
	next  int
	end   int
	depth int
}

func (s *spanCheck) Field(sp Span) {
	if sp.Start != s.next || sp.End < sp.Start || sp.End > s.end || sp.Name == "" || sp.Kind == 0 {
		s.t.Fatalf("span %+v after offset %d (body ends at %d)", sp, s.next, s.end)
	}
	s.next = sp.End
}
func (s *spanCheck) Begin(name string, i int) {
	if name == "" || i < 1 {
		s.t.Fatalf("Begin(%q, %d)", name, i)
	}
	s.depth++
}
func (s *spanCheck) End() {
	if s.depth--; s.depth < 0 {
		s.t.Fatal("End without Begin")
	}
}

func FuzzBodies(f *testing.F) {
	for _, s := range samples() {
		body := s.Append(nil)
		f.Add(s.CommandID(), body)
		if len(body) > 2 {
			f.Add(s.CommandID(), body[:len(body)/2])
		}
	}
	f.Add(QuerySM, Body(mustHex(f, queryPanic)))
	f.Add(uint32(0x999), []byte{1, 2, 3})
	var ids []uint32
	for _, s := range samples() {
		ids = append(ids, s.CommandID())
	}
	f.Fuzz(func(t *testing.T, id uint32, body []byte) {
		if _, ok := NewBody(id); !ok && id&1 == 0 {
			id = ids[int(id>>1)%len(ids)] // most ids have no layout: spend half of them on ones that do
		}
		h := Header{ID: id}
		b, err := DecodeBody(h, body)
		if _, ok := NewBody(id); !ok {
			if err == nil || b != nil {
				t.Fatalf("command_id 0x%08X has no layout, yet decoded: %v", id, err)
			}
			return
		}
		var fe *FieldError
		var te *TLVError
		switch {
		case err == nil:
		case errors.As(err, &fe):
			if fe.Field == "" || fe.Reason == "" || fe.Problem == 0 || fe.At < HeaderLen || fe.At > HeaderLen+len(body) {
				t.Fatalf("field error %+v", fe)
			}
			return
		case errors.As(err, &te):
			// The mandatory fields and the TLVs before the bad one are there.
		default:
			t.Fatalf("unexpected error %v", err)
		}
		_ = b.Validate()

		out := b.Append(nil)
		if err == nil && !bytes.Equal(out, body) {
			t.Fatalf("re-encoding changed the body:\n in % x\nout % x", body, out)
		}
		again, _ := NewBody(id)
		if err2 := decode(again, out); err2 != nil {
			t.Fatalf("what Append wrote does not decode: %v\n% x", err2, out)
		}
		if !sameBody(again, b) {
			t.Fatalf("round trip changed the body:\n got %+v\nwant %+v", again, b)
		}

		// The recorder sees every octet it reads, in order.
		rec := &spanCheck{t: t, next: HeaderLen, end: HeaderLen + len(body)}
		_, rerr := DecodeBodyRecorded(h, body, rec)
		if (rerr == nil) != (err == nil) {
			t.Fatalf("with a recorder: %v; without: %v", rerr, err)
		}
		if err == nil && rec.next != rec.end {
			t.Fatalf("spans end at %d, the body at %d", rec.next, rec.end)
		}
		if rec.depth != 0 {
			t.Fatalf("Begin and End unbalanced: %d", rec.depth)
		}
	})
}

func FuzzTLVs(f *testing.F) {
	for _, s := range samples() {
		var tl []TLV
		switch v := s.(type) {
		case *SMBody:
			tl = v.TLVs
		case *BindRespBody:
			tl = v.TLVs
		case *SMRespBody:
			tl = v.TLVs
		case *QuerySMBody:
			tl = v.TLVs
		case *AlertNotificationBody:
			tl = v.TLVs
		}
		if len(tl) > 0 {
			f.Add(appendTLVs(nil, tl))
		}
	}
	f.Add(mustHex(f, "001e0003616200 04270002 02"))
	f.Fuzz(func(t *testing.T, b []byte) {
		list, err := ParseTLVs(b)
		out := appendTLVs(nil, list)
		var te *TLVError
		switch {
		case err == nil:
			if !bytes.Equal(out, b) {
				t.Fatalf("re-encoding changed the TLVs:\n in % x\nout % x", b, out)
			}
		case errors.As(err, &te):
			if te.Offset != len(out) || !bytes.HasPrefix(b, out) {
				t.Fatalf("error at %d after %d good octets: %v", te.Offset, len(out), err)
			}
		default:
			t.Fatalf("unexpected error %v", err)
		}
		for _, tl := range list {
			_ = CheckTLVLength(tl)
			if TagName(tl.Tag) == "" {
				t.Fatalf("tag 0x%04X has no name", tl.Tag)
			}
			if c := tl.CString(); len(c) > len(tl.Value) || bytes.IndexByte(c, 0) >= 0 {
				t.Fatalf("CString of % x is % x", tl.Value, c)
			}
		}
	})
}
