package main

import (
	"strings"
	"testing"
)

func TestTUIVersionAndOutbindFlags(t *testing.T) {
	// Against the embedded simulator the version asked for still goes in the bind.
	s, err := tuiSessionFor(t, nil, "--interface-version", "5.0")
	if err != nil || !s.simulator || s.settings.InterfaceVersion != 0x50 {
		t.Fatalf("%+v %v", s.settings, err)
	}
	// A listener names the SMSC (the one that will call): no simulator, no host needed.
	s, err = tuiSessionFor(t, nil, "--listen-outbind", "127.0.0.1:0", "--system-id", "acme", "--password", "pw", "--interface-version", "3.3")
	if err != nil || s.simulator || s.settings.ListenOutbind != "127.0.0.1:0" || s.settings.InterfaceVersion != 0x33 {
		t.Fatalf("%+v %v", s.settings, err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--listen-outbind", "2776"}, `--listen-outbind "2776": want host:port`},
		{[]string{"--interface-version", "34"}, `--interface-version: interface version "34": did you mean 3.4`},
	} {
		_, err := tuiSessionFor(t, nil, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %s", tc.args, err, tc.want)
		}
	}
}
