package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/ui/keys"
	"github.com/smppconsole/smppconsole/wire"
)

// Bounds of the messages pane's lists: the newest are kept.
const (
	maxReceiptRows = 10_000
	maxMORows      = 1_000
)

// sentRow is one submitted message with its parts grouped: what the SMSC answered to
// each submit_sm and what each receipt said.
type sentRow struct {
	local     int    // the form's number for it, before the session numbered it
	msg       uint64 // the session's number; 0 until known
	at        time.Time
	dest      string
	text      string
	parts     []partRow
	pending   bool   // Submit has not returned yet
	err       string // Submit failed: why (parts never sent)
	unmatched bool   // a receipt that matched no message this session sent
}

type partRow struct {
	seq        uint32
	done       bool
	outcome    smppclient.Outcome
	status     uint32
	messageID  string
	late       bool
	hasReceipt bool
	stat, err  string
	since      time.Duration
}

type moRow struct {
	at       time.Time
	from, to string
	text     string
	parts    int
	complete bool
}

// messagesPane is the receipts panel (one row per submitted message, updating live) with
// the mobile-originated messages below it.
type messagesPane struct {
	st   *Styles
	keys keys.Messages
	loc  *time.Location

	w, h    int
	focused bool

	rows    []*sentRow
	byMsg   map[uint64]*sentRow
	byLocal map[int]*sentRow
	mo      []moRow

	sel    int // selected row index in rows
	follow bool
}

func newMessagesPane(st *Styles, loc *time.Location) messagesPane {
	return messagesPane{st: st, keys: keys.DefaultMessages(), loc: loc,
		byMsg: map[uint64]*sentRow{}, byLocal: map[int]*sentRow{}, follow: true}
}

func (p *messagesPane) SetSize(w, h int) { p.w, p.h = w, h }

func (p *messagesPane) add(r *sentRow) {
	p.rows = append(p.rows, r)
	if len(p.rows) > maxReceiptRows {
		old := p.rows[0]
		delete(p.byMsg, old.msg)
		delete(p.byLocal, old.local)
		p.rows = p.rows[1:]
		p.sel = max(p.sel-1, 0)
	}
	if p.follow {
		p.sel = len(p.rows) - 1
	}
}

// Queued records a message the form handed to the session.
func (p *messagesPane) Queued(local int, at time.Time, dest, text string) {
	r := &sentRow{local: local, at: at, dest: dest, text: text, pending: true}
	p.byLocal[local] = r
	p.add(r)
}

// Submitted records Submit's return. Outcome events may have arrived first and made a
// row of their own; the two are merged.
func (p *messagesPane) Submitted(d submitDoneMsg) {
	r := p.byLocal[d.local]
	if r == nil {
		return
	}
	r.pending = false
	if d.err != nil {
		r.err = d.err.Error()
	}
	if d.msg == 0 {
		return
	}
	if early := p.byMsg[d.msg]; early != nil && early != r {
		r.parts = early.parts
		for i, x := range p.rows {
			if x == early {
				p.rows = append(p.rows[:i], p.rows[i+1:]...)
				if p.sel >= i {
					p.sel = max(p.sel-1, 0)
				}
				break
			}
		}
	}
	r.msg = d.msg
	p.byMsg[d.msg] = r
	if len(r.parts) < d.parts {
		r.parts = append(r.parts, make([]partRow, d.parts-len(r.parts))...)
	}
}

func (p *messagesPane) row(msg uint64, dest string, at time.Time) *sentRow {
	if r := p.byMsg[msg]; r != nil {
		return r
	}
	r := &sentRow{msg: msg, at: at, dest: dest, local: -int(msg)}
	p.byMsg[msg] = r
	p.add(r)
	return r
}

func (r *sentRow) part(i, n int) *partRow {
	if n > len(r.parts) {
		r.parts = append(r.parts, make([]partRow, n-len(r.parts))...)
	}
	if i < 1 || i > len(r.parts) {
		return nil
	}
	return &r.parts[i-1]
}

func (p *messagesPane) OnSubmit(ev smppclient.SubmitEvent) {
	r := p.row(ev.Msg, ev.Dest, ev.At)
	if pr := r.part(ev.Part, ev.Parts); pr != nil {
		pr.seq, pr.done, pr.outcome, pr.status, pr.messageID = ev.Seq, true, ev.Outcome, ev.Status, ev.MessageID
	}
}

func (p *messagesPane) OnLate(ev smppclient.LateEvent) {
	if r := p.byMsg[ev.Msg]; r != nil {
		if pr := r.part(ev.Part, 0); pr != nil {
			pr.late = true
			if ev.MessageID != "" {
				pr.messageID = ev.MessageID
			}
		}
	}
}

func (p *messagesPane) OnReceipt(ev smppclient.ReceiptEvent) {
	rc := ev.Receipt
	stat := rc.Stat
	if stat == "" {
		stat = rc.StatText
	}
	if !ev.Matched {
		r := &sentRow{at: ev.At, dest: "?", unmatched: true, local: -1}
		r.parts = []partRow{{done: true, messageID: rc.MessageID, hasReceipt: true, stat: stat, err: rc.Err}}
		p.add(r)
		return
	}
	r := p.row(ev.Msg, "", ev.At)
	if pr := r.part(ev.Part, 0); pr != nil {
		pr.hasReceipt, pr.stat, pr.err, pr.since = true, stat, rc.Err, ev.SinceSubmit
		if pr.messageID == "" {
			pr.messageID = rc.MessageID
		}
	}
}

func (p *messagesPane) OnMO(ev smppclient.MOEvent) {
	p.mo = append(p.mo, moRow{at: ev.At, from: ev.Source.Addr, to: ev.Dest.Addr, text: ev.Text, parts: ev.Parts, complete: ev.Complete})
	if len(p.mo) > maxMORows {
		p.mo = p.mo[1:]
	}
}

// Update handles the pane's keys.
func (p *messagesPane) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok || len(p.rows) == 0 {
		return nil
	}
	move := func(d int) {
		p.sel = max(min(p.sel+d, len(p.rows)-1), 0)
		p.follow = p.sel == len(p.rows)-1
	}
	switch {
	case key.Matches(km, p.keys.Up):
		move(-1)
	case key.Matches(km, p.keys.Down):
		move(1)
	case key.Matches(km, p.keys.PageUp):
		move(-p.receiptRows())
	case key.Matches(km, p.keys.PageDown):
		move(p.receiptRows())
	case key.Matches(km, p.keys.Top):
		move(-len(p.rows))
	case key.Matches(km, p.keys.Bottom):
		move(len(p.rows))
	case key.Matches(km, p.keys.Open):
		r := p.rows[p.sel]
		for _, pr := range r.parts {
			if pr.seq != 0 {
				return msgCmd(openSubmitMsg{pr.seq})
			}
		}
	}
	return nil
}

// moHeight is the lines the MO section takes (its header line included).
func (p *messagesPane) moHeight() int {
	inner := p.h - 2
	want := len(p.mo) + 1
	if len(p.mo) == 0 {
		want = 2
	}
	return min(want, max(inner/3, 2))
}

func (p *messagesPane) receiptRows() int { return max(p.h-2-1-p.moHeight(), 1) }

// columns of the receipts table, chosen by what fits: the id column takes what is left.
type recCols struct{ time, dest, submit, stat, err, after, id int }

func (p *messagesPane) cols(w int) recCols {
	// Every column is followed by one space; the row starts with the selection mark.
	c := recCols{dest: 14, submit: 11, stat: 11, err: 4, after: 6}
	used := 1 + (c.dest + 1) + (c.submit + 1) + (c.stat + 1) + (c.err + 1) + (c.after + 1)
	if w-used-1 >= 12+9 {
		c.time = 8
		used += 9
	}
	c.id = w - used - 1
	if c.id < 8 {
		// Narrow: drop the time to receipt before the message id.
		used -= c.after + 1
		c.after = 0
		c.id = w - used - 1
	}
	c.id = max(c.id, 0)
	return c
}

func (p *messagesPane) View() string {
	if p.w < 10 || p.h < 4 {
		return ""
	}
	inner := p.w - 2
	c := p.cols(inner)
	var body []string
	hdr := " " + col("time", c.time) + col("to", c.dest) + col("message id", c.id) + col("submit", c.submit) +
		col("receipt", c.stat) + col("err", c.err) + col("after", c.after)
	body = append(body, p.st.Muted.Render(hdr))
	rh := p.receiptRows()
	if len(p.rows) == 0 {
		body = append(body, p.st.Muted.Render(" no messages sent yet: n composes one"))
	} else {
		top := 0
		if p.sel >= rh {
			top = p.sel - rh + 1
		}
		for i := top; i < len(p.rows) && i < top+rh; i++ {
			body = append(body, p.renderRow(p.rows[i], c, i == p.sel, inner))
		}
	}
	for len(body) < rh+1 {
		body = append(body, "")
	}
	body = append(body, p.moLines(inner)...)
	title := "Receipts"
	tst, pst := p.st.Title, p.st.Pane
	if p.focused {
		tst, pst = p.st.TitleFocus, p.st.PaneFocused
	}
	note := fmt.Sprintf("%d sent", len(p.rows))
	return box(pst, tst, title, note, body, p.w, p.h)
}

func col(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return fit(s, w) + " "
}

// renderRow shows one message; parts are grouped: "2/3 ok", "DELIVRD 1/2".
func (p *messagesPane) renderRow(r *sentRow, c recCols, selected bool, w int) string {
	st := p.st
	at := r.at.In(p.loc).Format("15:04:05")
	dest := r.dest
	if r.unmatched {
		dest = "unmatched"
	}
	// Message ids: the first, and how many more.
	var ids []string
	for _, pr := range r.parts {
		if pr.messageID != "" {
			ids = append(ids, pr.messageID)
		}
	}
	id := strings.Join(ids, ",")
	if len(ids) > 1 && len(id) > c.id {
		id = fmt.Sprintf("%s +%d", ids[0], len(ids)-1)
	}
	submit, sstyle := r.submitText()
	stat, rstyle := r.receiptText(st)
	errText, after := "", ""
	for _, pr := range r.parts {
		if pr.hasReceipt {
			if errText == "" {
				errText = pr.err
			}
			if pr.since > 0 {
				after = fmtDuration(pr.since)
			}
		}
	}
	mark := " "
	if selected && p.focused {
		mark = ">"
	}
	if selected && p.focused && !st.NoColor {
		plain := mark + col(at, c.time) + col(dest, c.dest) + col(id, c.id) + col(submit, c.submit) +
			col(stat, c.stat) + col(errText, c.err) + col(after, c.after)
		return st.Selected.Render(fit(plain, w))
	}
	return mark + st.Muted.Render(col(at, c.time)) + st.Text.Render(col(dest, c.dest)) + st.Text.Render(col(id, c.id)) +
		sstyle(st).Render(col(submit, c.submit)) + rstyle.Render(col(stat, c.stat)) + st.Text.Render(col(errText, c.err)) +
		st.Muted.Render(col(after, c.after))
}

// submitText sums up the submit_sm_resp of every part.
func (r *sentRow) submitText() (string, func(*Styles) lipglossStyle) {
	if r.unmatched {
		return "", mutedStyle
	}
	if r.err != "" && r.allUnsent() {
		return "not sent", badStyle
	}
	if r.pending && len(r.parts) == 0 {
		return "sending", warnStyle
	}
	n, ok, done := len(r.parts), 0, 0
	var firstBad *partRow
	for i := range r.parts {
		pr := &r.parts[i]
		if !pr.done {
			continue
		}
		done++
		if pr.outcome == smppclient.Accepted {
			ok++
		} else if firstBad == nil {
			firstBad = pr
		}
	}
	switch {
	case firstBad != nil:
		s := firstBad.outcome.String()
		if firstBad.outcome == smppclient.Rejected {
			s = strings.TrimPrefix(wire.StatusName(firstBad.status), "ESME_")
		}
		if n > 1 {
			s = fmt.Sprintf("%s %d/%d", s, n-ok, n)
		}
		return s, badStyle
	case done < n || n == 0:
		if n > 1 {
			return fmt.Sprintf("sent %d/%d", done, n), warnStyle
		}
		return "sent", warnStyle
	}
	if n > 1 {
		return fmt.Sprintf("ok %d/%d", ok, n), goodStyle
	}
	return "ok", goodStyle
}

func (r *sentRow) allUnsent() bool {
	for _, pr := range r.parts {
		if pr.done {
			return false
		}
	}
	return true
}

// receiptText sums up the receipts: the stat when all parts agree, else the first
// part's with a count.
func (r *sentRow) receiptText(st *Styles) (string, lipglossStyle) {
	n, got := len(r.parts), 0
	stat := ""
	same := true
	for _, pr := range r.parts {
		if !pr.hasReceipt {
			continue
		}
		got++
		if stat == "" {
			stat = pr.stat
		} else if pr.stat != stat {
			same = false
		}
	}
	if got == 0 {
		return "", st.Muted
	}
	style := st.Warn
	switch stat {
	case "DELIVRD":
		style = st.Good
	case "UNDELIV", "REJECTD", "EXPIRED", "DELETED", "UNKNOWN":
		style = st.Bad
	}
	if got < n || !same {
		return fmt.Sprintf("%s %d/%d", stat, got, n), style
	}
	return stat, style
}

func (p *messagesPane) moLines(w int) []string {
	h := p.moHeight()
	head := fmt.Sprintf("── MO (%d) ", len(p.mo))
	lines := []string{p.st.Title.Render(head) + p.st.Muted.Render(strings.Repeat("─", max(w-len([]rune(head)), 0)))}
	if len(p.mo) == 0 {
		return append(lines, p.st.Muted.Render(" no mobile-originated messages yet"))
	}
	start := max(len(p.mo)-(h-1), 0)
	for _, m := range p.mo[start:] {
		text := strings.NewReplacer("\n", "⏎", "\r", "").Replace(m.text)
		s := " " + p.st.Muted.Render(m.at.In(p.loc).Format("15:04:05")) + " " + p.st.Text.Render(m.from+" → "+m.to) + " "
		if m.parts > 1 {
			s += p.st.Muted.Render(fmt.Sprintf("(%d parts) ", m.parts))
		}
		if !m.complete {
			s += p.st.Warn.Render("(partial) ")
		}
		lines = append(lines, s+p.st.Text.Render(fmt.Sprintf("%q", text)))
	}
	return lines
}

func (p *messagesPane) ShortHelp() []key.Binding  { return p.keys.ShortHelp() }
func (p *messagesPane) FullHelp() [][]key.Binding { return p.keys.FullHelp() }

type lipglossStyle = lipgloss.Style

func goodStyle(st *Styles) lipglossStyle  { return st.Good }
func warnStyle(st *Styles) lipglossStyle  { return st.Warn }
func badStyle(st *Styles) lipglossStyle   { return st.Bad }
func mutedStyle(st *Styles) lipglossStyle { return st.Muted }
