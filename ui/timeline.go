package ui

import (
	"fmt"
	"sort"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/ui/keys"
	"github.com/smppconsole/smppconsole/wire"
)

// pduRef names a PDU in the log by what the session reported of it: the link, the
// command, the sequence_number and the direction. The log finds it while it is retained.
type pduRef struct {
	link string // "" matches any link
	id   uint32 // command_id
	seq  uint32
	dir  smppclient.Direction
}

func (r pduRef) String() string { return fmt.Sprintf("%s #%d", wire.CommandName(r.id), r.seq) }

// openRefMsg asks the root to open the PDU a timeline or MO row links to.
type openRefMsg struct{ ref pduRef }

// find returns the position of the referenced PDU if it is still retained.
func (l *pduLog) find(r pduRef) (uint64, bool) {
	link := -1
	if r.link != "" {
		for i, n := range l.links {
			if n == r.link {
				link = i
			}
		}
	}
	pos, ok := l.ring.find(link, r.id, r.seq, uint8(r.dir))
	if !ok && r.id == wire.DeliverSM {
		// Some SMSCs carry receipts and MO messages in data_sm.
		return l.ring.find(link, wire.DataSM, r.seq, uint8(r.dir))
	}
	return pos, ok
}

// refLine is one line of a timeline or an MO detail; a line with a ref opens that PDU.
type refLine struct {
	text string // styled
	ref  *pduRef
	part int // the message part the line is about (0-based); -1 for the message's own lines
}

// refList is the selection and scroll over a few refLines, which their owner rebuilds
// on every view (a message has a handful of parts, so this stays cheap).
type refList struct {
	sel, top int
}

// update moves the selection or opens the selected line's PDU.
func (l *refList) update(km tea.KeyMsg, k keys.Messages, lines []refLine, h int) tea.Cmd {
	n := len(lines)
	if n == 0 {
		return nil
	}
	if d, ok := k.Step(km, n, max(h-1, 1)); ok {
		l.sel = max(min(l.sel+d, n-1), 0)
	} else if key.Matches(km, k.Open) && l.sel < n && lines[l.sel].ref != nil {
		return msgCmd(openRefMsg{*lines[l.sel].ref})
	}
	return nil
}

// clamped is the selection and scroll over n lines shown h at a time: the selection
// within the lines, and the window moved as little as keeps it in view.
func (l refList) clamped(n, h int) refList {
	l.sel = max(min(l.sel, n-1), 0)
	if l.sel < l.top {
		l.top = l.sel
	}
	if l.sel >= l.top+h {
		l.top = l.sel - h + 1
	}
	l.top = max(min(l.top, n-h), 0)
	return l
}

// view renders h lines of w columns around the selection.
func (l refList) view(st *Styles, lines []refLine, w, h int, focused bool) []string {
	l = l.clamped(len(lines), h)
	var out []string
	for i := l.top; i < len(lines) && i < l.top+h; i++ {
		if i == l.sel {
			if focused && !st.NoColor {
				out = append(out, st.Selected.Render(fit(">"+ansi.Strip(lines[i].text), w)))
			} else {
				out = append(out, fit(">"+lines[i].text, w))
			}
			continue
		}
		out = append(out, fit(" "+lines[i].text, w))
	}
	return out
}

// timelineLines is a message's story: for each part its submit_sm, its submit_sm_resp
// (or what happened instead) and every receipt, with times; PDU lines open the PDU.
func (p *messagesPane) timelineLines(r *sentRow) []refLine {
	st := p.st
	clock := func(t time.Time) string { return st.Muted.Render(t.In(p.loc).Format("15:04:05.000")) }
	var out []refLine
	part := -1
	add := func(s string, ref *pduRef) { out = append(out, refLine{text: s, ref: ref, part: part}) }
	dest := r.dest
	if r.unmatched {
		dest = "a message this session did not send"
	}
	head := st.Bold.Render("to " + dest)
	if w := r.receiptWant(); w != "" {
		head += st.Muted.Render(" · ") + st.Text.Render(w)
	}
	add(head, nil)
	if r.err != "" {
		add(st.Bad.Render("not sent: "+r.err), nil)
	}
	if r.pending && len(r.parts) == 0 {
		add(st.Warn.Render("waiting for room in the window"), nil)
	}
	n := len(r.parts)
	for i := range r.parts {
		pr := &r.parts[i]
		part = i
		if n > 1 || r.unmatched {
			add(st.Title.Render(fmt.Sprintf("part %d/%d", i+1, n))+idSuffix(st, pr.messageID), nil)
		} else if pr.messageID != "" {
			add(st.Title.Render("message_id "+pr.messageID), nil)
		}
		// The part's events in the order they happened: a receipt often overtakes its
		// submit_sm_resp, and a late response comes after the time-out.
		var evs []tlEvent
		at := func(t time.Time, line string, ref *pduRef) { evs = append(evs, tlEvent{t, line, ref}) }
		if pr.seq != 0 {
			sub := &pduRef{id: pr.requestID(), seq: pr.seq, dir: smppclient.Out}
			when, t := st.Muted.Render("            "), time.Time{}
			if pr.done && !pr.at.IsZero() {
				t = pr.at.Add(-pr.latency)
				when = clock(t)
			}
			at(t, when+" "+st.Out.Render("->")+" "+st.Text.Render(sub.String()), sub)
		}
		switch {
		case !pr.done && !r.unmatched:
			at(time.Time{}, st.Muted.Render("             waiting for submit_sm_resp"), nil)
		case pr.done && pr.seq != 0 && (pr.outcome == smppclient.Accepted || pr.outcome == smppclient.Rejected):
			resp := &pduRef{id: pr.requestID() | wire.ResponseBit, seq: pr.seq, dir: smppclient.In}
			what := st.Good.Render("ESME_ROK")
			if pr.outcome == smppclient.Rejected {
				what = st.Bad.Render(statusWords(pr.status))
			}
			at(pr.at, clock(pr.at)+" "+st.In.Render("<-")+" "+st.Text.Render(resp.String())+" "+what+
				st.Muted.Render(" after "+fmtDuration(pr.latency)), resp)
			for _, l := range respDetail(st, pr) {
				at(pr.at, l, resp)
			}
		case pr.done && !r.unmatched:
			words := outcomeWords(pr)
			if pr.outcome == smppclient.TimedOut { // a late response has its own row below
				words = timeoutWords(pr)
			}
			at(pr.at, clock(pr.at)+" "+st.Bad.Render(words), nil)
		}
		if pr.late != nil {
			resp := &pduRef{id: pr.requestID() | wire.ResponseBit, seq: pr.seq, dir: smppclient.In}
			what := st.Good.Render("ESME_ROK")
			if pr.late.status != wire.StatusOK {
				what = st.Bad.Render(statusWords(pr.late.status))
			}
			at(pr.late.at, clock(pr.late.at)+" "+st.In.Render("<-")+" "+st.Text.Render(resp.String())+" "+what+" "+
				st.Warn.Render("late, after "+fmtDuration(pr.late.after)), resp)
		}
		for _, rc := range pr.receipts {
			ref := &pduRef{link: rc.link, id: wire.DeliverSM, seq: rc.seq, dir: smppclient.In}
			name := "receipt"
			if rc.seq == 0 {
				ref = nil // not reported by the session: nothing to find it by
			} else {
				name = ref.String()
			}
			s := clock(rc.at) + " " + st.In.Render("<-") + " " + st.Text.Render(name) + " " + receiptStyle(st, rc.stat).Render(rc.stat)
			if rc.err != "" {
				s += st.Muted.Render(" err ") + st.Text.Render(rc.err)
			}
			if rc.since > 0 {
				s += st.Muted.Render(" after " + fmtDuration(rc.since))
			}
			at(rc.at, s, ref)
		}
		for _, o := range pr.ops {
			for _, e := range opEvents(st, clock, o) {
				at(e.at, e.line, e.ref)
			}
		}
		// Untimed rows (not yet sent, still waiting) keep their place at the end.
		sort.SliceStable(evs, func(i, j int) bool {
			if evs[i].at.IsZero() || evs[j].at.IsZero() {
				return !evs[i].at.IsZero() && evs[j].at.IsZero()
			}
			return evs[i].at.Before(evs[j].at)
		})
		for _, e := range evs {
			add(e.line, e.ref)
		}
	}
	return out
}

// tlEvent is one row of a part's timeline, with the time it is ordered by.
type tlEvent struct {
	at   time.Time
	line string
	ref  *pduRef
}

func idSuffix(st *Styles, id string) string {
	if id == "" {
		return ""
	}
	return st.Muted.Render(" · message_id ") + st.Text.Render(id)
}

// openTimeline shows the selected message's timeline in place of the table.
func (p *messagesPane) openTimeline() {
	if p.sel < len(p.rows) {
		p.tl, p.tlList = p.rows[p.sel], refList{}
		// Start on the first line that opens a PDU: the first submit_sm.
		for i, l := range p.timelineLines(p.tl) {
			if l.ref != nil {
				p.tlList.sel = i
				break
			}
		}
	}
}

// timelinePart is the part the timeline's line i is about, -1 for none.
func (p *messagesPane) timelinePart(r *sentRow, i int) int {
	lines := p.timelineLines(r)
	if i < 0 || i >= len(lines) {
		return -1
	}
	return lines[i].part
}
