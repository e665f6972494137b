package config

import (
	"fmt"
	"github.com/agnivade/levenshtein"
	"reflect"
	"strings"

	"github.com/BurntSushi/toml"
)

// knownKeys are the keys of a profile, its tables included, from Profile's toml tags.
var knownKeys = profileKeys(reflect.TypeOf(Profile{}))

func profileKeys(t reflect.Type) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name == "" || name == "-" {
			continue
		}
		keys = append(keys, name)
		if isTable(f.Type) && f.Type.Kind() == reflect.Struct {
			keys = append(keys, profileKeys(f.Type)...)
		}
	}
	return keys
}

// suggest names a known key close to an unknown one.
func suggest(k toml.Key) string {
	last := k[len(k)-1]
	best, bestD := "", 3
	for _, kk := range knownKeys {
		if d := editDistance(last, kk); d < bestD {
			best, bestD = kk, d
		}
	}
	if best == "" || best == last {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance of two key names, bounded to short ones.
func editDistance(a, b string) int {
	if len(a) > 40 || len(b) > 40 {
		return 99
	}
	return levenshtein.ComputeDistance(a, b)
}
