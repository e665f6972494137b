package receipt

import (
	"strconv"
	"strings"
)

// State is the message_state as the spec names it (SMPP 3.4 §5.2.28, 5.0 §4.7.15).
// The same numbers travel in the message_state TLV (0x0427) and in query_sm_resp.
type State uint8

// The values 1-8 are SMPP 3.4; 5.0 added SCHEDULED (0) and SKIPPED (9).
const (
	StateScheduled     State = 0
	StateEnroute       State = 1
	StateDelivered     State = 2
	StateExpired       State = 3
	StateDeleted       State = 4
	StateUndeliverable State = 5
	StateAccepted      State = 6
	StateUnknown       State = 7
	StateRejected      State = 8
	StateSkipped       State = 9
)

var stateNames = [...]string{
	"SCHEDULED", "ENROUTE", "DELIVERED", "EXPIRED", "DELETED",
	"UNDELIVERABLE", "ACCEPTED", "UNKNOWN", "REJECTED", "SKIPPED",
}

// stateStats are the Appendix B stat words. 3.4 defines DELIVRD, EXPIRED,
// DELETED, UNDELIV, ACCEPTD, UNKNOWN and REJECTD; ENROUTE and SKIPPED are the
// state names themselves, which already fit in 7 characters and are what
// SMSCs send. No spec text we could check gives a word for SCHEDULED, so we
// use "SCHEDUL", abbreviated in the same way as the others to keep the
// 7-character field width.
var stateStats = [...]string{
	"SCHEDUL", "ENROUTE", "DELIVRD", "EXPIRED", "DELETED",
	"UNDELIV", "ACCEPTD", "UNKNOWN", "REJECTD", "SKIPPED",
}

// String returns the spec name ("DELIVERED"), or "message_state(N)" for a
// value no spec defines, so that a bad TLV is still shown with its number.
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "message_state(" + strconv.Itoa(int(s)) + ")"
}

// Stat returns the 7-character Appendix B stat word for s ("DELIVRD"), or ""
// for a value no spec defines.
func (s State) Stat() string {
	if int(s) < len(stateStats) {
		return stateStats[s]
	}
	return ""
}

// Final reports whether no further receipt is expected after s.
//
// DELIVERED, EXPIRED, DELETED, UNDELIVERABLE, REJECTED, SKIPPED and UNKNOWN
// are final. SCHEDULED and ENROUTE are not. ACCEPTED is deliberately not
// final although 5.0 table 4-50 classes it so: in the field ACCEPTD is mostly
// sent as "accepted by the next hop" and is often followed by DELIVRD or
// UNDELIV, so treating it as final would close the message too early.
// UNKNOWN is "N/A" in 5.0, but an SMSC that reports it sends nothing after.
func (s State) Final() bool {
	switch s {
	case StateDelivered, StateExpired, StateDeleted, StateUndeliverable,
		StateRejected, StateSkipped, StateUnknown:
		return true
	}
	return false
}

// statSpellings lists every stat spelling we accept for each state, in the
// form StateFromStat compares: upper case, without spaces, '_' and '-'. It
// covers the Appendix B words, the full state names, and misspellings seen
// from real SMSCs.
var statSpellings = [...][]string{
	StateScheduled:     {"SCHEDUL", "SCHEDULED", "SCHEDLD"},
	StateEnroute:       {"ENROUTE"},
	StateDelivered:     {"DELIVRD", "DELIVERD", "DELIVERED", "DELIVRED"},
	StateExpired:       {"EXPIRED", "EXPIRD"},
	StateDeleted:       {"DELETED", "DELETD"},
	StateUndeliverable: {"UNDELIV", "UNDELIVERABLE", "UNDELIVERED", "UNDELIVRD", "UNDELIVERD", "UNDELIVD"},
	StateAccepted:      {"ACCEPTD", "ACCEPTED"},
	StateUnknown:       {"UNKNOWN", "UNKNWN"},
	StateRejected:      {"REJECTD", "REJECTED"},
	StateSkipped:       {"SKIPPED", "SKIPPD"},
}

var statWords = func() map[string]State {
	m := make(map[string]State)
	for s, words := range statSpellings {
		for _, w := range words {
			m[w] = State(s)
		}
	}
	return m
}()

// StateFromStat maps a stat word to a State, leniently: case-insensitive,
// surrounding spaces and NULs ignored, '_', '-' and inner spaces ignored
// ("EN_ROUTE"), the full state names ("UNDELIVERABLE", "ACCEPTED"), common
// misspellings ("DELIVERD"), and a single digit 0-9 taken as the
// message_state number (some SMSCs write the number). ok is false otherwise.
func StateFromStat(stat string) (State, bool) {
	var b [16]byte
	n := 0
	for i := 0; i < len(stat); i++ {
		c := stat[i]
		switch {
		case c == ' ' || c == '_' || c == '-' || c == 0 || c == '\t' || c == '\r' || c == '\n':
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		if n == len(b) {
			return 0, false // longer than any word we know
		}
		b[n] = c
		n++
	}
	if n == 1 && '0' <= b[0] && b[0] <= '9' {
		return State(b[0] - '0'), true
	}
	s, ok := statWords[string(b[:n])] // no allocation: the compiler optimises map[string(bytes)]
	return s, ok
}

// IsReceipt reports whether esm_class marks the PDU as a receipt or
// acknowledgement: message type bits 5-2 equal to 0x04 (SMSC delivery
// receipt), 0x08 (SME delivery acknowledgement), 0x10 (SME manual/user
// acknowledgement) or 0x20 (intermediate delivery notification).
func IsReceipt(esmClass byte) bool { return KindName(esmClass) != "" }

// KindName names the message type in esm_class bits 5-2 when it is a kind of
// receipt, and returns "" otherwise (including 0x18, conversation abort).
func KindName(esmClass byte) string {
	switch esmClass & 0x3C {
	case 0x04:
		return "SMSC delivery receipt"
	case 0x08:
		return "SME delivery acknowledgement"
	case 0x10:
		return "SME manual/user acknowledgement"
	case 0x20:
		return "intermediate delivery notification"
	}
	return ""
}

// networkTypes are the network_error_code type octets. SMPP 3.4 §5.3.2.31
// defines 1-3 and reserves the rest; SMPP 5.0 §4.8.4.42 keeps 1-3 and adds
// 4-8, which is what 5.0 SMSCs send, so we name them as 5.0 does.
var networkTypes = [...]string{
	1: "ANSI-136 access denied reason",
	2: "IS-95 access denied reason",
	3: "GSM",
	4: "ANSI-136 cause code",
	5: "IS-95 cause code",
	6: "ANSI-41 error",
	7: "SMPP error",
	8: "message center specific",
}

// DescribeNetworkError renders a network_error_code TLV value (type octet +
// 2-octet big-endian code) in words, keeping the raw numbers for a carrier
// ticket: "type 3 (GSM) code 1 (0x0001)". A value that is not 3 octets is
// shown as malformed with its bytes; nil or empty gives "".
func DescribeNetworkError(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) != 3 {
		var sb strings.Builder
		sb.WriteString("malformed network_error_code (")
		sb.WriteString(strconv.Itoa(len(b)))
		sb.WriteString(" octets, want 3):")
		for _, c := range b {
			sb.WriteString(" ")
			sb.WriteString(hex2(c))
		}
		return sb.String()
	}
	name := "reserved"
	if int(b[0]) < len(networkTypes) && networkTypes[b[0]] != "" {
		name = networkTypes[b[0]]
	}
	code := uint16(b[1])<<8 | uint16(b[2])
	return "type " + strconv.Itoa(int(b[0])) + " (" + name + ") code " +
		strconv.Itoa(int(code)) + " (0x" + hex2(b[1]) + hex2(b[2]) + ")"
}

func hex2(c byte) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[c>>4], digits[c&0xF]})
}
