package smppclient

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// drainIdle is how long, after Close, the dispatcher waits for the consumer to take the
// next event before it gives up on the rest and closes the channel.
const drainIdle = 250 * time.Millisecond

// eventQueue decouples the connections from the consumer. push never blocks: every
// event is appended to one ordered queue, which a dispatcher goroutine drains into the
// Events channel. PDU display events are refused (and counted) while EventBuffer of them
// are already waiting; every other event is kept, up to maxKeep, so a consumer that lags
// loses only display events. Only a consumer that stops reading altogether can fill
// maxKeep; what is refused past it is counted as lost.
type eventQueue struct {
	mu      sync.Mutex
	buf     []Event // ring
	head, n int
	pdus    int // PDU events in the ring
	pduCap  int
	keepCap int
	closing bool
	dead    bool // the dispatcher has returned
	now     func() time.Time

	signal    chan struct{} // cap 1: something was pushed
	closingCh chan struct{} // closed by close
	out       chan Event
	done      chan struct{}

	dropped     atomic.Uint64 // display events refused
	lost        atomic.Uint64 // must-keep events refused past keepCap
	reported    uint64        // dropped count already reported by an ErrorEvent (dispatcher only)
	undelivered atomic.Uint64 // events still queued when the drain after Close gave up
}

func newEventQueue(pduCap, keepCap int, now func() time.Time) *eventQueue {
	q := &eventQueue{
		buf:       make([]Event, 64),
		pduCap:    pduCap,
		keepCap:   keepCap,
		now:       now,
		signal:    make(chan struct{}, 1),
		closingCh: make(chan struct{}),
		out:       make(chan Event, 64),
		done:      make(chan struct{}),
	}
	go q.run()
	return q
}

// push queues ev. It reports false when the event was refused.
func (q *eventQueue) push(ev Event) bool {
	_, isPDU := ev.(PDUEvent)
	q.mu.Lock()
	if q.dead {
		q.mu.Unlock()
		q.undelivered.Add(1)
		return false
	}
	if q.closing && isPDU {
		q.mu.Unlock()
		q.dropped.Add(1)
		return false
	}
	if isPDU && q.pdus >= q.pduCap {
		q.mu.Unlock()
		q.dropped.Add(1)
		return false
	}
	if q.n >= q.keepCap+q.pduCap {
		q.mu.Unlock()
		if isPDU {
			q.dropped.Add(1)
		} else {
			q.lost.Add(1)
		}
		return false
	}
	if q.n == len(q.buf) {
		nb := make([]Event, 2*len(q.buf))
		for i := 0; i < q.n; i++ {
			nb[i] = q.buf[(q.head+i)%len(q.buf)]
		}
		q.buf, q.head = nb, 0
	}
	q.buf[(q.head+q.n)%len(q.buf)] = ev
	q.n++
	if isPDU {
		q.pdus++
	}
	q.mu.Unlock()
	select {
	case q.signal <- struct{}{}:
	default:
	}
	return true
}

// pop takes up to len(dst) events.
func (q *eventQueue) pop(dst []Event) ([]Event, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	dst = dst[:0]
	for q.n > 0 && len(dst) < cap(dst) {
		ev := q.buf[q.head]
		q.buf[q.head] = nil
		q.head = (q.head + 1) % len(q.buf)
		q.n--
		if _, ok := ev.(PDUEvent); ok {
			q.pdus--
		}
		dst = append(dst, ev)
	}
	// Shrink a ring that grew for a burst once it has drained.
	if q.n == 0 && len(q.buf) > 4096 {
		q.buf, q.head = make([]Event, 64), 0
	}
	return dst, q.closing
}

func (q *eventQueue) run() {
	defer close(q.done)
	defer close(q.out)
	defer func() {
		q.mu.Lock()
		q.dead = true
		q.mu.Unlock()
	}()
	batch := make([]Event, 0, 64)
	idle := time.NewTimer(drainIdle)
	idle.Stop()
	closing := false
	for {
		batch, _ = q.pop(batch)
		if len(batch) == 0 {
			if closing {
				return
			}
			if d := q.dropped.Load(); d > q.reported {
				// The consumer caught up after losing display events: say so once.
				q.reported = d
				q.push(ErrorEvent{At: q.now(), Err: fmt.Errorf("the event consumer lagged: %d PDU display event(s) dropped so far", d)})
				continue
			}
			select {
			case <-q.signal:
			case <-q.closingCh:
				closing = true
			}
			continue
		}
		for i, ev := range batch {
			if !closing {
				select {
				case q.out <- ev:
					continue
				case <-q.closingCh:
					closing = true
				}
			}
			// Closing: deliver while the consumer keeps reading, else give up.
			idle.Reset(drainIdle)
			select {
			case q.out <- ev:
				idle.Stop()
			case <-idle.C:
				rest := uint64(len(batch) - i)
				q.mu.Lock()
				rest += uint64(q.n)
				q.buf, q.n, q.head, q.pdus = make([]Event, 1), 0, 0, 0
				q.mu.Unlock()
				q.undelivered.Add(rest)
				return
			}
		}
		clear(batch)
	}
}

// close starts the drain: what is queued is delivered while the consumer reads, then
// the channel is closed. It does not wait.
func (q *eventQueue) close() {
	q.mu.Lock()
	if !q.closing {
		q.closing = true
		close(q.closingCh)
	}
	q.mu.Unlock()
}
