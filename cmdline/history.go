package cmdline

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/smppconsole/smppconsole/journal"
)

// MaxHistory is how many lines a History keeps.
const MaxHistory = 200

// maxLineLen bounds one line: longer is not a command anyone typed.
const maxLineLen = 4096

// maxHistoryFile bounds what OpenHistory reads: a file larger cannot be a history.
const maxHistoryFile = MaxHistory * (maxLineLen + 1)

// History is the lines run at the command line, newest first, each once, at most
// MaxHistory, kept in a file of mode 0600 that is rewritten whole on each Add. It is
// safe for concurrent use; a nil *History keeps nothing.
type History struct {
	mu       sync.Mutex // guards lines
	wmu      sync.Mutex // one write of the file at a time
	path     string
	lines    []string
	readOnly bool // the file could not be read: never overwrite what we did not understand
}

// HistoryPath is the history's file: XDG_STATE_HOME/smppconsole/commands, beside the
// journals (XDG_STATE_HOME defaulting to ~/.local/state).
func HistoryPath() (string, error) {
	state, err := journal.StateDir()
	if err != nil {
		return "", fmt.Errorf("command history: %w", err)
	}
	return filepath.Join(state, "commands"), nil
}

// OpenHistory reads the history at path; a missing file is an empty history, created
// on the first Add. A file that cannot be read or is not a history is an error naming
// it and what is wrong; the History returned with that error still works for this run
// but never writes the file, so that nothing the operator may want back is lost.
func OpenHistory(path string) (*History, error) {
	h := &History{path: path}
	lines, err := readHistory(path)
	if err != nil {
		h.readOnly = true
		return h, fmt.Errorf("command history %s: %w", path, err)
	}
	h.lines = lines
	return h, nil
}

func readHistory(path string) ([]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s)", fi.Mode().Type())
	}
	data, err := io.ReadAll(io.LimitReader(f, maxHistoryFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxHistoryFile {
		return nil, fmt.Errorf("larger than %d bytes: not a command history", maxHistoryFile)
	}
	var lines []string
	seen := map[string]bool{}
	for i, l := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		if err := checkLine(string(l)); err != nil {
			return nil, fmt.Errorf("line %d: %w: not a command history", i+1, err)
		}
		s := strings.TrimRight(string(l), "\r")
		if s == "" || seen[s] || len(lines) == MaxHistory {
			continue
		}
		seen[s] = true
		lines = append(lines, s)
	}
	return lines, nil
}

// checkLine refuses what a command line typed at the console cannot hold.
func checkLine(s string) error {
	switch {
	case len(s) > maxLineLen:
		return fmt.Errorf("%d bytes, more than %d", len(s), maxLineLen)
	case !utf8.ValidString(s):
		return errors.New("not UTF-8 text")
	case strings.ContainsAny(s, "\x00\n"):
		return errors.New("holds a NUL or a newline")
	}
	return nil
}

// Add puts line first (moving it up if it was there already) and writes the file. A
// blank line is not kept.
func (h *History) Add(line string) error {
	if h == nil {
		return nil
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return nil
	}
	if err := checkLine(line); err != nil {
		return fmt.Errorf("command history: the line %w", err)
	}
	h.mu.Lock()
	next := make([]string, 0, min(len(h.lines)+1, MaxHistory))
	next = append(next, line)
	for _, l := range h.lines {
		if l != line && len(next) < MaxHistory {
			next = append(next, l)
		}
	}
	h.lines = next
	readOnly := h.readOnly
	h.mu.Unlock()
	if readOnly {
		return nil // OpenHistory said why
	}
	// Writes take turns, each the newest list, so a slow older one never lands last;
	// Lines does not wait for the disk meanwhile.
	h.wmu.Lock()
	defer h.wmu.Unlock()
	if err := writeHistory(h.path, h.Lines()); err != nil {
		return fmt.Errorf("command history %s: %w", h.path, err)
	}
	return nil
}

// Lines are the lines kept, newest first (a copy).
func (h *History) Lines() []string {
	if h == nil {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.lines...)
}

// writeHistory replaces the file atomically: a temporary file beside it (mode 0600),
// synced, then renamed over it, so a crash leaves the old history or the new one.
func writeHistory(path string, lines []string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".commands-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing by that name
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	err = tmp.Chmod(0o600)
	if err == nil {
		_, err = tmp.WriteString(b.String())
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
