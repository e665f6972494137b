package cmdline

import (
	"flag"
	"fmt"
	"strings"

	"github.com/smppconsole/smppconsole/burst"
)

// Help is what :help shows: with no name, every command on a line of its own with its
// arguments and what it does; with a command's name (or alias), that command's line,
// and for burst each of its flags with its default.
func Help(name string) string {
	var b strings.Builder
	if name == "" {
		for _, s := range specs {
			fmt.Fprintf(&b, "%-16s %s\n", usageOf(s), s.Desc)
		}
		return b.String()
	}
	s, ok := lookup(strings.TrimPrefix(name, ":"))
	if !ok {
		return unknown(word{text: name}).Error() + "\n"
	}
	fmt.Fprintf(&b, "%s\n    %s\n", usageOf(s), s.Desc)
	if s.Alias != "" {
		fmt.Fprintf(&b, "    also :%s\n", s.Alias)
	}
	if s.Name == "burst" {
		var f burst.Flags
		f.FlagSet().VisitAll(func(fl *flag.Flag) {
			kind, usage := flag.UnquoteUsage(fl)
			head := "--" + fl.Name
			if kind != "" {
				head += " " + kind
			}
			if fl.DefValue != "" && fl.DefValue != "0" && fl.DefValue != "0s" && fl.DefValue != "false" && !strings.Contains(usage, "(default") {
				usage += " (default " + fl.DefValue + ")"
			}
			fmt.Fprintf(&b, "  %-24s %s\n", head, usage)
		})
	}
	return b.String()
}

func usageOf(s Spec) string {
	if s.Args == "" {
		return ":" + s.Name
	}
	return ":" + s.Name + " " + s.Args
}
