package wire

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linxGnu/gosmpp/data"
	"github.com/linxGnu/gosmpp/pdu"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// queryPanic is the SMPP-NOTES reproducer: a query_sm carrying a TLV makes gosmpp panic.
const queryPanic = "00000018 00000003 00000000 00000001 00 000000 00000000"

func TestReaderFramesPDUs(t *testing.T) {
	enq := HeaderOnly(EnquireLink, 0, 7)
	resp := HeaderOnly(BindTransceiverResp, StatusInvPaswd, 1)
	r := NewReader(bytes.NewReader(append(append([]byte{}, enq...), resp...)), 0)
	for i, want := range [][]byte{enq, resp} {
		got, err := r.ReadPDU()
		if err != nil {
			t.Fatalf("pdu %d: %v", i, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("pdu %d: got %x want %x", i, got, want)
		}
	}
	if _, err := r.ReadPDU(); err != io.EOF {
		t.Fatalf("at the end: got %v, want io.EOF", err)
	}
}

func TestReaderFramingErrors(t *testing.T) {
	cases := []struct {
		name, in, reason string
		truncated        bool
	}{
		{"length below header", "0000000f 00000015 00000000 00000001", "below the 16-octet header", false},
		{"length above max", "00100000 00000004 00000000 00000001", "above the limit", false},
		{"short header", "00000010 0000", "ended after 6 of 16 header octets", true},
		{"short body", "00000014 00000004 00000000 00000001 0000", "ended after 18 of 20 octets of submit_sm", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := mustHex(t, c.in)
			_, err := NewReader(bytes.NewReader(in), 1024).ReadPDU()
			var fe *FramingError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a FramingError", err)
			}
			if !strings.Contains(fe.Error(), c.reason) {
				t.Errorf("reason %q does not mention %q", fe.Error(), c.reason)
			}
			if len(fe.Seen) == 0 || !bytes.HasPrefix(in, fe.Seen) {
				t.Errorf("Seen %x is not a prefix of the input", fe.Seen)
			}
			if got := errors.Is(err, io.ErrUnexpectedEOF); got != c.truncated {
				t.Errorf("errors.Is(ErrUnexpectedEOF) = %v, want %v", got, c.truncated)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	a, b := HeaderOnly(EnquireLink, 0, 1), HeaderOnly(EnquireLinkResp, 0, 1)
	pdus, err := Split(append(append([]byte{}, a...), b...), 0)
	if err != nil || len(pdus) != 2 {
		t.Fatalf("got %d pdus, %v", len(pdus), err)
	}
	pdus, err = Split(append(append([]byte{}, a...), b[:9]...), 0)
	var fe *FramingError
	if len(pdus) != 1 || !errors.As(err, &fe) || len(fe.Seen) != 9 {
		t.Fatalf("truncated second PDU: got %d pdus, %v", len(pdus), err)
	}
}

func TestDecodeNeverPanics(t *testing.T) {
	_, err := Decode(mustHex(t, queryPanic))
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("query_sm reproducer: got %v, want a DecodeError", err)
	}
	if de.Header.ID != QuerySM || de.Header.Seq != 1 || len(de.Raw) != 24 {
		t.Errorf("the error must keep header and raw bytes: %+v", de)
	}
	if !strings.Contains(de.Reason, "panic") {
		t.Errorf("reason %q should say the decoder panicked", de.Reason)
	}
}

func TestDecodeHeaderOnlyResponses(t *testing.T) {
	for _, id := range []uint32{BindTransceiverResp, BindTransmitterResp, BindReceiverResp, SubmitSMResp, DeliverSMResp, DataSMResp, QuerySMResp} {
		p, err := Decode(HeaderOnly(id, StatusInvPaswd, 9))
		if err != nil {
			t.Fatalf("%s: %v", CommandName(id), err)
		}
		h := p.GetHeader()
		if uint32(h.CommandID) != id || uint32(h.CommandStatus) != StatusInvPaswd || h.SequenceNumber != 9 {
			t.Errorf("%s: header %+v", CommandName(id), h)
		}
	}
}

func TestDecodeUnknownCommand(t *testing.T) {
	_, err := Decode(HeaderOnly(0x00000999, 0, 3))
	var de *DecodeError
	if !errors.As(err, &de) || de.Header.Seq != 3 || !strings.Contains(de.Reason, "0x00000999") {
		t.Fatalf("got %v", err)
	}
}

func TestMarshalOrdersTLVsAndKeepsEmptyOnes(t *testing.T) {
	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	sm.RegisterOptionalParam(pdu.Field{Tag: pdu.Tag(TagUserMessageReference), Data: []byte{0, 1}})
	sm.RegisterOptionalParam(pdu.Field{Tag: pdu.Tag(TagSourcePort), Data: []byte{0, 2}})
	for i := 0; i < 20; i++ { // map order is random: the output must not be
		raw := Marshal(sm, 42, TLV{Tag: 0x1400}, Uint8TLV(TagSarTotalSegments, 2))
		h, _ := ParseHeader(raw)
		if int(h.Length) != len(raw) || h.Seq != 42 || h.ID != SubmitSM {
			t.Fatalf("header %+v for %d octets", h, len(raw))
		}
		tail := hex.EncodeToString(raw[len(raw)-23:])
		want := "020400020001" + "020a00020002" + "14000000" + "020e000102"
		if !strings.HasSuffix(tail, want) {
			t.Fatalf("TLVs %s, want suffix %s", tail, want)
		}
	}
	if len(sm.OptionalParameters) != 2 {
		t.Fatalf("Marshal must leave the PDU's TLVs in place")
	}
}

func TestMarshalDecodeRoundTrip(t *testing.T) {
	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	_ = sm.DestAddr.SetAddress("447700900123")
	msg, _ := pdu.NewShortMessage("hello")
	sm.Message = msg
	raw := Marshal(sm, 5)
	p, err := Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	got := p.(*pdu.SubmitSM)
	if got.DestAddr.Address() != "447700900123" || got.SequenceNumber != 5 {
		t.Fatalf("round trip: %+v", got)
	}
	// The OK response must carry its message_id field (empty C-string), not be bodiless.
	resp := Marshal(p.GetResponse(), 5)
	if len(resp) != HeaderLen+1 {
		t.Fatalf("submit_sm_resp is %d octets, want 17 (header + empty message_id)", len(resp))
	}
}

func TestSetStatus(t *testing.T) {
	r := pdu.NewSubmitSMResp()
	SetStatus(r, StatusThrottled)
	if r.GetHeader().CommandStatus != data.ESME_RTHROTTLED {
		t.Fatal("status not set")
	}
}

func TestNames(t *testing.T) {
	if CommandName(DeliverSMResp) != "deliver_sm_resp" || CommandName(0x1234) != "command_id 0x00001234" {
		t.Error(CommandName(DeliverSMResp), CommandName(0x1234))
	}
	if StatusString(StatusInvPaswd) != "ESME_RINVPASWD (0x0000000E)" {
		t.Error(StatusString(StatusInvPaswd))
	}
	if StatusName(0x401) != "vendor-specific error" {
		t.Error(StatusName(0x401))
	}
	if v, ok := StatusByName("rthrottled"); !ok || v != StatusThrottled {
		t.Error("StatusByName")
	}
	if TagName(TagMessagePayload) != "message_payload" || TagName(0x1401) != "vendor-specific 0x1401" {
		t.Error(TagName(TagMessagePayload), TagName(0x1401))
	}
	if NextSeq(MaxSequence) != 1 || NextSeq(1) != 2 {
		t.Error("NextSeq must wrap to 1")
	}
}

func TestParseTLVs(t *testing.T) {
	list, err := ParseTLVs(mustHex(t, "001e0003616200 04270002 02"))
	if err == nil || len(list) != 1 {
		t.Fatalf("got %v, %v", list, err)
	}
	list, err = ParseTLVs(mustHex(t, "001e000361620004270001020427000103"))
	if err != nil || len(list) != 3 || list[2].Value[0] != 3 {
		t.Fatalf("duplicates must be kept in order: %v %v", list, err)
	}
}

// TestOutboxCoalesces checks that PDUs sent in a burst all arrive, in order.
func TestOutboxCoalesces(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	o := NewOutbox(a, 8, time.Second)
	done := make(chan error, 1)
	go func() { done <- o.Run() }()
	const n = 100
	var want bytes.Buffer
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; i <= n; i++ {
			p := HeaderOnly(EnquireLink, 0, uint32(i))
			want.Write(p)
			if err := o.Send(p); err != nil {
				t.Error(err)
				return
			}
		}
		o.Close()
	}()
	got := make([]byte, n*HeaderLen)
	if _, err := io.ReadFull(b, got); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatal("PDUs out of order or lost")
	}
	if err := o.Send(HeaderOnly(EnquireLink, 0, 1)); !errors.Is(err, ErrClosed) {
		t.Fatalf("Send after Close: %v", err)
	}
}

// TestOutboxStuckPeer: a peer that stops reading fails the outbox within the write
// timeout instead of hanging it.
func TestOutboxStuckPeer(t *testing.T) {
	a, b := net.Pipe() // nobody reads b
	defer a.Close()
	defer b.Close()
	o := NewOutbox(a, 4, 50*time.Millisecond)
	done := make(chan error, 1)
	go func() { done <- o.Run() }()
	_ = o.Send(HeaderOnly(EnquireLink, 0, 1))
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("Run returned nil for a failed write")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run hung on a peer that stopped reading")
	}
	if err := o.Send(HeaderOnly(EnquireLink, 0, 2)); err == nil {
		t.Fatal("Send after a failed write must fail")
	}
}

func BenchmarkReadAndDecodeSubmitSM(b *testing.B) {
	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	_ = sm.SourceAddr.SetAddress("MyBrand")
	_ = sm.DestAddr.SetAddress("447700900123")
	msg, _ := pdu.NewShortMessage("Hello, this is a typical message of moderate length.")
	sm.Message = msg
	sm.RegisteredDelivery = 1
	benchReadDecode(b, Marshal(sm, 1))
}

func BenchmarkReadAndDecodeReceipt(b *testing.B) {
	d := pdu.NewDeliverSM().(*pdu.DeliverSM)
	_ = d.SourceAddr.SetAddress("447700900123")
	_ = d.DestAddr.SetAddress("MyBrand")
	d.EsmClass = 0x04
	msg, _ := pdu.NewShortMessage("id:0123456789 sub:001 dlvrd:001 submit date:2611252030 done date:2611252031 stat:DELIVRD err:000 text:Hello, this is a")
	d.Message = msg
	raw := Marshal(d, 1, CStringTLV(TagReceiptedMessageID, "0123456789"), Uint8TLV(TagMessageState, 2))
	benchReadDecode(b, raw)
}

func benchReadDecode(b *testing.B, one []byte) {
	stream := bytes.Repeat(one, 1024)
	rd := bytes.NewReader(stream)
	r := NewReader(rd, 0)
	b.ReportAllocs()
	b.SetBytes(int64(len(one)))
	for i := 0; i < b.N; i++ {
		if i%1024 == 0 {
			rd.Reset(stream)
			r = NewReader(rd, 0)
		}
		raw, err := r.ReadPDU()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Decode(raw); err != nil {
			b.Fatal(err)
		}
	}
}
