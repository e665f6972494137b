package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/config"
)

// The connection form's "save as profile" (ctrl+p): the name asked in the footer (the
// tab's by default), then, when there is a password and no password_env, whether to
// write it in clear (no by default); config.SaveProfile runs in a command, and its
// outcome (the file, created or tightened, and the password's fate) is said in the footer.

// connSavedMsg is config.SaveProfile's outcome.
type connSavedMsg struct {
	form *connForm
	name string
	res  config.SaveResult
	err  error
	pw   bool // the password was written
}

// startSaveAs asks for the profile's name, the tab's by default.
func (f *connForm) startSaveAs() tea.Cmd {
	f.check()
	if f.problems() > 0 {
		f.refuse("written")
		return nil
	}
	if f.saving {
		return nil
	}
	f.ask, f.status, f.bad = askName, "", false
	name := f.base.Name
	if name == "" {
		name = f.tab // the simulator's, or host:port: the operator may keep it
	}
	f.name.SetValue(name)
	f.name.CursorEnd()
	for i := range f.inputs {
		f.inputs[i].Blur()
	}
	return f.name.Focus()
}

// endAsk puts the keys back in the form.
func (f *connForm) endAsk() tea.Cmd {
	f.ask = askNothing
	f.name.Blur()
	return f.focusOn(f.focus)
}

func (f *connForm) askNameKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, f.keys.Cancel):
		f.status, f.bad = "not written", false
		return f.endAsk()
	case key.Matches(k, f.keys.Confirm):
		name := strings.TrimSpace(f.name.Value())
		if msg := connProfileNameProblem(name); msg != "" {
			f.status, f.bad = msg, true
			return nil
		}
		f.name.SetValue(name)
		f.status, f.bad = "", false
		if f.prof.Password != "" && f.prof.PasswordEnv == "" {
			f.ask = askPassword
			f.name.Blur()
			return nil
		}
		return tea.Batch(f.endAsk(), f.write(false))
	}
	var cmd tea.Cmd
	f.name, cmd = f.name.Update(k)
	return cmd
}

// connProfileNameProblem says why name cannot name a [profiles.NAME] table, or "".
func connProfileNameProblem(name string) string {
	if name == "" {
		return "a profile needs a name"
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || r == '"' || r == '\\' {
			return fmt.Sprintf("%q: a profile name cannot hold quotes, backslashes or control characters", name)
		}
	}
	return ""
}

func (f *connForm) askPasswordKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, f.keys.Yes):
		return tea.Batch(f.endAsk(), f.write(true))
	case key.Matches(k, f.keys.No):
		return tea.Batch(f.endAsk(), f.write(false))
	}
	return nil
}

// write runs config.SaveProfile in a command: it touches the disk.
func (f *connForm) write(password bool) tea.Cmd {
	p := f.prof
	p.Name = f.name.Value()
	path := f.path
	f.saving = true
	f.status, f.bad = "writing "+path+"…", false
	return func() tea.Msg {
		res, err := config.SaveProfile(path, p, config.SaveOptions{WritePassword: password})
		return connSavedMsg{form: f, name: p.Name, res: res, err: err, pw: password}
	}
}

// saved puts a save's outcome in the footer: where, what became of the file, and what
// became of the password.
func (f *connForm) saved(m connSavedMsg) {
	f.saving = false
	if m.err != nil {
		f.status, f.bad = fmt.Sprintf("profile %q not written: %v", m.name, m.err), true
		return
	}
	// The connection is that profile now: a tab it opens or rebinds is named after it.
	f.base.Name = m.name
	path := m.res.Path
	if path == "" {
		path = f.path
	}
	var notes []string
	if m.res.Created {
		notes = append(notes, "created, mode 0600")
	}
	if m.res.Tightened {
		notes = append(notes, "mode tightened to 0600")
	}
	if len(m.res.Removed) > 0 {
		notes = append(notes, "removed "+strings.Join(m.res.Removed, ", "))
	}
	switch {
	case m.pw:
		notes = append(notes, "password written in clear")
	case f.prof.PasswordEnv != "":
		notes = append(notes, "password from $"+f.prof.PasswordEnv)
	case f.prof.Password != "":
		notes = append(notes, "password not written")
	}
	s := fmt.Sprintf("saved [profiles.%s] to %s", m.name, path)
	if len(notes) > 0 {
		s += " (" + strings.Join(notes, "; ") + ")"
	}
	f.status, f.bad = s, false
}
