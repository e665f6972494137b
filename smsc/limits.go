package smsc

// Limits on what a connection may submit: the submit rate (a token bucket per
// connection) and the receipts an account may have waiting.

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

// roomForReceipts says whether the account can take more receipts: while more deliver_sm
// than half of PendingMax wait for its bound receivers, submissions asking for a receipt
// are answered ESME_RTHROTTLED, as an SMSC does with an ESME that does not take its
// receipts fast enough.
func (c *conn) roomForReceipts() bool {
	a := c.acct
	if a.queued.Load() < int64(c.srv.cfg.PendingMax/2) {
		return true
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.receivers) == 0 // nobody to wait for: the pending queue's bound applies
}
