package cmdline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "smppconsole", "commands")
	h, err := OpenHistory(path)
	if err != nil || len(h.Lines()) != 0 {
		t.Fatalf("a missing file is an empty history: %v %q", err, h.Lines())
	}
	for _, l := range []string{":bind", ":tab a", "  :query 9f01 ", ":bind", "", "   ", ":tab a"} {
		if err := h.Add(l); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{":tab a", ":bind", ":query 9f01"}
	if got := h.Lines(); !reflect.DeepEqual(got, want) {
		t.Fatalf("newest first, each once: %q, want %q", got, want)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v", fi.Mode(), err)
	}
	if di, err := os.Stat(filepath.Dir(path)); err != nil || di.Mode().Perm() != 0o700 {
		t.Fatalf("dir mode %v %v", di.Mode(), err)
	}
	// Lines is a copy.
	h.Lines()[0] = "changed"
	// Reopened, it is the same.
	h2, err := OpenHistory(path)
	if err != nil || !reflect.DeepEqual(h2.Lines(), want) {
		t.Fatalf("reopened: %q %v", h2.Lines(), err)
	}
	if err := h.Add(":bad\nline"); err == nil || !reflect.DeepEqual(h.Lines(), want) {
		t.Fatalf("a line with a newline: %v %q", err, h.Lines())
	}
	// A file written wider (by hand) is tightened when written.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := h2.Add(":unbind"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode after rewrite %v", fi.Mode())
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
}

func TestHistoryBound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "commands")
	h, _ := OpenHistory(path)
	for i := range MaxHistory + 50 {
		if err := h.Add(fmt.Sprintf(":query %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	check := func(lines []string) {
		t.Helper()
		if len(lines) != MaxHistory || lines[0] != fmt.Sprintf(":query %d", MaxHistory+49) || lines[MaxHistory-1] != ":query 50" {
			t.Fatalf("%d lines, first %q last %q", len(lines), lines[0], lines[len(lines)-1])
		}
	}
	check(h.Lines())
	h2, err := OpenHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	check(h2.Lines())
	// A file longer than the bound (or with duplicates, by hand) is read to the bound.
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, ":tab t%d\n:tab t%d\n", i, i)
	}
	_ = os.WriteFile(path, []byte(b.String()), 0o600)
	h3, err := OpenHistory(path)
	if err != nil || len(h3.Lines()) != MaxHistory || h3.Lines()[1] != ":tab t1" {
		t.Fatalf("%v %d %q", err, len(h3.Lines()), h3.Lines()[:2])
	}
}

func TestHistoryBadFile(t *testing.T) {
	dir := t.TempDir()
	cases := map[string][]byte{
		"binary":    {':', 'b', 0xff, 0xfe, '\n'},
		"nul":       []byte(":bind\n:t\x00ab\n"),
		"long line": []byte(strings.Repeat("x", maxLineLen+1) + "\n"),
		"too large": []byte(strings.Repeat(strings.Repeat("y", 100)+"\n", maxHistoryFile/100)),
	}
	for name, data := range cases {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		h, err := OpenHistory(path)
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: %v, want an error naming the file", name, err)
			continue
		}
		// It still works for the run, and leaves the file as it was.
		if err := h.Add(":bind"); err != nil || !reflect.DeepEqual(h.Lines(), []string{":bind"}) {
			t.Errorf("%s: %v %q", name, err, h.Lines())
		}
		if got, _ := os.ReadFile(path); string(got) != string(data) {
			t.Errorf("%s: the file was overwritten", name)
		}
	}
	// A directory where the file should be: unreadable as a history.
	sub := filepath.Join(dir, "adir")
	_ = os.Mkdir(sub, 0o700)
	if _, err := OpenHistory(sub); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("directory: %v", err)
	}
	// A path under a file cannot be read.
	blocked := filepath.Join(dir, "file-not-dir")
	_ = os.WriteFile(blocked, nil, 0o600)
	if _, err := OpenHistory(filepath.Join(blocked, "commands")); err == nil {
		t.Error("a path under a file: no error")
	}
	// A file that can no longer be written: Add says so, naming it, and keeps the line.
	gone := filepath.Join(dir, "gone", "commands")
	h, err := OpenHistory(gone)
	if err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Dir(gone), nil, 0o600) // a file where its directory should be
	if err := h.Add(":bind"); err == nil || !strings.Contains(err.Error(), gone) || h.Lines()[0] != ":bind" {
		t.Errorf("Add with no directory: %v %q", err, h.Lines())
	}
	// A nil History keeps nothing and does not panic.
	var nh *History
	if err := nh.Add(":bind"); err != nil || nh.Lines() != nil {
		t.Error("nil History")
	}
}

func TestHistoryPath(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	if p, err := HistoryPath(); err != nil || p != filepath.Join(state, "smppconsole", "commands") {
		t.Fatalf("%q %v", p, err)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_STATE_HOME", "relative/ignored")
	if p, err := HistoryPath(); err != nil || p != filepath.Join(home, ".local", "state", "smppconsole", "commands") {
		t.Fatalf("%q %v", p, err)
	}
}

// Adds from several goroutines while Lines is read: every line kept, the file the
// newest list, no race.
func TestHistoryConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "commands")
	h, _ := OpenHistory(path)
	done := make(chan error)
	for g := range 4 {
		go func() {
			var err error
			for i := range 10 {
				err = errors.Join(err, h.Add(fmt.Sprintf(":tab g%d-%d", g, i)))
				_ = h.Lines()
			}
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if len(h.Lines()) != 40 {
		t.Fatalf("%d lines", len(h.Lines()))
	}
	h2, err := OpenHistory(path)
	if err != nil || !reflect.DeepEqual(h2.Lines(), h.Lines()) {
		t.Fatalf("the file holds %q, memory %q (%v)", h2.Lines(), h.Lines(), err)
	}
}
