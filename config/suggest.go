package config

import (
	"fmt"
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

func editDistance(a, b string) int {
	if len(a) > 40 || len(b) > 40 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
