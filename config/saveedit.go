package config

import (
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// profileField is one key of a profile and where it is in Profile.
type profileField struct {
	path  []string // {"host"}, {"tls", "ca_file"}
	index []int
}

func (f profileField) key() string { return strings.Join(f.path, ".") }

// table is the sub-table the key is in ("tls", "message"), "" for the profile's own.
func (f profileField) table() string {
	if len(f.path) == 2 {
		return f.path[0]
	}
	return ""
}

// profileFields are the keys SaveProfile writes, in the order a new table gets them:
// Profile's own in field order, then its sub-tables'.
var profileFields = fieldsOf(reflect.TypeOf(Profile{}))

func tagName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}

func fieldsOf(t reflect.Type) []profileField {
	var own, sub []profileField
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name := tagName(sf)
		if name == "" {
			continue
		}
		if sf.Type.Kind() == reflect.Struct && isTable(sf.Type) {
			for j := 0; j < sf.Type.NumField(); j++ {
				if n := tagName(sf.Type.Field(j)); n != "" {
					sub = append(sub, profileField{[]string{name, n}, []int{i, j}})
				}
			}
			continue
		}
		own = append(own, profileField{[]string{name}, []int{i}})
	}
	return append(own, sub...)
}

// subTables are the profile's sub-tables, in the order new ones are added.
var subTables = []string{"tls", "message"}

// editor rewrites one profile in a file's text.
type editor struct {
	text   string
	name   string
	exists bool // the file has the profile
	secs   []tomlSection

	main, last int            // the profile's [profiles.NAME] section and its last section; -1 if none
	first      int            // its first section; -1 if none
	sub        map[string]int // its [profiles.NAME.tls] and [profiles.NAME.message] sections
	dotted     map[string]bool
	kv         map[string]*tomlKV // the profile's keys in the file, lower case, relative to it

	edits   []edit
	adds    map[string][]profileAdd // by table
	removed []string
}

type profileAdd struct{ key, value string }

// edit replaces text[start:end] (an insertion when they are equal).
type edit struct {
	start, end int
	text       string
}

var errLayout = errors.New("this editor only rewrites a profile written as a [profiles.NAME] table")

// locate finds the profile's sections and keys, refusing the layouts it does not edit:
// a profile given as an inline table or by dotted keys from outside its table.
func (e *editor) locate() error {
	e.main, e.last, e.first = -1, -1, -1
	e.sub, e.dotted, e.kv = map[string]int{}, map[string]bool{}, map[string]*tomlKV{}
	e.adds = map[string][]profileAdd{}
	prof := []string{"profiles", e.name}
	for si := range e.secs {
		sec := &e.secs[si]
		if hasPrefix(sec.header, prof) {
			rel := sec.header[2:]
			switch {
			case sec.array:
				return fmt.Errorf("%w: it has an array of tables", errLayout)
			case len(rel) == 0:
				e.main = si
			case len(rel) == 1 && isSubTable(rel[0]):
				e.sub[rel[0]] = si
			default:
				return fmt.Errorf("%w: it has a table [%s]", errLayout, strings.Join(sec.header, "."))
			}
			if e.first < 0 {
				e.first = si
			}
			e.last = si
		}
		for ki := range sec.kvs {
			kv := &sec.kvs[ki]
			full := append(append([]string(nil), sec.header...), kv.key...)
			if hasPrefix(prof, full) {
				return fmt.Errorf("%w: %s is written as a value (an inline table or dotted keys)", errLayout, strings.Join(full, "."))
			}
			if !hasPrefix(full, prof) {
				continue
			}
			inMain, inSub := len(sec.header) == 2, len(sec.header) == 3
			switch {
			case inMain && len(kv.key) == 1 && !isSubTable(kv.key[0]):
			case inMain && len(kv.key) == 2 && isSubTable(kv.key[0]):
				e.dotted[kv.key[0]] = true
			case inSub && len(kv.key) == 1:
			default:
				return fmt.Errorf("%w: %s is written as an inline table or dotted keys", errLayout, strings.Join(full, "."))
			}
			e.kv[strings.Join(full[2:], ".")] = kv
		}
	}
	if e.exists && e.first < 0 {
		return fmt.Errorf("%w: it has no table of its own", errLayout)
	}
	return nil
}

func hasSub(m map[string]int, t string) bool { _, ok := m[t]; return ok }

// isSubTable: keys are matched exactly, as TOML and the loader (strict.go) match them.
func isSubTable(s string) bool { return slices.Contains(subTables, s) }

// hasPrefix reports whether key starts with prefix.
func hasPrefix(key, prefix []string) bool {
	if len(key) < len(prefix) {
		return false
	}
	for i := range prefix {
		if key[i] != prefix[i] {
			return false
		}
	}
	return true
}

// set plans the edit that takes field f from its value in old to its value in want.
func (e *editor) set(f profileField, old, want Profile) error {
	ov := reflect.ValueOf(old).FieldByIndex(f.index)
	nv := reflect.ValueOf(want).FieldByIndex(f.index)
	if reflect.DeepEqual(ov.Interface(), nv.Interface()) {
		return nil
	}
	text, present, err := tomlValue(nv)
	if err != nil {
		return fmt.Errorf("key %s: %v", f.key(), err)
	}
	if f.key() == "password_env" && text == `""` {
		present = false // no variable: the key's absence says so
	}
	if kv := e.kv[f.key()]; kv != nil {
		if !present {
			e.remove(f.key())
			return nil
		}
		e.replace(kv, text)
		return nil
	}
	if present {
		e.adds[f.table()] = append(e.adds[f.table()], profileAdd{f.path[len(f.path)-1], text})
	}
	return nil
}

// replace rewrites a value and keeps the comment after it, in its column when the
// blanks before it allow.
func (e *editor) replace(kv *tomlKV, text string) {
	end := kv.valEnd
	old := e.text[kv.valStart:kv.valEnd]
	j := end
	for j < len(e.text) && e.text[j] == ' ' {
		j++
	}
	if j > end && j < len(e.text) && e.text[j] == '#' && !strings.Contains(old, "\n") {
		gap := j - end - (utf8.RuneCountInString(text) - utf8.RuneCountInString(old))
		text += strings.Repeat(" ", max(gap, 1))
		end = j
	}
	e.edits = append(e.edits, edit{kv.valStart, end, text})
}

// remove takes a key's lines out, with the comment lines that continue its comment.
func (e *editor) remove(key string) {
	kv := e.kv[key]
	e.edits = append(e.edits, edit{kv.lineStart, e.continued(kv), ""})
	e.removed = append(e.removed, key)
	delete(e.kv, key)
}

// continued is the end of a key's lines: its own, and the comment lines after it that
// are indented past its key (they go on with its comment).
func (e *editor) continued(kv *tomlKV) int {
	p := kv.lineEnd
	for p < len(e.text) {
		line := e.text[p:]
		if n := strings.IndexByte(line, '\n'); n >= 0 {
			line = line[:n+1]
		}
		body := strings.TrimLeft(line, " \t")
		if !strings.HasPrefix(body, "#") || len(line)-len(body) <= len(kv.indent) {
			break
		}
		p += len(line)
	}
	return p
}

// insertAt is where keys are added to a section: after its last key (and that key's
// comment lines), else after its header.
func (e *editor) insertAt(si int) (pos int, indent string) {
	sec := &e.secs[si]
	if len(sec.kvs) == 0 {
		return sec.headerEnd, sec.indent
	}
	kv := &sec.kvs[len(sec.kvs)-1]
	return e.continued(kv), kv.indent
}

// plan turns the keys to add into insertions.
func (e *editor) plan() {
	nl := e.newline()
	lines := func(indent, prefix string, adds []profileAdd) string {
		var b strings.Builder
		for _, a := range adds {
			b.WriteString(indent + prefix + a.key + " = " + a.value + nl)
		}
		return b.String()
	}
	header := func(indent, table string) string {
		h := "[profiles." + tomlKey(e.name)
		if table != "" {
			h += "." + table
		}
		return indent + h + "]" + nl
	}
	if !e.exists {
		var b strings.Builder
		if e.text != "" && !strings.HasSuffix(e.text, nl+nl) {
			b.WriteString(nl) // a blank line before it (apply ends an unended last line)
		}
		b.WriteString(header("", "") + lines("", "", e.adds[""]))
		for _, t := range subTables {
			if len(e.adds[t]) > 0 {
				b.WriteString(nl + header("", t) + lines("", "", e.adds[t]))
			}
		}
		e.edits = append(e.edits, edit{len(e.text), len(e.text), b.String()})
		return
	}
	own := e.adds[""]
	var dotted strings.Builder
	var subs []string
	for _, t := range subTables {
		switch adds := e.adds[t]; {
		case len(adds) == 0:
		case hasSub(e.sub, t):
			pos, indent := e.insertAt(e.sub[t])
			e.edits = append(e.edits, edit{pos, pos, lines(indent, "", adds)})
		case e.dotted[t]:
			_, indent := e.insertAt(e.main)
			dotted.WriteString(lines(indent, t+".", adds))
		default:
			indent := ""
			for _, si := range e.sub {
				indent = e.secs[si].indent
			}
			subs = append(subs, nl+header(indent, t)+lines(indent, "", adds))
		}
	}
	if len(own) > 0 || dotted.Len() > 0 {
		if e.main >= 0 {
			pos, indent := e.insertAt(e.main)
			e.edits = append(e.edits, edit{pos, pos, lines(indent, "", own) + dotted.String()})
		} else {
			// Only sub-tables so far: the profile's own table goes before the first.
			pos := e.secs[e.first].lineStart
			e.edits = append(e.edits, edit{pos, pos, header("", "") + lines("", "", own) + nl})
		}
	}
	if len(subs) > 0 {
		pos, _ := e.insertAt(e.last)
		e.edits = append(e.edits, edit{pos, pos, strings.Join(subs, "")})
	}
}

// newline is the file's line ending.
func (e *editor) newline() string {
	if strings.Contains(e.text, "\r\n") {
		return "\r\n"
	}
	return "\n"
}

// apply plans the insertions and makes every edit.
func (e *editor) apply() string {
	e.plan()
	// Insertions before a replacement or removal at the same place; planned order otherwise.
	sort.SliceStable(e.edits, func(i, j int) bool {
		a, b := e.edits[i], e.edits[j]
		if a.start != b.start {
			return a.start < b.start
		}
		return a.start == a.end && b.start != b.end
	})
	var b strings.Builder
	pos := 0
	for _, ed := range e.edits {
		if ed.start < pos {
			continue // overlapping edits are a bug; reading the result back refuses it
		}
		b.WriteString(e.text[pos:ed.start])
		if ed.start == ed.end && ed.start > 0 && e.text[ed.start-1] != '\n' && ed.text != "" {
			b.WriteString(e.newline()) // the file's last line had no newline
		}
		b.WriteString(ed.text)
		pos = ed.end
	}
	b.WriteString(e.text[pos:])
	return b.String()
}

// tomlValue writes a value as TOML the loader reads back the same: strings quoted, the
// value types by their text (durations "30s", versions "3.4", statuses by name), octets
// and other integers as numbers. present is false for an unset (nil) value.
func tomlValue(v reflect.Value) (text string, present bool, err error) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", false, nil
		}
		v = v.Elem()
	}
	if m, ok := v.Interface().(encoding.TextMarshaler); ok {
		b, err := m.MarshalText()
		if err != nil {
			return "", false, err
		}
		s, err := tomlString(string(b))
		return s, true, err
	}
	switch v.Kind() {
	case reflect.String:
		s, err := tomlString(v.String())
		return s, true, err
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), true, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), true, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), true, nil
	}
	return "", false, fmt.Errorf("cannot write a %s", v.Type())
}

// tomlString is s as a TOML basic string. The error does not quote s: it may be a password.
func tomlString(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", errors.New("the value is not valid UTF-8, which a TOML file cannot hold")
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7F {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}

// tomlKey is a key part, bare when TOML allows it, else quoted.
func tomlKey(s string) string {
	for i := 0; i < len(s); i++ {
		if !bareKeyByte(s[i]) {
			q, err := tomlString(s)
			if err != nil {
				return `""`
			}
			return q
		}
	}
	if s == "" {
		return `""`
	}
	return s
}
