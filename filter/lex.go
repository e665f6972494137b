package filter

import (
	"fmt"
	"strings"
)

type tokKind uint8

const (
	tEOF    tokKind = iota
	tWord           // a field name, a bare value, or a word operator (and, eq, contains)
	tString         // "quoted", Text is the unquoted value
	tOp             // == != < <= > >= ~ && || !
	tLParen
	tRParen
	tSet // { } , of a set: smpp.command_id in {4, 5}
)

type token struct {
	kind tokKind
	pos  int    // byte offset in the expression
	end  int    // byte offset just past the token
	text string // the source text (unquoted for a string)
}

// SyntaxError is a filter that does not compile: Pos is the byte offset in the
// expression where it went wrong, Msg says what in words.
type SyntaxError struct {
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("at %d: %s", e.Pos, e.Msg) }

func errAt(pos int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// wordByte is what a field name or bare value is made of: letters, digits and the
// punctuation of names (smpp.command_id), hex bytes (68:65), ids (a1-b2) and times.
func wordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == '.' || c == ':' || c == '-' || c == '+' || c == '/' || c >= 0x80
}

func lex(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			toks = append(toks, token{tLParen, i, i + 1, "("})
			i++
		case c == ')':
			toks = append(toks, token{tRParen, i, i + 1, ")"})
			i++
		case c == '{' || c == '}' || c == ',':
			toks = append(toks, token{tSet, i, i + 1, string(c)})
			i++
		case c == '"':
			v, end, err := lexString(s, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{tString, i, end, v})
			i = end
		case strings.ContainsRune("=!<>~&|", rune(c)):
			op := string(c)
			if i+1 < len(s) {
				two := s[i : i+2]
				switch two {
				case "==", "!=", "<=", ">=", "&&", "||", "~=":
					op = two
				}
			}
			if i+2 < len(s) {
				if three := s[i : i+3]; three == "===" || three == "!==" {
					op = three
				}
			}
			switch op {
			case "=":
				return nil, errAt(i, "a single = is not an operator: use == to compare")
			case "&":
				return nil, errAt(i, "a single & is not an operator: use && (or and)")
			case "|":
				return nil, errAt(i, "a single | is not an operator: use || (or or)")
			}
			toks = append(toks, token{tOp, i, i + len(op), op})
			i += len(op)
		case wordByte(c):
			j := i
			for j < len(s) && wordByte(s[j]) {
				j++
			}
			toks = append(toks, token{tWord, i, j, s[i:j]})
			i = j
		default:
			return nil, errAt(i, "unexpected character %q", c)
		}
	}
	toks = append(toks, token{tEOF, len(s), len(s), ""})
	return toks, nil
}

// lexString reads a double-quoted string with C escapes (\" \\ \n \t \r \xNN \NNN),
// as Wireshark's filters take them.
func lexString(s string, start int) (string, int, error) {
	var b strings.Builder
	for i := start + 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			return b.String(), i + 1, nil
		case '\\':
			if i+1 >= len(s) {
				return "", 0, errAt(start, "unterminated string: a closing \" is missing")
			}
			i++
			switch e := s[i]; e {
			case '"', '\\', '\'', '?':
				b.WriteByte(e)
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'a':
				b.WriteByte('\a')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'v':
				b.WriteByte('\v')
			case 'x':
				if i+2 >= len(s) || unhex(s[i+1]) < 0 || unhex(s[i+2]) < 0 {
					return "", 0, errAt(i-1, "\\x needs two hex digits")
				}
				b.WriteByte(byte(unhex(s[i+1])<<4 | unhex(s[i+2])))
				i += 2
			default:
				if '0' <= e && e <= '7' {
					if i+2 >= len(s) || s[i+1] < '0' || s[i+1] > '7' || s[i+2] < '0' || s[i+2] > '7' {
						return "", 0, errAt(i-1, "an octal escape needs three digits (\\101)")
					}
					v := int(e-'0')<<6 | int(s[i+1]-'0')<<3 | int(s[i+2]-'0')
					if v > 255 {
						return "", 0, errAt(i-1, "octal escape \\%s is over 255", s[i:i+3])
					}
					b.WriteByte(byte(v))
					i += 2
					continue
				}
				return "", 0, errAt(i-1, "unknown escape \\%c in a string", e)
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, errAt(start, "unterminated string: a closing \" is missing")
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// quote writes s as a string literal lexString reads back to the same octets.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c == 0x7F:
			fmt.Fprintf(&b, "\\x%02x", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
