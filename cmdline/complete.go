package cmdline

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/smppconsole/smppconsole/burst"
)

// Source supplies what only the console knows. A nil Source completes none of it.
type Source interface {
	Profiles() []string   // profile names (and tab names)
	MessageIDs() []string // message ids from the log, newest first
}

// maxFiles bounds the file names offered, so a huge directory does not flood the line.
const maxFiles = 1000

// Complete returns the candidates for the word at the cursor and where that word starts:
// a candidate replaces line[start:cursor], quoted already when it needs quotes. It
// completes command names after ':', then per command: tab and profile names for tab,
// message ids for query and cancel (newest first), display filter fields and values
// for filter, flag names for burst (and file names for --csv), file names for export
// and open, command names for help. File names are read from the disk: call it off
// the UI's own goroutine.
func Complete(line string, cursor int, src Source) (candidates []string, start int) {
	if cursor < 0 || cursor > len(line) {
		cursor = len(line)
	}
	from := commandStart(line)
	if cursor < from {
		return nil, cursor
	}
	pre := line[:cursor]
	words, _, _ := split(pre, from)
	// The word being typed is the last one when it runs up to the cursor; else a new one.
	at, prefix, start := len(words), "", cursor
	if n := len(words); n > 0 && words[n-1].end == len(pre) {
		at, prefix, start = n-1, words[n-1].text, words[n-1].start
	}
	if at == 0 {
		return commandNames(prefix), start
	}
	spec, ok := lookup(words[0].text)
	if !ok {
		return nil, cursor
	}
	switch spec.Name {
	case "filter":
		return completeFilter(line, restStart(line, words[0].end), cursor)
	case "tab":
		if at == 1 && src != nil {
			return quoteAll(byPrefix(src.Profiles(), prefix)), start
		}
	case "query", "cancel":
		if at == 1 && src != nil {
			return quoteAll(byPrefix(src.MessageIDs(), prefix)), start
		}
	case "help":
		if at == 1 {
			return commandNames(strings.TrimPrefix(prefix, ":")), start
		}
	case "export", "open":
		if at == 1 {
			return quoteAll(files(prefix)), start
		}
	case "burst":
		return completeBurst(words, at, prefix), start
	}
	return nil, start
}

func commandNames(prefix string) []string {
	var out []string
	for _, s := range specs {
		if strings.HasPrefix(s.Name, prefix) {
			out = append(out, s.Name)
		}
	}
	sort.Strings(out)
	return out
}

// completeBurst offers burst's flag names, or a file after --csv.
func completeBurst(words []word, at int, prefix string) []string {
	var f burst.Flags
	fs := f.FlagSet()
	if prev := words[at-1].text; at >= 2 && strings.HasPrefix(prev, "-") && !strings.Contains(prev, "=") {
		if fl := fs.Lookup(strings.TrimLeft(prev, "-")); fl != nil {
			if bv, ok := fl.Value.(interface{ IsBoolFlag() bool }); !ok || !bv.IsBoolFlag() {
				if fl.Name == "csv" {
					return quoteAll(files(prefix))
				}
				return nil // a value nobody can guess
			}
		}
	}
	if prefix != "" && !strings.HasPrefix(prefix, "-") || strings.Contains(prefix, "=") {
		return nil
	}
	name := strings.TrimLeft(prefix, "-")
	var out []string
	fs.VisitAll(func(fl *flag.Flag) {
		if strings.HasPrefix(fl.Name, name) {
			out = append(out, "--"+fl.Name)
		}
	})
	return out
}

func byPrefix(all []string, prefix string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range all {
		if strings.HasPrefix(s, prefix) && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func quoteAll(ss []string) []string {
	for i, s := range ss {
		ss[i] = quote(s)
	}
	return ss
}

// files are the entries of the typed name's directory that begin with its last part,
// directories with a trailing /. Hidden entries only when the part begins with a dot.
func files(prefix string) []string {
	dir, base := filepath.Split(prefix)
	read := dir
	if read == "" {
		read = "."
	}
	read, err := expandHome(read)
	if err != nil {
		return nil
	}
	entries, err := os.ReadDir(read)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, base) || strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".") {
			continue
		}
		c := dir + name
		if e.IsDir() {
			c += string(filepath.Separator)
		} else if e.Type()&os.ModeSymlink != 0 {
			if fi, err := os.Stat(filepath.Join(read, name)); err == nil && fi.IsDir() {
				c += string(filepath.Separator)
			}
		}
		out = append(out, c)
		if len(out) == maxFiles {
			break
		}
	}
	sort.Strings(out)
	return out
}
