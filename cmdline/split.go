package cmdline

import "strings"

// word is one shell word of a line: its text with quotes and escapes taken out, and
// where it stands in the line as typed (bytes, end exclusive).
type word struct {
	text       string
	start, end int
}

// openState is what a line ends in, for completion of a word still being typed.
type openState int

const (
	closed openState = iota
	inSingle
	inDouble
	afterBackslash
)

// split cuts line[from:] into words the way a POSIX shell does: blanks separate,
// 'single quotes' keep everything, "double quotes" keep everything but \" and \\,
// a backslash outside quotes keeps the next byte. It never fails: an unterminated
// quote or a trailing backslash is reported in the state, with the byte where it began.
func split(line string, from int) (words []word, st openState, openAt int) {
	var b strings.Builder
	in := false // inside a word
	start := 0
	for i := from; i < len(line); i++ {
		c := line[i]
		switch st {
		case inSingle:
			if c == '\'' {
				st = closed
			} else {
				b.WriteByte(c)
			}
			continue
		case inDouble:
			switch {
			case c == '"':
				st = closed
			case c == '\\' && i+1 < len(line) && (line[i+1] == '"' || line[i+1] == '\\'):
				i++
				b.WriteByte(line[i])
			default:
				b.WriteByte(c)
			}
			continue
		}
		if isBlank(c) {
			if in {
				words = append(words, word{text: b.String(), start: start, end: i})
				b.Reset()
				in = false
			}
			continue
		}
		if !in {
			in, start = true, i
		}
		switch c {
		case '\'':
			st, openAt = inSingle, i
		case '"':
			st, openAt = inDouble, i
		case '\\':
			if i+1 == len(line) {
				st, openAt = afterBackslash, i
				continue
			}
			i++
			b.WriteByte(line[i])
		default:
			b.WriteByte(c)
		}
	}
	if in {
		words = append(words, word{text: b.String(), start: start, end: len(line)})
	}
	return words, st, openAt
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// quote writes s so that split reads it back as one word: as it is when it has no
// byte the shell treats specially, else in single quotes (a quote in it closes them,
// is escaped, and opens them again).
func quote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\r\n'\"\\") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
