package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/ui/keys"
)

// fieldID names a compose field. The order of the constants is the tab order: the
// destination first, then the text (so n, a number, tab, the text, ctrl+s is a whole
// message), then the rest.
type fieldID int

const (
	fDest fieldID = iota
	fText
	fSource
	fDestTON
	fDestNPI
	fSrcTON
	fSrcNPI
	fCoding
	fSplit
	fRegDel
	fAdvanced
	fESMClass
	fServiceType
	fProtocolID
	fPriority
	fValidity
	fSchedule
	fTLVs
	numFields
)

var fieldNames = [numFields]string{
	fDest: "destination", fText: "text", fSource: "source",
	fDestTON: "destination TON", fDestNPI: "destination NPI", fSrcTON: "source TON", fSrcNPI: "source NPI",
	fCoding: "coding", fSplit: "split", fRegDel: "registered_delivery", fAdvanced: "advanced",
	fESMClass: "esm_class", fServiceType: "service_type", fProtocolID: "protocol_id", fPriority: "priority_flag",
	fValidity: "validity_period", fSchedule: "schedule_delivery_time", fTLVs: "TLVs",
}

// TabOrder is the compose form's tab order in words, for the help screen.
const TabOrder = "destination → text → source → destination TON/NPI → source TON/NPI → coding → split → registered_delivery → advanced (esm_class, service_type, protocol_id, priority_flag, validity_period, schedule_delivery_time, TLVs)"

func (f fieldID) advanced() bool { return f > fAdvanced }

type choice struct {
	label string
	value int
}

// auto is the value of an "infer it" choice.
const auto = -1

var (
	tonChoices = []choice{{"auto", auto}, {"0 unknown", 0}, {"1 international", 1}, {"2 national", 2},
		{"3 network specific", 3}, {"4 subscriber", 4}, {"5 alphanumeric", 5}, {"6 abbreviated", 6}}
	npiChoices = []choice{{"auto", auto}, {"0 unknown", 0}, {"1 ISDN (E.164)", 1}, {"3 data (X.121)", 3},
		{"4 telex", 4}, {"6 land mobile (E.212)", 6}, {"8 national", 8}, {"9 private", 9}, {"10 ERMES", 10},
		{"14 internet (IP)", 14}, {"18 WAP", 18}}
	codingChoices = []choice{{"auto (GSM7, else UCS2)", int(coding.Auto)}, {"GSM7", int(coding.GSM7)},
		{"UCS2", int(coding.UCS2)}, {"Latin-1", int(coding.Latin1)}, {"binary (text as hex)", int(coding.Binary)},
		{"GSM7 packed", int(coding.GSM7Packed)}}
	splitChoices = []choice{{"UDH, 8-bit reference", int(segment.UDH)}, {"UDH, 16-bit reference", int(segment.UDH16)},
		{"SAR TLVs", int(segment.SAR)}, {"message_payload TLV", int(segment.Payload)}}
	regDelChoices = []choice{{"0 no receipt", 0}, {"1 receipt on success or failure", 1},
		{"2 receipt on failure", 2}, {"17 final + intermediate", 0x11}}
	advChoices      = []choice{{"hidden (ctrl+o)", 0}, {"shown", 1}}
	priorityChoices = []choice{{"0", 0}, {"1", 1}, {"2", 2}, {"3", 3}}
)

type formField struct {
	id      fieldID
	input   textinput.Model // single-line fields
	choices []choice        // choice fields
	ci      int
	hint    string
}

func (f *formField) isChoice() bool { return f.choices != nil }

func (f *formField) value() int { return f.choices[f.ci].value }

func (f *formField) setValue(v int) {
	for i, c := range f.choices {
		if c.value == v {
			f.ci = i
			return
		}
	}
	f.choices = append(f.choices, choice{strconv.Itoa(v), v})
	f.ci = len(f.choices) - 1
}

// formValues are the form's contents, kept to recall the last message.
type formValues struct {
	inputs  map[fieldID]string
	choices map[fieldID]int
	text    string
}

// compose is the new-message form. Every keystroke recomputes the segment plan (the live
// counter) and the validation, so what the operator sees is what ctrl+s will send.
type compose struct {
	st   *Styles
	keys keys.Compose

	w, h int

	fields  [numFields]formField
	text    textarea.Model
	focus   fieldID
	open    bool
	showAdv bool

	touched map[fieldID]bool
	tried   bool // ctrl+s was pressed: show every error

	plan      segment.Plan
	planErr   error
	msg       message.Message
	errs      map[fieldID]string
	top       int // first visible line when the form is taller than the pane
	focusLine int // line of the focused field in the last render
	focusEnd  int // line after the focused field's counter, error or hint
}

func newCompose(st *Styles, defaults message.Message) compose {
	c := compose{st: st, keys: keys.DefaultCompose(), touched: map[fieldID]bool{}}
	for id := fieldID(0); id < numFields; id++ {
		f := &c.fields[id]
		f.id = id
		switch id {
		case fText:
		case fDestTON, fSrcTON:
			f.choices = tonChoices
		case fDestNPI, fSrcNPI:
			f.choices = npiChoices
		case fCoding:
			f.choices = codingChoices
		case fSplit:
			f.choices = splitChoices
		case fRegDel:
			f.choices = append([]choice(nil), regDelChoices...)
		case fAdvanced:
			f.choices = advChoices
		case fPriority:
			f.choices = priorityChoices
		default:
			in := textinput.New()
			in.Prompt = ""
			f.input = in
		}
	}
	c.fields[fDest].input.Placeholder = "e.g. +447700900123"
	c.fields[fSource].input.Placeholder = "e.g. MyBrand (≤11 letters) or a number"
	c.fields[fESMClass].input.Placeholder = "0x00"
	c.fields[fProtocolID].input.Placeholder = "0x00"
	c.fields[fServiceType].input.Placeholder = "empty: SMSC default"
	c.fields[fValidity].input.Placeholder = "empty, or YYMMDDhhmmsstnnp (000001000000000R = 1 day)"
	c.fields[fSchedule].input.Placeholder = "empty: now, or YYMMDDhhmmsstnnp"
	c.fields[fTLVs].input.Placeholder = "tag=hex …, e.g. 0x1400=0102 user_message_reference=0001"
	c.fields[fDest].hint = "TON/NPI are inferred unless set below (+ or 10+ digits: international)"
	c.fields[fESMClass].hint = "UDHI (0x40) is added for UDH parts"

	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.Placeholder = "message text"
	ta.CharLimit = 0
	ta.MaxHeight = 0
	fs, bs := textarea.DefaultStyles()
	fs.CursorLine = lipgloss.NewStyle()
	fs.Base, bs.Base = lipgloss.NewStyle(), lipgloss.NewStyle()
	ta.FocusedStyle, ta.BlurredStyle = fs, bs
	c.text = ta
	c.reset(defaults)
	return c
}

// reset fills the form from the profile defaults.
func (c *compose) reset(d message.Message) {
	for id := range c.fields {
		f := &c.fields[id]
		if f.isChoice() {
			f.ci = 0
		} else if id != int(fText) {
			f.input.SetValue("")
		}
	}
	c.text.SetValue("")
	c.fields[fSource].input.SetValue(d.Source.Addr)
	if d.Source.Addr != "" {
		if inf, err := message.InferAddress(d.Source.Addr); err != nil || inf.TON != d.Source.TON || inf.NPI != d.Source.NPI {
			c.fields[fSrcTON].setValue(int(d.Source.TON))
			c.fields[fSrcNPI].setValue(int(d.Source.NPI))
		}
	}
	c.fields[fCoding].setValue(int(d.Coding))
	c.fields[fSplit].setValue(int(d.Split))
	c.fields[fRegDel].setValue(int(d.RegisteredDelivery))
	if d.ServiceType != "" {
		c.fields[fServiceType].input.SetValue(d.ServiceType)
	}
	if d.ESMClass != 0 {
		c.fields[fESMClass].input.SetValue(fmt.Sprintf("0x%02X", d.ESMClass))
	}
	if d.ProtocolID != 0 {
		c.fields[fProtocolID].input.SetValue(fmt.Sprintf("0x%02X", d.ProtocolID))
	}
	c.fields[fPriority].setValue(int(d.PriorityFlag))
	c.fields[fValidity].input.SetValue(d.ValidityPeriod)
	c.fields[fSchedule].input.SetValue(d.ScheduleDeliveryTime)
	var tl []string
	for _, t := range d.TLVs {
		tl = append(tl, fmt.Sprintf("0x%04X=%x", t.Tag, t.Value))
	}
	c.fields[fTLVs].input.SetValue(strings.Join(tl, " "))
	c.touched = map[fieldID]bool{}
	c.tried = false
	c.recompute()
}

func (c *compose) values() formValues {
	v := formValues{inputs: map[fieldID]string{}, choices: map[fieldID]int{}, text: c.text.Value()}
	for id := range c.fields {
		f := &c.fields[id]
		if f.isChoice() {
			v.choices[fieldID(id)] = f.ci
		} else if fieldID(id) != fText {
			v.inputs[fieldID(id)] = f.input.Value()
		}
	}
	return v
}

func (c *compose) setValues(v formValues) {
	for id, s := range v.inputs {
		c.fields[id].input.SetValue(s)
	}
	for id, i := range v.choices {
		c.fields[id].ci = i
	}
	c.text.SetValue(v.text)
	c.showAdv = c.fields[fAdvanced].value() == 1
	c.touched = map[fieldID]bool{}
	c.tried = false
	c.recompute()
}

// Open shows the form with the focus on the destination.
func (c *compose) Open() tea.Cmd {
	c.open = true
	c.top = 0
	return c.setFocus(fDest)
}

func (c *compose) Close() {
	c.open = false
	c.blurAll()
}

func (c *compose) blurAll() {
	for id := range c.fields {
		if !c.fields[id].isChoice() && fieldID(id) != fText {
			c.fields[id].input.Blur()
		}
	}
	c.text.Blur()
}

func (c *compose) setFocus(id fieldID) tea.Cmd {
	c.blurAll()
	c.focus = id
	if id == fText {
		return c.text.Focus()
	}
	if f := &c.fields[id]; !f.isChoice() {
		return f.input.Focus()
	}
	return nil
}

// visible reports whether a field is in the tab order now.
func (c *compose) visible(id fieldID) bool { return c.showAdv || !id.advanced() }

func (c *compose) move(d int) tea.Cmd {
	id := c.focus
	for {
		id = (id + fieldID(d) + numFields) % numFields
		if c.visible(id) {
			return c.setFocus(id)
		}
	}
}

func (c *compose) toggleAdvanced() tea.Cmd {
	c.showAdv = !c.showAdv
	if c.showAdv {
		c.fields[fAdvanced].ci = 1
	} else {
		c.fields[fAdvanced].ci = 0
	}
	if !c.visible(c.focus) {
		return c.setFocus(fAdvanced)
	}
	return nil
}

// Update handles the form's keys and the inputs' own messages (cursor blink).
func (c *compose) Update(msg tea.Msg) tea.Cmd {
	km, isKey := msg.(tea.KeyMsg)
	if !isKey {
		var c1, c2 tea.Cmd
		c.text, c1 = c.text.Update(msg)
		if f := &c.fields[c.focus]; !f.isChoice() && c.focus != fText {
			f.input, c2 = f.input.Update(msg)
		}
		return tea.Batch(c1, c2)
	}
	switch {
	case key.Matches(km, c.keys.Send):
		return c.trySend()
	case key.Matches(km, c.keys.Close):
		return closeForm
	case key.Matches(km, c.keys.Next):
		return c.move(1)
	case key.Matches(km, c.keys.Prev):
		return c.move(-1)
	case key.Matches(km, c.keys.Advanced):
		return c.toggleAdvanced()
	}
	f := &c.fields[c.focus]
	var cmd tea.Cmd
	switch {
	case c.focus == fText:
		c.text, cmd = c.text.Update(msg)
	case f.isChoice():
		switch {
		case key.Matches(km, c.keys.Change), km.Type == tea.KeyEnter && c.focus == fAdvanced:
			f.ci = (f.ci + 1) % len(f.choices)
		case key.Matches(km, c.keys.ChangeBk):
			f.ci = (f.ci - 1 + len(f.choices)) % len(f.choices)
		case km.Type == tea.KeyEnter:
			return c.move(1)
		case km.Type == tea.KeyUp:
			return c.move(-1)
		case km.Type == tea.KeyDown:
			return c.move(1)
		default:
			return nil
		}
		if c.focus == fAdvanced {
			c.showAdv = f.value() == 1
		}
	default:
		switch km.Type {
		case tea.KeyEnter, tea.KeyDown:
			return c.move(1)
		case tea.KeyUp:
			return c.move(-1)
		}
		f.input, cmd = f.input.Update(msg)
	}
	c.touched[c.focus] = true
	c.recompute()
	return cmd
}

// trySend validates and, if the message is good, hands it to the root.
func (c *compose) trySend() tea.Cmd {
	c.tried = true
	c.recompute()
	if len(c.errs) > 0 {
		for id := fieldID(0); id < numFields; id++ {
			if _, bad := c.errs[id]; bad {
				if id.advanced() && !c.showAdv {
					c.toggleAdvanced()
				}
				return c.setFocus(id)
			}
		}
	}
	return sendForm(c.msg)
}

// recompute builds the message from the fields, runs the segment planner for the live
// counter and validates everything in words.
func (c *compose) recompute() {
	c.errs = map[fieldID]string{}
	var m message.Message
	var err error
	m.Dest, err = c.address(fDest, fDestTON, fDestNPI)
	if err != nil {
		c.errs[fDest] = err.Error()
	} else if m.Dest.Addr == "" {
		c.errs[fDest] = "destination is empty: type a number"
	}
	m.Source, err = c.address(fSource, fSrcTON, fSrcNPI)
	if err != nil {
		c.errs[fSource] = err.Error()
	}
	m.Text = c.text.Value()
	m.Coding = coding.Scheme(c.fields[fCoding].value())
	m.Split = segment.Method(c.fields[fSplit].value())
	m.RegisteredDelivery = byte(c.fields[fRegDel].value())
	m.ServiceType = strings.TrimSpace(c.fields[fServiceType].input.Value())
	if len(m.ServiceType) > 5 {
		c.errs[fServiceType] = fmt.Sprintf("service_type %q is longer than 5 characters", m.ServiceType)
	}
	if m.ESMClass, err = parseOctet(c.fields[fESMClass].input.Value()); err != nil {
		c.errs[fESMClass] = "esm_class: " + err.Error()
	}
	if m.ProtocolID, err = parseOctet(c.fields[fProtocolID].input.Value()); err != nil {
		c.errs[fProtocolID] = "protocol_id: " + err.Error()
	}
	m.PriorityFlag = byte(c.fields[fPriority].value())
	// SMPP form, a period (+90m) or an RFC 3339 time, checked as send and the simulator do.
	if m.ValidityPeriod, err = message.ParseTime("validity_period", c.fields[fValidity].input.Value()); err != nil {
		c.errs[fValidity] = err.Error()
	}
	if m.ScheduleDeliveryTime, err = message.ParseTime("schedule_delivery_time", c.fields[fSchedule].input.Value()); err != nil {
		c.errs[fSchedule] = err.Error()
	}
	for _, s := range strings.FieldsFunc(c.fields[fTLVs].input.Value(), func(r rune) bool { return r == ' ' || r == ',' || r == ';' }) {
		t, err := message.ParseTLV(s)
		if err != nil {
			c.errs[fTLVs] = err.Error()
			break
		}
		m.TLVs = append(m.TLVs, t)
	}
	c.plan, c.planErr = m.Plan(1)
	if c.planErr != nil {
		c.errs[fText] = c.planErr.Error()
	}
	if len(c.errs) == 0 {
		// Whatever the fields above do not check (the message's own rules).
		if err := m.Validate(); err != nil {
			c.errs[fDest] = err.Error()
		}
	}
	c.msg = m
}

// address builds an address from its field and TON/NPI choices ("auto": inferred).
func (c *compose) address(addr, ton, npi fieldID) (message.Address, error) {
	// The parser send and the profiles use: prefixes, formatting and TON 5 alike.
	var tonp, npip *byte
	if t := c.fields[ton].value(); t != auto {
		v := byte(t)
		tonp = &v
	}
	if n := c.fields[npi].value(); n != auto {
		v := byte(n)
		npip = &v
	}
	role := message.SourceAddr
	if addr == fDest {
		role = message.DestinationAddr
	}
	a, err := message.ResolveAddress(role, c.fields[addr].input.Value(), tonp, npip)
	if err != nil {
		return a, fmt.Errorf("%s: %s", fieldNames[addr], strings.TrimPrefix(err.Error(), "address "))
	}
	return a, nil
}

// parseOctet reads one octet as 0x40, 64 or 0b01000000; empty is 0.
func parseOctet(s string) (byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(s, 0, 8)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("%q is more than one octet (0-255)", s)
		}
		return 0, fmt.Errorf("%q is not a number (0x40, 64)", s)
	}
	return byte(n), nil
}

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
	if p.Method == segment.Payload {
		line = fmt.Sprintf("%s · %d %s · %d %s · message_payload · %d left", sc, p.Chars, chars, p.Units, unit, p.Room)
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
}

// SetTextRows sets the height of the text area: more on tall terminals.
func (c *compose) SetTextRows(n int) { c.text.SetHeight(n) }

// Height is the height the form wants, borders included.
func (c *compose) Height() int { return len(c.lines(max(c.w-2, 20))) + 2 }

// lines renders the whole form; View shows the window that holds the focused field.
func (c *compose) lines(w int) []string {
	var out []string
	focusLine := 0
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
	focusEnd := 0
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
	below(fText)
	row(fSource, "source", c.fields[fSource].input.View())
	row(fDestTON, "destination TON", choiceView(fDestTON, infer(fDestTON, fDest, true)))
	row(fDestNPI, "destination NPI", choiceView(fDestNPI, infer(fDestNPI, fDest, false)))
	row(fSrcTON, "source TON", choiceView(fSrcTON, infer(fSrcTON, fSource, true)))
	row(fSrcNPI, "source NPI", choiceView(fSrcNPI, infer(fSrcNPI, fSource, false)))
	row(fCoding, "coding", choiceView(fCoding, ""))
	row(fSplit, "split", choiceView(fSplit, ""))
	row(fRegDel, "registered_delivery", choiceView(fRegDel, ""))
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
	c.focusLine, c.focusEnd = focusLine, max(focusEnd, focusLine+1)
	return out
}

// View renders the form in a box, scrolled so the focused field is visible.
func (c *compose) View() string {
	if c.w < 20 || c.h < 4 {
		return ""
	}
	inner := c.h - 2
	lines := c.lines(c.w - 2)
	fl := c.focusLine
	if fl < c.top {
		c.top = fl
	}
	// Keep the focused field with its counter, error or hint in view.
	want := c.focusEnd
	if want > c.top+inner {
		c.top = want - inner
	}
	c.top = max(min(c.top, len(lines)-inner), 0)
	end := min(c.top+inner, len(lines))
	note := "ctrl+s send · esc close"
	if c.top > 0 || end < len(lines) {
		note = fmt.Sprintf("lines %d-%d of %d · ", c.top+1, end, len(lines)) + note
	}
	return box(c.st.PaneFocused, c.st.TitleFocus, "New message", note, lines[c.top:end], c.w, c.h)
}

func (c *compose) ShortHelp() []key.Binding  { return c.keys.ShortHelp() }
func (c *compose) FullHelp() [][]key.Binding { return c.keys.FullHelp() }
