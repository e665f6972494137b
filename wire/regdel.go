package wire

// RegDelWording is a presenter's words for each field of registered_delivery (SMPP 3.4
// §5.2.17): Receipt by bits 0-1, Ack by bits 2-3, then bit 4 and the reserved bits 5-7.
// An empty word leaves its field out.
type RegDelWording struct {
	Receipt      [4]string
	Ack          [4]string
	Intermediate string
	Reserved     string
}

// Words says what v asks for, one word per field, so that the dissector and the form
// split the octet the same way and differ only in wording.
func (w *RegDelWording) Words(v byte) []string {
	var out []string
	add := func(s string) {
		if s != "" {
			out = append(out, s)
		}
	}
	add(w.Receipt[v&0x03])
	add(w.Ack[v>>2&0x03])
	if v&0x10 != 0 {
		add(w.Intermediate)
	}
	if v&0xE0 != 0 {
		add(w.Reserved)
	}
	return out
}
