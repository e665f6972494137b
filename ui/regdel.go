package ui

import (
	"strings"

	"github.com/smppconsole/smppconsole/wire"
)

// The form sets registered_delivery a field at a time (SMPP 3.4 §5.2.17): bits 0-1 ask
// the SMSC for a delivery receipt, bits 2-3 for SME acknowledgements, bit 4 for
// intermediate notifications. Bits 5-7 are reserved; a profile's are kept as they are.

// setRegisteredDelivery spreads v over the three fields.
func (c *compose) setRegisteredDelivery(v byte) {
	c.fields[fRegDel].setValue(int(v & 0x03))
	c.fields[fSMEAck].setValue(int(v >> 2 & 0x03))
	c.fields[fIntermediate].setValue(int(v >> 4 & 0x01))
	c.regDelReserved = v & 0xE0
}

// registeredDelivery is the octet the three fields make.
func (c *compose) registeredDelivery() byte {
	return byte(c.fields[fRegDel].value()) | byte(c.fields[fSMEAck].value())<<2 |
		byte(c.fields[fIntermediate].value())<<4 | c.regDelReserved
}

// regDelWords are the form's brief words for registered_delivery.
var regDelWords = wire.RegDelWording{
	Receipt:      [4]string{"", "SMSC receipt: final", "SMSC receipt: on failure", "SMSC receipt: on success"},
	Ack:          [4]string{"", "SME delivery ack", "SME manual/user ack", "SME delivery and manual/user ack"},
	Intermediate: "intermediate notification",
	Reserved:     "reserved bits set",
}

// registeredDeliveryWords says what v asks for, briefly: "SMSC receipt: final".
func registeredDeliveryWords(v byte) string {
	w := regDelWords.Words(v)
	if len(w) == 0 {
		return "no receipt"
	}
	return strings.Join(w, ", ")
}
