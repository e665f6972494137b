package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/journal"
	"github.com/smppconsole/smppconsole/smsc"
)

// TestSendJournals: send records its session in the state directory by default, under
// the host's name, with the password masked; a profile's journal_max_size applies; and
// --no-journal writes nothing.
func TestSendJournals(t *testing.T) {
	sendEnv(t)
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	addr := sendSim(t, smsc.Config{})
	code, out, errs := runSendT(t, sendArgs(t, addr, "--to", "+447700900123", "--text", "journaled")...)
	if code != exitOK {
		t.Fatalf("code %d\n%s\n%s", code, out, errs)
	}
	dir := filepath.Join(state, "smppconsole", "sessions")
	files, _ := journal.Journals(dir)
	if len(files) != 1 || !strings.HasSuffix(files[0].Path, "-127.0.0.1.pcapng") {
		t.Fatalf("journals %v, want one named after the host", files)
	}
	raw, err := os.ReadFile(files[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "journaled") || strings.Contains(string(raw), smsc.DefaultPassword) {
		t.Errorf("the journal lacks the submit_sm, or holds the password in clear")
	}

	code, out, errs = runSendT(t, sendArgs(t, addr, "--no-journal", "--to", "+447700900123", "--text", "not journaled")...)
	if code != exitOK {
		t.Fatalf("code %d\n%s\n%s", code, out, errs)
	}
	if again, _ := journal.Journals(dir); len(again) != 1 {
		t.Errorf("--no-journal: %d journals, want still 1", len(again))
	}
}

// TestJournalProfileCaps: the profile's caps apply unless the flags are given.
func TestJournalProfileCaps(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	var jf journalFlags
	fs := flagSetForTUI(os.Stderr)
	jf.register(fs)
	if err := fs.Parse([]string{"--journal-max-total", "5000000"}); err != nil {
		t.Fatal(err)
	}
	p := journalProfile(4096, 1<<20)
	o, err := jf.options(p, visited(fs), "x", false)
	if err != nil {
		t.Fatal(err)
	}
	if o.MaxSize != 4096 || o.MaxTotal != 5000000 {
		t.Errorf("caps %d, %d: want the profile's size 4096 and the flag's total 5000000", o.MaxSize, o.MaxTotal)
	}
	if err := fs.Parse([]string{"--journal-max-size", "-1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := jf.options(p, visited(fs), "x", false); err == nil {
		t.Error("a negative cap is accepted")
	}
}

func journalProfile(size, total int64) config.Profile {
	p := config.Defaults()
	p.JournalMaxSize, p.JournalMaxTotal = size, total
	return p
}
