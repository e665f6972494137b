package wire

import "fmt"

// Field maximums, NUL included, as SMPP 3.4 §4 gives them. This is the one place they
// are written; decoding, Validate and the dissector's "too long" note all use these.
const (
	MaxSystemID     = 16  // system_id (bind, bind_resp, outbind)
	MaxPassword     = 9   // password
	MaxSystemType   = 13  // system_type
	MaxAddressRange = 41  // address_range
	MaxServiceType  = 6   // service_type
	MaxAddr         = 21  // source_addr, destination_addr, dest_address, unsuccess_sme: §4.4.1 and kin
	MaxAddr65       = 65  // data_sm's and alert_notification's addresses (§4.7.1, §4.12.1)
	MaxTime         = 17  // schedule_delivery_time, validity_period, final_date
	MaxMessageID    = 65  // message_id
	MaxDLName       = 21  // dl_name
	MaxShortMessage = 254 // short_message octets (no NUL): sm_length 0-254
)

// fieldStatus is the command_status SMPP 3.4 gives a wrong mandatory field of a request.
var fieldStatus = map[string]uint32{
	"system_id":              StatusInvSysID,
	"password":               StatusInvPaswd,
	"system_type":            StatusInvSysTyp,
	"address_range":          StatusBindFail,
	"interface_version":      StatusBindFail,
	"service_type":           StatusInvSerTyp,
	"source_addr":            StatusInvSrcAdr,
	"destination_addr":       StatusInvDstAdr,
	"esme_addr":              StatusInvDstAdr,
	"number_of_dests":        StatusInvNumDests,
	"dest_flag":              StatusInvDestFlag,
	"dl_name":                StatusInvDLName,
	"schedule_delivery_time": StatusInvSched,
	"validity_period":        StatusInvExpiry,
	"final_date":             StatusInvExpiry,
	"message_id":             StatusInvMsgID,
	"short_message":          StatusInvMsgLen,
	"sm_length":              StatusInvMsgLen,
}

// Address is a TON, an NPI and an address as they stand on the wire.
type Address struct {
	TON, NPI byte
	Addr     []byte
}

func (a Address) append(b []byte) []byte {
	return appendCString(append(b, a.TON, a.NPI), a.Addr)
}

// appendCString writes s and its NUL.
func appendCString(b, s []byte) []byte { return append(append(b, s...), 0) }

// appendSM writes sm_length and short_message. A value over 255 octets cannot be
// carried (Validate says so); only its first 255 octets are written, so the PDU's
// framing never lies.
func appendSM(b, sm []byte) []byte {
	if len(sm) > 255 {
		sm = sm[:255]
	}
	return append(append(b, byte(len(sm))), sm...)
}

// checker collects the first rule a body breaks, in wire order.
type checker struct{ err *FieldError }

func (k *checker) fail(field string, p Problem, reason string) {
	if k.err == nil {
		k.err = &FieldError{Field: field, At: -1, Problem: p, Reason: reason}
	}
}

// cstr checks a C-octet string against its maximum (NUL included) and for a NUL inside
// it, which would end the string early on the wire.
func (k *checker) cstr(field string, v []byte, max int) {
	if k.err != nil {
		return
	}
	if n := cstringLen(v); n >= 0 {
		k.fail(field, Invalid, fmt.Sprintf("contains a NUL at octet %d, which would end it early", n+1))
		return
	}
	if len(v)+1 > max {
		k.fail(field, TooLong, fmt.Sprintf("%d octets with its NUL; the spec allows %d", len(v)+1, max))
	}
}

func (k *checker) addr(field string, a Address, max int) { k.cstr(field, a.Addr, max) }

// time checks an SMPP time field with ParseSMPPTime, the one SMPP time checker.
func (k *checker) time(field string, v []byte) {
	k.cstr(field, v, MaxTime)
	if k.err != nil || len(v) == 0 {
		return
	}
	if err := checkSMPPTime(v); err != nil {
		k.fail(field, Invalid, err.Error())
	}
}

func (k *checker) sm(v []byte) {
	if k.err == nil && len(v) > MaxShortMessage {
		k.fail("short_message", TooLong, fmt.Sprintf("%d octets; the spec allows %d", len(v), MaxShortMessage))
	}
}

func (k *checker) result() error {
	if k.err == nil {
		return nil
	}
	return k.err
}
