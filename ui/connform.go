package ui

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/ui/keys"
	"github.com/smppconsole/smppconsole/wire"
)

// The connection form (E on a tab, "new connection…" in the tab picker): every setting
// of a connection, checked on every keystroke by config.Profile.Check, each problem
// under its field. Saving rebinds the tab (or opens the new one); "save as profile"
// writes the config file, the password only when the operator says so.

// connField is one line of the form, in the order the config file's keys are read.
type connField int

const (
	cfHost connField = iota
	cfPort
	cfTLS // yes/no
	cfCAFile
	cfCertFile
	cfKeyFile
	cfServerName
	cfInsecure // yes/no
	cfSystemID
	cfPassword
	cfPasswordEnv
	cfSystemType
	cfBind    // a choice
	cfVersion // a choice
	cfWindow
	cfConnectTimeout
	cfBindTimeout
	cfResponseTimeout
	cfEnquireLinkTimeout
	cfEnquireLinkInterval
	numConnFields
)

// connKeys are the fields' profile keys: the labels, and what Check's errors name.
var connKeys = [numConnFields]string{
	cfHost: "host", cfPort: "port", cfTLS: "tls.enabled", cfCAFile: "tls.ca_file", cfCertFile: "tls.cert_file",
	cfKeyFile: "tls.key_file", cfServerName: "tls.server_name", cfInsecure: "tls.insecure",
	cfSystemID: "system_id", cfPassword: "password", cfPasswordEnv: "password_env", cfSystemType: "system_type",
	cfBind: "bind", cfVersion: "interface_version", cfWindow: "window",
	cfConnectTimeout: "connect_timeout", cfBindTimeout: "bind_timeout", cfResponseTimeout: "response_timeout",
	cfEnquireLinkTimeout: "enquire_link_timeout", cfEnquireLinkInterval: "enquire_link_interval",
}

// connHints say, beside an empty field, what it takes.
var connHints = [numConnFields]string{
	cfHost: "(the SMSC's host name or address)", cfCAFile: "(PEM file; empty: the system's roots)",
	cfCertFile: "(PEM file, for a client certificate)", cfKeyFile: "(PEM file, with cert_file)",
	cfServerName: "(empty: the host)", cfSystemID: "(the account, ≤15)", cfPasswordEnv: "(a variable the saved profile reads it from)",
	cfSystemType: "(often empty, ≤12)", cfEnquireLinkInterval: "(e.g. 30s, or off)",
}

var (
	connBinds    = []smppclient.BindType{smppclient.Transceiver, smppclient.Transmitter, smppclient.Receiver, smppclient.TxRx}
	connVersions = []config.Version{config.Version(wire.InterfaceVersion33), config.Version(wire.InterfaceVersion34), config.Version(wire.InterfaceVersion50)}
)

func (f connField) toggle() bool { return f == cfTLS || f == cfInsecure }
func (f connField) choice() bool { return f == cfBind || f == cfVersion }
func (f connField) text() bool   { return !f.toggle() && !f.choice() }
func (f connField) tlsOnly() bool {
	return f >= cfCAFile && f <= cfInsecure
}

// connAction is what the form asks of its owner after a key.
type connAction int

const (
	connNone   connAction = iota
	connCancel            // esc: close, nothing changes
	connSave              // ctrl+s with no problem left: bind with connForm.profile
)

// connAsk is the question the form's footer is asking, if any.
type connAsk int

const (
	askNothing  connAsk = iota
	askName             // "save as profile": under which name
	askPassword         // "write the password in clear to FILE?"
)

// connForm is the form. It does not know the App: update says what the operator
// asked for, and the overlay (connformapp.go) does it.
type connForm struct {
	st     *Styles
	keys   keys.ConnForm
	base   config.Profile // the tab's profile as resolved, or the defaults for a new one
	tab    string         // the tab edited; "" for a new connection
	path   string         // the config file "save as profile" writes
	getenv func(string) string

	inputs        [numConnFields]textinput.Model
	tls, insecure bool
	bind          int // index in connBinds
	version       int // index in versions
	versions      []config.Version
	focus         connField

	errs    map[connField][]string
	general []string       // problems with keys the form has no field for
	prof    config.Profile // the form's profile, as last checked

	ask    connAsk
	name   textinput.Model // the profile's name, while askName
	status string          // the footer: the last save's outcome, or why a key did nothing
	bad    bool            // status is a refusal or a failure
	saving bool            // a SaveProfile runs
}

// newConnForm builds the form over base. tab is the tab edited ("" for a new
// connection); path is the config file to write ("" for config.DefaultPath).
func newConnForm(st *Styles, base config.Profile, tab, path string) *connForm {
	if path == "" {
		path = config.DefaultPath()
	}
	f := &connForm{st: st, keys: keys.DefaultConnForm(), base: base, tab: tab, path: path, getenv: os.Getenv}
	for i := range f.inputs {
		in := textinput.New()
		in.Prompt = ""
		in.CharLimit = 256
		in.Placeholder = connHints[i]
		f.inputs[i] = in
	}
	pw := &f.inputs[cfPassword]
	pw.EchoMode, pw.EchoCharacter = textinput.EchoPassword, '•'
	pw.CharLimit = 64 // Check says what SMPP allows; this only bounds the field
	if base.Password != "" {
		// Never the password itself: its length, and that an empty field keeps it.
		pw.Placeholder = strings.Repeat("•", len(base.Password)) + " (kept; type to replace)"
	} else {
		pw.Placeholder = "(none)"
	}
	set := func(fl connField, v string) { f.inputs[fl].SetValue(v) }
	set(cfHost, base.Host)
	set(cfPort, strconv.Itoa(base.Port))
	set(cfCAFile, base.TLS.CAFile)
	set(cfCertFile, base.TLS.CertFile)
	set(cfKeyFile, base.TLS.KeyFile)
	set(cfServerName, base.TLS.ServerName)
	set(cfSystemID, base.SystemID)
	set(cfPasswordEnv, base.PasswordEnv)
	set(cfSystemType, base.SystemType)
	set(cfWindow, strconv.Itoa(base.Window))
	for fl, d := range map[connField]config.Duration{cfConnectTimeout: base.ConnectTimeout, cfBindTimeout: base.BindTimeout,
		cfResponseTimeout: base.ResponseTimeout, cfEnquireLinkTimeout: base.EnquireLinkTimeout, cfEnquireLinkInterval: base.EnquireLinkInterval} {
		b, _ := d.MarshalText()
		set(fl, string(b))
	}
	f.tls, f.insecure = base.TLS.Enabled, base.TLS.Insecure
	for i, b := range connBinds {
		if b == base.Bind {
			f.bind = i
		}
	}
	f.versions = connVersions
	f.version = -1
	for i, v := range f.versions {
		if v == base.InterfaceVersion {
			f.version = i
		}
	}
	if f.version < 0 { // an octet of its own (0x40?): offered as it is, Check says what it makes of it
		f.versions = append(append([]config.Version(nil), connVersions...), base.InterfaceVersion)
		f.version = len(f.versions) - 1
	}
	f.name = textinput.New()
	f.name.Prompt = ""
	f.name.CharLimit = 64
	f.check()
	return f
}

// shown reports whether a field is on the form: TLS's own fields only when TLS is on,
// or when one holds a value (so what Check says of it is seen).
func (f *connForm) shown(fl connField) bool {
	if !fl.tlsOnly() || f.tls {
		return true
	}
	if fl == cfInsecure {
		return f.insecure
	}
	return f.inputs[fl].Value() != ""
}

// move puts the focus on the next shown field d steps away (d is 1 or -1), wrapping.
func (f *connForm) move(d int) tea.Cmd {
	fl := f.focus
	for range numConnFields {
		fl = connField((int(fl) + d + int(numConnFields)) % int(numConnFields))
		if f.shown(fl) {
			break
		}
	}
	return f.focusOn(fl)
}

func (f *connForm) focusOn(fl connField) tea.Cmd {
	for i := range f.inputs {
		f.inputs[i].Blur()
	}
	f.focus = fl
	if fl.text() {
		return f.inputs[fl].Focus()
	}
	return nil
}

// password is the password a bind would use and where it comes from: the one typed;
// else, with password_env, that variable's (unless the profile's already came from
// it); else the profile's own, kept.
func (f *connForm) password(env string) (pw, from string, problem string) {
	if typed := f.inputs[cfPassword].Value(); typed != "" {
		return typed, "prompt", ""
	}
	if env != "" && f.base.PasswordFrom != "environment:"+env {
		if v := f.getenv(env); v != "" {
			return v, "environment:" + env, ""
		}
		if f.base.Password == "" {
			return "", "", fmt.Sprintf("%s is not set or empty in the console's environment: type the password here, or export %s and start again", env, env)
		}
	}
	return f.base.Password, f.base.PasswordFrom, ""
}

// check builds the form's profile and says every problem with it, under its field:
// what cannot be read (a port that is not a number) here, the rest by Profile.Check.
func (f *connForm) check() {
	f.errs = map[connField][]string{}
	f.general = nil
	p := f.base
	v := func(fl connField) string { return f.inputs[fl].Value() }
	p.Host = v(cfHost)
	if n, err := strconv.Atoi(strings.TrimSpace(v(cfPort))); err != nil {
		f.errs[cfPort] = append(f.errs[cfPort], fmt.Sprintf("%q is not a port number (1-65535)", v(cfPort)))
	} else {
		p.Port = n
	}
	p.TLS = config.TLS{Enabled: f.tls, CAFile: v(cfCAFile), CertFile: v(cfCertFile), KeyFile: v(cfKeyFile),
		ServerName: v(cfServerName), Insecure: f.insecure}
	p.SystemID, p.SystemType = v(cfSystemID), v(cfSystemType)
	p.PasswordEnv = strings.TrimSpace(v(cfPasswordEnv))
	var problem string
	p.Password, p.PasswordFrom, problem = f.password(p.PasswordEnv)
	if problem != "" {
		f.errs[cfPasswordEnv] = append(f.errs[cfPasswordEnv], problem)
	}
	p.Bind = connBinds[f.bind]
	p.InterfaceVersion = f.versions[f.version]
	if n, err := strconv.Atoi(strings.TrimSpace(v(cfWindow))); err != nil {
		f.errs[cfWindow] = append(f.errs[cfWindow], fmt.Sprintf("%q is not a whole number of outstanding requests", v(cfWindow)))
	} else {
		p.Window = n
	}
	for fl, d := range map[connField]*config.Duration{cfConnectTimeout: &p.ConnectTimeout, cfBindTimeout: &p.BindTimeout,
		cfResponseTimeout: &p.ResponseTimeout, cfEnquireLinkTimeout: &p.EnquireLinkTimeout, cfEnquireLinkInterval: &p.EnquireLinkInterval} {
		var x config.Duration
		if err := x.UnmarshalText([]byte(strings.TrimSpace(v(fl)))); err != nil {
			f.errs[fl] = append(f.errs[fl], err.Error())
			continue
		}
		if fl == cfEnquireLinkInterval && x == 0 {
			x = -1 // "off" or "0s", as the loader takes them
		}
		*d = x
	}
	// With password_env the form's password (typed or kept) stands for the variable's
	// value: bound with now, and the saved profile reads the variable instead (a password
	// in the file is taken out), so the two are no clash here.
	checked := p
	if p.PasswordEnv != "" {
		checked.PasswordFrom = "environment:" + p.PasswordEnv
	}
	for _, e := range checked.Check() {
		fl, ok := connFieldOf(e.Key)
		if !ok {
			f.general = append(f.general, e.Error())
			continue
		}
		f.errs[fl] = append(f.errs[fl], connSentence(fl, e.Msg))
	}
	f.prof = p
}

// connSentence gives a message that leaves its subject to the key ("is required",
// "must be longer than 0s") its field's name, so it reads as a sentence under the field.
func connSentence(fl connField, msg string) string {
	for _, verb := range []string{"is ", "must ", "a "} {
		if strings.HasPrefix(msg, verb) {
			if verb == "a " {
				return strings.ToUpper(msg[:1]) + msg[1:]
			}
			return strings.TrimPrefix(connKeys[fl], "tls.") + " " + msg
		}
	}
	return msg
}

// connFieldOf is the field of a profile key.
func connFieldOf(key string) (connField, bool) {
	for i, k := range connKeys {
		if k == key {
			return connField(i), true
		}
	}
	return 0, false
}

// problems counts what stands in the way of saving.
func (f *connForm) problems() int {
	n := len(f.general)
	for _, e := range f.errs {
		n += len(e)
	}
	return n
}

// problemFields names the fields with a problem, in the form's order.
func (f *connForm) problemFields() string {
	var names []string
	for fl := connField(0); fl < numConnFields; fl++ {
		if len(f.errs[fl]) > 0 {
			names = append(names, connKeys[fl])
		}
	}
	if len(f.general) > 0 {
		names = append(names, "the profile's other keys")
	}
	return strings.Join(names, ", ")
}

// connProblemsText is "1 problem" or "N problems".
func connProblemsText(n int) string {
	if n == 1 {
		return "1 problem"
	}
	return fmt.Sprintf("%d problems", n)
}

// refuse says in the footer why a save was not done, naming the fields to fix.
func (f *connForm) refuse(what string) {
	f.status, f.bad = fmt.Sprintf("not %s: %s to fix first (%s)", what, connProblemsText(f.problems()), f.problemFields()), true
}

// profile is the form's connection, as checked, with the name it is saved under.
func (f *connForm) profile() config.Profile {
	p := f.prof
	p.Name = f.base.Name
	return p
}

// update takes a message while the form is shown: keys, and the outcome of a save.
func (f *connForm) update(msg tea.Msg) (connAction, tea.Cmd) {
	switch msg := msg.(type) {
	case connSavedMsg:
		if msg.form == f {
			f.saved(msg)
		}
		return connNone, nil
	case tea.KeyMsg:
		switch f.ask {
		case askName:
			return connNone, f.askNameKey(msg)
		case askPassword:
			return connNone, f.askPasswordKey(msg)
		}
		return f.key(msg)
	}
	// A cursor's blink, to the field that has it.
	var cmd tea.Cmd
	if f.ask == askName {
		f.name, cmd = f.name.Update(msg)
	} else if f.focus.text() {
		f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	}
	return connNone, cmd
}

func (f *connForm) key(k tea.KeyMsg) (connAction, tea.Cmd) {
	switch {
	case key.Matches(k, f.keys.Cancel):
		return connCancel, nil
	case key.Matches(k, f.keys.Save):
		f.check()
		if f.problems() > 0 {
			f.refuse("saved")
			return connNone, nil
		}
		return connSave, nil
	case key.Matches(k, f.keys.SaveProfile):
		return connNone, f.startSaveAs()
	case key.Matches(k, f.keys.Next):
		return connNone, f.move(1)
	case key.Matches(k, f.keys.Prev):
		return connNone, f.move(-1)
	}
	fl := f.focus
	switch {
	case fl.toggle():
		if key.Matches(k, f.keys.Toggle, f.keys.Back) {
			if fl == cfTLS {
				f.tls = !f.tls
			} else {
				f.insecure = !f.insecure
			}
			f.check()
		}
		return connNone, nil
	case fl.choice():
		d := 0
		switch {
		case key.Matches(k, f.keys.Toggle):
			d = 1
		case key.Matches(k, f.keys.Back):
			d = -1
		}
		if d != 0 {
			if fl == cfBind {
				f.bind = (f.bind + d + len(connBinds)) % len(connBinds)
			} else {
				f.version = (f.version + d + len(f.versions)) % len(f.versions)
			}
			f.check()
		}
		return connNone, nil
	}
	var cmd tea.Cmd
	f.inputs[fl], cmd = f.inputs[fl].Update(k)
	f.check()
	return connNone, cmd
}

// title names what the form edits.
func (f *connForm) title() string {
	if f.tab == "" {
		return "New connection"
	}
	return "Connection: " + f.tab
}
