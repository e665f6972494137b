package smsc

import "github.com/smppconsole/smppconsole/wire"

// congestion_state (SMPP 5.0 §4.8.4.19): with Limits.Congestion on, every OK
// submit_sm_resp and data_sm_resp carries how full this connection is, 0-100, so that
// an ESME can slow down before it is throttled. The figure is the larger of:
//
//   - the window's fill: responses held back (the ResponseDelay fault) over
//     Limits.Window, ×100;
//   - the rate limiter's fill: the share of the token bucket (SubmitRate, SubmitBurst)
//     already spent, ×100.
//
// A connection with neither limit is never congested: it reports 0. Which servers and
// binds get the TLV at all: see version.go.

// congestion is the connection's congestion_state now; serve only.
func (c *conn) congestion() uint8 {
	fill := 0
	if w := c.limits.Window; w > 0 {
		c.mu.Lock()
		waiting := len(c.delayed)
		c.mu.Unlock()
		fill = waiting * 100 / w
	}
	if c.limits.SubmitRate > 0 {
		b := float64(c.burst())
		if spent := int((b - c.tokens) / b * 100); spent > fill {
			fill = spent
		}
	}
	return uint8(min(max(fill, 0), 100))
}

// respTLVs are the TLVs of an OK submit_sm_resp or data_sm_resp: congestion_state when
// it is on, else none. The value lives in the connection: nothing is allocated.
func (c *conn) respTLVs() []wire.TLV {
	if !c.congestionOn() {
		return nil
	}
	c.congBuf[0] = c.congestion()
	c.congTLV[0] = wire.TLV{Tag: wire.TagCongestionState, Value: c.congBuf[:]}
	return c.congTLV[:]
}
