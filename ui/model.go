package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/ui/keys"
)

// mode is what the console is doing; it decides where keys go.
type mode int

const (
	modeNormal  mode = iota // keys go to the focused pane (log or receipts)
	modeCompose             // the new-message form has the keys
	modeFilter              // the log's filter prompt has the keys
	modeDetail              // a PDU is open
	modeHelp                // the full help is shown
)

// pane is which list has the focus in normal mode.
type pane int

const (
	paneLog pane = iota
	paneMessages
	paneMO
	numPanes
)

// Model is the console's root: a mode, the panes, and the routing between them. Resizes
// go to every pane, keys to the one with the focus, session data to its owner.
type Model struct {
	opts   Options
	sess   Session
	styles *Styles
	keys   keys.Global
	now    func() time.Time

	mode        mode
	focus       pane
	w, h        int
	lay         layout
	statusH     int
	statusDirty bool // the status bar's text changed: it may wrap differently
	composeWant int

	status  statusBar
	log     pduLog
	detail  pduDetail
	compose compose
	msgs    messagesPane
	help    helpPane
	footer  help.Model

	nextLocal int
	draft     bool   // the form holds an unsent message
	askRecall bool   // r over a draft: the next key says whether to replace it
	flash     string // a one-line notice in the footer: "copied 77 octets"
	flashBad  bool
	flashAt   time.Time
	closed    bool // the session's event channel closed
}

// New builds the console for a session.
func New(o Options) *Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.LogSize <= 0 {
		o.LogSize = DefaultLogSize
	}
	st := DefaultStyles(o.NoColor)
	m := &Model{
		opts: o, sess: o.Session, styles: &st, keys: keys.DefaultGlobal(), now: o.Now,
		status:  newStatusBar(&st, o.Now, o.Label, o.Simulator),
		log:     newPDULog(&st, o.Location, o.LogSize),
		detail:  newPDUDetail(&st, o.Location),
		compose: newCompose(&st, o.Defaults),
		msgs:    newMessagesPane(&st, o.Location),
		help:    helpPane{st: &st, keys: keys.DefaultHelp()},
		footer:  help.New(),
	}
	m.log.showSecrets = o.ShowSecrets
	m.status.loc = o.Location
	// A warning stays in the status bar until the operator dismisses it.
	m.status.notice = o.Notice
	m.syncFocus()
	m.footer.Styles.ShortKey = st.Accent
	m.footer.Styles.ShortDesc = st.Muted
	m.footer.Styles.ShortSeparator = st.Muted
	m.footer.Styles.Ellipsis = st.Muted
	return m
}

// Init starts relaying session events and polling its counters.
func (m *Model) Init() tea.Cmd {
	if m.sess == nil {
		return nil
	}
	return tea.Batch(waitEvents(m.sess.Events()), fetchStats(m.sess), tick())
}

// Update routes one message. It never blocks: anything that waits runs in a command.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.opts.Debug.Log(msg)
	if k, ok := msg.(tea.KeyMsg); ok && k.Type == tea.KeyRunes && len(k.Runes) > 1 && !m.typing() {
		return m, m.splitRunes(k)
	}
	cmd := m.update(msg)
	m.syncFocus()
	// The status bar wraps to more or fewer lines as its text changes (an error arrives,
	// a counter grows); the body gives or takes the difference.
	// The form grows and shrinks too (errors, the advanced fields).
	if m.w > 0 {
		if m.statusDirty {
			m.statusDirty = false
			if h := lipgloss.Height(m.status.View()); h != m.statusH {
				m.resize()
			}
		}
		if m.mode == modeCompose && m.compose.Height() != m.composeWant {
			m.resize()
		}
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.resize()
		return nil
	case eventsMsg:
		m.onEvents(msg.events)
		if msg.closed {
			m.closed = true
			return nil
		}
		return waitEvents(m.sess.Events())
	case statsMsg:
		m.statusDirty = true
		m.status.OnStats(smppclient.Stats(msg))
		return nil
	case tickMsg:
		m.statusDirty = true // the retry countdown
		if m.flash != "" && m.now().Sub(m.flashAt) > 5*time.Second {
			m.flash = ""
		}
		if m.closed {
			return nil
		}
		return tea.Batch(fetchStats(m.sess), tick())
	case submitDoneMsg:
		m.msgs.Submitted(msg)
		if msg.err != nil {
			m.setFlash("submit failed: "+msg.err.Error(), true)
		} else {
			m.statusDirty = true
			m.status.msgs++
		}
		return nil
	case moDoneMsg:
		if msg.err != nil {
			m.setFlash("simulator MO: "+msg.err.Error(), true)
		} else {
			m.setFlash("the simulator is sending an MO message", false)
		}
		return nil
	case copyDoneMsg:
		if msg.err != nil {
			m.setFlash("copy failed: "+msg.err.Error(), true)
		} else {
			m.setFlash(fmt.Sprintf("copied %d octets as hex to the clipboard (OSC 52)", msg.octets), false)
		}
		return nil
	case filterStepMsg:
		return m.log.ScanStep(msg.gen)
	case openPDUMsg:
		m.openDetail(msg.pos)
		return nil
	case stepPDUMsg:
		if p, ok := m.log.neighbour(msg.pos, msg.d); ok {
			m.openDetail(p)
		}
		return nil
	case openRefMsg:
		if p, ok := m.log.find(msg.ref); ok {
			m.openDetail(p)
		} else {
			m.setFlash(msg.ref.String()+" is no longer retained in the log", true)
		}
		return nil
	case noticeMsg:
		m.setFlash(msg.text, msg.bad)
		return nil
	case closeDetailMsg:
		m.mode = modeNormal
		return nil
	case copyPDUMsg:
		e, ok := m.log.ring.at(msg.pos)
		if !ok {
			return nil
		}
		// What is copied is what is shown: the bind password redacted unless --show-secrets.
		raw := dissect.Dissect(e.raw, dissect.Options{ShowSecrets: m.opts.ShowSecrets}).Raw
		return copyHex(m.opts.Clipboard, raw, m.opts.Term)
	case sendFormMsg:
		return m.send(msg.msg)
	case closeFormMsg:
		m.closeCompose()
		return nil
	case tea.KeyMsg:
		// A notice gives the footer back to the key help as soon as the operator moves on
		// (but not to the keystroke that raised it, a second ago at most).
		if m.flash != "" && m.now().Sub(m.flashAt) > time.Second {
			m.flash = ""
		}
		return m.onKey(msg)
	}
	// Everything else (cursor blinks) belongs to whichever input is active.
	switch m.mode {
	case modeCompose:
		return m.compose.Update(msg)
	case modeFilter:
		c, _ := m.log.UpdateFilter(msg)
		return c
	}
	return nil
}

func (m *Model) setFlash(s string, bad bool) {
	m.flash, m.flashBad, m.flashAt = s, bad, m.now()
}

// onEvents hands each event to the pane that owns it; the log's view is brought up to date
// once per batch.
func (m *Model) onEvents(evs []smppclient.Event) {
	pdus := 0
	for _, ev := range evs {
		switch e := ev.(type) {
		case smppclient.PDUEvent:
			m.log.push(&e)
			pdus++
		case smppclient.StateEvent:
			m.statusDirty = true
			m.status.OnState(e)
			m.log.OnState(e)
			pdus++
		case smppclient.LinkEvent:
			m.log.OnLink(e)
			pdus++
		case smppclient.SubmitEvent:
			m.msgs.OnSubmit(e)
		case smppclient.LateEvent:
			m.msgs.OnLate(e)
		case smppclient.ReceiptEvent:
			m.msgs.OnReceipt(e)
		case smppclient.MOEvent:
			m.msgs.OnMO(e)
		case smppclient.KeepAliveEvent:
			m.statusDirty = true
			m.status.OnKeepAlive(e)
		case smppclient.ErrorEvent:
			m.statusDirty = true
			if e.Err != nil {
				m.status.OnError(e.Err.Error())
			}
		}
	}
	if pdus > 0 {
		m.log.appended()
	}
}

// onKey routes a key: ctrl+c always quits; the typing modes get every other key; else
// global keys first, then the focused pane.
func (m *Model) onKey(k tea.KeyMsg) tea.Cmd {
	if key.Matches(k, m.keys.ForceQuit) {
		return tea.Quit
	}
	switch m.mode {
	case modeCompose:
		return m.compose.Update(k)
	case modeFilter:
		c, done := m.log.UpdateFilter(k)
		if done {
			m.mode = modeNormal
			m.resize()
		}
		return c
	case modeHelp:
		if key.Matches(k, m.help.keys.Close) {
			m.mode = modeNormal
			return nil
		}
		m.help.Update(k)
		return nil
	case modeDetail:
		if key.Matches(k, m.keys.Quit) {
			return tea.Quit
		}
		if key.Matches(k, m.keys.Help) {
			m.mode = modeHelp
			return nil
		}
		return m.detail.Update(k)
	}

	if m.askRecall {
		m.askRecall = false
		if key.Matches(k, m.keys.Yes) {
			return m.recall()
		}
		m.setFlash("draft kept: n opens it", false)
		return nil
	}
	switch {
	case key.Matches(k, m.keys.Quit):
		return tea.Quit
	case key.Matches(k, m.keys.Help):
		m.mode = modeHelp
		m.help.top = 0
		return nil
	case key.Matches(k, m.keys.New):
		// A draft left with esc comes back; after a send the form starts afresh.
		if !m.draft {
			m.compose.reset(m.opts.Defaults)
			m.draft = true
		}
		return m.openCompose()
	case key.Matches(k, m.keys.Recall):
		if !m.compose.sentAny() {
			m.setFlash("nothing sent yet to recall", true)
			return nil
		}
		if m.draft && !m.compose.empty() {
			m.askRecall = true
			m.setFlash("replace the draft with the last message? y: yes (ctrl+n brings the draft back)", false)
			return nil
		}
		return m.recall()
	case key.Matches(k, m.keys.Bind):
		if m.sess == nil {
			return nil
		}
		if m.status.Bound() {
			m.setFlash("unbinding", false)
			return bindCmd(m.sess, true)
		}
		m.setFlash("binding", false)
		return bindCmd(m.sess, false)
	case key.Matches(k, m.keys.MO):
		if m.opts.SendMO == nil {
			m.setFlash("m works on the embedded simulator only", true)
			return nil
		}
		return sendMO(m.opts.SendMO)
	case key.Matches(k, m.keys.Dismiss) && m.status.notice != "":
		m.status.notice = ""
		m.statusDirty = true
		return nil
	case key.Matches(k, m.keys.NextPane):
		m.setFocus((m.focus + 1) % numPanes)
		return nil
	case key.Matches(k, m.keys.PrevPane):
		m.setFocus((m.focus + numPanes - 1) % numPanes)
		return nil
	}
	switch m.focus {
	case paneMessages:
		return m.msgs.Update(k)
	case paneMO:
		return m.msgs.mo.Update(k)
	}
	if key.Matches(k, m.log.keys.Filter) {
		m.mode = modeFilter
		cmd := m.log.StartFilter()
		m.resize()
		return cmd
	}
	return m.log.Update(k)
}

func (m *Model) setFocus(p pane) {
	if m.lay.msgsH == 0 {
		p = paneLog
	}
	m.focus = p
	m.syncFocus()
}

// syncFocus marks the one pane that has the keys; a pane shows its cursor only then.
// While the form, the detail or the help has the keys, no list has them; the focus
// comes back to the list that had it.
func (m *Model) syncFocus() {
	m.log.focused = m.mode == modeFilter || m.mode == modeNormal && m.focus == paneLog
	m.msgs.focused = m.mode == modeNormal && m.focus == paneMessages
	m.msgs.mo.focused = m.mode == modeNormal && m.focus == paneMO
}

func (m *Model) openCompose() tea.Cmd {
	m.mode = modeCompose
	cmd := m.compose.Open()
	m.resize()
	return cmd
}

func (m *Model) closeCompose() {
	m.compose.Close()
	m.mode = modeNormal
	m.resize()
}

// send queues the form's message: a row in the receipts panel at once, Submit in a
// command (it waits for window room), the form closed so the log is in view.
func (m *Model) send(msg message.Message) tea.Cmd {
	m.draft = m.compose.remember(m.compose.values())
	m.closeCompose()
	if m.sess == nil {
		return nil
	}
	m.nextLocal++
	m.msgs.Queued(m.nextLocal, m.now(), msg)
	if !m.status.Bound() {
		m.setFlash("not bound: the message is sent once the link is bound", false)
	}
	return submit(m.sess, m.nextLocal, msg)
}

func (m *Model) openDetail(p uint64) {
	e, ok := m.log.ring.at(p)
	if !ok {
		m.setFlash("that PDU has left the log", true)
		return
	}
	if !e.isPDU() {
		return // a connection event: there is no PDU to show
	}
	link := ""
	if len(m.log.links) > 1 && int(e.link) < len(m.log.links) {
		link = m.log.links[e.link]
	}
	m.detail.Open(p, e, link, m.log.ring.note(p), m.opts.ShowSecrets)
	m.mode = modeDetail
	m.detail.SetSize(m.lay.bodyW, m.lay.bodyH)
}

// resize recomputes the layout and tells every pane its size.
func (m *Model) resize() {
	if m.w == 0 || m.h == 0 {
		return
	}
	m.status.SetSize(m.w)
	m.statusH = lipgloss.Height(m.status.View())
	statusH := m.statusH
	footerH := 1
	want := 0
	if m.mode == modeCompose || m.compose.open {
		rows := 3
		if m.h >= 45 {
			rows = 5
		}
		m.compose.SetTextRows(rows)
		m.compose.SetSize(m.w, m.h)
		if m.w >= sideBySideWidth {
			m.compose.SetSize(clamp(m.w*2/5, 56, 90), m.h)
		}
		want = m.compose.Height()
	}
	m.composeWant = want
	m.lay = computeLayout(m.w, m.h, statusH, footerH, want)
	m.log.SetSize(m.lay.logW, m.lay.logH)
	m.msgs.SetSize(m.lay.msgsW, m.lay.msgsH)
	if want > 0 {
		m.compose.SetSize(m.lay.composeW, m.lay.composeH)
	}
	m.detail.SetSize(m.lay.bodyW, m.lay.bodyH)
	m.help.SetSize(m.lay.bodyW, m.lay.bodyH)
	m.footer.Width = m.w
	// The receipts and MO hidden for want of room (not by the form, which gives them
	// back): the keys go to the log.
	if m.lay.msgsH == 0 && want == 0 && m.focus != paneLog {
		m.setFocus(paneLog)
	}
}

// View composes the frame: status bar, body, footer. It only renders; every size was
// computed in resize.
func (m *Model) View() string {
	if m.w == 0 || m.h == 0 {
		return "starting…"
	}
	if m.w < UsableWidth || m.h < UsableHeight {
		return tooSmall(m.w, m.h)
	}
	var body string
	switch m.mode {
	case modeDetail:
		body = m.detail.View()
	case modeHelp:
		body = m.help.View()
	default:
		body = m.bodyView()
	}
	return m.status.View() + "\n" + body + "\n" + m.footerView()
}

func (m *Model) bodyView() string {
	l := m.lay
	composing := l.composeH > 0
	if l.side {
		right := ""
		if composing {
			right = m.compose.View()
		} else {
			right = m.msgs.View()
		}
		return lipgloss.JoinHorizontal(lipgloss.Top, m.log.View(), right)
	}
	if composing {
		if l.composeAbove {
			return m.compose.View() + "\n" + m.log.View()
		}
		return m.compose.View()
	}
	if l.msgsH == 0 {
		return m.log.View()
	}
	return m.log.View() + "\n" + m.msgs.View()
}

// footerView is the flash notice or the focused pane's keys.
func (m *Model) footerView() string {
	if m.flash != "" {
		st := m.styles.Good
		if m.flashBad {
			st = m.styles.Bad
		}
		return fit(" "+st.Render(m.flash), m.w)
	}
	var km help.KeyMap
	switch m.mode {
	case modeCompose:
		km = &m.compose
	case modeFilter:
		km = keys.DefaultFilter()
	case modeDetail:
		km = &m.detail
	case modeHelp:
		km = m.help.keys
	default:
		switch m.focus {
		case paneMessages:
			km = joinKeys{&m.msgs, m.keys}
		case paneMO:
			km = joinKeys{&m.msgs.mo, m.keys}
		default:
			km = joinKeys{&m.log, m.keys}
		}
	}
	// ? and q stay in sight at every width; the pane's keys take what is left.
	var right []key.Binding
	switch m.mode {
	case modeNormal, modeDetail:
		right = []key.Binding{m.keys.Help, m.keys.Quit}
	}
	rv := ""
	if len(right) > 0 {
		rv = m.footer.ShortHelpView(right)
	}
	f := m.footer
	f.Width = max(m.w-1-lipgloss.Width(rv)-3, 10)
	left := f.ShortHelpView(km.ShortHelp())
	gap := m.w - 1 - lipgloss.Width(left) - lipgloss.Width(rv)
	return fit(" "+left+strings.Repeat(" ", max(gap, 1))+rv, m.w)
}

// joinKeys shows a pane's keys followed by the global ones.
type joinKeys struct {
	pane   help.KeyMap
	global keys.Global
}

func (j joinKeys) ShortHelp() []key.Binding {
	g := j.global
	out := append([]key.Binding{g.New}, j.pane.ShortHelp()...)
	return append(out, keys.Short(g.Bind, "bind"), keys.Short(g.NextPane, "pane"))
}

func (j joinKeys) FullHelp() [][]key.Binding {
	return append(j.pane.FullHelp(), j.global.FullHelp()...)
}
