package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/ui/keys"
)

// rawComposer is the raw PDU composer (P): the PDU's fields or its hex on the left, what
// the dissector makes of it and the rules it breaks on the right. A PDU that breaks a
// rule is sent only after ctrl+s and then !, and goes out marked deliberately invalid.
type rawComposer struct {
	st   *Styles
	keys keys.Raw
	w, h int

	pdu         *rawPDU
	from        string // what the composer started from, for its title
	showSecrets bool
	sel, top    int
	edit        textinput.Model // the selected field's text
	editErr     string
	hexView     bool
	hex         textarea.Model
	hexErr      string
	keepSeq     bool
	armed       bool   // ctrl+s refused a PDU that breaks the rules: ! sends it anyway
	sending     bool   // a PDU is out, its answer not yet in
	answer      string // the last answer, in words
	answerBad   bool
}

// Messages from the composer to the root.
type (
	// rawSendMsg asks the root to send the composed octets.
	rawSendMsg struct {
		raw              []byte
		keepSeq, invalid bool
	}
	closeRawMsg struct{}
)

func newRawComposer(st *Styles) rawComposer {
	in := textinput.New()
	in.Prompt = ""
	in.EchoCharacter = '•'
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.CharLimit = 0
	ta.MaxHeight = 0
	fs, bs := textarea.DefaultStyles()
	fs.CursorLine = lipgloss.NewStyle()
	fs.Base, bs.Base = lipgloss.NewStyle(), lipgloss.NewStyle()
	ta.FocusedStyle, ta.BlurredStyle = fs, bs
	return rawComposer{st: st, keys: keys.DefaultRaw(), edit: in, hex: ta}
}

// Open starts the composer on raw (a copy is edited).
func (c *rawComposer) Open(raw []byte, from string, showSecrets bool) tea.Cmd {
	c.pdu, c.from, c.showSecrets = newRawPDU(raw), from, showSecrets
	c.pdu.setShowSecrets(showSecrets)
	c.sel, c.top, c.hexView, c.armed, c.sending, c.answer, c.editErr, c.hexErr = 0, 0, false, false, false, "", "", ""
	// Start on the first body field: the header is rarely what one edits first.
	if len(c.pdu.rows) > 4 {
		c.sel = 4
	}
	return c.loadEdit()
}

func (c *rawComposer) SetSize(w, h int) {
	c.w, c.h = w, h
	c.hex.SetWidth(max(c.editorW()-2, 10))
	c.hex.SetHeight(c.fieldRows())
	c.scroll()
}

// loadEdit puts the selected field's text in the input.
func (c *rawComposer) loadEdit() tea.Cmd {
	c.sel = max(min(c.sel, len(c.pdu.rows)-1), 0)
	r := c.pdu.rows[c.sel]
	c.edit.SetValue(c.pdu.value(c.sel))
	c.edit.CursorEnd()
	c.edit.EchoMode = textinput.EchoNormal
	if r.secret && !c.showSecrets {
		c.edit.EchoMode = textinput.EchoPassword
	}
	c.edit.Placeholder = ""
	if r.kind == rawNewTLV {
		c.edit.Placeholder = "tag hex, e.g. message_payload 48656c6c6f or 0x1400 01"
	}
	c.editErr = ""
	c.scroll()
	return c.edit.Focus()
}

// Update handles the composer's keys and the inputs' blinks.
func (c *rawComposer) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		if c.hexView {
			var cmd tea.Cmd
			c.hex, cmd = c.hex.Update(msg)
			return cmd
		}
		var cmd tea.Cmd
		c.edit, cmd = c.edit.Update(msg)
		return cmd
	}
	if c.armed {
		// The second key of "send anyway": ! sends, anything else keeps the PDU here.
		c.armed = false
		if key.Matches(k, c.keys.SendAnyway) {
			return c.send(true)
		}
		c.answer, c.answerBad = "not sent: the PDU is still here to edit", false
		return nil
	}
	switch {
	case key.Matches(k, c.keys.Close):
		return msgCmd(closeRawMsg{})
	case key.Matches(k, c.keys.Send):
		return c.trySend()
	case key.Matches(k, c.keys.KeepSeq):
		c.keepSeq = !c.keepSeq
		return nil
	case key.Matches(k, c.keys.View):
		return c.toggleView()
	}
	if c.hexView {
		return c.updateHex(k)
	}
	switch {
	case key.Matches(k, c.keys.Up):
		c.sel--
		return c.loadEdit()
	case key.Matches(k, c.keys.Down):
		c.sel++
		return c.loadEdit()
	case key.Matches(k, c.keys.Choice), key.Matches(k, c.keys.ChoiceBk):
		d := 1
		if key.Matches(k, c.keys.ChoiceBk) {
			d = -1
		}
		c.pdu.cycleCommand(d)
		c.sel = 1
		return c.loadEdit()
	case key.Matches(k, c.keys.Apply):
		if c.pdu.rows[c.sel].kind == rawCommand {
			if err := c.pdu.set(c.sel, c.edit.Value()); err != nil {
				c.editErr = err.Error()
				return nil
			}
			c.editErr = "" // the hint that enter applies it has done its work
		}
		if c.editErr != "" {
			return nil // the field does not read yet: stay on it
		}
		c.sel++
		return c.loadEdit()
	}
	before := c.edit.Value()
	var cmd tea.Cmd
	c.edit, cmd = c.edit.Update(k)
	if v := c.edit.Value(); v != before {
		c.applyEdit(v)
	}
	return cmd
}

// applyEdit writes the input's text into its field as it is typed; command_id waits for
// enter, so a half-typed name does not replace the body.
func (c *rawComposer) applyEdit(v string) {
	r := c.pdu.rows[c.sel]
	if r.kind == rawCommand {
		c.editErr = "enter applies the command (its body is laid out afresh)"
		return
	}
	if err := c.pdu.set(c.sel, v); err != nil {
		c.editErr = err.Error()
		return
	}
	c.editErr = ""
	c.armed = false
	if c.sel >= len(c.pdu.rows) || c.pdu.rows[c.sel].kind != r.kind || r.kind == rawTLV && v == "" {
		c.loadEdit() // the field went (an emptied TLV): show the one that took its place
	}
}

func (c *rawComposer) updateHex(k tea.KeyMsg) tea.Cmd {
	before := c.hex.Value()
	var cmd tea.Cmd
	c.hex, cmd = c.hex.Update(k)
	if v := c.hex.Value(); v != before {
		if err := c.pdu.setHex(v, c.showSecrets); err != nil {
			c.hexErr = err.Error()
		} else {
			c.hexErr = ""
		}
	}
	return cmd
}

func (c *rawComposer) toggleView() tea.Cmd {
	c.hexView = !c.hexView
	if c.hexView {
		c.edit.Blur()
		c.hex.SetValue(c.pdu.hexText(c.showSecrets))
		c.hexErr = ""
		return c.hex.Focus()
	}
	c.hex.Blur()
	return c.loadEdit()
}

// trySend sends a PDU that keeps the rules; one that breaks them waits for !.
func (c *rawComposer) trySend() tea.Cmd {
	switch {
	case c.sending:
		c.answer, c.answerBad = "still waiting for the answer to the last one", true
		return nil
	case c.hexView && c.hexErr != "":
		c.answer, c.answerBad = "not sent: the hex does not read: "+c.hexErr, true
		return nil
	case !c.hexView && c.editErr != "" && c.pdu.rows[c.sel].kind != rawCommand:
		c.answer, c.answerBad = "not sent: "+c.pdu.rows[c.sel].name+" does not read: "+c.editErr, true
		return nil
	}
	if len(c.pdu.problems()) > 0 {
		c.armed = true
		return nil
	}
	return c.send(false)
}

func (c *rawComposer) send(invalid bool) tea.Cmd {
	c.sending = true
	c.answer, c.answerBad = "sent, waiting for the answer…", false
	raw := append([]byte(nil), c.pdu.raw...)
	return msgCmd(rawSendMsg{raw: raw, keepSeq: c.keepSeq, invalid: invalid})
}

// ShortHelp and FullHelp make the composer a help.KeyMap; armed, the footer says what
// the two choices are.
func (c *rawComposer) ShortHelp() []key.Binding {
	if c.armed {
		return []key.Binding{c.keys.SendAnyway, key.NewBinding(key.WithKeys("esc"), key.WithHelp("any other key", "keep editing"))}
	}
	h := []key.Binding{c.keys.Send, keys.Short(c.keys.View, "fields/hex"),
		key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("pgup/pgdn", "command")),
		keys.Short(c.keys.KeepSeq, "keep seq"), c.keys.Close}
	if c.hexView {
		h = append(h[:2], h[3:]...)
	}
	return h
}
func (c *rawComposer) FullHelp() [][]key.Binding { return c.keys.FullHelp() }

// The view: the editor and the decoded PDU side by side when wide, stacked below.

func (c *rawComposer) wide() bool { return c.w >= 110 }

func (c *rawComposer) editorW() int {
	if c.wide() {
		return c.w * 3 / 5
	}
	return c.w
}

func (c *rawComposer) editorH() int {
	if c.wide() {
		return c.h
	}
	return max(c.h-max(c.h/3, 6), 8)
}

// fieldRows is how many field lines the editor shows: its box less the lines under
// them (a field's error, the rules line and two of answer).
func (c *rawComposer) fieldRows() int { return max(c.editorH()-2-4, 1) }

func (c *rawComposer) scroll() {
	n := c.fieldRows()
	if c.sel < c.top {
		c.top = c.sel
	}
	if c.sel >= c.top+n-1 {
		c.top = c.sel - n + 2 // one field of context below the selected one
	}
	if c.pdu != nil {
		c.top = max(min(c.top, len(c.pdu.rows)-n), 0)
	}
}

func (c *rawComposer) View() string {
	if c.pdu == nil || c.w < 10 || c.h < 6 {
		return ""
	}
	ed := c.editorView()
	if c.wide() {
		return lipgloss.JoinHorizontal(lipgloss.Top, ed, c.decodedView(c.w-c.editorW(), c.h))
	}
	return ed + "\n" + c.decodedView(c.w, c.h-c.editorH())
}

func (c *rawComposer) editorView() string {
	w, h := c.editorW(), c.editorH()
	inner := w - 2
	st := c.st
	var lines []string
	title := "Raw PDU · fields"
	if c.hexView {
		title = "Raw PDU · hex"
		lines = strings.Split(c.hex.View(), "\n")
		lines = lines[:min(len(lines), c.fieldRows())]
		if c.hexErr != "" {
			lines = append(lines, st.Error.Render("hex: "+c.hexErr))
		}
	} else {
		nameW := 26
		for i := c.top; i < len(c.pdu.rows) && i < c.top+c.fieldRows(); i++ {
			r := c.pdu.rows[i]
			val := c.pdu.value(i)
			if r.secret && !c.showSecrets {
				val = dissect.Redacted
			}
			if r.kind == rawLength && c.pdu.lengthAuto {
				h, _ := c.pdu.header()
				val = fmt.Sprintf("auto (%d)", h.Length)
			}
			mark, nameSt := "  ", st.Label
			if i == c.sel {
				mark, nameSt = "▸ ", st.LabelFocus
				val = c.edit.View()
			}
			lines = append(lines, mark+nameSt.Render(fit(r.name, nameW))+" "+clip(val, max(inner-nameW-3, 1)))
		}
		if c.editErr != "" {
			lines = append(lines, st.Error.Render(clip("  "+c.editErr, inner)))
		}
	}
	tail := append([]string{c.statusLine(inner)}, c.answerLines(inner)...)
	for len(lines) < h-2-len(tail) {
		lines = append(lines, "")
	}
	lines = append(lines[:min(len(lines), h-2-len(tail))], tail...)
	seq := "sequence_number renumbered"
	if c.keepSeq {
		seq = "sequence_number kept"
	}
	return box(st.PaneFocused, st.TitleFocus, title, seq, lines, w, h)
}

// statusLine is the send prompt when armed, else whether the PDU keeps the rules.
func (c *rawComposer) statusLine(w int) string {
	if c.armed {
		return c.st.Bad.Render(clip("! SENDS ANYWAY (logged deliberately invalid), any other key does not", w))
	}
	if n := len(c.pdu.problems()); n > 0 {
		return c.st.Warn.Render(clip(fmt.Sprintf("breaks %d rule(s), see the right: ctrl+s then ! sends anyway", n), w))
	}
	return c.st.Good.Render(clip("keeps the rules: ctrl+s sends", w))
}

// answerLines are the last answer in words, on two lines at most; before one, where
// the PDU came from.
func (c *rawComposer) answerLines(w int) []string {
	if c.answer == "" {
		return []string{c.st.Muted.Render(clip("from "+c.from, w))}
	}
	st := c.st.Text
	if c.answerBad {
		st = c.st.Bad
	}
	ls := wrapWords(c.answer, w)
	if len(ls) > 2 {
		ls = append(ls[:1], clip(strings.Join(ls[1:], " "), w))
	}
	for i := range ls {
		ls[i] = st.Render(ls[i])
	}
	return ls
}

// decodedView is the dissector's reading of the PDU: the rules it breaks first, then
// every field as the PDU detail names them.
func (c *rawComposer) decodedView(w, h int) string {
	inner := w - 2
	st := c.st
	var lines []string
	probs := c.pdu.problems()
	for _, p := range probs {
		for i, l := range wrapWords(p, inner-2) {
			lead := "! "
			if i > 0 {
				lead = "  "
			}
			lines = append(lines, st.Warn.Render(lead+l))
		}
	}
	if len(probs) == 0 {
		lines = append(lines, st.Good.Render("no rule broken"))
	}
	d := &c.pdu.dis
	var walk func(fs []dissect.Field, depth int)
	walk = func(fs []dissect.Field, depth int) {
		for _, f := range fs {
			v := f.Value
			if f.Meaning != "" {
				v += " " + st.Muted.Render("("+f.Meaning+")")
			}
			lines = append(lines, clip(strings.Repeat("  ", depth)+st.Label.Render(f.Name)+" "+v, inner))
			walk(f.Children, depth+1)
		}
	}
	walk(d.Fields, 0)
	if d.HasText {
		lines = append(lines, clip(st.Label.Render("text")+" "+d.Text, inner))
	}
	note := fmt.Sprintf("%d octets", len(c.pdu.raw))
	return box(st.Pane, st.Title, "Decoded", note, lines, w, h)
}
