package config

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// Where the loader holds a file to the TOML spec that the decoder underneath does not:
// keys in their exact case, and UTF-8 text.
//
// TOML keys are case-sensitive; BurntSushi/toml decodes into struct fields without
// regard to case, so `pAssword` would set the password and a file could hold two keys
// the spec calls different for one setting. caseError refuses a key that is a known
// key only in another case, naming the key meant.

// tomlNames are every key of the file's layout, from the toml tags of the document and
// every type under it (profiles, their tables, the [sim] section and its arrays).
var tomlNames = func() map[string]bool {
	names := map[string]bool{}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if name == "" || name == "-" {
				continue
			}
			names[name] = true
			walk(f.Type)
		}
	}
	walk(reflect.TypeOf(document{}))
	walk(reflect.TypeOf(Profile{}))
	return names
}()

// caseError is the first key of md spelled as a known key in another case, or nil.
func caseError(md *toml.MetaData, src source) error {
	for _, k := range md.Keys() {
		for i, part := range k {
			if i == 1 && k[0] == "profiles" {
				continue // a profile's name is the operator's
			}
			if tomlNames[part] {
				continue
			}
			for name := range tomlNames {
				if strings.EqualFold(name, part) {
					return fmt.Errorf("%s:%d: key %q: TOML keys are case-sensitive: did you mean %q?", src.path, src.line(k), k.String(), name)
				}
			}
		}
	}
	return nil
}

// notUTF8 refuses a file that is not UTF-8, as TOML requires; the decoder underneath
// let a UTF-16 byte-order mark pass as an empty file.
func notUTF8(path, text string) error {
	if utf8.ValidString(text) {
		return nil
	}
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && n == 1 {
			line := 1 + strings.Count(text[:i], "\n")
			return fmt.Errorf("%s:%d: octet 0x%02X is not UTF-8: a TOML file must be UTF-8 (save it as UTF-8, not UTF-16 or Latin-1)", path, line, text[i])
		}
		i += n
	}
	return nil
}
