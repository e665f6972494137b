package wire

// ReadPDUIn is ReadPDU with the PDU carved from *chunk instead of allocated alone: a
// reader at hundreds of thousands of PDUs a second then allocates once per chunk of
// size octets. The PDU returned is the caller's, as with ReadPDU; it shares its chunk's
// memory with others, never its octets, so keeping one keeps its chunk alive and
// nothing more. Whenever the whole PDU is not already at hand (a PDU larger than the
// read buffer, a stream that ends or fails), ReadPDU does the reading, so every
// failure is exactly ReadPDU's.
func (r *Reader) ReadPDUIn(chunk *[]byte, size int) ([]byte, error) {
	hb, err := r.r.Peek(HeaderLen)
	if err != nil {
		return r.ReadPDU()
	}
	h, _ := ParseHeader(hb)
	if h.Length < HeaderLen || h.Length > r.max || int(h.Length) > r.r.Size() {
		return r.ReadPDU()
	}
	n := int(h.Length)
	pdu, err := r.r.Peek(n)
	if err != nil {
		return r.ReadPDU()
	}
	if cap(*chunk)-len(*chunk) < n {
		*chunk = make([]byte, 0, max(size, n))
	}
	k := len(*chunk)
	*chunk = append(*chunk, pdu...)
	_, _ = r.r.Discard(n)
	return (*chunk)[k : k+n : k+n], nil
}
