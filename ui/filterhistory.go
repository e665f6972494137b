package ui

import (
	"errors"
	"fmt"
	"github.com/smppconsole/smppconsole/journal"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// The display filters used recently, kept in the state directory so up and down in the
// prompt recall them in the next run too: one a line, newest first, no duplicates.

// maxFilterHistory bounds the filters kept.
const maxFilterHistory = 100

// FilterHistoryPath is where the filters are kept: $XDG_STATE_HOME/smppconsole/filters,
// XDG_STATE_HOME defaulting to ~/.local/state (the journal's state directory).
func FilterHistoryPath() (string, error) {
	state, err := journal.StateDir()
	if err != nil {
		return "", fmt.Errorf("filter history: %w", err)
	}
	return filepath.Join(state, "filters"), nil
}

// filterHistoryFile is the file Options.FilterHistory names; "" when none is kept (asked
// for, or no state directory).
func filterHistoryFile(opt string) string {
	switch opt {
	case "-":
		return ""
	case "":
		p, err := FilterHistoryPath()
		if err != nil {
			return ""
		}
		return p
	}
	return opt
}

// filterHistory is the list in memory and its file. The file is written by a command,
// off the update loop; writes carry a generation so a slow older write never lands
// after a newer one.
type filterHistory struct {
	path   string // "" : kept in memory only
	loaded bool
	list   []string // newest first
	gen    int

	mu      *sync.Mutex
	written *int // the newest generation written
}

func newFilterHistory(path string) *filterHistory {
	return &filterHistory{path: path, mu: &sync.Mutex{}, written: new(int)}
}

// load reads the file once; a missing file is an empty history.
func (h *filterHistory) load() error {
	if h.loaded {
		return nil
	}
	h.loaded = true
	if h.path == "" {
		return nil
	}
	b, err := os.ReadFile(h.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("filter history: %w", err)
	}
	var list []string
	seen := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n") {
		// Newest first: a later copy of a line is older, and dropped.
		if l = strings.TrimSpace(l); l != "" && !seen[l] && len(list) < maxFilterHistory {
			seen[l] = true
			list = append(list, l)
		}
	}
	h.list = list
	return nil
}

// addFilter puts expr first, drops an older copy of it and keeps the newest
// maxFilterHistory.
func addFilter(list []string, expr string) []string {
	out := make([]string, 0, min(len(list)+1, maxFilterHistory))
	out = append(out, expr)
	for _, s := range list {
		if s != expr && len(out) < maxFilterHistory {
			out = append(out, s)
		}
	}
	return out
}

// Add records a filter used and returns the command that saves the list.
func (h *filterHistory) Add(expr string) func() error {
	expr = strings.TrimSpace(expr)
	if expr == "" || strings.ContainsAny(expr, "\r\n") {
		return nil
	}
	h.load() // an unreadable file is replaced: the filters in it cannot be recalled anyway
	h.list = addFilter(h.list, expr)
	if h.path == "" {
		return nil
	}
	h.gen++
	gen, path, data := h.gen, h.path, strings.Join(h.list, "\n")+"\n"
	mu, written := h.mu, h.written
	return func() error {
		mu.Lock()
		defer mu.Unlock()
		if gen <= *written {
			return nil
		}
		if err := writeFileAtomic(path, []byte(data)); err != nil {
			return fmt.Errorf("filter history: %w", err)
		}
		*written = gen
		return nil
	}
}

// At returns the i-th newest filter.
func (h *filterHistory) At(i int) (string, bool) {
	h.load()
	if i < 0 || i >= len(h.list) {
		return "", false
	}
	return h.list[i], true
}

// writeFileAtomic writes data to path with mode 0600 (directory 0700) through a
// temporary file, so a crash never leaves half a list.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".filters-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o600)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
