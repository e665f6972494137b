package cmdline

import (
	"errors"
	"testing"
)

var fuzzSeeds = []string{
	"", ":", ":bind", ":tab 'my profile'", `:tab "a \"b\""`, `:tab a\`, ":burst --rate 100 --count 1000",
	":burst --rate x", ":filter smpp.command_id == submit_sm && dir == in", ":filter 'x", ":query 9f01",
	":export out.pcapng", ":open ~/x.pcap", ":help burst", ":q", "  :  unbind", ":burst --csv=", "\t:\x00\xff",
}

// FuzzParse: Parse never panics, an error is an *Error with its position inside the
// line, and a command parsed is one of Commands.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		cmd, err := Parse(line)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Pos < 0 || e.Pos > len(line) || e.Msg == "" {
				t.Fatalf("Parse(%q): %#v", line, err)
			}
			return
		}
		if _, ok := lookup(cmd.Name); !ok || cmd.Name == "q" {
			t.Fatalf("Parse(%q) = %#v: not a command's name", line, cmd)
		}
		if cmd.Name == "filter" && len(cmd.Args) != 1 {
			t.Fatalf("Parse(%q): filter with %d arguments", line, len(cmd.Args))
		}
	})
}

// FuzzComplete: Complete never panics at any cursor, the word it replaces lies before
// the cursor, and no candidate is empty.
func FuzzComplete(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, len(s))
		f.Add(s, len(s)/2)
	}
	src := fakeSource{profiles: []string{"a", "b c", "it's"}, ids: []string{"1", "2"}}
	f.Fuzz(func(t *testing.T, line string, cursor int) {
		got, start := Complete(line, cursor, src)
		c := cursor
		if c < 0 || c > len(line) {
			c = len(line)
		}
		if start < 0 || start > c {
			t.Fatalf("Complete(%q, %d): start %d", line, cursor, start)
		}
		for _, g := range got {
			if g == "" {
				t.Fatalf("Complete(%q, %d): an empty candidate in %q", line, cursor, got)
			}
		}
	})
}
