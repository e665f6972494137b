package config

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/smppclient"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/save")

// sameProfile fails unless got is want, the password compared without showing it.
func sameProfile(t *testing.T, what string, got, want Profile) {
	t.Helper()
	if d := differing(got, want); d != "" {
		t.Errorf("%s: reads back different at %s:\n got %+v\nwant %+v", what, d, hidePassword(got), hidePassword(want))
	}
	if got.Password != want.Password {
		t.Errorf("%s: reads back a different password", what)
	}
}

func hidePassword(p Profile) Profile {
	if p.Password != "" {
		p.Password = "(set)"
	}
	return p
}

func ptr[T any](v T) *T { return &v }

// loadProfile loads path and returns its profile name, failing the test otherwise.
func loadProfile(t *testing.T, path, name string) (Profile, *File) {
	t.Helper()
	f, err := Load(path)
	if err != nil {
		t.Fatalf("the saved file does not load: %v", err)
	}
	p, err := f.Profile(name)
	if err != nil {
		t.Fatal(err)
	}
	return p, f
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// Saving then loading gives back the profile saved, new or existing, with TLS, with
// password_env, with and without the password; the other profiles stay as they were.
func TestSaveProfileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "config.toml")

	// A new file: created 0600, in a directory made 0700.
	p := Defaults()
	p.Name, p.Host, p.Port, p.SystemID, p.Password = "first", "smsc.example", 3550, "acme", "s3cr3t"
	res, err := SaveProfile(path, p, SaveOptions{WritePassword: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || res.Tightened || res.Path != path {
		t.Errorf("result %+v", res)
	}
	if m := mode(t, path); m != 0o600 {
		t.Errorf("created with mode %04o", m)
	}
	if m := mode(t, filepath.Dir(path)); m != 0o700 {
		t.Errorf("directory created with mode %04o", m)
	}
	got, _ := loadProfile(t, path, "first")
	p.PasswordFrom = "profile"
	sameProfile(t, "new file", got, p)

	// A second profile, with every kind of setting, TLS and password_env.
	q := Defaults()
	q.Name, q.Host, q.Bind, q.SystemID, q.SystemType, q.PasswordEnv = "second", "10.1.2.3", smppclient.TxRx, "acme_ltd", "VMA", "ACME_PW"
	q.InterfaceVersion, q.AddrTON, q.AddrNPI, q.AddressRange = 0x50, 1, 1, "^44"
	q.EnquireLinkInterval, q.EnquireLinkTimeout, q.Window = -1, Duration(25*time.Second), 50
	q.ConnectTimeout, q.BindTimeout, q.ResponseTimeout, q.UnbindTimeout = Duration(3*time.Second), Duration(4*time.Second), Duration(1500*time.Millisecond), Duration(time.Second)
	q.Reconnect, q.ReconnectMin, q.ReconnectMax, q.RetryOnAuthFailure = false, Duration(2*time.Second), Duration(90*time.Minute), true
	q.DeliverRespStatus, q.JournalMaxSize, q.JournalMaxTotal = 0x64, 1<<20, 1<<30
	q.TLS = TLS{Enabled: true, CAFile: filepath.Join(dir, "ca.pem"), CertFile: filepath.Join(dir, "c.pem"), KeyFile: filepath.Join(dir, "k.pem"),
		ServerName: "smsc.example", Insecure: true}
	src := message.Address{Addr: "447700900100", TON: 1, NPI: 1}
	q.Message = MessageDefaults{Source: &src, Coding: ptr(coding.UCS2), Split: ptr(segment.SAR), RegisteredDelivery: ptr(Octet(2))}
	q.Password, q.PasswordFrom = "from-env", "environment:ACME_PW" // as Resolve leaves it: not written
	if _, err := SaveProfile(path, q, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	got, f := loadProfile(t, path, "second")
	want := q
	want.Password, want.PasswordFrom = "", ""
	sameProfile(t, "second", got, want)
	first, _ := f.Profile("first")
	sameProfile(t, "first after saving second", first, p)
	if text, _ := os.ReadFile(path); bytes.Contains(text, []byte("from-env")) {
		t.Error("a password from password_env was written")
	}

	// Editing an existing profile: back to the defaults (keys it has take them, the
	// message defaults go), and a changed password not written without WritePassword.
	e := Defaults()
	e.Name, e.Host, e.Password = "second", "10.1.2.3", "changed"
	res, err = SaveProfile(path, e, SaveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Removed, ",") != "password_env,message.source,message.coding,message.split,message.registered_delivery" {
		t.Errorf("removed %q", res.Removed)
	}
	got, _ = loadProfile(t, path, "second")
	want = e
	want.Password = ""
	sameProfile(t, "second, edited", got, want)
	if text, _ := os.ReadFile(path); bytes.Contains(text, []byte("changed")) {
		t.Error("the password was written without WritePassword")
	}

	// The first profile keeps its password in the file when not asked to write it...
	p2 := p
	p2.Password, p2.Window = "other", 20
	if _, err := SaveProfile(path, p2, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	got, _ = loadProfile(t, path, "first")
	want = p2
	want.Password = "s3cr3t"
	sameProfile(t, "first, password kept", got, want)
	// ... writes it when asked ...
	if _, err := SaveProfile(path, p2, SaveOptions{WritePassword: true}); err != nil {
		t.Fatal(err)
	}
	got, _ = loadProfile(t, path, "first")
	sameProfile(t, "first, password written", got, p2)
	// ... and password_env replaces it.
	p3 := p2
	p3.PasswordEnv = "FIRST_PW"
	res, err = SaveProfile(path, p3, SaveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Removed, ",") != "password" {
		t.Errorf("removed %q", res.Removed)
	}
	got, _ = loadProfile(t, path, "first")
	want = p3
	want.Password, want.PasswordFrom = "", ""
	sameProfile(t, "first, password_env", got, want)
	if text, _ := os.ReadFile(path); bytes.Contains(text, []byte("s3cr3t")) || bytes.Contains(text, []byte("other")) {
		t.Error("the password is still in the file")
	}
	// Both at once cannot be saved.
	p3.Password, p3.PasswordFrom = "typed", ""
	if _, err := SaveProfile(path, p3, SaveOptions{WritePassword: true}); err == nil || !strings.Contains(err.Error(), "password_env") ||
		strings.Contains(err.Error(), "typed") {
		t.Errorf("password and password_env: %v", err)
	}
}

// Golden files: the lines outside the keys edited stay byte for byte, comments,
// blank lines and order included. Regenerate with go test ./config -run Golden -update.
func TestSaveProfileGolden(t *testing.T) {
	for _, tc := range []struct {
		name, profile string
		opt           SaveOptions
		edit          func(p *Profile)
	}{
		{"edit", "primary", SaveOptions{}, func(p *Profile) {
			p.Host, p.Port, p.Window, p.Bind = "smsc.example", 3550, 50, smppclient.Transmitter
			p.PasswordEnv = "ACME_PW"
			p.TLS = TLS{Enabled: true, CAFile: "/etc/ssl/carrier-ca.pem", ServerName: "smsc.example"}
			p.Message.Split = nil
			p.Message.RegisteredDelivery = ptr(Octet(1))
		}},
		{"dotted", "a", SaveOptions{}, func(p *Profile) {
			p.Host = "h2"
			p.TLS.CAFile, p.TLS.Insecure = "/etc/ssl/ca.pem", true
			p.Message.Split = ptr(segment.UDH)
		}},
		{"quoted", "my prof", SaveOptions{WritePassword: true}, func(p *Profile) {
			p.Port, p.Password = 1234, `p"w\ü`
			p.TLS.ServerName = "ünïcödé.example"
		}},
		{"subonly", "a", SaveOptions{}, func(p *Profile) { p.Host, p.SystemID = "h", "id" }},
		{"new", `we"ird\name`, SaveOptions{}, func(p *Profile) {
			p.Host, p.SystemType, p.EnquireLinkInterval = "n", "tab\there", -1
			p.TLS.Enabled = true
		}},
		{"crlf", "a", SaveOptions{}, func(p *Profile) { p.Host, p.Port = "a2", 2776 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, err := os.ReadFile(filepath.Join("testdata", "save", tc.name+".before.toml"))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "config.toml")
			if err := os.WriteFile(path, before, 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			p, err := f.Profile(tc.profile)
			if err != nil {
				p = Defaults()
				p.Name = tc.profile
			}
			tc.edit(&p)
			if _, err := SaveProfile(path, p, tc.opt); err != nil {
				t.Fatal(err)
			}
			after, _ := os.ReadFile(path)
			golden := filepath.Join("testdata", "save", tc.name+".after.toml")
			if *update {
				if err := os.WriteFile(golden, after, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(after, want) {
				t.Errorf("saved:\n%s\nwant:\n%s", after, want)
			}
			got, g := loadProfile(t, path, tc.profile)
			if !tc.opt.WritePassword {
				p.Password, p.PasswordFrom = got.Password, got.PasswordFrom
			} else {
				p.PasswordFrom = "profile"
			}
			sameProfile(t, tc.name, got, p)
			for _, n := range f.Names() {
				if o, _ := f.Profile(n); n != tc.profile {
					q, _ := g.Profile(n)
					sameProfile(t, n, q, o)
				}
			}
		})
	}
}

func TestSaveProfileMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.toml")
	p := Defaults()
	p.Name, p.Host = "a", "h"
	for _, tc := range []struct {
		mode      os.FileMode
		tightened bool
	}{{0o644, true}, {0o600, false}, {0o640, true}, {0o400, false}} {
		if err := os.WriteFile(path, []byte("[profiles.a]\nhost = \"x\"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, tc.mode); err != nil {
			t.Fatal(err)
		}
		res, err := SaveProfile(path, p, SaveOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Tightened != tc.tightened || res.Created {
			t.Errorf("mode %04o: %+v", tc.mode, res)
		}
		if m := mode(t, path); m != 0o600 {
			t.Errorf("mode %04o became %04o", tc.mode, m)
		}
	}
	// No temp file is left behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files in the directory: %v", entries)
	}
	// A link is followed: the file it points at is written, the link stays.
	link := filepath.Join(dir, "link.toml")
	if err := os.Symlink(path, link); err != nil {
		t.Skip("no symlinks here")
	}
	p.Host = "via-link"
	if _, err := SaveProfile(link, p, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	if got, _ := loadProfile(t, path, "a"); got.Host != "via-link" {
		t.Errorf("host %q", got.Host)
	}
}

// Strings are quoted and escaped so the loader reads the same characters back.
func TestSaveProfileEscapes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	p := Defaults()
	p.Name = `a "quoted" \ name ✓`
	p.Host = `host"with\quotes`
	p.Password = "p\"\\\t\x01\x7fé"
	p.SystemType = "ünï"
	p.AddressRange = `^44\d+$` + "\n" + `'"""`
	p.TLS.Enabled, p.TLS.ServerName = true, "日本.example"
	if _, err := SaveProfile(path, p, SaveOptions{WritePassword: true}); err != nil {
		t.Fatal(err)
	}
	got, _ := loadProfile(t, path, p.Name)
	p.PasswordFrom = "profile"
	sameProfile(t, "escapes", got, p)
	// Text TOML cannot hold is refused, without showing it.
	p.Password = "bad\xffpw"
	if _, err := SaveProfile(path, p, SaveOptions{WritePassword: true}); err == nil || !strings.Contains(err.Error(), "key password: the value is not valid UTF-8") ||
		strings.Contains(err.Error(), "bad") {
		t.Errorf("invalid UTF-8: %v", err)
	}
	p.Password, p.Name = "pw", "bad\xffname"
	if _, err := SaveProfile(path, p, SaveOptions{}); err == nil || !strings.Contains(err.Error(), "the name is not valid UTF-8") {
		t.Errorf("invalid UTF-8 name: %v", err)
	}
}

// A file the loader refuses, or a layout the editor does not edit, or a profile the
// loader would refuse, is not written at all.
func TestSaveProfileRefuses(t *testing.T) {
	dir := t.TempDir()
	p := Defaults()
	p.Name, p.Host = "a", "h"
	for _, tc := range []struct {
		what, text string
		edit       func(*Profile)
		want       string
	}{
		{"a syntax error", "[profiles.a]\nhost = \"h\nport = 1\n", nil, "the file does not load"},
		{"a syntax error in a password", "[profiles.a]\npassword = s3cr3t\n", nil, "its characters are not shown"},
		{"an unknown key", "[profiles.a]\nhots = \"h\"\n", nil, `unknown key "profiles.a.hots"`},
		{"an inline table", "[profiles]\na = { host = \"h\" }\n", nil, "profiles.a is written as a value"},
		{"dotted keys from above", "profiles.a.host = \"x\"\n", nil, "profiles.a.host is written as an inline table or dotted keys"},
		{"an inline sub-table", "[profiles.a]\ntls = { enabled = true }\n", nil, "profiles.a.tls is written as an inline table"},
		{"a port out of range", "[profiles.a]\n", func(p *Profile) { p.Port = 0 }, "port: 0 is not a port number"},
		{"a window out of range", "", func(p *Profile) { p.Window = 0 }, "window: 0: want 1-"},
		{"no name", "", func(p *Profile) { p.Name = "" }, "without a name"},
	} {
		path := filepath.Join(dir, "c.toml")
		if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		q := p
		if tc.edit != nil {
			tc.edit(&q)
		}
		_, err := SaveProfile(path, q, SaveOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.what, err, tc.want)
			continue
		}
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: the error shows the password: %v", tc.what, err)
		}
		if text, _ := os.ReadFile(path); string(text) != tc.text {
			t.Errorf("%s: the file was written", tc.what)
		}
		if m := mode(t, path); m != 0o644 {
			t.Errorf("%s: mode changed to %04o", tc.what, m)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("%s: files left: %v", tc.what, entries)
		}
	}
}

// A directory that cannot be written is an error in words, and the file is untouched.
func TestSaveProfileUnwritableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		// root writes anywhere; a path under a file is unwritable for everyone.
		path := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		p := Defaults()
		p.Name = "a"
		if _, err := SaveProfile(filepath.Join(path, "c.toml"), p, SaveOptions{}); err == nil || !strings.Contains(err.Error(), `cannot save profile "a"`) {
			t.Errorf("under a file: %v", err)
		}
		return
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "c.toml")
	if err := os.WriteFile(path, []byte("[profiles.a]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	p := Defaults()
	p.Name, p.Host = "a", "h"
	if _, err := SaveProfile(path, p, SaveOptions{}); err == nil || !strings.Contains(err.Error(), `cannot save profile "a"`) {
		t.Errorf("read-only directory: %v", err)
	}
	if text, _ := os.ReadFile(path); string(text) != "[profiles.a]\n" {
		t.Errorf("the file was written: %q", text)
	}
}
