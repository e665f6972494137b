package message

import (
	"fmt"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/wire"
)

// MaxMessageIDLen is the longest message_id (a 65-octet C-string, 3.4 §5.2.23).
const MaxMessageIDLen = 64

// Query asks the state of a submitted message: query_sm (3.4 §4.8.1). Source is the
// source_addr it was submitted with; SMSCs check it, an empty one is sent as NULL.
type Query struct {
	MessageID string
	Source    Address
}

// Validate checks the query in words.
func (q Query) Validate() error {
	if err := validateMessageID(q.MessageID, true); err != nil {
		return err
	}
	if err := q.Source.Validate(); err != nil {
		return fmt.Errorf("source: %w", err)
	}
	return nil
}

// Build returns the query_sm body.
func (q Query) Build() (*wire.QuerySMBody, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	return &wire.QuerySMBody{MessageID: []byte(q.MessageID), Source: wireAddress(q.Source)}, nil
}

// Cancel withdraws a message not yet delivered: cancel_sm (3.4 §4.9.1). With a
// MessageID it cancels that message; without one, every message from Source (to Dest,
// if given, and of ServiceType, if given) still pending.
type Cancel struct {
	ServiceType, MessageID string
	Source, Dest           Address
}

// Validate checks the cancel in words.
func (c Cancel) Validate() error {
	if err := validateMessageID(c.MessageID, false); err != nil {
		return err
	}
	if c.MessageID == "" && c.Source.Addr == "" {
		return fmt.Errorf("cancel_sm needs a message_id, or a source address to cancel every message from it")
	}
	if len(c.ServiceType) > 5 {
		return fmt.Errorf("service_type %q is longer than 5 characters", c.ServiceType)
	}
	if err := c.Source.Validate(); err != nil {
		return fmt.Errorf("source: %w", err)
	}
	if err := c.Dest.Validate(); err != nil {
		return fmt.Errorf("destination: %w", err)
	}
	return nil
}

// Build returns the cancel_sm body.
func (c Cancel) Build() (*wire.CancelSMBody, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &wire.CancelSMBody{ServiceType: []byte(c.ServiceType), MessageID: []byte(c.MessageID),
		Source: wireAddress(c.Source), Dest: wireAddress(c.Dest)}, nil
}

// Replace changes a message not yet delivered: replace_sm (3.4 §4.10.1), its text,
// times and registered_delivery.
//
// replace_sm has no data_coding: the SMSC keeps the original's, so Coding must be the
// one the original was sent in, or the handset shows garbage. coding.Auto encodes in
// the GSM 7-bit default alphabet when every character fits, else UCS2, as a submit_sm
// with Auto would have. The text is one short_message, at most 254 octets encoded.
type Replace struct {
	MessageID string
	Source    Address

	Text   string
	Coding coding.Scheme // replace_sm has no data_coding: encode as the original was

	ScheduleDeliveryTime, ValidityPeriod string // SMPP time format; empty keeps the original's
	RegisteredDelivery                   byte
}

// Validate checks the replace in words, the text's encoded size included.
func (r Replace) Validate() error {
	_, err := r.encode()
	return err
}

func (r Replace) encode() ([]byte, error) {
	if err := validateMessageID(r.MessageID, true); err != nil {
		return nil, err
	}
	if err := r.Source.Validate(); err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	if err := ValidateTime("schedule_delivery_time", r.ScheduleDeliveryTime); err != nil {
		return nil, err
	}
	if err := ValidateTime("validity_period", r.ValidityPeriod); err != nil {
		return nil, err
	}
	sm, err := coding.Encode(r.Coding, r.Text)
	if err != nil {
		return nil, fmt.Errorf("replace_sm text: %w", err)
	}
	if len(sm) > MaxShortMessageOctets {
		sc := r.Coding
		if sc == coding.Auto {
			sc, _ = coding.Choose(r.Text)
		}
		return nil, fmt.Errorf("replace_sm text is %d octets in %s; its short_message holds at most %d (replace_sm cannot be segmented)",
			len(sm), sc, MaxShortMessageOctets)
	}
	return sm, nil
}

// Build returns the replace_sm body; it refuses a text over 254 octets, in words.
func (r Replace) Build() (*wire.ReplaceSMBody, error) {
	sm, err := r.encode()
	if err != nil {
		return nil, err
	}
	return &wire.ReplaceSMBody{
		MessageID:            []byte(r.MessageID),
		Source:               wireAddress(r.Source),
		ScheduleDeliveryTime: []byte(r.ScheduleDeliveryTime),
		ValidityPeriod:       []byte(r.ValidityPeriod),
		RegisteredDelivery:   r.RegisteredDelivery,
		ShortMessage:         sm,
	}, nil
}

func validateMessageID(id string, required bool) error {
	switch {
	case id == "" && required:
		return fmt.Errorf("message_id is empty: give the id the SMSC returned in submit_sm_resp")
	case len(id) > MaxMessageIDLen:
		return fmt.Errorf("message_id is %d characters; the field holds at most %d", len(id), MaxMessageIDLen)
	}
	for i := 0; i < len(id); i++ {
		if id[i] == 0 {
			return fmt.Errorf("message_id contains a NUL at %d", i)
		}
	}
	return nil
}
