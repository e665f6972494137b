package smsc

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/wire"
)

// Defaults used when a Config field is left at its zero value.
const (
	DefaultListen   = "127.0.0.1:2775"
	DefaultSystemID = "smppclient1"
	DefaultPassword = "password"
)

// Config is everything a Server needs. It is TOML-tagged so that it can be the [sim]
// section of the console's configuration; zero fields take the defaults documented on
// each field (DefaultConfig shows them filled in).
type Config struct {
	// Listen is the TCP address to listen on ("127.0.0.1:2775"; ":0" picks a port).
	Listen string `toml:"listen"`
	// Accounts are the system_id/password pairs accepted; none means one account,
	// smppclient1/password.
	Accounts []Account `toml:"accounts"`
	// MaxConnections bounds bound sessions, all system_ids together (default 200): one
	// more bind is answered ESME_RBINDFAIL and its connection closed. Limits.MaxBinds
	// bounds the sessions of one system_id.
	MaxConnections int `toml:"max_connections"`
	// MaxUnbound bounds connections that have not bound yet (default 500), apart from the
	// sessions, so that a flood of idle connections cannot take the slots of real binds:
	// over the cap the oldest unbound connection is closed to make room for the new one.
	// BindTimeout closes the others in time.
	MaxUnbound int `toml:"max_unbound"`

	// MessageID is the format of the message ids handed out: "dec" (default), "hex"
	// (upper case, zero-padded to 16 digits) or "uuid".
	MessageID IDFormat `toml:"message_id"`
	// ReceiptID is the format of the id: field in receipt text; empty means the same as
	// MessageID. Setting it differently reproduces SMSCs that answer submit_sm in hex
	// and write receipts in decimal. receipted_message_id always carries the id as it
	// was given in submit_sm_resp.
	ReceiptID IDFormat `toml:"receipt_id"`

	// ReceiptDelay is how long after submission a message reaches its final state and
	// its receipt is sent (0: at once).
	ReceiptDelay time.Duration `toml:"receipt_delay"`
	// Rules decide a message's outcome by destination address; the first match wins.
	Rules []Rule `toml:"rules"`
	// Mix gives the outcome of messages no rule matches, drawn with weights from a
	// generator seeded with Seed: the same seed and the same order of submissions give
	// the same outcomes. An empty Mix means every message is delivered (DELIVRD).
	Mix  []Share `toml:"mix"`
	Seed uint64  `toml:"seed"`

	// StoreTTL is how long an accepted message is remembered for query_sm, cancel_sm,
	// replace_sm and its receipt (default 1h). It must be longer than any receipt delay.
	StoreTTL time.Duration `toml:"store_ttl"`
	// StoreMax bounds the messages remembered (default 2,000,000); the oldest go first.
	StoreMax int `toml:"store_max"`

	// PendingMax bounds, per account, the receipts and MO messages queued for its
	// receivers and transceivers, or waiting for one to bind (default 500,000; the
	// oldest are dropped). While more than half of it is queued for bound receivers,
	// submissions asking for a receipt are answered ESME_RTHROTTLED.
	PendingMax int `toml:"pending_max"`
	// PendingTTL is how long such a message waits before it is dropped (default 1h).
	PendingTTL time.Duration `toml:"pending_ttl"`
	// DeliverWindow bounds the deliver_sm sent on one connection and not yet answered
	// (default 100).
	DeliverWindow int `toml:"deliver_window"`
	// DeliverTimeout is how long a deliver_sm waits for its deliver_sm_resp before it is
	// sent again (default 30s). A deliver_sm answered with a temporary error
	// (ESME_RX_T_APPN, ESME_RMSGQFUL, ESME_RTHROTTLED, ESME_RSYSERR) is sent again after
	// RetryDelay (default 5s), at most DeliverRetries times (default 3).
	DeliverTimeout time.Duration `toml:"deliver_timeout"`
	RetryDelay     time.Duration `toml:"retry_delay"`
	DeliverRetries int           `toml:"deliver_retries"`

	// EnquireLink is the period of the server's own enquire_link (0: never). A client
	// that leaves one unanswered for EnquireLinkTimeout (default 10s) is dropped.
	EnquireLink        time.Duration `toml:"enquire_link"`
	EnquireLinkTimeout time.Duration `toml:"enquire_link_timeout"`
	// BindTimeout closes a connection that has not bound within it (default 5s).
	BindTimeout time.Duration `toml:"bind_timeout"`
	// WriteTimeout fails a connection whose peer stops reading (default 10s).
	WriteTimeout time.Duration `toml:"write_timeout"`
	// MaxPDULength bounds command_length (default wire.DefaultMaxLength).
	MaxPDULength int `toml:"max_pdu_length"`

	// MO configures mobile-originated messages sent on a timer.
	MO MOConfig `toml:"mo"`

	// InterfaceVersion is the SMPP version the simulator acts as (see version.go):
	// "3.3" (no TLVs at all, no data_sm), "3.4" (sc_interface_version 0x34, no SMPP 5.0
	// TLVs) or "5.0" (sc_interface_version 0x50, congestion_state in every OK
	// submit_sm_resp and data_sm_resp). Empty keeps the behaviour from before versions
	// could be chosen: 3.4, with congestion_state only when Limits.Congestion asks.
	InterfaceVersion string `toml:"interface_version"`
	// Outbind (host:port), if set, makes the server dial it, send outbind with the
	// account OutbindSystemID's system_id and password (default the first account), and
	// serve the bind_receiver that comes back on that connection like any bind. It dials
	// again, with backoff from OutbindRetry (default 1s) to 30s, whenever the
	// connection is gone, until Shutdown.
	Outbind         string        `toml:"outbind"`
	OutbindSystemID string        `toml:"outbind_system_id"`
	OutbindRetry    time.Duration `toml:"outbind_retry"`
	// ReceiptsAs is the PDU receipts are sent in: "deliver_sm" (default) or "data_sm"
	// (esm_class receipt bits, receipted_message_id, message_state, network_error_code
	// and the Appendix B text in message_payload). An ESME bound with 3.3, which has
	// no data_sm, gets them as deliver_sm.
	ReceiptsAs string `toml:"receipts_as"`

	// Limits and Faults apply to every account; an account's own non-zero values
	// override them field by field.
	Limits Limits `toml:"limits"`
	Faults Faults `toml:"faults"`

	// Log, if set, receives bind, unbind and connection events. It is called from the
	// connection's goroutine and must not block. The server never prints.
	Log func(Event) `toml:"-"`
}

// Account is one system_id/password pair with its own limits and faults.
type Account struct {
	SystemID string `toml:"system_id"`
	Password string `toml:"password"`
	Limits   Limits `toml:"limits"`
	Faults   Faults `toml:"faults"`
}

// Limits are the load limits of a connection.
type Limits struct {
	// SubmitRate is the submit_sm/data_sm/submit_multi allowed per second on one
	// connection (0: unlimited); above it the answer is ESME_RTHROTTLED. SubmitBurst is
	// the token bucket's depth (0: one second's worth).
	SubmitRate  float64 `toml:"submit_rate"`
	SubmitBurst int     `toml:"submit_burst"`
	// Window is how many requests of one connection may be waiting for their response
	// at once (0: unlimited). It only bites when responses are held back (the
	// ResponseDelay fault): one more request is answered at once with ESME_RMSGQFUL.
	Window int `toml:"window"`
	// MaxBinds bounds concurrent binds of the system_id (0: unlimited); one more bind
	// is answered with ESME_RBINDFAIL.
	MaxBinds int `toml:"max_binds"`
	// Congestion adds congestion_state (SMPP 5.0) to every OK submit_sm_resp and
	// data_sm_resp: the window's or the rate limiter's fill, 0-100 (see congestion.go).
	Congestion bool `toml:"congestion"`
}

// Faults make the server misbehave on purpose, for testing a client's reliability.
type Faults struct {
	// ResponseDelay holds back every response after the bind by this long.
	ResponseDelay time.Duration `toml:"response_delay"`
	// NoSubmitResponse: submit_sm is read and dropped, never answered nor stored.
	NoSubmitResponse bool `toml:"no_submit_response"`
	// NoEnquireLinkResponse: enquire_link is never answered.
	NoEnquireLinkResponse bool `toml:"no_enquire_link_response"`
	// CloseAfter closes the TCP connection (without unbind) right after answering the
	// N-th PDU received on it, the bind included.
	CloseAfter int `toml:"close_after"`
	// ErrorEvery answers every N-th submit_sm/data_sm/submit_multi of a connection with
	// ErrorStatus (default ESME_RSYSERR) instead of accepting it.
	ErrorEvery  int    `toml:"error_every"`
	ErrorStatus Status `toml:"error_status"`
	// MalformedEvery replaces every N-th submit_sm_resp/data_sm_resp of a connection with
	// a malformed one: well framed, but its message_id has no NUL terminator.
	MalformedEvery int `toml:"malformed_every"`
	// HeaderOnlyErrors sends every error response as a bare 16-octet header, also those
	// (data_sm_resp, submit_multi_resp, query_sm_resp) that otherwise carry their body.
	HeaderOnlyErrors bool `toml:"header_only_errors"`
}

// MOConfig configures mobile-originated deliver_sm sent on a timer.
type MOConfig struct {
	// Every is the period (0: never). Each tick sends the next of: a GSM 7-bit text, a
	// UCS2 text, a long GSM text as UDH-concatenated parts, a long UCS2 text as SAR
	// parts — or Text, if set.
	Every time.Duration `toml:"every"`
	From  string        `toml:"from"` // default "447700900123"
	To    string        `toml:"to"`   // default "12345"
	Text  string        `toml:"text"`
	// SystemID sends only to that account's receivers ("" : round robin over all).
	SystemID string `toml:"system_id"`
}

// Rule decides the outcome of messages to matching destinations.
type Rule struct {
	Prefix string `toml:"prefix"` // destination starts with this ("" matches all)
	Suffix string `toml:"suffix"` // destination ends with this ("" matches all)
	// Stat is the final state as an Appendix B stat word: DELIVRD, UNDELIV, EXPIRED,
	// REJECTD, DELETED, UNKNOWN, ACCEPTD; or NONE: the message never reaches a final
	// state and no final receipt is sent.
	Stat string `toml:"stat"`
	// Err is the err: of the receipt (default: 0 for DELIVRD/ACCEPTD, else per stat).
	Err int `toml:"err"`
	// NetworkError is the GSM code in network_error_code on failure (default: Err).
	NetworkError int `toml:"network_error"`
	// Delay overrides ReceiptDelay for these messages (0: use ReceiptDelay).
	Delay time.Duration `toml:"delay"`
	// Status, if set, rejects the submission with this command_status instead.
	Status Status `toml:"status"`
}

// Share is one weighted outcome of the random mix.
type Share struct {
	Stat         string `toml:"stat"`
	Weight       int    `toml:"weight"`
	Err          int    `toml:"err"`
	NetworkError int    `toml:"network_error"`
}

// IDFormat is how message ids are written.
type IDFormat string

// The message id formats.
const (
	IDDecimal IDFormat = "dec"
	IDHex     IDFormat = "hex"
	IDUUID    IDFormat = "uuid"
)

// ParseIDFormat accepts dec, decimal, hex, hexadecimal and uuid.
func ParseIDFormat(s string) (IDFormat, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "dec", "decimal":
		return IDDecimal, nil
	case "hex", "hexadecimal":
		return IDHex, nil
	case "uuid":
		return IDUUID, nil
	}
	return "", fmt.Errorf("unknown message id format %q: want dec, hex or uuid", s)
}

// Status is a command_status. In TOML and flags it is written by name
// ("ESME_RTHROTTLED" or "RTHROTTLED") or as a number ("0x58", "88").
type Status uint32

// ParseStatus reads a command_status by name or number.
func ParseStatus(s string) (Status, error) {
	s = strings.TrimSpace(s)
	if v, ok := wire.StatusByName(s); ok {
		return Status(v), nil
	}
	if v, err := strconv.ParseUint(s, 0, 32); err == nil {
		return Status(v), nil
	}
	return 0, fmt.Errorf("unknown command_status %q: use a name such as ESME_RTHROTTLED or a number such as 0x58", s)
}

// UnmarshalText implements encoding.TextUnmarshaler for TOML.
func (s *Status) UnmarshalText(b []byte) error {
	v, err := ParseStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// MarshalText writes the status by name.
func (s Status) MarshalText() ([]byte, error) { return []byte(wire.StatusName(uint32(s))), nil }

func (s Status) String() string { return wire.StatusString(uint32(s)) }

// DefaultConfig is the configuration `smppconsole sim` starts from: one account
// smppclient1/password on 127.0.0.1:2775, decimal ids, receipts after one second,
// enquire_link every 30 seconds.
func DefaultConfig() Config {
	c := Config{
		Listen:       DefaultListen,
		Accounts:     []Account{{SystemID: DefaultSystemID, Password: DefaultPassword}},
		MessageID:    IDDecimal,
		ReceiptDelay: time.Second,
		EnquireLink:  30 * time.Second,
	}
	return c.withDefaults()
}

// withDefaults fills zero fields.
func (c Config) withDefaults() Config {
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	if len(c.Accounts) == 0 {
		c.Accounts = []Account{{SystemID: DefaultSystemID, Password: DefaultPassword}}
	} else {
		c.Accounts = append([]Account(nil), c.Accounts...)
	}
	setDefault(&c.MaxConnections, 200)
	setDefault(&c.MaxUnbound, 500)
	if c.MessageID == "" {
		c.MessageID = IDDecimal
	}
	if c.ReceiptID == "" {
		c.ReceiptID = c.MessageID
	}
	setDefault(&c.StoreTTL, time.Hour)
	setDefault(&c.StoreMax, 2_000_000)
	setDefault(&c.PendingMax, 500_000)
	setDefault(&c.PendingTTL, time.Hour)
	setDefault(&c.DeliverWindow, 100)
	setDefault(&c.DeliverTimeout, 30*time.Second)
	setDefault(&c.RetryDelay, 5*time.Second)
	setDefault(&c.DeliverRetries, 3)
	setDefault(&c.EnquireLinkTimeout, 10*time.Second)
	setDefault(&c.BindTimeout, 5*time.Second)
	setDefault(&c.WriteTimeout, 10*time.Second)
	setDefault(&c.MaxPDULength, wire.DefaultMaxLength)
	if c.MO.From == "" {
		c.MO.From = "447700900123"
	}
	if c.MO.To == "" {
		c.MO.To = "12345"
	}
	if c.Outbind != "" && c.OutbindSystemID == "" {
		c.OutbindSystemID = c.Accounts[0].SystemID
	}
	setDefault(&c.OutbindRetry, time.Second)
	return c
}

func setDefault[T comparable](p *T, v T) {
	var zero T
	if *p == zero {
		*p = v
	}
}

// validate reports every problem with a filled-in configuration, in words.
func (c Config) validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	seen := map[string]bool{}
	for i, a := range c.Accounts {
		switch {
		case a.SystemID == "":
			bad("account %d: system_id is empty", i+1)
		case len(a.SystemID) > 15:
			bad("account %q: system_id is longer than SMPP's 15 characters", a.SystemID)
		case seen[a.SystemID]:
			bad("account %q is configured twice", a.SystemID)
		}
		if len(a.Password) > 8 {
			bad("account %q: password is longer than SMPP's 8 characters", a.SystemID)
		}
		seen[a.SystemID] = true
		if err := a.Limits.validate(); err != nil {
			bad("account %q: %v", a.SystemID, err)
		}
	}
	if err := c.Limits.validate(); err != nil {
		errs = append(errs, err)
	}
	for _, f := range []IDFormat{c.MessageID, c.ReceiptID} {
		if _, err := ParseIDFormat(string(f)); err != nil {
			errs = append(errs, err)
		}
	}
	for i, r := range c.Rules {
		if r.Status == 0 {
			if _, err := parseStat(r.Stat); err != nil {
				bad("rule %d: %v", i+1, err)
			}
		}
		if r.Delay < 0 {
			bad("rule %d: negative delay", i+1)
		}
		if r.Delay >= c.StoreTTL {
			bad("rule %d: delay %v is not shorter than store_ttl %v, so the message would be forgotten before its receipt", i+1, r.Delay, c.StoreTTL)
		}
	}
	total := 0
	for _, s := range c.Mix {
		if _, err := parseStat(s.Stat); err != nil {
			bad("mix: %v", err)
		}
		if s.Weight < 0 {
			bad("mix: negative weight for %s", s.Stat)
		}
		total += s.Weight
	}
	if len(c.Mix) > 0 && total == 0 {
		bad("mix: the weights add up to zero")
	}
	if len(c.Rules)+len(c.Mix) > 200 {
		bad("too many rules and mix shares (%d; at most 200)", len(c.Rules)+len(c.Mix))
	}
	if c.ReceiptDelay < 0 {
		bad("receipt_delay is negative")
	}
	if c.ReceiptDelay >= c.StoreTTL {
		bad("receipt_delay %v is not shorter than store_ttl %v, so messages would be forgotten before their receipts", c.ReceiptDelay, c.StoreTTL)
	}
	if c.MaxConnections < 0 || c.MaxUnbound < 0 {
		bad("max_connections and max_unbound must not be negative")
	}
	if c.BindTimeout < 0 {
		bad("bind_timeout is negative")
	}
	if c.MaxPDULength < wire.HeaderLen {
		bad("max_pdu_length %d is below the 16-octet header", c.MaxPDULength)
	}
	if len(c.MO.From) > 20 || len(c.MO.To) > 20 {
		bad("mo: addresses are longer than SMPP's 20 characters")
	}
	if c.MO.SystemID != "" && !seen[c.MO.SystemID] {
		bad("mo: system_id %q is not a configured account", c.MO.SystemID)
	}
	errs = append(errs, c.validateVersion()...)
	if c.Outbind != "" && !seen[c.OutbindSystemID] {
		bad("outbind: system_id %q is not a configured account", c.OutbindSystemID)
	}
	return errors.Join(errs...)
}

func (l Limits) validate() error {
	switch {
	case l.SubmitRate < 0:
		return errors.New("submit_rate is negative")
	case l.SubmitBurst < 0, l.Window < 0, l.MaxBinds < 0:
		return errors.New("submit_burst, window and max_binds must not be negative")
	}
	return nil
}

// merge returns l with o's non-zero fields laid over it.
func (l Limits) merge(o Limits) Limits {
	over(&l.SubmitRate, o.SubmitRate)
	over(&l.SubmitBurst, o.SubmitBurst)
	over(&l.Window, o.Window)
	over(&l.MaxBinds, o.MaxBinds)
	over(&l.Congestion, o.Congestion)
	return l
}

// merge returns f with o's non-zero fields laid over it.
func (f Faults) merge(o Faults) Faults {
	over(&f.ResponseDelay, o.ResponseDelay)
	// A fault switched on anywhere stays on: true is the only value that says something.
	over(&f.NoSubmitResponse, o.NoSubmitResponse)
	over(&f.NoEnquireLinkResponse, o.NoEnquireLinkResponse)
	over(&f.HeaderOnlyErrors, o.HeaderOnlyErrors)
	over(&f.CloseAfter, o.CloseAfter)
	over(&f.ErrorEvery, o.ErrorEvery)
	over(&f.ErrorStatus, o.ErrorStatus)
	over(&f.MalformedEvery, o.MalformedEvery)
	return f
}

// over lays v over *dst unless v is the zero value, which means "not set".
func over[T comparable](dst *T, v T) {
	var zero T
	if v != zero {
		*dst = v
	}
}

// stateNone marks an outcome with no final state (Stat "NONE").
const stateNone receipt.State = 0xFF

// parseStat reads an outcome's stat word ("UNDELIV", "undeliverable", "NONE").
func parseStat(s string) (receipt.State, error) {
	if strings.EqualFold(strings.TrimSpace(s), "NONE") {
		return stateNone, nil
	}
	st, ok := receipt.StateFromStat(s)
	if !ok || st == receipt.StateEnroute || st == receipt.StateScheduled {
		return 0, fmt.Errorf("unknown final state %q: want DELIVRD, UNDELIV, EXPIRED, REJECTD, DELETED, UNKNOWN, ACCEPTD or NONE", s)
	}
	return st, nil
}
