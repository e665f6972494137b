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
	return a, cmd
}

func (a *App) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tabMsg:
		t := a.find(msg.id)
		if t == nil || t.m == nil || msg.gen != t.gen {
			return nil // a closed tab's, or the session it had before a rebind
		}
		if ev, ok := msg.msg.(eventsMsg); ok {
			a.all.feed(t, ev.events)
		}
		a.frame.dirty(t)
		return a.toTab(t, msg.msg)
	case tabOpenedMsg:
		return a.onOpened(msg)
	case tea.WindowSizeMsg:
		a.w, a.h = msg.Width, msg.Height
		a.frame.reset()
		var cmds []tea.Cmd
		inner := a.tabSize()
		for _, t := range a.tabs {
			if t.m != nil {
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
		done, cmd := a.overlay.Update(a, msg)
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
		_, c := a.all.m.Update(msg)
		return c
	}
	if t := a.front(); t != nil && t.m != nil {
		return a.toTab(t, msg)
	}
	return nil
}

// toTab hands msg to t's Model and tags what it returns as t's.
func (a *App) toTab(t *tab, msg tea.Msg) tea.Cmd {
	_, cmd := t.m.Update(msg)
	return wrapCmd(t.id, t.gen, cmd)
}

func (a *App) tabSize() tea.WindowSizeMsg {
	return tea.WindowSizeMsg{Width: a.w, Height: max(a.h-tabBarHeight, 1)}
}

// onKey: a pending close's answer, the App's keys unless the tab in front is typing,
// then the tab (or the all view).
func (a *App) onKey(k tea.KeyMsg) tea.Cmd {
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
			return a.openColon(nil)
		case (m == nil || m.mode == modeNormal) && severalRunes(k) && k.Runes[0] == ':':
			return a.openColon(k.Runes[1:]) // ":" and what was typed after it in the same read
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
		}
	}
	if m == nil {
		if key.Matches(k, a.keys.quitAll()) || key.Matches(k, a.keys.Close) && front != nil {
			if front != nil {
				return a.closeTab(front) // opening, or failed: nothing in flight
			}
			return a.quit()
		}
		return nil
	}
	if a.showAll {
		if m.readOnlyKey(k) {
			m.setFlash("the all view only shows: go to a tab (1…9) to send or bind", true)
			return nil
		}
		_, c := m.Update(k)
		return c
	}
	return a.toTab(front, k)
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
	t.sess, t.err = msg.sess, nil
	if msg.sess.Name != "" {
		t.name = msg.sess.Name
	}
	first := len(a.tabs) > 0 && a.tabs[0] == t
	t.m = newModel(a.ctx, a.tabOptions(msg.sess.Options, first))
	cmds := []tea.Cmd{wrapCmd(t.id, t.gen, t.m.Init())}
	if a.w > 0 {
		cmds = append(cmds, a.toTab(t, a.tabSize()))
	}
	return tea.Batch(cmds...)
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
		t.name = s.Name
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
	m.status = newStatusBar(m.styles, o.Now, o.Label, o.Simulator, m.keys.Dismiss, o.Journal)
	m.status.loc = o.Location
	m.status.SetSize(m.w, 0)
	m.statusDirty = true
	m.log.pushStory(m.now(), "", "** rebound to "+describe(s), rowState)
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
