package smsc

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// Flags are the command-line flags of `smppconsole sim`. NewFlags registers them on a
// FlagSet; after Parse, Apply lays the flags that were given over a base configuration
// (DefaultConfig, or a config file's [sim] section), so a flag overrides the file only
// when it is given.
type Flags struct {
	set []func(*Config) error
}

// NewFlags registers the simulator's flags on fs.
func NewFlags(fs *flag.FlagSet) *Flags {
	f := &Flags{}
	d := DefaultConfig()
	str := func(name, usage string, apply func(*Config, string) error) {
		fs.Func(name, usage, func(v string) error {
			f.set = append(f.set, func(c *Config) error { return apply(c, v) })
			return nil
		})
	}
	dur := func(name, usage string, field func(*Config) *time.Duration) {
		str(name, usage, func(c *Config, v string) error {
			x, err := time.ParseDuration(v)
			if err != nil || x < 0 {
				return fmt.Errorf("--%s %q: want a duration such as 500ms, 2s or 1m", name, v)
			}
			*field(c) = x
			return nil
		})
	}
	num := func(name, usage string, field func(*Config) *int) {
		str(name, usage, func(c *Config, v string) error {
			x, err := strconv.Atoi(v)
			if err != nil || x < 0 {
				return fmt.Errorf("--%s %q: want a whole number", name, v)
			}
			*field(c) = x
			return nil
		})
	}
	boolean := func(name, usage string, field func(*Config) *bool) {
		fs.Func(name, usage, func(v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return err
			}
			f.set = append(f.set, func(c *Config) error { *field(c) = b; return nil })
			return nil
		})
		// Let `--no-submit-resp` work without "=true".
		fl := fs.Lookup(name)
		fl.Value = boolFunc{fl.Value}
	}

	str("listen", "`address` to listen on (default "+d.Listen+")", func(c *Config, v string) error {
		c.Listen = v
		return nil
	})
	str("system-id", "`system_id` of the first account (default "+DefaultSystemID+")", func(c *Config, v string) error {
		c.Accounts = firstAccount(c.Accounts)
		c.Accounts[0].SystemID = v
		return nil
	})
	str("password", "`password` of the first account (default "+DefaultPassword+")", func(c *Config, v string) error {
		c.Accounts = firstAccount(c.Accounts)
		c.Accounts[0].Password = v
		return nil
	})
	str("account", "another account as `SYSTEM_ID:PASSWORD` (repeatable)", func(c *Config, v string) error {
		id, pw, ok := strings.Cut(v, ":")
		if !ok || id == "" {
			return fmt.Errorf("--account %q: want SYSTEM_ID:PASSWORD", v)
		}
		c.Accounts = append(firstAccount(c.Accounts), Account{SystemID: id, Password: pw})
		return nil
	})
	num("max-conns", "most bound sessions at once, all system_ids together, `N`; one more bind gets ESME_RBINDFAIL (default 200)", func(c *Config) *int { return &c.MaxConnections })
	num("max-unbound", "most connections not bound yet, `N`; over it the oldest is closed (default 500)", func(c *Config) *int { return &c.MaxUnbound })
	dur("bind-timeout", "close a connection that has not bound within this `duration` (default 5s)", func(c *Config) *time.Duration { return &c.BindTimeout })
	str("msgid", "message id `format`: dec, hex or uuid (default dec)", func(c *Config, v string) error {
		f, err := ParseIDFormat(v)
		c.MessageID = f
		return err
	})
	str("receipt-id", "id `format` in receipt text when it should differ from --msgid: dec, hex or uuid", func(c *Config, v string) error {
		f, err := ParseIDFormat(v)
		c.ReceiptID = f
		return err
	})
	dur("dlr-delay", "`delay` from submission to the final state and its receipt (default 1s)", func(c *Config) *time.Duration { return &c.ReceiptDelay })
	str("rule", "outcome by destination: `PREFIX=STAT[:ERR]`, *SUFFIX=STAT[:ERR] or PREFIX=ESME_Rxxx (repeatable)", func(c *Config, v string) error {
		r, err := ParseRule(v)
		c.Rules = append(c.Rules, r)
		return err
	})
	str("mix", "random outcomes for the rest, `STAT:WEIGHT,...` such as DELIVRD:90,UNDELIV:7,EXPIRED:3", func(c *Config, v string) error {
		m, err := ParseMix(v)
		c.Mix = m
		return err
	})
	str("seed", "`seed` of the random mix (the same seed gives the same outcomes)", func(c *Config, v string) error {
		n, err := strconv.ParseUint(v, 0, 64)
		if err != nil {
			return fmt.Errorf("--seed %q: want a whole number", v)
		}
		c.Seed = n
		return nil
	})
	dur("store-ttl", "how long accepted messages are remembered, a `duration` (default 1h)", func(c *Config) *time.Duration { return &c.StoreTTL })
	dur("enquire-link", "`period` of the simulator's own enquire_link, 0 for none (default 30s)", func(c *Config) *time.Duration { return &c.EnquireLink })
	dur("mo-every", "send an MO deliver_sm every `period` (GSM, UCS2, long UDH, long SAR in turn); 0 for none", func(c *Config) *time.Duration { return &c.MO.Every })
	str("mo-from", "source `address` of MO messages (default "+d.MO.From+")", func(c *Config, v string) error { c.MO.From = v; return nil })
	str("mo-to", "destination `address` of MO messages (default "+d.MO.To+")", func(c *Config, v string) error { c.MO.To = v; return nil })
	str("mo-text", "`text` of MO messages (default: the four samples in turn)", func(c *Config, v string) error { c.MO.Text = v; return nil })

	str("rate", "`submissions` per second allowed per connection; above it ESME_RTHROTTLED (default unlimited)", func(c *Config, v string) error {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || x < 0 {
			return fmt.Errorf("--rate %q: want a number of messages per second", v)
		}
		c.Limits.SubmitRate = x
		return nil
	})
	num("window", "`N` requests per connection awaiting a (delayed) response; above it ESME_RMSGQFUL", func(c *Config) *int { return &c.Limits.Window })
	num("max-binds", "`N` binds at once per system_id; above it ESME_RBINDFAIL", func(c *Config) *int { return &c.Limits.MaxBinds })

	dur("delay-resp", "fault: hold back every response after the bind by `duration`", func(c *Config) *time.Duration { return &c.Faults.ResponseDelay })
	boolean("no-submit-resp", "fault: never answer submit_sm", func(c *Config) *bool { return &c.Faults.NoSubmitResponse })
	boolean("no-enquire-resp", "fault: never answer enquire_link", func(c *Config) *bool { return &c.Faults.NoEnquireLinkResponse })
	num("close-after", "fault: close the connection after answering its `N`-th PDU", func(c *Config) *int { return &c.Faults.CloseAfter })
	num("error-every", "fault: answer every `N`-th submission with --error-status", func(c *Config) *int { return &c.Faults.ErrorEvery })
	str("error-status", "`status` for --error-every, by name or number (default ESME_RSYSERR)", func(c *Config, v string) error {
		st, err := ParseStatus(v)
		c.Faults.ErrorStatus = st
		return err
	})
	num("malformed-every", "fault: make every `N`-th submit_sm_resp malformed (message_id without its NUL)", func(c *Config) *int { return &c.Faults.MalformedEvery })
	boolean("header-only-errors", "fault: send every error response as a bare header", func(c *Config) *bool { return &c.Faults.HeaderOnlyErrors })
	return f
}

// Apply returns base with the given flags applied in the order they were given.
func (f *Flags) Apply(base Config) (Config, error) {
	base.Accounts = append([]Account(nil), base.Accounts...)
	base.Rules = append([]Rule(nil), base.Rules...)
	var errs []error
	for _, set := range f.set {
		if err := set(&base); err != nil {
			errs = append(errs, err)
		}
	}
	return base, errors.Join(errs...)
}

func firstAccount(a []Account) []Account {
	if len(a) == 0 {
		return []Account{{SystemID: DefaultSystemID, Password: DefaultPassword}}
	}
	return a
}

// boolFunc makes a flag.Func behave as a boolean flag (given alone means true).
type boolFunc struct{ flag.Value }

func (boolFunc) IsBoolFlag() bool { return true }

func (boolFunc) String() string { return "" }

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
	lines := []string{"SMSC simulator listening on " + addr + " (SMPP 3.4)"}
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
