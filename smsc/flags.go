package smsc

import (
	"fmt"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// shownPassword prints the well-known default so a newcomer can bind at once, and
// hides any password the operator chose: it may be a real one reused.
func shownPassword(pw string) string {
	if pw == DefaultPassword {
		return fmt.Sprintf("%q (the default)", pw)
	}
	return "******** (as configured)"
}

// Describe is what the simulator says when it starts: where it listens, the accounts
// it accepts and the behaviour chosen.
func (s *Server) Describe() []string {
	c := s.cfg
	addr := c.Listen
	if a := s.Addr(); a != nil {
		addr = a.String()
	}
	lines := []string{"SMSC simulator listening on " + addr + " (SMPP " + s.versionName() + ")"}
	for _, a := range c.Accounts {
		lines = append(lines, fmt.Sprintf("  accepts system_id %q password %s", a.SystemID, shownPassword(a.Password)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "  message ids %s", c.MessageID)
	if c.ReceiptID != c.MessageID {
		fmt.Fprintf(&b, " (receipts write %s)", c.ReceiptID)
	}
	fmt.Fprintf(&b, "; receipts after %v", c.ReceiptDelay)
	if len(c.Rules)+len(c.Mix) > 0 {
		fmt.Fprintf(&b, " (%d rule(s), %d mix share(s), seed %d)", len(c.Rules), len(c.Mix), c.Seed)
	}
	if c.EnquireLink > 0 {
		fmt.Fprintf(&b, "; enquire_link every %v", c.EnquireLink)
	}
	if c.MO.Every > 0 {
		fmt.Fprintf(&b, "; MO every %v", c.MO.Every)
	}
	lines = append(lines, b.String())
	lines = append(lines, fmt.Sprintf("  at most %d bound sessions; connections must bind within %v (at most %d waiting)",
		c.MaxConnections, c.BindTimeout, c.MaxUnbound))
	if c.Outbind != "" {
		lines = append(lines, fmt.Sprintf("  sends outbind to %s as system_id %q (again after %v when the connection goes, doubling up to 30s)",
			c.Outbind, c.OutbindSystemID, c.OutbindRetry))
	}
	if s.receiptsData {
		lines = append(lines, "  receipts as data_sm (text in message_payload; as deliver_sm to ESMEs bound with 3.3)")
	}
	if f := describeFaults(c.Faults, c.Limits); f != "" {
		lines = append(lines, "  "+f)
	}
	return lines
}

func describeFaults(f Faults, l Limits) string {
	var parts []string
	if l.SubmitRate > 0 {
		parts = append(parts, fmt.Sprintf("rate %g/s per connection", l.SubmitRate))
	}
	if l.Window > 0 {
		parts = append(parts, fmt.Sprintf("window %d", l.Window))
	}
	if l.MaxBinds > 0 {
		parts = append(parts, fmt.Sprintf("max %d binds per system_id", l.MaxBinds))
	}
	if l.Congestion {
		parts = append(parts, "congestion_state in responses")
	}
	if f.ResponseDelay > 0 {
		parts = append(parts, fmt.Sprintf("responses delayed %v", f.ResponseDelay))
	}
	if f.NoSubmitResponse {
		parts = append(parts, "submit_sm never answered")
	}
	if f.NoEnquireLinkResponse {
		parts = append(parts, "enquire_link never answered")
	}
	if f.CloseAfter > 0 {
		parts = append(parts, fmt.Sprintf("connections closed after %d PDUs", f.CloseAfter))
	}
	if f.ErrorEvery > 0 {
		st := f.ErrorStatus
		if st == 0 {
			st = Status(wire.StatusSysErr)
		}
		parts = append(parts, fmt.Sprintf("every %d. submission answered %s", f.ErrorEvery, wire.StatusName(uint32(st))))
	}
	if f.MalformedEvery > 0 {
		parts = append(parts, fmt.Sprintf("every %d. submit_sm_resp malformed", f.MalformedEvery))
	}
	if f.HeaderOnlyErrors {
		parts = append(parts, "header-only error responses")
	}
	if len(parts) == 0 {
		return ""
	}
	return "limits and faults: " + strings.Join(parts, ", ")
}

// Summary is the once-a-second line of the sim command: binds, submissions per second
// over the interval since prev, receipts and MO.
func (s Stats) Summary(prev Stats, interval time.Duration) string {
	rate := float64(s.Submitted-prev.Submitted) / interval.Seconds()
	line := fmt.Sprintf("bound %d | submit %.0f/s, %d accepted, %d rejected | receipts %d sent, %d acked",
		s.Bound, rate, s.Submitted, s.Rejected, s.ReceiptsSent, s.ReceiptsAcked)
	if s.MOSent > 0 {
		line += fmt.Sprintf(" | MO %d sent", s.MOSent)
	}
	if s.Pending > 0 {
		line += fmt.Sprintf(" | %d deliver_sm queued", s.Pending)
	}
	if s.Throttled > 0 {
		line += fmt.Sprintf(" | %d throttled", s.Throttled)
	}
	if s.Connections > s.Bound {
		line += fmt.Sprintf(" | %d connection(s) not bound", s.Connections-s.Bound)
	}
	if s.UnboundEvicted > 0 {
		line += fmt.Sprintf(" | %d closed unbound to make room", s.UnboundEvicted)
	}
	return line
}

// Changed reports whether anything worth a summary line happened between prev and s.
func (s Stats) Changed(prev Stats) bool {
	s.Stored, prev.Stored = 0, 0 // expiry alone is not news
	return s != prev
}
