package ui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

// The compose form's validation: the message built from the fields and checked in words,
// and the field parsers (addresses with their TON/NPI choices, octets, the TLVs field).

// payloadTLV reports whether the TLVs field carries the text itself (message_payload),
// when an empty text field is what the operator means.
func (c *compose) payloadTLV() bool {
	for _, t := range c.msg.TLVs {
		if t.Tag == wire.TagMessagePayload {
			return true
		}
	}
	return false
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

// trySend validates and, if the message is good, hands it to the root. An empty text
// is more often a slip than a test, so it is sent only when confirmed.
func (c *compose) trySend(confirmed bool) tea.Cmd {
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
	if c.msg.Text == "" && !confirmed && !c.payloadTLV() {
		c.askEmpty = true
		return c.setFocus(fText)
	}
	return sendForm(c.msg)
}

// recompute builds the message from the fields, runs the segment planner for the live
// counter and validates everything in words.
func (c *compose) recompute() {
	c.errs = map[fieldID]string{}
	var m message.Message
	var err error
	m.Op = uint32(c.fields[fOp].value())
	c.fields[fDest].hint = destHint(m.Op)
	if m.Op == wire.SubmitMulti {
		c.destinations(&m)
	} else {
		m.Dest, err = c.address(fDest, fDestTON, fDestNPI)
		if strings.Contains(c.fields[fDest].input.Value(), ";") {
			c.errs[fDest] = "several destinations (separated by ;) need operation submit_multi: choose it with ←/→ on the operation field"
		} else if err != nil {
			c.errs[fDest] = err.Error()
		} else if m.Dest.Addr == "" {
			c.errs[fDest] = "destination is empty: type a number"
		}
	}
	m.Source, err = c.address(fSource, fSrcTON, fSrcNPI)
	if err != nil {
		c.errs[fSource] = err.Error()
	}
	m.Text = c.text.Value()
	m.Coding = coding.Scheme(c.fields[fCoding].value())
	m.Split = segment.Method(c.fields[fSplit].value())
	m.RegisteredDelivery = c.registeredDelivery()
	m.ServiceType = strings.TrimSpace(c.fields[fServiceType].input.Value())
	if len(m.ServiceType) > 5 {
		c.errs[fServiceType] = fmt.Sprintf("service_type %q is longer than 5 characters", m.ServiceType)
	}
	if m.ESMClass, err = message.ParseOctet(c.fields[fESMClass].input.Value()); err != nil {
		c.errs[fESMClass] = "esm_class: " + err.Error()
	}
	if m.ProtocolID, err = message.ParseOctet(c.fields[fProtocolID].input.Value()); err != nil {
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
	c.plan, c.planErr = counted(m).Plan(1)
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
