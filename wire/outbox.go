package wire

import (
	"bufio"
	"errors"
	"net"
	"sync"
	"time"
)

// ErrClosed is returned by Outbox.Send once the outbox is closed.
var ErrClosed = errors.New("connection closed")

// Outbox is the single writer of one connection. Any goroutine may Send a PDU; Run, owned
// by the connection, writes whatever has queued up in one batch and flushes once, so a
// burst of PDUs costs few syscalls. Send blocks while the queue is full, which pushes back
// on whoever produces PDUs instead of dropping them.
type Outbox struct {
	conn    net.Conn
	timeout time.Duration
	depth   int

	mu      sync.Mutex
	cond    *sync.Cond
	queue   [][]byte
	closing bool  // Close called: write what is queued, then stop
	err     error // set once Run has stopped
}

// NewOutbox writes to conn. depth bounds the PDUs waiting to be written; writeTimeout
// bounds each flush, so a peer that stops reading fails the connection instead of
// hanging it.
func NewOutbox(conn net.Conn, depth int, writeTimeout time.Duration) *Outbox {
	if depth <= 0 {
		depth = 1024
	}
	o := &Outbox{conn: conn, timeout: writeTimeout, depth: depth}
	o.cond = sync.NewCond(&o.mu)
	return o
}

// Send queues one whole PDU. It returns ErrClosed (or the write error that stopped the
// outbox) if the PDU will not be written.
func (o *Outbox) Send(pdu []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	for len(o.queue) >= o.depth && !o.closing && o.err == nil {
		o.cond.Wait()
	}
	if o.err != nil {
		return o.err
	}
	if o.closing {
		return ErrClosed
	}
	o.queue = append(o.queue, pdu)
	o.cond.Broadcast()
	return nil
}

// Run writes until Close has been called and the queue is empty, or a write fails. It
// returns nil after a Close, else the write error.
func (o *Outbox) Run() error {
	w := bufio.NewWriterSize(o.conn, 64<<10)
	var spare [][]byte
	for {
		o.mu.Lock()
		for len(o.queue) == 0 && !o.closing {
			o.cond.Wait()
		}
		batch := o.queue
		o.queue = spare[:0]
		done := o.closing && len(batch) == 0
		o.cond.Broadcast() // room for blocked senders
		o.mu.Unlock()
		if done {
			o.stop(ErrClosed)
			return nil
		}
		if err := o.write(w, batch); err != nil {
			o.stop(err)
			return err
		}
		clear(batch)
		spare = batch
	}
}

func (o *Outbox) write(w *bufio.Writer, batch [][]byte) error {
	if o.timeout > 0 {
		_ = o.conn.SetWriteDeadline(time.Now().Add(o.timeout))
	}
	for _, b := range batch {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return w.Flush()
}

func (o *Outbox) stop(err error) {
	o.mu.Lock()
	if o.err == nil {
		o.err = err
	}
	o.queue = nil
	o.cond.Broadcast()
	o.mu.Unlock()
}

// Close stops accepting PDUs; Run writes what is already queued and returns. It does not
// close the connection: the owner does that, which also unblocks a write stuck on a peer
// that stopped reading.
func (o *Outbox) Close() {
	o.mu.Lock()
	o.closing = true
	o.cond.Broadcast()
	o.mu.Unlock()
}

// Queued is the number of PDUs waiting to be written.
func (o *Outbox) Queued() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.queue)
}
