package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
)

// One table for the precedence: flags > environment > profile > defaults, and which
// profile is used at all.
func TestResolvePrecedence(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", xdg)
	def := filepath.Join(xdg, "smppconsole", "config.toml")
	if err := os.MkdirAll(filepath.Dir(def), 0o700); err != nil {
		t.Fatal(err)
	}
	const file = `
default_profile = "a"
[profiles.a]
host = "pa"
port = 1001
system_id = "pid"
password = "ppw"
response_timeout = "7s"
[profiles.b]
host = "pb"
[profiles.b.tls]
enabled = true
[sim]
listen = "127.0.0.1:0"
message_id = "hex"
`
	if err := os.WriteFile(def, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	fl := Defaults()
	fl.Host, fl.Port, fl.SystemID, fl.Password, fl.Bind = "fh", 3003, "fid", "fpw", smppclient.Receiver
	fl.ResponseTimeout, fl.TLS.CAFile = Duration(2*time.Second), "ca.pem"
	env := map[string]string{EnvHost: "eh", EnvPort: "2002", EnvSystemID: "eid", EnvPassword: "epw"}
	keys := func(k ...string) map[string]bool {
		m := map[string]bool{}
		for _, x := range k {
			m[x] = true
		}
		return m
	}
	type want struct {
		name, host     string
		port           int
		systemID, pw   string
		from           string
		bind           smppclient.BindType
		respTimeout    time.Duration
		tls            bool
		caFile, errHas string
	}
	for _, tc := range []struct {
		what    string
		profile string
		given   map[string]bool
		env     map[string]string
		want    want
	}{
		{"the file's default profile", "", nil, nil,
			want{"a", "pa", 1001, "pid", "ppw", "profile", smppclient.Transceiver, 7 * time.Second, false, "", ""}},
		{"the environment over the profile", "", nil, map[string]string{EnvPort: "2002", EnvSystemID: "eid", EnvPassword: "epw"},
			want{"a", "pa", 2002, "eid", "epw", "environment", smppclient.Transceiver, 7 * time.Second, false, "", ""}},
		{"flags over the environment", "a", keys("host", "port", "system_id", "password", "bind", "response_timeout"), env,
			want{"a", "fh", 3003, "fid", "fpw", "flag", smppclient.Receiver, 2 * time.Second, false, "", ""}},
		{"a host flag alone borrows no profile", "", keys("host"), nil,
			want{"", "fh", DefaultPort, "", "", "", smppclient.Transceiver, smppclient.DefaultResponseTimeout, false, "", ""}},
		{"SMPP_HOST alone borrows no profile", "", nil, map[string]string{EnvHost: "eh"},
			want{"", "eh", DefaultPort, "", "", "", smppclient.Transceiver, smppclient.DefaultResponseTimeout, false, "", ""}},
		{"--profile with a host flag keeps the profile's credentials", "a", keys("host"), nil,
			want{"a", "fh", 1001, "pid", "ppw", "profile", smppclient.Transceiver, 7 * time.Second, false, "", ""}},
		{"--tls-ca asks for TLS", "", keys("host", "tls.ca_file"), nil,
			want{"", "fh", DefaultPort, "", "", "", smppclient.Transceiver, smppclient.DefaultResponseTimeout, true, "ca.pem", ""}},
		{"no TLS flag turns off a profile's TLS", "b", nil, nil,
			want{"b", "pb", DefaultPort, "", "", "", smppclient.Transceiver, smppclient.DefaultResponseTimeout, true, "", ""}},
		{"an unknown profile", "z", nil, nil, want{errHas: `no profile "z"`}},
		{"a bad SMPP_PORT", "", nil, map[string]string{EnvPort: "http"}, want{errHas: "SMPP_PORT"}},
	} {
		r, err := Resolve(Request{Mode: ForSMSC, Profile: tc.profile, Flags: fl, Given: tc.given, Getenv: func(k string) string { return tc.env[k] }})
		w := tc.want
		if w.errHas != "" {
			if err == nil || !strings.Contains(err.Error(), w.errHas) {
				t.Errorf("%s: error %v, want %q", tc.what, err, w.errHas)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.what, err)
			continue
		}
		p := r.Profile
		got := want{p.Name, p.Host, p.Port, p.SystemID, p.Password, p.PasswordFrom, p.Bind, p.ResponseTimeout.D(), p.TLS.Enabled, p.TLS.CAFile, ""}
		if got != w || r.Simulator {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.what, got, w)
		}
	}

	// With no profile in a file and nothing on the command line there is no SMSC; the
	// values so far come back with the error.
	empty := filepath.Join(t.TempDir(), "empty.toml")
	_ = os.WriteFile(empty, nil, 0o600)
	if r, err := Resolve(Request{ConfigPath: empty}); err == nil || !strings.Contains(err.Error(), "no SMSC to connect to") || r.Profile.Port != DefaultPort {
		t.Errorf("nothing named: %+v %v", r.Profile, err)
	}
	// A broken default file is an error for a connection, with a word on --config.
	broken := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", broken)
	_ = os.MkdirAll(filepath.Join(broken, "smppconsole"), 0o700)
	_ = os.WriteFile(filepath.Join(broken, "smppconsole", "config.toml"), []byte("[profiles.a]\nwindw = 1\n"), 0o600)
	if _, err := Resolve(Request{Given: keys("host"), Flags: fl}); err == nil || !strings.Contains(err.Error(), "--config chooses another") {
		t.Errorf("broken default file: %v", err)
	}
	// ... but not for the simulator, which says it ignored the file.
	r, err := Resolve(Request{Mode: ForSMSCOrSimulator})
	if err != nil || !r.Simulator || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "config file ignored") {
		t.Errorf("simulator over a broken file: %+v %v", r, err)
	}
}

// The TUI binds to the simulator when nothing names an SMSC; the simulator's account
// and the [sim] section then apply, with the session flags that make sense for it.
func TestResolveSimulator(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", xdg)
	_ = os.MkdirAll(filepath.Join(xdg, "smppconsole"), 0o700)
	_ = os.WriteFile(filepath.Join(xdg, "smppconsole", "config.toml"), []byte("[sim]\nmessage_id = \"hex\"\n"), 0o600)
	fl := Defaults()
	fl.Password, fl.Bind, fl.TLS.Enabled = "wrong", smppclient.Transmitter, true
	r, err := Resolve(Request{Mode: ForSMSCOrSimulator, Flags: fl, Given: map[string]bool{"password": true, "bind": true, "tls.enabled": true}})
	p := r.Profile
	if err != nil || !r.Simulator || p.SystemID != smsc.DefaultSystemID || p.Password != "wrong" || p.Bind != smppclient.Transmitter ||
		p.TLS.Enabled || p.Host != "" || r.Sim.MessageID != smsc.IDHex {
		t.Errorf("%+v %+v %v", p, r.Sim, err)
	}
	// SMPP_HOST names an SMSC: no simulator.
	r, err = Resolve(Request{Mode: ForSMSCOrSimulator, Getenv: func(k string) string { return map[string]string{EnvHost: "h"}[k] }})
	if err != nil || r.Simulator || r.Profile.Host != "h" {
		t.Errorf("SMPP_HOST: %+v %v", r, err)
	}
	// `sim`: the named file's [sim] section, then the simulator's flags over it.
	path := filepath.Join(t.TempDir(), "c.toml")
	_ = os.WriteFile(path, []byte("[sim]\nreceipt_delay = \"2s\"\nmessage_id = \"uuid\"\n"), 0o600)
	r, err = Resolve(Request{Mode: ForSimulator, ConfigPath: path, SimFlags: func(c smsc.Config) (smsc.Config, error) {
		c.MessageID = smsc.IDDecimal
		return c, nil
	}})
	if err != nil || !r.Simulator || r.Sim.ReceiptDelay != 2*time.Second || r.Sim.MessageID != smsc.IDDecimal {
		t.Errorf("sim: %+v %v", r.Sim, err)
	}
	if _, err := Resolve(Request{Mode: ForSimulator, ConfigPath: filepath.Join(t.TempDir(), "none.toml")}); err == nil {
		t.Error("sim: a missing --config file accepted")
	}
}
