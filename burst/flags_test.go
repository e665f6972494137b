package burst

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	f, s, err := ParseFlags([]string{"--rate", "250", "--count=1000", "--adaptive", "--ramp", "10:250:5s", "--to", "44{seq}", "--text", "load {seq}", "-wait-dlr", "3s"})
	if err != nil {
		t.Fatal(err)
	}
	want := Settings{Count: 1000, Rate: 250, RampFrom: 10, RampOver: 5 * time.Second, Adaptive: true, RetryBackoff: DefaultRetryBackoff, WaitReceipts: 3 * time.Second}
	if s != want {
		t.Fatalf("settings %+v, want %+v", s, want)
	}
	if f.To != "44{seq}" || f.Text != "load {seq}" || f.Window != 100 || f.Binds != 1 || f.Seed != 1 {
		t.Fatalf("flags %+v", f)
	}
	// With --csv the rows give the count, as the subcommand counts them.
	if _, s, err := ParseFlags([]string{"--csv", "rows.csv"}); err != nil || s.Count != 0 {
		t.Fatalf("csv: %+v %v", s, err)
	}
}

func TestParseFlagsErrors(t *testing.T) {
	cases := []struct {
		args []string
		arg  int // -1: not a FlagError
		want string
	}{
		{[]string{"--rate", "x", "--count", "1"}, 1, `--rate: invalid value "x": want a number`},
		{[]string{"--count", "1", "--duration", "soon"}, 3, "want a time such as 30s"},
		{[]string{"--count", "1.5"}, 1, "want a whole number"},
		{[]string{"--adaptive=maybe", "--count", "1"}, 0, "want true or false"},
		{[]string{"--count=x"}, 0, `--count: invalid value "x"`},
		{[]string{"--rat", "1"}, 0, "unknown flag --rat"},
		{[]string{"--", "x"}, 1, `unexpected argument "x"`},
		{[]string{"-", "x"}, 0, `unexpected argument "-"`},
		{[]string{"---"}, 0, "unknown flag ---"},
		{[]string{"--count", "1", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"--count"}, 0, "--count needs a value"},
		{[]string{"--count", "1", "--to", "44{seq}", "--to=45"}, 4, "--to given more than once"},
		{[]string{"--rate", "100"}, -1, "give a count of messages or a duration"},
		{[]string{"--count", "1", "--binds", "0"}, -1, "--binds 0: want 1 to 1000"},
		{[]string{"--count", "1", "--ramp", "a:b:c"}, -1, "--ramp"},
		{[]string{"--count", "1", "--rate", "2000000"}, -1, "at most 1000000"},
	}
	for _, c := range cases {
		_, _, err := ParseFlags(c.args)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.args, err, c.want)
			continue
		}
		var fe *FlagError
		if isFE := errors.As(err, &fe); isFE != (c.arg >= 0) || isFE && fe.Arg != c.arg {
			t.Errorf("%q: %#v, want the word at %d", c.args, err, c.arg)
		}
	}
}
