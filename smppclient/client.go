// Package smppclient is the ESME session of smppconsole: it dials an SMSC over TCP or
// TLS, binds as a transceiver, transmitter, receiver or a transmitter+receiver pair,
// keeps the link up with enquire_link and reconnects with backoff, submits messages
// through a window of outstanding requests with a response timeout per request, answers
// deliver_sm/data_sm, correlates delivery receipts to the parts it submitted and
// reassembles incoming concatenated messages. Do sends the operations on a submitted
// message (query_sm, cancel_sm, replace_sm) and SendRaw any octets, for negative tests.
//
// It is our own code on package wire's framing and body codec, not gosmpp's Session,
// whose defects a test console cannot live with (see SMPP-NOTES). It knows nothing of
// any user interface: everything it does is reported as typed events on one channel.
//
// Goroutines: New starts the event dispatcher. Start starts one supervisor per link
// ("trx", "tx", "rx") and one housekeeper. A supervisor owns its connection and that
// connection's three goroutines (reader, writer, keeper), and waits for them before it
// dials again, so a bind never has more than one live connection. Close stops the
// supervisors and the housekeeper, waits for all of them, and lets the dispatcher drain.
package smppclient

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/segment"
)

// Errors returned by Submit.
var (
	ErrClosed   = errors.New("client closed")
	ErrNotBound = errors.New("not bound")
	ErrNoTx     = errors.New("a receiver bind cannot submit")
)

// Client is one ESME session: one bind (or a tx+rx pair of binds) to one SMSC.
type Client struct {
	s   Settings
	now func() time.Time

	ev    *eventQueue
	links []*link
	tx    *link // submits go here (nil for a receiver bind)

	msgSeq atomic.Uint64

	ob *outbinder // Settings.ListenOutbind: the listener (outbind.go)

	lastBuilt atomic.Pointer[builtMessage] // see build
	corr      *correlator

	reasmMu sync.Mutex
	reasm   *segment.Reassembler

	st counters

	startOnce sync.Once
	started   atomic.Bool
	closeOnce sync.Once
	closing   chan struct{}
	closed    chan struct{}
	wg        sync.WaitGroup

	errMu   sync.Mutex
	lastErr string
}

type counters struct {
	sent, accepted, rejected, timedOut, lost, late atomic.Uint64
	receipts, matched, mo                          atomic.Uint64
	via                                            atomic.Uint64
}

// New checks the settings and returns a client that is not yet connected. Events()
// can be read from now on; Start connects. Always Close a client.
func New(s Settings) (*Client, error) {
	s = s.withDefaults()
	if err := s.validate(); err != nil {
		return nil, err
	}
	c := &Client{
		s:       s,
		now:     s.Clock,
		reasm:   segment.NewReassembler(s.ReassemblyTimeout),
		closing: make(chan struct{}),
		closed:  make(chan struct{}),
	}
	c.ev = newEventQueue(s.EventBuffer, s.MaxQueuedEvents, c.now)
	switch s.Bind {
	case Transceiver:
		c.tx = newLink(c, "trx", Transceiver)
		c.links = []*link{c.tx}
	case Transmitter:
		c.tx = newLink(c, "tx", Transmitter)
		c.links = []*link{c.tx}
	case Receiver:
		c.links = []*link{newLink(c, "rx", Receiver)}
	case TxRx:
		c.tx = newLink(c, "tx", Transmitter)
		c.links = []*link{c.tx, newLink(c, "rx", Receiver)}
	}
	if c.tx != nil {
		c.tx.window = make(chan struct{}, s.Window)
	}
	c.setupOutbind()
	c.corr = s.Receipts.join(c) // last: the share's other clients may look at c from now on
	return c, nil
}

// Settings returns the settings in effect, defaults filled in.
func (c *Client) Settings() Settings { return c.s }

// Events is the client's event stream; it has one consumer. Nothing on the connection
// path waits for it. PDU display events are dropped, and counted in Stats().Dropped,
// while EventBuffer of them are waiting for the consumer. All other events (state,
// submit outcomes, late responses, receipts, MO, errors) are queued without limit up to
// MaxQueuedEvents, which only a consumer that has stopped reading can reach; past it
// they are counted in Stats().Lost. After Close the channel delivers what is queued while
// the consumer keeps reading, then closes.
func (c *Client) Events() <-chan Event { return c.ev.out }

// Start connects and binds in the background and keeps the link up. Calling it again
// does nothing; after Close it does nothing.
func (c *Client) Start() {
	select {
	case <-c.closing:
		return
	default:
	}
	c.startOnce.Do(func() {
		c.listenOutbind()
		c.started.Store(true)
		for _, l := range c.links {
			l.setWanted(true)
			c.wg.Add(1)
			go l.run()
		}
		c.wg.Add(1)
		go c.housekeep()
	})
}

// Bind asks every link to bind (again): after Unbind, after a credentials rejection, or
// to skip a backoff wait. It starts the client if needed.
func (c *Client) Bind() {
	if !c.started.Load() {
		c.Start()
		return
	}
	for _, l := range c.links {
		l.setWanted(true)
	}
}

// Unbind unbinds every link politely and stops reconnecting until Bind.
func (c *Client) Unbind() {
	for _, l := range c.links {
		l.setWanted(false)
	}
}

// Close unbinds politely (each link within UnbindTimeout), closes the connections,
// stops every goroutine and waits for them. It is idempotent and bounded in time even
// against a peer that stopped reading. Parts still outstanding end as ConnectionLost.
func (c *Client) Close() error {
	c.closeOnce.Do(func() {
		close(c.closing)
		for _, l := range c.links {
			l.kick()
		}
		c.wg.Wait()
		c.corr.leave() // the housekeeper has flushed what it held
		if !c.started.Load() {
			for _, l := range c.links {
				l.setState(Closed, "closed before it was started", stateOpts{})
			}
		}
		c.ev.close()
		// The dispatcher delivers what is left while the consumer reads; it stops
		// waiting for a consumer that does not (drainIdle).
		<-c.ev.done
		close(c.closed)
	})
	<-c.closed
	return nil
}

func (c *Client) isClosing() bool {
	select {
	case <-c.closing:
		return true
	default:
		return false
	}
}

// emit queues an event; see Events for what may be dropped.
func (c *Client) emit(ev Event) {
	if r := c.s.Recorder; r != nil {
		switch e := ev.(type) {
		case StateEvent:
			r.Event(e.At, e.Link, stateText(e))
		case LinkEvent:
			r.Event(e.At, e.Link, e.Text)
		}
	}
	c.ev.push(ev)
}

// stateText is a StateEvent in words, for a Recorder.
func stateText(e StateEvent) string {
	s := e.Bind.String() + " " + e.State.String()
	if e.Addr != "" {
		s += " (" + e.Addr + ")"
	}
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	if !e.Retry.IsZero() {
		s += ", next attempt at " + e.Retry.UTC().Format("15:04:05.000")
	}
	return s
}

func (c *Client) emitError(link string, err error) {
	c.errMu.Lock()
	c.lastErr = err.Error()
	c.errMu.Unlock()
	c.emit(ErrorEvent{At: c.now(), Link: link, Err: err})
}

// housekeep surfaces partial MO messages after the reassembly timeout and receipts that
// could not be correlated once no response that could match them is outstanding.
func (c *Client) housekeep() {
	defer c.wg.Done()
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-c.closing:
			c.flushOrphans(true)
			c.expireMO(time.Now().Add(100 * 365 * 24 * time.Hour))
			return
		case <-t.C:
			c.flushOrphans(false)
			c.expireMO(time.Now())
		}
	}
}

// Stats is a snapshot of the session for a status bar.
type Stats struct {
	State       State // all links bound: Bound; else the first link's state that is not
	Bind        BindType
	Addr        string
	SystemID    string
	TLS         bool
	TLSInsecure bool
	Links       []LinkStats

	InFlight int // submit_sm awaiting a response
	Window   int

	Sent, Accepted, Rejected, TimedOut, ConnectionLost uint64 // parts
	Failed                                             uint64 // Rejected + TimedOut + ConnectionLost
	Late                                               uint64 // responses after their timeout
	Receipts, Matched                                  uint64 // receipts received, correlated
	MO                                                 uint64 // mobile-originated messages (complete or partial)
	// ReceiptsVia: receipts for this client's messages that arrived on another client of
	// its ReceiptShare (their copies; not in Receipts or Matched, which count arrivals).
	ReceiptsVia uint64

	Dropped     uint64 // PDU display events the consumer was too slow for
	Lost        uint64 // other events refused because nobody consumed (MaxQueuedEvents)
	Undelivered uint64 // events still queued when the drain after Close gave up
	RTT         time.Duration
	LastError   string
}

// LinkStats is the state of one connection of the session.
type LinkStats struct {
	Name   string // "trx", "tx" or "rx"
	Bind   BindType
	State  State
	Reason string
	Since  time.Time
	Retry  time.Time // when BackingOff
	Peer   string    // the SMSC's system_id from bind_resp
	RTT    time.Duration
	// SCInterfaceVersion is the last bind_resp's sc_interface_version, when HasSCVersion.
	SCInterfaceVersion byte
	HasSCVersion       bool
}

// Stats returns a snapshot.
func (c *Client) Stats() Stats {
	s := Stats{
		Bind:        c.s.Bind,
		Addr:        c.s.Addr,
		SystemID:    c.s.SystemID,
		TLS:         c.s.TLS != nil || c.s.TLSInsecure,
		TLSInsecure: c.s.TLSInsecure || (c.s.TLS != nil && c.s.TLS.InsecureSkipVerify),
		Window:      c.s.Window,

		Sent:           c.st.sent.Load(),
		Accepted:       c.st.accepted.Load(),
		Rejected:       c.st.rejected.Load(),
		TimedOut:       c.st.timedOut.Load(),
		ConnectionLost: c.st.lost.Load(),
		Late:           c.st.late.Load(),
		Receipts:       c.st.receipts.Load(),
		Matched:        c.st.matched.Load(),
		MO:             c.st.mo.Load(),
		ReceiptsVia:    c.st.via.Load(),
		Dropped:        c.ev.dropped.Load(),
		Lost:           c.ev.lost.Load(),
		Undelivered:    c.ev.undelivered.Load(),
	}
	s.Failed = s.Rejected + s.TimedOut + s.ConnectionLost
	if c.tx != nil {
		s.InFlight = len(c.tx.window)
	}
	s.State = Bound
	for _, l := range c.links {
		ls := l.stats()
		s.Links = append(s.Links, ls)
		if s.State == Bound && ls.State != Bound {
			s.State = ls.State
		}
		if ls.RTT > 0 && (s.RTT == 0 || l == c.tx) {
			s.RTT = ls.RTT
		}
	}
	c.errMu.Lock()
	s.LastError = c.lastErr
	c.errMu.Unlock()
	return s
}

// Submit builds m into its parts (submit_sm, data_sm or submit_multi, as m.Op says) and
// sends each, waiting for room in the window and for the transmitting link to be bound;
// it never drops a part. The three are alike from here on: each part is correlated,
// times out, may be answered late and gets its receipts by message_id. It returns once every part
// has been written to the connection's queue; the outcomes follow on the Submission and
// as SubmitEvents, exactly one per part sent.
//
// If ctx ends, the client closes, or the link gives up (Unbind, a credentials
// rejection, NoReconnect) before every part was sent, Submit returns the Submission with
// the error: the parts already sent still get their outcomes, the rest were never sent.
// A part is re-sent on the next connection only if it never left this process.
func (c *Client) Submit(ctx context.Context, m message.Message) (*Submission, error) {
	if c.tx == nil {
		return nil, ErrNoTx
	}
	if c.isClosing() {
		return nil, ErrClosed
	}
	parts, err := c.build(m)
	if err != nil {
		return nil, err
	}
	sub := newSubmission(c.msgSeq.Add(1), m, parts)
	for i := range parts {
		if err := c.tx.submitPart(ctx, sub, i); err != nil {
			sub.notSent(i, err)
			return sub, err
		}
	}
	return sub, nil
}
