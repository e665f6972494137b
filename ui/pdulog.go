package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/ui/keys"
	"github.com/smppconsole/smppconsole/wire"
)

// pduLog is the live PDU log: one line per PDU in and out. It keeps the PDUs in a
// bounded ring, follows the tail unless the user scrolls away, can hide enquire_link
// traffic and filter by text. Rendering touches only the visible rows.
type pduLog struct {
	st   *Styles
	keys keys.Log
	loc  *time.Location

	ring  *ring
	links []string // link names by index ("trx", "tx", "rx")

	w, h    int
	focused bool

	follow      bool
	hideEnquire bool
	filter      string // the display filter in force, as typed; "" for none
	fl          displayFilter
	corr        correlation
	input       textinput.Model
	idx         *posIndex // the rows when a filter is on; nil: every retained PDU
	scan        filterScan

	sel, top uint64 // positions of the selected and the first visible row
	hasSel   bool

	cache       map[uint64]logLine // rendered cells of recently visible rows
	showSecrets bool
	markLinks   bool // every row names its link, even the only one (the all view's tabs)

	search logFind // ctrl+f
}

// logLine is the cached text of one log row, without selection styling.
type logLine struct {
	plain string // for filtering: time excluded
	text  string // styled, unfitted
}

func newPDULog(st *Styles, loc *time.Location, size int) pduLog {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "smpp.command_id == submit_sm_resp, msg == ID, latency > 500ms (tab completes)"
	return pduLog{
		st: st, keys: keys.DefaultLog(), loc: loc,
		ring: newRing(size), follow: true, input: in,
		cache: map[uint64]logLine{}, search: newLogFind(),
		fl:   displayFilter{keys: keys.DefaultFilter(), hist: newFilterHistory(""), at: -1},
		corr: newCorrelation(),
	}
}

// SetSize sets the outer size, borders included.
func (l *pduLog) SetSize(w, h int) {
	if w != l.w {
		l.cache = map[uint64]logLine{}
	}
	l.w, l.h = w, h
	l.input.Width = max(w-6, 10)
	l.search.input.Width = max(w-11, 10)
	l.clampView()
}

func (l *pduLog) bodyHeight() int {
	return max(l.h-2-l.headCount(), 1)
}

// n is the number of rows (PDUs passing the filter).
func (l *pduLog) n() int {
	if l.idx == nil {
		return l.ring.Len()
	}
	return l.idx.Len()
}

func (l *pduLog) pos(i int) uint64 {
	if l.idx == nil {
		return l.ring.oldest() + uint64(i)
	}
	return l.idx.At(i)
}

// index is the row of the first PDU at or after position p.
func (l *pduLog) index(p uint64) int {
	if l.idx == nil {
		if p < l.ring.oldest() {
			return 0
		}
		return int(min(p-l.ring.oldest(), uint64(l.ring.Len())))
	}
	return l.idx.Search(p)
}

// noLink is the link of a row that is the tab's, not one link's (a rebind, a burst):
// it is in no table, so it neither names a link nor makes the rows name theirs.
const noLink uint8 = 255

func (l *pduLog) linkIndex(name string) uint8 {
	for i, n := range l.links {
		if n == name {
			return uint8(i)
		}
	}
	if len(l.links) >= int(noLink) {
		return 0
	}
	l.links = append(l.links, name)
	if len(l.links) == 2 {
		// Rows name their link once there are two: the rows cached before say none.
		l.cache = map[uint64]logLine{}
	}
	return uint8(len(l.links) - 1)
}

// Append adds PDUs from the session. Cost is O(1) per PDU without a text filter.
func (l *pduLog) Append(evs []smppclient.PDUEvent) {
	for i := range evs {
		l.push(&evs[i])
	}
	l.appended()
}

// push adds one PDU; appended must follow a run of pushes.
func (l *pduLog) push(ev *smppclient.PDUEvent) {
	raw := ev.Raw
	if len(raw) < wire.HeaderLen {
		// Keep what the header said so the row still names the command.
		raw = append(ev.Header.Append(nil), raw...)
	}
	p := l.ring.push(entry{at: ev.At.UnixNano(), raw: raw, link: l.linkIndex(ev.Link), dir: uint8(ev.Dir)}, ev.Note)
	e, _ := l.ring.at(p)
	req, learned := l.correlate(p, e)
	if l.idx != nil {
		if l.matches(p, e) {
			l.idx.Append(p)
		}
		if learned {
			l.refit(req)
		}
	}
}

// appended brings the filter index, the cache and the view up to date after pushes.
func (l *pduLog) appended() {
	if l.idx != nil {
		l.idx.Evict(l.ring.oldest())
	}
	if l.scan.active && l.scan.next < l.ring.oldest() {
		l.scan.active = false
	}
	if len(l.cache) > 4096 {
		l.cache = map[uint64]logLine{}
	}
	l.clampView()
}

// clampView keeps the selection and the first visible row valid after appends,
// evictions, filter changes and resizes.
func (l *pduLog) clampView() {
	n := l.n()
	if n == 0 {
		l.hasSel = false
		return
	}
	h := l.bodyHeight()
	var si int
	if l.follow || !l.hasSel {
		si = n - 1
	} else {
		si = min(l.index(l.sel), n-1)
	}
	ti := 0
	if !l.follow && l.hasSel {
		ti = min(l.index(l.top), n-1)
	}
	if l.follow {
		ti = max(n-h, 0)
	}
	if si < ti {
		ti = si
	}
	if si >= ti+h {
		ti = si - h + 1
	}
	ti = max(min(ti, n-h), 0)
	l.sel, l.top, l.hasSel = l.pos(si), l.pos(ti), true
}

// moveBy moves the selection by d rows; moving at all leaves follow mode.
func (l *pduLog) moveBy(d int) {
	n := l.n()
	if n == 0 {
		return
	}
	si := n - 1
	if l.hasSel {
		si = min(l.index(l.sel), n-1)
	}
	si = max(min(si+d, n-1), 0)
	l.follow = false
	l.sel, l.hasSel = l.pos(si), true
	l.clampView()
}

// Selected returns the position of the selected PDU.
func (l *pduLog) Selected() (uint64, bool) {
	if !l.hasSel {
		return 0, false
	}
	_, ok := l.ring.at(l.sel)
	return l.sel, ok
}

// neighbour returns the position of the PDU d rows from p, for stepping in the detail
// view; connection event rows are stepped over (they have no PDU to show).
func (l *pduLog) neighbour(p uint64, d int) (uint64, bool) {
	if d == 0 {
		return p, true
	}
	i := l.index(p)
	for {
		i += d
		if i < 0 || i >= l.n() {
			return 0, false
		}
		q := l.pos(i)
		if e, ok := l.ring.at(q); ok && e.isPDU() {
			return q, true
		}
	}
}

// SetFollow turns following the tail on or off.
func (l *pduLog) SetFollow(on bool) {
	l.follow = on
	l.clampView()
}

// line returns the cells of the row at p, from the cache or freshly dissected.
func (l *pduLog) line(p uint64, e *entry) logLine {
	if c, ok := l.cache[p]; ok {
		return c
	}
	return l.render(p, e)
}

// warm dissects the visible rows into the cache, so the frames that follow only read
// it. The root calls it once per message while the log is in view: View never fills it.
func (l *pduLog) warm() {
	if l.w < 4 || l.h < 3 {
		return
	}
	n := l.n()
	if n == 0 {
		return
	}
	ti := l.index(l.top)
	for i := ti; i < n && i < ti+l.bodyHeight(); i++ {
		p := l.pos(i)
		if _, ok := l.cache[p]; ok {
			continue
		}
		if e, ok := l.ring.at(p); ok {
			l.cache[p] = l.render(p, e)
		}
	}
}

// render dissects the PDU at p into its log line.
func (l *pduLog) render(p uint64, e *entry) logLine {
	if !e.isPDU() {
		return l.renderStory(e)
	}
	h := e.header()
	d := dissect.Dissect(e.raw, dissect.Options{ShowSecrets: l.showSecrets, SummaryText: l.summaryText()})
	cmd := d.Command
	if cmd == "" {
		cmd = wire.CommandName(h.ID)
	}
	var status string
	if h.Status != wire.StatusOK || h.ID == wire.GenericNack {
		status = wire.StatusName(h.Status)
	}
	note := l.ring.note(p)
	link := ""
	if l.showLinks() && int(e.link) < len(l.links) {
		link = l.links[e.link] + " "
	}
	dir := smppclient.Direction(e.dir)
	seq := "#" + strconv.FormatUint(uint64(h.Seq), 10)

	var plain strings.Builder
	plain.WriteString(link + dir.String() + " " + cmd + " " + seq + " ")
	if status != "" {
		plain.WriteString(status + " ")
	}
	plain.WriteString(d.Summary)
	if note != "" {
		plain.WriteString(" " + note)
	}

	arrow := l.st.Out.Render(dir.Arrow())
	if dir == smppclient.In {
		arrow = l.st.In.Render(dir.Arrow())
	}
	var t strings.Builder
	t.WriteString(l.st.Muted.Render(time.Unix(0, e.at).In(l.loc).Format("15:04:05.000")))
	t.WriteString(" " + l.st.Muted.Render(link) + arrow + " ")
	const cw = 21 // bind_transceiver_resp: one width at every size keeps the columns aligned
	t.WriteString(l.st.Text.Render(fmt.Sprintf("%-*s", cw, cmd)))
	t.WriteString(" " + l.st.Muted.Render(fmt.Sprintf("%-6s", seq)))
	if status != "" {
		t.WriteString(" " + l.st.Bad.Render(status))
	}
	if isInvalid(note) { // before the summary, so a long one cannot push it out of sight
		t.WriteString(" " + l.st.Bad.Render("[INVALID]"))
	}
	if d.Summary != "" {
		t.WriteString(" " + d.Summary)
	}
	if note != "" {
		t.WriteString(" " + l.st.Warn.Render("["+note+"]"))
	}
	return logLine{plain: plain.String(), text: t.String()}
}

// summaryText is how much of a message's text the row quotes: what the pane leaves after
// the time, direction, command, sequence number and destination, never under 40.
func (l *pduLog) summaryText() int { return max(40, l.w-73) }

// Update handles the log's keys; the root sends keys here only when the log is focused.
func (l *pduLog) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	// Bottom follows the log rather than selecting its current last line.
	if key.Matches(km, l.keys.Bottom) || key.Matches(km, l.keys.Follow) {
		l.SetFollow(true)
		return nil
	}
	if d, ok := l.keys.Step(km, l.n(), max(l.bodyHeight()-1, 1)); ok {
		l.moveBy(d)
		return nil
	}
	switch {
	case key.Matches(km, l.keys.Enquire):
		return l.ToggleEnquire()
	case key.Matches(km, l.keys.Clear):
		if l.filter != "" {
			l.input.SetValue("")
			return l.SetFilter("")
		}
	case key.Matches(km, l.keys.Open):
		if p, ok := l.Selected(); ok {
			if e, _ := l.ring.at(p); !e.isPDU() {
				// A connection event has no PDU to open: its whole text, which the row may cut.
				return msgCmd(noticeMsg{text: l.storyText(e)})
			}
			return openPDU(p)
		}
	case key.Matches(km, l.keys.Copy):
		if p, ok := l.Selected(); ok {
			if e, _ := l.ring.at(p); !e.isPDU() {
				return msgCmd(noticeMsg{text: "a connection event has no PDU octets to copy", bad: true})
			}
			return copyPDU(p)
		}
	}
	return nil
}

// View renders the pane; only the visible rows are read from the ring.
func (l *pduLog) View() string {
	if l.w < 4 || l.h < 3 {
		return ""
	}
	inner := l.w - 2
	bh := l.bodyHeight()
	body := append(make([]string, 0, bh+l.headCount()), l.headLines(inner)...)
	n := l.n()
	if n == 0 {
		msg := " no PDUs yet"
		if l.filtered() && l.ring.Len() > 0 {
			msg = " no PDU matches the filter"
		}
		body = append(body, l.st.Muted.Render(msg))
	} else {
		ti := l.index(l.top)
		si := l.index(l.sel)
		for i := ti; i < n && i < ti+bh; i++ {
			p := l.pos(i)
			e, ok := l.ring.at(p)
			if !ok {
				continue
			}
			c := l.line(p, e)
			if i == si && l.hasSel && l.focused { // the cursor only in the pane with the keys
				mark := ">"
				row := fit(mark+c.text, inner)
				if !l.st.NoColor {
					row = l.st.Selected.Render(fit(mark+ansi.Strip(c.text), inner))
				}
				body = append(body, row)
			} else {
				body = append(body, " "+c.text)
			}
		}
	}
	title := "PDU log"
	tst := l.st.Title
	pst := l.st.Pane
	if l.focused {
		tst, pst = l.st.TitleFocus, l.st.PaneFocused
	}
	return box(pst, tst, title, l.note(), body, l.w, l.h)
}

// note is the log's state in words, shown in its top border.
func (l *pduLog) note() string {
	var parts []string
	if l.filtered() {
		parts = append(parts, fmt.Sprintf("%d of %d", l.n(), l.ring.Len()))
	} else {
		parts = append(parts, fmt.Sprintf("%d PDUs", l.ring.pdus()))
	}
	if l.scan.active && l.scan.total > 0 {
		parts = append(parts, fmt.Sprintf("filtering %d%%", l.scan.done*100/l.scan.total))
	}
	if l.hideEnquire {
		parts = append(parts, "enquire_link hidden")
	}
	if l.follow {
		parts = append(parts, "following")
	} else {
		parts = append(parts, "paused (f follows)")
	}
	return strings.Join(parts, " · ")
}

// ShortHelp and FullHelp make the pane a help.KeyMap.
func (l *pduLog) ShortHelp() []key.Binding  { return l.keys.ShortHelp() }
func (l *pduLog) FullHelp() [][]key.Binding { return l.keys.FullHelp() }
