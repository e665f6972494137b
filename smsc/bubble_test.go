package smsc

import (
	"context"
	"net"
	"sync"
	"testing"
)

// Timer-driven tests run the server inside a testing/synctest bubble, where time is
// fake and moves only when every goroutine in the bubble is blocked: a 200ms delay takes
// exactly 200ms and no wall-clock time. Real sockets cannot join a bubble, so the server
// serves net.Pipe connections handed over by pipeListener. The bubble itself checks that
// no goroutine is left: synctest.Test fails if one outlives the test.

type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error   { l.once.Do(func() { close(l.done) }); return nil }
func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

// bubbleServer is a server on a pipeListener, inside a synctest bubble.
type bubbleServer struct {
	*Server
	l *pipeListener
}

// startBubbleServer runs a server for a test inside synctest.Test and shuts it down at
// the end of the test.
func startBubbleServer(t *testing.T, cfg Config) bubbleServer {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l := &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
	served := make(chan error, 1)
	go func() { served <- s.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return bubbleServer{s, l}
}

// dial connects a test client to the server over a pipe.
func (b bubbleServer) dial(t *testing.T) *client {
	t.Helper()
	ours, theirs := net.Pipe()
	select {
	case b.l.conns <- theirs:
	case <-b.l.done:
		t.Fatal("the server stopped accepting")
	}
	return newClient(t, ours)
}

// idle opens a connection that never sends a byte.
func (b bubbleServer) idle(t *testing.T) net.Conn {
	t.Helper()
	ours, theirs := net.Pipe()
	select {
	case b.l.conns <- theirs:
	case <-b.l.done:
		t.Fatal("the server stopped accepting")
	}
	t.Cleanup(func() { ours.Close() })
	return ours
}
