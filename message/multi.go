package message

import (
	"fmt"
	"strings"

	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

// DLPrefix marks a distribution list name among destinations: "dl:NAME".
const DLPrefix = "dl:"

// ParseDestinations reads a list of destinations separated by ';' (each as
// ParseDestination reads it, or "dl:NAME" for a distribution list). Empty entries (a
// trailing ';') are skipped; an empty list is an error, as is a bad entry, named by its
// position.
func ParseDestinations(s string) (dests []Address, lists []string, err error) {
	n := 0
	for _, item := range strings.Split(s, ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		n++
		if len(item) >= len(DLPrefix) && strings.EqualFold(item[:len(DLPrefix)], DLPrefix) {
			name := strings.TrimSpace(item[len(DLPrefix):])
			if err := validateDLName(name); err != nil {
				return nil, nil, fmt.Errorf("destination %d: %w", n, err)
			}
			lists = append(lists, name)
			continue
		}
		a, err := ParseDestination(item)
		if err != nil {
			return nil, nil, fmt.Errorf("destination %d (%q): %w", n, item, err)
		}
		dests = append(dests, a)
	}
	if n == 0 {
		return nil, nil, fmt.Errorf("no destination: give numbers or dl:NAME separated by ';'")
	}
	if n > MaxDests {
		return nil, nil, fmt.Errorf("%d destinations; one submit_multi takes at most %d", n, MaxDests)
	}
	return dests, lists, nil
}

func validateDLName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("distribution list name is empty (write dl:NAME)")
	case len(name) > MaxDLName:
		return fmt.Errorf("distribution list name %q is %d characters; dl_name holds at most %d", name, len(name), MaxDLName)
	case strings.IndexByte(name, 0) >= 0:
		return fmt.Errorf("distribution list name %q contains a NUL", name)
	}
	return nil
}

// validateDests checks submit_multi's destinations: 1-254 of them, each valid.
func (m Message) validateDests() error {
	n := len(m.Dests) + len(m.DistLists)
	switch {
	case n == 0:
		return fmt.Errorf("submit_multi needs at least one destination (an address or dl:NAME)")
	case n > MaxDests:
		return fmt.Errorf("submit_multi to %d destinations; number_of_dests allows at most %d", n, MaxDests)
	}
	for i, d := range m.Dests {
		if d.Addr == "" {
			return fmt.Errorf("destination %d is empty", i+1)
		}
		if err := d.Validate(); err != nil {
			return fmt.Errorf("destination %d: %w", i+1, err)
		}
	}
	for _, l := range m.DistLists {
		if err := validateDLName(l); err != nil {
			return err
		}
	}
	return nil
}

// validateDataSM refuses the fields data_sm does not have (3.4 §4.7.1), rather than
// dropping them unseen.
func (m Message) validateDataSM() error {
	var missing []string
	if m.ProtocolID != 0 {
		missing = append(missing, "protocol_id")
	}
	if m.PriorityFlag != 0 {
		missing = append(missing, "priority_flag")
	}
	if m.ScheduleDeliveryTime != "" {
		missing = append(missing, "schedule_delivery_time")
	}
	if m.ValidityPeriod != "" {
		missing = append(missing, "validity_period")
	}
	if m.ReplaceIfPresent != 0 {
		missing = append(missing, "replace_if_present_flag")
	}
	if len(missing) > 0 {
		return fmt.Errorf("data_sm has no %s: clear it, or send submit_sm", strings.Join(missing, ", "))
	}
	return nil
}

// buildDataSM is m as one data_sm (3.4 §4.7.1): service_type, the two addresses,
// esm_class, registered_delivery, data_coding, then the whole text in message_payload
// and m's TLVs. data_sm has no short_message, so no UDH and no segmentation: an SMSC
// splits a long message_payload itself.
func buildDataSM(m Message) ([]Part, error) {
	plan, err := segment.Make(m.Text, segment.Options{Scheme: m.Coding, Method: segment.Payload})
	if err != nil {
		return nil, err
	}
	sp := plan.Parts[0]
	b := wire.SMBody{
		Command:     wire.DataSM,
		ServiceType: []byte(m.ServiceType),
		Source:      wireAddress(m.Source),
		Dest:        wireAddress(m.Dest),
		MessageFields: wire.MessageFields{
			ESMClass:           m.ESMClass,
			RegisteredDelivery: m.RegisteredDelivery,
			DataCoding:         plan.DataCoding,
		},
		TLVs: append([]wire.TLV{{Tag: wire.TagMessagePayload, Value: sp.Payload}}, m.TLVs...),
	}
	if err := b.Validate(); err != nil {
		return nil, fmt.Errorf("data_sm: %w", err)
	}
	return []Part{{Index: 1, Total: 1, Segment: sp, raw: wire.AppendPDU(nil, &b, wire.StatusOK, 0)}}, nil
}

// buildSubmitMulti is m as submit_multi (3.4 §4.5.1), segmented as submit_sm is: every
// part goes to every destination (dest_flag 1, an SME address) and distribution list
// (dest_flag 2).
func buildSubmitMulti(m Message, ref uint16) ([]Part, error) {
	plan, err := m.Plan(ref)
	if err != nil {
		return nil, err
	}
	dests := make([]wire.DestAddress, 0, len(m.Dests)+len(m.DistLists))
	for _, d := range m.Dests {
		dests = append(dests, wire.DestAddress{Flag: wire.DestSME, Addr: wireAddress(d)})
	}
	for _, l := range m.DistLists {
		dests = append(dests, wire.DestAddress{Flag: wire.DestList, DLName: []byte(l)})
	}
	b := wire.SubmitMultiBody{
		ServiceType:   []byte(m.ServiceType),
		Source:        wireAddress(m.Source),
		Dests:         dests,
		MessageFields: m.messageFields(plan.DataCoding),
	}
	return eachPart(m, plan, func(esm byte, short []byte, tlvs []wire.TLV) []byte {
		b.ESMClass, b.ShortMessage, b.TLVs = esm, short, tlvs
		return wire.AppendPDU(nil, &b, wire.StatusOK, 0)
	})
}
