package journal

import (
	"bytes"
	"net"
	"os"
	"testing"
	"time"

	"github.com/linxGnu/gosmpp/pdu"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

func bindPDU(password string) []byte {
	b := pdu.NewBindRequest(pdu.Transceiver)
	b.SystemID, b.Password = "journal", password
	return wire.Marshal(b, 1)
}

func enquire(seq uint32) []byte { return wire.Marshal(pdu.NewEnquireLink(), seq) }

// TestRotationAndRetention: small caps rotate files, each of which decodes on its own
// from a handshake; the oldest go first past the total, never the file being written.
func TestRotationAndRetention(t *testing.T) {
	dir := t.TempDir()
	clock := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Millisecond); return clock }
	const maxSize, maxTotal = 4096, 16384
	j, err := Open(Options{Dir: dir, Name: "rot", MaxSize: maxSize, MaxTotal: maxTotal, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	local := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 50000}
	remote := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 2775}
	j.Connected(clock, "trx", local, remote)
	const n = 1000
	for i := range n {
		j.PDU(clock, "trx", smppclient.Out, enquire(uint32(i+1)))
	}
	last := j.Path()
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	files, total := Journals(dir)
	if len(files) < 2 {
		t.Fatalf("%d files: no rotation", len(files))
	}
	if total > maxTotal+maxSize {
		t.Errorf("journals total %d, over the cap %d", total, maxTotal)
	}
	if files[len(files)-1].Path != last {
		t.Errorf("the newest file %s is not the one written last %s", files[len(files)-1].Path, last)
	}
	seqs := map[uint32]bool{}
	for _, f := range files {
		if f.Size > maxSize+200 {
			t.Errorf("%s: %d bytes, over the %d cap by more than a PDU", f.Path, f.Size, maxSize)
		}
		rec := readJournal(t, f.Path)
		if len(rec.pdus) == 0 {
			t.Errorf("%s holds no PDU", f.Path)
		}
		for _, p := range rec.pdus {
			h, _ := wire.ParseHeader(p)
			seqs[h.Seq] = true
		}
	}
	// What is kept is the newest PDUs, without a gap up to the last.
	for s := uint32(n); s > n-uint32(len(seqs)); s-- {
		if !seqs[s] {
			t.Errorf("sequence %d missing from the kept journals", s)
		}
	}
	if len(seqs) >= n {
		t.Errorf("all %d PDUs kept under a %d-byte total: nothing was deleted", n, maxTotal)
	}
}

// TestRedaction: a bind's password is masked in the journal, and kept with
// ShowSecrets; other PDUs are untouched.
func TestRedaction(t *testing.T) {
	for _, show := range []bool{false, true} {
		dir := t.TempDir()
		j, err := Open(Options{Dir: dir, Name: "redact", ShowSecrets: show})
		if err != nil {
			t.Fatal(err)
		}
		j.PDU(time.Now(), "trx", smppclient.Out, bindPDU("hunter22"))
		j.PDU(time.Now(), "trx", smppclient.Out, enquire(2))
		if err := j.Close(); err != nil {
			t.Fatal(err)
		}
		raw, _ := os.ReadFile(j.Path())
		if got := bytes.Contains(raw, []byte("hunter22")); got != show {
			t.Errorf("show secrets %v: password in the file %v", show, got)
		}
		rec := readJournal(t, j.Path())
		if len(rec.pdus) != 2 {
			t.Fatalf("%d PDUs, want 2", len(rec.pdus))
		}
		want := bindPDU("hunter22")
		if !show {
			want = dissect.Redact(want)
		}
		if !bytes.Equal(rec.pdus[0], want) || !bytes.Equal(rec.pdus[1], enquire(2)) {
			t.Errorf("show secrets %v: PDUs % x, want % x", show, rec.pdus, want)
		}
	}
}
