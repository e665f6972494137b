package ui

// The form's history: the messages sent, oldest first, with the unsent draft as the
// newest entry, so going back to an old message (ctrl+p, or r) never loses the draft.

// maxHistory bounds the messages kept for ctrl+p.
const maxHistory = 100

// remember adds a sent message to the history. If an older message was sent while a
// draft waited, the draft comes back into the form and remember reports true.
func (c *compose) remember(v formValues) (draft bool) {
	c.history = append(c.history, v)
	if len(c.history) > maxHistory {
		c.history = append(c.history[:0], c.history[len(c.history)-maxHistory:]...)
	}
	c.histAt = len(c.history)
	if c.draftKept != nil {
		c.setValues(*c.draftKept)
		c.draftKept = nil
		return !c.empty()
	}
	return false
}

// sentAny reports whether there is a message to recall.
func (c *compose) sentAny() bool { return len(c.history) > 0 }

// empty reports whether the form holds nothing worth keeping: no destination, no text.
func (c *compose) empty() bool {
	return c.fields[fDest].input.Value() == "" && c.text.Value() == ""
}

// recallLast puts the last message sent in the form; what the form held becomes the
// newest entry, one ctrl+n away.
func (c *compose) recallLast() {
	c.histAt = len(c.history)
	c.step(-1)
}

// step moves d entries through the history (negative: older), stopping at either end.
func (c *compose) step(d int) {
	n := len(c.history)
	i := max(min(c.histAt+d, n), 0)
	if i == c.histAt || n == 0 {
		return
	}
	if c.histAt >= n {
		v := c.values()
		c.draftKept = &v
	}
	c.histAt = i
	switch {
	case i < n:
		c.setValues(c.history[i])
	case c.draftKept != nil:
		c.setValues(*c.draftKept)
	}
}
