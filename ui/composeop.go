package ui

import (
	"strings"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

// The compose form's operation choice: submit_sm (the default), data_sm (the whole text
// in message_payload) and submit_multi (several destinations, ';'-separated, dl:NAME
// for a distribution list).

var opChoices = []choice{{"submit_sm", int(wire.SubmitSM)}, {"data_sm", int(wire.DataSM)}, {"submit_multi", int(wire.SubmitMulti)}}

// destHint is the destination field's hint for the operation.
func destHint(op uint32) string {
	if op == wire.SubmitMulti {
		return "several destinations separated by ';', dl:NAME for a distribution list; TON/NPI are inferred for each"
	}
	return "TON/NPI are inferred unless set below (+ or 10+ digits: international)"
}

// opNote says what the chosen operation does differently, beside the choice.
func (c *compose) opNote() string {
	switch uint32(c.fields[fOp].value()) {
	case wire.DataSM:
		return " (text in message_payload)"
	case wire.SubmitMulti:
		return " (destinations separated by ;)"
	}
	return ""
}

// destinations reads submit_multi's destination list into m.
func (c *compose) destinations(m *message.Message) {
	dests, lists, err := message.ParseDestinations(c.fields[fDest].input.Value())
	switch {
	case err != nil:
		c.errs[fDest] = "destination: " + err.Error()
	case len(dests)+len(lists) == 0:
		c.errs[fDest] = "destination is empty: type numbers separated by ';'"
	}
	m.Dests, m.DistLists = dests, lists
}

// counted is the message as the counter sees it: data_sm carries the whole text in
// message_payload, whatever the split method says.
func counted(m message.Message) message.Message {
	if m.Op == wire.DataSM {
		m.Split = segment.Payload
	}
	return m
}

// destText is the destination column of a message: its destination, or submit_multi's
// list as it was typed.
func destText(m message.Message) string {
	if len(m.Dests)+len(m.DistLists) == 0 {
		return m.Dest.Addr
	}
	var out []string
	for _, d := range m.Dests {
		out = append(out, d.Addr)
	}
	for _, l := range m.DistLists {
		out = append(out, "dl:"+l)
	}
	return strings.Join(out, ";")
}
