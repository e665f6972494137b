package config

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// The scanner below finds where each table header and each key's value sit in a TOML
// file, so that SaveProfile can rewrite one value and leave every other byte alone
// (BurntSushi/toml decodes and encodes but keeps no comments). It reads only text the
// decoder has accepted already, so it need not report syntax errors well: it refuses
// what it does not follow, and SaveProfile reads its result back before writing it.

// tomlSection is a table header and the key/value lines under it; the first section
// of a file is its root, with no header.
type tomlSection struct {
	header    []string // the table's key; nil for the root
	array     bool     // [[header]]
	lineStart int      // start of the header's line
	headerEnd int      // after the header's line
	indent    string   // before the header
	kvs       []tomlKV
}

// tomlKV is one key = value, possibly over several lines.
type tomlKV struct {
	key              []string // as written, relative to its section, dotted parts unquoted
	lineStart        int      // start of its first line
	valStart, valEnd int      // the value's bytes
	lineEnd          int      // after its last line's newline (or the end of the text)
	indent           string
}

type tomlScanner struct {
	text string
	i    int
}

var errScan = errors.New("the file's TOML is laid out in a way this editor does not follow")

func (s *tomlScanner) fail(what string) error {
	line := strings.Count(s.text[:min(s.i, len(s.text))], "\n") + 1
	return fmt.Errorf("%w (line %d: %s)", errScan, line, what)
}

func (s *tomlScanner) peek(off int) byte {
	if s.i+off < len(s.text) {
		return s.text[s.i+off]
	}
	return 0
}

func (s *tomlScanner) ws() {
	for s.i < len(s.text) && (s.text[s.i] == ' ' || s.text[s.i] == '\t') {
		s.i++
	}
}

// eol takes the rest of a line after a header or a value: blanks, a comment, the newline.
func (s *tomlScanner) eol() error {
	s.ws()
	if s.peek(0) == '#' {
		for s.i < len(s.text) && s.text[s.i] != '\n' {
			s.i++
		}
	}
	switch {
	case s.i >= len(s.text):
	case s.text[s.i] == '\n':
		s.i++
	case s.text[s.i] == '\r' && s.peek(1) == '\n':
		s.i += 2
	default:
		return s.fail("more after the value")
	}
	return nil
}

// scanTOML splits text into its sections.
func scanTOML(text string) ([]tomlSection, error) {
	s := &tomlScanner{text: text}
	if strings.HasPrefix(text, "\uFEFF") {
		s.i = len("\uFEFF")
	}
	secs := []tomlSection{{}}
	for s.i < len(text) {
		ls := s.i
		s.ws()
		if s.i >= len(text) {
			break
		}
		switch c := text[s.i]; {
		case c == '\n':
			s.i++
		case c == '\r' && s.peek(1) == '\n':
			s.i += 2
		case c == '#':
			if err := s.eol(); err != nil {
				return nil, err
			}
		case c == '[':
			sec := tomlSection{lineStart: ls, indent: text[ls:s.i]}
			s.i++
			if s.peek(0) == '[' {
				sec.array = true
				s.i++
			}
			key, err := s.key()
			if err != nil {
				return nil, err
			}
			sec.header = key
			s.ws()
			if s.peek(0) != ']' || sec.array && s.peek(1) != ']' {
				return nil, s.fail("a table header without its ]")
			}
			s.i++
			if sec.array {
				s.i++
			}
			if err := s.eol(); err != nil {
				return nil, err
			}
			sec.headerEnd = s.i
			secs = append(secs, sec)
		default:
			kv := tomlKV{lineStart: ls, indent: text[ls:s.i]}
			key, err := s.key()
			if err != nil {
				return nil, err
			}
			kv.key = key
			s.ws()
			if s.peek(0) != '=' {
				return nil, s.fail("a key without =")
			}
			s.i++
			s.ws()
			kv.valStart = s.i
			if err := s.value(); err != nil {
				return nil, err
			}
			kv.valEnd = s.i
			if err := s.eol(); err != nil {
				return nil, err
			}
			kv.lineEnd = s.i
			last := &secs[len(secs)-1]
			last.kvs = append(last.kvs, kv)
		}
	}
	return secs, nil
}

func bareKeyByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// key reads a dotted key: bare and quoted parts, blanks around the dots.
func (s *tomlScanner) key() ([]string, error) {
	var parts []string
	for {
		s.ws()
		start := s.i
		switch s.peek(0) {
		case '"', '\'':
			if err := s.str(false); err != nil {
				return nil, err
			}
			part, err := unquoteKey(s.text[start:s.i])
			if err != nil {
				return nil, s.fail("a quoted key the decoder does not read")
			}
			parts = append(parts, part)
		default:
			for s.i < len(s.text) && bareKeyByte(s.text[s.i]) {
				s.i++
			}
			if s.i == start {
				return nil, s.fail("no key where one should be")
			}
			parts = append(parts, s.text[start:s.i])
		}
		s.ws()
		if s.peek(0) != '.' {
			return parts, nil
		}
		s.i++
	}
}

// unquoteKey reads a quoted key with the decoder itself, so escapes mean what they mean
// to the loader.
func unquoteKey(quoted string) (string, error) {
	var m map[string]any
	if _, err := toml.Decode("k = "+quoted, &m); err != nil {
		return "", err
	}
	v, ok := m["k"].(string)
	if !ok {
		return "", errors.New("not a string")
	}
	return v, nil
}

// str reads a string of any of TOML's four kinds; multi says a multi-line one may start
// here (keys cannot be multi-line).
func (s *tomlScanner) str(multi bool) error {
	q := s.text[s.i]
	if multi && s.peek(1) == q && s.peek(2) == q {
		s.i += 3
		for s.i < len(s.text) {
			switch c := s.text[s.i]; {
			case c == '\\' && q == '"':
				s.i += 2
			case c == q && s.peek(1) == q && s.peek(2) == q:
				// Up to two more quotes just before the closing three are the string's.
				n := 3
				for n < 5 && s.peek(n) == q {
					n++
				}
				s.i += n
				return nil
			default:
				s.i++
			}
		}
		return s.fail("a multi-line string that does not end")
	}
	s.i++
	for s.i < len(s.text) {
		switch c := s.text[s.i]; {
		case c == '\\' && q == '"':
			s.i += 2
		case c == q:
			s.i++
			return nil
		case c == '\n':
			return s.fail("a string that does not end on its line")
		default:
			s.i++
		}
	}
	return s.fail("a string that does not end")
}

// dateRe is a local date, which a time may follow after a blank.
var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// value reads one value: a string, an array or inline table (nested, over lines, with
// comments), or a bare scalar (number, boolean, date-time).
func (s *tomlScanner) value() error {
	switch s.peek(0) {
	case '"', '\'':
		return s.str(true)
	case '[', '{':
		depth := 0
		for s.i < len(s.text) {
			switch c := s.text[s.i]; c {
			case '"', '\'':
				if err := s.str(true); err != nil {
					return err
				}
			case '#':
				for s.i < len(s.text) && s.text[s.i] != '\n' {
					s.i++
				}
			case '[', '{':
				depth++
				s.i++
			case ']', '}':
				depth--
				s.i++
				if depth == 0 {
					return nil
				}
			default:
				s.i++
			}
		}
		return s.fail("an array or inline table that does not end")
	}
	start := s.i
	for s.i < len(s.text) {
		c := s.text[s.i]
		if c == ' ' && dateRe.MatchString(s.text[start:s.i]) && s.peek(1) >= '0' && s.peek(1) <= '9' {
			s.i++
			continue
		}
		if strings.IndexByte(" \t\r\n#,]}", c) >= 0 {
			break
		}
		s.i++
	}
	if s.i == start {
		return s.fail("no value after =")
	}
	return nil
}
