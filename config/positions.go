package config

import (
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// source is the text being read, for errors that name the file, the line and the key.
//
// Every position comes from the decoder's own record (toml.ParseError.Position). The
// decoder keeps where each key was set but MetaData does not export it; a ParseError
// raised while decoding a key carries that key's position, so line decodes the key
// once more into a value that always refuses.
type source struct{ path, text string }

// keyError is "file:line: key "k": msg".
func (s source) keyError(key toml.Key, msg string) error {
	return fmt.Errorf("%s:%d: key %q: %s", s.path, s.line(key), key.String(), msg)
}

// profileAt is the profile a decode error happened in.
type profileAt struct {
	name string
	prim toml.Primitive
}

// decodeError rewrites an error of the decoder as "file:line: key "k": message". md
// and at are set when the error came from decoding one profile.
func (s source) decodeError(err error, md *toml.MetaData, at *profileAt) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return s.parseError(pe)
	}
	// A TOML type that does not fit the key's (window = "ten") is reported in words
	// only: find the key by decoding each one alone.
	var key toml.Key
	var ok bool
	if at != nil {
		key, ok = mismatch(md, at.prim, reflect.TypeOf(Profile{}), toml.Key{"profiles", at.name})
	} else {
		var root map[string]toml.Primitive
		if rmd, rerr := toml.Decode(s.text, &root); rerr == nil {
			md = &rmd
			key, ok = mismatchTable(md, root, reflect.TypeOf(document{}), nil)
		}
	}
	if !ok {
		return fmt.Errorf("%s: %s", s.path, strings.TrimPrefix(err.Error(), "toml: "))
	}
	return s.mismatchError(md, key)
}

// mismatchError says that key holds a TOML type its Go type does not take.
func (s source) mismatchError(md *toml.MetaData, key toml.Key) error {
	msg := "incompatible types: want " + kindName(fieldAt(reflect.TypeOf(document{}), key))
	if typ := md.Type(key...); typ != "" {
		msg += ", the file has " + strings.ToLower(typ)
	}
	return s.keyError(key, msg)
}

// under reports whether k is at or below at.
func under(k, at toml.Key) bool {
	if len(k) < len(at) {
		return false
	}
	for i := range at {
		if k[i] != at[i] {
			return false
		}
	}
	return true
}

// notText finds a key under at that is read through UnmarshalText but is not a TOML
// string. The decoder would pass a number on as its digits (source = 3 would become the
// short code "3"); in a file that is a slip, so it is refused as before.
func notText(md *toml.MetaData, at toml.Key) (toml.Key, bool) {
	for _, k := range md.Keys() {
		if len(k) <= len(at) || !under(k, at) {
			continue
		}
		t := fieldAt(reflect.TypeOf(document{}), k)
		if t == nil || isTable(t) {
			continue
		}
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		pt := reflect.PointerTo(t)
		if pt.Implements(textUnmarshaler) && !pt.Implements(tomlUnmarshaler) && md.Type(k...) != "String" {
			return k, true
		}
	}
	return nil, false
}

// parseError reports a ParseError. A syntax error inside the value of a line that sets
// a password does not repeat the decoder's message, which quotes the characters it
// stumbled on: they are the password's.
func (s source) parseError(pe toml.ParseError) error {
	line, msg := pe.Position.Line, pe.Message
	if lines := strings.Split(s.text, "\n"); line >= 1 && line <= len(lines) && inPasswordValue(lines[line-1], column(lines, pe.Position)) {
		return fmt.Errorf("%s:%d: the password's value is not valid TOML (its characters are not shown here): "+
			"write it as a quoted string, password = \"…\", or leave it out and use %s or the prompt", s.path, line, EnvPassword)
	}
	if pe.LastKey != "" {
		return fmt.Errorf("%s:%d: key %q: %s", s.path, line, pe.LastKey, msg)
	}
	return fmt.Errorf("%s:%d: %s", s.path, line, msg)
}

// column is the 1-based column of an error on its line, from its byte offset: the
// decoder's own Col is one line off for an error at the very start of a line. 0 if the
// offset is not on that line.
func column(lines []string, pos toml.Position) int {
	start := 0
	for _, l := range lines[:pos.Line-1] {
		start += len(l) + 1
	}
	if col := pos.Start - start + 1; col >= 1 && col <= len(lines[pos.Line-1])+1 {
		return col
	}
	return 0
}

// passwordLineRe finds a line that sets a password, however the key is written; the
// value follows the match.
var passwordLineRe = regexp.MustCompile(`(?i)(^|[\s.{,"'])password["']?\s*=`)

// inPasswordValue reports whether column col (1-based; 0 unknown) of line lies in the
// value of a password. An unknown column on a password line counts as inside: hiding
// is the safe side.
func inPasswordValue(line string, col int) bool {
	loc := passwordLineRe.FindStringIndex(line)
	if loc == nil {
		return false
	}
	return col <= 0 || col > loc[1]
}

// line is the line where key is set, or of the deepest table above it that is set
// (a key that is missing, such as cert_file when only key_file is given); 0 if unknown.
func (s source) line(key toml.Key) int {
	var root map[string]toml.Primitive
	md, err := toml.Decode(s.text, &root)
	if err != nil || len(key) == 0 {
		return 0
	}
	prim, ok := root[key[0]]
	if !ok {
		return 0
	}
	n := primLine(&md, prim)
	for _, k := range key[1:] {
		if prim, ok = child(&md, prim, k); !ok {
			break
		}
		if l := primLine(&md, prim); l > 0 {
			n = l
		}
	}
	return n
}

// child is key k of a table, or of the first table of an array of tables that has it.
func child(md *toml.MetaData, prim toml.Primitive, k string) (toml.Primitive, bool) {
	var v any
	_ = md.PrimitiveDecode(prim, &v)
	switch v.(type) {
	case map[string]any:
		var table map[string]toml.Primitive
		if md.PrimitiveDecode(prim, &table) == nil {
			p, ok := table[k]
			return p, ok
		}
	case []map[string]any:
		var tables []map[string]toml.Primitive
		if md.PrimitiveDecode(prim, &tables) == nil {
			for _, t := range tables {
				if p, ok := t[k]; ok {
					return p, true
				}
			}
		}
	}
	return toml.Primitive{}, false
}

// refuse always fails to decode, so the decoder reports where the value was.
type refuse struct{}

func (*refuse) UnmarshalTOML(any) error { return errors.New("position") }

func primLine(md *toml.MetaData, prim toml.Primitive) int {
	var pe toml.ParseError
	if errors.As(md.PrimitiveDecode(prim, &refuse{}), &pe) {
		return pe.Position.Line
	}
	return 0
}

var (
	tomlUnmarshaler = reflect.TypeOf((*toml.Unmarshaler)(nil)).Elem()
	textUnmarshaler = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
)

// isTable reports whether t is decoded from a TOML table key by key.
func isTable(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(tomlUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return false
	}
	return t.Kind() == reflect.Struct || t.Kind() == reflect.Map
}

// mismatch finds the first key under at, in file order, whose value the decoder
// refuses without a position: one whose TOML type does not fit t.
func mismatch(md *toml.MetaData, prim toml.Primitive, t reflect.Type, at toml.Key) (toml.Key, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	// Decoding a value that is not a table into a map succeeds with nothing in it, so
	// look at the value itself first.
	var v any
	_ = md.PrimitiveDecode(prim, &v)
	switch {
	case isTable(t):
		if _, ok := v.(map[string]any); !ok {
			return at, true
		}
		var table map[string]toml.Primitive
		_ = md.PrimitiveDecode(prim, &table)
		return mismatchTable(md, table, t, at)
	case t.Kind() == reflect.Slice && isTable(t.Elem()):
		if _, ok := v.([]map[string]any); !ok {
			return at, true
		}
		var tables []map[string]toml.Primitive
		_ = md.PrimitiveDecode(prim, &tables)
		for _, table := range tables {
			if key, bad := mismatchTable(md, table, t.Elem(), at); bad {
				return key, true
			}
		}
		return nil, false
	}
	var pe toml.ParseError
	err := md.PrimitiveDecode(prim, reflect.New(t).Interface())
	return at, err != nil && !errors.As(err, &pe)
}

func mismatchTable(md *toml.MetaData, table map[string]toml.Primitive, t reflect.Type, at toml.Key) (toml.Key, bool) {
	for _, k := range md.Keys() {
		if len(k) != len(at)+1 || !under(k, at) {
			continue
		}
		prim, ok := table[k[len(k)-1]]
		if !ok {
			continue
		}
		ft := fieldType(t, k[len(k)-1])
		if ft == nil {
			continue // an unknown key: Undecoded reports it
		}
		if key, bad := mismatch(md, prim, ft, k); bad {
			return key, true
		}
	}
	return nil, false
}

// fieldType is the Go type key decodes into within t (a struct by toml tags, with the
// decoder's case-insensitive fallback, or a map's element); nil if none.
func fieldType(t reflect.Type, key string) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() == reflect.Map {
		return t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var fold reflect.Type
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f.Type
		}
		if fold == nil && strings.EqualFold(name, key) {
			fold = f.Type
		}
	}
	return fold
}

// fieldAt is the Go type of a key of the whole document.
func fieldAt(t reflect.Type, key toml.Key) reflect.Type {
	for _, k := range key {
		if t = fieldType(t, k); t == nil {
			return nil
		}
		if t == reflect.TypeOf(toml.Primitive{}) {
			t = reflect.TypeOf(Profile{}) // profiles are decoded one by one
		}
	}
	return t
}

// kindName says in words what a Go type takes from TOML.
func kindName(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) && !reflect.PointerTo(t).Implements(tomlUnmarshaler) {
		return "a string"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "a table"
	}
	return "another type"
}
