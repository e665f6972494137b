package config

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/smppclient"
)

// password_env names the variable the password is read from at Resolve; the sources
// above the profile still win, and an unset variable is an error naming it.
func TestPasswordEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	if err := os.WriteFile(path, []byte("[profiles.a]\nhost = \"h\"\npassword_env = \"ACME_PW\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	resolve := func(env map[string]string, given map[string]bool) (Resolved, error) {
		fl := Defaults()
		fl.Password = "flagpw"
		return Resolve(Request{Mode: ForSMSC, ConfigPath: path, Profile: "a", Flags: fl, Given: given,
			Getenv: func(k string) string { return env[k] }})
	}
	r, err := resolve(map[string]string{"ACME_PW": "s3cr3t"}, nil)
	if err != nil || r.Profile.Password != "s3cr3t" || r.Profile.PasswordFrom != "environment:ACME_PW" || r.Profile.PasswordEnv != "ACME_PW" {
		t.Errorf("from the variable: %q from %q, %v", r.Profile.Password, r.Profile.PasswordFrom, err)
	}
	for _, env := range []map[string]string{nil, {"ACME_PW": ""}} {
		_, err = resolve(env, nil)
		if err == nil || !strings.Contains(err.Error(), `profile "a" takes its password from the environment variable ACME_PW`) ||
			!strings.Contains(err.Error(), "not set or empty") {
			t.Errorf("unset variable %v: %v", env, err)
		}
	}
	r, err = resolve(map[string]string{EnvPassword: "envpw"}, nil)
	if err != nil || r.Profile.Password != "envpw" || r.Profile.PasswordFrom != "environment" {
		t.Errorf("SMPP_PASSWORD first: %q from %q, %v", r.Profile.Password, r.Profile.PasswordFrom, err)
	}
	r, err = resolve(nil, map[string]bool{"password": true})
	if err != nil || r.Profile.Password != "flagpw" || r.Profile.PasswordFrom != "flag" {
		t.Errorf("--password first: %q from %q, %v", r.Profile.Password, r.Profile.PasswordFrom, err)
	}

	for _, tc := range []struct{ text, want string }{
		{"[profiles.a]\npassword = \"pw\"\npassword_env = \"ACME_PW\"\n", `c.toml:3: key "profiles.a.password_env": is set together with password`},
		{"[profiles.a]\npassword = \"\"\npassword_env = \"ACME_PW\"\n", `key "profiles.a.password_env": is set together with password`},
		{"[profiles.a]\npassword_env = \"ACME PW\"\n", `c.toml:2: key "profiles.a.password_env": "ACME PW" is not an environment variable name`},
	} {
		_, err := Parse("c.toml", tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s", tc.text, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\"pw\"") {
			t.Errorf("%q: the error shows the password: %v", tc.text, err)
		}
	}
	// An empty password_env is no source at all.
	if _, err := Parse("c.toml", "[profiles.a]\npassword = \"pw\"\npassword_env = \"\"\n"); err != nil {
		t.Errorf("empty password_env: %v", err)
	}
}

func keysOf(errs []FieldError) []string {
	var keys []string
	for _, e := range errs {
		keys = append(keys, e.Key)
	}
	sort.Strings(keys)
	return keys
}

// Check reports every problem at once, each by its key, and the loader's rules are
// the same rules: a value the loader refuses, Check refuses under the same key.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, []byte("pem"), 0o600); err != nil {
		t.Fatal(err)
	}
	good := Defaults()
	good.Host, good.SystemID, good.Password, good.SystemType = "smsc.example", "smppclient1", "password", "VMA"
	good.TLS = TLS{Enabled: true, CAFile: ca}
	if errs := good.Check(); len(errs) != 0 {
		t.Errorf("a good profile: %v", errs)
	}
	// A password read from password_env is not one "set together" with it.
	fromEnv := good
	fromEnv.PasswordEnv, fromEnv.PasswordFrom = "ACME_PW", "environment:ACME_PW"
	if errs := fromEnv.Check(); len(errs) != 0 {
		t.Errorf("password from password_env: %v", errs)
	}
	fromEnv.PasswordFrom = "environment" // SMPP_PASSWORD, over the profile's password_env
	if errs := fromEnv.Check(); len(errs) != 0 {
		t.Errorf("password from SMPP_PASSWORD: %v", errs)
	}
	fromEnv.PasswordFrom = "" // typed into the form next to password_env
	if got := keysOf(fromEnv.Check()); !reflect.DeepEqual(got, []string{"password_env"}) {
		t.Errorf("a typed password with password_env: %v", got)
	}

	bad := Defaults()
	bad.Port = 0
	bad.Bind = smppclient.BindType(99)
	bad.SystemID = strings.Repeat("s", 16)
	bad.Password = "123456789"
	bad.PasswordEnv = "ACME_PW"
	bad.SystemType = strings.Repeat("t", 13)
	bad.InterfaceVersion = 0x40
	bad.Window = 0
	bad.BindTimeout = 0
	bad.ReconnectMin, bad.ReconnectMax = Duration(5e9), Duration(1e9)
	bad.ListenOutbind = "2776"
	bad.TLS = TLS{Enabled: true, CAFile: filepath.Join(dir, "none.pem"), CertFile: dir, KeyFile: ca}
	errs := bad.Check()
	want := []string{"bind", "bind_timeout", "interface_version", "listen_outbind", "password", "password_env", "port",
		"reconnect_max", "system_id", "system_type", "tls.ca_file", "tls.cert_file", "window"}
	if got := keysOf(errs); !reflect.DeepEqual(got, want) {
		t.Errorf("keys\n got %v\nwant %v", got, want)
	}
	for _, e := range errs {
		if e.Msg == "" || strings.Contains(e.Msg, "123456789") {
			t.Errorf("%s: message %q", e.Key, e.Msg)
		}
		switch e.Key {
		case "system_id":
			if e.Msg != "16 octets: SMPP allows 15" {
				t.Errorf("system_id: %s", e.Msg)
			}
		case "tls.ca_file":
			if !strings.Contains(e.Msg, "none.pem") || !strings.Contains(e.Msg, "no such file") {
				t.Errorf("tls.ca_file: %s", e.Msg)
			}
		case "tls.cert_file":
			if !strings.Contains(e.Msg, "is a directory") {
				t.Errorf("tls.cert_file: %s", e.Msg)
			}
		}
	}
	// The host is the form's to require; a listener for outbind needs none.
	if got := keysOf(Defaults().Check()); !reflect.DeepEqual(got, []string{"host"}) {
		t.Errorf("defaults: %v", got)
	}
	outbind := Defaults()
	outbind.ListenOutbind = "0.0.0.0:2776"
	if errs := outbind.Check(); len(errs) != 0 {
		t.Errorf("outbind listener: %v", errs)
	}
	// TLS keys without TLS.
	noTLS := good
	noTLS.TLS.Enabled = false
	if got := keysOf(noTLS.Check()); !reflect.DeepEqual(got, []string{"tls.ca_file"}) || !strings.Contains(noTLS.Check()[0].Msg, "tls.enabled is not true") {
		t.Errorf("TLS off: %v", noTLS.Check())
	}
}
