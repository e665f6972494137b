package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/smppclient"
)

// connProfile is a resolved profile as a tab holds it, on a closed port.
func connProfile() config.Profile {
	p := config.Defaults()
	p.Name, p.Host, p.Port = "acme", "127.0.0.1", 1
	p.SystemID, p.Password, p.PasswordFrom = "acme1", "s3cr3t", "profile"
	return p
}

func newTestConnForm(t *testing.T, p config.Profile, tab, path string) *connForm {
	t.Helper()
	st := DefaultStyles(false)
	f := newConnForm(&st, p, tab, path)
	f.getenv = func(string) string { return "" }
	f.focusOn(cfHost)
	return f
}

// formKeys sends keys to the form, one a key; typed text is sent rune by rune.
func formKeys(f *connForm, keys ...string) (connAction, tea.Cmd) {
	var act connAction
	var cmd tea.Cmd
	for _, k := range keys {
		act, cmd = f.update(keyMsg(k))
	}
	return act, cmd
}

func formType(f *connForm, s string) {
	for _, r := range s {
		f.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// formFocus moves the focus to fl with tab, as the operator would.
func formFocus(t *testing.T, f *connForm, fl connField) {
	t.Helper()
	for range numConnFields {
		if f.focus == fl {
			return
		}
		formKeys(f, "tab")
	}
	t.Fatalf("tab never reaches %s", connKeys[fl])
}

// clearFormField empties the focused field with backspaces.
func clearFormField(f *connForm) {
	for range len(f.inputs[f.focus].Value()) + 1 {
		formKeys(f, "end", "backspace")
	}
}

// A wrong port is said under the port field as it is typed, in words, and goes when
// it is fixed; a port that is not a number is said too.
func TestConnFormPortValidatedAsTyped(t *testing.T) {
	f := newTestConnForm(t, connProfile(), "acme", "")
	if n := f.problems(); n != 0 {
		t.Fatalf("a good profile has %d problems: %v %v", n, f.errs, f.general)
	}
	formFocus(t, f, cfPort)
	clearFormField(f)
	formType(f, "70000")
	if got := f.errs[cfPort]; len(got) != 1 || !strings.Contains(got[0], "70000 is not a port number (1-65535)") {
		t.Fatalf("port errors %q", got)
	}
	v := f.View(80, 24)
	contains(t, v, "! 70000 is not a port number (1-65535)")
	// The error is under its field: the line after the port's.
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		if strings.Contains(l, "▸ port") {
			if i+1 >= len(lines) || !strings.Contains(lines[i+1], "70000 is not a port number") {
				t.Fatalf("the error is not under the port:\n%s", v)
			}
		}
	}
	clearFormField(f)
	formType(f, "27x5")
	if got := f.errs[cfPort]; len(got) != 1 || !strings.Contains(got[0], `"27x5" is not a port number`) {
		t.Fatalf("port errors %q", got)
	}
	clearFormField(f)
	formType(f, "2775")
	if n := f.problems(); n != 0 {
		t.Fatalf("fixed port: %d problems %v", n, f.errs)
	}
	if strings.Contains(f.View(80, 24), "not a port number") {
		t.Fatalf("the error stays after the fix:\n%s", f.View(80, 24))
	}
	if f.prof.Port != 2775 {
		t.Fatalf("profile port %d", f.prof.Port)
	}
}

// Every field Check knows has its error under it, by key: system_id too long, a window
// of 0, a timeout that does not parse, a TLS file that is not there.
func TestConnFormFieldErrorsByKey(t *testing.T) {
	f := newTestConnForm(t, connProfile(), "acme", "")
	formFocus(t, f, cfSystemID)
	formType(f, "-much-too-long")
	formFocus(t, f, cfWindow)
	clearFormField(f)
	formType(f, "0")
	formFocus(t, f, cfBindTimeout)
	clearFormField(f)
	formType(f, "soon")
	formFocus(t, f, cfConnectTimeout)
	clearFormField(f)
	formType(f, "0s")
	formFocus(t, f, cfTLS)
	formKeys(f, " ")
	formFocus(t, f, cfCAFile)
	formType(f, filepath.Join(t.TempDir(), "missing.pem"))
	for fl, want := range map[connField]string{
		cfSystemID: "19 octets: SMPP allows 15", cfWindow: "0: want 1-", cfBindTimeout: `"soon" is not a duration`,
		cfCAFile: "no such file or directory", cfConnectTimeout: "connect_timeout must be longer than 0s",
	} {
		if got := strings.Join(f.errs[fl], "; "); !strings.Contains(got, want) {
			t.Errorf("%s: errors %q, want %q", connKeys[fl], got, want)
		}
	}
	if n := f.problems(); n != 5 {
		t.Errorf("%d problems, want 5: %v %v", n, f.errs, f.general)
	}
	// TLS off again: its fields with values stay shown, and say TLS is off.
	formFocus(t, f, cfTLS)
	formKeys(f, " ")
	if !f.shown(cfCAFile) || !strings.Contains(strings.Join(f.errs[cfCAFile], ""), "ca_file is set but tls.enabled is not true") {
		t.Errorf("ca_file with TLS off: shown %v, errors %q", f.shown(cfCAFile), f.errs[cfCAFile])
	}
	if f.shown(cfCertFile) {
		t.Error("an empty cert_file is shown with TLS off")
	}
}

// ctrl+s is refused while a problem remains, saying which fields; fixed, it saves the
// form's profile.
func TestConnFormSaveRefusedWithErrors(t *testing.T) {
	f := newTestConnForm(t, connProfile(), "acme", "")
	formFocus(t, f, cfPort)
	clearFormField(f)
	formType(f, "0")
	if act, _ := formKeys(f, "ctrl+s"); act != connNone {
		t.Fatalf("ctrl+s with a bad port: action %v", act)
	}
	contains(t, f.View(80, 24), "not saved: 1 problem to fix first (port)")
	if act, _ := formKeys(f, "ctrl+p"); act != connNone || f.ask != askNothing {
		t.Fatalf("ctrl+p with a bad port: action %v, asking %v", act, f.ask)
	}
	formKeys(f, "backspace")
	formType(f, "2776")
	if act, _ := formKeys(f, "ctrl+s"); act != connSave {
		t.Fatalf("ctrl+s on a good form: action %v (%s)", act, f.status)
	}
	p := f.profile()
	if p.Port != 2776 || p.Host != "127.0.0.1" || p.SystemID != "acme1" || p.Name != "acme" {
		t.Fatalf("saved profile %+v", p)
	}
	// The password field was left empty: the profile's is kept.
	if p.Password != "s3cr3t" || p.PasswordFrom != "profile" {
		t.Fatalf("password %q from %q, want the profile's kept", p.Password, p.PasswordFrom)
	}
	if act, _ := formKeys(f, "esc"); act != connCancel {
		t.Fatalf("esc: action %v", act)
	}
}

// The password is never on the screen: the field is masked, the kept one is dots of its
// length, and what is typed replaces it.
func TestConnFormPasswordMasked(t *testing.T) {
	f := newTestConnForm(t, connProfile(), "acme", "")
	v := f.View(120, 40)
	if strings.Contains(v, "s3cr3t") {
		t.Fatalf("the password is shown:\n%s", v)
	}
	contains(t, v, "•••••• (kept; type to replace)")
	formFocus(t, f, cfPassword)
	formType(f, "n3w")
	v = f.View(120, 40)
	if strings.Contains(v, "n3w") {
		t.Fatalf("the typed password is shown:\n%s", v)
	}
	contains(t, v, "•••")
	if p := f.profile(); p.Password != "n3w" {
		t.Fatalf("password %q, want the one typed", p.Password)
	}
	formType(f, "toolong") // 10 octets: SMPP allows 8
	if got := strings.Join(f.errs[cfPassword], ""); !strings.Contains(got, "10 octets: SMPP allows 8") {
		t.Fatalf("password errors %q", got)
	}
	if strings.Contains(f.View(120, 40), "n3wtoolong") {
		t.Fatal("the typed password is in an error")
	}
}

// Choices and yes/no fields take space and arrows, not text.
func TestConnFormChoices(t *testing.T) {
	f := newTestConnForm(t, connProfile(), "acme", "")
	formFocus(t, f, cfBind)
	formKeys(f, " ", " ", " ")
	if p := f.profile(); p.Bind != smppclient.TxRx {
		t.Fatalf("bind %v, want tx+rx", p.Bind)
	}
	formKeys(f, "left")
	if p := f.profile(); p.Bind != smppclient.Receiver {
		t.Fatalf("bind %v, want rx", p.Bind)
	}
	formFocus(t, f, cfVersion)
	formKeys(f, "left")
	if p := f.profile(); p.InterfaceVersion.String() != "3.3" {
		t.Fatalf("interface_version %v, want 3.3", p.InterfaceVersion)
	}
	formFocus(t, f, cfEnquireLinkInterval)
	clearFormField(f)
	formType(f, "off")
	if p := f.profile(); p.EnquireLinkInterval >= 0 || f.problems() != 0 {
		t.Fatalf("enquire_link_interval off: %v, %d problems", p.EnquireLinkInterval, f.problems())
	}
}

// formConnector opens tabs on fake sessions and records what it was asked.
type formConnector struct {
	mu       sync.Mutex
	profiles map[string]config.Profile
	reqs     []TabRequest
	closed   int
}

func (c *formConnector) Profiles() []string { return []string{"acme"} }

func (c *formConnector) Open(_ context.Context, req TabRequest) (TabSession, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reqs = append(c.reqs, req)
	p := c.profiles[req.Profile]
	if req.Custom != nil {
		p = *req.Custom
	}
	name := p.Name
	if name == "" {
		name = p.Addr()
	}
	sess := formSession{newFakeSession(), smppclient.Settings{Addr: p.Addr(), SystemID: p.SystemID, Password: p.Password}}
	p.Password = "" // as cmd's connector does: the tab's profile never holds it
	return TabSession{Name: name, Options: Options{Session: sess, Label: name}, Profile: p,
		Close: func() { c.mu.Lock(); c.closed++; c.mu.Unlock() }}, nil
}

// formSession is a fake session with the settings a *smppclient.Client has.
type formSession struct {
	*fakeSession
	s smppclient.Settings
}

func (s formSession) Settings() smppclient.Settings { return s.s }

// newFormApp is an App on a fake connector, sized w×h, with one tab on profile acme.
func newFormApp(t *testing.T, w, h int, dir string) (*App, *formConnector) {
	t.Helper()
	fc := &formConnector{profiles: map[string]config.Profile{"acme": connProfile()}}
	a := NewApp(context.Background(), Options{Connector: fc, Now: fixedNow, Location: time.UTC,
		ConfigPath: filepath.Join(dir, "config.toml")})
	t.Cleanup(a.Shutdown)
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	opened := a.OpenTab(TabRequest{Profile: "acme"})
	a.Update(opened()) // Connector.Open, on the fake: at once
	if a.Active() == nil {
		t.Fatal("the tab did not open")
	}
	return a, fc
}

func formAppKey(a *App, k string) tea.Cmd {
	msg := keyMsg(k)
	if k == "ctrl+t" {
		msg = tea.KeyMsg{Type: tea.KeyCtrlT}
	}
	_, cmd := a.Update(msg)
	return cmd
}

func formAppType(a *App, s string) {
	for _, r := range s {
		a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// E opens the form on the tab's connection; ctrl+s rebinds the tab: the connector is
// asked for the form's profile, the tab keeps its place and its log says so.
func TestConnFormSaveRebindsTab(t *testing.T) {
	a, fc := newFormApp(t, 80, 24, t.TempDir())
	formAppKey(a, "E")
	o, ok := a.overlay.(*connOverlay)
	if !ok {
		t.Fatalf("E: overlay %T", a.overlay)
	}
	if o.f.prof.Port != 1 || o.f.tab != "acme" {
		t.Fatalf("the form is not on the tab's profile: %+v", o.f.prof)
	}
	formAppKey(a, "tab") // to the port
	for range 3 {
		formAppKey(a, "backspace")
	}
	formAppType(a, "2776")
	cmd := formAppKey(a, "ctrl+s")
	if a.overlay != nil {
		t.Fatalf("the form stays open after ctrl+s: %s", o.f.status)
	}
	if cmd == nil {
		t.Fatal("ctrl+s gave no command")
	}
	a.Update(cmd()) // Connector.Open for the rebind
	fc.mu.Lock()
	reqs := fc.reqs
	fc.mu.Unlock()
	if len(reqs) != 2 || reqs[1].Custom == nil {
		t.Fatalf("connector requests %+v", reqs)
	}
	got := *reqs[1].Custom
	if got.Port != 2776 || got.Host != "127.0.0.1" || got.Password != "s3cr3t" || got.SystemID != "acme1" {
		t.Fatalf("rebound with %+v", got)
	}
	if len(a.tabs) != 1 || a.tabs[0].sess.Profile.Port != 2776 {
		t.Fatalf("tabs %d, the tab's port %d", len(a.tabs), a.tabs[0].sess.Profile.Port)
	}
	contains(t, a.View(), "** rebound to acme (127.0.0.1:2776)")
}

// "new connection…" in the tab picker opens the form empty (the host is asked for);
// ctrl+s opens a new tab on it, the first tab left as it was.
func TestConnFormNewConnectionOpensTab(t *testing.T) {
	a, fc := newFormApp(t, 80, 24, t.TempDir())
	formAppKey(a, "ctrl+t")
	for range 5 {
		formAppKey(a, "down") // to the last item: new connection…
	}
	formAppKey(a, "enter")
	o, ok := a.overlay.(*connOverlay)
	if !ok || o.tab != nil {
		t.Fatalf("new connection…: overlay %T %+v", a.overlay, o)
	}
	contains(t, a.View(), "New connection")
	contains(t, a.View(), "! host is required: the SMSC's host name or address")
	formAppType(a, "127.0.0.1")
	formAppKey(a, "tab")
	for range 4 {
		formAppKey(a, "backspace")
	}
	formAppType(a, "2777")
	cmd := formAppKey(a, "ctrl+s")
	if a.overlay != nil || cmd == nil {
		t.Fatalf("ctrl+s: overlay %T, command %v (%s)", a.overlay, cmd != nil, o.f.status)
	}
	a.Update(cmd())
	fc.mu.Lock()
	reqs := fc.reqs
	fc.mu.Unlock()
	if len(reqs) != 2 || reqs[1].Custom == nil || reqs[1].Custom.Addr() != "127.0.0.1:2777" {
		t.Fatalf("connector requests %+v", reqs)
	}
	if len(a.tabs) != 2 || a.active != 1 || a.tabs[1].name != "127.0.0.1:2777" || a.tabs[0].sess.Profile.Port != 1 {
		t.Fatalf("tabs: %d, active %d, names %v", len(a.tabs), a.active, a.Names())
	}
}

// connSaveMsgs runs the form's SaveProfile commands among cmd (a batch holds a cursor's
// blink too, which waits: left alone) and returns their outcomes.
func connSaveMsgs(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch constructor(cmd) {
	case "write":
		return []tea.Msg{cmd()}
	case "Batch", "Sequence", "compactCmds":
		cmds, _ := batchOf(cmd())
		var out []tea.Msg
		for _, c := range cmds {
			out = append(out, connSaveMsgs(c)...)
		}
		return out
	}
	return nil
}

const connSavedConfig = `# smppconsole test config
default_profile = "acme"

# the primary SMSC
[profiles.acme]
host = "127.0.0.1"   # loopback
port = 1
system_id = "acme1"

[profiles.other]
# keep me
host = "10.0.0.2"
`

func connReadMode(t *testing.T, path string) (string, os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), st.Mode().Perm()
}

// "Save as profile" (ctrl+p) asks for the name (the tab's by default), then whether to
// write the password in clear, no by default; the file is rewritten in place, loads back
// through config.Load with its comments kept, mode 0600, and without the password.
func TestConnFormSaveAsProfileKeepsFileAndPassword(t *testing.T) {
	dir := t.TempDir()
	a, _ := newFormApp(t, 80, 24, dir)
	path := a.opts.ConfigPath
	if err := os.WriteFile(path, []byte(connSavedConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	formAppKey(a, "E")
	o := a.overlay.(*connOverlay)
	formAppKey(a, "tab")
	formAppKey(a, "backspace")
	formAppType(a, "2776")
	formAppKey(a, "ctrl+p")
	if o.f.ask != askName || o.f.name.Value() != "acme" {
		t.Fatalf("ctrl+p: asking %v, name %q", o.f.ask, o.f.name.Value())
	}
	if msgs := connSaveMsgs(formAppKey(a, "enter")); len(msgs) != 0 {
		t.Fatal("written before the password question was answered")
	}
	for _, w := range []string{"write the password in clear to", path, "[y/N]"} {
		contains(t, strings.ReplaceAll(a.View(), "│\n│ ", ""), w)
	}
	msgs := connSaveMsgs(formAppKey(a, "enter")) // the default: no
	if len(msgs) != 1 {
		t.Fatalf("enter: %d saves", len(msgs))
	}
	a.Update(msgs[0]) // back through the App to the form
	if a.overlay != o {
		t.Fatal("the form closed on saving a profile")
	}
	want := "saved [profiles.acme] to " + path + " (mode tightened to 0600; password not written)"
	if o.f.status != want || o.f.bad {
		t.Fatalf("footer %q (bad %v), want %q", o.f.status, o.f.bad, want)
	}
	contains(t, a.View(), "saved [profiles.acme] to")

	text, mode := connReadMode(t, path)
	if mode != 0o600 {
		t.Errorf("mode %04o, want 0600", mode)
	}
	if strings.Contains(text, "s3cr3t") || strings.Contains(text, "password") {
		t.Errorf("the password was written:\n%s", text)
	}
	for _, c := range []string{"# smppconsole test config", "# the primary SMSC", "# loopback", "# keep me", `host = "10.0.0.2"`} {
		if !strings.Contains(text, c) {
			t.Errorf("%q lost:\n%s", c, text)
		}
	}
	if strings.Index(text, "[profiles.acme]") > strings.Index(text, "[profiles.other]") {
		t.Errorf("the tables' order changed:\n%s", text)
	}
	f, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.Profile("acme")
	if err != nil {
		t.Fatal(err)
	}
	if p.Port != 2776 || p.Host != "127.0.0.1" || p.SystemID != "acme1" || p.Password != "" {
		t.Fatalf("loaded back: %+v", p)
	}
	if got := f.Names(); len(got) != 2 || got[0] != "acme" || got[1] != "other" {
		t.Fatalf("profiles %v", got)
	}

	// Asked again, y writes the password.
	formAppKey(a, "ctrl+p")
	formAppKey(a, "enter")
	msgs = connSaveMsgs(formAppKey(a, "y"))
	if len(msgs) != 1 {
		t.Fatalf("y: %d saves", len(msgs))
	}
	a.Update(msgs[0])
	if !strings.Contains(o.f.status, "password written in clear") {
		t.Fatalf("footer %q", o.f.status)
	}
	f, err = config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := f.Profile("acme"); p.Password != "s3cr3t" {
		t.Fatalf("password %q after y", p.Password)
	}
}

// With password_env the form does not ask: password_env is written, and the password
// the file held is taken out (the two together do not load).
func TestConnFormSaveAsProfilePasswordEnv(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte(connSavedConfig+"password = \"old\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := connProfile()
	p.Name = "other"
	f := newTestConnForm(t, p, "other", path)
	formFocus(t, f, cfPasswordEnv)
	formType(f, "OTHER_PW")
	if f.problems() != 0 {
		t.Fatalf("password_env with a kept password: %v", f.errs)
	}
	formKeys(f, "ctrl+p")
	msgs := connSaveMsgs(func() tea.Cmd { _, c := formKeys(f, "enter"); return c }())
	if len(msgs) != 1 || f.ask != askNothing {
		t.Fatalf("enter: %d saves, asking %v", len(msgs), f.ask)
	}
	f.update(msgs[0])
	if f.bad || !strings.Contains(f.status, "password from $OTHER_PW") || !strings.Contains(f.status, "removed password") {
		t.Fatalf("footer %q", f.status)
	}
	text, mode := connReadMode(t, path)
	if mode != 0o600 || strings.Contains(text, `"old"`) || strings.Contains(text, "s3cr3t") || !strings.Contains(text, `password_env = "OTHER_PW"`) {
		t.Fatalf("mode %04o, file:\n%s", mode, text)
	}
	cf, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := cf.Profile("other"); got.PasswordEnv != "OTHER_PW" || got.Password != "" {
		t.Fatalf("loaded back %+v", got)
	}
}

// A new connection saved as a profile creates the file, mode 0600; a name is needed.
func TestConnFormSaveAsProfileCreates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "config.toml")
	st := DefaultStyles(false)
	f := newConnForm(&st, config.Defaults(), "", path)
	f.getenv = func(string) string { return "" }
	f.focusOn(cfHost)
	formType(f, "smsc.example.net")
	formKeys(f, "ctrl+p")
	formKeys(f, "enter")
	if f.ask != askName || !f.bad || f.status != "a profile needs a name" {
		t.Fatalf("no name: asking %v, footer %q", f.ask, f.status)
	}
	formType(f, "lab")
	_, cmd := formKeys(f, "enter")
	msgs := connSaveMsgs(cmd)
	if len(msgs) != 1 {
		t.Fatalf("%d saves", len(msgs))
	}
	f.update(msgs[0])
	if want := "saved [profiles.lab] to " + path + " (created, mode 0600)"; f.status != want {
		t.Fatalf("footer %q, want %q", f.status, want)
	}
	if _, mode := connReadMode(t, path); mode != 0o600 {
		t.Fatalf("mode %04o", mode)
	}
	cf, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := cf.Profile("lab"); p.Host != "smsc.example.net" || p.Port != config.DefaultPort {
		t.Fatalf("loaded back %+v", p)
	}
	// Saved, the connection is that profile: the tab ctrl+s opens is named after it.
	if act, _ := formKeys(f, "ctrl+s"); act != connSave || f.profile().Name != "lab" {
		t.Fatalf("ctrl+s after saving: action %v, name %q", act, f.profile().Name)
	}
}

// connProfileDefaults is what "new connection…" starts from.
func connProfileDefaults() config.Profile { return config.Defaults() }

// A rebind in a console on the real clock (Options.Now unset, as cmd runs it) draws
// its status bar: the new one takes the tab's clock.
func TestRebindOnTheRealClock(t *testing.T) {
	fc := &formConnector{profiles: map[string]config.Profile{"acme": connProfile()}}
	a := NewApp(context.Background(), Options{Connector: fc})
	t.Cleanup(a.Shutdown)
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	a.Update(a.OpenTab(TabRequest{Profile: "acme"})())
	p := connProfile()
	p.Port = 2776
	a.Update(a.Rebind(p)())
	tb := a.tabs[0]
	st := scenarioStats()
	st.State = smppclient.BackingOff
	a.Update(tabMsg{id: tb.id, gen: tb.gen, msg: statsMsg(st)}) // the status bar reads the clock now
	contains(t, a.View(), "rebound to acme (127.0.0.1:2776)")
}

// E on the embedded simulator's tab: its profile names no address (the simulator's is
// chosen when it starts), so the form takes the address the session dials.
func TestConnFormEditSimulatorTab(t *testing.T) {
	fc := &formConnector{profiles: map[string]config.Profile{}}
	a := NewApp(context.Background(), Options{Connector: fc, Now: fixedNow, Location: time.UTC})
	t.Cleanup(a.Shutdown)
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	a.Update(a.OpenTab(TabRequest{Simulator: true})())
	tb := a.tabs[0]
	tb.sess.Profile = config.Defaults() // as Resolve gives it for the simulator: no host
	tb.sess.Profile.SystemID = "smppclient1"
	tb.m.sess = formSession{newFakeSession(), smppclient.Settings{Addr: "127.0.0.1:40123", SystemID: "smppclient1", Password: "password"}}
	formAppKey(a, "E")
	o, ok := a.overlay.(*connOverlay)
	if !ok {
		t.Fatalf("E: overlay %T", a.overlay)
	}
	if p := o.f.profile(); p.Host != "127.0.0.1" || p.Port != 40123 || p.Password != "password" || o.f.problems() != 0 {
		t.Fatalf("form on %s (password %q), problems %v", p.Addr(), p.Password, o.f.errs)
	}
}

// A tab that is no profile (host:port, from a new connection) offers its own name, and
// a name TOML must quote is saved and loads back.
func TestConnFormSaveAsProfileTabName(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	p := connProfile()
	p.Name, p.Port = "", 2777
	f := newTestConnForm(t, p, "127.0.0.1:2777", path)
	formKeys(f, "ctrl+p")
	if f.name.Value() != "127.0.0.1:2777" {
		t.Fatalf("name offered %q, want the tab's", f.name.Value())
	}
	formKeys(f, "enter")
	msgs := connSaveMsgs(func() tea.Cmd { _, c := formKeys(f, "n"); return c }())
	if len(msgs) != 1 {
		t.Fatalf("%d saves", len(msgs))
	}
	f.update(msgs[0])
	if f.bad {
		t.Fatalf("footer %q", f.status)
	}
	cf, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := cf.Profile("127.0.0.1:2777"); err != nil || got.Port != 2777 || got.Password != "" {
		t.Fatalf("loaded back %+v, %v", got, err)
	}
}
