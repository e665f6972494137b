package smsc

// The submit rate limit: a token bucket per connection.

func (c *conn) burst() int {
	if c.limits.SubmitBurst > 0 {
		return c.limits.SubmitBurst
	}
	return max(1, int(c.limits.SubmitRate))
}

// allow takes a token from the connection's bucket.
func (c *conn) allow(now int64) bool {
	if c.limits.SubmitRate <= 0 {
		return true
	}
	c.tokens += float64(now-c.refilled) / 1e9 * c.limits.SubmitRate
	c.refilled = now
	if b := float64(c.burst()); c.tokens > b {
		c.tokens = b
	}
	if c.tokens < 1 {
		return false
	}
	c.tokens--
	return true
}
