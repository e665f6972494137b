package ui

import (
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
	fOp // the request: submit_sm, data_sm or submit_multi
	fSource
	fDestTON
	fDestNPI
	fSrcTON
	fSrcNPI
	fCoding
	fSplit
	fRegDel       // registered_delivery bits 0-1: the SMSC delivery receipt
	fSMEAck       // bits 2-3: SME originated acknowledgements
	fIntermediate // bit 4: intermediate notification
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
	fDest: "destination", fText: "text", fOp: "operation", fSource: "source",
	fDestTON: "destination TON", fDestNPI: "destination NPI", fSrcTON: "source TON", fSrcNPI: "source NPI",
	fCoding: "coding", fSplit: "split", fRegDel: "SMSC delivery receipt", fSMEAck: "SME ack", fIntermediate: "intermediate notification", fAdvanced: "advanced",
	fESMClass: "esm_class", fServiceType: "service_type", fProtocolID: "protocol_id", fPriority: "priority_flag",
	fValidity: "validity_period", fSchedule: "schedule_delivery_time", fTLVs: "TLVs",
}

// TabOrder is the compose form's tab order in words, for the help screen.
const TabOrder = "destination → text → operation (submit_sm, data_sm, submit_multi) → source → destination TON/NPI → source TON/NPI → coding → split → registered_delivery (SMSC delivery receipt, SME ack, intermediate notification) → advanced (esm_class, service_type, protocol_id, priority_flag, validity_period, schedule_delivery_time, TLVs)"

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
	// registered_delivery, a field at a time (SMPP 3.4 §5.2.17).
	receiptChoices  = []choice{{"none", 0}, {"final (success or failure)", 1}, {"on failure", 2}, {"on success (SMPP 5.0)", 3}}
	smeAckChoices   = []choice{{"none", 0}, {"delivery ack", 1}, {"manual/user ack", 2}, {"delivery + manual/user ack", 3}}
	onOffChoices    = []choice{{"off", 0}, {"on", 1}}
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

	touched  map[fieldID]bool
	tried    bool // ctrl+s was pressed: show every error
	askEmpty bool // ctrl+s with no text: the form asks before sending an empty message

	regDelReserved byte // registered_delivery bits 5-7 from the profile, kept as they are

	history   []formValues // messages sent, oldest first
	histAt    int          // the entry shown; len(history) is the draft
	draftKept *formValues  // the draft, while an older entry is shown

	plan    segment.Plan
	planErr error
	msg     message.Message
	errs    map[fieldID]string
	top     int // first visible line when the form is taller than the pane
}

// fieldChoices are the fields picked from a list; the others but the text are typed.
var fieldChoices = map[fieldID][]choice{
	fDestTON: tonChoices, fSrcTON: tonChoices, fDestNPI: npiChoices, fSrcNPI: npiChoices,
	fCoding: codingChoices, fSplit: splitChoices, fRegDel: receiptChoices, fSMEAck: smeAckChoices,
	fIntermediate: onOffChoices, fAdvanced: advChoices, fPriority: priorityChoices, fOp: opChoices,
}

func newCompose(st *Styles, defaults message.Message) compose {
	c := compose{st: st, keys: keys.DefaultCompose(), touched: map[fieldID]bool{}}
	for id := fieldID(0); id < numFields; id++ {
		f := &c.fields[id]
		f.id = id
		if ch, ok := fieldChoices[id]; ok {
			f.choices = ch
		} else if id != fText {
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
	c.fields[fDest].hint = destHint(0)
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
	c.histAt, c.draftKept = len(c.history), nil
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
	if d.Op != 0 {
		c.fields[fOp].setValue(int(d.Op))
	}
	c.fields[fSplit].setValue(int(d.Split))
	c.setRegisteredDelivery(d.RegisteredDelivery)
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
	cmd := c.setFocus(fDest)
	c.follow()
	return cmd
}

func (c *compose) Close() {
	c.open = false
	c.blurAll()
}

// typing reports whether the focused field takes text (not a choice).
func (c *compose) typing() bool { return c.focus == fText || !c.fields[c.focus].isChoice() }

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

// Update handles the form's keys and the inputs' own messages (cursor blink). The
// window onto the form follows the focus here, never in View.
func (c *compose) Update(msg tea.Msg) tea.Cmd {
	cmd := c.update(msg)
	c.follow()
	return cmd
}

func (c *compose) update(msg tea.Msg) tea.Cmd {
	km, isKey := msg.(tea.KeyMsg)
	if !isKey {
		var c1, c2 tea.Cmd
		c.text, c1 = c.text.Update(msg)
		if f := &c.fields[c.focus]; !f.isChoice() && c.focus != fText {
			f.input, c2 = f.input.Update(msg)
		}
		return tea.Batch(c1, c2)
	}
	// The question about an empty text lasts one key: ctrl+s answers yes, any other no.
	asked := c.askEmpty
	c.askEmpty = false
	switch {
	case key.Matches(km, c.keys.Send):
		return c.trySend(asked)
	case key.Matches(km, c.keys.Close):
		return closeForm
	case key.Matches(km, c.keys.Next):
		return c.move(1)
	case key.Matches(km, c.keys.Prev):
		return c.move(-1)
	case key.Matches(km, c.keys.Advanced):
		return c.toggleAdvanced()
	case key.Matches(km, c.keys.Older), key.Matches(km, c.keys.Newer):
		d := 1
		if key.Matches(km, c.keys.Older) {
			d = -1
		}
		c.step(d)
		// The entry may hide the advanced fields the focus was on.
		if !c.visible(c.focus) {
			return c.setFocus(fAdvanced)
		}
		return c.setFocus(c.focus)
	}
	f := &c.fields[c.focus]
	var cmd tea.Cmd
	switch {
	case c.focus == fText:
		c.text, cmd = c.text.Update(msg)
	case f.isChoice():
		switch {
		case key.Matches(km, c.keys.Change), key.Matches(km, c.keys.Enter) && c.focus == fAdvanced:
			f.ci = (f.ci + 1) % len(f.choices)
		case key.Matches(km, c.keys.ChangeBk):
			f.ci = (f.ci - 1 + len(f.choices)) % len(f.choices)
		case key.Matches(km, c.keys.Enter), key.Matches(km, c.keys.Down):
			return c.move(1)
		case key.Matches(km, c.keys.Up):
			return c.move(-1)
		default:
			return nil
		}
		if c.focus == fAdvanced {
			c.showAdv = f.value() == 1
		}
	default:
		switch {
		case key.Matches(km, c.keys.Enter), key.Matches(km, c.keys.Down):
			return c.move(1)
		case key.Matches(km, c.keys.Up):
			return c.move(-1)
		}
		f.input, cmd = f.input.Update(msg)
	}
	c.touched[c.focus] = true
	c.recompute()
	return cmd
}

func (c *compose) ShortHelp() []key.Binding  { return c.keys.ShortHelp() }
func (c *compose) FullHelp() [][]key.Binding { return c.keys.FullHelp() }
