package smsc

import (
	"encoding/binary"

	"github.com/smppconsole/smppconsole/wire"
)

// The server reads the bodies of the requests it serves with its own small cursor
// rather than gosmpp's parser: it must keep data_coding, the raw short_message and the
// TLVs in order, must not reject a message over a UDH it cannot parse, and gosmpp
// panics on a query_sm with TLVs (SMPP-NOTES). Field sizes are the maxima of SMPP 3.4
// §4, NUL included.

// Statuses wire does not name as constants.
const (
	statusInvSerTyp   uint32 = 0x15
	statusInvSysTyp   uint32 = 0x53
	statusInvDLName   uint32 = 0x34
	statusInvDestFlag uint32 = 0x40
	statusRXTAppn     uint32 = 0x64
)

// fieldError says which mandatory field did not read.
type fieldError struct {
	field   string
	tooLong bool // the field ran past its maximum size; otherwise the body ended early
}

func (e *fieldError) Error() string {
	if e.tooLong {
		return e.field + " is longer than SMPP allows"
	}
	return "body ends inside " + e.field
}

type cursor struct {
	b   []byte
	off int
	err *fieldError
}

func (c *cursor) fail(field string, tooLong bool) {
	if c.err == nil {
		c.err = &fieldError{field, tooLong}
	}
}

// cstr reads a C-octet string of at most max octets, NUL included.
func (c *cursor) cstr(field string, max int) []byte {
	if c.err != nil {
		return nil
	}
	rest := c.b[c.off:]
	for i := 0; i < len(rest); i++ {
		if rest[i] == 0 {
			if i+1 > max {
				c.fail(field, true)
				return nil
			}
			c.off += i + 1
			return rest[:i]
		}
	}
	c.fail(field, len(rest) >= max)
	return nil
}

func (c *cursor) byte1(field string) byte {
	if c.err != nil {
		return 0
	}
	if c.off >= len(c.b) {
		c.fail(field, false)
		return 0
	}
	c.off++
	return c.b[c.off-1]
}

func (c *cursor) bytesN(field string, n int) []byte {
	if c.err != nil {
		return nil
	}
	if len(c.b)-c.off < n {
		c.fail(field, false)
		return nil
	}
	c.off += n
	return c.b[c.off-n : c.off]
}

func (c *cursor) rest() []byte { return c.b[c.off:] }

// address is a TON, NPI and address as they came.
type address struct {
	ton, npi byte
	addr     []byte
}

func (c *cursor) address(field string, max int) address {
	return address{c.byte1(field), c.byte1(field), c.cstr(field, max)}
}

// bindReq is bind_transmitter, bind_receiver or bind_transceiver.
type bindReq struct {
	systemID, password, systemType []byte
	version                        byte
}

func parseBind(body []byte) (bindReq, *fieldError) {
	c := cursor{b: body}
	var r bindReq
	r.systemID = c.cstr("system_id", 16)
	r.password = c.cstr("password", 9)
	r.systemType = c.cstr("system_type", 13)
	r.version = c.byte1("interface_version")
	c.address("address_range", 41)
	return r, c.err
}

// message is what submit_sm, data_sm and submit_multi have in common.
type message struct {
	serviceType     []byte
	src             address
	dests           []address // SME addresses (submit_multi may have several)
	dlists          [][]byte  // submit_multi distribution list names
	esm, reg        byte
	sched, validity []byte
	dc              byte
	sm              []byte
	tlvs            []byte // raw optional parameters
}

func parseSubmitSM(body []byte, m *message) *fieldError {
	c := cursor{b: body}
	m.serviceType = c.cstr("service_type", 6)
	m.src = c.address("source_addr", 21)
	m.dests = append(m.dests[:0], c.address("destination_addr", 21))
	c.messageFields(m)
	return c.err
}

// messageFields reads what submit_sm and submit_multi share after the addresses:
// esm_class through short_message, then the TLVs.
func (c *cursor) messageFields(m *message) {
	m.esm = c.byte1("esm_class")
	c.byte1("protocol_id")
	c.byte1("priority_flag")
	m.sched = c.cstr("schedule_delivery_time", 17)
	m.validity = c.cstr("validity_period", 17)
	m.reg = c.byte1("registered_delivery")
	c.byte1("replace_if_present_flag")
	m.dc = c.byte1("data_coding")
	c.byte1("sm_default_msg_id")
	n := c.byte1("sm_length")
	m.sm = c.bytesN("short_message", int(n))
	m.tlvs = c.rest()
}

func parseDataSM(body []byte, m *message) *fieldError {
	c := cursor{b: body}
	m.serviceType = c.cstr("service_type", 6)
	m.src = c.address("source_addr", 65)
	m.dests = append(m.dests[:0], c.address("destination_addr", 65))
	m.esm = c.byte1("esm_class")
	m.reg = c.byte1("registered_delivery")
	m.dc = c.byte1("data_coding")
	m.sm = nil
	m.tlvs = c.rest()
	return c.err
}

func parseSubmitMulti(body []byte, m *message) *fieldError {
	c := cursor{b: body}
	m.serviceType = c.cstr("service_type", 6)
	m.src = c.address("source_addr", 21)
	nd := int(c.byte1("number_of_dests"))
	m.dests, m.dlists = m.dests[:0], m.dlists[:0]
	for i := 0; i < nd && c.err == nil; i++ {
		switch flag := c.byte1("dest_flag"); flag {
		case 1:
			m.dests = append(m.dests, c.address("dest_address", 21))
		case 2:
			m.dlists = append(m.dlists, c.cstr("dl_name", 21))
		default:
			c.fail("dest_flag", true) // neither an SME address nor a list: invalid value
		}
	}
	c.messageFields(m)
	return c.err
}

type queryReq struct {
	id  []byte
	src address
}

func parseQuery(body []byte) (queryReq, []byte, *fieldError) {
	c := cursor{b: body}
	var r queryReq
	r.id = c.cstr("message_id", 65)
	r.src = c.address("source_addr", 21)
	return r, c.rest(), c.err
}

type cancelReq struct {
	id       []byte
	src, dst address
}

func parseCancel(body []byte) (cancelReq, []byte, *fieldError) {
	c := cursor{b: body}
	var r cancelReq
	c.cstr("service_type", 6)
	r.id = c.cstr("message_id", 65)
	r.src = c.address("source_addr", 21)
	r.dst = c.address("destination_addr", 21)
	return r, c.rest(), c.err
}

type replaceReq struct {
	id              []byte
	src             address
	sched, validity []byte
	reg             byte
	sm              []byte
}

func parseReplace(body []byte) (replaceReq, []byte, *fieldError) {
	c := cursor{b: body}
	var r replaceReq
	r.id = c.cstr("message_id", 65)
	r.src = c.address("source_addr", 21)
	r.sched = c.cstr("schedule_delivery_time", 17)
	r.validity = c.cstr("validity_period", 17)
	r.reg = c.byte1("registered_delivery")
	c.byte1("sm_default_msg_id")
	n := c.byte1("sm_length")
	r.sm = c.bytesN("short_message", int(n))
	return r, c.rest(), c.err
}

// fieldStatus is the command_status for a mandatory field that is too long.
func fieldStatus(field string) uint32 {
	switch field {
	case "service_type":
		return statusInvSerTyp
	case "source_addr":
		return wire.StatusInvSrcAdr
	case "destination_addr", "dest_address":
		return wire.StatusInvDstAdr
	case "dl_name":
		return statusInvDLName
	case "dest_flag":
		return statusInvDestFlag
	case "schedule_delivery_time":
		return wire.StatusInvSched
	case "validity_period":
		return wire.StatusInvExpiry
	case "message_id":
		return wire.StatusInvMsgID
	case "system_id":
		return wire.StatusInvSysID
	case "password":
		return wire.StatusInvPaswd
	case "system_type":
		return statusInvSysTyp
	}
	return wire.StatusBindFail
}

// validTime checks an SMPP time field (§7.1.1) with the checker the client and the
// compose form use, so the three agree on what is a valid time.
func validTime(t []byte) bool { return wire.CheckSMPPTime(string(t)) == nil }

// --- building PDUs ---

// newPDU starts a PDU with its header; finish sets command_length.
func newPDU(capacity int, id, status, seq uint32) []byte {
	b := make([]byte, 16, capacity)
	binary.BigEndian.PutUint32(b[4:], id)
	binary.BigEndian.PutUint32(b[8:], status)
	binary.BigEndian.PutUint32(b[12:], seq)
	return b
}

func finish(b []byte) []byte {
	binary.BigEndian.PutUint32(b, uint32(len(b)))
	return b
}

func appendCString(b, s []byte) []byte { return append(append(b, s...), 0) }

func appendAddress(b []byte, a address) []byte {
	return appendCString(append(b, a.ton, a.npi), a.addr)
}

// setSeq writes the sequence_number of a built PDU.
func setSeq(b []byte, seq uint32) { binary.BigEndian.PutUint32(b[12:], seq) }
