package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/ui/keys"
	"github.com/smppconsole/smppconsole/wire"
)

// moPane is the list of mobile-originated messages: focused with tab like the other
// panes, scrolled, and enter opens a message's detail (its whole text, wrapped, and the
// deliver_sm of each part, which open in the PDU view).
type moPane struct {
	st   *Styles
	keys keys.Messages
	loc  *time.Location

	focused bool
	w, h    int // outer size, set by the messages pane when it shows the MO box

	rows   []moRow
	sel    int
	follow bool

	open  *moRow // a copy of the message whose detail is shown in place of the list
	dlist refList
}

type moRow struct {
	at         time.Time
	link       string
	from, to   string
	text       string
	dataCoding byte
	parts      int
	complete   bool
	seqs       []uint32
}

func newMOPane(st *Styles, loc *time.Location) moPane {
	return moPane{st: st, keys: keys.DefaultMO(), loc: loc, follow: true}
}

func (p *moPane) OnMO(ev smppclient.MOEvent) {
	p.rows = append(p.rows, moRow{at: ev.At, link: ev.Link, from: ev.Source.Addr, to: ev.Dest.Addr, text: ev.Text,
		dataCoding: ev.DataCoding, parts: ev.Parts, complete: ev.Complete, seqs: ev.Seqs})
	if len(p.rows) > maxMORows {
		p.rows = p.rows[1:]
		p.sel = max(p.sel-1, 0)
	}
	if p.follow {
		p.sel = len(p.rows) - 1
	}
}

// Update handles the MO pane's keys: the list's, or the open detail's.
func (p *moPane) Update(msg tea.Msg) tea.Cmd {
	cmd := p.update(msg)
	p.settle()
	return cmd
}

func (p *moPane) update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	inner := max(p.h-2, 1)
	if p.open != nil {
		if key.Matches(km, p.keys.Back) {
			p.open = nil
			return nil
		}
		return p.dlist.update(km, p.keys, p.detailLines(p.open, p.w-2), inner)
	}
	n := len(p.rows)
	if n == 0 {
		return nil
	}
	if d, ok := p.keys.Step(km, n, max(inner-1, 1)); ok {
		p.sel = max(min(p.sel+d, n-1), 0)
		p.follow = p.sel == n-1
		return nil
	}
	switch {
	case key.Matches(km, p.keys.Open):
		m := p.rows[p.sel]
		p.open, p.dlist = &m, refList{}
		// The detail's first PDU line is where enter goes next.
		for i, l := range p.detailLines(p.open, p.w-2) {
			if l.ref != nil {
				p.dlist.sel = i
				break
			}
		}
	}
	return nil
}

// detailLines is an MO message in full: who, when, how, its text wrapped to w, and a
// line per part that opens its deliver_sm.
func (p *moPane) detailLines(m *moRow, w int) []refLine {
	st := p.st
	var out []refLine
	add := func(s string, ref *pduRef) { out = append(out, refLine{text: s, ref: ref}) }
	add(st.Bold.Render(m.from+" → "+m.to), nil)
	info := "received " + m.at.In(p.loc).Format("15:04:05.000") + fmt.Sprintf(" · data_coding 0x%02X", m.dataCoding)
	if m.parts > 1 {
		info += fmt.Sprintf(" · %d parts", m.parts)
	}
	add(st.Muted.Render(info), nil)
	if !m.complete {
		add(st.Warn.Render("partial: not every part arrived before the reassembly timeout"), nil)
	}
	for _, l := range wrapWords(m.text, max(w-2, 10)) {
		add(st.Text.Render(l), nil)
	}
	if len(m.seqs) == 0 {
		add(st.Muted.Render("(the session did not report the deliver_sm sequence numbers)"), nil)
	}
	for i, seq := range m.seqs {
		ref := &pduRef{link: m.link, id: wire.DeliverSM, seq: seq, dir: smppclient.In}
		s := st.In.Render("<-") + " " + st.Text.Render(ref.String())
		if len(m.seqs) > 1 {
			s += st.Muted.Render(fmt.Sprintf(" part %d/%d", i+1, len(m.seqs)))
		}
		add(s, ref)
	}
	return out
}

// SetSize sets the outer size, borders included.
func (p *moPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.settle()
}

// settle keeps the open detail's selection and scroll within its lines.
func (p *moPane) settle() {
	if p.open != nil {
		p.dlist = p.dlist.clamped(len(p.detailLines(p.open, p.w-2)), max(p.h-2, 1))
	}
}

// View renders the pane, borders included.
func (p *moPane) View() string {
	w, h := p.w, p.h
	tst, pst := p.st.Title, p.st.Pane
	if p.focused {
		tst, pst = p.st.TitleFocus, p.st.PaneFocused
	}
	inner, ih := w-2, max(h-2, 1)
	if p.open != nil {
		body := p.dlist.view(p.st, p.detailLines(p.open, inner), inner, ih, p.focused)
		return box(pst, tst, "MO message", "enter opens deliver_sm · esc back", body, w, h)
	}
	var body []string
	n := len(p.rows)
	if n == 0 {
		body = append(body, p.st.Muted.Render(" no mobile-originated messages yet"))
	}
	top := 0
	if p.sel >= ih {
		top = p.sel - ih + 1
	}
	if p.follow {
		top = max(n-ih, 0)
	}
	for i := top; i < n && i < top+ih; i++ {
		body = append(body, p.rowLine(&p.rows[i], i == p.sel, inner))
	}
	return box(pst, tst, "MO messages", fmt.Sprintf("%d received", n), body, w, h)
}

func (p *moPane) rowLine(m *moRow, selected bool, w int) string {
	st := p.st
	text := strings.NewReplacer("\n", "⏎", "\r", "").Replace(m.text)
	var tags string
	if m.parts > 1 {
		tags += fmt.Sprintf("(%d parts) ", m.parts)
	}
	if !m.complete {
		tags += "(partial) "
	}
	at := m.at.In(p.loc).Format("15:04:05")
	mark := " "
	if selected && p.focused {
		mark = ">"
	}
	if selected && p.focused && !st.NoColor {
		return st.Selected.Render(fit(mark+at+" "+m.from+" → "+m.to+" "+tags+fmt.Sprintf("%q", text), w))
	}
	s := mark + st.Muted.Render(at) + " " + st.Text.Render(m.from+" → "+m.to) + " " + st.Warn.Render(tags) +
		st.Text.Render(fmt.Sprintf("%q", text))
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	return s
}

// ShortHelp offers esc only when there is something to go back from.
func (p *moPane) ShortHelp() []key.Binding  { return p.keys.ShortHelpOpen(p.open != nil) }
func (p *moPane) FullHelp() [][]key.Binding { return p.keys.FullHelp() }
