package cmdline

import (
	"errors"
	"strings"

	"github.com/smppconsole/smppconsole/filter"
)

// parseFilter takes the rest of the line after the name as the expression, as typed:
// a display filter has quotes of its own.
func parseFilter(line string, nameEnd int, cmd Command) (Command, error) {
	start := restStart(line, nameEnd)
	expr := strings.TrimRight(line[start:], " \t\r\n")
	cmd.Args = []string{expr}
	if expr == "" {
		return cmd, nil
	}
	if _, err := filter.Compile(expr); err != nil {
		var se *filter.SyntaxError
		if errors.As(err, &se) {
			return Command{}, errAt(start+min(max(se.Pos, 0), len(expr)), "filter: %s", se.Msg)
		}
		return Command{}, errAt(start, "filter: %v", err)
	}
	return cmd, nil
}

// completeFilter completes the expression from start to the cursor.
func completeFilter(line string, start, cursor int) ([]string, int) {
	if cursor < start {
		return nil, cursor
	}
	c, s := filter.Complete(line[start:], cursor-start)
	return c, start + s
}

// restStart is where the rest of the line begins after the blanks that follow i.
func restStart(line string, i int) int {
	for i < len(line) && isBlank(line[i]) {
		i++
	}
	return i
}
