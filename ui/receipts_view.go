package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// split shares the pane's height between the receipts box and the MO box below it: the
// MO box shows its newest rows, and grows to half or more when it has the focus.
func (p *messagesPane) split() (recH, moH int) {
	h := p.h
	switch {
	case p.mo.focused:
		moH = max(h/2, min(h, 8))
	case p.tl != nil && h < 16:
		moH = 0 // a timeline at a small size takes the whole pane until tab moves on
	default:
		moH = min(max(len(p.mo.rows), 1)+2, max(h/3, 3))
	}
	if h-moH < 3 {
		moH = h
	}
	if moH < 3 {
		moH = 0
	}
	return h - moH, moH
}

// settle sizes the MO box to its share of the pane and keeps the open timeline's
// selection and scroll within its lines; the share moves with the focus, an open
// timeline and the MO count, so the root settles the pane after every message too.
func (p *messagesPane) settle() {
	recH, moH := p.split()
	if moH > 0 {
		p.mo.SetSize(p.w, moH)
	}
	if p.tl != nil && recH > 0 {
		p.tlList = p.tlList.clamped(len(p.timelineLines(p.tl)), max(recH-2, 1))
	}
}

// innerH is the receipts box's inner height.
func (p *messagesPane) innerH() int {
	recH, _ := p.split()
	return max(recH-2, 1)
}

func (p *messagesPane) View() string {
	if p.w < 10 || p.h < 3 {
		return ""
	}
	recH, moH := p.split()
	var out []string
	if recH > 0 {
		out = append(out, p.receiptsView(recH))
	}
	if moH > 0 {
		out = append(out, p.mo.View())
	}
	return strings.Join(out, "\n")
}

// recCells are one message's cells, each in full; the view fits them to the columns.
type recCells struct {
	at, dest, id, submit, stat, err, after string
	sstyle, rstyle                         lipgloss.Style
}

func (p *messagesPane) cells(r *sentRow) recCells {
	c := recCells{at: r.at.In(p.loc).Format("15:04:05"), dest: r.dest}
	switch {
	case r.owner != "":
		c.dest = "for " + r.owner
	case r.unmatched:
		c.dest = "unmatched"
	}
	var ids []string
	for _, pr := range r.parts {
		if pr.messageID != "" {
			ids = append(ids, pr.messageID)
		}
	}
	c.id = strings.Join(ids, ",")
	if len(ids) > 2 {
		c.id = fmt.Sprintf("%s +%d", ids[0], len(ids)-1)
	}
	s, sf := r.submitText()
	c.submit, c.sstyle = s, sf(p.st)
	c.stat, c.rstyle = r.receiptText(p.st)
	for _, pr := range r.parts {
		if pr.hasReceipt {
			if c.err == "" {
				c.err = pr.err
			}
			if pr.since > 0 {
				c.after = fmtDuration(pr.since)
			}
		}
	}
	return c
}

// recCols are the column widths; 0 hides a column.
type recCols struct{ time, dest, id, submit, stat, err, after int }

// recColumns sizes the columns from their content and the width w (the selection mark
// excluded): the destination, the receipt, err and after are never cut; then the submit
// outcome and the message id share what is left, the outcome in full if it can be (a row
// whose outcome is still cut shows it in full on a line of its own); the time comes last.
func recColumns(w int, cs []recCells) recCols {
	c := recCols{dest: len("to"), id: 2, submit: len("submit"), stat: len("receipt"), err: len("err"), after: len("after")}
	for _, x := range cs {
		c.dest = max(c.dest, ansi.StringWidth(x.dest))
		c.id = max(c.id, ansi.StringWidth(x.id))
		c.submit = max(c.submit, ansi.StringWidth(x.submit))
		c.stat = max(c.stat, ansi.StringWidth(x.stat))
		c.err = max(c.err, ansi.StringWidth(x.err))
		c.after = max(c.after, ansi.StringWidth(x.after))
	}
	const minSubmit = 10
	rest := w - (c.dest + 1) - (c.stat + 1) - (c.err + 1) - (c.after + 1)
	switch {
	case rest >= c.submit+1+c.id+1:
	case rest-(c.id+1) >= minSubmit+1:
		c.submit = rest - (c.id + 1) - 1
	default:
		c.submit = max(min(c.submit, rest-1), 6)
		c.id = rest - (c.submit + 1) - 1
		if c.id < 6 {
			c.id = 0
		}
	}
	rest -= c.submit + 1
	if c.id > 0 {
		rest -= c.id + 1
		// The header reads "message id" when there is room for it.
		if grow := min(len("message id")-c.id, rest-9); grow > 0 && rest-grow >= 9 {
			c.id += grow
			rest -= grow
		}
	}
	if rest >= 9 {
		c.time = 8
	}
	return c
}

// rowLines renders one message: one line, and a second with the whole submit outcome
// when its column had to cut it.
func (p *messagesPane) rowLines(x recCells, c recCols, selected bool, w int) []string {
	st := p.st
	mark := " "
	if selected && p.focused {
		mark = ">"
	}
	var line string
	if selected && p.focused && !st.NoColor {
		plain := mark + col(x.at, c.time) + col(x.dest, c.dest) + col(x.id, c.id) + col(x.submit, c.submit) +
			col(x.stat, c.stat) + col(x.err, c.err) + col(x.after, c.after)
		line = st.Selected.Render(fit(plain, w))
	} else {
		line = mark + st.Muted.Render(col(x.at, c.time)) + st.Text.Render(col(x.dest, c.dest)) + st.Text.Render(col(x.id, c.id)) +
			x.sstyle.Render(col(x.submit, c.submit)) + x.rstyle.Render(col(x.stat, c.stat)) + st.Text.Render(col(x.err, c.err)) +
			st.Muted.Render(col(x.after, c.after))
	}
	if ansi.StringWidth(x.submit) <= c.submit {
		return []string{line}
	}
	return []string{line, "   " + x.sstyle.Render(clip(x.submit, max(w-3, 1)))}
}

func (p *messagesPane) receiptsView(h int) string {
	tst, pst := p.st.Title, p.st.Pane
	if p.focused {
		tst, pst = p.st.TitleFocus, p.st.PaneFocused
	}
	inner := p.w - 2
	rh := max(h-2, 1)
	if p.tl != nil {
		body := p.tlList.view(p.st, p.timelineLines(p.tl), inner, rh, p.focused)
		return box(pst, tst, "Message timeline", "enter opens a PDU · esc back", body, p.w, h)
	}
	var body []string
	n := len(p.rows)
	if n == 0 {
		body = append(body, p.st.Muted.Render(" no messages sent yet: n composes one"))
	} else {
		// Columns are sized from the rows that can be in view around the selection.
		lo, hi := max(p.sel-rh, 0), min(p.sel+rh+1, n)
		cs := make([]recCells, hi-lo)
		for i := lo; i < hi; i++ {
			cs[i-lo] = p.cells(p.rows[i])
		}
		c := recColumns(inner-1, cs)
		body = append(body, p.st.Muted.Render(" "+col("time", c.time)+col("to", c.dest)+col("message id", c.id)+
			col("submit", c.submit)+col("receipt", c.stat)+col("err", c.err)+col("after", c.after)))
		height := func(i int) int {
			if ansi.StringWidth(cs[i-lo].submit) > c.submit {
				return 2
			}
			return 1
		}
		// The selected row is in view, as low as it needs to be.
		top, used := p.sel, height(p.sel)
		for top > lo && used+height(top-1) <= rh-1 {
			top--
			used += height(top)
		}
		for i := top; i < hi && len(body) < rh; i++ {
			body = append(body, p.rowLines(cs[i-lo], c, i == p.sel, inner)...)
		}
	}
	parts := 0
	for _, r := range p.rows {
		parts += len(r.parts)
	}
	return box(pst, tst, "Receipts", countLabel(parts, n), body, p.w, h)
}

func col(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return fit(s, w) + " "
}

// statusWords is a command_status in full: "ESME_RTHROTTLED (0x58)".
func statusWords(s uint32) string { return fmt.Sprintf("%s (0x%02X)", wire.StatusName(s), s) }

// outcomeWords is how a part that was not accepted ended, in full.
func outcomeWords(pr *partRow) string {
	switch pr.outcome {
	case smppclient.Rejected:
		return statusWords(pr.status)
	case smppclient.TimedOut:
		s := timeoutWords(pr)
		// The response came after all: the SMSC's verdict is what the operator needs.
		if l := pr.late; l != nil {
			verdict := "accepted late"
			if l.status != wire.StatusOK {
				verdict = "late " + statusWords(l.status)
			}
			s += fmt.Sprintf(", %s (%s)", verdict, fmtDuration(l.after))
		}
		return s
	case smppclient.ConnectionLost:
		return "connection lost before submit_sm_resp"
	}
	return pr.outcome.String()
}

// timeoutWords is a time-out on its own: "timed out after 10s".
func timeoutWords(pr *partRow) string {
	if pr.latency > 0 {
		return "timed out after " + roundDuration(pr.latency)
	}
	return "timed out"
}

// roundDuration shows a configured-looking duration as one: 10s, 2.5s, not 10.00s.
func roundDuration(d time.Duration) string {
	if d < time.Second {
		return fmtDuration(d)
	}
	d = d.Round(100 * time.Millisecond)
	if d%time.Second == 0 {
		return fmt.Sprintf("%ds", int(d.Seconds()))
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

// submitText sums up the submit_sm_resp of every part, naming the part that failed.
func (r *sentRow) submitText() (string, func(*Styles) lipglossStyle) {
	if r.unmatched {
		return "", mutedStyle
	}
	if r.err != "" && r.allUnsent() {
		return "not sent: " + r.err, badStyle
	}
	if r.pending && len(r.parts) == 0 {
		return "sending", warnStyle
	}
	n, ok, done, bad := len(r.parts), 0, 0, 0
	first := -1
	for i := range r.parts {
		pr := &r.parts[i]
		if !pr.done {
			continue
		}
		done++
		if pr.outcome == smppclient.Accepted {
			ok++
			continue
		}
		bad++
		if first < 0 {
			first = i
		}
	}
	switch {
	case first >= 0:
		s := outcomeWords(&r.parts[first])
		if n > 1 {
			s = fmt.Sprintf("part %d/%d: %s", first+1, n, s)
			if bad > 1 {
				s += fmt.Sprintf(" (%d of %d failed)", bad, n)
			}
		}
		return s, badStyle
	case done < n || n == 0:
		if n > 1 {
			return fmt.Sprintf("sent %d/%d", done, n), warnStyle
		}
		return "sent", warnStyle
	}
	if refused := r.refused(); refused != "" {
		return refused, warnStyle
	}
	if n > 1 {
		return fmt.Sprintf("ok %d/%d", ok, n), goodStyle
	}
	return "ok", goodStyle
}

// refused sums up submit_multi's refused destinations: "ok, 1 refused: 447700900003
// ESME_RINVDSTADR (0x0B)"; "" when none was.
func (r *sentRow) refused() string {
	var un []string
	for _, pr := range r.parts {
		for _, u := range pr.unsuccess {
			un = append(un, string(u.Addr.Addr)+" "+statusWords(u.Status))
		}
	}
	if len(un) == 0 {
		return ""
	}
	return fmt.Sprintf("ok, %d refused: %s", len(un), strings.Join(un, ", "))
}

func (r *sentRow) allUnsent() bool {
	for _, pr := range r.parts {
		if pr.done {
			return false
		}
	}
	return true
}

// receiptWant is what registered_delivery asked for, in words, for the timeline.
func (r *sentRow) receiptWant() string {
	switch {
	case r.owner != "":
		return "a receipt for " + r.owner + "'s message"
	case r.unmatched:
		return "unmatched receipt"
	case !r.receiptKnown:
		return "" // learnt of from events only: what it asked for is not known
	case r.noReceipt:
		return "no receipt requested"
	}
	return "receipt requested"
}

func receiptStyle(st *Styles, stat string) lipglossStyle {
	switch stat {
	case "DELIVRD":
		return st.Good
	case "UNDELIV", "REJECTD", "EXPIRED", "DELETED", "UNKNOWN":
		return st.Bad
	}
	return st.Warn
}

// receiptText sums up the receipts: the stat when all parts agree, else the first
// part's with a count; a message that asked for none says so.
func (r *sentRow) receiptText(st *Styles) (string, lipglossStyle) {
	n, got := len(r.parts), 0
	stat := ""
	same := true
	accepted := false
	for _, pr := range r.parts {
		if pr.done && pr.outcome == smppclient.Accepted {
			accepted = true
		}
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
		switch {
		case r.noReceipt:
			return "no receipt requested", st.Muted
		case accepted:
			return "awaiting", st.Muted
		}
		return "", st.Muted
	}
	if got < n || !same {
		return fmt.Sprintf("%s %d/%d", stat, got, n), receiptStyle(st, stat)
	}
	return stat, receiptStyle(st, stat)
}

type lipglossStyle = lipgloss.Style

func goodStyle(st *Styles) lipglossStyle  { return st.Good }
func warnStyle(st *Styles) lipglossStyle  { return st.Warn }
func badStyle(st *Styles) lipglossStyle   { return st.Bad }
func mutedStyle(st *Styles) lipglossStyle { return st.Muted }
