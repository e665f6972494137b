package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/smppclient"
)

// connFlags are the connection flags shared by the commands that connect.
type connFlags struct {
	profile, config                string
	host                           string
	port                           int
	systemID, password, systemType string
	bind                           string
	tls, tlsInsecure               bool
	tlsCA                          string
}

func (c *connFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.profile, "profile", "", "connection profile from the config file")
	fs.StringVar(&c.config, "config", "", "config file (default "+config.DefaultPath()+")")
	fs.StringVar(&c.host, "host", "", "SMSC host")
	fs.IntVar(&c.port, "port", config.DefaultPort, "SMSC port")
	fs.StringVar(&c.systemID, "system-id", "", "system_id to bind with")
	fs.StringVar(&c.password, "password", "", "password to bind with (visible to other users: prefer SMPP_PASSWORD or the prompt)")
	fs.StringVar(&c.systemType, "system-type", "", "system_type to bind with")
	fs.StringVar(&c.bind, "bind", "trx", "bind type: trx, tx, rx or tx+rx")
	fs.BoolVar(&c.tls, "tls", false, "connect with TLS (system roots unless --tls-ca)")
	fs.StringVar(&c.tlsCA, "tls-ca", "", "PEM file of the CAs to trust (implies --tls)")
	fs.BoolVar(&c.tlsInsecure, "tls-insecure", false, "TLS without verifying the certificate: for tests only (implies --tls)")
}

// resolve builds the profile to connect with: flags over the environment over the
// profile over the defaults. A profile is used when --profile names one, or, when no
// host is given on the command line or in SMPP_HOST, the config file's default; a
// --host alone never borrows a profile's credentials.
func (c *connFlags) resolve(set map[string]bool, getenv func(string) string) (config.Profile, *config.File, error) {
	path := c.config
	var f *config.File
	var err error
	if path != "" {
		f, err = config.Load(path)
	} else {
		path = config.DefaultPath()
		f, err = config.LoadOptional(path)
		if err != nil && !errors.Is(err, os.ErrPermission) {
			err = fmt.Errorf("%w (the default config file; --config chooses another)", err)
		}
	}
	if err != nil {
		return config.Profile{}, nil, err
	}
	p := config.Defaults()
	switch {
	case c.profile != "":
		p, err = f.Profile(c.profile)
	case !set["host"] && getenv(config.EnvHost) == "":
		p, err = f.Profile("")
	}
	if err != nil {
		return p, f, err
	}
	if err := p.ApplyEnv(getenv); err != nil {
		return p, f, err
	}
	if set["host"] {
		p.Host = c.host
	}
	if set["port"] {
		if c.port < 1 || c.port > 65535 {
			return p, f, fmt.Errorf("--port %d: want 1-65535", c.port)
		}
		p.Port = c.port
	}
	if set["system-id"] {
		p.SystemID = c.systemID
	}
	if set["password"] {
		p.Password, p.PasswordFrom = c.password, "flag"
	}
	if set["system-type"] {
		p.SystemType = c.systemType
	}
	if set["bind"] {
		if p.Bind, err = smppclient.ParseBindType(c.bind); err != nil {
			return p, f, fmt.Errorf("--bind: %w", err)
		}
	}
	if c.tls || c.tlsCA != "" || c.tlsInsecure {
		p.TLS.Enabled = true
	}
	if set["tls-ca"] {
		p.TLS.CAFile = c.tlsCA
	}
	if set["tls-insecure"] {
		p.TLS.Insecure = c.tlsInsecure
	}
	if p.Host == "" {
		return p, f, fmt.Errorf("no SMSC to connect to: give --host (or SMPP_HOST), or --profile (profiles are read from %s)", f.Path)
	}
	return p, f, nil
}
