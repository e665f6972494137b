package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/smppclient"
)

// connFlags are the connection flags shared by the commands that connect. They are
// declared straight into a profile's fields; config.Resolve lays the ones given over
// the environment, the profile and the defaults.
type connFlags struct {
	profile, config string
	over            config.Profile
	err             error // the first flag value refused (see textVar)
}

// flagKeys maps each flag that overrides a profile to the profile key it sets.
var flagKeys = map[string]string{
	"host": "host", "port": "port", "system-id": "system_id", "password": "password",
	"system-type": "system_type", "bind": "bind", "tls": "tls.enabled", "tls-ca": "tls.ca_file",
	"tls-insecure": "tls.insecure", "resp-timeout": "response_timeout", "enquire-timeout": "enquire_link_timeout",
	"interface-version": "interface_version", "listen-outbind": "listen_outbind",
}

func (c *connFlags) register(fs *flag.FlagSet) {
	o := &c.over
	o.Bind = smppclient.Transceiver
	o.InterfaceVersion = smppclient.DefaultInterfaceVersion
	fs.StringVar(&c.profile, "profile", "", "connection profile from the config file")
	fs.StringVar(&c.config, "config", "", "config file (default "+config.DefaultPath()+")")
	fs.StringVar(&o.Host, "host", "", "SMSC host")
	fs.IntVar(&o.Port, "port", config.DefaultPort, "SMSC port")
	fs.StringVar(&o.SystemID, "system-id", "", "system_id to bind with")
	fs.StringVar(&o.Password, "password", "", "password to bind with (visible to other users: prefer SMPP_PASSWORD or the prompt)")
	fs.StringVar(&o.SystemType, "system-type", "", "system_type to bind with")
	textVar(fs, &o.Bind, "bind", "bind type: trx, tx, rx or tx+rx", &c.err)
	textVar(fs, &o.InterfaceVersion, "interface-version", "interface_version to bind with: 3.3, 3.4 or 5.0 (or the octet, 0x34)", &c.err)
	fs.BoolVar(&o.TLS.Enabled, "tls", false, "connect with TLS (system roots unless --tls-ca)")
	fs.StringVar(&o.TLS.CAFile, "tls-ca", "", "PEM file of the CAs to trust (implies --tls)")
	fs.BoolVar(&o.TLS.Insecure, "tls-insecure", false, "TLS without verifying the certificate: for tests only (implies --tls)")
}

// registerListenOutbind adds --listen-outbind, for the console: it waits for the SMSC
// to connect (outbind) instead of dialling it.
func (c *connFlags) registerListenOutbind(fs *flag.FlagSet) {
	fs.StringVar(&c.over.ListenOutbind, "listen-outbind", "", "do not dial: accept the SMSC's outbind at this host:port and bind as a receiver on it")
}

// registerTimeouts adds the response and enquire_link timeouts, for the commands that
// wait on an SMSC (send, burst).
func (c *connFlags) registerTimeouts(fs *flag.FlagSet) {
	fs.TextVar(&c.over.ResponseTimeout, "resp-timeout", config.Duration(smppclient.DefaultResponseTimeout), "wait this long for each response")
	fs.TextVar(&c.over.EnquireLinkTimeout, "enquire-timeout", config.Duration(smppclient.DefaultEnquireLinkTimeout), "declare the link dead when an enquire_link goes unanswered, and nothing else arrives, for this long")
}

// submitterSettings is what a command that submits (burst, replay) binds with: not a
// receiver, the password asked for if it is missing, and no reconnection, since a lost
// link is an outcome to report there, not a thing to hide.
func submitterSettings(cmd string, p *config.Profile, stdin io.Reader, stderr io.Writer) (smppclient.Settings, error) {
	if p.Bind == smppclient.Receiver {
		return smppclient.Settings{}, fmt.Errorf("--bind rx cannot submit: %s needs trx, tx or tx+rx", cmd)
	}
	if err := askPassword(p, stdin, stderr); err != nil {
		return smppclient.Settings{}, err
	}
	st, err := p.Settings()
	if err != nil {
		return st, err
	}
	st.NoReconnect = true
	return st, nil
}

// resolve asks config.Resolve for what the flags describe; set is the flags given.
func (c *connFlags) resolve(mode config.Mode, set map[string]bool, getenv func(string) string) (config.Resolved, error) {
	if c.err != nil {
		return config.Resolved{Profile: config.Defaults()}, c.err
	}
	given := map[string]bool{}
	for fl, key := range flagKeys {
		if set[fl] {
			given[key] = true
		}
	}
	return config.Resolve(config.Request{Mode: mode, ConfigPath: c.config, Profile: c.profile, Flags: c.over, Given: given, Getenv: getenv})
}

// askPassword asks for the password on the terminal when nothing gave one.
func askPassword(p *config.Profile, stdin io.Reader, stderr io.Writer) error {
	if p.Password != "" {
		return nil
	}
	pw, ok, err := promptPassword(stdin, stderr, fmt.Sprintf("Password for %s at %s: ", p.SystemID, p.Addr()))
	if err != nil {
		return err
	}
	if ok {
		p.Password, p.PasswordFrom = pw, "prompt"
	}
	return nil
}
