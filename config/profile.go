// Package config reads smppconsole's TOML configuration: named connection profiles (SMSC
// address, TLS, bind, credentials, timers, window and message defaults) and the
// simulator's [sim] section. Errors name the file, the line and the key.
//
// Values are taken, highest first, from command-line flags, the environment
// (SMPP_HOST, SMPP_PORT, SMPP_SYSTEM_ID, SMPP_PASSWORD), the profile, and the defaults.
// Resolve does all four, for every command.
package config

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/smppclient"
)

// Environment variables read by ApplyEnv.
const (
	EnvHost     = "SMPP_HOST"
	EnvPort     = "SMPP_PORT"
	EnvSystemID = "SMPP_SYSTEM_ID"
	EnvPassword = "SMPP_PASSWORD"
)

// DefaultPort is the port SMPP conventionally listens on.
const DefaultPort = 2775

// Profile is one named connection with its message defaults, defaults filled in. The
// toml tags are the profile's keys: a profile is decoded straight into a Profile that
// holds the defaults already.
type Profile struct {
	Name string `toml:"-"`

	Host string `toml:"host"`
	Port int    `toml:"port"`
	TLS  TLS    `toml:"tls"`

	Bind       smppclient.BindType `toml:"bind"`
	SystemID   string              `toml:"system_id"`
	Password   string              `toml:"password"`
	SystemType string              `toml:"system_type"`
	// PasswordEnv names the environment variable the password is read from, at
	// Resolve (or ReadPasswordEnv): the file then holds no password.
	PasswordEnv string `toml:"password_env"`
	// PasswordFrom says where the password came from: "profile", "environment"
	// (SMPP_PASSWORD), "environment:NAME" (password_env), "flag", "prompt" or "" (none).
	PasswordFrom string `toml:"-"`

	InterfaceVersion Version `toml:"interface_version"`
	AddrTON          Octet   `toml:"addr_ton"`
	AddrNPI          Octet   `toml:"addr_npi"`
	AddressRange     string  `toml:"address_range"`

	// ListenOutbind is host:port where the console waits for the SMSC's outbind instead
	// of dialling it (3.4 §2.2.1), then binds as a receiver on that connection.
	ListenOutbind string `toml:"listen_outbind"`

	EnquireLinkInterval Duration `toml:"enquire_link_interval"` // negative: off
	Window              int      `toml:"window"`
	ConnectTimeout      Duration `toml:"connect_timeout"`
	BindTimeout         Duration `toml:"bind_timeout"`
	ResponseTimeout     Duration `toml:"response_timeout"`
	EnquireLinkTimeout  Duration `toml:"enquire_link_timeout"`
	UnbindTimeout       Duration `toml:"unbind_timeout"`
	Reconnect           bool     `toml:"reconnect"`
	ReconnectMin        Duration `toml:"reconnect_min"`
	ReconnectMax        Duration `toml:"reconnect_max"`
	RetryOnAuthFailure  bool     `toml:"retry_on_auth_failure"`
	DeliverRespStatus   Status   `toml:"deliver_resp_status"`

	Message MessageDefaults `toml:"message"`

	// JournalMaxSize and JournalMaxTotal cap one session journal and all of them, in
	// bytes (0: the journal's defaults, 1 GiB and 10 GiB).
	JournalMaxSize  int64 `toml:"journal_max_size"`
	JournalMaxTotal int64 `toml:"journal_max_total"`
}

// TLS is a profile's TLS settings.
type TLS struct {
	Enabled    bool   `toml:"enabled"`
	CAFile     string `toml:"ca_file"`
	CertFile   string `toml:"cert_file"`
	KeyFile    string `toml:"key_file"`
	ServerName string `toml:"server_name"`
	Insecure   bool   `toml:"insecure"`
}

// MessageDefaults fill the message fields the operator did not give; nil means unset
// (the decoder allocates a field only when its key is in the file).
type MessageDefaults struct {
	Source             *message.Address `toml:"source"`
	Coding             *coding.Scheme   `toml:"coding"`
	Split              *segment.Method  `toml:"split"`
	RegisteredDelivery *Octet           `toml:"registered_delivery"`
}

// Defaults is the profile used when there is none, and the base of every profile.
func Defaults() Profile {
	return Profile{
		Port:                DefaultPort,
		Bind:                smppclient.Transceiver,
		InterfaceVersion:    smppclient.DefaultInterfaceVersion,
		EnquireLinkInterval: Duration(smppclient.DefaultEnquireLinkInterval),
		Window:              smppclient.DefaultWindow,
		ConnectTimeout:      Duration(smppclient.DefaultConnectTimeout),
		BindTimeout:         Duration(smppclient.DefaultBindTimeout),
		ResponseTimeout:     Duration(smppclient.DefaultResponseTimeout),
		EnquireLinkTimeout:  Duration(smppclient.DefaultEnquireLinkTimeout),
		UnbindTimeout:       Duration(smppclient.DefaultUnbindTimeout),
		Reconnect:           true,
		ReconnectMin:        Duration(smppclient.DefaultReconnectMin),
		ReconnectMax:        Duration(smppclient.DefaultReconnectMax),
	}
}

// DefaultPath is $XDG_CONFIG_HOME/smppconsole/config.toml, or
// ~/.config/smppconsole/config.toml.
func DefaultPath() string {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return filepath.Join(".config", "smppconsole", "config.toml")
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "smppconsole", "config.toml")
}

// Addr is host:port.
func (p Profile) Addr() string {
	if p.Host == "" {
		return ""
	}
	return net.JoinHostPort(p.Host, strconv.Itoa(p.Port))
}

// ApplyEnv overrides the profile from SMPP_HOST, SMPP_PORT, SMPP_SYSTEM_ID and
// SMPP_PASSWORD where they are set and not empty. A profile's password_env is read by
// ReadPasswordEnv, after the flags (a --password makes it unnecessary).
func (p *Profile) ApplyEnv(getenv func(string) string) error {
	if v := getenv(EnvHost); v != "" {
		p.Host = v
	}
	if v := getenv(EnvPort); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%s=%q: want a port number 1-65535", EnvPort, v)
		}
		p.Port = n
	}
	if v := getenv(EnvSystemID); v != "" {
		p.SystemID = v
	}
	if v := getenv(EnvPassword); v != "" {
		p.Password, p.PasswordFrom = v, "environment"
	}
	return nil
}

// ReadPasswordEnv reads the password from the variable password_env names, unless a
// source above the profile (SMPP_PASSWORD, a flag, the prompt) gave one already. An
// unset or empty variable is an error that names it; the password is never in it.
func (p *Profile) ReadPasswordEnv(getenv func(string) string) error {
	if p.PasswordEnv == "" {
		return nil
	}
	switch p.PasswordFrom {
	case "environment", "flag", "prompt":
		return nil
	}
	v := ""
	if getenv != nil {
		v = getenv(p.PasswordEnv)
	}
	if v == "" {
		what := "profile"
		if p.Name != "" {
			what = fmt.Sprintf("profile %q", p.Name)
		}
		return fmt.Errorf("%s takes its password from the environment variable %s (password_env), which is not set or empty: export %s, or set %s",
			what, p.PasswordEnv, p.PasswordEnv, EnvPassword)
	}
	p.Password, p.PasswordFrom = v, "environment:"+p.PasswordEnv
	return nil
}

// Settings turns the profile into the session's settings. TLS files are read here, so
// errors name them.
func (p Profile) Settings() (smppclient.Settings, error) {
	s := smppclient.Settings{
		Addr:                p.Addr(),
		Bind:                p.Bind,
		SystemID:            p.SystemID,
		Password:            p.Password,
		SystemType:          p.SystemType,
		InterfaceVersion:    byte(p.InterfaceVersion),
		AddrTON:             byte(p.AddrTON),
		AddrNPI:             byte(p.AddrNPI),
		AddressRange:        p.AddressRange,
		ListenOutbind:       p.ListenOutbind,
		ConnectTimeout:      p.ConnectTimeout.D(),
		BindTimeout:         p.BindTimeout.D(),
		ResponseTimeout:     p.ResponseTimeout.D(),
		EnquireLinkTimeout:  p.EnquireLinkTimeout.D(),
		UnbindTimeout:       p.UnbindTimeout.D(),
		EnquireLinkInterval: p.EnquireLinkInterval.D(),
		Window:              p.Window,
		ReconnectMin:        p.ReconnectMin.D(),
		ReconnectMax:        p.ReconnectMax.D(),
		RetryOnAuthFailure:  p.RetryOnAuthFailure,
		NoReconnect:         !p.Reconnect,
		DeliverRespStatus:   uint32(p.DeliverRespStatus),
	}
	if p.TLS.Enabled {
		cfg, err := smppclient.TLSFiles{CAFile: p.TLS.CAFile, CertFile: p.TLS.CertFile, KeyFile: p.TLS.KeyFile,
			ServerName: p.TLS.ServerName, Insecure: p.TLS.Insecure}.Config()
		if err != nil {
			return s, err
		}
		s.TLS, s.TLSInsecure = cfg, p.TLS.Insecure
	}
	return s, nil
}

// Apply fills the fields of m that the operator did not set (set reports, by the
// message field's name — "source", "coding", "split", "registered_delivery" — whether
// they did) from the profile's message defaults.
func (d MessageDefaults) Apply(m *message.Message, set func(field string) bool) {
	if d.Source != nil && !set("source") {
		m.Source = *d.Source
	}
	if d.Coding != nil && !set("coding") {
		m.Coding = *d.Coding
	}
	if d.Split != nil && !set("split") {
		m.Split = *d.Split
	}
	if d.RegisteredDelivery != nil && !set("registered_delivery") {
		m.RegisteredDelivery = byte(*d.RegisteredDelivery)
	}
}
