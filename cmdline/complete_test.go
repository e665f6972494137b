package cmdline

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

type fakeSource struct{ profiles, ids []string }

func (f fakeSource) Profiles() []string   { return f.profiles }
func (f fakeSource) MessageIDs() []string { return f.ids }

func TestComplete(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"run1.pcapng", "run2.pcapng", "rows.csv", "my log.jsonl", ".hidden.pcap"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "runs"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "runs"), filepath.Join(dir, "runlink")); err != nil {
		t.Fatal(err)
	}
	d := dir + "/"
	src := fakeSource{profiles: []string{"primary", "backup smsc", "prod-tx", "prod-rx"}, ids: []string{"9f01", "9e77", "1234", "9f01"}}
	cases := []struct {
		line   string
		cursor int // -1: the end
		src    Source
		want   []string
		start  int
	}{
		{":", -1, src, []string{"bind", "burst", "cancel", "export", "filter", "help", "open", "query", "quit", "tab", "unbind"}, 1},
		{":b", -1, src, []string{"bind", "burst"}, 1},
		{"  :un", -1, src, []string{"unbind"}, 3},
		{"q", -1, src, []string{"query", "quit"}, 0},
		{":bind", 3, src, []string{"bind"}, 1},
		{":x", -1, src, nil, 1},
		{":tab ", -1, src, []string{"primary", "'backup smsc'", "prod-tx", "prod-rx"}, 5},
		{":tab pro", -1, src, []string{"prod-tx", "prod-rx"}, 5},
		{":tab prod-tx", 8, src, []string{"prod-tx", "prod-rx"}, 5},
		{":tab 'back", -1, src, []string{"'backup smsc'"}, 5},
		{`:tab backup\ s`, -1, src, []string{"'backup smsc'"}, 5},
		{":tab primary ", -1, src, nil, 13},
		{":tab ", -1, nil, nil, 5},
		{":query ", -1, src, []string{"9f01", "9e77", "1234"}, 7},
		{":query 9", -1, src, []string{"9f01", "9e77"}, 7},
		{":cancel 12", -1, src, []string{"1234"}, 8},
		{":cancel ", -1, nil, nil, 8},
		{":help ", -1, src, []string{"bind", "burst", "cancel", "export", "filter", "help", "open", "query", "quit", "tab", "unbind"}, 6},
		{":help :ex", -1, src, []string{"export"}, 6},
		{":bind ", -1, src, nil, 6},
		{":nosuch ", -1, src, nil, 8},
		{":filter smpp.comm", -1, src, []string{"smpp.command_id", "smpp.command_length", "smpp.command_status"}, 8},
		{":filter   dir == ", -1, src, []string{"in", "out"}, 17},
		{":filter smpp.comm == 4", 17, src, []string{"smpp.command_id", "smpp.command_length", "smpp.command_status"}, 8},
		{":burst --ra", -1, src, []string{"--ramp", "--rate"}, 7},
		{":burst -ra", -1, src, []string{"--ramp", "--rate"}, 7},
		{":burst --count 5 --w", -1, src, []string{"--wait-dlr", "--window"}, 17},
		{":burst --rate ", -1, src, nil, 14},
		{":burst --adaptive --t", -1, src, []string{"--text", "--to"}, 18},
		{":burst --count=", -1, src, nil, 7},
		{":burst 5", -1, src, nil, 7},
		{":burst --csv " + d + "r", -1, src, []string{d + "rows.csv", d + "run1.pcapng", d + "run2.pcapng", d + "runlink/", d + "runs/"}, 13},
		{":export " + d + "run", -1, src, []string{d + "run1.pcapng", d + "run2.pcapng", d + "runlink/", d + "runs/"}, 8},
		{":export " + d + "my", -1, src, []string{"'" + d + "my log.jsonl'"}, 8},
		{":open " + d + ".", -1, src, []string{d + ".hidden.pcap"}, 6},
		{":open " + d + "zz", -1, src, nil, 6},
		{":open " + d + "run1.pcapng/", -1, src, nil, 6},
		{":open " + d + "nosuchdir/x", -1, src, nil, 6},
		{":tab x", 99, src, nil, 5},
		{":tab x", -5, src, nil, 5},
		{" :tab", 0, src, nil, 0},
	}
	for _, c := range cases {
		cur := c.cursor
		if cur == -1 {
			cur = len(c.line)
		}
		got, start := Complete(c.line, cur, c.src)
		if !reflect.DeepEqual(got, c.want) || start != c.start {
			t.Errorf("Complete(%q, %d) = %q, %d; want %q, %d", c.line, cur, got, start, c.want, c.start)
		}
	}
	// Every flag of burst is offered, and each candidate is one Parse reads.
	all, _ := Complete(":burst ", 7, nil)
	for _, f := range []string{"--count", "--duration", "--rate", "--csv", "--to", "--text", "--from", "--seed", "--max-p99"} {
		if !slices.Contains(all, f) {
			t.Errorf("burst flags %q lack %s", all, f)
		}
	}
}

// A file name without a directory is looked up in the working directory.
func TestCompleteFilesHere(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("capture.pcap", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	got, start := Complete(":open ca", 8, nil)
	if !reflect.DeepEqual(got, []string{"capture.pcap"}) || start != 6 {
		t.Fatalf("%q %d", got, start)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	if err := os.WriteFile(filepath.Join(home, "out.jsonl"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	got, _ = Complete(":export ~/o", 11, nil)
	if !reflect.DeepEqual(got, []string{"~/out.jsonl"}) {
		t.Fatalf("home: %q", got)
	}
	// What completion offers, Parse takes.
	line := ":export " + got[0]
	if cmd, err := Parse(line); err != nil || cmd.Args[0] != filepath.Join(home, "out.jsonl") {
		t.Fatalf("%q: %v %v", line, cmd, err)
	}
	for _, c := range []string{"'backup smsc'", "prod-tx"} {
		if cmd, err := Parse(":tab " + c); err != nil || strings.Contains(cmd.Args[0], "'") {
			t.Fatalf("%q: %v %v", c, cmd, err)
		}
	}
}
