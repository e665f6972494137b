package journal

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smppclient"
)

func hexPDU(id, seq uint32, body []byte) []byte {
	n := 16 + len(body)
	b := []byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n), byte(id >> 24), byte(id >> 16), byte(id >> 8), byte(id), 0, 0, 0, 0, byte(seq >> 24), byte(seq >> 16), byte(seq >> 8), byte(seq)}
	return append(b, body...)
}

// WriteFile writes the records as a journal would, a new 0600 file, passwords masked,
// and never replaces a file.
func TestWriteFile(t *testing.T) {
	at := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	bind := hexPDU(0x09, 1, []byte("esme\x00secret99\x00\x00\x34\x00\x00\x00"))
	recs := []Record{
		{At: at, Link: "trx", Event: "connecting to 127.0.0.1:2775"},
		{At: at.Add(time.Millisecond), Link: "trx", Dir: smppclient.Out, Raw: bind},
		{At: at.Add(2 * time.Millisecond), Link: "trx", Dir: smppclient.In, Raw: hexPDU(0x80000009, 1, []byte("SMSC\x00"))},
		{At: at.Add(3 * time.Millisecond), Link: "rx", Dir: smppclient.Out, Raw: hexPDU(0x15, 2, nil)},
	}
	path := filepath.Join(t.TempDir(), "x.pcapng")
	n, err := WriteFile(path, recs, false)
	if err != nil || n != 3 {
		t.Fatalf("WriteFile: %d, %v; want 3 PDUs", n, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
	got := readJournal(t, path)
	if len(got.pdus) != 3 || got.comments[0] != "trx out" || got.comments[1] != "trx in" || got.comments[2] != "rx out" {
		t.Errorf("PDUs %d, comments %q", len(got.pdus), got.comments)
	}
	if len(got.events) != 1 || got.events[0] != "trx: connecting to 127.0.0.1:2775" {
		t.Errorf("events %q", got.events)
	}
	if raw, _ := os.ReadFile(path); bytes.Contains(raw, []byte("secret99")) {
		t.Error("the password is in clear")
	}
	before, _ := os.ReadFile(path)
	if _, err := WriteFile(path, recs, true); !errors.Is(err, os.ErrExist) {
		t.Errorf("over an existing file: %v, want ErrExist", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the existing file was changed")
	}
}
