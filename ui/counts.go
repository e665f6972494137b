package ui

import "fmt"

// countLabel says how many parts in how many messages: "3 parts in 1 message".
func countLabel(parts, msgs int) string {
	return fmt.Sprintf("%d %s in %d %s", parts, plural(parts, "part", "parts"), msgs, plural(msgs, "message", "messages"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
