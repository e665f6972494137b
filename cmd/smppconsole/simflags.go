package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/smsc"
)

// simFlags are the command-line flags of `smppconsole sim`. newSimFlags registers them
// on a FlagSet; after Parse, Apply lays the flags that were given over a base configuration
// (DefaultConfig, or a config file's [sim] section), so a flag overrides the file only
// when it is given.
type simFlags struct {
	set []func(*smsc.Config) error
}

// newSimFlags registers the simulator's flags on fs.
func newSimFlags(fs *flag.FlagSet) *simFlags {
	f := &simFlags{}
	d := smsc.DefaultConfig()
	str := func(name, usage string, apply func(*smsc.Config, string) error) {
		fs.Func(name, usage, func(v string) error {
			f.set = append(f.set, func(c *smsc.Config) error { return apply(c, v) })
			return nil
		})
	}
	dur := func(name, usage string, field func(*smsc.Config) *time.Duration) {
		str(name, usage, func(c *smsc.Config, v string) error {
			x, err := time.ParseDuration(v)
			if err != nil || x < 0 {
				return fmt.Errorf("--%s %q: want a duration such as 500ms, 2s or 1m", name, v)
			}
			*field(c) = x
			return nil
		})
	}
	num := func(name, usage string, field func(*smsc.Config) *int) {
		str(name, usage, func(c *smsc.Config, v string) error {
			x, err := strconv.Atoi(v)
			if err != nil || x < 0 {
				return fmt.Errorf("--%s %q: want a whole number", name, v)
			}
			*field(c) = x
			return nil
		})
	}
	boolean := func(name, usage string, field func(*smsc.Config) *bool) {
		fs.Func(name, usage, func(v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return err
			}
			f.set = append(f.set, func(c *smsc.Config) error { *field(c) = b; return nil })
			return nil
		})
		// Let `--no-submit-resp` work without "=true".
		fl := fs.Lookup(name)
		fl.Value = boolFunc{fl.Value}
	}

	str("listen", "`address` to listen on (default "+d.Listen+")", func(c *smsc.Config, v string) error {
		c.Listen = v
		return nil
	})
	str("system-id", "`system_id` of the first account (default "+smsc.DefaultSystemID+")", func(c *smsc.Config, v string) error {
		c.Accounts = simFirstAccount(c.Accounts)
		c.Accounts[0].SystemID = v
		return nil
	})
	str("password", "`password` of the first account (default "+smsc.DefaultPassword+")", func(c *smsc.Config, v string) error {
		c.Accounts = simFirstAccount(c.Accounts)
		c.Accounts[0].Password = v
		return nil
	})
	str("account", "another account as `SYSTEM_ID:PASSWORD` (repeatable)", func(c *smsc.Config, v string) error {
		id, pw, ok := strings.Cut(v, ":")
		if !ok || id == "" {
			return fmt.Errorf("--account %q: want SYSTEM_ID:PASSWORD", v)
		}
		c.Accounts = append(simFirstAccount(c.Accounts), smsc.Account{SystemID: id, Password: pw})
		return nil
	})
	num("max-conns", "most bound sessions at once, all system_ids together, `N`; one more bind gets ESME_RBINDFAIL (default 200)", func(c *smsc.Config) *int { return &c.MaxConnections })
	num("max-unbound", "most connections not bound yet, `N`; over it the oldest is closed (default 500)", func(c *smsc.Config) *int { return &c.MaxUnbound })
	dur("bind-timeout", "close a connection that has not bound within this `duration` (default 5s)", func(c *smsc.Config) *time.Duration { return &c.BindTimeout })
	str("msgid", "message id `format`: dec, hex or uuid (default dec)", func(c *smsc.Config, v string) error {
		f, err := smsc.ParseIDFormat(v)
		c.MessageID = f
		return err
	})
	str("receipt-id", "id `format` in receipt text when it should differ from --msgid: dec, hex or uuid", func(c *smsc.Config, v string) error {
		f, err := smsc.ParseIDFormat(v)
		c.ReceiptID = f
		return err
	})
	dur("dlr-delay", "`delay` from submission to the final state and its receipt (default 1s)", func(c *smsc.Config) *time.Duration { return &c.ReceiptDelay })
	str("rule", "outcome by destination: `PREFIX=STAT[:ERR]`, *SUFFIX=STAT[:ERR] or PREFIX=ESME_Rxxx (repeatable)", func(c *smsc.Config, v string) error {
		r, err := smsc.ParseRule(v)
		c.Rules = append(c.Rules, r)
		return err
	})
	str("mix", "random outcomes for the rest, `STAT:WEIGHT,...` such as DELIVRD:90,UNDELIV:7,EXPIRED:3", func(c *smsc.Config, v string) error {
		m, err := smsc.ParseMix(v)
		c.Mix = m
		return err
	})
	str("seed", "`seed` of the random mix (the same seed gives the same outcomes)", func(c *smsc.Config, v string) error {
		n, err := strconv.ParseUint(v, 0, 64)
		if err != nil {
			return fmt.Errorf("--seed %q: want a whole number", v)
		}
		c.Seed = n
		return nil
	})
	dur("store-ttl", "how long accepted messages are remembered, a `duration` (default 1h)", func(c *smsc.Config) *time.Duration { return &c.StoreTTL })
	dur("enquire-link", "`period` of the simulator's own enquire_link, 0 for none (default 30s)", func(c *smsc.Config) *time.Duration { return &c.EnquireLink })
	dur("mo-every", "send an MO deliver_sm every `period` (GSM, UCS2, long UDH, long SAR in turn); 0 for none", func(c *smsc.Config) *time.Duration { return &c.MO.Every })
	str("mo-from", "source `address` of MO messages (default "+d.MO.From+")", func(c *smsc.Config, v string) error { c.MO.From = v; return nil })
	str("mo-to", "destination `address` of MO messages (default "+d.MO.To+")", func(c *smsc.Config, v string) error { c.MO.To = v; return nil })
	str("mo-text", "`text` of MO messages (default: the four samples in turn)", func(c *smsc.Config, v string) error { c.MO.Text = v; return nil })

	str("rate", "`submissions` per second allowed per connection; above it ESME_RTHROTTLED (default unlimited)", func(c *smsc.Config, v string) error {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || x < 0 {
			return fmt.Errorf("--rate %q: want a number of messages per second", v)
		}
		c.Limits.SubmitRate = x
		return nil
	})
	num("window", "`N` requests per connection awaiting a (delayed) response; above it ESME_RMSGQFUL", func(c *smsc.Config) *int { return &c.Limits.Window })
	boolean("congestion", "add congestion_state (0-100: the window's or the rate limiter's fill) to every OK submit_sm_resp", func(c *smsc.Config) *bool { return &c.Limits.Congestion })
	num("max-binds", "`N` binds at once per system_id; above it ESME_RBINDFAIL", func(c *smsc.Config) *int { return &c.Limits.MaxBinds })

	dur("delay-resp", "fault: hold back every response after the bind by `duration`", func(c *smsc.Config) *time.Duration { return &c.Faults.ResponseDelay })
	boolean("no-submit-resp", "fault: never answer submit_sm", func(c *smsc.Config) *bool { return &c.Faults.NoSubmitResponse })
	boolean("no-enquire-resp", "fault: never answer enquire_link", func(c *smsc.Config) *bool { return &c.Faults.NoEnquireLinkResponse })
	num("close-after", "fault: close the connection after answering its `N`-th PDU", func(c *smsc.Config) *int { return &c.Faults.CloseAfter })
	num("error-every", "fault: answer every `N`-th submission with --error-status", func(c *smsc.Config) *int { return &c.Faults.ErrorEvery })
	str("error-status", "`status` for --error-every, by name or number (default ESME_RSYSERR)", func(c *smsc.Config, v string) error {
		st, err := smsc.ParseStatus(v)
		c.Faults.ErrorStatus = st
		return err
	})
	num("malformed-every", "fault: make every `N`-th submit_sm_resp malformed (message_id without its NUL)", func(c *smsc.Config) *int { return &c.Faults.MalformedEvery })
	boolean("header-only-errors", "fault: send every error response as a bare header", func(c *smsc.Config) *bool { return &c.Faults.HeaderOnlyErrors })
	versionFlags(str, dur)
	return f
}

// Apply returns base with the given flags applied in the order they were given.
func (f *simFlags) Apply(base smsc.Config) (smsc.Config, error) {
	base.Accounts = append([]smsc.Account(nil), base.Accounts...)
	base.Rules = append([]smsc.Rule(nil), base.Rules...)
	var errs []error
	for _, set := range f.set {
		if err := set(&base); err != nil {
			errs = append(errs, err)
		}
	}
	return base, errors.Join(errs...)
}

func simFirstAccount(a []smsc.Account) []smsc.Account {
	if len(a) == 0 {
		return []smsc.Account{{SystemID: smsc.DefaultSystemID, Password: smsc.DefaultPassword}}
	}
	return a
}

// boolFunc makes a flag.Func behave as a boolean flag (given alone means true).
type boolFunc struct{ flag.Value }

func (boolFunc) IsBoolFlag() bool { return true }

func (boolFunc) String() string { return "" }
