package config

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// --- error positions -----------------------------------------------------------

var tomlLineRe = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

// passwordLineRe finds a line that sets a password, however the key is written; the
// value follows the match.
var (
	passwordLineRe = regexp.MustCompile(`(?i)(^|[\s.{,"'])password["']?\s*=`)
	quotedRe       = regexp.MustCompile(`'([^']+)'|"([^"]+)"`)
)

// quotesPassword reports whether a decoder message about line quotes any part of the
// password that line sets.
func quotesPassword(line, msg string) bool {
	loc := passwordLineRe.FindStringIndex(line)
	if loc == nil {
		return false
	}
	value := line[loc[1]:]
	for _, m := range quotedRe.FindAllStringSubmatch(msg, -1) {
		if q := m[1] + m[2]; strings.Contains(value, q) {
			return true
		}
	}
	return false
}

// tomlError rewrites the decoder's errors as "file:line: key "k": message". A syntax
// error on a line that sets a password does not repeat the decoder's message, which
// quotes the characters it stumbled on: they are the password's.
func tomlError(path, text string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if lines := strings.Split(text, "\n"); pe.Position.Line >= 1 && pe.Position.Line <= len(lines) &&
			quotesPassword(lines[pe.Position.Line-1], msg) {
			return fmt.Errorf("%s:%d: the password's value is not valid TOML (its characters are not shown here): "+
				"write it as a quoted string, password = \"…\", or leave it out and use %s or the prompt", path, pe.Position.Line, EnvPassword)
		}
		if pe.LastKey != "" {
			return fmt.Errorf("%s:%d: key %q: %s", path, pe.Position.Line, pe.LastKey, msg)
		}
		return fmt.Errorf("%s:%d: %s", path, pe.Position.Line, msg)
	}
	if m := tomlLineRe.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("%s:%s: key %q: %s", path, m[1], m[2], m[3])
	}
	return fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "toml: "))
}

// keyLine finds the line where a key is set, following [table] headers; 0 if unknown.
func keyLine(text string, key toml.Key) int {
	want := strings.Join(key, ".")
	var table []string
	tableLine := 0
	for i, line := range strings.Split(text, "\n") {
		l := strings.TrimSpace(stripComment(line))
		switch {
		case l == "":
			continue
		case strings.HasPrefix(l, "[["):
			table = splitKey(strings.Trim(l, "[] "))
		case strings.HasPrefix(l, "["):
			table = splitKey(strings.Trim(l, "[] "))
		default:
			k, _, ok := strings.Cut(l, "=")
			if !ok {
				continue
			}
			full := append(append([]string(nil), table...), splitKey(k)...)
			if strings.Join(full, ".") == want {
				return i + 1
			}
			continue
		}
		if strings.Join(table, ".") == want {
			tableLine = i + 1
		}
	}
	return tableLine
}

func stripComment(line string) string {
	inStr := byte(0)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case inStr != 0 && c == '\\' && inStr == '"':
			i++
		case inStr != 0 && c == inStr:
			inStr = 0
		case inStr == 0 && (c == '"' || c == '\''):
			inStr = c
		case inStr == 0 && c == '#':
			return line[:i]
		}
	}
	return line
}

func splitKey(k string) []string {
	var out []string
	for _, p := range strings.Split(k, ".") {
		out = append(out, strings.Trim(strings.TrimSpace(p), `"'`))
	}
	return out
}

var knownKeys = []string{
	"host", "port", "bind", "system_id", "password", "system_type", "interface_version", "addr_ton",
	"addr_npi", "address_range", "enquire_link_interval", "window", "connect_timeout", "bind_timeout",
	"response_timeout", "enquire_link_timeout", "unbind_timeout", "reconnect", "reconnect_min", "reconnect_max",
	"retry_on_auth_failure", "deliver_resp_status", "tls", "message", "enabled", "ca_file", "cert_file",
	"key_file", "server_name", "insecure", "source", "coding", "split", "registered_delivery",
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
