package ui

import "strings"

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

// registeredDeliveryWords says what v asks for, briefly: "SMSC receipt: final".
func registeredDeliveryWords(v byte) string {
	var w []string
	switch v & 0x03 {
	case 1:
		w = append(w, "SMSC receipt: final")
	case 2:
		w = append(w, "SMSC receipt: on failure")
	case 3:
		w = append(w, "SMSC receipt: on success")
	}
	switch v >> 2 & 0x03 {
	case 1:
		w = append(w, "SME delivery ack")
	case 2:
		w = append(w, "SME manual/user ack")
	case 3:
		w = append(w, "SME delivery and manual/user ack")
	}
	if v&0x10 != 0 {
		w = append(w, "intermediate notification")
	}
	if v&0xE0 != 0 {
		w = append(w, "reserved bits set")
	}
	if len(w) == 0 {
		return "no receipt"
	}
	return strings.Join(w, ", ")
}
