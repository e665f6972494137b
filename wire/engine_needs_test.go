package wire

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// ReadPDUIn returns the PDUs ReadPDU would, each its own octets, and fails as it does.
func TestReadPDUInMatchesReadPDU(t *testing.T) {
	var stream []byte
	for seq := uint32(1); seq <= 50; seq++ {
		stream = append(stream, HeaderOnly(EnquireLink, 0, seq)...)
		stream = AppendPDU(stream, &SMRespBody{Command: SubmitSMResp, MessageID: []byte("12345")}, StatusOK, seq)
	}
	big := AppendPDU(nil, &SMBody{Command: SubmitSM, TLVs: []TLV{{Tag: TagMessagePayload, Value: make([]byte, 70000)}}}, StatusOK, 99)
	stream = append(stream, big...)
	stream = append(stream, HeaderOnly(EnquireLink, 0, 100)[:10]...) // cut inside a header

	want := NewReader(bytes.NewReader(stream), 100000)
	got := NewReader(bytes.NewReader(stream), 100000)
	var chunk []byte
	var kept [][]byte
	for {
		w, werr := want.ReadPDU()
		g, gerr := got.ReadPDUIn(&chunk, 256)
		if !bytes.Equal(w, g) {
			t.Fatalf("PDU %d: % x, want % x", len(kept)+1, g, w)
		}
		if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
			t.Fatalf("error %v, want %v", gerr, werr)
		}
		if werr != nil {
			var fe *FramingError
			if !errors.As(gerr, &fe) || !errors.Is(gerr, io.ErrUnexpectedEOF) {
				t.Errorf("the cut header: %v", gerr)
			}
			break
		}
		kept = append(kept, g)
	}
	if len(kept) != 101 {
		t.Fatalf("%d PDUs", len(kept))
	}
	// Each PDU kept its own octets while the chunks were reused for the next ones.
	if h, _ := ParseHeader(kept[0]); h.ID != EnquireLink || h.Seq != 1 {
		t.Errorf("first PDU now %+v", h)
	}
	if h, _ := ParseHeader(kept[99]); h.ID != SubmitSMResp || h.Seq != 50 {
		t.Errorf("PDU 100 now %+v", h)
	}
	if len(kept[100]) != len(big) {
		t.Errorf("the large PDU: %d octets", len(kept[100]))
	}
}
