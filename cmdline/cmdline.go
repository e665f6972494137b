// Package cmdline is the console's `:` command line without the terminal: it parses a
// line into a Command (shell words, quotes and escapes, the arguments of each command
// checked, errors with the byte where they are), completes the word at the cursor, and
// keeps the history of lines run. It knows nothing of Bubble Tea; the ui runs commands.
package cmdline

import (
	"errors"
	"fmt"
	"github.com/agnivade/levenshtein"
	"os"
	"path/filepath"
	"strings"

	"github.com/smppconsole/smppconsole/burst"
	"github.com/smppconsole/smppconsole/message"
)

// Command is one parsed line: ":burst --rate 100 --count 1000" ->
// {Name:"burst", Args:["--rate","100","--count","1000"]}. Name is always a Spec's Name
// (an alias such as "q" gives "quit"). For filter, Args is exactly one element, the
// rest of the line as typed ("" clears the filter); for export and open one file name
// (a leading ~/ is the home directory); for tab, query and cancel one word; for help
// none or one command name.
type Command struct {
	Name string
	Args []string
}

// Error is a line that does not parse: Pos is the byte in the line where it went
// wrong (len(line) when something is missing at the end), Msg says what in words.
type Error struct {
	Pos int
	Msg string
}

func (e *Error) Error() string { return e.Msg }

func errAt(pos int, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// Spec describes one command for help and completion.
type Spec struct {
	Name  string
	Args  string // the arguments, as help shows them: "NAME", "[EXPR]", "FLAGS"
	Desc  string
	Alias string // a shorter name that means the same, or ""
}

var specs = []Spec{
	{Name: "bind", Desc: "bind the current tab's session (again)"},
	{Name: "unbind", Desc: "unbind the current tab's session politely"},
	{Name: "tab", Args: "NAME", Desc: "go to the tab NAME, or open one from the profile NAME"},
	{Name: "filter", Args: "[EXPR]", Desc: "show only the PDUs the display filter EXPR selects (the rest of the line); none: all"},
	{Name: "export", Args: "FILE", Desc: "write the log, as filtered, to FILE (.pcapng or .jsonl)"},
	{Name: "open", Args: "FILE", Desc: "open a capture or journal FILE (.pcap, .pcapng)"},
	{Name: "query", Args: "ID", Desc: "query_sm the message with message_id ID"},
	{Name: "cancel", Args: "ID", Desc: "cancel_sm the message with message_id ID"},
	{Name: "burst", Args: "FLAGS", Desc: "run a load test with the flags of `smppconsole burst`, e.g. --rate 100 --count 1000"},
	{Name: "help", Args: "[CMD]", Desc: "list the commands, or say what CMD does"},
	{Name: "quit", Desc: "unbind every tab and leave", Alias: "q"},
}

// Commands lists the commands in the order help shows them.
func Commands() []Spec { return append([]Spec(nil), specs...) }

func lookup(name string) (Spec, bool) {
	for _, s := range specs {
		if s.Name == name || s.Alias != "" && s.Alias == name {
			return s, true
		}
	}
	return Spec{}, false
}

// commandStart is where the command name begins: past blanks and one ':'.
func commandStart(line string) int {
	i := 0
	for i < len(line) && isBlank(line[i]) {
		i++
	}
	if i < len(line) && line[i] == ':' {
		i++
	}
	return i
}

// Parse splits a line the way a shell does (quotes, backslash escapes), checks the
// command exists and its arguments: a *Error with the byte position and words. The
// leading ':' is optional; positions count bytes of line as given. For burst the flags
// are checked by burst.ParseFlags, which the caller runs again on Args for the run.
func Parse(line string) (Command, error) {
	from := commandStart(line)
	words, st, openAt := split(line, from)
	if len(words) == 0 {
		return Command{}, errAt(len(line), "no command: type one, e.g. :help")
	}
	spec, ok := lookup(words[0].text)
	if !ok {
		return Command{}, unknown(words[0])
	}
	cmd := Command{Name: spec.Name}
	if spec.Name == "filter" {
		return parseFilter(line, words[0].end, cmd)
	}
	if err := unclosed(st, openAt); err != nil {
		return Command{}, err
	}
	args := words[1:]
	switch spec.Name {
	case "bind", "unbind", "quit":
		if len(args) > 0 {
			return Command{}, errAt(args[0].start, "%s takes no arguments", spec.Name)
		}
	case "tab":
		w, err := one(line, spec, args, "a tab or profile name")
		if err != nil {
			return Command{}, err
		}
		cmd.Args = []string{w.text}
	case "export", "open":
		w, err := one(line, spec, args, "a file name")
		if err != nil {
			return Command{}, err
		}
		name, err := expandHome(w.text)
		if err != nil {
			return Command{}, errAt(w.start, "%s: %v", spec.Name, err)
		}
		if spec.Name == "export" && !exportable(name) {
			return Command{}, errAt(w.start, "export: the name must end in .pcapng or .jsonl (.json)")
		}
		cmd.Args = []string{name}
	case "query", "cancel":
		w, err := one(line, spec, args, "a message id")
		if err != nil {
			return Command{}, err
		}
		if err := (message.Query{MessageID: w.text}).Validate(); err != nil {
			return Command{}, errAt(w.start, "%s: %v", spec.Name, err)
		}
		cmd.Args = []string{w.text}
	case "burst":
		cmd.Args = texts(args)
		if _, _, err := burst.ParseFlags(cmd.Args); err != nil {
			var fe *burst.FlagError
			if errors.As(err, &fe) && fe.Arg >= 0 && fe.Arg < len(args) {
				return Command{}, errAt(args[fe.Arg].start, "burst: %s", fe.Msg)
			}
			return Command{}, errAt(flagAt(line, args, err.Error()), "burst: %v", err)
		}
	case "help":
		if len(args) > 1 {
			return Command{}, errAt(args[1].start, "help takes one command name")
		}
		if len(args) == 1 {
			s, ok := lookup(strings.TrimPrefix(args[0].text, ":"))
			if !ok {
				return Command{}, unknown(word{text: strings.TrimPrefix(args[0].text, ":"), start: args[0].start})
			}
			cmd.Args = []string{s.Name}
		}
	}
	return cmd, nil
}

func unclosed(st openState, at int) error {
	switch st {
	case inSingle:
		return errAt(at, "the ' quote here is not closed")
	case inDouble:
		return errAt(at, "the \" quote here is not closed")
	case afterBackslash:
		return errAt(at, "a \\ at the end of the line escapes nothing")
	}
	return nil
}

// one checks a command has exactly one argument.
func one(line string, spec Spec, args []word, what string) (word, error) {
	switch {
	case len(args) == 0:
		return word{}, errAt(len(line), "%s needs %s", spec.Name, what)
	case len(args) > 1:
		return word{}, errAt(args[1].start, "%s takes one %s (quote it if it has spaces)", spec.Name, strings.TrimPrefix(strings.TrimPrefix(what, "an "), "a "))
	}
	return args[0], nil
}

// flagAt is where the flag an error begins with ("--window 0: ...") was given, the
// last time; the end of the line when it names none.
func flagAt(line string, args []word, msg string) int {
	name, _, _ := strings.Cut(strings.TrimPrefix(msg, "--"), " ")
	if !strings.HasPrefix(msg, "--") || name == "" {
		return len(line)
	}
	for i := len(args) - 1; i >= 0; i-- {
		a := strings.TrimPrefix(strings.TrimPrefix(args[i].text, "-"), "-")
		if a == name || strings.HasPrefix(a, name+"=") {
			return args[i].start
		}
	}
	return len(line)
}

func texts(ws []word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.text
	}
	return out
}

// unknown names the command that does not exist and the ones it may have meant: those
// it begins, else the nearest by spelling.
func unknown(w word) error {
	var near []string
	if w.text != "" {
		near = commandNames(w.text)
	}
	if len(near) == 0 {
		best, bestD := "", 3
		for _, s := range specs {
			if d := distance(w.text, s.Name); d < bestD {
				best, bestD = s.Name, d
			}
		}
		if best != "" {
			near = []string{best}
		}
	}
	switch len(near) {
	case 0:
		return errAt(w.start, "unknown command :%s: see :help", w.text)
	case 1:
		return errAt(w.start, "unknown command :%s: did you mean :%s?", w.text, near[0])
	}
	return errAt(w.start, "unknown command :%s: did you mean :%s or :%s?", w.text,
		strings.Join(near[:len(near)-1], ", :"), near[len(near)-1])
}

// distance is the Levenshtein distance of two short words.
func distance(a, b string) int {
	if len(a) > 32 {
		return len(a) // no command is this long: not worth the work
	}
	return levenshtein.ComputeDistance(a, b)
}

// expandHome reads a leading ~/ as the home directory, as a shell would.
func expandHome(name string) (string, error) {
	if name != "~" && !strings.HasPrefix(name, "~/") {
		return name, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home directory for %s: %w", name, err)
	}
	return filepath.Join(home, name[1:]), nil
}

// exportable is the ui's rule for export: the extension picks the format.
func exportable(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".pcapng", ".jsonl", ".json":
		return true
	}
	return false
}
