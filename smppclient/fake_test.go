package smppclient

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/smppconsole/smppconsole/wire"
)

// fakeSMSC is a programmable SMSC on wire, for the faults the session must survive.
// By default it accepts system_id "esme"/"secret", answers submit_sm with decimal ids
// from 1000, enquire_link and unbind. hook sees every PDU first and may take it over.
type fakeSMSC struct {
	t    testing.TB
	ln   net.Listener
	addr string

	mu       sync.Mutex
	conns    map[*fakeConn]bool
	live     int
	maxLive  int
	binds    int
	submits  int
	nextID   uint64
	hexIDs   bool
	password string
	hook     func(fc *fakeConn, h wire.Header, raw []byte) bool
	accepted chan *fakeConn
	wg       sync.WaitGroup
}

type fakeConn struct {
	s     *fakeSMSC
	nc    net.Conn
	wmu   sync.Mutex
	bind  uint32 // bind command_id once bound
	seq   uint32
	state map[string]any
}

func newFake(t testing.TB) *fakeSMSC {
	return newFakeOn(t, "127.0.0.1:0", nil)
}

func newFakeOn(t testing.TB, addr string, cfg *tls.Config) *fakeSMSC {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if cfg != nil {
		ln = tls.NewListener(ln, cfg)
	}
	return newFakeListening(t, ln)
}

func newFakeListening(t testing.TB, ln net.Listener) *fakeSMSC {
	s := &fakeSMSC{t: t, ln: ln, addr: ln.Addr().String(), conns: map[*fakeConn]bool{},
		nextID: 1000, password: "secret", accepted: make(chan *fakeConn, 16)}
	s.wg.Add(1)
	go s.accept()
	t.Cleanup(s.close)
	return s
}

func (s *fakeSMSC) setHook(h func(fc *fakeConn, h wire.Header, raw []byte) bool) {
	s.mu.Lock()
	s.hook = h
	s.mu.Unlock()
}

func (s *fakeSMSC) accept() {
	defer s.wg.Done()
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			return
		}
		fc := &fakeConn{s: s, nc: nc, state: map[string]any{}}
		s.mu.Lock()
		s.conns[fc] = true
		s.live++
		if s.live > s.maxLive {
			s.maxLive = s.live
		}
		s.mu.Unlock()
		select {
		case s.accepted <- fc:
		default:
		}
		s.wg.Add(1)
		go fc.serve()
	}
}

// close stops listening and drops every connection.
func (s *fakeSMSC) close() {
	s.ln.Close()
	s.mu.Lock()
	for fc := range s.conns {
		fc.nc.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *fakeSMSC) stats() (live, maxLive, binds, submits int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.live, s.maxLive, s.binds, s.submits
}

func (fc *fakeConn) write(b []byte) error {
	fc.wmu.Lock()
	defer fc.wmu.Unlock()
	_ = fc.nc.SetWriteDeadline(time.Now().Add(5 * time.Second))
	_, err := fc.nc.Write(b)
	return err
}

func (fc *fakeConn) nextSeq() uint32 {
	fc.wmu.Lock()
	defer fc.wmu.Unlock()
	fc.seq = wire.NextSeq(fc.seq)
	return fc.seq
}

func (fc *fakeConn) serve() {
	s := fc.s
	defer s.wg.Done()
	defer func() {
		fc.nc.Close()
		s.mu.Lock()
		delete(s.conns, fc)
		s.live--
		s.mu.Unlock()
	}()
	r := wire.NewReader(fc.nc, 0)
	for {
		raw, err := r.ReadPDU()
		if err != nil {
			return
		}
		h, _ := wire.ParseHeader(raw)
		s.mu.Lock()
		hook := s.hook
		s.mu.Unlock()
		if hook != nil && hook(fc, h, raw) {
			continue
		}
		if !fc.standard(h, raw) {
			return
		}
	}
}

// standard is the default behaviour; it reports false to end the connection.
func (fc *fakeConn) standard(h wire.Header, raw []byte) bool {
	s := fc.s
	switch h.ID {
	case wire.BindTransceiver, wire.BindTransmitter, wire.BindReceiver:
		body := wire.Body(raw)
		sysID, rest, _ := bytes.Cut(body, []byte{0})
		pw, _, _ := bytes.Cut(rest, []byte{0})
		s.mu.Lock()
		s.binds++
		want := s.password
		s.mu.Unlock()
		if string(sysID) != "esme" || string(pw) != want {
			_ = fc.write(wire.HeaderOnly(h.ID|wire.ResponseBit, wire.StatusInvPaswd, h.Seq))
			return false
		}
		fc.bind = h.ID
		_ = fc.write(respWithCString(h.ID|wire.ResponseBit, 0, h.Seq, "fakesmsc"))
	case wire.SubmitSM:
		s.mu.Lock()
		s.submits++
		s.nextID++
		id := fmt.Sprint(s.nextID)
		if s.hexIDs {
			id = fmt.Sprintf("%08X", s.nextID)
		}
		s.mu.Unlock()
		_ = fc.write(respWithCString(wire.SubmitSMResp, 0, h.Seq, id))
	case wire.EnquireLink:
		_ = fc.write(wire.HeaderOnly(wire.EnquireLinkResp, 0, h.Seq))
	case wire.Unbind:
		_ = fc.write(wire.HeaderOnly(wire.UnbindResp, 0, h.Seq))
		return false
	case wire.DeliverSMResp, wire.DataSMResp, wire.EnquireLinkResp, wire.GenericNack:
	default:
		_ = fc.write(wire.GenericNackFor(h.Seq, wire.StatusInvCmdID))
	}
	return true
}

func respWithCString(id, status, seq uint32, s string) []byte {
	b := wire.Header{Length: uint32(wire.HeaderLen + len(s) + 1), ID: id, Status: status, Seq: seq}.Append(nil)
	return append(append(b, s...), 0)
}

// deliverSM builds a deliver_sm with the given fields and TLVs.
func deliverSM(seq uint32, src, dst string, esm, dc byte, sm []byte, tlvs ...wire.TLV) []byte {
	b := wire.Header{ID: wire.DeliverSM, Seq: seq}.Append(nil)
	b = append(b, 0)          // service_type
	b = append(b, 1, 1)       // source ton npi
	b = append(b, src...)     //
	b = append(b, 0, 1, 1)    // NUL, dest ton npi
	b = append(b, dst...)     //
	b = append(b, 0, esm, 0)  // NUL, esm_class, protocol_id
	b = append(b, 0, 0, 0, 0) // priority, schedule NUL, validity NUL, registered_delivery
	b = append(b, 0, dc, 0)   // replace_if_present, data_coding, sm_default_msg_id
	b = append(b, byte(len(sm)))
	b = append(b, sm...)
	for _, t := range tlvs {
		b = wire.AppendTLV(b, t)
	}
	n := len(b)
	b[0], b[1], b[2], b[3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
	return b
}

// receiptText is an Appendix B receipt.
func receiptText(id, stat string) []byte {
	return []byte(fmt.Sprintf("id:%s sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:%s err:000 text:hello", id, stat))
}

// --- event helpers -------------------------------------------------------------

// events collects a client's events in a goroutine; tests wait on them with deadlines.
type events struct {
	mu   sync.Mutex
	all  []Event
	cond chan struct{}
	done chan struct{}
}

func collect(c *Client) *events {
	e := &events{cond: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(e.done)
		for ev := range c.Events() {
			e.mu.Lock()
			e.all = append(e.all, ev)
			close(e.cond)
			e.cond = make(chan struct{})
			e.mu.Unlock()
		}
	}()
	return e
}

func (e *events) snapshot() []Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Event(nil), e.all...)
}

// waitFor waits until pred holds for some event after index from, and returns that
// event's index.
func (e *events) waitFor(t testing.TB, timeout time.Duration, what string, pred func(Event) bool) (Event, int) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	seen := 0
	for {
		e.mu.Lock()
		for ; seen < len(e.all); seen++ {
			if pred(e.all[seen]) {
				ev := e.all[seen]
				e.mu.Unlock()
				return ev, seen
			}
		}
		ch := e.cond
		e.mu.Unlock()
		select {
		case <-ch:
		case <-e.done:
			e.mu.Lock()
			n := len(e.all)
			e.mu.Unlock()
			if seen == n {
				t.Fatalf("event stream closed while waiting for %s; events:\n%s", what, e.dump())
			}
		case <-deadline.C:
			t.Fatalf("timed out after %s waiting for %s; events:\n%s", timeout, what, e.dump())
		}
	}
}

func (e *events) dump() string {
	var b strings.Builder
	for _, ev := range e.snapshot() {
		fmt.Fprintf(&b, "  %s\n", describe(ev))
	}
	return b.String()
}

func describe(ev Event) string {
	switch e := ev.(type) {
	case StateEvent:
		return fmt.Sprintf("state %s %s: %s (fault %v)", e.Link, e.State, e.Reason, e.Fault)
	case PDUEvent:
		return fmt.Sprintf("pdu %s %s %s %s", e.Link, e.Dir.Arrow(), e.Header, e.Note)
	case SubmitEvent:
		return fmt.Sprintf("submit msg %d part %d/%d seq %d %s status %s id %q", e.Msg, e.Part, e.Parts, e.Seq, e.Outcome, wire.StatusString(e.Status), e.MessageID)
	case LateEvent:
		return fmt.Sprintf("late msg %d part %d seq %d after %s", e.Msg, e.Part, e.Seq, e.After)
	case ReceiptEvent:
		return fmt.Sprintf("receipt %s id %q stat %s matched %v msg %d part %d", e.Link, e.Receipt.MessageID, e.Receipt.Stat, e.Matched, e.Msg, e.Part)
	case MOEvent:
		return fmt.Sprintf("mo from %s %q parts %d complete %v", e.Source.Addr, e.Text, e.Parts, e.Complete)
	case KeepAliveEvent:
		return fmt.Sprintf("keepalive %s rtt %s", e.Link, e.RTT)
	case ErrorEvent:
		return fmt.Sprintf("error %s: %v", e.Link, e.Err)
	case LinkEvent:
		return fmt.Sprintf("link %s: %s", e.Link, e.Text)
	}
	return fmt.Sprintf("%T", ev)
}

func isState(link string, s State) func(Event) bool {
	return func(ev Event) bool {
		e, ok := ev.(StateEvent)
		return ok && (link == "" || e.Link == link) && e.State == s
	}
}

// --- client helpers ------------------------------------------------------------

func testSettings(addr string) Settings {
	return Settings{
		Addr: addr, SystemID: "esme", Password: "secret",
		ConnectTimeout: 2 * time.Second, BindTimeout: 2 * time.Second,
		ResponseTimeout: 2 * time.Second, UnbindTimeout: 500 * time.Millisecond,
		ReconnectMin: 20 * time.Millisecond, ReconnectMax: 100 * time.Millisecond,
		EnquireLinkInterval: -1,
	}
}

func startClient(t testing.TB, s Settings) (*Client, *events) {
	t.Helper()
	c, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	ev := collect(c)
	c.Start()
	t.Cleanup(func() { c.Close() })
	return c, ev
}

func ctxT(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// noLeak fails the test if a goroutine started after it was called outlives the test
// body; goleak retries for a while, so goroutines that are on their way out may finish.
// The fake SMSC's accept loop, which t.Cleanup ends later, is not counted.
func noLeak(t testing.TB) func() {
	ignore := goleak.IgnoreCurrent()
	return func() {
		t.Helper()
		goleak.VerifyNone(t, ignore, goleak.IgnoreAnyFunction("github.com/smppconsole/smppconsole/smppclient.(*fakeSMSC).accept"))
	}
}

var errTest = errors.New("test")

// countingDialer dials TCP and counts the connections the client has open, so a test
// can check from the client's side that it never holds two for one link.
type countingDialer struct {
	mu            sync.Mutex
	open, maxOpen int
	dials         int
}

func (d *countingDialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	var nd net.Dialer
	c, err := nd.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	d.open++
	d.dials++
	if d.open > d.maxOpen {
		d.maxOpen = d.open
	}
	d.mu.Unlock()
	return &countedConn{Conn: c, d: d}, nil
}

func (d *countingDialer) stats() (open, maxOpen, dials int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.open, d.maxOpen, d.dials
}

type countedConn struct {
	net.Conn
	d    *countingDialer
	once sync.Once
}

func (c *countedConn) Close() error {
	c.once.Do(func() {
		c.d.mu.Lock()
		c.d.open--
		c.d.mu.Unlock()
	})
	return c.Conn.Close()
}
