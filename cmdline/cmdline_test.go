package cmdline

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	long := strings.Repeat("a", 65)
	cases := []struct {
		line string
		want Command
		pos  int    // of the error; -1: none
		msg  string // in the error
	}{
		{":bind", Command{Name: "bind"}, -1, ""},
		{"bind", Command{Name: "bind"}, -1, ""},
		{"  :unbind  ", Command{Name: "unbind"}, -1, ""},
		{":q", Command{Name: "quit"}, -1, ""},
		{":quit", Command{Name: "quit"}, -1, ""},
		{":tab b", Command{Name: "tab", Args: []string{"b"}}, -1, ""},
		{":tab 'my profile'", Command{Name: "tab", Args: []string{"my profile"}}, -1, ""},
		{`:tab "a \"b\" \\ \c"`, Command{Name: "tab", Args: []string{`a "b" \ \c`}}, -1, ""},
		{`:tab a\ b`, Command{Name: "tab", Args: []string{"a b"}}, -1, ""},
		{`:tab 'it'\''s'`, Command{Name: "tab", Args: []string{"it's"}}, -1, ""},
		{`:tab ""`, Command{Name: "tab", Args: []string{""}}, -1, ""},
		{":tab", Command{}, 4, "tab needs a tab or profile name"},
		{":tab a b", Command{}, 7, "tab takes one tab or profile name"},
		{":tab 'open", Command{}, 5, "' quote here is not closed"},
		{`:tab "open`, Command{}, 5, `" quote here is not closed`},
		{`:tab a\`, Command{}, 6, `\ at the end`},
		{":bnd", Command{}, 1, "unknown command :bnd: did you mean :bind?"},
		{":fliter x", Command{}, 1, "did you mean :filter?"},
		{":qury 1", Command{}, 1, "did you mean :query?"},
		{":bu", Command{}, 1, "did you mean :burst?"},
		{":b", Command{}, 1, "did you mean :bind or :burst?"},
		{":burst --window 0 --count 1", Command{}, 7, "burst: --window 0: want 1 to"},
		{":burst --count 1 --ramp=1:2", Command{}, 17, "burst: --ramp"},
		{":zzzzzz", Command{}, 1, "unknown command :zzzzzz: see :help"},
		{"", Command{}, 0, "no command"},
		{" : ", Command{}, 3, "no command"},
		{":bind now", Command{}, 6, "bind takes no arguments"},
		{":quit x", Command{}, 6, "quit takes no arguments"},
		{":query", Command{}, 6, "query needs a message id"},
		{":query  ", Command{}, 8, "query needs a message id"},
		{":query 0a1b", Command{Name: "query", Args: []string{"0a1b"}}, -1, ""},
		{":query " + long, Command{}, 7, "query: message_id is 65 characters"},
		{":cancel 0a1b", Command{Name: "cancel", Args: []string{"0a1b"}}, -1, ""},
		{":cancel a b", Command{}, 10, "cancel takes one message id"},
		{":export out.pcapng", Command{Name: "export", Args: []string{"out.pcapng"}}, -1, ""},
		{":export 'my log.jsonl'", Command{Name: "export", Args: []string{"my log.jsonl"}}, -1, ""},
		{":export ~/log.json", Command{Name: "export", Args: []string{filepath.Join(home, "log.json")}}, -1, ""},
		{":export out.txt", Command{}, 8, "must end in .pcapng or .jsonl"},
		{":export", Command{}, 7, "export needs a file name"},
		{":open /tmp/x.pcap", Command{Name: "open", Args: []string{"/tmp/x.pcap"}}, -1, ""},
		{":open", Command{}, 5, "open needs a file name"},
		{":burst --rate 100 --count 1000", Command{Name: "burst", Args: []string{"--rate", "100", "--count", "1000"}}, -1, ""},
		{":burst --count 5 --text 'load {seq}'", Command{Name: "burst", Args: []string{"--count", "5", "--text", "load {seq}"}}, -1, ""},
		{":burst --rate x --count 1", Command{}, 14, `burst: --rate: invalid value "x"`},
		{":burst --rat 100", Command{}, 7, "burst: unknown flag --rat"},
		{":burst --count 1 --host 127.0.0.1", Command{}, 17, "burst: unknown flag --host"}, // the tab's own connection
		{":burst --count 1 now", Command{}, 17, `burst: unexpected argument "now"`},
		{":burst --count", Command{}, 7, "burst: --count needs a value"},
		{":burst --rate 100", Command{}, 17, "burst: give a count of messages or a duration"},
		{":burst --count 1 --text 'x", Command{}, 24, "quote here is not closed"},
		{":filter smpp.command_id == submit_sm", Command{Name: "filter", Args: []string{"smpp.command_id == submit_sm"}}, -1, ""},
		{`:filter  smpp.source_addr contains "a b"  `, Command{Name: "filter", Args: []string{`smpp.source_addr contains "a b"`}}, -1, ""},
		{":filter", Command{Name: "filter", Args: []string{""}}, -1, ""},
		{":filter   ", Command{Name: "filter", Args: []string{""}}, -1, ""},
		{":filter smpp.command_id ==", Command{}, 26, "filter: "},
		{":filter nosuch.field == 1", Command{}, 8, "filter: "},
		{":filter 'unclosed", Command{}, -2, "filter: "}, // a filter's own quotes: its own error
		{":help", Command{Name: "help"}, -1, ""},
		{":help burst", Command{Name: "help", Args: []string{"burst"}}, -1, ""},
		{":help :q", Command{Name: "help", Args: []string{"quit"}}, -1, ""},
		{":help bnd", Command{}, 6, "unknown command :bnd: did you mean :bind?"},
		{":help a b", Command{}, 8, "help takes one command name"},
	}
	for _, c := range cases {
		got, err := Parse(c.line)
		if c.pos == -1 {
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("Parse(%q) = %#v, %v; want %#v", c.line, got, err, c.want)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Msg, c.msg) || c.pos >= 0 && e.Pos != c.pos || e.Pos < 0 || e.Pos > len(c.line) {
			t.Errorf("Parse(%q) = %#v, %v; want an error at %d with %q", c.line, got, err, c.pos, c.msg)
		}
	}
}

func TestCommandsListed(t *testing.T) {
	var names []string
	for _, s := range Commands() {
		names = append(names, s.Name)
		if s.Desc == "" {
			t.Errorf("%s has no description", s.Name)
		}
		if _, err := Parse(":" + s.Name); err != nil && !strings.Contains(err.Error(), "needs") && s.Name != "burst" {
			t.Errorf(":%s: %v", s.Name, err)
		}
	}
	want := []string{"bind", "unbind", "tab", "filter", "export", "open", "query", "cancel", "burst", "help", "quit"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("commands %q, want %q", names, want)
	}
	Commands()[0].Name = "changed"
	if Commands()[0].Name != "bind" {
		t.Fatal("Commands gives away its own list")
	}
}

func TestQuoteRoundTrip(t *testing.T) {
	for _, s := range []string{"", "a", "a b", "it's", `"q"`, `back\slash`, "tab\there", "'", "''"} {
		ws, st, _ := split(quote(s), 0)
		if st != closed || len(ws) != 1 || ws[0].text != s {
			t.Errorf("quote(%q) = %q reads back as %#v (state %d)", s, quote(s), ws, st)
		}
	}
}

func TestHelp(t *testing.T) {
	all := Help("")
	for _, s := range Commands() {
		if !strings.Contains(all, ":"+s.Name) || !strings.Contains(all, s.Desc) {
			t.Errorf("help lacks %s: %s", s.Name, all)
		}
	}
	if got := Help("burst"); !strings.Contains(got, "--rate float") || !strings.Contains(got, "(default 100)") || !strings.Contains(got, "--csv string") {
		t.Errorf("help burst: %s", got)
	}
	if got := Help(":q"); !strings.HasPrefix(got, ":quit\n") || !strings.Contains(got, "also :q") {
		t.Errorf("help q: %s", got)
	}
	if got := Help("bnd"); !strings.Contains(got, "did you mean :bind?") {
		t.Errorf("help bnd: %s", got)
	}
}
