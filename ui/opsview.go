package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/ui/keys"
	"github.com/smppconsole/smppconsole/wire"
)

// The operation panel: the question before query_sm, cancel_sm or replace_sm goes out,
// replace_sm's small form, then the response. It takes the compose form's place.

type opStage int

const (
	opConfirm opStage = iota // y sends, n drops
	opForm                   // replace_sm's fields; ctrl+s asks
	opWaiting                // sent, no response yet
	opDone                   // the response (or why there is none)
)

// opAction is what the root does after a key in the panel.
type opAction int

const (
	opNone opAction = iota
	opSend
	opClose
)

// Replace form fields, in tab order.
const (
	rfText = iota
	rfValidity
	rfSchedule
	rfRegDel
	numRF
)

// maxShortMessage is short_message's limit: replace_sm carries the new text there.
const maxShortMessage = 254

type opPanel struct {
	st   *Styles
	keys keys.Ops
	w, h int

	open  bool
	stage opStage
	cmd   uint32
	tgt   opTarget
	gen   int // numbers each send, so an old answer is not taken for the new question

	inputs [numRF]textinput.Model // rfRegDel is a choice: ci over receiptChoices
	ci     int
	focus  int
	err    string // why the form cannot be sent

	result []string // styled lines of the response
	bad    bool
}

func newOpPanel(st *Styles) opPanel {
	p := opPanel{st: st, keys: keys.DefaultOps()}
	for i := range p.inputs {
		in := textinput.New()
		in.Prompt = ""
		p.inputs[i] = in
	}
	p.inputs[rfText].Placeholder = "the new text"
	p.inputs[rfValidity].Placeholder = "empty: unchanged, or +90m, YYMMDDhhmmsstnnp"
	p.inputs[rfSchedule].Placeholder = "empty: unchanged, or +10m, YYMMDDhhmmsstnnp"
	return p
}

// Open starts the question (or replace_sm's form) about t.
func (p *opPanel) Open(cmd uint32, t opTarget) tea.Cmd {
	p.open, p.cmd, p.tgt, p.err, p.result, p.bad = true, cmd, t, "", nil, false
	p.gen++ // an answer still on its way belongs to the previous question
	if cmd != wire.ReplaceSM {
		p.stage = opConfirm
		return nil
	}
	p.stage = opForm
	for i := range p.inputs {
		p.inputs[i].SetValue("")
	}
	p.inputs[rfText].SetValue(t.text)
	p.inputs[rfText].CursorEnd()
	p.ci = 1 // a receipt for the new text: what the form asks for by default
	return p.setFocus(rfText)
}

func (p *opPanel) Close() {
	p.open = false
	p.blur()
}

func (p *opPanel) blur() {
	for i := range p.inputs {
		p.inputs[i].Blur()
	}
}

func (p *opPanel) setFocus(i int) tea.Cmd {
	p.blur()
	p.focus = i
	if i != rfRegDel {
		return p.inputs[i].Focus()
	}
	return nil
}

// typing reports whether keys are text now: in replace_sm's text fields.
func (p *opPanel) typing() bool { return p.stage == opForm && p.focus != rfRegDel }

// Update handles a key (or an input's own message) and says what the root should do.
func (p *opPanel) Update(msg tea.Msg) (opAction, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		if p.stage == opForm && p.focus != rfRegDel {
			var c tea.Cmd
			p.inputs[p.focus], c = p.inputs[p.focus].Update(msg)
			return opNone, c
		}
		return opNone, nil
	}
	switch p.stage {
	case opConfirm:
		switch {
		case key.Matches(km, p.keys.Yes):
			return opSend, nil
		case key.Matches(km, p.keys.No):
			if p.cmd == wire.ReplaceSM {
				p.stage = opForm // back to the form, as it was
				return opNone, p.setFocus(p.focus)
			}
			return opClose, nil
		}
		return opNone, nil
	case opForm:
		switch {
		case key.Matches(km, p.keys.Send):
			if p.err = p.formErr(); p.err != "" {
				return opNone, nil
			}
			p.blur()
			p.stage = opConfirm
			return opNone, nil
		case key.Matches(km, p.keys.No) && km.Type == tea.KeyEsc:
			return opClose, nil
		case key.Matches(km, p.keys.Next):
			return opNone, p.setFocus((p.focus + 1) % numRF)
		case key.Matches(km, p.keys.Prev):
			return opNone, p.setFocus((p.focus + numRF - 1) % numRF)
		}
		if p.focus == rfRegDel {
			switch km.String() {
			case "right", " ", "l":
				p.ci = (p.ci + 1) % len(receiptChoices)
			case "left", "h":
				p.ci = (p.ci + len(receiptChoices) - 1) % len(receiptChoices)
			}
			return opNone, nil
		}
		var c tea.Cmd
		p.inputs[p.focus], c = p.inputs[p.focus].Update(msg)
		p.err = ""
		return opNone, c
	case opDone:
		if key.Matches(km, p.keys.Close) || key.Matches(km, p.keys.No) {
			return opClose, nil
		}
	case opWaiting:
		if km.Type == tea.KeyEsc {
			return opClose, nil // the answer still lands in the message's timeline
		}
	}
	return opNone, nil
}

// replace is replace_sm's request as the form has it.
func (p *opPanel) replace() (message.Replace, error) {
	r := message.Replace{MessageID: p.tgt.messageID, Source: p.tgt.source, Text: p.inputs[rfText].Value(),
		Coding: p.tgt.coding, RegisteredDelivery: byte(receiptChoices[p.ci].value)}
	var err error
	if r.ValidityPeriod, err = message.ParseTime("validity_period", p.inputs[rfValidity].Value()); err != nil {
		return r, err
	}
	if r.ScheduleDeliveryTime, err = message.ParseTime("schedule_delivery_time", p.inputs[rfSchedule].Value()); err != nil {
		return r, err
	}
	return r, nil
}

func (p *opPanel) formErr() string {
	r, err := p.replace()
	if err == nil {
		_, err = r.Build()
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// build is the request to send.
func (p *opPanel) build() (wire.PDUBody, error) {
	t := p.tgt
	switch p.cmd {
	case wire.QuerySM:
		return message.Query{MessageID: t.messageID, Source: t.source}.Build()
	case wire.CancelSM:
		return message.Cancel{MessageID: t.messageID, Source: t.source, Dest: t.dest}.Build()
	}
	r, err := p.replace()
	if err != nil {
		return nil, err
	}
	return r.Build()
}

// fail shows why the request could not be built; nothing was sent.
func (p *opPanel) fail(err error) {
	p.stage, p.bad = opDone, true
	p.result = []string{" " + p.st.Bad.Render("not sent: "+err.Error())}
}

// done shows the response.
func (p *opPanel) done(d opDoneMsg) {
	p.stage = opDone
	st := p.st
	if d.err != nil {
		p.bad = true
		p.result = []string{" " + st.Bad.Render("no answer: "+d.err.Error())}
		return
	}
	r := d.resp
	head := fmt.Sprintf("%s #%d", wire.CommandName(r.Header.ID), r.Header.Seq)
	status := st.Good.Render("ESME_ROK")
	p.bad = r.Header.Status != wire.StatusOK
	if p.bad {
		status = st.Bad.Render(statusWords(r.Header.Status))
	}
	p.result = []string{" " + st.In.Render("<-") + " " + st.Text.Render(head) + " " + status + st.Muted.Render(" after "+fmtDuration(r.Latency))}
	if p.bad {
		return
	}
	switch b := r.Body.(type) {
	case *wire.QuerySMRespBody:
		for _, l := range queryWords(st, b) {
			p.result = append(p.result, "   "+l)
		}
	default:
		switch p.cmd {
		case wire.CancelSM:
			p.result = append(p.result, "   "+st.Text.Render("the SMSC cancelled the message"))
		case wire.ReplaceSM:
			p.result = append(p.result, "   "+st.Text.Render("the SMSC replaced the message"))
		}
	}
}

// queryWords are query_sm_resp's fields by name: message_state, final_date, error_code.
func queryWords(st *Styles, b *wire.QuerySMRespBody) []string {
	s := receipt.State(b.MessageState)
	state := fmt.Sprintf("%s (%d)", s, b.MessageState)
	stStyle := st.Warn
	switch {
	case s == receipt.StateDelivered:
		stStyle = st.Good
	case s.Final():
		stStyle = st.Bad
	}
	final := "none: not final yet"
	if len(b.FinalDate) > 0 {
		final = string(b.FinalDate)
		if t, err := wire.ParseSMPPTime(final); err == nil && !t.Relative {
			final += " (" + t.Time().UTC().Format("2006-01-02 15:04:05") + " UTC)"
		}
	}
	return []string{
		st.Label.Render("message_state ") + stStyle.Render(state),
		st.Label.Render("final_date    ") + st.Text.Render(final),
		st.Label.Render("error_code    ") + st.Text.Render(fmt.Sprint(b.ErrorCode)),
	}
}

// counter is replace_sm's live counter: the new text's octets of 254 in the original's
// coding, and its characters.
func (p *opPanel) counter() (string, bool) {
	text := p.inputs[rfText].Value()
	sc := p.tgt.coding
	if sc == coding.Auto {
		sc, _ = coding.Choose(text)
	}
	oct, err := coding.Encode(sc, text)
	if err != nil {
		return fmt.Sprintf("%s: %v", sc, err), false
	}
	chars := utf8.RuneCountInString(text)
	if sc == coding.Binary {
		chars = len(oct)
	}
	s := fmt.Sprintf("%s · %d/%d octets · %d chars · replace_sm keeps the original's coding", sc, len(oct), maxShortMessage, chars)
	return s, len(oct) <= maxShortMessage
}

func (p *opPanel) SetSize(w, h int) { p.w, p.h = w, h }

// Height is the height the panel wants, borders included.
func (p *opPanel) Height() int { return len(p.lines(max(p.w-2, 20))) + 2 }

func (p *opPanel) lines(w int) []string {
	st := p.st
	t := p.tgt
	var out []string
	row := func(label, value string) {
		out = append(out, " "+st.Label.Render(fit(label, 22))+" "+value)
	}
	row("message_id", st.Text.Render(t.messageID))
	src := st.Muted.Render("empty")
	if t.source.Addr != "" {
		src = st.Text.Render(t.source.String())
	}
	row("source_addr", src)
	if p.cmd == wire.CancelSM && t.dest.Addr != "" {
		row("destination_addr", st.Text.Render(t.dest.String()))
	}
	if t.from != "" {
		row("from", st.Muted.Render(t.from))
	}
	if p.cmd == wire.ReplaceSM {
		vw := max(w-24, 10)
		field := func(i int, label string) {
			mark := " "
			ls := st.Label
			if p.stage == opForm && p.focus == i {
				mark, ls = ">", st.LabelFocus
			}
			v := ""
			if i == rfRegDel {
				v = st.Text.Render(receiptChoices[p.ci].label)
				if p.stage == opForm && p.focus == i {
					v = st.Accent.Render(receiptChoices[p.ci].label) + st.Muted.Render("  ←/→ change")
				}
			} else {
				p.inputs[i].Width = vw - 1
				v = p.inputs[i].View()
			}
			out = append(out, mark+ls.Render(fit(label, 22))+" "+v)
		}
		field(rfText, "new text")
		c, ok := p.counter()
		cs := st.Accent
		if !ok {
			cs = st.Bad
		}
		for _, l := range wrapWords(c, vw) {
			out = append(out, strings.Repeat(" ", 24)+cs.Render(l))
		}
		field(rfValidity, "validity_period")
		field(rfSchedule, "schedule_delivery_time")
		field(rfRegDel, "registered_delivery")
		if p.err != "" {
			for _, l := range wrapWords("✗ "+p.err, w-2) {
				out = append(out, " "+st.Error.Render(l))
			}
		}
	}
	out = append(out, "")
	name := wire.CommandName(p.cmd)
	switch p.stage {
	case opConfirm:
		out = append(out, " "+st.Warn.Render("send "+name+" about this message? y sends · n does not"))
	case opForm:
		out = append(out, " "+st.Muted.Render("ctrl+s asks before sending · tab next field · esc closes"))
	case opWaiting:
		out = append(out, " "+st.Muted.Render(name+" sent: waiting for its response (esc closes; the answer goes to the message's timeline)"))
	case opDone:
		out = append(out, p.result...)
	}
	for i, l := range out {
		out[i] = clip(l, w)
	}
	return out
}

func (p *opPanel) View() string {
	if p.w < 20 || p.h < 3 {
		return ""
	}
	lines := p.lines(p.w - 2)
	if len(lines) > p.h-2 {
		lines = lines[len(lines)-(p.h-2):] // the question and the answer stay in view
	}
	note := "y send · n cancel"
	switch p.stage {
	case opForm:
		note = "ctrl+s send · esc close"
	case opWaiting, opDone:
		note = "esc close"
	}
	return box(p.st.PaneFocused, p.st.TitleFocus, wire.CommandName(p.cmd), note, lines, p.w, p.h)
}

// ShortHelp and FullHelp make the panel a help.KeyMap for the footer.
func (p *opPanel) ShortHelp() []key.Binding {
	switch p.stage {
	case opConfirm:
		return []key.Binding{p.keys.Yes, p.keys.No}
	case opForm:
		return []key.Binding{p.keys.Send, keys.Short(p.keys.Next, "next"), keys.Short(p.keys.Close, "close")}
	}
	return []key.Binding{p.keys.Close}
}

func (p *opPanel) FullHelp() [][]key.Binding { return p.keys.FullHelp() }
