package config

import (
	"fmt"
	"net"
	"os"
	"regexp"
	"strings"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// FieldError is one problem with one setting of a profile: Key is its TOML key,
// relative to the profile ("port", "tls.ca_file"), Msg says what is wrong, in words.
type FieldError struct{ Key, Msg string }

func (e FieldError) Error() string { return e.Key + ": " + e.Msg }

// Check validates a profile field by field, for a form that validates as you type:
// every problem, each naming its key. It checks what the loader checks and what only a
// connection would find out otherwise: a host, the lengths SMPP allows, TLS files that
// can be read. Relative TLS file names are taken as the session takes them, from the
// working directory.
func (p Profile) Check() []FieldError {
	return p.problems(p.ownPassword(), true)
}

// ownPassword reports whether the profile's password is its own (from its file, or
// typed into a form) rather than one from the environment, a flag or the prompt.
func (p Profile) ownPassword() bool {
	return p.Password != "" && (p.PasswordFrom == "" || p.PasswordFrom == "profile")
}

// envNameRe is what a shell accepts as a variable name.
var envNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// problems holds every rule for a profile, once: the loader reports the first of them
// (form false), Check all of them with the ones only a form needs (form true).
// passwordSet says the profile gives a password of its own (in a file: the key is there).
func (p *Profile) problems(passwordSet, form bool) []FieldError {
	var errs []FieldError
	add := func(key, format string, a ...any) { errs = append(errs, FieldError{key, fmt.Sprintf(format, a...)}) }

	if form {
		switch {
		case p.Host == "" && p.ListenOutbind == "":
			add("host", "is required: the SMSC's host name or address")
		case strings.ContainsAny(p.Host, " \t\r\n/"):
			add("host", "%q is not a host name or address", p.Host)
		}
	}
	if p.Port < 1 || p.Port > 65535 {
		add("port", "%d is not a port number (1-65535)", p.Port)
	}
	if _, err := p.Bind.MarshalText(); err != nil {
		add("bind", "unknown bind type: want trx, tx, rx or tx+rx")
	}
	if p.PasswordEnv != "" {
		switch {
		case !envNameRe.MatchString(p.PasswordEnv):
			add("password_env", "%q is not an environment variable name (letters, digits and _)", p.PasswordEnv)
		case passwordSet:
			add("password_env", "is set together with password: give one of them (password_env keeps the password out of the file)")
		}
	}
	if form {
		// The lengths SMPP allows, its NUL excluded (wire holds the one copy of them).
		for _, f := range []struct {
			key, v string
			max    int
		}{
			{"system_id", p.SystemID, wire.MaxSystemID}, {"password", p.Password, wire.MaxPassword},
			{"system_type", p.SystemType, wire.MaxSystemType}, {"address_range", p.AddressRange, wire.MaxAddressRange},
		} {
			if len(f.v) > f.max-1 {
				add(f.key, "%d octets: SMPP allows %d", len(f.v), f.max-1)
			}
		}
	}
	if _, err := wire.ParseInterfaceVersion(p.InterfaceVersion.String()); err != nil {
		add("interface_version", "%v", err)
	}
	if p.Window < 1 || p.Window > smppclient.MaxWindow {
		add("window", "%d: want 1-%d outstanding requests", p.Window, smppclient.MaxWindow)
	}
	// The defaults are all positive, so a value of 0 here is one the file gave.
	for _, d := range []struct {
		key string
		v   Duration
	}{
		{"connect_timeout", p.ConnectTimeout}, {"bind_timeout", p.BindTimeout}, {"response_timeout", p.ResponseTimeout},
		{"enquire_link_timeout", p.EnquireLinkTimeout}, {"unbind_timeout", p.UnbindTimeout},
		{"reconnect_min", p.ReconnectMin}, {"reconnect_max", p.ReconnectMax},
	} {
		if d.v <= 0 {
			add(d.key, "must be longer than 0s")
		}
	}
	if p.ListenOutbind != "" {
		if _, _, err := net.SplitHostPort(p.ListenOutbind); err != nil {
			add("listen_outbind", "%q: want host:port to listen on, e.g. \"0.0.0.0:2776\"", p.ListenOutbind)
		}
	}
	if p.ReconnectMin > 0 && p.ReconnectMax > 0 && p.ReconnectMax < p.ReconnectMin {
		add("reconnect_max", "%s is below reconnect_min %s", p.ReconnectMax, p.ReconnectMin)
	}
	t := &p.TLS
	if !t.Enabled {
		for _, k := range []struct {
			key string
			set bool
		}{{"ca_file", t.CAFile != ""}, {"cert_file", t.CertFile != ""}, {"key_file", t.KeyFile != ""},
			{"server_name", t.ServerName != ""}, {"insecure", t.Insecure}} {
			if k.set {
				add("tls."+k.key, "is set but tls.enabled is not true")
			}
		}
	}
	if (t.CertFile == "") != (t.KeyFile == "") {
		add("tls.cert_file", "a client certificate needs both cert_file and key_file")
	}
	if form && t.Enabled {
		for _, f := range []struct{ key, path string }{{"tls.ca_file", t.CAFile}, {"tls.cert_file", t.CertFile}, {"tls.key_file", t.KeyFile}} {
			if f.path == "" {
				continue
			}
			if err := readable(f.path); err != nil {
				add(f.key, "%v", err)
			}
		}
	}
	return errs
}

// readable reports why a file cannot be read, if it cannot.
func readable(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("%s: %v", path, unwrapPath(err))
	}
	if st.IsDir() {
		return fmt.Errorf("%s is a directory, not a PEM file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %v", path, unwrapPath(err))
	}
	return f.Close()
}

// unwrapPath drops the *PathError's own copy of the path and operation.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
