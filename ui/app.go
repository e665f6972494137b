package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/ui/keys"
)

// The App is the root of a console with tabs: each tab is a Model on its own session
// (its own log, receipts, MO and load panel), a tab bar shows them all, the "all" view
// merges their logs, and App-level overlays (the tab picker, the connection form, the
// command line) sit over the active tab. Each tab's commands come back tagged with the
// tab, so a tab's messages reach that tab whichever one is in view.

// Connector opens the sessions of new tabs; cmd provides it (profiles resolved as the TUI
// resolves them, the embedded simulator started once and shared, a journal per tab, one
// smppclient.ReceiptShare per system_id + SMSC address).
type Connector interface {
	Profiles() []string // the config file's profile names, in file order
	Open(ctx context.Context, req TabRequest) (TabSession, error)
}

// TabRequest says what a tab connects to, or shows: one of the four.
type TabRequest struct {
	Profile   string          // a profile of the config file, or
	Simulator bool            // the embedded simulator, or
	Custom    *config.Profile // a connection from the connection form, or
	File      string          // a pcap or pcapng capture (a journal), shown read-only (:open)
}

// name is what the tab is called until its session names it.
func (r TabRequest) name() string {
	switch {
	case r.Simulator:
		return "simulator"
	case r.Custom != nil:
		if r.Custom.Name != "" {
			return r.Custom.Name
		}
		return r.Custom.Addr()
	case r.File != "":
		return filepath.Base(r.File)
	}
	return r.Profile
}

// TabSession is an opened tab's session and how to show it.
type TabSession struct {
	Name    string         // the tab's name: profile name, "simulator", or host:port
	Options Options        // Session, Label, Defaults, Simulator, SendMO, Journal, …
	Profile config.Profile // as resolved (password never shown)
	Close   func()         // unbinds politely and closes the session; the tab calls it once
	// Recorded, for a File, are the capture's conversations (Options.Session is nil, and
	// Options.Notice says where a damaged file stopped): the tab shows them read-only as
	// `smppconsole open` does, with its conversation picker when there are several.
	Recorded []Recorded
}

// tab is one tab: its Model once the session is open, before that what it is opening.
type tab struct {
	id   int // for routing: a closed tab's late messages find no tab
	gen  int // bumped when the tab rebinds: the old session's late messages are dropped
	name string
	req  TabRequest
	m    *Model     // nil while opening, or when opening failed, or a file's picker is shown
	file *OpenModel // a capture's tab: its picker and the console on the conversation picked (m)
	sess TabSession
	err  error // why opening failed
	// A file's: the conversations opened before, and whether the one shown feeds the
	// all view (the first time it is opened).
	seen    map[int]bool
	feedAll bool
}

// tabMsg is a message of one tab's command, tagged so it goes back to that tab.
type tabMsg struct {
	id, gen int
	msg     tea.Msg
}

// tabOpenedMsg is Connector.Open's answer for a tab.
type tabOpenedMsg struct {
	id, gen int
	rebind  bool
	sess    TabSession
	err     error
}

// App is the root: tabs, the tab bar, the "all" merged view, App-level overlays.
type App struct {
	ctx  context.Context
	stop context.CancelFunc
	opts Options
	conn Connector
	st   *Styles
	keys appKeys

	tabs    []*tab
	active  int  // index into tabs
	showAll bool // the "all" view is in front
	all     *merged
	overlay Overlay
	confirm *tab // ctrl+w asked: the tab waiting for y
	nextID  int
	w, h    int
	notice  string // the App's one-line word in the tab bar's place of the tab's footer

	closing sync.WaitGroup // sessions being closed in the background
	frame   frameCache
}

// NewApp builds the root over o.Connector, opening o.Tabs (when run) in order; with no
// tabs the picker is open.
func NewApp(ctx context.Context, o Options) *App {
	if ctx == nil {
		ctx = context.Background()
	}
	st := DefaultStyles(o.NoColor)
	a := &App{opts: o, conn: o.Connector, st: &st, keys: defaultAppKeys()}
	a.ctx, a.stop = context.WithCancel(ctx)
	a.all = newMerged(a)
	return a
}

// Init opens the start-up tabs, or the picker when there are none.
func (a *App) Init() tea.Cmd {
	var cmds []tea.Cmd
	for i, r := range a.opts.Tabs {
		cmds = append(cmds, a.openTab(r, i == 0))
	}
	if len(a.tabs) == 0 {
		cmds = append(cmds, a.Show(newTabPicker(a)))
	}
	return tea.Batch(cmds...)
}

// Active is the tab in front (under the "all" view, the one it came from); nil while
// it is opening or when there is none.
func (a *App) Active() *Model {
	if a.active < 0 || a.active >= len(a.tabs) {
		return nil
	}
	return a.tabs[a.active].m
}

// OpenTab opens a tab for req (asynchronously: Connector.Open runs in a Cmd) and switches to it.
func (a *App) OpenTab(req TabRequest) tea.Cmd { return a.openTab(req, true) }

func (a *App) openTab(req TabRequest, front bool) tea.Cmd {
	a.nextID++
	t := &tab{id: a.nextID, req: req}
	// Named now, in the order asked: the sessions open concurrently.
	t.name = a.uniqueName(t, req.name())
	a.tabs = append(a.tabs, t)
	if front || len(a.tabs) == 1 {
		a.active, a.showAll = len(a.tabs)-1, false
	}
	return a.connect(t, req, false)
}

func (a *App) connect(t *tab, req TabRequest, rebind bool) tea.Cmd {
	if a.conn == nil {
		t.err = errNoConnector
		return nil
	}
	ctx, conn, id, gen := a.ctx, a.conn, t.id, t.gen
	return func() tea.Msg {
		s, err := conn.Open(ctx, req)
		return tabOpenedMsg{id: id, gen: gen, rebind: rebind, sess: s, err: err}
	}
}

var errNoConnector = fmt.Errorf("this console opens no other sessions (no connector)")

// Rebind replaces the active tab's session with one for p (the connection form's save):
// the old session is unbound and closed, the tab keeps its place; its log keeps the old
// PDUs with a "** rebound to …" story row.
func (a *App) Rebind(p config.Profile) tea.Cmd {
	t := a.front()
	if t == nil {
		return a.OpenTab(TabRequest{Custom: &p})
	}
	return a.connect(t, TabRequest{Custom: &p}, true)
}

// SwitchTo brings a tab to the front by its name or its number "1".."9" ("0": the all
// view); false when there is no such tab.
func (a *App) SwitchTo(name string) bool {
	if name == "0" || name == allName {
		a.showAll = true
		a.all.show()
		return true
	}
	if len(name) == 1 && name[0] >= '1' && name[0] <= '9' {
		i := int(name[0] - '1')
		if i >= len(a.tabs) {
			return false
		}
		a.active, a.showAll = i, false
		return true
	}
	for i, t := range a.tabs {
		if t.name == name {
			a.active, a.showAll = i, false
			return true
		}
	}
	return false
}

// Overlay is an App-level screen over the active tab: the tab picker, the connection
// form, the command line. While one is open it gets every key.
type Overlay interface {
	Update(a *App, msg tea.Msg) (done bool, cmd tea.Cmd)
	View(width, height int) string
}

// Show opens o over the active tab; an overlay with an Init() tea.Cmd has it run.
func (a *App) Show(o Overlay) tea.Cmd {
	a.overlay = o
	if i, ok := o.(interface{ Init() tea.Cmd }); ok {
		return i.Init()
	}
	return nil
}

// TabCmd tags cmd as the active tab's, so what it returns goes to that tab: for an
// overlay that acts on the active Model (the command line's :filter).
func (a *App) TabCmd(cmd tea.Cmd) tea.Cmd {
	t := a.front()
	if t == nil {
		return cmd
	}
	return wrapCmd(t.id, t.gen, cmd)
}

// Names are the tabs' names in order, for completion.
func (a *App) Names() []string {
	out := make([]string, len(a.tabs))
	for i, t := range a.tabs {
		out[i] = t.name
	}
	return out
}

// Connector is what opens the App's sessions (nil: none).
func (a *App) Connector() Connector { return a.conn }

// Say puts a notice in the footer of the tab in front (or the App's own line).
func (a *App) Say(text string, bad bool) {
	if m := a.Active(); m != nil && !a.showAll {
		m.setFlash(text, bad)
		return
	}
	if a.showAll {
		a.all.m.setFlash(text, bad)
		return
	}
	a.notice = text
}

func (a *App) front() *tab {
	if a.active < 0 || a.active >= len(a.tabs) {
		return nil
	}
	return a.tabs[a.active]
}

func (a *App) find(id int) *tab {
	for _, t := range a.tabs {
		if t.id == id {
			return t
		}
	}
	return nil
}

// appKeys are the App's own keys; they reach the App only while the tab in front is not
// typing, so a digit typed into a form stays in the form.
type appKeys struct {
	Tab, Picker, Close, All, Yes key.Binding
	Edit                         key.Binding // E: the connection form on the tab in front
}

func defaultAppKeys() appKeys {
	return appKeys{
		Tab:    key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1…9", "go to a tab")),
		All:    key.NewBinding(key.WithKeys("0"), key.WithHelp("0", "all tabs' PDUs, merged")),
		Picker: key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "new tab")),
		Close:  key.NewBinding(key.WithKeys("ctrl+w"), key.WithHelp("ctrl+w", "close tab")),
		Yes:    key.NewBinding(key.WithKeys("y")),
		Edit:   keys.DefaultConnForm().Open,
	}
}

// Typing reports whether a text input has the keys: App-level keys such as 1..9 and
// ctrl+t must not steal them then.
func (m *Model) Typing() bool { return m.typing() }
