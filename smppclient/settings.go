package smppclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// Settings configure a Client. Zero values take the defaults listed beside each field.
type Settings struct {
	Addr        string      // host:port of the SMSC
	TLS         *tls.Config // nil: plain TCP. ServerName defaults to the host of Addr.
	TLSInsecure bool        // skip certificate verification; front ends must show it as a warning

	Bind                           BindType // trx (default), tx, rx or tx+rx
	SystemID, Password, SystemType string
	InterfaceVersion               byte // default 0x34; 0x00-0x33 (3.3 or earlier), 0x34 or 0x50 (see version.go)
	AddrTON, AddrNPI               byte
	AddressRange                   string

	// ListenOutbind (host:port): the receiving link does not dial; it accepts an SMSC's
	// outbind there and binds as receiver on that connection (3.4 §4.1.7), and waits for
	// the next outbind when that connection ends. With Bind trx (the default) or rx the
	// session is that one receiver and Addr is not needed; with tx+rx the transmitter
	// dials Addr as usual. A transmitter alone, and TLS, cannot be combined with it.
	ListenOutbind string

	ConnectTimeout      time.Duration // TCP connect, default 10s
	HandshakeTimeout    time.Duration // TLS handshake, default ConnectTimeout
	BindTimeout         time.Duration // bind_*_resp, default 10s
	ResponseTimeout     time.Duration // submit_sm and every other response, default 10s
	EnquireLinkTimeout  time.Duration // enquire_link_resp (or any PDU) before the link is dead, default 10s
	UnbindTimeout       time.Duration // unbind_resp on a polite close, default 2s
	WriteTimeout        time.Duration // one flush to the socket, default 10s
	EnquireLinkInterval time.Duration // default 30s; negative disables enquire_link

	Window int // outstanding submit_sm on the transmitting link, default 10

	ReconnectMin       time.Duration // first backoff, default 1s
	ReconnectMax       time.Duration // backoff ceiling, default 60s
	RetryOnAuthFailure bool          // keep retrying a bind rejected for credentials
	NoReconnect        bool          // one attempt: a failed connect or a drop ends the link

	DeliverRespStatus uint32 // command_status to answer deliver_sm/data_sm with (0: ESME_ROK)

	EventBuffer       int           // PDU display events queued before dropping, default 1024
	MaxQueuedEvents   int           // every other event, default 1<<20 (see Events)
	ReassemblyTimeout time.Duration // incoming concatenated messages, default 60s
	ReceiptIndex      int           // submitted message ids kept for receipt correlation, default 100000
	MaxPDULength      int           // largest command_length accepted, default wire.DefaultMaxLength

	Clock func() time.Time // event timestamps; default time.Now (deadlines always use real time)

	// Dialer, if set, replaces the TCP dial (a proxy, a test pipe). It gets a context
	// that ends after ConnectTimeout; TLS, if configured, runs on what it returns.
	Dialer func(ctx context.Context, network, addr string) (net.Conn, error)

	// Recorder, if set, is told of every PDU and connection event synchronously, on the
	// goroutine that writes or reads it, before it is handed on: unlike the Events
	// channel it never drops, so it is where a durable record (the journal) hooks in.
	Recorder Recorder

	// Name is the tab's or profile's name, shown where another client names this one
	// (ReceiptEvent.Owner and Via). Default: the system_id and the bind type, "esme tx".
	Name string
	// Receipts, when several Clients are given the same *ReceiptShare, lets a receipt
	// that arrives on any of them be matched to a submit on another (an SMSC routes an
	// account's receipts to whichever receiver of the account is bound). Give one share
	// to the clients of one system_id on one SMSC; see ReceiptShare. nil: this client
	// matches only its own submits.
	Receipts *ReceiptShare
}

// Recorder receives what a session does, for a durable record. Its methods run on the
// session's hot path: they must be quick and must not keep raw past the call.
type Recorder interface {
	// Connected: link opened a TCP connection from local to remote.
	Connected(at time.Time, link string, local, remote net.Addr)
	// PDU: one whole PDU went out (before it is queued) or came in (before it is acted on).
	PDU(at time.Time, link string, dir Direction, raw []byte)
	// Event: a state change or connection step, in words.
	Event(at time.Time, link string, text string)
}

// Defaults for Settings.
const (
	DefaultInterfaceVersion    = 0x34
	DefaultConnectTimeout      = 10 * time.Second
	DefaultBindTimeout         = 10 * time.Second
	DefaultResponseTimeout     = 10 * time.Second
	DefaultEnquireLinkTimeout  = 10 * time.Second
	DefaultUnbindTimeout       = 2 * time.Second
	DefaultWriteTimeout        = 10 * time.Second
	DefaultEnquireLinkInterval = 30 * time.Second
	DefaultWindow              = 10
	DefaultReconnectMin        = time.Second
	DefaultReconnectMax        = 60 * time.Second
	DefaultEventBuffer         = 1024
	DefaultMaxQueuedEvents     = 1 << 20
	DefaultReassemblyTimeout   = 60 * time.Second
	DefaultReceiptIndex        = 100000
	// MaxWindow bounds Window: more outstanding requests than this is a typo.
	MaxWindow = 65536
)

func (s Settings) withDefaults() Settings {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if s.InterfaceVersion == 0 {
		s.InterfaceVersion = DefaultInterfaceVersion
	}
	if s.ListenOutbind != "" && s.Bind == Transceiver {
		s.Bind = Receiver // an outbind is answered with bind_receiver (3.4 §2.2.1)
	}
	def(&s.ConnectTimeout, DefaultConnectTimeout)
	def(&s.HandshakeTimeout, s.ConnectTimeout)
	def(&s.BindTimeout, DefaultBindTimeout)
	def(&s.ResponseTimeout, DefaultResponseTimeout)
	def(&s.EnquireLinkTimeout, DefaultEnquireLinkTimeout)
	def(&s.UnbindTimeout, DefaultUnbindTimeout)
	def(&s.WriteTimeout, DefaultWriteTimeout)
	if s.EnquireLinkInterval == 0 {
		s.EnquireLinkInterval = DefaultEnquireLinkInterval
	}
	if s.Window <= 0 {
		s.Window = DefaultWindow
	}
	def(&s.ReconnectMin, DefaultReconnectMin)
	def(&s.ReconnectMax, DefaultReconnectMax)
	if s.ReconnectMax < s.ReconnectMin {
		s.ReconnectMax = s.ReconnectMin
	}
	if s.EventBuffer <= 0 {
		s.EventBuffer = DefaultEventBuffer
	}
	if s.MaxQueuedEvents <= 0 {
		s.MaxQueuedEvents = DefaultMaxQueuedEvents
	}
	def(&s.ReassemblyTimeout, DefaultReassemblyTimeout)
	if s.ReceiptIndex <= 0 {
		s.ReceiptIndex = DefaultReceiptIndex
	}
	if s.MaxPDULength <= 0 {
		s.MaxPDULength = wire.DefaultMaxLength
	}
	if s.Clock == nil {
		s.Clock = time.Now
	}
	if s.Name == "" {
		s.Name = strings.TrimSpace(s.SystemID + " " + s.Bind.String())
	}
	return s
}

func (s Settings) validate() error {
	if err := s.validateOutbind(); err != nil {
		return err
	}
	if _, known := versionClass(s.InterfaceVersion); !known {
		return fmt.Errorf("interface_version 0x%02X is no SMPP version: want 3.3 (0x33 or below), 3.4 (0x34) or 5.0 (0x50)", s.InterfaceVersion)
	}
	if s.ListenOutbind != "" && s.Bind == Receiver {
		return nil // nothing is dialed
	}
	if s.Addr == "" {
		return errors.New("no SMSC address: set host and port")
	}
	if _, port, err := net.SplitHostPort(s.Addr); err != nil {
		return fmt.Errorf("SMSC address %q: %v (want host:port)", s.Addr, err)
	} else if port == "" {
		return fmt.Errorf("SMSC address %q has no port", s.Addr)
	}
	switch s.Bind {
	case Transceiver, Transmitter, Receiver, TxRx:
	default:
		return fmt.Errorf("unknown bind type %d", int(s.Bind))
	}
	if s.Window > MaxWindow {
		return fmt.Errorf("window %d is above the limit of %d", s.Window, MaxWindow)
	}
	return nil
}

// tlsConfig is the configuration the dialer uses: a clone with ServerName filled in and
// TLSInsecure applied, or nil for plain TCP.
func (s Settings) tlsConfig() *tls.Config {
	if s.TLS == nil && !s.TLSInsecure {
		return nil
	}
	var cfg *tls.Config
	if s.TLS != nil {
		cfg = s.TLS.Clone()
	} else {
		cfg = &tls.Config{}
	}
	if s.TLSInsecure {
		cfg.InsecureSkipVerify = true
	}
	if cfg.ServerName == "" {
		if host, _, err := net.SplitHostPort(s.Addr); err == nil {
			cfg.ServerName = host
		}
	}
	if cfg.MinVersion == 0 {
		cfg.MinVersion = tls.VersionTLS12
	}
	return cfg
}

// ParseBindType reads "trx", "tx", "rx" or "tx+rx" (also "transceiver", "transmitter",
// "receiver", "txrx", "pair").
func ParseBindType(s string) (BindType, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "trx", "transceiver":
		return Transceiver, nil
	case "tx", "transmitter":
		return Transmitter, nil
	case "rx", "receiver":
		return Receiver, nil
	case "tx+rx", "txrx", "tx-rx", "pair":
		return TxRx, nil
	}
	return 0, fmt.Errorf("unknown bind type %q: want trx, tx, rx or tx+rx", s)
}

// TLSFiles describe a TLS client configuration the way a profile or flags give it.
type TLSFiles struct {
	CAFile     string // PEM roots to trust instead of the system roots
	CertFile   string // client certificate (PEM), with KeyFile
	KeyFile    string
	ServerName string // name to verify, default the host dialled
	Insecure   bool   // skip verification: a test-only switch, shown as a warning
}

// Config builds the tls.Config. Errors name the file that could not be used.
func (f TLSFiles) Config() (*tls.Config, error) {
	cfg := &tls.Config{ServerName: f.ServerName, InsecureSkipVerify: f.Insecure, MinVersion: tls.VersionTLS12}
	if f.CAFile != "" {
		pem, err := os.ReadFile(f.CAFile)
		if err != nil {
			return nil, fmt.Errorf("TLS CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("TLS CA file %s: no PEM certificates found", f.CAFile)
		}
		cfg.RootCAs = pool
	}
	switch {
	case f.CertFile != "" && f.KeyFile != "":
		cert, err := tls.LoadX509KeyPair(f.CertFile, f.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("TLS client certificate %s / key %s: %w", f.CertFile, f.KeyFile, err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	case f.CertFile != "" || f.KeyFile != "":
		return nil, errors.New("TLS client certificate: set both the certificate file and the key file")
	}
	return cfg, nil
}

// validateOutbind checks ListenOutbind and what it cannot be combined with.
func (s Settings) validateOutbind() error {
	if s.ListenOutbind == "" {
		return nil
	}
	if _, _, err := net.SplitHostPort(s.ListenOutbind); err != nil {
		return fmt.Errorf("outbind listen address %q: %v (want host:port, port 0 for any)", s.ListenOutbind, err)
	}
	switch {
	case s.Bind == Transmitter:
		return errors.New("listen for outbind: a transmitter alone cannot answer an outbind, which asks for bind_receiver; bind rx or tx+rx")
	case s.TLS != nil || s.TLSInsecure:
		return errors.New("listen for outbind: TLS is not supported on the outbind listener")
	}
	return nil
}
