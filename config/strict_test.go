package config

import (
	"strings"
	"testing"
)

// TOML keys are case-sensitive, but the decoder underneath matches struct fields without
// regard to case: `pAssword` set the password. Found by FuzzSaveProfile: the editor,
// which follows the spec, then added a second `password` key. A key spelled in another
// case is refused, naming the key meant.
func TestKeysAreCaseSensitive(t *testing.T) {
	for text, want := range map[string]string{
		"[profiles.a]\npAssword = 'x'\n":                            `"password"`,
		"[profiles.a]\nHost = 'h'\n":                                `"host"`,
		"[profiles.a.TLS]\nenabled = true\n":                        `"tls"`,
		"[profiles.a]\ntls.Enabled = true\n":                        `"enabled"`,
		"[sim]\nListen = '127.0.0.1:0'\n":                           `"listen"`,
		"[[sim.rules]]\nSuffix = '9'\nstatus = 'ESME_RINVDSTADR'\n": `"suffix"`,
		"Default_Profile = 'a'\n[profiles.a]\n":                     `"default_profile"`,
	} {
		_, err := Parse("/c/config.toml", text)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "case") {
			t.Errorf("%q: err %v, want it refused pointing at %s", text, err, want)
		}
	}
	// A profile's name is the operator's: any case is fine.
	if _, err := Parse("/c/config.toml", "[profiles.Host]\nhost = 'h'\n"); err != nil {
		t.Errorf("a profile named Host: %v", err)
	}
}

// A TOML file is UTF-8 (the spec says so); the decoder underneath took "\xfe\xff" (a
// UTF-16 byte-order mark) as an empty file. Found by FuzzSaveProfile, whose editor then
// could not read it back. Refused, saying where.
func TestConfigMustBeUTF8(t *testing.T) {
	for _, text := range []string{"\xfe\xff", "[profiles.a]\nhost = 'h\xff'\n", "\xff\xfe[profiles.a]\n"} {
		_, err := Parse("/c/config.toml", text)
		if err == nil || !strings.Contains(err.Error(), "UTF-8") {
			t.Errorf("%q: err %v, want it refused as not UTF-8", text, err)
		}
	}
	if _, err := Parse("/c/config.toml", "\uFEFF[profiles.a]\nhost = 'ü'\n"); err != nil {
		t.Errorf("UTF-8 with its byte-order mark: %v", err)
	}
}
