package main

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/smppconsole/smppconsole/burst"
)

// The console's :burst reads burst's flags with burst.ParseFlags; the subcommand with
// its own flag set holding the same definitions. The same words must give the same run.
func TestBurstFlagsSameAsConsole(t *testing.T) {
	cases := []struct {
		name string
		args []string
		fail bool
	}{
		{"rate and count", []string{"--rate", "100", "--count", "1000"}, false},
		{"every flag", []string{"--count=5", "--duration", "30s", "--ramp", "10:100:5s", "--adaptive", "--retry-throttled", "3",
			"--retry-backoff", "20ms", "--wait-dlr", "2s", "--seed", "7", "--window", "50", "--binds", "2", "--expect-rate", "90",
			"--max-p99", "1s", "--metrics", "127.0.0.1:0", "--csv", "rows.csv"}, false},
		{"csv gives the count", []string{"--csv", "rows.csv", "--rate", "5"}, false},
		{"templates", []string{"--count", "10", "--to", "4477{rand:4}", "--from", "Load{seq}", "--text", "n {seq}"}, false},
		{"plain from", []string{"--count", "10", "--from", "Brand"}, false},
		{"single dash, bool value", []string{"-count", "1", "-adaptive=false"}, false},
		{"defaults", []string{"--duration", "1m"}, false},
		{"bad rate", []string{"--rate", "x", "--count", "1"}, true},
		{"no count", []string{"--rate", "100"}, true},
		{"binds", []string{"--binds", "0", "--count", "1"}, true},
		{"ramp", []string{"--ramp", "1:2", "--count", "1"}, true},
		{"window", []string{"--window", "0", "--count", "1"}, true},
		{"negative", []string{"--max-p99", "-1s", "--count", "1"}, true},
		{"unknown", []string{"--rat", "1", "--count", "1"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var mf messageFlags
			var cf connFlags
			var bf burstFlags
			var jf journalFlags
			var stderr bytes.Buffer
			fs := burstFlagSet(&stderr, &mf, &cf, &bf, &jf)
			_, ok := parseArgs(fs, burstUsage, c.args, &stderr)
			var cmdSet burst.Settings
			var cmdErr error
			if ok {
				mf.noteSet(fs) // as runBurst does: it joins the --to given
				cmdSet, cmdErr = bf.Settings()
			}
			f, set, err := burst.ParseFlags(c.args)
			if c.fail {
				if ok && cmdErr == nil || err == nil {
					t.Fatalf("want both to refuse: subcommand %v %v %q, console %v", ok, cmdErr, stderr.String(), err)
				}
				if cmdErr != nil && cmdErr.Error() != err.Error() {
					t.Fatalf("subcommand says %q, console %q", cmdErr, err)
				}
				return
			}
			if !ok || cmdErr != nil || err != nil {
				t.Fatalf("subcommand %v %v %q, console %v", ok, cmdErr, stderr.String(), err)
			}
			got := bf.Flags
			got.To, got.Text = mf.to, mf.text // the subcommand has these among send's flags
			if !reflect.DeepEqual(got, f) {
				t.Fatalf("flags differ:\nsubcommand %+v\nconsole    %+v", got, f)
			}
			if !reflect.DeepEqual(cmdSet, set) {
				t.Fatalf("settings differ:\nsubcommand %+v\nconsole    %+v", cmdSet, set)
			}
		})
	}
}
