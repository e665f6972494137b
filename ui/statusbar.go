package ui

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/smppconsole/smppconsole/smppclient"
)

// statusBar is always visible: the link state in words, where the console is connected,
// and the session's counters. State comes from StateEvents as they happen; the counters
// from the periodic Stats snapshot.
type statusBar struct {
	st  *Styles
	now func() time.Time

	label     string
	simulator bool
	journal   string // the journal's file name, "" when not recorded
	loc       *time.Location

	w int

	links   []smppclient.StateEvent // latest state per link, in the order links appeared
	stats   smppclient.Stats
	haveSt  bool
	rtt     time.Duration
	lastErr string // the last error since the link was last bound
	statErr string // Stats.LastError as last seen, so a stale one does not come back

	// The last fault (StateEvent.Fault) stays in view, bound again or not, under its time.
	faultAt time.Time
	fault   string
	msgs    int // messages the form submitted: Stats count parts

	burst   string      // the load panel's run in brief, while it goes or after
	notice  string      // a warning that stays until dismissed (the config file's mode)
	dismiss key.Binding // the key that dismisses it

	ver versionInfo // interface versions, congestion_state, the outbind wait (statusversion.go)
}

func newStatusBar(st *Styles, now func() time.Time, label string, sim bool, dismiss key.Binding, journal string) statusBar {
	return statusBar{st: st, now: now, label: label, simulator: sim, dismiss: dismiss, journal: filepath.Base(journal)}
}

// SetSize sets the width; the bar's height is its own, as many lines as its text wraps to.
func (s *statusBar) SetSize(w, _ int) { s.w = w }

// Update takes the session's counters and the key that dismisses the warning; the link
// state comes from the session's events (OnState, OnKeepAlive, OnError).
func (s *statusBar) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case statsMsg:
		s.OnStats(smppclient.Stats(msg))
	case tea.KeyMsg:
		if s.notice != "" && key.Matches(msg, s.dismiss) {
			s.notice = ""
		}
	}
	return nil
}

// ShortHelp and FullHelp make the bar a help.KeyMap: x, while there is a warning.
func (s *statusBar) ShortHelp() []key.Binding {
	if s.notice == "" {
		return nil
	}
	return []key.Binding{s.dismiss}
}
func (s *statusBar) FullHelp() [][]key.Binding { return [][]key.Binding{{s.dismiss}} }

// OnState records a link's new state. A fault is kept under its time; the last error
// goes once the link is bound again. An unbind the operator asked for is no fault.
func (s *statusBar) OnState(ev smppclient.StateEvent) {
	if ev.Fault {
		s.faultAt, s.fault = ev.At, faultWords(ev.Reason)
	}
	if ev.State == smppclient.Bound {
		s.lastErr = ""
	}
	for i := range s.links {
		if s.links[i].Link == ev.Link {
			s.links[i] = ev
			return
		}
	}
	s.links = append(s.links, ev)
}

func (s *statusBar) OnStats(st smppclient.Stats) {
	s.stats, s.haveSt = st, true
	if st.RTT > 0 {
		s.rtt = st.RTT
	}
	if st.LastError != "" && st.LastError != s.statErr && !s.Bound() {
		s.lastErr = st.LastError
	}
	s.statErr = st.LastError
}

// faultWords is a fault's reason without the retry plan, which the state already shows.
func faultWords(reason string) string {
	if i := strings.Index(reason, "; next attempt"); i >= 0 {
		reason = reason[:i]
	}
	if reason == "" {
		return "link lost"
	}
	return reason
}

func (s *statusBar) OnKeepAlive(ev smppclient.KeepAliveEvent) { s.rtt = ev.RTT }
func (s *statusBar) OnError(err string)                       { s.lastErr = err }

// Bound reports whether every link the console knows of is bound.
func (s *statusBar) Bound() bool {
	if len(s.links) == 0 {
		return s.haveSt && s.stats.State == smppclient.Bound
	}
	for _, l := range s.links {
		if l.State != smppclient.Bound {
			return false
		}
	}
	return true
}

// stateText is the connection and bind state in words: "bound trx", "binding tx+rx",
// "backing off, retry in 4s".
func (s *statusBar) stateText() (string, lipgloss.Style) {
	if len(s.links) == 0 {
		if s.haveSt {
			return linkWords(smppclient.StateEvent{State: s.stats.State, Bind: s.stats.Bind}, s.now(), s.stats.Bind.String()), stateStyle(s.st, s.stats.State)
		}
		return "starting", s.st.Warn
	}
	if s.Bound() {
		bind := s.links[0].Bind.String()
		if len(s.links) > 1 {
			bind = smppclient.TxRx.String()
		}
		return "bound " + bind, s.st.Good
	}
	if len(s.links) == 1 {
		l := s.links[0]
		if w, ok := s.waitingWords(l); ok {
			return w, s.st.Warn
		}
		return linkWords(l, s.now(), l.Bind.String()), stateStyle(s.st, l.State)
	}
	var parts []string
	worst := smppclient.Bound
	for _, l := range s.links {
		w, ok := s.waitingWords(l)
		if !ok {
			w = linkWords(l, s.now(), "")
		}
		parts = append(parts, l.Link+" "+w)
		if l.State != smppclient.Bound {
			worst = l.State
		}
	}
	return strings.Join(parts, ", "), stateStyle(s.st, worst)
}

// linkWords is one link's state in words; bind names the bind type where it helps
// ("bound trx", "binding trx").
func linkWords(l smppclient.StateEvent, now time.Time, bind string) string {
	with := func(s string) string {
		if bind == "" {
			return s
		}
		return s + " " + bind
	}
	switch l.State {
	case smppclient.BackingOff:
		if !l.Retry.IsZero() {
			wait := max(l.Retry.Sub(now), 0)
			return fmt.Sprintf("backing off, retry in %ds", int(math.Ceil(wait.Seconds())))
		}
		return "backing off"
	case smppclient.Bound:
		return with("bound")
	case smppclient.Binding:
		return with("binding")
	case smppclient.Disconnected:
		return "disconnected (b binds)"
	}
	return l.State.String()
}

func stateStyle(st *Styles, s smppclient.State) lipgloss.Style {
	switch s {
	case smppclient.Bound:
		return st.Good
	case smppclient.Connecting, smppclient.Binding, smppclient.Unbinding, smppclient.BackingOff:
		return st.Warn
	}
	return st.Bad
}

// items are the status bar's pieces in order of importance; the bar wraps between
// items, never inside one.
func (s *statusBar) items() []string {
	st := s.st
	var it []string
	if s.simulator {
		it = append(it, st.Accent.Bold(true).Render("SIMULATOR"))
	} else if s.label != "" {
		it = append(it, st.Accent.Bold(true).Render(s.label))
	}
	text, style := s.stateText()
	it = append(it, style.Render(text))
	it = append(it, s.versionItems()...)
	if s.haveSt {
		if s.stats.Addr != s.label {
			it = append(it, st.Text.Render(s.stats.Addr))
		}
		if s.stats.SystemID != "" {
			it = append(it, st.Muted.Render("system_id ")+st.Text.Render(s.stats.SystemID))
		}
		switch {
		case s.stats.TLSInsecure:
			it = append(it, st.Warn.Render("TLS INSECURE (certificate not verified)"))
		case s.stats.TLS:
			it = append(it, st.Good.Render("TLS"))
		default:
			it = append(it, st.Muted.Render("plain TCP"))
		}
	}
	rtt := "–"
	if s.rtt > 0 {
		rtt = fmtDuration(s.rtt)
	}
	it = append(it, st.Muted.Render("rtt ")+st.Text.Render(rtt))
	c := s.stats
	it = append(it, st.Muted.Render("in flight ")+st.Text.Render(fmt.Sprintf("%d/%d", c.InFlight, c.Window)))
	failed := st.Text.Render(fmt.Sprint(c.Failed))
	if c.Failed > 0 {
		failed = st.Bad.Render(fmt.Sprint(c.Failed))
	}
	// The session counts submit_sm parts; a long text is several of them.
	it = append(it, st.Muted.Render("sent ")+st.Text.Render(countLabel(int(c.Sent), s.msgs))+
		st.Muted.Render(" accepted ")+st.Text.Render(fmt.Sprint(c.Accepted))+
		st.Muted.Render(" failed ")+failed)
	receipts := st.Muted.Render("receipts ") + st.Text.Render(fmt.Sprint(c.Receipts))
	if c.ReceiptsVia > 0 { // this tab's messages, their receipts received on another tab of the account
		receipts += st.Text.Render(fmt.Sprintf(" +%d", c.ReceiptsVia)) + st.Muted.Render(" via another tab")
	}
	it = append(it, receipts)
	if c.MO > 0 {
		it = append(it, st.Muted.Render("MO ")+st.Text.Render(fmt.Sprint(c.MO)))
	}
	if s.burst != "" {
		it = append(it, st.Accent.Render(s.burst))
	}
	if s.journal != "" && s.journal != "." {
		it = append(it, st.Muted.Render("journal ")+st.Text.Render(s.journal))
	}
	if c.Dropped > 0 {
		it = append(it, st.Warn.Render(fmt.Sprintf("display dropped %d PDUs", c.Dropped)))
	}
	if s.lastErr != "" && s.lastErr != s.fault {
		it = append(it, st.Bad.Render("last error: ")+st.Text.Render(s.lastErr))
	}
	if s.fault != "" {
		loc := s.loc
		if loc == nil {
			loc = time.Local
		}
		it = append(it, st.Bad.Render("last fault "+s.faultAt.In(loc).Format("15:04:05")+": ")+st.Text.Render(s.fault))
	}
	return it
}

// View renders the bar, wrapped between items to the width; an item wider than the
// whole bar (a long error) is wrapped at spaces.
func (s *statusBar) View() string {
	if s.w <= 0 {
		return ""
	}
	const sep = " │ "
	sepW := ansi.StringWidth(sep)
	var lines []string
	line, lw := "", 0
	for _, it := range s.items() {
		w := ansi.StringWidth(it)
		if w > s.w-1 {
			// Too long for one line: give it its own lines, wrapped at spaces.
			if line != "" {
				lines = append(lines, line)
				line, lw = "", 0
			}
			for _, l := range wrapWords(ansi.Strip(it), s.w-1) {
				lines = append(lines, " "+s.st.Text.Render(l))
			}
			continue
		}
		switch {
		case line == "":
			line, lw = " "+it, w+1
		case lw+sepW+w <= s.w:
			line += s.st.Muted.Render(sep) + it
			lw += sepW + w
		default:
			lines = append(lines, line)
			line, lw = " "+it, w+1
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) > 3 {
		lines = append(lines[:2], clip(lines[2]+" "+strings.Join(lines[3:], " "), s.w))
	}
	// A version mismatch in full, between words: it says what will not come.
	if n := s.versionNote(); n != "" {
		for _, l := range wrapWords(n, s.w-1) {
			lines = append(lines, " "+s.st.Warn.Render(l))
		}
	}
	// The warning in full, between words: it matters more than the bar's tidiness.
	if s.notice != "" {
		for _, l := range wrapWords("warning: "+s.notice+" (x dismisses)", s.w-1) {
			lines = append(lines, " "+s.st.Warn.Render(l))
		}
	}
	return padLines(lines, s.w, len(lines))
}

// fmtDuration shows a duration the way an operator reads it: 850µs, 12.3ms, 1.25s, 2m03s.
func fmtDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.2fs", d.Seconds())
	default:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
}
