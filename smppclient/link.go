package smppclient

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// stableBound is how long a bind must last before the backoff starts again from
// ReconnectMin: an SMSC that accepts the bind and drops at once must not get a bind
// storm.
const stableBound = 30 * time.Second

// link is one connection of the session ("trx", "tx" or "rx") and the supervisor that
// keeps it up. Only the supervisor goroutine (run) dials, so there is never more than
// one live connection per link: it waits for a connection's goroutines to end before
// it dials again.
type link struct {
	c    *Client
	name string
	bind BindType // Transceiver, Transmitter or Receiver
	cmd  uint32   // bind command_id
	// outbind: the link does not dial; it waits for an SMSC's outbind on
	// Settings.ListenOutbind (see outbind.go).
	outbind bool

	mu      sync.Mutex
	state   State
	reason  string
	since   time.Time
	retry   time.Time
	peer    string
	sc      byte // sc_interface_version of the last bind_resp, when hasSC
	hasSC   bool
	cur     *conn // set while Bound
	wanted  bool
	stopped bool          // gave up: see Settings.NoReconnect, RetryOnAuthFailure
	stop    chan struct{} // closed when wanted turns false
	changed chan struct{} // closed and replaced on every state change
	ctl     chan struct{} // cap 1: wanted changed

	seq    atomic.Uint32
	rtt    atomic.Int64
	window chan struct{} // transmitting links: one token per outstanding submit_sm
}

func newLink(c *Client, name string, b BindType) *link {
	l := &link{
		c:       c,
		name:    name,
		bind:    b,
		since:   c.now(),
		stop:    make(chan struct{}),
		changed: make(chan struct{}),
		ctl:     make(chan struct{}, 1),
	}
	close(l.stop) // not wanted until Start
	switch b {
	case Transceiver:
		l.cmd = wire.BindTransceiver
	case Transmitter:
		l.cmd = wire.BindTransmitter
	default:
		l.cmd = wire.BindReceiver
	}
	return l
}

func (l *link) nextSeq() uint32 {
	for {
		old := l.seq.Load()
		n := wire.NextSeq(old)
		if l.seq.CompareAndSwap(old, n) {
			return n
		}
	}
}

func (l *link) kick() {
	select {
	case l.ctl <- struct{}{}:
	default:
	}
}

func (l *link) setWanted(w bool) {
	l.mu.Lock()
	if w {
		l.stopped = false
		if !l.wanted {
			l.wanted = true
			l.stop = make(chan struct{})
		}
	} else if l.wanted {
		l.wanted = false
		close(l.stop)
	}
	l.kick() // under mu: waitWanted, seeing wanted, also finds the kick to drain
	l.mu.Unlock()
}

type stateOpts struct {
	status    uint32
	hasStatus bool
	retry     time.Time
	cur       *conn
	peer      string
	fault     bool // see StateEvent.Fault
	sc        byte // Bound: sc_interface_version, when hasSC
	hasSC     bool
}

// setState records a state change and emits it. Leaving Bound clears cur, so Submit
// stops using the connection at once.
func (l *link) setState(s State, reason string, o stateOpts) {
	now := l.c.now()
	l.mu.Lock()
	l.state, l.reason, l.since, l.retry = s, reason, now, o.retry
	if s == Bound {
		l.cur, l.peer, l.sc, l.hasSC = o.cur, o.peer, o.sc, o.hasSC
	} else {
		l.cur = nil
	}
	close(l.changed)
	l.changed = make(chan struct{})
	l.mu.Unlock()
	l.c.emit(StateEvent{
		At: now, Link: l.name, State: s, Bind: l.bind, Addr: l.c.s.Addr, Reason: reason,
		Status: o.status, HasStatus: o.hasStatus, Retry: o.retry, Fault: o.fault,
		SCInterfaceVersion: o.sc, HasSCVersion: o.hasSC,
	})
}

func (l *link) stats() LinkStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return LinkStats{Name: l.name, Bind: l.bind, State: l.state, Reason: l.reason, Since: l.since,
		Retry: l.retry, Peer: l.peer, RTT: time.Duration(l.rtt.Load()), SCInterfaceVersion: l.sc, HasSCVersion: l.hasSC}
}

// run is the supervisor: connect, bind, serve, and after a drop back off and again,
// until the client closes.
func (l *link) run() {
	defer l.c.wg.Done()
	attempt := 0
	for {
		stop, ok := l.waitWanted()
		if !ok {
			l.setState(Closed, "client closed", stateOpts{})
			return
		}
		end := l.session(stop)
		switch {
		case l.c.isClosing():
			l.setState(Closed, end.reason, stateOpts{})
			return
		case isClosed(stop):
			l.setState(Disconnected, end.reason, end.o)
			continue
		}
		if end.boundFor >= stableBound {
			attempt = 0
		}
		if l.outbind && end.giveUp == "" && !l.c.s.NoReconnect {
			// Nothing to back off from: the SMSC dials, this side only waits.
			l.setState(Disconnected, end.reason+"; waiting for the next outbind", end.o)
			continue
		}
		if end.giveUp != "" || l.c.s.NoReconnect {
			if end.giveUp == "" {
				end.giveUp = "not reconnecting (reconnect is off)"
			}
			l.mu.Lock()
			l.stopped = true
			if l.wanted {
				l.wanted = false
				close(l.stop)
			}
			l.mu.Unlock()
			l.setState(Disconnected, end.reason+"; "+end.giveUp, end.o)
			continue
		}
		delay := backoff(l.c.s.ReconnectMin, l.c.s.ReconnectMax, attempt)
		attempt++
		o := end.o
		o.retry = l.c.now().Add(delay)
		l.setState(BackingOff, fmt.Sprintf("%s; next attempt in %s", end.reason, delay.Round(time.Millisecond)), o)
		if !l.sleep(stop, time.Now().Add(delay)) {
			if l.c.isClosing() {
				l.setState(Closed, "client closed", stateOpts{})
				return
			}
			l.setState(Disconnected, "unbound by the operator", stateOpts{})
		}
	}
}

// waitWanted waits until the link should be up; ok is false when the client closes.
func (l *link) waitWanted() (stop chan struct{}, ok bool) {
	for {
		l.mu.Lock()
		wanted, stop := l.wanted, l.stop
		l.mu.Unlock()
		if l.c.isClosing() {
			return nil, false
		}
		if wanted {
			// The kick that made it wanted is acted on now: left on the channel, it would
			// cut short the first backoff, which the state event announces.
			select {
			case <-l.ctl:
			default:
			}
			return stop, true
		}
		select {
		case <-l.ctl:
		case <-l.c.closing:
			return nil, false
		}
	}
}

// sleep waits until at; Bind (a kick while still wanted) cuts it short. It reports false
// if the link should stop instead.
func (l *link) sleep(stop chan struct{}, at time.Time) bool {
	t := time.NewTimer(time.Until(at))
	defer t.Stop()
	for {
		select {
		case <-t.C:
			return true
		case <-stop:
			return false
		case <-l.c.closing:
			return false
		case <-l.ctl:
			if !isClosed(stop) {
				return true // Bind while backing off: try now
			}
		}
	}
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// backoff is exponential from min to max with "equal jitter": half the delay fixed,
// half random, so that many clients dropped at once do not return at once.
func backoff(min, max time.Duration, attempt int) time.Duration {
	d := min
	for i := 0; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// authStatus is a bind rejection for credentials: retrying it only locks accounts.
func authStatus(s uint32) bool { return s == wire.StatusInvPaswd || s == wire.StatusInvSysID }

// sessionEnd says how a session ended.
type sessionEnd struct {
	reason   string
	o        stateOpts // bind_resp status, if that was the reason
	giveUp   string    // non-empty: do not reconnect (a credentials rejection)
	boundFor time.Duration
}

// session runs one connection from dial to close and reports how it ended; the caller
// emits the state that follows.
func (l *link) session(stop chan struct{}) sessionEnd {
	s := &l.c.s
	if l.outbind {
		defer l.c.ob.busy.Store(false)
	}
	l.setState(Connecting, l.connectingText(), stateOpts{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-stop:
		case <-l.c.closing:
		case <-ctx.Done():
		}
		cancel()
	}()
	nc, raw, obRaw, err := l.connect(ctx)
	if err != nil {
		if isClosed(stop) || l.c.isClosing() {
			return sessionEnd{reason: "connect cancelled"}
		}
		end := sessionEnd{reason: err.Error(), o: stateOpts{fault: true}}
		var de *dialError
		if errors.As(err, &de) {
			end.giveUp = de.giveUp
		}
		l.c.emitError(l.name, errors.New(end.reason))
		return end
	}
	c := newConn(l, nc, raw)
	if obRaw != nil {
		if end, ok := l.outbound(c, obRaw); !ok {
			return end
		}
	}
	c.start()
	l.setState(Binding, fmt.Sprintf("%s as system_id %q", wire.CommandName(l.cmd), s.SystemID), stateOpts{})

	res := c.bind(stop)
	if res.err != nil || res.status != wire.StatusOK {
		end := sessionEnd{o: stateOpts{fault: true}}
		switch {
		case res.err != nil:
			end.reason = "bind failed: " + res.err.Error()
		default:
			end.reason = fmt.Sprintf("bind refused: %s %s", wire.CommandName(res.respID), wire.StatusString(res.status))
			end.o.status, end.o.hasStatus = res.status, true
		}
		c.fail(errors.New(end.reason))
		c.wait()
		c.finalize()
		if isClosed(stop) || l.c.isClosing() {
			return sessionEnd{reason: "bind cancelled"}
		}
		l.c.emitError(l.name, errors.New(end.reason))
		if end.o.hasStatus && authStatus(res.status) && !s.RetryOnAuthFailure {
			end.giveUp = "not retrying a credentials rejection (retry_on_auth_failure is off)"
		}
		return end
	}
	boundAt := time.Now()
	reason := fmt.Sprintf("%s ESME_ROK", wire.CommandName(res.respID))
	if res.peer != "" {
		reason += fmt.Sprintf(" from system_id %q", res.peer)
	}
	if res.note != "" {
		reason += "; " + res.note
	}
	if note := VersionNote(s.InterfaceVersion, res.sc, res.hasSC); note != "" {
		reason += "; " + note
	}
	l.setState(Bound, reason, stateOpts{cur: c, peer: res.peer, sc: res.sc, hasSC: res.hasSC})
	c.startKeepalive()
	select { // a Bind pressed before now is done with: it must not skip a later backoff
	case <-l.ctl:
	default:
	}

	var why string
	fault := false
	select {
	case <-c.dead:
		why, fault = c.causeText(), true
	case <-stop:
		l.setState(Unbinding, "unbinding: requested by the operator", stateOpts{})
		why = "unbound by the operator" + c.unbind()
	case <-l.c.closing:
		l.setState(Unbinding, "unbinding: client closing", stateOpts{})
		why = "closed" + c.unbind()
	}
	c.wait()
	if !c.orderly() {
		l.c.emitError(l.name, errors.New(why))
	}
	c.finalize()
	return sessionEnd{reason: why, o: stateOpts{fault: fault}, boundFor: time.Since(boundAt)}
}

// bindPDU builds the bind request with every parameter of the settings.
func (l *link) bindPDU(seq uint32) []byte {
	s := &l.c.s
	b := wire.BindBody{
		Command:          l.cmd,
		SystemID:         []byte(s.SystemID),
		Password:         []byte(s.Password),
		SystemType:       []byte(s.SystemType),
		InterfaceVersion: s.InterfaceVersion,
		AddressRange:     wire.Address{TON: s.AddrTON, NPI: s.AddrNPI, Addr: []byte(s.AddressRange)},
	}
	return wire.AppendPDU(nil, &b, wire.StatusOK, seq)
}

// connDown forgets a failing connection at once, so that Submit waits for the next one
// instead of spinning on it; the supervisor emits the state that follows.
func (l *link) connDown(c *conn) {
	l.mu.Lock()
	if l.cur == c {
		l.cur = nil
	}
	l.mu.Unlock()
}
