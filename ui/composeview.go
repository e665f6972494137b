package ui

import (
	"fmt"
	"strings"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/segment"
)

// How the compose form looks: the live counter, the errors under their fields, and the
// window of the form that holds the focused field.

// CounterText is the live counter in words: the coding chosen, characters, units, parts,
// room left in this part, and which characters forced UCS2.
func (c *compose) CounterText() (line string, forced string) {
	if c.planErr != nil {
		return "", ""
	}
	p := c.plan
	sc := p.Scheme.String()
	if coding.Scheme(c.fields[fCoding].value()) == coding.Auto {
		sc = "auto→" + sc
	}
	chars := "chars"
	if p.Scheme == coding.Binary {
		chars = "octets"
	}
	unit := p.UnitName
	parts := len(p.Parts)
	partWord := "part"
	if parts != 1 {
		partWord = "parts"
	}
	per := ""
	if parts > 1 {
		per = fmt.Sprintf(" of ≤%d", p.PerPart)
	}
	line = fmt.Sprintf("%s · %d %s · %d %s · %d %s%s · %d left in this part",
		sc, p.Chars, chars, p.Units, unit, parts, partWord, per, p.Room)
	if p.Scheme == coding.Binary {
		// Characters and units are both octets: say it once, against the part's room.
		line = fmt.Sprintf("%s · %d/%d octets · 1 part", sc, p.Units, p.Units+p.Room)
		if parts > 1 {
			line = fmt.Sprintf("%s · %d octets · %d parts%s · %d left in this part", sc, p.Units, parts, per, p.Room)
		}
	}
	if p.Method == segment.Payload {
		line = fmt.Sprintf("%s · %d %s · %d %s · message_payload · %d left", sc, p.Chars, chars, p.Units, unit, p.Room)
		if p.Scheme == coding.Binary {
			line = fmt.Sprintf("%s · %d octets · message_payload · %d left", sc, p.Units, p.Room)
		}
	}
	if len(p.ForcedUCS2) > 0 {
		var fs []string
		for i, r := range p.ForcedUCS2 {
			if i == 6 {
				fs = append(fs, fmt.Sprintf("and %d more", len(p.ForcedUCS2)-6))
				break
			}
			fs = append(fs, fmt.Sprintf("%s U+%04X", string(r), r))
		}
		forced = "UCS2 because of: " + strings.Join(fs, ", ")
	}
	return line, forced
}

// shownErr is the field's validation message if it is to be shown: once the field was
// edited, or for every field once ctrl+s was pressed.
func (c *compose) shownErr(id fieldID) (string, bool) {
	e, ok := c.errs[id]
	if !ok || !(c.tried || c.touched[id] || id == fText && c.text.Value() != "") {
		return "", false
	}
	if id.advanced() && !c.showAdv {
		return "", false
	}
	return e, true
}

// Errors returns the validation messages shown now, in tab order.
func (c *compose) Errors() []string {
	var out []string
	for id := fieldID(0); id < numFields; id++ {
		if e, ok := c.shownErr(id); ok {
			out = append(out, e)
		}
	}
	return out
}

// labelWidth is the width of the label column.
const labelWidth = 24 // "schedule_delivery_time" and the focus mark

// SetSize sets the pane's outer size.
func (c *compose) SetSize(w, h int) {
	c.w, c.h = w, h
	vw := max(w-2-1-labelWidth, 10)
	for id := range c.fields {
		if f := &c.fields[id]; !f.isChoice() && fieldID(id) != fText {
			f.input.Width = vw - 1
		}
	}
	c.text.SetWidth(vw)
	c.follow()
}

// SetTextRows sets the height of the text area: more on tall terminals.
func (c *compose) SetTextRows(n int) { c.text.SetHeight(n) }

// Height is the height the form wants, borders included.
func (c *compose) Height() int {
	lines, _, _ := c.lines(max(c.w-2, 20))
	return len(lines) + 2
}

// lines renders the whole form, and says where the focused field is: its first line
// and the line after its counter, error or hint. View shows the window that holds them.
func (c *compose) lines(w int) (out []string, focusLine, focusEnd int) {
	vw := max(w-1-labelWidth, 10)
	label := func(id fieldID, text string) string {
		st := c.st.Label
		mark := " "
		if c.focus == id {
			st, mark = c.st.LabelFocus, ">"
		}
		if _, bad := c.shownErr(id); bad {
			mark = "!"
		}
		return mark + st.Render(fit(text, labelWidth-1))
	}
	// below puts a field's error, or the focused field's hint, right under it.
	below := func(id fieldID) {
		pad := strings.Repeat(" ", labelWidth+1)
		if e, ok := c.shownErr(id); ok {
			for i, l := range wrapWords(e, vw-2) {
				p := "✗ "
				if i > 0 {
					p = "  "
				}
				out = append(out, pad+c.st.Error.Render(p+l))
			}
		} else if h := c.fields[id].hint; h != "" && c.focus == id {
			for _, l := range wrapWords(h, vw) {
				out = append(out, pad+c.st.Muted.Render(l))
			}
		}
		if c.focus == id {
			focusEnd = len(out)
		}
	}
	row := func(id fieldID, text, value string) {
		if c.focus == id {
			focusLine = len(out)
		}
		out = append(out, label(id, text)+" "+value)
		below(id)
	}
	choiceView := func(id fieldID, suffix string) string {
		f := &c.fields[id]
		s := f.choices[f.ci].label + suffix
		if c.focus == id {
			return c.st.Accent.Render(s) + c.st.Muted.Render("  ←/→ change")
		}
		return c.st.Text.Render(s)
	}
	inferred := func(a message.Address, ton bool) string {
		if ton {
			return ": " + message.TONName(a.TON)
		}
		return ": " + message.NPIName(a.NPI)
	}
	infer := func(id, addr fieldID, ton bool) string {
		if c.fields[id].value() != auto {
			return ""
		}
		a, err := message.InferAddress(strings.TrimSpace(c.fields[addr].input.Value()))
		if err != nil || a.Addr == "" {
			return ""
		}
		return inferred(a, ton)
	}

	row(fDest, "destination", c.fields[fDest].input.View())
	if c.focus == fText {
		focusLine = len(out)
	}
	for i, l := range strings.Split(c.text.View(), "\n") {
		lab := strings.Repeat(" ", labelWidth)
		if i == 0 {
			lab = label(fText, "text")
		}
		out = append(out, lab+" "+l)
	}
	counter, forced := c.CounterText()
	pad := strings.Repeat(" ", labelWidth+1)
	if counter != "" {
		for _, l := range wrapWords(counter, vw) {
			out = append(out, pad+c.st.Accent.Render(l))
		}
	}
	if forced != "" {
		for _, l := range wrapWords(forced, vw) {
			out = append(out, pad+c.st.Warn.Render(l))
		}
	}
	if c.askEmpty {
		for _, l := range wrapWords("the text is empty: ctrl+s again sends an empty message, any other key goes back", vw) {
			out = append(out, pad+c.st.Warn.Render(l))
		}
	}
	below(fText)
	row(fOp, "operation", choiceView(fOp, c.opNote()))
	row(fSource, "source", c.fields[fSource].input.View())
	row(fDestTON, "destination TON", choiceView(fDestTON, infer(fDestTON, fDest, true)))
	row(fDestNPI, "destination NPI", choiceView(fDestNPI, infer(fDestNPI, fDest, false)))
	row(fSrcTON, "source TON", choiceView(fSrcTON, infer(fSrcTON, fSource, true)))
	row(fSrcNPI, "source NPI", choiceView(fSrcNPI, infer(fSrcNPI, fSource, false)))
	row(fCoding, "coding", choiceView(fCoding, ""))
	row(fSplit, "split", choiceView(fSplit, ""))
	rd := c.registeredDelivery()
	out = append(out, " "+c.st.Label.Render(fit("registered_delivery", labelWidth-1))+" "+
		c.st.Text.Render(fmt.Sprintf("0x%02X", rd))+" "+c.st.Muted.Render("("+registeredDeliveryWords(rd)+")"))
	row(fRegDel, "  SMSC receipt", choiceView(fRegDel, ""))
	row(fSMEAck, "  SME ack", choiceView(fSMEAck, ""))
	row(fIntermediate, "  intermediate", choiceView(fIntermediate, ""))
	row(fAdvanced, "advanced", choiceView(fAdvanced, ""))
	if c.showAdv {
		row(fESMClass, "esm_class", c.fields[fESMClass].input.View())
		row(fServiceType, "service_type", c.fields[fServiceType].input.View())
		row(fProtocolID, "protocol_id", c.fields[fProtocolID].input.View())
		row(fPriority, "priority_flag", choiceView(fPriority, ""))
		row(fValidity, "validity_period", c.fields[fValidity].input.View())
		row(fSchedule, "schedule_delivery_time", c.fields[fSchedule].input.View())
		row(fTLVs, "TLVs", c.fields[fTLVs].input.View())
	}
	return out, focusLine, max(focusEnd, focusLine+1)
}

// window is the first line shown: the last one, moved as little as keeps the focused
// field with its counter, error or hint in view.
func (c *compose) window(lines []string, focusLine, focusEnd int) int {
	inner := c.h - 2
	top := c.top
	if focusLine < top {
		top = focusLine
	}
	if focusEnd > top+inner {
		top = focusEnd - inner
	}
	return max(min(top, len(lines)-inner), 0)
}

// follow moves the window to the focus; Update and SetSize call it, View only reads it.
func (c *compose) follow() {
	if c.w < 20 || c.h < 4 {
		return
	}
	c.top = c.window(c.lines(c.w - 2))
}

// View renders the form in a box, scrolled so the focused field is visible.
func (c *compose) View() string {
	if c.w < 20 || c.h < 4 {
		return ""
	}
	lines, fl, fe := c.lines(c.w - 2)
	top := c.window(lines, fl, fe)
	end := min(top+c.h-2, len(lines))
	note := "ctrl+s send · esc close"
	if top > 0 || end < len(lines) {
		note = fmt.Sprintf("lines %d-%d of %d · ", top+1, end, len(lines)) + note
	}
	return box(c.st.PaneFocused, c.st.TitleFocus, "New message", note, lines[top:end], c.w, c.h)
}
