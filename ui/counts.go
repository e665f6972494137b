package ui

import "fmt"

// countLabel says what a count counts: a long text is several submit_sm parts, and the
// status bar counts parts while the receipts count messages. "3 parts in 1 message";
// "5 parts" when the messages are not known.
func countLabel(parts, msgs int) string {
	p := plural(parts, "part", "parts")
	if msgs <= 0 {
		return p
	}
	return p + " in " + plural(msgs, "message", "messages")
}

// plural is n with the word that agrees with it: "1 part", "2 parts".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
