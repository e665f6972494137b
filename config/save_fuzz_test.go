package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/smppconsole/smppconsole/segment"
)

// layouts are files in the ways TOML allows a profile to be written that the editor
// does edit, and files around it with what else TOML has.
var layouts = []string{
	"[profiles.a]\nhost = \"h\" # x\n[sim]\nlisten = \"127.0.0.1:0\"\n",
	"[profiles.\"\\u0061\"]\nhost = \"h\"\n",
	"[profiles.'lit eral']\nhost = 'h'\n",
	"[profiles.a]\nhost = \"\"\"\nh\"\"\"\n[profiles.b]\nhost = '''x''''\n",
	"[profiles.a]\nhost = \"h\"\n\n\n# trailing comment\n",
	"\uFEFF[profiles.a]\nhost = \"h\"\n",
	"[profiles.a]\n\"host\" = \"h\"\n",
	"[profiles]\n[profiles.a]\nhost=\"h\"\n",
	"[sim]\nlisten = \"127.0.0.1:0\"\n[[sim.accounts]]\nsystem_id = \"a\"\npassword = \"b\"\n[profiles.a]\nhost=\"h\"\n",
	"[profiles.a.message]\ncoding = \"gsm7\"\n[profiles.a]\nport = 1\n",
	"[profiles.a]\nhost=\"h\"",
	"[profiles.a]\nport=1#c",
	"[profiles.a]\r\nport=1\r\n",
	"[profiles.a]\ntls.enabled=true\n[profiles.a.message]\ncoding=\"ucs2\"\n",
	"[sim]\naccounts = [\n {system_id=\"a\", password=\"b\"}, # c\n]\n[profiles.a]\nhost = \"h\"\n",
	"[sim]\naccounts = [{system_id=\"a\",\n password=\"b\",\n}]\n[profiles.a]\nhost = \"h\"\n",
	"[profiles.a]\nhost = \"h\\\"\" # q\n",
	"[profiles.a] # c\n  host\t=\t\"h\"\t# c\n",
	"[profiles.a.tls]\n[profiles.a.message]\n",
}

// Every layout, with a spread of edits, passes FuzzSaveProfile's check.
func TestSaveProfileLayouts(t *testing.T) {
	for _, text := range layouts {
		if _, err := Parse("c.toml", text); err != nil {
			t.Errorf("%q does not load: %v", text, err)
			continue
		}
		for which := 0; which < 1<<9; which += 5 {
			checkSave(t, text, uint16(which))
		}
	}
}

// FuzzSaveProfile edits one profile of any file the loader accepts: the editor never
// panics, refuses only the layouts it says it does not edit, and what it writes loads,
// holds the profile as saved and every other profile as it was, and is left as it is by
// saving the same profile again.
func FuzzSaveProfile(f *testing.F) {
	seeds := []string{
		"", "[profiles.a]\nhost = \"x\"\n", "[profiles.\"a.b\"]\nhost=\"h\"\n[profiles.\"a.b\".tls]\nenabled=true\n",
		"default_profile = \"a\"\n[profiles.a]\nport = 1 # c\n\n[sim]\nlisten = \"127.0.0.1:0\"\n",
		"[profiles.a]\npassword = '''x'''\n[profiles.a.message]\ncoding = \"ucs2\"\n",
		"[profiles.a]\ntls.enabled = true\n", "[profiles.a]\r\nhost = \"a\"\r\n", "[profiles.a.tls]\nenabled = true",
	}
	seeds = append(seeds, layouts...)
	if b, err := os.ReadFile(examplePath); err == nil {
		seeds = append(seeds, string(b))
	}
	befores, _ := filepath.Glob(filepath.Join("testdata", "save", "*.before.toml"))
	for _, name := range befores {
		if b, err := os.ReadFile(name); err == nil {
			seeds = append(seeds, string(b))
		}
	}
	for i, s := range seeds {
		f.Add(s, uint16(i*37))
	}
	f.Fuzz(checkSave)
}

// checkSave is FuzzSaveProfile's check of one file and one edit (which: bits choose it).
func checkSave(t *testing.T, text string, which uint16) {
	const path = "/fuzz/config.toml"
	before, err := Parse(path, text)
	if err != nil {
		return
	}
	bit := func(n uint) bool { return which&(1<<n) != 0 }
	p := Defaults()
	p.Name = "fuzz new"
	if names := before.Names(); len(names) > 0 && !bit(0) {
		p = before.profiles[names[int(which>>9)%len(names)]]
	}
	if p.Name == "" {
		p.Name = "fuzz new" // SaveProfile refuses a profile without a name
	}
	if bit(8) {
		name := p.Name
		p = Defaults()
		p.Name = name
	}
	opt := SaveOptions{}
	if bit(1) {
		p.Port = 3000 + int(which>>9)
	}
	if bit(2) {
		p.Host = "h\"\\ü"
	}
	if bit(3) {
		p.TLS.Enabled, p.TLS.ServerName, p.TLS.CAFile = true, "s.example", "/x/ca.pem"
	}
	if bit(4) {
		p.Message.Coding, p.Message.Split = nil, ptr(segment.UDH)
	}
	switch {
	case bit(5):
		p.PasswordEnv = "FUZZ_PW"
	case bit(6):
		p.Password, p.PasswordEnv, opt.WritePassword = "pw\"x", "", true
	}
	if bit(7) {
		p.Window = 1 + int(which>>9)%100
	}
	out, _, err := editProfile(path, text, p, opt)
	if err != nil {
		if !errors.Is(err, errLayout) {
			t.Fatalf("refused: %v", err)
		}
		return
	}
	after, err := Parse(path, out)
	if err != nil {
		t.Fatalf("the saved file does not load: %v\n%s", err, out)
	}
	got, ok := after.profiles[p.Name]
	if !ok {
		t.Fatalf("no profile %q in:\n%s", p.Name, out)
	}
	want, _ := normalize(p, opt)
	if want.PasswordEnv != "" {
		want.Password = "" // password_env takes the password's place
	}
	if d := differing(got, want); d != "" && d != "where the password comes from" {
		t.Fatalf("reads back different at %s:\n%s", d, out)
	}
	for _, n := range before.Names() {
		if n != p.Name && !reflect.DeepEqual(after.profiles[n], before.profiles[n]) {
			t.Fatalf("profile %q changed:\n%s", n, out)
		}
	}
	again, _, err := editProfile(path, out, got, opt)
	if err != nil || again != out {
		t.Fatalf("saving the same profile again: %v\n%s\n---\n%s", err, out, again)
	}
}
