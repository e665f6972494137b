package burst

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/message"
)

func TestTemplateExpansions(t *testing.T) {
	now := time.Date(2026, 12, 1, 13, 4, 5, 678e6, time.UTC)
	cases := []struct {
		tmpl string
		want []string // for seq 1, 2, 3
		re   string   // or a pattern every expansion matches
	}{
		{tmpl: "hello", want: []string{"hello", "hello", "hello"}},
		{tmpl: "msg {seq}/x", want: []string{"msg 1/x", "msg 2/x", "msg 3/x"}},
		{tmpl: "4477009{range:00998-01000}", want: []string{"447700900998", "447700900999", "447700901000"}},
		{tmpl: "{range:7-8}", want: []string{"7", "8", "7"}},
		{tmpl: "{{seq} {time}", want: []string{"{seq} 2026-12-01T13:04:05.678Z", "{seq} 2026-12-01T13:04:05.678Z", "{seq} 2026-12-01T13:04:05.678Z"}},
		{tmpl: "44{rand:8}", re: `^44[0-9]{8}$`},
		{tmpl: "{uuid}", re: `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`},
	}
	for _, c := range cases {
		tm, err := ParseTemplate(c.tmpl)
		if err != nil {
			t.Fatalf("%q: %v", c.tmpl, err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		seen := map[string]bool{}
		for i := range 3 {
			got := tm.Expand(uint64(i+1), rng, now)
			if c.want != nil && got != c.want[i] {
				t.Errorf("%q seq %d = %q, want %q", c.tmpl, i+1, got, c.want[i])
			}
			if c.re != "" && !regexp.MustCompile(c.re).MatchString(got) {
				t.Errorf("%q = %q, want /%s/", c.tmpl, got, c.re)
			}
			seen[got] = true
		}
		if c.re != "" && len(seen) != 3 {
			t.Errorf("%q gave repeats: %v", c.tmpl, seen)
		}
	}
}

// The same seed gives the same random digits: a run can be repeated.
func TestTemplateSeeded(t *testing.T) {
	gen := func(seed uint64) []string {
		to, _ := ParseTemplate("4477{rand:8}")
		text, _ := ParseTemplate("{uuid}")
		src := &Templates{To: to, Text: text, Seed: seed}
		var out []string
		for i := range 5 {
			m, err := src.Next(uint64(i + 1))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, m.Dest.Addr+" "+m.Text)
		}
		return out
	}
	a, b, c := gen(7), gen(7), gen(8)
	if strings.Join(a, ",") != strings.Join(b, ",") || strings.Join(a, ",") == strings.Join(c, ",") {
		t.Fatalf("seed 7: %v / %v, seed 8: %v", a, b, c)
	}
}

func TestTemplateErrors(t *testing.T) {
	for _, s := range []string{"{seq", "{rand:0}", "{rand:x}", "{range:9-1}", "{range:12}", "{nope}", "{seq:1}"} {
		if _, err := ParseTemplate(s); err == nil {
			t.Errorf("%q: no error", s)
		}
	}
}

// Templates build messages as send does: addresses resolved, TON/NPI inferred.
func TestTemplatesBuildMessages(t *testing.T) {
	to, _ := ParseTemplate("+4477009{range:00000-00001}")
	from, _ := ParseTemplate("Brand")
	text, _ := ParseTemplate("n{seq}")
	src := &Templates{Base: message.Message{RegisteredDelivery: 1}, To: to, From: from, Text: text}
	m, err := src.Next(1)
	if err != nil {
		t.Fatal(err)
	}
	if m.Dest.Addr != "447700900000" || m.Dest.TON != 1 || m.Source.Addr != "Brand" || m.Source.TON != 5 || m.Text != "n1" || m.RegisteredDelivery != 1 {
		t.Fatalf("%+v", m)
	}
	bad, _ := ParseTemplate("not a number")
	if _, err := (&Templates{To: bad, Text: text}).Next(1); err == nil || !strings.Contains(err.Error(), "--to") {
		t.Fatalf("bad destination: %v", err)
	}
}

func TestReadCSV(t *testing.T) {
	rows, err := ReadCSV(strings.NewReader("to,from,text\n447700900001,Brand,hello\n+447700900002,,\"a, b\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1].Text != "a, b" || rows[1].Line != 3 {
		t.Fatalf("%+v", rows)
	}
	src := &Rows{Rows: rows}
	m, err := src.Next(3) // cycles
	if err != nil || m.Dest.Addr != "447700900001" || m.Source.Addr != "Brand" {
		t.Fatalf("%+v %v", m, err)
	}
	for in, want := range map[string]string{
		"447700900001,Brand,hi\nbad,x,y\n":    "csv line 2: to",
		"447700900001,Brand\n":                "csv line 1: 2 fields",
		"to,from,text\n":                      "no rows",
		"447700900001,Brand,hi\n\"unclosed\n": "csv",
	} {
		_, err := ReadCSV(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}
