package ui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// The "all" view (key 0): every tab's PDU log merged in time order, each row marked with
// its tab. It is a read-only console of its own whose log is fed as the tabs' events
// arrive, one O(1) append per PDU (a short in-place insertion when a tab's batch is a
// frame late), so nothing of the tabs' logs is ever rendered again for it; rows open
// their PDU detail, and the filter, export and statistics work on it as on a tab.

const allName = "all"

// markWidth is the width of the tab mark on each row, so the columns stay aligned.
const markWidth = 12

type merged struct {
	app *App
	m   *Model
}

func newMerged(a *App) *merged {
	o := Options{Label: "all tabs", Now: a.opts.Now, Location: a.opts.Location, LogSize: a.opts.LogSize,
		ShowSecrets: a.opts.ShowSecrets, NoColor: a.opts.NoColor, Output: a.opts.Output, Term: a.opts.Term}
	m := newModel(a.ctx, o)
	m.makeReadOnly()
	m.log.markLinks = true
	m.help.tabs = true
	m.logOnly = true
	return &merged{app: a, m: m}
}

// mark is the row's tab: the tab's name, and its link when the tab has several (tx, rx).
func (g *merged) mark(t *tab, link string) string {
	name := t.name
	if t.m != nil && len(t.m.log.links) > 1 && link != "" {
		name += "/" + link
	}
	if r := []rune(name); len(r) > markWidth {
		// The end tells tabs of one profile apart ("lab-tx 2"): cut in the middle.
		name = string(r[:markWidth-3]) + "…" + string(r[len(r)-2:])
	}
	return fit(name, markWidth)
}

// feed adds a tab's log events to the merged log; the command is the filter's scan
// when rows moved under it (the all view's own).
func (g *merged) feed(t *tab, evs []smppclient.Event) tea.Cmd {
	l := &g.m.log
	n, shifted := 0, false
	for _, ev := range evs {
		switch e := ev.(type) {
		case smppclient.PDUEvent:
			raw := e.Raw
			if len(raw) < wire.HeaderLen {
				raw = append(e.Header.Append(nil), raw...)
			}
			shifted = l.pushOrdered(entry{at: e.At.UnixNano(), raw: raw, link: l.linkIndex(g.mark(t, e.Link)), dir: uint8(e.Dir)}, e.Note) || shifted
			n++
		case smppclient.StateEvent:
			text, kind := stateStory(e)
			shifted = l.pushOrdered(entry{at: e.At.UnixNano(), raw: []byte(text), link: l.linkIndex(g.mark(t, e.Link)), kind: kind}, "") || shifted
			n++
		case smppclient.LinkEvent:
			if e.Text != "" {
				shifted = l.pushOrdered(entry{at: e.At.UnixNano(), raw: []byte(e.Text), link: l.linkIndex(g.mark(t, e.Link)), kind: rowLink}, "") || shifted
				n++
			}
		}
	}
	if n == 0 {
		return nil
	}
	l.appended()
	var cmd tea.Cmd
	if shifted && l.idx != nil {
		// Rows moved under the filter's index: it is built again, in steps as always.
		cmd = wrapCmd(allID, 0, l.refilter())
	}
	if g.app.showAll {
		g.app.frame.reset()
		g.m.settle() // hidden otherwise: the rows are dissected when it comes to the front
	}
	return cmd
}

// show brings the view up to date as it comes to the front.
func (g *merged) show() {
	g.m.settle()
}

// pushOrdered appends e to the log, then moves it back past the rows that are newer
// (a tab's batch arriving after another tab's later events); it reports whether any row
// moved, and then the caller builds the filter's index again. The rows it passes lose
// their cached text; the notes move with them.
func (l *pduLog) pushOrdered(e entry, note string) (shifted bool) {
	r := l.ring
	p := r.push(e, note)
	for p > r.oldest() {
		prev, _ := r.at(p - 1)
		cur, _ := r.at(p)
		if prev.at <= cur.at {
			break
		}
		*prev, *cur = *cur, *prev
		np, nc := r.notes[p-1], r.notes[p]
		setNote(r, p-1, nc)
		setNote(r, p, np)
		delete(l.cache, p)
		delete(l.cache, p-1)
		p--
		shifted = true
	}
	if !shifted && l.idx != nil {
		if e, ok := r.at(p); ok && l.matches(p, e) {
			l.idx.Append(p)
		}
	}
	return shifted
}

func setNote(r *ring, p uint64, s string) {
	if s == "" {
		delete(r.notes, p)
		return
	}
	r.notes[p] = s
}

// showLinks reports whether rows name their link: once there are two, or always in the
// all view, where the link is the tab.
func (l *pduLog) showLinks() bool { return len(l.links) > 1 || l.markLinks }

// summarize gives the all view's status bar the tabs together: each tab's state when
// they are not all bound, and the counters summed.
func (g *merged) summarize() {
	s := &g.m.status
	s.label = fmt.Sprintf("all %d tabs", len(g.app.tabs))
	s.links = s.links[:0]
	var sum smppclient.Stats
	allBound, bind := len(g.app.tabs) > 0, smppclient.BindType(0)
	for _, t := range g.app.tabs {
		ev := smppclient.StateEvent{Link: t.name, State: smppclient.Connecting}
		if t.m != nil {
			c := t.m.status.stats
			sum.InFlight += c.InFlight
			sum.Window += c.Window
			sum.Sent += c.Sent
			sum.Accepted += c.Accepted
			sum.Failed += c.Failed
			sum.Receipts += c.Receipts
			sum.MO += c.MO
			sum.Dropped += c.Dropped
			ev.Bind = c.Bind
			if len(t.m.status.links) > 0 {
				ev.Bind = t.m.status.links[0].Bind
			}
		}
		switch tabStateOf(t) {
		case tabBound:
			ev.State = smppclient.Bound
		case tabBackingOff:
			ev.State = smppclient.BackingOff
		case tabFailed, tabFile:
			ev.State = smppclient.Closed // a file binds nothing: "closed", as its own status bar says
		}
		allBound = allBound && ev.State == smppclient.Bound
		switch {
		case bind == 0:
			bind = ev.Bind
		case bind != ev.Bind:
			bind = smppclient.TxRx // both ways between them
		}
		s.links = append(s.links, ev)
	}
	if allBound {
		s.links = []smppclient.StateEvent{{Link: allName, State: smppclient.Bound, Bind: bind}}
	}
	s.stats = sum
}
