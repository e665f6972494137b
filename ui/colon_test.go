package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/cmdline"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/wire"
)

// colonState gives each test its own state directory: the command history lands there.
func colonState(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	return dir
}

// colonType opens the line on m and types s into it.
func colonType(m *Model, s string) {
	press(m, ":")
	typeText(m, s)
}

// colonEnter presses enter and returns the command the line gave back.
func colonEnter(m *Model) tea.Cmd {
	_, c := m.Update(keyMsg("enter"))
	return c
}

// colonTab presses tab (or shift+tab) and feeds cmdline.Complete's answer back, as the
// program loop would.
func colonTab(t *testing.T, u interface {
	Update(tea.Msg) (tea.Model, tea.Cmd)
}, k string) {
	t.Helper()
	_, c := u.Update(keyMsg(k))
	if c == nil {
		return // the candidates shown cycle without asking again
	}
	msg, ok := c().(colonCompleteMsg)
	if !ok {
		t.Fatalf("%s gave %T, not the completion's answer", k, msg)
	}
	u.Update(msg)
}

// msgsOf runs cmd and the batches in it, returning the messages (commands that wait are
// not run: only the constructors named).
func msgsOf(cmd tea.Cmd, names ...string) []tea.Msg {
	if cmd == nil {
		return nil
	}
	want := map[string]bool{"Batch": true, "Sequence": true}
	for _, n := range names {
		want[n] = true
	}
	if !want[constructor(cmd)] && !immediate[constructor(cmd)] {
		return nil
	}
	msg := cmd()
	if cmds, ok := batchOf(msg); ok {
		var out []tea.Msg
		for _, c := range cmds {
			out = append(out, msgsOf(c, names...)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func TestColonOpensFromNormalModeOnly(t *testing.T) {
	colonState(t)
	m, _ := newTestModel(t, 80, 24)
	press(m, ":")
	if m.mode != modeColon || m.colon == nil {
		t.Fatalf("mode %d after ':', want the command line", m.mode)
	}
	press(m, "esc")
	if m.mode != modeNormal || m.colon != nil {
		t.Fatalf("esc left mode %d", m.mode)
	}
	// In the new-message form ':' is text.
	press(m, "n")
	typeText(m, "a:b")
	if m.mode != modeCompose {
		t.Fatalf("':' in the form left mode %d", m.mode)
	}
	// Several runes in one read: ':' opens the line and the rest is typed into it.
	m2, _ := newTestModel(t, 80, 24)
	m2.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(":help")})
	if m2.mode != modeColon || m2.colon.input.Value() != "help" {
		t.Fatalf("':help' in one read: mode %d, line %q", m2.mode, m2.colon.input.Value())
	}
}

func TestColonBindUnbind(t *testing.T) {
	colonState(t)
	m, fs := newTestModel(t, 80, 24)
	m.Update(statsMsg(scenarioStats())) // bound
	colonType(m, "bind")
	run(m, colonEnter(m))
	if fs.binds != 0 {
		t.Fatalf(":bind while bound bound")
	}
	if m.colon == nil || m.colon.err == nil || !strings.Contains(m.colon.err.Msg, "bound already") {
		t.Fatalf(":bind while bound: want the line kept with an error, got %+v", m.colon)
	}
	press(m, "esc")
	colonType(m, "unbind")
	run(m, colonEnter(m))
	if m.mode != modeNormal || fs.unbinds != 1 || fs.binds != 0 {
		t.Fatalf(":unbind: mode %d, unbinds %d binds %d", m.mode, fs.unbinds, fs.binds)
	}
	st := scenarioStats()
	st.State = 0 // closed
	m.Update(statsMsg(st))
	colonType(m, "bind")
	run(m, colonEnter(m))
	if fs.binds != 1 {
		t.Fatalf(":bind when not bound: binds %d", fs.binds)
	}
}

func TestColonFilterAppliesAndClears(t *testing.T) {
	colonState(t)
	t.Setenv("SMPPCONSOLE_FILTER_HISTORY", "")
	m, _ := newTestModel(t, 80, 24)
	feed(m, scenario()...)
	colonType(m, "filter smpp.command_id == submit_sm_resp")
	run(m, colonEnter(m))
	if m.mode != modeNormal || m.log.filter != "smpp.command_id == submit_sm_resp" {
		t.Fatalf("after :filter: mode %d, filter %q", m.mode, m.log.filter)
	}
	for m.log.scan.active {
		m.log.ScanStep(m.log.scan.gen)
	}
	if n := m.log.n(); n != 2 {
		t.Fatalf(":filter shows %d rows, want the 2 submit_sm_resp", n)
	}
	colonType(m, "filter")
	run(m, colonEnter(m))
	if m.log.filter != "" {
		t.Fatalf(":filter alone left %q", m.log.filter)
	}
}

func TestColonErrorsKeepTheLineWithThePosition(t *testing.T) {
	colonState(t)
	m, _ := newTestModel(t, 80, 24)
	for _, tc := range []struct {
		line string
		pos  int // in the line typed (the prompt ':' is not in it)
		msg  string
	}{
		{"bnid", 0, "bind"},
		{"filter smpp.command_id == ", 25, "filter"}, // the end of the expression
		{"burst --rate fast --count 10", 13, "--rate"},
		{"query", 5, "message id"},
		{"export log.txt", 7, ".pcapng"},
		{"tab b", 4, "one session"}, // run-time refusal, pointed at the argument
		{"open x.pcap", 5, "smppconsole open"},
	} {
		colonType(m, tc.line)
		if c := colonEnter(m); c != nil && m.colon != nil && m.colon.err != nil {
			// a history save is fine; nothing else may run
			for _, msg := range msgsOf(c, "save") {
				if msg != nil {
					t.Errorf("%q: ran %T", tc.line, msg)
				}
			}
		}
		if m.mode != modeColon || m.colon == nil || m.colon.err == nil {
			t.Fatalf("%q: the line closed, or no error", tc.line)
		}
		if m.colon.input.Value() != tc.line {
			t.Errorf("%q: the line became %q, want it kept", tc.line, m.colon.input.Value())
		}
		if e := m.colon.err; e.Pos != tc.pos || !strings.Contains(e.Msg, tc.msg) {
			t.Errorf("%q: error at %d %q, want at %d naming %q", tc.line, e.Pos, e.Msg, tc.pos, tc.msg)
		}
		// The caret sits under the byte at fault (the prompt is one column).
		v := screen(m)
		rows := strings.Split(v, "\n")
		caret := ""
		for i := len(rows) - 1; i >= 0 && caret == ""; i-- {
			if strings.Contains(rows[i], "^") {
				caret = rows[i]
			}
		}
		if i := strings.Index(caret, "^"); i != tc.pos+1 && !strings.Contains(v, "at column") {
			t.Errorf("%q: caret at column %d, want %d:\n%s", tc.line, i, tc.pos+1, v)
		}
		press(m, "esc")
	}
	// Fixing the line clears the error; it then runs.
	colonType(m, "hlep")
	colonEnter(m)
	press(m, "backspace", "backspace", "backspace")
	if m.colon.err != nil {
		t.Fatalf("editing kept the error")
	}
	typeText(m, "elp")
	colonEnter(m)
	if m.colon == nil || m.colon.err != nil || len(m.colon.info) != len(cmdline.Commands()) {
		t.Fatalf("the corrected :help did not list the commands: %+v", m.colon)
	}
	contains(t, screen(m), ":burst FLAGS")
}

func TestColonExportWritesTheLog(t *testing.T) {
	colonState(t)
	m, _ := newTestModel(t, 80, 24)
	feed(m, scenario()...)
	path := filepath.Join(t.TempDir(), "log.jsonl")
	colonType(m, "export "+path)
	msgs := msgsOf(colonEnter(m), "writeExport")
	var done *exportDoneMsg
	for _, msg := range msgs {
		if d, ok := msg.(exportDoneMsg); ok {
			done = &d
		}
	}
	if done == nil || done.err != nil || done.pdus != 10 {
		t.Fatalf(":export: %+v", done)
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), `"submit_sm_resp"`) {
		t.Fatalf("the file: %v %.200s", err, b)
	}
}

func TestColonQueryCancelOpenTheConfirmation(t *testing.T) {
	colonState(t)
	for _, tc := range []struct {
		cmd  string
		id   uint32
		want string
	}{{"query", wire.QuerySM, "query_sm"}, {"cancel", wire.CancelSM, "cancel_sm"}} {
		m, f := newOpsModel(t, 80, 24)
		colonType(m, tc.cmd+" 4F1A0001")
		colonEnter(m)
		if m.mode != modeOp || m.ops.cmd != tc.id || m.ops.stage != opConfirm {
			t.Fatalf(":%s: mode %d op %x stage %d", tc.cmd, m.mode, m.ops.cmd, m.ops.stage)
		}
		tg := m.ops.tgt
		if tg.messageID != "4F1A0001" || tg.source.Addr != "SMPPConsole" || tg.dest.Addr != "447700900123" {
			t.Fatalf(":%s target %+v, want the message with its source and destination from the log", tc.cmd, tg)
		}
		contains(t, screen(m), tc.want)
		if len(f.sent()) != 0 {
			t.Fatalf(":%s sent before the confirmation", tc.cmd)
		}
		// y confirms, as for Q and X.
		_, c := m.Update(keyMsg("y"))
		runOps(m, c)
		if s := f.sent(); len(s) != 1 || s[0].CommandID() != tc.id {
			t.Fatalf(":%s then y sent %v", tc.cmd, s)
		}
	}
	// An id the tab never saw still opens the panel: the SMSC knows its messages.
	m, _ := newOpsModel(t, 80, 24)
	colonType(m, "query ZZ9")
	colonEnter(m)
	if m.mode != modeOp || m.ops.tgt.messageID != "ZZ9" {
		t.Fatalf(":query of an unknown id: mode %d, %+v", m.mode, m.ops.tgt)
	}
}

func TestColonBurstFlagsRefusedInWords(t *testing.T) {
	colonState(t)
	m, _ := newTestModel(t, 80, 24)
	colonType(m, "burst --count 5 --binds 3")
	colonEnter(m)
	if m.colon == nil || m.colon.err == nil || !strings.Contains(m.colon.err.Msg, "--binds") {
		t.Fatalf("--binds: %+v", m.colon)
	}
	press(m, "esc")
	// A fake session is no SMPP client: the run has nothing to send on.
	colonType(m, "burst --count 5")
	colonEnter(m)
	if m.colon == nil || m.colon.err == nil || !strings.Contains(m.colon.err.Msg, "no SMPP session") {
		t.Fatalf("burst on a fake session: %+v", m.colon)
	}
}

func TestColonCompletesCommandsIDsFiltersAndFiles(t *testing.T) {
	colonState(t)
	m, _ := newTestModel(t, 80, 24)
	feed(m, scenario()...)
	// Command names: "b" is bind or burst, shown and cycled.
	colonType(m, "b")
	colonTab(t, m, "tab")
	if got := m.colon.comp.cands; strings.Join(got, ",") != "bind,burst" {
		t.Fatalf("candidates %v", got)
	}
	if v := m.colon.input.Value(); v != "bind" {
		t.Fatalf("first tab put %q", v)
	}
	colonTab(t, m, "tab")
	if v := m.colon.input.Value(); v != "burst" {
		t.Fatalf("second tab put %q", v)
	}
	contains(t, screen(m), "[burst]")
	press(m, "esc")
	// Message ids, newest first, from the receipts and the log.
	colonType(m, "query ")
	colonTab(t, m, "tab")
	if v := m.colon.input.Value(); v != "query 4F1A0001" {
		t.Fatalf("message id completion put %q", v)
	}
	press(m, "esc")
	// Filter fields, through cmdline and filter.
	colonType(m, "filter smpp.command_i")
	colonTab(t, m, "tab")
	if v := m.colon.input.Value(); v != "filter smpp.command_id" {
		t.Fatalf("filter completion put %q", v)
	}
	press(m, "esc")
	// Burst flags.
	colonType(m, "burst --cou")
	colonTab(t, m, "tab")
	if v := m.colon.input.Value(); v != "burst --count" {
		t.Fatalf("flag completion put %q", v)
	}
	press(m, "esc")
	// Nothing to complete: said on the line.
	colonType(m, "bind ")
	colonTab(t, m, "tab")
	if m.colon.err == nil || !strings.Contains(m.colon.err.Msg, "nothing to complete") {
		t.Fatalf("no candidates: %+v", m.colon.err)
	}
	// A late answer for text since changed is dropped.
	press(m, "esc")
	colonType(m, "b")
	_, c := m.Update(keyMsg("tab"))
	typeText(m, "u")
	m.Update(c())
	if v := m.colon.input.Value(); v != "bu" {
		t.Fatalf("a late completion overwrote the text: %q", v)
	}
	// Enter pressed before the completion is in runs what it completes.
	press(m, "esc")
	colonType(m, "hel")
	_, c = m.Update(keyMsg("tab"))
	m.Update(keyMsg("enter"))
	if m.colon.info != nil {
		t.Fatalf("enter ran before the completion came in")
	}
	m.Update(c())
	if m.colon == nil || len(m.colon.info) == 0 {
		t.Fatalf("enter during the completion did not run :help once it came: %+v", m.colon)
	}
}

func TestColonHistoryAcrossARestart(t *testing.T) {
	dir := colonState(t)
	m, _ := newTestModel(t, 80, 24)
	colonType(m, "help")
	for _, msg := range msgsOf(colonEnter(m), "save") {
		if msg != nil {
			t.Fatalf("saving: %v", msg)
		}
	}
	press(m, "esc")
	colonType(m, "filter dir == in")
	msgsOf(colonEnter(m), "save")
	path := filepath.Join(dir, "smppconsole", "commands")
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("history file: %v %v", err, fi)
	}
	// A new console reads it back: up recalls the newest first, down comes back.
	m2, _ := newTestModel(t, 80, 24)
	colonType(m2, "q")
	press(m2, "up")
	if v := m2.colon.input.Value(); v != "filter dir == in" {
		t.Fatalf("up after a restart: %q", v)
	}
	press(m2, "up")
	if v := m2.colon.input.Value(); v != "help" {
		t.Fatalf("second up: %q", v)
	}
	press(m2, "up") // no older line: stays
	press(m2, "down", "down")
	if v := m2.colon.input.Value(); v != "q" {
		t.Fatalf("down past the newest: %q, want the typed text back", v)
	}
}

func TestColonUnreadableHistoryIsSaid(t *testing.T) {
	dir := colonState(t)
	path := filepath.Join(dir, "smppconsole", "commands")
	if err := os.MkdirAll(path, 0o700); err != nil { // a directory where the file goes
		t.Fatal(err)
	}
	m, _ := newTestModel(t, 80, 24)
	press(m, ":")
	contains(t, screen(m), "command history")
}

// colonConnector opens tabs on fake sessions.
type colonConnector struct{ profiles []string }

func (f colonConnector) Profiles() []string { return f.profiles }
func (f colonConnector) Open(_ context.Context, r TabRequest) (TabSession, error) {
	name := r.Profile
	if r.Simulator {
		name = "simulator"
	}
	return TabSession{Name: name, Options: Options{Session: newFakeSession(), Label: name, Now: fixedNow, Location: time.UTC,
		Defaults: message.Message{Source: message.Address{Addr: "SMPPConsole"}}}}, nil
}

// newColonApp is an App with tabs a and b open (of profiles a, b and c), sized w×h.
func newColonApp(t *testing.T, w, h int) *App {
	t.Helper()
	a := NewApp(context.Background(), Options{Connector: colonConnector{profiles: []string{"a", "b", "c"}},
		Tabs: []TabRequest{{Profile: "a"}, {Profile: "b"}}, Now: fixedNow, Location: time.UTC})
	t.Cleanup(a.Shutdown)
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	for _, msg := range msgsOf(a.Init(), "connect") {
		a.Update(msg)
	}
	if len(a.tabs) != 2 || a.tabs[0].m == nil || a.tabs[1].m == nil {
		t.Fatalf("tabs not open")
	}
	return a
}

func appType(a *App, s string) {
	for _, r := range s {
		a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func TestColonOverTheApp(t *testing.T) {
	colonState(t)
	a := newColonApp(t, 80, 24)
	a.SwitchTo("1")
	appType(a, ":")
	if _, ok := a.overlay.(*colonOverlay); !ok {
		t.Fatalf("':' over the App opened %T", a.overlay)
	}
	// Profile and tab names complete.
	appType(a, "tab ")
	colonTab(t, a, "tab")
	if got := a.overlay.(*colonOverlay).c.comp.cands; strings.Join(got, ",") != "a,b,c,simulator" {
		t.Fatalf("tab candidates %v", got)
	}
	contains(t, a.View(), "[a]")
	a.Update(keyMsg("esc"))
	// :tab NAME goes to an open tab.
	appType(a, ":tab b")
	a.Update(keyMsg("enter"))
	if a.overlay != nil || a.front().name != "b" {
		t.Fatalf(":tab b: overlay %v, front %q", a.overlay, a.front().name)
	}
	// A profile not open yet opens in a new tab.
	appType(a, ":tab c")
	_, c := a.Update(keyMsg("enter"))
	for _, msg := range msgsOf(c, "connect") {
		a.Update(msg)
	}
	if len(a.tabs) != 3 || a.front().name != "c" || a.Active() == nil {
		t.Fatalf(":tab c: %d tabs, front %q", len(a.tabs), a.front().name)
	}
	// An unknown name is refused in words, the line kept.
	appType(a, ":tab zz")
	a.Update(keyMsg("enter"))
	o, ok := a.overlay.(*colonOverlay)
	if !ok || o.c.err == nil || !strings.Contains(o.c.err.Msg, `no tab or profile "zz"`) || o.c.err.Pos != 4 {
		t.Fatalf(":tab zz: %+v", a.overlay)
	}
	a.Update(keyMsg("esc"))
	// Commands act on the tab in front: :unbind reaches tab c's session, and what the
	// command returns comes back tagged for that tab.
	fs := a.front().sess.Options.Session.(*fakeSession)
	a.Active().Update(statsMsg(scenarioStats()))
	appType(a, ":unbind")
	_, c = a.Update(keyMsg("enter"))
	for _, msg := range msgsOf(c, "wrapCmd") {
		if tm, ok := msg.(tabMsg); ok {
			a.Update(tm)
		}
	}
	if fs.unbinds != 1 {
		t.Fatalf(":unbind over the App: unbinds %d", fs.unbinds)
	}
	// :filter applies to the tab in front only.
	appType(a, ":filter dir == in")
	a.Update(keyMsg("enter"))
	if a.Active().log.filter != "dir == in" || a.tabs[0].m.log.filter != "" {
		t.Fatalf(":filter: front %q, tab a %q", a.Active().log.filter, a.tabs[0].m.log.filter)
	}
	// In a text input (the filter prompt), ':' is text and the App keeps its hands off.
	appType(a, "/:")
	if a.overlay != nil || a.Active().log.input.Value() != "dir == in:" {
		t.Fatalf("':' in the filter prompt: overlay %v, prompt %q", a.overlay, a.Active().log.input.Value())
	}
	a.Update(keyMsg("esc"))
	// :quit quits.
	appType(a, ":quit")
	_, c = a.Update(keyMsg("enter"))
	found := false
	for _, msg := range msgsOf(c, "Quit") {
		if _, ok := msg.(tea.QuitMsg); ok {
			found = true
		}
	}
	if !found {
		t.Fatalf(":quit did not quit: overlay %+v, cmd %v", a.overlay, c != nil)
	}
}

// Keys read together (tmux send-keys, a script, SSH) open the line with ':' and the
// rest is the line's text, over the App as over one Model.
func TestColonOverTheAppKeysInOneRead(t *testing.T) {
	colonState(t)
	// "tab" in one read is text, not the tab key (the keymap matches a key's string).
	m, _ := newTestModel(t, 80, 24)
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(":tab")})
	if m.colon == nil || m.colon.input.Value() != "tab" || m.colon.pending {
		t.Fatalf("':tab' in one read over a Model: %+v", m.colon)
	}
	a := newColonApp(t, 80, 24)
	a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(":tab ")})
	o, ok := a.overlay.(*colonOverlay)
	if !ok || o.c.input.Value() != "tab " {
		t.Fatalf("':tab ' in one read: overlay %T, line %q", a.overlay, func() string {
			if ok {
				return o.c.input.Value()
			}
			return ""
		}())
	}
	colonTab(t, a, "tab")
	if got := strings.Join(o.c.comp.cands, ","); got != "a,b,c,simulator" {
		t.Fatalf("candidates %s", got)
	}
}
