package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/smppclient"
)

func TestLoadOpen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "two.pcapng")
	data := twoConversations(t)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	convs, note, err := loadOpen(path, 0)
	if err != nil || note != "" || len(convs) != 2 {
		t.Fatalf("%d conversations, note %q, %v", len(convs), note, err)
	}
	if convs[1].Name != "10.0.0.2:40002 → 10.0.0.9:17123" || convs[1].PDUs != 4 {
		t.Fatalf("second: %+v", convs[1])
	}
	n := 0
	for _, e := range convs[0].Events {
		if _, ok := e.(smppclient.PDUEvent); ok {
			n++
		}
	}
	if n != 4 {
		t.Fatalf("%d PDU events", n)
	}
	convs, _, err = loadOpen(path, 17123)
	if err != nil || len(convs) != 1 {
		t.Fatalf("--port: %d, %v", len(convs), err)
	}

	cut := filepath.Join(dir, "cut.pcapng")
	if err := os.WriteFile(cut, data[:len(data)-30], 0o600); err != nil {
		t.Fatal(err)
	}
	convs, note, err = loadOpen(cut, 0)
	if err != nil || len(convs) != 2 || !strings.Contains(note, "reading stopped at packet 16") {
		t.Fatalf("truncated: %d, %q, %v", len(convs), note, err)
	}

	bin := filepath.Join(dir, "a.out")
	if err := os.WriteFile(bin, []byte("\x7fELF\x00secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadOpen(bin, 0); err == nil || strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "ELF") {
		t.Fatalf("binary: %v", err)
	}
	if code, _, errs := runCmd(t, "", "open", bin); code != 2 || strings.Contains(errs, "secret") {
		t.Fatalf("open binary: code %d %q", code, errs)
	}
	// A capture without SMPP: exit 1, in words.
	if code, _, errs := runCmd(t, "", "open", "--port", "9", path); code != 1 || !strings.Contains(errs, "no SMPP conversation") {
		t.Fatalf("no SMPP: code %d %q", code, errs)
	}
}

// open --filter is checked before the file is read or the screen taken: a bad one is a
// usage error that shows where it went wrong.
func TestOpenRefusesABadFilter(t *testing.T) {
	code, _, stderr := runCmd(t, "", "open", "--filter", "smpp.comand_id == submit_sm", "/nonexistent.pcap")
	if code != exitUsage {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitUsage, stderr)
	}
	for _, want := range []string{"open: --filter:", "smpp.command_id", "^"} {
		if !strings.Contains(stderr, want) {
			t.Fatalf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}
