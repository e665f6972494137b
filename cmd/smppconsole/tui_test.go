package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/smppclient"
)

// tuiSessionFor parses args as runTUI does and resolves them with env as the environment.
func tuiSessionFor(t *testing.T, env map[string]string, args ...string) (tuiSession, error) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no config file of the machine's
	fs := flagSetForTUI(&bytes.Buffer{})
	var f tuiFlags
	f.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	f.set = visited(fs)
	return f.session(func(k string) string { return env[k] }, nil)
}

func TestTUIWithoutArgumentsUsesTheSimulator(t *testing.T) {
	s, err := tuiSessionFor(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !s.simulator || s.label != "simulator" || s.settings.SystemID != "smppclient1" || s.settings.Password != "password" {
		t.Fatalf("%+v", s)
	}
	if s.settings.Bind != smppclient.Transceiver || s.defaults.RegisteredDelivery != 1 {
		t.Fatalf("bind %v registered_delivery %d", s.settings.Bind, s.defaults.RegisteredDelivery)
	}
	// A wrong password can be tried against the simulator.
	s, err = tuiSessionFor(t, nil, "--password", "wrong", "--bind", "tx")
	if err != nil || !s.simulator || s.settings.Password != "wrong" || s.settings.Bind != smppclient.Transmitter {
		t.Fatalf("%+v %v", s, err)
	}
}

func TestTUIConnectionFlags(t *testing.T) {
	s, err := tuiSessionFor(t, nil, "--host", "smsc.example.net", "--port", "3550", "--system-id", "acme", "--password", "secret",
		"--system-type", "VMA", "--bind", "tx+rx", "--tls-insecure")
	if err != nil {
		t.Fatal(err)
	}
	st := s.settings
	if s.simulator || st.Addr != "smsc.example.net:3550" || st.SystemID != "acme" || st.Password != "secret" ||
		st.SystemType != "VMA" || st.Bind != smppclient.TxRx || st.TLS == nil || !st.TLSInsecure {
		t.Fatalf("%+v", s)
	}
	if s.label != "smsc.example.net:3550" {
		t.Fatalf("label %q", s.label)
	}
	// SMPP_HOST alone points the console at an SMSC too.
	s, err = tuiSessionFor(t, map[string]string{config.EnvHost: "10.0.0.5", config.EnvPassword: "pw"})
	if err != nil || s.simulator || s.settings.Addr != "10.0.0.5:2775" {
		t.Fatalf("SMPP_HOST: %+v %v", s, err)
	}
}

func TestTUIProfile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	cfg := `
[profiles.lab]
host = "127.0.0.1"
port = 2776
system_id = "lab"
password = "labpw"
bind = "trx"

[profiles.lab.message]
source = "LabSender"
registered_delivery = 0
`
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := tuiSessionFor(t, nil, "--config", path, "--profile", "lab")
	if err != nil {
		t.Fatal(err)
	}
	if s.simulator || s.label != "lab" || s.settings.Addr != "127.0.0.1:2776" || s.settings.SystemID != "lab" {
		t.Fatalf("%+v", s)
	}
	if s.defaults.Source.Addr != "LabSender" || s.defaults.RegisteredDelivery != 0 {
		t.Fatalf("message defaults from the profile: %+v", s.defaults)
	}
	if _, err := tuiSessionFor(t, nil, "--config", path, "--profile", "nope"); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("unknown profile: %v", err)
	}
}

func TestTUIBadFlags(t *testing.T) {
	if _, err := tuiSessionFor(t, nil, "--host", "x", "--bind", "sideways"); err == nil || !strings.Contains(err.Error(), "bind") {
		t.Fatalf("bad --bind: %v", err)
	}
	var stderr bytes.Buffer
	if code := runTUI([]string{"--no-such-flag"}, &bytes.Buffer{}, &stderr); code != 2 {
		t.Fatalf("unknown flag: exit %d", code)
	}
	if code := runTUI([]string{"stray"}, &bytes.Buffer{}, &stderr); code != 2 {
		t.Fatalf("stray argument: exit %d", code)
	}
	if code := runTUI([]string{"--tls-ca", "/nonexistent.pem", "--host", "x", "--password", "p"}, &bytes.Buffer{}, &stderr); code != 2 {
		t.Fatalf("missing CA file: exit %d", code)
	}
}
