package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

const examplePath = "../config.example.toml"

func TestExampleParses(t *testing.T) {
	f, err := Load(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.Names(), ","); got != "local-sim,carrier-tls" {
		t.Errorf("profiles %s", got)
	}
	p, err := f.Profile("")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "local-sim" || p.Addr() != "127.0.0.1:2775" || p.SystemID != "smppclient1" || p.Password != "password" ||
		p.PasswordFrom != "profile" || p.Bind != smppclient.Transceiver || p.InterfaceVersion != 0x34 || p.Window != 10 ||
		p.EnquireLinkInterval.D() != 30*time.Second || !p.Reconnect || p.DeliverRespStatus != 0 {
		t.Errorf("local-sim %+v", p)
	}
	if m := p.Message; m.Source == nil || m.Source.Addr != "SMPPConsole" || m.Source.TON != message.TONAlphanumeric ||
		*m.Coding != coding.Auto || *m.Split != segment.UDH || *m.RegisteredDelivery != 1 {
		t.Errorf("local-sim message defaults %+v", m)
	}
	s, err := p.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if s.Addr != "127.0.0.1:2775" || s.TLS != nil || s.NoReconnect || s.Window != 10 {
		t.Errorf("settings %+v", s)
	}

	c, err := f.Profile("carrier-tls")
	if err != nil {
		t.Fatal(err)
	}
	if c.Bind != smppclient.TxRx || c.Password != "" || c.PasswordEnv != "ACME_SMPP_PASSWORD" || !c.TLS.Enabled || c.SystemType != "VMA" || c.ReconnectMax.D() != 5*time.Minute ||
		c.TLS.CAFile != filepath.Join("..", "carrier-ca.pem") || !filepath.IsAbs(c.TLS.CertFile) || *c.Message.Split != segment.SAR {
		t.Errorf("carrier-tls %+v", c)
	}
	if _, err := c.Settings(); err == nil || !strings.Contains(err.Error(), "carrier-ca.pem") {
		t.Errorf("missing CA file: %v", err)
	}
}

// Every key the parser accepts is documented in config.example.toml.
func TestExampleDocumentsEveryKey(t *testing.T) {
	text, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []reflect.Type{reflect.TypeOf(document{}), reflect.TypeOf(Profile{}), reflect.TypeOf(TLS{}), reflect.TypeOf(MessageDefaults{})} {
		for i := 0; i < typ.NumField(); i++ {
			key := typ.Field(i).Tag.Get("toml")
			switch key {
			case "profiles", "tls", "message", "sim", "-":
				continue
			}
			if !regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(key) + `\s*=`).Match(text) {
				t.Errorf("key %q is not documented in config.example.toml", key)
			}
		}
	}
}

func TestErrorsNameFileLineKey(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"[profiles.a]\nhost = \"x\"\nwindow = \"ten\"\n", `config.toml:3: key "profiles.a.window": incompatible types`},
		{"[profiles.a]\nhost = \"x\"\nwindow = 0\n", `config.toml:3: key "profiles.a.window": 0: want 1-`},
		{"[profiles.a]\nhost = \"x\"\nbind = \"trxx\"\n", `config.toml:3: key "profiles.a.bind": unknown bind type "trxx"`},
		{"[profiles.a]\nhost = \"x\"\nenquire_link_interval = 30\n", `config.toml:3: key "profiles.a.enquire_link_interval": want a duration`},
		{"[profiles.a]\nhost = \"x\"\nresponse_timeout = \"10\"\n", `config.toml:3: key "profiles.a.response_timeout": "10" is not a duration`},
		{"[profiles.a]\nhost = \"x\"\nresponse_timeout = \"0s\"\n", `config.toml:3: key "profiles.a.response_timeout": must be longer than 0s`},
		{"[profiles.a]\nhost = \"x\"\nenquire_link_timeout = \"0s\"\n", `config.toml:3: key "profiles.a.enquire_link_timeout": must be longer than 0s`},
		{"[profiles.a]\nhost = \"x\"\nwindw = 3\n", `config.toml:3: unknown key "profiles.a.windw" (did you mean "window"?)`},
		{"[profiles.a]\nhost = \"x\"\n\n[profiles.a.tls]\nca_fil = \"x\"\n", `config.toml:5: unknown key "profiles.a.tls.ca_fil"`},
		{"[profiles.a]\nport = 99999\n", `config.toml:2: key "profiles.a.port": 99999 is not a port number`},
		{"[profiles.a]\ninterface_version = 300\n", `config.toml:2: key "profiles.a.interface_version": interface version "300": want 3.3, 3.4 or 5.0`},
		{"[profiles.a]\ndeliver_resp_status = \"ESME_NOPE\"\n", `config.toml:2: key "profiles.a.deliver_resp_status": "ESME_NOPE"`},
		{"[profiles.a]\n[profiles.a.tls]\ninsecure = true\n", `config.toml:3: key "profiles.a.tls.insecure": is set but tls.enabled is not true`},
		{"[profiles.a]\n[profiles.a.tls]\nenabled = true\ncert_file = \"c.pem\"\n", `key "profiles.a.tls.cert_file": a client certificate needs both`},
		{"[profiles.a]\n[profiles.a.message]\nsource = \"way too long an alphanumeric\"\n", `config.toml:3: key "profiles.a.message.source"`},
		{"[profiles.a]\n[profiles.a.message]\ncoding = \"ebcdic\"\n", `config.toml:3: key "profiles.a.message.coding"`},
		{"[profiles.a]\n[profiles.a.message]\nsplit = \"chop\"\n", `config.toml:3: key "profiles.a.message.split"`},
		{"[profiles.a]\nreconnect_min = \"5s\"\nreconnect_max = \"1s\"\n", `config.toml:3: key "profiles.a.reconnect_max": 1s is below reconnect_min 5s`},
		{"default_profile = \"b\"\n[profiles.a]\n", `config.toml:1: key "default_profile": no profile "b"`},
		{"[profiles.a]\nhost = \"x\nport=3", `config.toml:2:`},
		{"[sim]\nlistn = \"127.0.0.1:0\"\n", `config.toml:2: unknown key "sim.listn"`},
	} {
		_, err := Parse("config.toml", tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s", tc.text, err, tc.want)
		}
	}
}

// The enquire_link timeout is its own setting: a slow SMSC needs a long one while
// submit_sm keeps a short response_timeout.
func TestEnquireLinkTimeout(t *testing.T) {
	f, err := Parse("c.toml", "[profiles.a]\nhost=\"a\"\nresponse_timeout=\"1s\"\nenquire_link_timeout=\"25s\"\n")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := f.Profile("")
	s, err := p.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if p.EnquireLinkTimeout.D() != 25*time.Second || s.EnquireLinkTimeout != 25*time.Second || s.ResponseTimeout != time.Second {
		t.Errorf("profile %s, settings %s (response %s)", p.EnquireLinkTimeout, s.EnquireLinkTimeout, s.ResponseTimeout)
	}
	if d := Defaults().EnquireLinkTimeout.D(); d != smppclient.DefaultEnquireLinkTimeout {
		t.Errorf("default %s", d)
	}
}

func TestProfileSelection(t *testing.T) {
	two := "[profiles.a]\nhost=\"a\"\n[profiles.b]\nhost=\"b\"\n"
	f, err := Parse("c.toml", two)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Profile(""); err == nil || !strings.Contains(err.Error(), "choose one with --profile") {
		t.Errorf("two profiles, no default: %v", err)
	}
	if _, err := f.Profile("c"); err == nil || !strings.Contains(err.Error(), `no profile "c" in c.toml (it has a, b)`) {
		t.Errorf("unknown: %v", err)
	}
	if p, _ := f.Profile("b"); p.Host != "b" {
		t.Errorf("b: %+v", p)
	}
	f, _ = Parse("c.toml", "default_profile = \"b\"\n"+two)
	if p, _ := f.Profile(""); p.Host != "b" {
		t.Errorf("default_profile: %+v", p)
	}
	f, _ = Parse("c.toml", "[profiles.only]\nhost=\"o\"\n")
	if p, _ := f.Profile(""); p.Host != "o" {
		t.Errorf("only: %+v", p)
	}
	f, _ = Parse("c.toml", "")
	if p, err := f.Profile(""); err != nil || !reflect.DeepEqual(p, Defaults()) {
		t.Errorf("empty file: %+v %v", p, err)
	}
}

func TestEnvironmentOverridesProfile(t *testing.T) {
	f, _ := Parse("c.toml", "[profiles.a]\nhost=\"a\"\nport=1\nsystem_id=\"p\"\npassword=\"filepw\"\n")
	p, _ := f.Profile("a")
	env := map[string]string{EnvHost: "envhost", EnvPort: "2776", EnvSystemID: "envid", EnvPassword: "envpw"}
	if err := p.ApplyEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if p.Addr() != "envhost:2776" || p.SystemID != "envid" || p.Password != "envpw" || p.PasswordFrom != "environment" {
		t.Errorf("%+v", p)
	}
	env = map[string]string{EnvPort: "http"}
	if err := p.ApplyEnv(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "SMPP_PORT") {
		t.Errorf("bad port: %v", err)
	}
	// Unset variables leave the profile alone.
	q, _ := f.Profile("a")
	_ = q.ApplyEnv(func(string) string { return "" })
	if q.Password != "filepw" || q.PasswordFrom != "profile" {
		t.Errorf("%+v", q)
	}
}

func TestPasswordReadableByOthersWarns(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		text string
		mode os.FileMode
		warn bool
	}{
		{"[profiles.a]\nhost=\"a\"\npassword=\"pw\"\n", 0o644, true},
		{"[profiles.a]\nhost=\"a\"\npassword=\"pw\"\n", 0o600, false},
		{"[profiles.a]\nhost=\"a\"\n", 0o644, false},
	} {
		path := filepath.Join(dir, fmt.Sprintf("c%o.toml", tc.mode))
		_ = os.WriteFile(path, []byte(tc.text), 0o600)
		_ = os.Chmod(path, tc.mode)
		f, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(f.Warnings) > 0; got != tc.warn {
			t.Errorf("mode %o, password %v: warnings %q", tc.mode, strings.Contains(tc.text, "password"), f.Warnings)
		}
		for _, w := range f.Warnings {
			if strings.Contains(w, "pw\"") || !strings.Contains(w, "chmod 600") {
				t.Errorf("warning %q", w)
			}
		}
	}
}

func TestLoadOptionalAndErrors(t *testing.T) {
	dir := t.TempDir()
	f, err := LoadOptional(filepath.Join(dir, "none.toml"))
	if err != nil || len(f.Names()) != 0 {
		t.Errorf("missing optional file: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "none.toml")); err == nil {
		t.Error("missing file accepted by Load")
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/xdg")
	if p := DefaultPath(); p != "/xdg/smppconsole/config.toml" {
		t.Errorf("%s", p)
	}
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "/home/op")
	if p := DefaultPath(); p != "/home/op/.config/smppconsole/config.toml" {
		t.Errorf("%s", p)
	}
}

func TestSettingsAndTLS(t *testing.T) {
	f, err := Parse("c.toml", `
[profiles.a]
host = "h"
enquire_link_interval = "off"
reconnect = false
deliver_resp_status = 0x64
retry_on_auth_failure = true
[profiles.a.tls]
enabled = true
insecure = true
server_name = "smsc.example"
`)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := f.Profile("a")
	s, err := p.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if s.EnquireLinkInterval >= 0 || !s.NoReconnect || s.DeliverRespStatus != wire.StatusXTAppn || !s.RetryOnAuthFailure ||
		s.TLS == nil || !s.TLSInsecure || s.TLS.ServerName != "smsc.example" || s.Addr != "h:2775" {
		t.Errorf("%+v", s)
	}
	if _, err := smppclient.New(s); err != nil {
		t.Errorf("the session refuses the settings: %v", err)
	}
}

func TestMessageDefaultsApply(t *testing.T) {
	f, _ := Parse("c.toml", "[profiles.a]\n[profiles.a.message]\nsource=\"Brand\"\ncoding=\"ucs2\"\nsplit=\"sar\"\nregistered_delivery=1\n")
	p, _ := f.Profile("a")
	var m message.Message
	m.Coding = coding.GSM7
	p.Message.Apply(&m, func(field string) bool { return field == "coding" })
	if m.Source.Addr != "Brand" || m.Coding != coding.GSM7 || m.Split != segment.SAR || m.RegisteredDelivery != 1 {
		t.Errorf("%+v", m)
	}
}

func TestSimSection(t *testing.T) {
	f, err := Parse("c.toml", "[sim]\nlisten = \"127.0.0.1:0\"\nmessage_id = \"hex\"\nreceipt_delay = \"2s\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if f.Sim == nil || f.Sim.MessageID != "hex" || f.Sim.ReceiptDelay != 2*time.Second {
		t.Errorf("sim %+v", f.Sim)
	}
}

func FuzzLoadConfig(f *testing.F) {
	if b, err := os.ReadFile(examplePath); err == nil {
		f.Add(string(b))
	}
	for _, s := range []string{
		"", "[profiles.a]\nhost = \"x\"\n", "default_profile = 3", "[profiles]\na = 1", "[[profiles.a]]\n",
		"[profiles.a]\nport = -1\n", "[profiles.a.tls]\nenabled = \"yes\"\n", "[sim]\n[[sim.accounts]]\nsystem_id = 1\n",
		"[profiles.a]\nwindow = 1e999\n", "x = [1, \"a\", {b = 2}]\n", "[profiles.\"a.b\"]\nhost=\"h\"\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		file, err := Parse("fuzz.toml", text)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.toml") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		for _, n := range file.Names() {
			p, err := file.Profile(n)
			if err != nil {
				t.Errorf("listed profile %q: %v", n, err)
				continue
			}
			if p.Window < 1 || p.Port < 1 || p.Port > 65535 {
				t.Errorf("profile %q out of range: %+v", n, p)
			}
		}
	})
}

// A syntax error on a password line must not quote the password's characters.
func TestTOMLErrorOnPasswordLineHidesIt(t *testing.T) {
	for _, text := range []string{
		"[profiles.a]\npassword = s3cr3t\n",
		"[profiles.a]\npassword = \"s3c\"r3t\"\n",
		"[profiles.a]\npassword = \"s3c\\qr3t\"\n",
		"[profiles.a]\npassword = 9s3cr3t\n",
		"[profiles.a]\n  \"password\" = \"s3cr3t\" x\n",
		"profiles.a.password = zs3cr3t\n",
		"[profiles.a]\npassword = \"\"\"s3cr3t\n",
	} {
		_, err := Parse("c.toml", text)
		if err == nil {
			t.Errorf("%q: no error", text)
			continue
		}
		for _, leak := range []string{"'s'", `"s"`, "'r'", `\q`, "'9'", "'z'", `"z"`, "'x'"} {
			if strings.Contains(err.Error(), leak) {
				t.Errorf("%q: %v quotes the password (%s)", text, err, leak)
			}
		}
		if !strings.Contains(err.Error(), "c.toml:") || !strings.Contains(err.Error(), "password") {
			t.Errorf("%q: %v does not say where", text, err)
		}
	}
	// Other errors keep the decoder's words.
	_, err := Parse("c.toml", "[profiles.a]\nhost = x\n")
	if err == nil || !strings.Contains(err.Error(), `found "x"`) {
		t.Errorf("host error: %v", err)
	}
}

// Profiles read their source address with the parser send and the compose form use.
func TestProfileSourceAddressFormatting(t *testing.T) {
	f, err := Parse("c.toml", "[profiles.a]\nhost=\"h\"\n[profiles.a.message]\nsource=\"(0044) 7700 900123\"\n")
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.Profile("a")
	if err != nil {
		t.Fatal(err)
	}
	if s := p.Message.Source; s == nil || s.Addr != "447700900123" || s.TON != 1 || s.NPI != 1 {
		t.Fatalf("source %+v", s)
	}
}
