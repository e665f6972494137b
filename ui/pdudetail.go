package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/ui/keys"
	"github.com/smppconsole/smppconsole/wire"
)

// pduDetail shows one PDU the way Wireshark does: every field named, with its meaning,
// beside the hex dump; moving through the fields highlights their octets.
type pduDetail struct {
	st   *Styles
	keys keys.Detail
	loc  *time.Location

	w, h int

	pos    uint64
	at     time.Time
	dir    smppclient.Direction
	link   string
	note   string
	pdu    dissect.PDU
	rows   []detailRow
	sel    int
	top    int // first visible field row
	hexTop int
}

// detailRow is one line of the field tree.
type detailRow struct {
	depth int
	f     dissect.Field
}

func newPDUDetail(st *Styles, loc *time.Location) pduDetail {
	return pduDetail{st: st, keys: keys.DefaultDetail(), loc: loc}
}

func (d *pduDetail) SetSize(w, h int) {
	d.w, d.h = w, h
	d.scrollIntoView()
}

// settle clamps the scroll positions to what View will draw, so View only reads them.
func (d *pduDetail) settle() {
	if d.w < 10 || d.h < 6 {
		return
	}
	fw, fh, hh := d.boxes()
	d.top = d.fieldTop(d.fieldRowsHeight(fw-2, fh-2))
	d.hexTop = d.hexWindow(hh - 2)
}

// boxes are the width and height of the fields box, and the hex box's height.
func (d *pduDetail) boxes() (fw, fh, hh int) {
	if d.wide() {
		return d.w - (hexRowWidth + 2), d.h, d.h
	}
	fh = d.fieldsPaneHeight()
	return d.w, fh, d.h - fh
}

// Open shows the PDU at pos.
func (d *pduDetail) Open(pos uint64, e *entry, link, note string, showSecrets bool) {
	d.pos, d.link, d.note = pos, link, note
	d.at = time.Unix(0, e.at).In(d.loc)
	d.dir = smppclient.Direction(e.dir)
	d.pdu = dissect.Dissect(e.raw, dissect.Options{ShowSecrets: showSecrets})
	d.rows = d.rows[:0]
	var walk func(fs []dissect.Field, depth int)
	walk = func(fs []dissect.Field, depth int) {
		for _, f := range fs {
			d.rows = append(d.rows, detailRow{depth: depth, f: f})
			if f.Name == "short_message" || f.Name == "message_payload" {
				d.addText(f, depth+1)
			}
			walk(f.Children, depth+1)
		}
	}
	walk(d.pdu.Fields, 0)
	d.sel, d.top, d.hexTop = 0, 0, 0
	// Start on the first body field: the header is rarely what one opens a PDU for.
	if len(d.rows) > 4 {
		d.sel = 4
	}
	d.scrollIntoView()
}

// addText adds the UDH, the decoded text and the receipt under the field that carries
// them, each with the octets it came from.
func (d *pduDetail) addText(f dissect.Field, depth int) {
	p := &d.pdu
	start := f.Start
	if f.Name == "short_message" && f.End == f.Start {
		return // empty: the text, if any, is in message_payload
	}
	if f.Name == "message_payload" {
		start += 4 // the TLV's tag and length
		if len(p.ShortMessage) > 0 {
			return // the text is in short_message; the payload is something else
		}
	}
	textStart := start
	if p.UDH != nil && start < f.End && start < len(p.Raw) {
		udhl := int(p.Raw[start])
		d.rows = append(d.rows, detailRow{depth: depth, f: dissect.Field{
			Name: "UDH length", Value: fmt.Sprint(udhl), Meaning: "octets of user data header", Start: start, End: start + 1,
		}})
		off := start + 1
		for _, ie := range p.UDH.Elements {
			end := min(off+2+len(ie.Data), f.End)
			d.rows = append(d.rows, detailRow{depth: depth, f: dissect.Field{
				Name: fmt.Sprintf("UDH IE 0x%02X", ie.IEI), Value: fmt.Sprintf("% x", ie.Data), Meaning: ie.Meaning,
				Start: off, End: end,
			}})
			off = end
		}
		textStart = min(start+1+udhl, f.End)
	}
	if p.HasText {
		d.rows = append(d.rows, detailRow{depth: depth, f: dissect.Field{
			Name: "text", Value: p.Text, Meaning: p.TextNote, Start: textStart, End: f.End,
		}})
	}
	if r := p.Receipt; r != nil {
		v := fmt.Sprintf("id %s stat %s err %s", r.MessageID, r.Stat, r.Err)
		d.rows = append(d.rows, detailRow{depth: depth, f: dissect.Field{
			Name: "receipt", Value: v, Meaning: p.ReceiptKind, Start: f.Start, End: f.End,
		}})
	}
}

// wide puts the fields beside the hex dump, as Wireshark does, when both fit.
func (d *pduDetail) wide() bool { return d.w >= 150 }

// fieldHeight is the number of field rows visible.
func (d *pduDetail) fieldHeight() int {
	if d.wide() {
		return max(d.h-2-5, 1)
	}
	return max(d.fieldsPaneHeight()-2-1, 1)
}

// fieldsPaneHeight is the height of the fields box when the panes are stacked: as much
// as the hex dump leaves, the hex dump taking what it needs up to half.
func (d *pduDetail) fieldsPaneHeight() int {
	hexRows := (len(d.pdu.Raw) + dissect.BytesPerRow - 1) / dissect.BytesPerRow
	hexH := min(hexRows+2, d.h/2)
	return d.h - max(hexH, 3)
}

func (d *pduDetail) scrollIntoView() {
	fh := d.fieldHeight()
	if d.sel < d.top {
		d.top = d.sel
	}
	if d.sel >= d.top+fh {
		d.top = d.sel - fh + 1
	}
	d.top = max(min(d.top, len(d.rows)-fh), 0)
	// Keep the selected field's first octet row in the hex view.
	if d.sel < len(d.rows) {
		f := d.rows[d.sel].f
		r0 := f.Start / dissect.BytesPerRow
		r1 := max(f.End-1, f.Start) / dissect.BytesPerRow
		hh := d.hexHeight()
		if r0 < d.hexTop {
			d.hexTop = r0
		}
		if r1 >= d.hexTop+hh {
			d.hexTop = max(r1-hh+1, r0)
		}
		if r0 < d.hexTop {
			d.hexTop = r0
		}
	}
	d.settle()
}

func (d *pduDetail) hexHeight() int {
	if d.wide() {
		return max(d.h-2, 1)
	}
	return max(d.h-d.fieldsPaneHeight()-2, 1)
}

// Update handles the detail keys. It returns stepPDUMsg for [ and ] and closeDetailMsg.
func (d *pduDetail) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(km, d.keys.Up):
		d.sel = max(d.sel-1, 0)
	case key.Matches(km, d.keys.Down):
		d.sel = min(d.sel+1, len(d.rows)-1)
	case key.Matches(km, d.keys.PageUp):
		d.sel = max(d.sel-d.fieldHeight(), 0)
	case key.Matches(km, d.keys.PageDown):
		d.sel = min(d.sel+d.fieldHeight(), len(d.rows)-1)
	case key.Matches(km, d.keys.Top):
		d.sel = 0
	case key.Matches(km, d.keys.Bottom):
		d.sel = len(d.rows) - 1
	case key.Matches(km, d.keys.Copy):
		return copyPDU(d.pos)
	case key.Matches(km, d.keys.Prev):
		return stepPDU(d.pos, -1)
	case key.Matches(km, d.keys.Next):
		return stepPDU(d.pos, 1)
	case key.Matches(km, d.keys.Close):
		return closeDetail
	}
	d.sel = max(d.sel, 0)
	d.scrollIntoView()
	return nil
}

func (d *pduDetail) selected() (dissect.Field, bool) {
	if d.sel < 0 || d.sel >= len(d.rows) {
		return dissect.Field{}, false
	}
	return d.rows[d.sel].f, true
}

// View renders the fields box and the hex box, side by side when there is room.
func (d *pduDetail) View() string {
	if d.w < 10 || d.h < 6 {
		return ""
	}
	f, _ := d.selected()
	title := fmt.Sprintf("%s #%d", d.pdu.Command, d.pdu.Header.Seq)
	if d.pdu.Command == "" {
		title = "undecodable PDU"
	}
	note := fmt.Sprintf("%s %s · %d octets", d.dir.String(), d.at.Format("15:04:05.000"), len(d.pdu.Raw))
	if d.link != "" {
		note = d.link + " " + note
	}
	hexTitle := "hex"
	switch {
	case f.End == f.Start+1:
		hexTitle = fmt.Sprintf("hex · %s: octet %d", f.Name, f.Start)
	case f.End > f.Start:
		hexTitle = fmt.Sprintf("hex · %s: octets %d-%d (%d)", f.Name, f.Start, f.End-1, f.End-f.Start)
	}
	fw, fh, hh := d.boxes()
	fields := box(d.st.PaneFocused, d.st.TitleFocus, title, note, d.fieldLines(fw-2, fh-2), fw, fh)
	if d.wide() {
		hex := box(d.st.Pane, d.st.Title, hexTitle, "", d.hexLines(hh-2), d.w-fw, hh)
		return lipgloss.JoinHorizontal(lipgloss.Top, fields, hex)
	}
	hex := box(d.st.Pane, d.st.Title, hexTitle, "", d.hexLines(hh-2), d.w, hh)
	return fields + "\n" + hex
}

// fieldInfo is the selected field in full, wrapped to w, and the error and note lines.
func (d *pduDetail) fieldInfo(w int) (info, extra []string) {
	if f, ok := d.selected(); ok {
		s := f.Name + " = " + f.Value
		if f.Meaning != "" {
			s += " (" + f.Meaning + ")"
		}
		info = wrapWords(s, w-1)
		maxInfo := 3
		if d.wide() {
			maxInfo = 4
		}
		if len(info) > maxInfo {
			info = append(info[:maxInfo-1], clip(strings.Join(info[maxInfo-1:], " "), w))
		}
	}
	if d.pdu.Err != "" {
		extra = append(extra, d.st.Bad.Render("error: "+d.pdu.Err))
	}
	if d.note != "" {
		extra = append(extra, d.st.Warn.Render(d.note))
	}
	return info, extra
}

// fieldRowsHeight is how many field rows a fields box of w×h inner cells shows.
func (d *pduDetail) fieldRowsHeight(w, h int) int {
	info, extra := d.fieldInfo(w)
	return rowsHeight(h, len(info)+len(extra))
}

// rowsHeight is the field rows left in h beside n lines of information and a blank
// one; with no room for them, the rows take the whole box.
func rowsHeight(h, n int) int {
	if rowsH := h - n - 1; rowsH >= 1 {
		return rowsH
	}
	return h
}

// fieldLines renders the visible field rows and, below them, the selected field in full.
func (d *pduDetail) fieldLines(w, h int) []string {
	info, extra := d.fieldInfo(w)
	rowsH := rowsHeight(h, len(info)+len(extra))
	if rowsH == h {
		info, extra = nil, nil
	}
	top := d.fieldTop(rowsH)
	lines := make([]string, 0, h)
	lines = append(lines, extra...)
	for i := top; i < len(d.rows) && i < top+rowsH; i++ {
		r := d.rows[i]
		indent := strings.Repeat("  ", r.depth)
		name := indent + r.f.Name
		val := r.f.Value
		if r.f.Name == "text" {
			val = fmt.Sprintf("%q", val)
		}
		nameW := min(26, w/2)
		cell := fit(name, nameW) + " " + val
		if r.f.Meaning != "" {
			cell += "  " + d.st.Muted.Render(r.f.Meaning)
		}
		if i == d.sel {
			line := fit(">"+fit(name, nameW)+" "+val+meaningPlain(r.f.Meaning), w)
			if !d.st.NoColor {
				line = d.st.Selected.Render(line)
			}
			lines = append(lines, line)
			continue
		}
		lines = append(lines, " "+cell)
	}
	for len(lines) < h-len(info) {
		lines = append(lines, "")
	}
	for _, s := range info {
		lines = append(lines, " "+d.st.Accent.Render(s))
	}
	return lines
}

func meaningPlain(m string) string {
	if m == "" {
		return ""
	}
	return "  " + m
}

// fieldTop is the first field row shown in h rows: the last one, moved as little as
// keeps the selection in view.
func (d *pduDetail) fieldTop(h int) int {
	top := d.top
	if d.sel < top {
		top = d.sel
	}
	if d.sel >= top+h {
		top = d.sel - h + 1
	}
	return max(min(top, len(d.rows)-h), 0)
}

// hexWindow is the first hex row shown in h rows.
func (d *pduDetail) hexWindow(h int) int {
	rows := (len(d.pdu.Raw) + dissect.BytesPerRow - 1) / dissect.BytesPerRow
	return max(min(d.hexTop, rows-h), 0)
}

// hexRowWidth is the width of one rendered hex row: offset, 16 octets with a bracket or
// space before each and a gap after eight, the closing bracket, and the ASCII column.
const hexRowWidth = 4 + 1 + 16*3 + 1 + 1 + 1 + 16

// hexLines renders the visible rows of the hex dump with the selected field's octets
// marked by brackets (visible without colour) and highlighted.
func (d *pduDetail) hexLines(h int) []string {
	raw := d.pdu.Raw
	f, _ := d.selected()
	lo, hi := f.Start, f.End
	rows := (len(raw) + dissect.BytesPerRow - 1) / dissect.BytesPerRow
	lines := make([]string, 0, h)
	for r := d.hexWindow(h); r < rows && len(lines) < h; r++ {
		lines = append(lines, d.hexRow(raw, r*dissect.BytesPerRow, lo, hi))
	}
	return lines
}

func (d *pduDetail) hexRow(raw []byte, off, lo, hi int) string {
	in := func(i int) bool { return i >= lo && i < hi && i < len(raw) }
	hl := func(s string, on bool) string {
		if on && !d.st.NoColor {
			return d.st.Highlight.Render(s)
		}
		return s
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%04x ", off)
	for i := off; i < off+dissect.BytesPerRow; i++ {
		prev, cur := i > off && in(i-1), in(i)
		if i == off+8 {
			c1, c2 := " ", " "
			if prev && !cur {
				c1 = "]"
			}
			if cur && !prev {
				c2 = "["
			}
			b.WriteString(c1 + c2)
		} else {
			switch {
			case prev && !cur:
				b.WriteString("]")
			case cur && !prev:
				b.WriteString("[")
			default:
				b.WriteString(" ")
			}
		}
		if i < len(raw) {
			b.WriteString(hl(fmt.Sprintf("%02x", raw[i]), cur))
		} else {
			b.WriteString("  ")
		}
	}
	last := off + dissect.BytesPerRow - 1
	if in(last) {
		b.WriteString("]")
	} else {
		b.WriteString(" ")
	}
	b.WriteString(" ")
	for i := off; i < off+dissect.BytesPerRow && i < len(raw); i++ {
		b.WriteString(hl(string(dissect.Printable(raw[i])), in(i)))
	}
	return b.String()
}

// Header returns the command name for the footer and tests.
func (d *pduDetail) Header() wire.Header { return d.pdu.Header }

func (d *pduDetail) ShortHelp() []key.Binding  { return d.keys.ShortHelp() }
func (d *pduDetail) FullHelp() [][]key.Binding { return d.keys.FullHelp() }
