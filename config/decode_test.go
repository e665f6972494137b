package config

import (
	"strings"
	"testing"
	"time"
)

// Presence, not value, decides where a password came from and which message defaults
// a profile sets: an empty password or registered_delivery = 0 is a choice.
func TestPresenceFromTheFile(t *testing.T) {
	f, err := Parse("c.toml", `
[profiles.given]
host = "h"
password = ""
[profiles.given.message]
registered_delivery = 0
coding = "gsm7"

[profiles.absent]
host = "h"
`)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := f.Profile("given")
	if g.PasswordFrom != "profile" || g.Password != "" {
		t.Errorf("empty password: from %q", g.PasswordFrom)
	}
	if m := g.Message; m.RegisteredDelivery == nil || *m.RegisteredDelivery != 0 || m.Coding == nil || m.Source != nil || m.Split != nil {
		t.Errorf("given message defaults %+v", m)
	}
	a, _ := f.Profile("absent")
	if a.PasswordFrom != "" || a.Message != (MessageDefaults{}) {
		t.Errorf("absent: from %q, message %+v", a.PasswordFrom, a.Message)
	}
	// Keys the file leaves out keep the defaults: the profile is decoded over them.
	d := Defaults()
	d.Name, d.Host = "absent", "h"
	if a != d {
		t.Errorf("absent keys lost their defaults:\n got %+v\nwant %+v", a, d)
	}
}

// Positions come from the decoder's metadata, also for the errors it reports in words
// only (a type mismatch) and for keys inside arrays of tables.
func TestErrorPositionsFromTheDecoder(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"default_profile = 3\n", `c.toml:1: key "default_profile": incompatible types: want a string, the file has integer`},
		{"[profiles]\na = 1\n", `c.toml:2: key "profiles.a": incompatible types: want a table`},
		{"[profiles.a]\n\nmessage = 3\n", `c.toml:3: key "profiles.a.message": incompatible types: want a table`},
		{"[profiles.a.tls]\n\nenabled = \"yes\"\n", `c.toml:3: key "profiles.a.tls.enabled": incompatible types: want true or false, the file has string`},
		{"[sim]\n[[sim.accounts]]\nsystem_id = \"a\"\n[[sim.accounts]]\n\nsystem_id = 1\n", `c.toml:6: key "sim.accounts.system_id": incompatible types: want a string`},
		{"profiles.a.host = 3\n", `c.toml:1: key "profiles.a.host": incompatible types: want a string`},
		// Text keys take strings only: a number would be read as its digits.
		{"[profiles.a.message]\n\nsource = 447700900123\n", `c.toml:3: key "profiles.a.message.source": incompatible types: want a string, the file has integer`},
		{"[profiles.a]\nbind = 1\n", `c.toml:2: key "profiles.a.bind": incompatible types: want a string`},
		// A missing key is placed at the table above it.
		{"[profiles.a]\n[profiles.a.tls]\nenabled = true\nkey_file = \"k.pem\"\n", `c.toml:2: key "profiles.a.tls.cert_file": a client certificate needs both`},
	} {
		_, err := Parse("c.toml", tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s", tc.text, err, tc.want)
		}
	}
}

func TestDurationText(t *testing.T) {
	var d Duration
	if err := d.UnmarshalText([]byte("1m30s")); err != nil || d.D() != 90*time.Second {
		t.Errorf("1m30s: %v %v", d, err)
	}
	if err := d.UnmarshalText([]byte("off")); err != nil || d != 0 {
		t.Errorf("off: %v %v", d, err)
	}
	for _, bad := range []string{"10", "-1s", "soon"} {
		if err := d.UnmarshalText([]byte(bad)); err == nil || !strings.Contains(err.Error(), "is not a duration") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	// Written without zero tails, as an operator would write them.
	for d, want := range map[time.Duration]string{time.Minute: "1m", 2 * time.Hour: "2h", 90 * time.Minute: "1h30m",
		time.Hour + time.Second: "1h0m1s", 1500 * time.Millisecond: "1.5s", 0: "0s"} {
		if b, _ := Duration(d).MarshalText(); string(b) != want {
			t.Errorf("%v written %q, want %q", d, b, want)
		}
	}
	for _, v := range []Duration{Duration(1500 * time.Millisecond), -1, Duration(time.Hour), Duration(time.Minute)} {
		b, _ := v.MarshalText()
		var back Duration
		if err := back.UnmarshalText(b); err != nil || (back != v && !(v < 0 && back == 0)) {
			t.Errorf("%v written %q read back %v %v", v, b, back, err)
		}
	}
}

// Only an error inside a password's value is hidden: one about the key itself (set
// twice) keeps the decoder's words, which quote no part of the value.
func TestPasswordKeyErrorIsShown(t *testing.T) {
	_, err := Parse("c.toml", "[profiles.a]\npassword = \"s3cr3t\"\npassword = \"y\"\n")
	if err == nil || !strings.Contains(err.Error(), "c.toml:3:") || !strings.Contains(err.Error(), "already been defined") ||
		strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("%v", err)
	}
}
