package config

import (
	"errors"
	"fmt"
	"net"
	"os"

	"github.com/smppconsole/smppconsole/smsc"
)

// Mode says what a command resolves its values for.
type Mode int

const (
	// ForSMSC is a connection to an SMSC that the flags, the environment or the file
	// name (`send`).
	ForSMSC Mode = iota
	// ForSMSCOrSimulator is ForSMSC when anything names an SMSC (--profile, --config, a
	// host flag or SMPP_HOST), else the embedded simulator (the TUI).
	ForSMSCOrSimulator
	// ForSimulator is the simulator alone: the file's [sim] section and the simulator's
	// flags (`sim`).
	ForSimulator
)

// Request is what Resolve reads besides the file: the command line and the environment.
type Request struct {
	Mode       Mode
	ConfigPath string // --config; "" is DefaultPath, where a missing file is no error
	Profile    string // --profile

	// Flags holds the command line's values and Given which of them were given, by the
	// profile key they set: host, port, system_id, password, system_type, bind,
	// tls.enabled, tls.ca_file, tls.insecure, response_timeout, enquire_link_timeout,
	// interface_version, listen_outbind.
	// A value that was not given is not used.
	Flags Profile
	Given map[string]bool

	Getenv func(string) string // the environment; nil for none

	// SimFlags lays the simulator's flags over a configuration; nil for none.
	SimFlags func(smsc.Config) (smsc.Config, error)
}

// Resolved is the outcome of Resolve.
type Resolved struct {
	Profile   Profile
	File      *File       // the file read; nil if it could not be
	Simulator bool        // the values are for the simulator (and Sim holds its configuration)
	Sim       smsc.Config // the [sim] section (or DefaultConfig) with SimFlags applied
	Warnings  []string    // to tell the operator: a readable password, a file ignored
}

// simulatorKeys are the flags that apply to a session bound to the simulator: it has
// no host of its own to name, and no TLS.
var simulatorKeys = []string{"system_id", "password", "system_type", "bind", "interface_version"}

// Resolve takes each value from the flags, else the environment, else the profile,
// else the defaults. A profile is used when Profile names one or, when no host is given
// on the command line or in SMPP_HOST, the file's default; a host flag alone never
// borrows a profile's credentials.
//
// On an error the values resolved so far are returned with it (`send --dry-run` still
// takes a profile's message defaults when no SMSC is named).
func Resolve(req Request) (Resolved, error) {
	getenv := req.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	given := func(key string) bool { return req.Given[key] }
	r := Resolved{Profile: Defaults()}
	// An outbind listener names an SMSC too: the one that will call.
	named := req.Profile != "" || req.ConfigPath != "" || given("host") || getenv(EnvHost) != "" || given("listen_outbind")
	if req.Mode == ForSimulator || req.Mode == ForSMSCOrSimulator && !named {
		return r.simulator(req)
	}

	f, err := load(req.ConfigPath)
	if err != nil {
		return r, err
	}
	r.File = f
	r.Warnings = append(r.Warnings, f.Warnings...)
	p := r.Profile
	switch {
	case req.Profile != "":
		p, err = f.Profile(req.Profile)
	case !given("host") && getenv(EnvHost) == "" && !given("listen_outbind"):
		p, err = f.Profile("")
	}
	if err != nil {
		return r, err
	}
	if err := p.ApplyEnv(getenv); err != nil {
		r.Profile = p
		return r, err
	}
	if given("port") && (req.Flags.Port < 1 || req.Flags.Port > 65535) {
		r.Profile = p
		return r, fmt.Errorf("--port %d: want 1-65535", req.Flags.Port)
	}
	p.override(req.Flags, given)
	if err := p.ReadPasswordEnv(getenv); err != nil {
		r.Profile = p
		return r, err
	}
	r.Profile = p
	if given("listen_outbind") {
		if _, _, err := net.SplitHostPort(p.ListenOutbind); err != nil {
			return r, fmt.Errorf("--listen-outbind %q: want host:port to listen on, e.g. 0.0.0.0:2776", p.ListenOutbind)
		}
	}
	if p.Host == "" && p.ListenOutbind == "" {
		return r, fmt.Errorf("no SMSC to connect to: give --host (or SMPP_HOST), --listen-outbind, or --profile (profiles are read from %s)", f.Path)
	}
	return r, nil
}

// override lays the given flags over p.
func (p *Profile) override(fl Profile, given func(string) bool) {
	set := func(key string, apply func()) {
		if given(key) {
			apply()
		}
	}
	set("host", func() { p.Host = fl.Host })
	set("port", func() { p.Port = fl.Port })
	set("system_id", func() { p.SystemID = fl.SystemID })
	set("password", func() { p.Password, p.PasswordFrom = fl.Password, "flag" })
	set("system_type", func() { p.SystemType = fl.SystemType })
	set("bind", func() { p.Bind = fl.Bind })
	// Any TLS flag asks for TLS; none turns off a profile's.
	if given("tls.enabled") && fl.TLS.Enabled || given("tls.ca_file") && fl.TLS.CAFile != "" || given("tls.insecure") && fl.TLS.Insecure {
		p.TLS.Enabled = true
	}
	set("tls.ca_file", func() { p.TLS.CAFile = fl.TLS.CAFile })
	set("tls.insecure", func() { p.TLS.Insecure = fl.TLS.Insecure })
	set("response_timeout", func() { p.ResponseTimeout = fl.ResponseTimeout })
	set("enquire_link_timeout", func() { p.EnquireLinkTimeout = fl.EnquireLinkTimeout })
	set("interface_version", func() { p.InterfaceVersion = fl.InterfaceVersion })
	set("listen_outbind", func() { p.ListenOutbind = fl.ListenOutbind })
}

// simulator resolves for the simulator: its default account unless the flags name
// another (to try a rejected bind, say), and the [sim] section of the file.
func (r Resolved) simulator(req Request) (Resolved, error) {
	r.Simulator = true
	p := &r.Profile
	p.SystemID, p.Password = smsc.DefaultSystemID, smsc.DefaultPassword
	for _, key := range simulatorKeys {
		if req.Given[key] {
			p.override(req.Flags, func(k string) bool { return k == key })
		}
	}
	r.Sim = smsc.DefaultConfig()
	if req.ConfigPath != "" {
		f, err := Load(req.ConfigPath)
		if err != nil {
			return r, err
		}
		r.File = f
	} else if f, err := LoadOptional(DefaultPath()); err != nil {
		// A broken or unreadable default file is not a reason to refuse the simulator.
		r.Warnings = append(r.Warnings, fmt.Sprintf("config file ignored: %v", err))
	} else {
		r.File = f
	}
	if r.File != nil && r.File.Sim != nil {
		r.Sim = *r.File.Sim
	}
	if req.SimFlags != nil {
		var err error
		if r.Sim, err = req.SimFlags(r.Sim); err != nil {
			return r, err
		}
	}
	return r, nil
}

// load reads the file --config names, or the default one if it exists.
func load(path string) (*File, error) {
	if path != "" {
		return Load(path)
	}
	path = DefaultPath()
	f, err := LoadOptional(path)
	if err != nil && !errors.Is(err, os.ErrPermission) {
		err = fmt.Errorf("%w (the default config file; --config chooses another)", err)
	}
	return f, err
}
