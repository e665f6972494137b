package smppclient

import (
	"context"
	"net"
	"sync"
	"syscall"
	"testing"
)

// pipeListener is a net.Listener over net.Pipe: the fake SMSC and the session talk
// without a socket, so a test can run in a testing/synctest bubble, where the session's
// timers (response, bind and enquire_link timeouts, backoff) run on the bubble's clock
// and fire exactly when due. Settings.Dialer dials it.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe:2775" } // host:port, as Settings.Addr must be

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

// dial connects to the listener; once it is closed, the connection is refused as a
// closed TCP port would refuse it.
func (l *pipeListener) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	select {
	case <-l.done:
		return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
	default:
	}
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		client.Close()
		server.Close()
		return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
	case <-ctx.Done():
		client.Close()
		server.Close()
		return nil, ctx.Err()
	}
}

// newPipeFake is a fake SMSC reached over net.Pipe, and settings that dial it.
func newPipeFake(t testing.TB) (*fakeSMSC, Settings) {
	ln := newPipeListener()
	f := newFakeListening(t, ln)
	s := testSettings(f.addr)
	s.Dialer = ln.dial
	return f, s
}
