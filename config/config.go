// Package config reads smppconsole's TOML configuration: named connection profiles (SMSC
// address, TLS, bind, credentials, timers, window and message defaults) and the
// simulator's [sim] section. Errors name the file, the line and the key.
//
// Values are taken, highest first, from command-line flags, the environment
// (SMPP_HOST, SMPP_PORT, SMPP_SYSTEM_ID, SMPP_PASSWORD), the profile, and the defaults.
// This package does the last three; front ends apply their flags on top.
package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/charmbracelet/x/term"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
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

// File is a loaded configuration file.
type File struct {
	Path           string
	DefaultProfile string       // default_profile
	Sim            *smsc.Config // the [sim] section, nil if absent
	Warnings       []string     // things to tell the operator, such as a readable password

	profiles map[string]Profile
	names    []string // in file order
}

// Profile is one named connection with its message defaults, defaults filled in.
type Profile struct {
	Name string

	Host string
	Port int
	TLS  TLS

	Bind                           smppclient.BindType
	SystemID, Password, SystemType string
	PasswordFrom                   string // "profile", "environment", "flag", "prompt" or "" (none)
	InterfaceVersion               byte
	AddrTON, AddrNPI               byte
	AddressRange                   string

	EnquireLinkInterval time.Duration // negative: off
	Window              int
	ConnectTimeout      time.Duration
	BindTimeout         time.Duration
	ResponseTimeout     time.Duration
	EnquireLinkTimeout  time.Duration
	UnbindTimeout       time.Duration
	Reconnect           bool
	ReconnectMin        time.Duration
	ReconnectMax        time.Duration
	RetryOnAuthFailure  bool
	DeliverRespStatus   uint32

	Message MessageDefaults
}

// TLS is a profile's TLS settings.
type TLS struct {
	Enabled    bool
	CAFile     string
	CertFile   string
	KeyFile    string
	ServerName string
	Insecure   bool
}

// MessageDefaults fill the message fields the operator did not give; nil means unset.
type MessageDefaults struct {
	Source             *message.Address
	Coding             *coding.Scheme
	Split              *segment.Method
	RegisteredDelivery *byte
}

// Defaults is the profile used when there is none, and the base of every profile.
func Defaults() Profile {
	return Profile{
		Port:                DefaultPort,
		Bind:                smppclient.Transceiver,
		InterfaceVersion:    smppclient.DefaultInterfaceVersion,
		EnquireLinkInterval: smppclient.DefaultEnquireLinkInterval,
		Window:              smppclient.DefaultWindow,
		ConnectTimeout:      smppclient.DefaultConnectTimeout,
		BindTimeout:         smppclient.DefaultBindTimeout,
		ResponseTimeout:     smppclient.DefaultResponseTimeout,
		EnquireLinkTimeout:  smppclient.DefaultEnquireLinkTimeout,
		UnbindTimeout:       smppclient.DefaultUnbindTimeout,
		Reconnect:           true,
		ReconnectMin:        smppclient.DefaultReconnectMin,
		ReconnectMax:        smppclient.DefaultReconnectMax,
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

// Load reads and checks a configuration file.
func Load(path string) (*File, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := Parse(path, string(text))
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(path); err == nil && runtime.GOOS != "windows" {
		if perm := st.Mode().Perm(); perm&0o077 != 0 {
			var with []string
			for _, n := range f.names {
				if f.profiles[n].Password != "" {
					with = append(with, strconv.Quote(n))
				}
			}
			if len(with) > 0 {
				f.Warnings = append(f.Warnings, fmt.Sprintf(
					"%s holds the password of profile %s and can be read by others (mode %04o): chmod 600 %s, or use SMPP_PASSWORD",
					path, strings.Join(with, ", "), perm, path))
			}
		}
	}
	return f, nil
}

// LoadOptional is Load for the default location: a file that does not exist is an
// empty configuration, not an error.
func LoadOptional(path string) (*File, error) {
	f, err := Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &File{Path: path, profiles: map[string]Profile{}}, nil
	}
	return f, err
}

// Names lists the profiles in file order.
func (f *File) Names() []string { return append([]string(nil), f.names...) }

// Profile returns the named profile. An empty name means default_profile, or the only
// profile, or the defaults when the file has none.
func (f *File) Profile(name string) (Profile, error) {
	if name == "" {
		switch {
		case f.DefaultProfile != "":
			name = f.DefaultProfile
		case len(f.names) == 1:
			name = f.names[0]
		case len(f.names) == 0:
			return Defaults(), nil
		default:
			return Profile{}, fmt.Errorf("%s has %d profiles (%s) and no default_profile: choose one with --profile",
				f.Path, len(f.names), strings.Join(f.names, ", "))
		}
	}
	p, ok := f.profiles[name]
	if !ok {
		if len(f.names) == 0 {
			return Profile{}, fmt.Errorf("no profile %q: %s has no profiles", name, f.Path)
		}
		return Profile{}, fmt.Errorf("no profile %q in %s (it has %s)", name, f.Path, strings.Join(f.names, ", "))
	}
	return p, nil
}

// Addr is host:port.
func (p Profile) Addr() string {
	if p.Host == "" {
		return ""
	}
	return net.JoinHostPort(p.Host, strconv.Itoa(p.Port))
}

// ApplyEnv overrides the profile from SMPP_HOST, SMPP_PORT, SMPP_SYSTEM_ID and
// SMPP_PASSWORD where they are set and not empty.
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

// Settings turns the profile into the session's settings. TLS files are read here, so
// errors name them.
func (p Profile) Settings() (smppclient.Settings, error) {
	s := smppclient.Settings{
		Addr:                p.Addr(),
		Bind:                p.Bind,
		SystemID:            p.SystemID,
		Password:            p.Password,
		SystemType:          p.SystemType,
		InterfaceVersion:    p.InterfaceVersion,
		AddrTON:             p.AddrTON,
		AddrNPI:             p.AddrNPI,
		AddressRange:        p.AddressRange,
		ConnectTimeout:      p.ConnectTimeout,
		BindTimeout:         p.BindTimeout,
		ResponseTimeout:     p.ResponseTimeout,
		EnquireLinkTimeout:  p.EnquireLinkTimeout,
		UnbindTimeout:       p.UnbindTimeout,
		EnquireLinkInterval: p.EnquireLinkInterval,
		Window:              p.Window,
		ReconnectMin:        p.ReconnectMin,
		ReconnectMax:        p.ReconnectMax,
		RetryOnAuthFailure:  p.RetryOnAuthFailure,
		NoReconnect:         !p.Reconnect,
		DeliverRespStatus:   p.DeliverRespStatus,
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
		m.RegisteredDelivery = *d.RegisteredDelivery
	}
}

// PromptPassword asks for a password on a terminal with echo off. ok is false, and
// nothing is written, when in is not a terminal.
func PromptPassword(in io.Reader, out io.Writer, prompt string) (pw string, ok bool, err error) {
	f, isFile := in.(*os.File)
	if !isFile || !term.IsTerminal(f.Fd()) {
		return "", false, nil
	}
	fmt.Fprint(out, prompt)
	b, err := term.ReadPassword(f.Fd())
	fmt.Fprintln(out)
	if err != nil {
		return "", true, fmt.Errorf("reading the password: %w", err)
	}
	return string(b), true, nil
}

// --- parsing -------------------------------------------------------------------

type rawFile struct {
	DefaultProfile string                `toml:"default_profile"`
	Profiles       map[string]rawProfile `toml:"profiles"`
	Sim            *smsc.Config          `toml:"sim"`
}

type rawProfile struct {
	Host                *string      `toml:"host"`
	Port                *int         `toml:"port"`
	Bind                *bindValue   `toml:"bind"`
	SystemID            *string      `toml:"system_id"`
	Password            *string      `toml:"password"`
	SystemType          *string      `toml:"system_type"`
	InterfaceVersion    *octet       `toml:"interface_version"`
	AddrTON             *octet       `toml:"addr_ton"`
	AddrNPI             *octet       `toml:"addr_npi"`
	AddressRange        *string      `toml:"address_range"`
	EnquireLinkInterval *duration    `toml:"enquire_link_interval"`
	Window              *int         `toml:"window"`
	ConnectTimeout      *duration    `toml:"connect_timeout"`
	BindTimeout         *duration    `toml:"bind_timeout"`
	ResponseTimeout     *duration    `toml:"response_timeout"`
	EnquireLinkTimeout  *duration    `toml:"enquire_link_timeout"`
	UnbindTimeout       *duration    `toml:"unbind_timeout"`
	Reconnect           *bool        `toml:"reconnect"`
	ReconnectMin        *duration    `toml:"reconnect_min"`
	ReconnectMax        *duration    `toml:"reconnect_max"`
	RetryOnAuthFailure  *bool        `toml:"retry_on_auth_failure"`
	DeliverRespStatus   *statusValue `toml:"deliver_resp_status"`
	TLS                 *rawTLS      `toml:"tls"`
	Message             *rawMessage  `toml:"message"`
}

type rawTLS struct {
	Enabled    *bool   `toml:"enabled"`
	CAFile     *string `toml:"ca_file"`
	CertFile   *string `toml:"cert_file"`
	KeyFile    *string `toml:"key_file"`
	ServerName *string `toml:"server_name"`
	Insecure   *bool   `toml:"insecure"`
}

type rawMessage struct {
	Source             *addressValue `toml:"source"`
	Coding             *schemeValue  `toml:"coding"`
	Split              *methodValue  `toml:"split"`
	RegisteredDelivery *octet        `toml:"registered_delivery"`
}

// Parse reads configuration text; path is used in errors and relative TLS file names
// are resolved against its directory.
func Parse(path, text string) (f *File, err error) {
	// The TOML decoder is third-party code fed arbitrary text: never let it take the
	// process down.
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("%s: cannot read this file: %v", path, r)
		}
	}()
	var raw rawFile
	md, err := toml.Decode(text, &raw)
	if err != nil {
		return nil, tomlError(path, text, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return nil, fmt.Errorf("%s:%d: unknown key %q%s", path, keyLine(text, k), k.String(), suggest(k))
	}
	f = &File{Path: path, DefaultProfile: raw.DefaultProfile, Sim: raw.Sim, profiles: map[string]Profile{}}
	for _, k := range md.Keys() {
		if len(k) == 2 && k[0] == "profiles" {
			f.names = append(f.names, k[1])
		}
	}
	if len(f.names) != len(raw.Profiles) { // defensive: keys seen only as dotted paths
		f.names = f.names[:0]
		for n := range raw.Profiles {
			f.names = append(f.names, n)
		}
		sort.Strings(f.names)
	}
	dir := filepath.Dir(path)
	for _, name := range f.names {
		p, err := raw.Profiles[name].profile(name, dir)
		if err != nil {
			var ke *keyError
			if errors.As(err, &ke) {
				key := toml.Key{"profiles", name}
				key = append(key, strings.Split(ke.key, ".")...)
				return nil, fmt.Errorf("%s:%d: key %q: %s", path, keyLine(text, key), key.String(), ke.msg)
			}
			return nil, fmt.Errorf("%s: profile %q: %v", path, name, err)
		}
		f.profiles[name] = p
	}
	if f.DefaultProfile != "" {
		if _, ok := f.profiles[f.DefaultProfile]; !ok {
			return nil, fmt.Errorf("%s:%d: key \"default_profile\": no profile %q", path,
				keyLine(text, toml.Key{"default_profile"}), f.DefaultProfile)
		}
	}
	if raw.Sim != nil {
		// Let the simulator check its own section.
		if _, err := smsc.New(*raw.Sim); err != nil {
			return nil, fmt.Errorf("%s:%d: [sim]: %v", path, keyLine(text, toml.Key{"sim"}), err)
		}
	}
	return f, nil
}

type keyError struct{ key, msg string }

func (e *keyError) Error() string { return fmt.Sprintf("key %q: %s", e.key, e.msg) }

func (r rawProfile) profile(name, dir string) (Profile, error) {
	p := Defaults()
	p.Name = name
	setS := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	setD := func(dst *time.Duration, v *duration) {
		if v != nil {
			*dst = time.Duration(*v)
		}
	}
	setB := func(dst *byte, v *octet) {
		if v != nil {
			*dst = byte(*v)
		}
	}
	setS(&p.Host, r.Host)
	if r.Port != nil {
		if *r.Port < 1 || *r.Port > 65535 {
			return p, &keyError{"port", fmt.Sprintf("%d is not a port number (1-65535)", *r.Port)}
		}
		p.Port = *r.Port
	}
	if r.Bind != nil {
		p.Bind = smppclient.BindType(*r.Bind)
	}
	setS(&p.SystemID, r.SystemID)
	if r.Password != nil {
		p.Password, p.PasswordFrom = *r.Password, "profile"
	}
	setS(&p.SystemType, r.SystemType)
	setB(&p.InterfaceVersion, r.InterfaceVersion)
	setB(&p.AddrTON, r.AddrTON)
	setB(&p.AddrNPI, r.AddrNPI)
	setS(&p.AddressRange, r.AddressRange)
	if r.EnquireLinkInterval != nil {
		p.EnquireLinkInterval = time.Duration(*r.EnquireLinkInterval)
		if p.EnquireLinkInterval == 0 {
			p.EnquireLinkInterval = -1 // "0s" or "off": no enquire_link
		}
	}
	if r.Window != nil {
		if *r.Window < 1 || *r.Window > smppclient.MaxWindow {
			return p, &keyError{"window", fmt.Sprintf("%d: want 1-%d outstanding requests", *r.Window, smppclient.MaxWindow)}
		}
		p.Window = *r.Window
	}
	for _, d := range []struct {
		key string
		dst *time.Duration
		v   *duration
	}{
		{"connect_timeout", &p.ConnectTimeout, r.ConnectTimeout},
		{"bind_timeout", &p.BindTimeout, r.BindTimeout},
		{"response_timeout", &p.ResponseTimeout, r.ResponseTimeout},
		{"enquire_link_timeout", &p.EnquireLinkTimeout, r.EnquireLinkTimeout},
		{"unbind_timeout", &p.UnbindTimeout, r.UnbindTimeout},
		{"reconnect_min", &p.ReconnectMin, r.ReconnectMin},
		{"reconnect_max", &p.ReconnectMax, r.ReconnectMax},
	} {
		if d.v != nil && *d.v <= 0 {
			return p, &keyError{d.key, "must be longer than 0s"}
		}
		setD(d.dst, d.v)
	}
	if p.ReconnectMax < p.ReconnectMin {
		return p, &keyError{"reconnect_max", fmt.Sprintf("%s is below reconnect_min %s", p.ReconnectMax, p.ReconnectMin)}
	}
	if r.Reconnect != nil {
		p.Reconnect = *r.Reconnect
	}
	if r.RetryOnAuthFailure != nil {
		p.RetryOnAuthFailure = *r.RetryOnAuthFailure
	}
	if r.DeliverRespStatus != nil {
		p.DeliverRespStatus = uint32(*r.DeliverRespStatus)
	}
	if t := r.TLS; t != nil {
		if t.Enabled != nil {
			p.TLS.Enabled = *t.Enabled
		}
		file := func(v *string) string {
			if v == nil || *v == "" {
				return ""
			}
			s := *v
			if strings.HasPrefix(s, "~/") {
				if home, err := os.UserHomeDir(); err == nil {
					s = filepath.Join(home, s[2:])
				}
			}
			if !filepath.IsAbs(s) {
				s = filepath.Join(dir, s)
			}
			return s
		}
		p.TLS.CAFile, p.TLS.CertFile, p.TLS.KeyFile = file(t.CAFile), file(t.CertFile), file(t.KeyFile)
		setS(&p.TLS.ServerName, t.ServerName)
		if t.Insecure != nil {
			p.TLS.Insecure = *t.Insecure
		}
		if !p.TLS.Enabled {
			for _, k := range []struct {
				key string
				set bool
			}{{"ca_file", p.TLS.CAFile != ""}, {"cert_file", p.TLS.CertFile != ""}, {"key_file", p.TLS.KeyFile != ""},
				{"server_name", p.TLS.ServerName != ""}, {"insecure", p.TLS.Insecure}} {
				if k.set {
					return p, &keyError{"tls." + k.key, "is set but tls.enabled is not true"}
				}
			}
		}
		if (p.TLS.CertFile == "") != (p.TLS.KeyFile == "") {
			return p, &keyError{"tls.cert_file", "a client certificate needs both cert_file and key_file"}
		}
	}
	if m := r.Message; m != nil {
		if m.Source != nil {
			a := message.Address(*m.Source)
			p.Message.Source = &a
		}
		if m.Coding != nil {
			s := coding.Scheme(*m.Coding)
			p.Message.Coding = &s
		}
		if m.Split != nil {
			s := segment.Method(*m.Split)
			p.Message.Split = &s
		}
		if m.RegisteredDelivery != nil {
			b := byte(*m.RegisteredDelivery)
			p.Message.RegisteredDelivery = &b
		}
	}
	return p, nil
}

// --- value types: each checks its own value, so the decoder's error has the key --

type duration time.Duration

func (d *duration) UnmarshalTOML(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("want a duration such as \"30s\" or \"1m30s\", got %v", v)
	}
	if s == "off" {
		*d = 0
		return nil
	}
	x, err := time.ParseDuration(s)
	if err != nil || x < 0 {
		return fmt.Errorf("%q is not a duration: want e.g. \"500ms\", \"30s\", \"2m\"", s)
	}
	*d = duration(x)
	return nil
}

type octet byte

func (o *octet) UnmarshalTOML(v any) error {
	n, ok := v.(int64)
	if !ok {
		if s, isStr := v.(string); isStr {
			x, err := strconv.ParseUint(s, 0, 8)
			if err != nil {
				return fmt.Errorf("%q: want a number 0-255 (0x34 works too)", s)
			}
			*o = octet(x)
			return nil
		}
		return fmt.Errorf("want a number 0-255, got %v", v)
	}
	if n < 0 || n > 255 {
		return fmt.Errorf("%d: want a number 0-255", n)
	}
	*o = octet(n)
	return nil
}

type statusValue uint32

func (s *statusValue) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case int64:
		if x < 0 || x > 0xFFFFFFFF {
			return fmt.Errorf("%d is not a command_status", x)
		}
		*s = statusValue(x)
		return nil
	case string:
		if n, ok := wire.StatusByName(x); ok {
			*s = statusValue(n)
			return nil
		}
		if n, err := strconv.ParseUint(x, 0, 32); err == nil {
			*s = statusValue(n)
			return nil
		}
		return fmt.Errorf("%q: want a command_status name (ESME_RX_T_APPN) or number (0x64)", x)
	}
	return fmt.Errorf("want a command_status name or number, got %v", v)
}

type bindValue smppclient.BindType

func (b *bindValue) UnmarshalTOML(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("want \"trx\", \"tx\", \"rx\" or \"tx+rx\", got %v", v)
	}
	t, err := smppclient.ParseBindType(s)
	*b = bindValue(t)
	return err
}

type schemeValue coding.Scheme

func (c *schemeValue) UnmarshalTOML(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("want a coding name such as \"auto\", got %v", v)
	}
	sc, err := coding.ParseScheme(s)
	*c = schemeValue(sc)
	return err
}

type methodValue segment.Method

func (m *methodValue) UnmarshalTOML(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("want \"udh\", \"udh16\", \"sar\" or \"payload\", got %v", v)
	}
	x, err := segment.ParseMethod(s)
	*m = methodValue(x)
	return err
}

type addressValue message.Address

func (a *addressValue) UnmarshalTOML(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("want an address such as \"MyBrand\" or \"447700900123,1,1\", got %v", v)
	}
	x, err := message.ParseAddress(s)
	*a = addressValue(x)
	return err
}
