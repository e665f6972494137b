package smsc

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/wire"
	"go.uber.org/goleak"
)

// testTimeout bounds every wait in the tests.
const testTimeout = 5 * time.Second

// eventually polls cond until it holds or the deadline passes.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(testTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// checkGoroutines fails the test if goroutines started during it are still running
// when it ends (after cleanups registered later have run).
func checkGoroutines(t testing.TB) {
	opt := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, opt) })
}

// startServer runs a server on 127.0.0.1:0 and shuts it down at the end of the test,
// checking that no goroutine is left behind.
func startServer(t testing.TB, cfg Config) *Server {
	t.Helper()
	checkGoroutines(t)
	cfg.Listen = "127.0.0.1:0"
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	})
	return s
}

// pdu is one PDU the test client received.
type pdu struct {
	h    wire.Header
	raw  []byte
	body []byte
}

// client is a raw SMPP client over the wire package, for tests.
type client struct {
	t    testing.TB
	nc   net.Conn
	mu   sync.Mutex
	seq  uint32
	in   chan pdu
	dlv  chan pdu // deliver_sm (answered automatically unless manualAck)
	gone chan struct{}
	// ackStatus, if set, picks the deliver_sm_resp status (manual: return 0xFFFFFFFF to not answer).
	ackStatus func(p pdu) uint32
	wg        sync.WaitGroup
}

func dial(t testing.TB, s *Server) *client {
	t.Helper()
	nc, err := net.DialTimeout("tcp", s.Addr().String(), testTimeout)
	if err != nil {
		t.Fatal(err)
	}
	return newClient(t, nc)
}

// newClient runs a test client on a connection.
func newClient(t testing.TB, nc net.Conn) *client {
	c := &client{t: t, nc: nc, in: make(chan pdu, 10000), dlv: make(chan pdu, 10000), gone: make(chan struct{})}
	c.wg.Add(1)
	go c.read()
	t.Cleanup(func() { c.close() })
	return c
}

func (c *client) close() {
	c.nc.Close()
	c.wg.Wait()
}

func (c *client) read() {
	defer c.wg.Done()
	defer close(c.gone)
	r := wire.NewReader(c.nc, 0)
	for {
		raw, err := r.ReadPDU()
		if err != nil {
			return
		}
		h, _ := wire.ParseHeader(raw)
		p := pdu{h: h, raw: raw, body: raw[16:]}
		if h.ID == wire.DeliverSM || h.ID == wire.DataSM { // data_sm: receipts as data_sm
			status := uint32(0)
			c.mu.Lock()
			ack := c.ackStatus
			c.mu.Unlock()
			if ack != nil {
				status = ack(p)
			}
			if status != 0xFFFFFFFF {
				resp := wire.AppendPDU(nil, &wire.SMRespBody{Command: h.ID | wire.ResponseBit}, 0, h.Seq)
				if status != 0 {
					resp = wire.HeaderOnly(h.ID|wire.ResponseBit, status, h.Seq)
				}
				c.write(resp)
			}
			c.dlv <- p
			continue
		}
		c.in <- p
	}
}

func (c *client) write(b []byte) {
	_ = c.nc.SetWriteDeadline(time.Now().Add(testTimeout))
	if _, err := c.nc.Write(b); err != nil && !errors.Is(err, net.ErrClosed) {
		c.t.Logf("write: %v", err)
	}
}

func (c *client) nextSeq() uint32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	return c.seq
}

// send writes a request with the given body and returns its sequence number.
func (c *client) send(id uint32, body []byte) uint32 {
	seq := c.nextSeq()
	b := append(newPDU(16+len(body), id, 0, seq), body...)
	c.write(finish(b))
	return seq
}

// recv waits for the next PDU that is not a deliver_sm.
func (c *client) recv() pdu {
	c.t.Helper()
	select {
	case p := <-c.in:
		return p
	case <-time.After(testTimeout):
		c.t.Fatal("timed out waiting for a PDU")
	}
	return pdu{}
}

// call sends a request and waits for the response with its sequence number.
func (c *client) call(id uint32, body []byte) pdu {
	c.t.Helper()
	seq := c.send(id, body)
	return c.waitSeq(seq)
}

func (c *client) waitSeq(seq uint32) pdu {
	c.t.Helper()
	for {
		p := c.recv()
		if p.h.Seq == seq && wire.IsResponse(p.h.ID) {
			return p
		}
	}
}

// expectNothing checks that no PDU arrives for d.
func (c *client) expectNothing(d time.Duration) {
	c.t.Helper()
	select {
	case p := <-c.in:
		c.t.Fatalf("unexpected %v", p.h)
	case <-time.After(d):
	}
}

func (c *client) deliver() pdu {
	c.t.Helper()
	select {
	case p := <-c.dlv:
		return p
	case <-time.After(testTimeout):
		c.t.Fatal("timed out waiting for a deliver_sm")
	}
	return pdu{}
}

func (c *client) waitClosed() {
	c.t.Helper()
	select {
	case <-c.gone:
	case <-time.After(testTimeout):
		c.t.Fatal("the server did not close the connection")
	}
}

// newPDU starts a PDU with its header; finish sets command_length; setSeq rewrites the
// sequence_number. Tests use them to frame bodies that are wrong on purpose.
func newPDU(capacity int, id, status, seq uint32) []byte {
	return wire.Header{ID: id, Status: status, Seq: seq}.Append(make([]byte, 0, capacity))
}

func finish(b []byte) []byte {
	binary.BigEndian.PutUint32(b, uint32(len(b)))
	return b
}

func setSeq(b []byte, seq uint32) { binary.BigEndian.PutUint32(b[12:], seq) }

// deliverSMResp is an OK deliver_sm_resp (empty message_id).
func deliverSMResp(seq uint32) []byte {
	return wire.AppendPDU(nil, &wire.SMRespBody{Command: wire.DeliverSMResp}, 0, seq)
}

func addr(s string) wire.Address { return wire.Address{TON: 1, NPI: 1, Addr: []byte(s)} }

func bindBody(systemID, password string, version byte) []byte {
	b := wire.BindBody{SystemID: []byte(systemID), Password: []byte(password), InterfaceVersion: version}
	return b.Append(nil)
}

func (c *client) bind(id uint32, systemID, password string) pdu {
	c.t.Helper()
	return c.call(id, bindBody(systemID, password, 0x34))
}

func (c *client) mustBind(id uint32) {
	c.t.Helper()
	if p := c.bind(id, DefaultSystemID, DefaultPassword); p.h.Status != 0 {
		c.t.Fatalf("bind: %s", wire.StatusString(p.h.Status))
	}
}

type sm struct {
	src, dst string
	reg      byte
	esm      byte
	dc       byte
	text     []byte
	tlvs     []wire.TLV
	sched    string
}

func submitBody(m sm) []byte {
	b := wire.SMBody{Command: wire.SubmitSM, Source: addr(m.src), Dest: addr(m.dst), TLVs: m.tlvs}
	b.ESMClass, b.ScheduleDeliveryTime, b.RegisteredDelivery = m.esm, []byte(m.sched), m.reg
	b.DataCoding, b.ShortMessage = m.dc, m.text
	return b.Append(nil)
}

// submit sends submit_sm and returns the response status and message id.
func (c *client) submit(m sm) (uint32, string) {
	c.t.Helper()
	p := c.call(wire.SubmitSM, submitBody(m))
	return p.h.Status, respID(p)
}

// respID reads the message_id of a *_resp body.
func respID(p pdu) string {
	id, _ := wire.RespMessageID(p.body)
	return string(id)
}

// deliverSM is a deliver_sm decoded for the tests.
type deliverSM struct {
	src, dst string
	esm, dc  byte
	sm       []byte
	tlvs     []wire.TLV
}

func parseDeliver(t testing.TB, p pdu) deliverSM {
	t.Helper()
	b := wire.SMBody{Command: wire.DeliverSM}
	if err := b.Decode(p.body); err != nil {
		t.Fatalf("deliver_sm does not decode: %v", err)
	}
	return deliverSM{string(b.Source.Addr), string(b.Dest.Addr), b.ESMClass, b.DataCoding, b.ShortMessage, b.TLVs}
}

func tlvValue(tlvs []wire.TLV, tag uint16) ([]byte, bool) {
	t, ok := wire.FindTLV(tlvs, tag)
	return t.Value, ok
}

func queryBody(id, src string) []byte {
	b := wire.QuerySMBody{MessageID: []byte(id), Source: addr(src)}
	return b.Append(nil)
}

// logSink collects events.
type logSink struct {
	mu     sync.Mutex
	events []Event
}

func (l *logSink) log(e Event) {
	l.mu.Lock()
	l.events = append(l.events, e)
	l.mu.Unlock()
}

func (l *logSink) has(kind EventKind, substr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.events {
		if e.Kind == kind && strings.Contains(e.String(), substr) {
			return true
		}
	}
	return false
}

func listenLoopback() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }
