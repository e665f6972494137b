package config

import (
	"strings"
	"testing"
)

// interface_version reads as the spec names it ("3.4"), as the octet (0x34, "0x34"),
// and a bare 3.4; it goes into the session's settings as the octet.
func TestInterfaceVersionKey(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  byte
	}{
		{`"3.3"`, 0x33}, {`"3.4"`, 0x34}, {`"5.0"`, 0x50}, {`0x34`, 0x34}, {`"0x50"`, 0x50}, {`3.3`, 0x33}, {`5.0`, 0x50}, {`52`, 0x34},
	} {
		f, err := Parse("config.toml", "[profiles.a]\nhost = \"h\"\ninterface_version = "+tc.value+"\n")
		if err != nil {
			t.Errorf("%s: %v", tc.value, err)
			continue
		}
		p, _ := f.Profile("a")
		st, err := p.Settings()
		if err != nil || st.InterfaceVersion != tc.want {
			t.Errorf("%s: InterfaceVersion 0x%02X, want 0x%02X (%v)", tc.value, st.InterfaceVersion, tc.want, err)
		}
	}
	for _, tc := range []struct{ value, want string }{
		{`"3.5"`, `config.toml:2: key "profiles.a.interface_version": interface version "3.5"`},
		{`"34"`, `did you mean 3.4`},
		{`300`, `config.toml:2: key "profiles.a.interface_version"`},
		{`true`, `want "3.3", "3.4" or "5.0"`},
	} {
		_, err := Parse("config.toml", "[profiles.a]\ninterface_version = "+tc.value+"\n")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %s", tc.value, err, tc.want)
		}
	}
}

func TestListenOutbindKey(t *testing.T) {
	f, err := Parse("config.toml", "[profiles.a]\nlisten_outbind = \"127.0.0.1:2776\"\n")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := f.Profile("a")
	st, err := p.Settings()
	if err != nil || st.ListenOutbind != "127.0.0.1:2776" {
		t.Errorf("ListenOutbind %q (%v)", st.ListenOutbind, err)
	}
	_, err = Parse("config.toml", "[profiles.a]\nlisten_outbind = \"2776\"\n")
	if err == nil || !strings.Contains(err.Error(), `config.toml:2: key "profiles.a.listen_outbind": "2776": want host:port`) {
		t.Errorf("got %v", err)
	}
}

// The flags --interface-version and --listen-outbind override the profile; a listener
// names the SMSC (the one that will call), so no host is needed and the TUI does not
// start its simulator.
func TestResolveVersionAndOutbindFlags(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	fl := Defaults()
	fl.InterfaceVersion, fl.ListenOutbind = 0x50, "127.0.0.1:0"
	r, err := Resolve(Request{Mode: ForSMSCOrSimulator, Flags: fl, Given: map[string]bool{"interface_version": true, "listen_outbind": true}})
	if err != nil || r.Simulator || r.Profile.InterfaceVersion != 0x50 || r.Profile.ListenOutbind != "127.0.0.1:0" {
		t.Errorf("%+v %v", r.Profile, err)
	}
	// Against the embedded simulator the version still applies.
	r, err = Resolve(Request{Mode: ForSMSCOrSimulator, Flags: fl, Given: map[string]bool{"interface_version": true}})
	if err != nil || !r.Simulator || r.Profile.InterfaceVersion != 0x50 {
		t.Errorf("simulator: %+v %v", r.Profile, err)
	}
	fl.ListenOutbind = "nope"
	_, err = Resolve(Request{Mode: ForSMSC, Flags: fl, Given: map[string]bool{"listen_outbind": true}})
	if err == nil || !strings.Contains(err.Error(), `--listen-outbind "nope": want host:port`) {
		t.Errorf("got %v", err)
	}
	// Not given: the profile's (here the default) stays.
	fl.ListenOutbind, fl.Host = "", "h"
	r, err = Resolve(Request{Mode: ForSMSC, Flags: fl, Given: map[string]bool{"host": true}})
	if err != nil || r.Profile.InterfaceVersion != 0x34 || r.Profile.ListenOutbind != "" {
		t.Errorf("not given: %+v %v", r.Profile, err)
	}
}
