package smsc

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// Server is the SMSC simulator. Create it with New, run it with Start or Serve, stop it
// with Shutdown (or Close). All methods are safe for concurrent use.
type Server struct {
	cfg      Config
	ids      *idCodec
	judge    *judge
	store    *store
	sched    *scheduler
	accounts map[string]*account
	acctList []*account

	mu       sync.Mutex
	state    int
	ln       net.Listener
	conns    map[*conn]struct{}
	unbound  list.List     // of *conn not bound yet, oldest first
	sessions int           // bound sessions, bounded by MaxConnections
	idle     chan struct{} // closed when the last connection is gone after Shutdown began
	nextConn uint64
	acctRR   int
	moRef    uint16
	moNext   int
	stop     chan struct{} // closed to stop the background loop
	fireMu   sync.Mutex    // held by the background loop while it fires due tasks
	wg       sync.WaitGroup

	version      byte // Config.InterfaceVersion: 0 (as before versions), 0x33, 0x34 or 0x50
	receiptsData bool // Config.ReceiptsAs data_sm
	obCtx        context.Context
	obStop       context.CancelFunc // ends the outbind loop's dial and wait (Drain)

	draws    atomic.Uint64 // submissions, numbering the mix draws
	draining atomic.Bool   // shutdown began: submissions are refused
	n        counters
}

const (
	stateNew = iota
	stateServing
	stateClosed
)

type counters struct {
	binds, bindFailures, unbinds, evicted         atomic.Uint64
	submitted, rejected, throttled, dropped       atomic.Uint64
	receiptsSent, receiptsAcked, receiptsFailed   atomic.Uint64
	receiptsExpired                               atomic.Uint64
	moSent, moAcked, moFailed                     atomic.Uint64
	genericNacks, queries, cancels, replaces      atomic.Uint64
	deliverRetries, deliverTimeouts, pendingDrops atomic.Uint64
}

// Stats is a snapshot of the server's counters. Counts are since the server started.
type Stats struct {
	Connections int // open TCP connections, bound or not
	Bound       int // sessions bound now

	// UnboundEvicted counts connections closed before they bound to make room under
	// MaxUnbound.
	UnboundEvicted uint64

	Binds        uint64 // binds accepted
	BindFailures uint64 // binds refused
	Unbinds      uint64

	Submitted uint64 // submit_sm, data_sm and submit_multi accepted
	Rejected  uint64 // answered with an error status (throttled included)
	Throttled uint64 // answered ESME_RTHROTTLED or ESME_RMSGQFUL, refusals while shutting down included
	Dropped   uint64 // left unanswered by the NoSubmitResponse fault

	ReceiptsSent   uint64 // receipt deliver_sm written (resends included)
	ReceiptsAcked  uint64 // answered ESME_ROK
	ReceiptsFailed uint64 // given up: error answer after the last retry, or generic_nack
	ReceiptsLost   uint64 // not sent: the message left the store (StoreTTL, StoreMax) first
	MOSent         uint64 // MO deliver_sm written (one per part)
	MOAcked        uint64
	MOFailed       uint64

	Pending   int // deliver_sm queued for a receiver (or waiting for one to bind), or unanswered
	Scheduled int // receipts and resends not yet due
	Stored    int // messages in the store
	Queries   uint64
	Cancels   uint64
	Replaces  uint64

	GenericNacks    uint64 // generic_nack sent
	DeliverRetries  uint64 // deliver_sm sent again after a temporary error
	DeliverTimeouts uint64 // deliver_sm sent again after no answer
	PendingDropped  uint64 // dropped from a full or expired pending queue
}

// account is an Account at run time.
type account struct {
	idx    uint16
	cfg    Account
	limits Limits
	faults Faults

	mu        sync.Mutex
	binds     int
	receivers []*conn // bound as receiver or transceiver
	rr        int
	pending   queue        // waiting for a receiver
	queued    atomic.Int64 // deliveries in pending and in its receivers' queues
}

// New checks the configuration and builds a server. It starts nothing.
func New(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("smsc: %w", err)
	}
	cfg.MessageID, _ = ParseIDFormat(string(cfg.MessageID))
	cfg.ReceiptID, _ = ParseIDFormat(string(cfg.ReceiptID))
	now := time.Now()
	s := &Server{
		cfg:      cfg,
		ids:      newIDCodec(cfg.MessageID, cfg.ReceiptID),
		judge:    newJudge(cfg),
		sched:    newScheduler(),
		accounts: map[string]*account{},
		conns:    map[*conn]struct{}{},
		stop:     make(chan struct{}),
	}
	s.obCtx, s.obStop = context.WithCancel(context.Background())
	s.store = newStore(firstNumber(now), int64(cfg.StoreTTL), cfg.StoreMax)
	s.version, _ = versionOf(cfg.InterfaceVersion)
	s.receiptsData, _ = receiptsAsData(cfg.ReceiptsAs)
	for i, a := range cfg.Accounts {
		ra := &account{
			idx:    uint16(i),
			cfg:    a,
			limits: cfg.Limits.merge(a.Limits),
			faults: cfg.Faults.merge(a.Faults),
		}
		if ra.faults.ErrorStatus == 0 {
			ra.faults.ErrorStatus = Status(wire.StatusSysErr)
		}
		ra.pending.count = &ra.queued
		s.accounts[a.SystemID] = ra
		s.acctList = append(s.acctList, ra)
	}
	return s, nil
}

// Config returns the configuration in force, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// Start listens on Config.Listen and serves in the background. ctx bounds only the
// listen; stop the server with Shutdown.
func (s *Server) Start(ctx context.Context) error {
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, "tcp", s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("smsc: %w", err)
	}
	if err := s.begin(l); err != nil {
		l.Close()
		return err
	}
	go s.acceptLoop(l)
	return nil
}

// Serve accepts connections on l until Shutdown, and then returns nil.
func (s *Server) Serve(l net.Listener) error {
	if err := s.begin(l); err != nil {
		return err
	}
	return s.acceptLoop(l)
}

func (s *Server) begin(l net.Listener) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != stateNew {
		return errors.New("smsc: the server was already started or shut down")
	}
	s.state = stateServing
	s.ln = l
	s.wg.Add(2) // the accept loop and the background loop
	go s.background()
	if s.cfg.Outbind != "" {
		s.wg.Add(1)
		go s.outbindLoop()
	}
	return nil
}

// Addr is the address the server listens on (nil before Start or Serve).
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

func (s *Server) acceptLoop(l net.Listener) error {
	defer s.wg.Done()
	var backoff time.Duration
	for {
		nc, err := l.Accept()
		if err != nil {
			if s.closing() {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, syscall.EMFILE) {
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				select {
				case <-time.After(backoff):
					continue
				case <-s.stop:
					return nil
				}
			}
			return err
		}
		backoff = 0
		s.startConn(nc, false)
	}
}

func (s *Server) closing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state == stateClosed
}

// startConn serves nc; with outbind, the server sends outbind on it first (outbind.go).
// It returns nil when the server is no longer serving.
func (s *Server) startConn(nc net.Conn, outbind bool) *conn {
	if tc, ok := nc.(*net.TCPConn); ok {
		_ = tc.SetNoDelay(true)
	}
	s.mu.Lock()
	if s.state != stateServing {
		s.mu.Unlock()
		nc.Close()
		return nil
	}
	var evict *conn
	if s.unbound.Len() >= s.cfg.MaxUnbound {
		// A flood of connections that do not bind: the oldest makes room, so that a
		// client binding at once still gets in.
		evict = s.unbound.Remove(s.unbound.Front()).(*conn)
		evict.waiting = nil
	}
	s.nextConn++
	c := newConn(s, nc, s.nextConn)
	c.waiting = s.unbound.PushBack(c)
	s.conns[c] = struct{}{}
	s.wg.Add(3)
	s.mu.Unlock()
	if evict != nil {
		s.n.evicted.Add(1)
		evict.abort(fmt.Sprintf("closed unbound to make room: %d connections waiting to bind (max_unbound)", s.cfg.MaxUnbound))
	}
	if outbind {
		c.sendOutbind() // queued before the goroutines start: it is the first PDU
	}
	go c.runOutbox()
	go c.pump()
	go c.serve()
	return c
}

// takeSession moves c from the unbound connections to the bound sessions. It says why
// not when MaxConnections sessions are bound already, or the server is shutting down.
func (s *Server) takeSession(c *conn) (refused string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.state != stateServing || c.waiting == nil: // shutting down, or closed to make room
		return "the server is shutting down"
	case s.sessions >= s.cfg.MaxConnections:
		return fmt.Sprintf("session limit of %d bound sessions reached (max_connections)", s.cfg.MaxConnections)
	}
	s.unbound.Remove(c.waiting)
	c.waiting = nil
	c.session = true
	s.sessions++
	return ""
}

// giveBackSession undoes takeSession for a bind refused after it (max_binds).
func (s *Server) giveBackSession(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.session {
		c.session = false
		s.sessions--
		c.waiting = s.unbound.PushBack(c)
	}
}

func (s *Server) removeConn(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	if c.waiting != nil {
		s.unbound.Remove(c.waiting)
		c.waiting = nil
	}
	if c.session {
		s.sessions--
		c.session = false
	}
	if s.state == stateClosed && len(s.conns) == 0 && s.idle != nil {
		close(s.idle)
		s.idle = nil
	}
	s.mu.Unlock()
}

// Stats returns a snapshot of the counters.
func (s *Server) Stats() Stats {
	st := Stats{
		UnboundEvicted:  s.n.evicted.Load(),
		Binds:           s.n.binds.Load(),
		BindFailures:    s.n.bindFailures.Load(),
		Unbinds:         s.n.unbinds.Load(),
		Submitted:       s.n.submitted.Load(),
		Rejected:        s.n.rejected.Load(),
		Throttled:       s.n.throttled.Load(),
		Dropped:         s.n.dropped.Load(),
		ReceiptsSent:    s.n.receiptsSent.Load(),
		ReceiptsAcked:   s.n.receiptsAcked.Load(),
		ReceiptsFailed:  s.n.receiptsFailed.Load(),
		ReceiptsLost:    s.n.receiptsExpired.Load(),
		MOSent:          s.n.moSent.Load(),
		MOAcked:         s.n.moAcked.Load(),
		MOFailed:        s.n.moFailed.Load(),
		Queries:         s.n.queries.Load(),
		Cancels:         s.n.cancels.Load(),
		Replaces:        s.n.replaces.Load(),
		GenericNacks:    s.n.genericNacks.Load(),
		DeliverRetries:  s.n.deliverRetries.Load(),
		DeliverTimeouts: s.n.deliverTimeouts.Load(),
		PendingDropped:  s.n.pendingDrops.Load(),
		Stored:          s.store.len(),
	}
	s.mu.Lock()
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	st.Connections = len(conns)
	for _, c := range conns {
		c.mu.Lock()
		if c.bound {
			st.Bound++
		}
		st.Pending += c.own.len() + len(c.inflight)
		c.mu.Unlock()
	}
	for _, a := range s.acctList {
		a.mu.Lock()
		st.Pending += a.pending.len()
		a.mu.Unlock()
	}
	st.Scheduled = s.sched.len()
	return st
}

func (s *Server) event(e Event) {
	if s.cfg.Log != nil {
		e.Time = time.Now()
		s.cfg.Log(e)
	}
}

// background runs the scheduler (receipts, retries), the store's expiry and the MO
// timer, until Shutdown.
func (s *Server) background() {
	defer s.wg.Done()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var moTick <-chan time.Time
	if s.cfg.MO.Every > 0 {
		t := time.NewTicker(s.cfg.MO.Every)
		defer t.Stop()
		moTick = t.C
	}
	var batch []task
	var scratch []byte
	nextHousekeeping := time.Now().UnixNano() + int64(time.Second)
	for {
		now := time.Now().UnixNano()
		s.fireMu.Lock() // a draining Shutdown must not see a receipt between heap and queue
		batch = s.sched.due(now, batch[:0])
		for _, t := range batch {
			scratch = s.runTask(t, now, scratch[:0])
		}
		s.fireMu.Unlock()
		clear(batch)
		if now >= nextHousekeeping {
			s.housekeeping(now)
			nextHousekeeping = now + int64(time.Second)
		}
		wake := s.sched.sleepUntil(now, nextHousekeeping)
		timer.Reset(time.Duration(wake - now))
		select {
		case <-s.stop:
			return
		case <-s.sched.wake:
		case <-timer.C:
		case <-moTick:
			if !s.draining.Load() { // no new traffic while shutting down
				s.moTick()
			}
		}
	}
}

func (s *Server) runTask(t task, now int64, scratch []byte) []byte {
	switch t.kind {
	case taskRetry:
		t.d.queued = now
		s.route(t.d.acct, 0, t.d)
		return scratch
	default:
		return s.fireReceipt(t, now, scratch)
	}
}

func (s *Server) housekeeping(now int64) {
	s.store.expire(now)
	ttl := int64(s.cfg.PendingTTL)
	for _, a := range s.acctList {
		a.mu.Lock()
		dropped := a.pending.expire(now - ttl)
		a.mu.Unlock()
		s.n.pendingDrops.Add(uint64(dropped))
	}
}

// route hands a deliver_sm to a receiver of account a: connection prefer if it is a
// bound transceiver, else the account's receivers and transceivers in turn, else the
// account's pending queue until one binds.
func (s *Server) route(a *account, prefer uint32, d *delivery) {
	for {
		a.mu.Lock()
		var target *conn
		if prefer != 0 {
			for _, c := range a.receivers {
				if uint32(c.num) == prefer && c.bindID == wire.BindTransceiver {
					target = c
					break
				}
			}
		}
		if target == nil && len(a.receivers) > 0 {
			a.rr++
			target = a.receivers[a.rr%len(a.receivers)]
		}
		if target == nil {
			s.pushPendingLocked(a, d)
			a.mu.Unlock()
			return
		}
		a.mu.Unlock()
		if target.enqueue(d) {
			return
		}
		prefer = 0 // it went away meanwhile: try the others
	}
}

func (s *Server) pushPendingLocked(a *account, d *delivery) {
	if a.pending.len() >= s.cfg.PendingMax {
		a.pending.pop()
		s.n.pendingDrops.Add(1)
	}
	a.pending.push(d)
	for _, c := range a.receivers {
		c.signal()
	}
}
