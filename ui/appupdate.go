package ui

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The App's routing: a tab's tagged messages to that tab, keys to the overlay, the App or
// the tab in front, sizes to every tab; and closing tabs.

// teaPkg is Bubble Tea's own package: its messages (quit, batches, sequences, screen
// control) are the program's, never a tab's.
var teaPkg = reflect.TypeOf(tea.QuitMsg{}).PkgPath()

var cmdType = reflect.TypeOf(tea.Cmd(nil))

// wrapCmd tags what cmd returns as tab id's (generation gen). A batch or a sequence is a
// list of commands, each wrapped in turn; the program's own messages (tea.Quit, screen
// control) pass untouched.
func wrapCmd(id, gen int, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		return wrapMsg(id, gen, cmd())
	}
}

func wrapMsg(id, gen int, msg tea.Msg) tea.Msg {
	if msg == nil {
		return nil
	}
	v := reflect.ValueOf(msg)
	if v.Type().PkgPath() != teaPkg {
		return tabMsg{id: id, gen: gen, msg: msg}
	}
	// tea.BatchMsg and Bubble Tea's unexported sequenceMsg: rebuilt, same type, each
	// command wrapped.
	if v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			if w := wrapCmd(id, gen, c); w != nil {
				out.Index(i).Set(reflect.ValueOf(w))
			}
		}
		return out.Interface()
	}
	return msg
}

// Update routes one message.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	a.opts.Debug.Log(msg)
	cmd := a.update(msg)
	a.syncFront()
	return a, cmd
}

// syncFront marks the tabs behind as hidden, so they draw nothing ahead of time (their
// log rows are dissected when they come to the front), and settles the one that came.
func (a *App) syncFront() {
	for i, t := range a.tabs {
		if t.m == nil {
			continue
		}
		hidden := a.showAll || i != a.active
		if t.m.hidden && !hidden {
			t.m.hidden = false
			t.m.settle()
			continue
		}
		t.m.hidden = hidden
	}
	if a.all.m.hidden == a.showAll {
		a.all.m.hidden = !a.showAll
		if a.showAll {
			a.all.m.settle()
		}
	}
}

func (a *App) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tabMsg:
		if msg.id == allID {
			a.frame.reset()
			return a.toAll(msg.msg)
		}
		t := a.find(msg.id)
		if t == nil || t.m == nil || msg.gen != t.gen {
			return nil // a closed tab's, or the session it had before a rebind
		}
		var scan tea.Cmd
		if ev, ok := msg.msg.(eventsMsg); ok && (t.file == nil || t.feedAll) {
			scan = a.all.feed(t, ev.events)
		}
		a.frame.dirty(t)
		return tea.Batch(a.toTab(t, msg.msg), scan)
	case tabOpenedMsg:
		return a.onOpened(msg)
	case tea.WindowSizeMsg:
		a.w, a.h = msg.Width, msg.Height
		a.frame.reset()
		var cmds []tea.Cmd
		inner := a.tabSize()
		for _, t := range a.tabs {
			if t.m != nil || t.file != nil {
				cmds = append(cmds, a.toTab(t, inner))
			}
		}
		a.all.m.Update(inner)
		return tea.Batch(cmds...)
	}
	a.frame.reset()
	if a.overlay != nil {
		if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, a.keys.quitAll()) {
			return a.quit()
		}
		done, cmd := a.overlay.Update(a, asTextMsg(msg)) // the form, the : line: runes read together are text
		if done {
			a.overlay = nil
			if len(a.tabs) == 0 {
				// The last tab closed: the picker stays, there is nothing under it.
				return tea.Batch(cmd, a.Show(newTabPicker(a)))
			}
		}
		return cmd
	}
	if k, ok := msg.(tea.KeyMsg); ok {
		return a.onKey(k)
	}
	// Anything else (a cursor blink) is the view in front's.
	if a.showAll {
		return a.toAll(msg)
	}
	if t := a.front(); t != nil && t.m != nil {
		return a.toTab(t, msg)
	}
	return nil
}

// toTab hands msg to t's Model and tags what it returns as t's.
func (a *App) toTab(t *tab, msg tea.Msg) tea.Cmd {
	if t.file != nil {
		_, cmd := t.file.Update(msg)
		a.syncFile(t)
		return wrapCmd(t.id, t.gen, cmd)
	}
	_, cmd := t.m.Update(msg)
	return wrapCmd(t.id, t.gen, cmd)
}

// allID tags the all view's own commands (tabs count from 1).
const allID = 0

func (a *App) toAll(msg tea.Msg) tea.Cmd {
	_, cmd := a.all.m.Update(msg)
	return wrapCmd(allID, 0, cmd)
}

func (a *App) tabSize() tea.WindowSizeMsg {
	return tea.WindowSizeMsg{Width: a.w, Height: max(a.h-tabBarHeight, 1)}
}

// onKey: a pending close's answer, the App's keys unless the tab in front is typing,
// then the tab (or the all view).
func (a *App) onKey(k tea.KeyMsg) tea.Cmd {
	if severalRunes(k) && !a.typing() {
		// Keys read together (a script, SSH): each is a key, seeing what the one before did.
		var cmds []tea.Cmd
		for i, r := range k.Runes {
			if a.overlay != nil {
				// A key opened an overlay (':' the command line): the rest is its text.
				cmds = append(cmds, a.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: k.Runes[i:], Alt: k.Alt, Paste: k.Paste}))
				break
			}
			if a.typing() {
				cmds = append(cmds, a.onKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: k.Runes[i:], Alt: k.Alt, Paste: k.Paste}))
				break
			}
			one := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: k.Alt}
			if r == ' ' {
				one.Type = tea.KeySpace
			}
			cmds = append(cmds, a.onKey(one))
		}
		return tea.Sequence(cmds...)
	}
	a.notice = ""
	if t := a.confirm; t != nil {
		a.confirm = nil
		if key.Matches(k, a.keys.Yes) {
			return a.closeTab(t)
		}
		a.Say("kept "+t.name+" open", false)
		return nil
	}
	front := a.front()
	var m *Model
	switch {
	case a.showAll:
		m = a.all.m
	case front != nil:
		m = front.m
	}
	typing := m != nil && m.Typing()
	if !typing && (m == nil || m.mode == modeNormal || m.mode == modeDetail || m.mode == modeStats) {
		switch {
		case (m == nil || m.mode == modeNormal) && key.Matches(k, colonOpenKey):
			return a.openColon()
		case key.Matches(k, a.keys.Picker):
			return a.Show(newTabPicker(a))
		case key.Matches(k, a.keys.All):
			a.SwitchTo("0")
			return nil
		case key.Matches(k, a.keys.Tab):
			if !a.SwitchTo(k.String()) {
				a.Say(fmt.Sprintf("no tab %s: %d open (ctrl+t opens one)", k.String(), len(a.tabs)), true)
			}
			return nil
		case key.Matches(k, a.keys.Close) && !a.showAll && front != nil:
			return a.askClose(front)
		case key.Matches(k, a.keys.Edit) && !a.showAll && front != nil:
			if front.file != nil {
				a.Say(front.name+" is a capture, read-only: it has no connection to edit (ctrl+t opens one)", true)
				return nil
			}
			return a.Show(newConnOverlay(a, front))
		}
	}
	if m == nil && front != nil && front.file != nil && !a.showAll {
		return a.toTab(front, k) // the file's conversation picker
	}
	if m == nil {
		// A tab that is opening or failed to: nothing in flight to ask about.
		switch {
		case key.Matches(k, a.keys.Close) && front != nil:
			return a.closeTab(front)
		case key.Matches(k, a.keys.quitAll()) || k.String() == "q":
			return a.quit()
		}
		return nil
	}
	if a.showAll {
		if m.readOnlyKey(k) {
			m.setFlash("the all view only shows: go to a tab (1…9) to send or bind", true)
			return nil
		}
		return a.toAll(k)
	}
	return a.toTab(front, k)
}

// typing reports whether the view in front has a text input with the keys.
func (a *App) typing() bool {
	if a.showAll {
		return a.all.m.Typing()
	}
	if m := a.Active(); m != nil {
		return m.Typing()
	}
	return false
}

// askClose closes t, asking first when it has messages in flight.
func (a *App) askClose(t *tab) tea.Cmd {
	if t.m != nil {
		inFlight := t.m.status.stats.InFlight
		burst := t.m.load.running()
		if inFlight > 0 || burst {
			what := fmt.Sprintf("%d messages in flight", inFlight)
			if burst {
				what = "a burst running, " + what
			}
			a.confirm = t
			t.m.setFlash(fmt.Sprintf("%s on %s: close it anyway? y closes, any other key keeps it", what, t.name), true)
			return nil
		}
	}
	return a.closeTab(t)
}

// closeTab takes t out of the bar at once and closes its session in the background (an
// unbind waits for its response); Shutdown waits for it.
func (a *App) closeTab(t *tab) tea.Cmd {
	i := a.index(t)
	if i < 0 {
		return nil
	}
	a.tabs = append(a.tabs[:i], a.tabs[i+1:]...)
	if a.active >= len(a.tabs) || a.active > i {
		a.active = max(a.active-1, 0)
	}
	a.release(t)
	a.frame.reset()
	if len(a.tabs) == 0 {
		a.showAll = false
		return a.Show(newTabPicker(a))
	}
	a.Say("closed "+t.name, false)
	return nil
}

// release stops t's Model and closes its session once, in the background.
func (a *App) release(t *tab) {
	if t.m != nil {
		t.m.load.stop()
		t.m.stop()
	}
	if c := t.sess.Close; c != nil {
		t.sess.Close = nil
		a.closing.Add(1)
		go func() {
			defer a.closing.Done()
			c()
		}()
	}
}

func (a *App) index(t *tab) int {
	for i, x := range a.tabs {
		if x == t {
			return i
		}
	}
	return -1
}

// quit ends the program; Shutdown (after the program) closes every tab's session.
func (a *App) quit() tea.Cmd { return tea.Quit }

// Shutdown stops every tab and closes its session, and waits for the closes begun
// before (ctrl+w) to finish. Run calls it once the program has ended.
func (a *App) Shutdown() {
	for _, t := range a.tabs {
		a.release(t)
	}
	a.all.m.stop()
	a.stop()
	a.closing.Wait()
}

// onOpened puts an opened session into its tab: a new Model, or for a rebind the tab's
// Model on the new session.
func (a *App) onOpened(msg tabOpenedMsg) tea.Cmd {
	t := a.find(msg.id)
	if t == nil || msg.gen != t.gen {
		// Closed while it opened: nobody will show this session.
		if c := msg.sess.Close; c != nil && msg.err == nil {
			a.closing.Add(1)
			go func() { defer a.closing.Done(); c() }()
		}
		return nil
	}
	a.frame.reset()
	if msg.err != nil {
		if msg.rebind && t.m != nil {
			t.m.setFlash("rebind failed: "+msg.err.Error(), true)
			return nil
		}
		t.err = msg.err
		return nil
	}
	if msg.rebind && t.m != nil {
		return a.rebound(t, msg.sess)
	}
	if t.req.File != "" {
		return a.openedFile(t, msg.sess)
	}
	t.sess, t.err = msg.sess, nil
	if n := msg.sess.Name; n != "" && n != t.req.name() {
		t.name = a.uniqueName(t, n)
	}
	first := len(a.tabs) > 0 && a.tabs[0] == t
	t.m = newModel(a.ctx, a.tabOptions(msg.sess.Options, first))
	t.m.help.tabs = true
	cmds := []tea.Cmd{wrapCmd(t.id, t.gen, t.m.Init())}
	if a.w > 0 {
		cmds = append(cmds, a.toTab(t, a.tabSize()))
	}
	return tea.Batch(cmds...)
}

// uniqueName is name, or "name 2", "name 3"… when another tab has it: a tab is found by
// its name (SwitchTo, :tab).
func (a *App) uniqueName(t *tab, name string) string {
	taken := func(n string) bool {
		for _, x := range a.tabs {
			if x != t && x.name == n {
				return true
			}
		}
		return false
	}
	out := name
	for i := 2; taken(out); i++ {
		out = fmt.Sprintf("%s %d", name, i)
	}
	return out
}

// tabOptions are a tab's options: its session's, with the console's own (terminal,
// clock, log size, secrets) from the App's.
func (a *App) tabOptions(o Options, first bool) Options {
	g := a.opts
	o.LogSize, o.ShowSecrets, o.Now, o.Location, o.NoColor = g.LogSize, g.ShowSecrets, g.Now, g.Location, g.NoColor
	o.Output, o.Term, o.Input, o.Debug = g.Output, g.Term, nil, nil
	if first && g.Notice != "" {
		o.Notice = strings.TrimPrefix(o.Notice+"; "+g.Notice, "; ")
	}
	return o
}

// rebound moves t's Model onto a new session: the old one's relay ends with its
// context, its late messages are dropped by generation, and it is closed.
func (a *App) rebound(t *tab, s TabSession) tea.Cmd {
	old := *t
	t.gen++
	t.sess = s
	if s.Name != "" {
		t.name = a.uniqueName(t, s.Name)
	}
	m := t.m
	m.load.stop()
	m.stop()
	old.m = nil
	a.release(&old)
	o := a.tabOptions(s.Options, false)
	o.Notice = ""
	m.opts = o
	m.sess = o.Session
	m.closed = false
	m.ctx, m.stop = context.WithCancel(a.ctx)
	if o.Output != nil {
		m.out = lockOutput(o.Output)
	}
	m.status = newStatusBar(m.styles, m.now, o.Label, o.Simulator, m.keys.Dismiss, o.Journal) // the tab's clock: o.Now is nil on the real one
	m.status.loc = o.Location
	m.status.SetSize(m.w, 0)
	m.statusDirty = true
	m.log.pushStory(m.now(), "", "rebound to "+describe(s), rowState)
	m.log.appended()
	cmds := []tea.Cmd{wrapCmd(t.id, t.gen, m.Init())}
	if a.w > 0 {
		cmds = append(cmds, a.toTab(t, a.tabSize()))
	}
	return tea.Batch(cmds...)
}

// describe names a session for the rebound row: its name and where it goes.
func describe(s TabSession) string {
	addr := s.Profile.Addr()
	if s.Name == "" || s.Name == addr {
		return addr
	}
	return s.Name + " (" + addr + ")"
}

// quitAll is ctrl+c: it quits from anywhere, an overlay included.
func (k appKeys) quitAll() key.Binding { return key.NewBinding(key.WithKeys("ctrl+c")) }
