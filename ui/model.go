package ui

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/message"
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
	modeLoad                // the load panel has the keys
	modeStats               // the statistics view is shown
	modeExport              // the export prompt (w) has the keys
	modeOp                  // the operation panel (Q, X, R) has the keys
	modeFind                // the log's find text (ctrl+f) is typed
	modeColon               // the command line (:) has the keys (colon.go)
)

// paneID is which list has the focus in normal mode.
type paneID int

const (
	paneLog paneID = iota
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
	// sendKeys are the keys a read-only console (a file) refuses; see makeReadOnly.
	sendKeys []key.Binding
	now      func() time.Time

	mode        mode
	focus       paneID
	w, h        int
	lay         layout
	statusH     int
	statusDirty bool // the status bar's text changed: it may wrap differently
	composeWant int
	loadWant    int // the load panel's height when it was laid out

	status  statusBar
	log     pduLog
	detail  pduDetail
	compose compose
	msgs    messagesPane
	help    helpPane
	load    loadPane  // L: bursts on the session
	stats   statsPane // S: operations, response times, receipt latency
	footer  help.Model
	export  exportPrompt // w: the log to a file
	ops     opPanel      // Q, X, R: query_sm, cancel_sm, replace_sm
	raw     rawComposer  // P: a PDU as octets, for negative tests (rawpduview.go)
	colon   *colonLine   // :, while open (a console of one session; the App has its own)

	nextLocal int
	draft     bool   // the form holds an unsent message
	askRecall bool   // r over a draft: the next key says whether to replace it
	flash     string // a one-line notice in the footer: "copied 77 octets"
	flashBad  bool
	flashAt   time.Time
	closed    bool // the session's event channel closed
	logOnly   bool // the PDU log takes the whole body (the all view: no receipts of its own)
	hidden    bool // another tab is in front: nothing is drawn ahead (settle waits for the front)

	// ctx is the console's life: the event relay, the tick and the commands that wait
	// (a submit waiting for window room, the simulator's MO) end when it is done. stop
	// ends it: on quit, and when Run returns.
	ctx  context.Context
	stop context.CancelFunc
	out  io.Writer // the terminal behind the output lock, nil without Options.Output
}

// New builds the console for a session.
func New(o Options) *Model { return newModel(context.Background(), o) }

func newModel(ctx context.Context, o Options) *Model {
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
		status:  newStatusBar(&st, o.Now, o.Label, o.Simulator, keys.DefaultGlobal().Dismiss, o.Journal),
		log:     newPDULog(&st, o.Location, o.LogSize),
		detail:  newPDUDetail(&st, o.Location),
		compose: newCompose(&st, o.Defaults),
		msgs:    newMessagesPane(&st, o.Location),
		help:    helpPane{st: &st, keys: keys.DefaultHelp()},
		load:    newLoadPane(&st),
		stats:   newStatsPane(&st),
		footer:  help.New(),
		export:  newExportPrompt(),
		ops:     newOpPanel(&st),
		raw:     newRawComposer(&st),
	}
	m.ctx, m.stop = context.WithCancel(ctx)
	if o.Output != nil {
		m.out = lockOutput(o.Output)
	}
	m.log.showSecrets = o.ShowSecrets
	m.log.fl.hist = newFilterHistory(filterHistoryFile(o.FilterHistory))
	m.status.loc = o.Location
	m.status.learnSession(o.Session)
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
	var filter tea.Cmd
	if m.opts.Filter != "" {
		filter = m.log.SetFilter(m.opts.Filter)
	}
	return tea.Batch(waitEvents(m.ctx, m.sess.Events()), fetchStats(m.sess), tick(m.ctx), filter)
}

// quit stops what the console runs in the background and ends the program.
func (m *Model) quit() tea.Cmd {
	m.stop()
	return tea.Quit
}

// Update routes one message. It never blocks: anything that waits runs in a command.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.opts.Debug.Log(msg)
	if k, ok := msg.(tea.KeyMsg); ok && severalRunes(k) && !m.typing() {
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
		if m.mode == modeCompose && m.compose.Height() != m.composeWant ||
			m.mode == modeLoad && m.load.Height() != m.loadWant ||
			m.mode == modeOp && m.ops.Height() != m.composeWant {
			m.resize()
		}
	}
	m.settle()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	if c, ok := m.updateRaw(msg); ok {
		return c
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.resize()
		return nil
	case eventsMsg:
		if m.load.runner != nil || m.load.active {
			msg.events = m.loadFilter(msg.events)
		}
		m.onEvents(msg.events)
		if msg.closed {
			m.closed = true
			return nil
		}
		return waitEvents(m.ctx, m.sess.Events())
	case statsMsg:
		m.statusDirty = true
		return m.status.Update(msg)
	case tickMsg:
		m.statusDirty = true // the retry countdown
		if m.mode == modeStats {
			m.stats.feed(m.log.ring, m.log.links, m.opts.ReadOnly != "" && m.closed)
		}
		if m.flash != "" && m.now().Sub(m.flashAt) > 5*time.Second {
			m.flash = ""
		}
		if m.closed {
			return nil
		}
		return tea.Batch(fetchStats(m.sess), tick(m.ctx))
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
	case opDoneMsg:
		m.onOpDone(msg)
		return nil
	case exportDoneMsg:
		return m.onExportDone(msg)
	case loadPollMsg:
		return m.onLoadPoll(msg)
	case filterStepMsg:
		return m.log.ScanStep(msg.gen)
	case findStepMsg:
		return m.log.FindStep(msg.gen)
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
		raw := e.raw
		if !m.opts.ShowSecrets {
			raw = dissect.Redact(raw)
		}
		return copyHex(m.out, raw, m.opts.Term)
	case sendFormMsg:
		return m.send(msg.msg)
	case closeFormMsg:
		m.closeCompose()
		return nil
	case colonCompleteMsg:
		if m.mode == modeColon {
			return m.onColon(msg)
		}
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
	case modeFind:
		c, _ := m.log.UpdateFind(msg)
		return c
	case modeLoad:
		return m.load.Update(msg)
	case modeOp:
		_, c := m.ops.Update(msg)
		return c
	case modeExport:
		var c tea.Cmd
		m.export.input, c = m.export.input.Update(msg)
		return c
	case modeRaw:
		return m.raw.Update(msg)
	case modeColon:
		return m.onColon(msg)
	}
	return nil
}

func (m *Model) setFlash(s string, bad bool) {
	m.flash, m.flashBad, m.flashAt = s, bad, m.now()
}

// settle brings what the panes draw up to date after a message, so View only reads: the
// receipts pane's share for the MO box and its lists' scroll, and the log's visible rows
// dissected into its cache while the log is in view.
func (m *Model) settle() {
	if m.hidden {
		return
	}
	m.msgs.settle()
	if m.mode != modeDetail && m.mode != modeHelp {
		m.log.warm()
	}
}

func (m *Model) setFocus(p paneID) {
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
	m.log.focused = m.mode == modeFilter || m.mode == modeFind || m.mode == modeNormal && m.focus == paneLog
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
	return submit(m.ctx, m.sess, m.nextLocal, msg)
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
	if m.log.showLinks() && int(e.link) < len(m.log.links) {
		link = strings.TrimSpace(m.log.links[e.link]) // the all view pads its tab marks
	}
	m.detail.Open(p, e, link, m.log.ring.note(p), m.opts.ShowSecrets)
	m.mode = modeDetail
	m.detail.SetSize(m.lay.bodyW, m.lay.bodyH)
}
