package ui

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"go.uber.org/goleak"
)

// signalWriter closes seen the first time what was written contains want.
type signalWriter struct {
	mu   sync.Mutex
	b    strings.Builder
	want string
	seen chan struct{}
	once sync.Once
}

func newSignalWriter(want string) *signalWriter {
	return &signalWriter{want: want, seen: make(chan struct{})}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b.Write(p)
	if strings.Contains(w.b.String(), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}

func waitClosed(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s never happened", what)
	}
}

// runConsole starts Run on a fake session with a pipe for the keyboard; it returns the
// keyboard's write end and Run's result. The debug log says when the first batch of
// events has been handled (the relay then waits again on the session).
func runConsole(t *testing.T, ctx context.Context) (*os.File, <-chan error) {
	t.Helper()
	// Checked last, once the pipe and the debug log below are closed too.
	running := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, running) })
	fs := newFakeSession()
	for _, ev := range scenario() {
		fs.ch <- ev
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	dw := newSignalWriter("ui.eventsMsg")
	debug := NewDebugLog(dw, false)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Session: fs, Input: pr, Output: &syncBuffer{}, Now: fixedNow, Location: time.UTC, Debug: debug})
	}()
	t.Cleanup(func() {
		pw.Close()
		pr.Close()
		debug.Close()
	})
	waitClosed(t, dw.seen, "the first batch of events")
	return pw, done
}

func waitRun(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
		return nil
	}
}

// Run owns what the console starts: after q, the event relay (waiting on a session that
// never closes its channel), the tick and the program are gone (runConsole checks).
func TestRunStopsEverythingItStartedOnQuit(t *testing.T) {
	pw, done := runConsole(t, context.Background())
	if _, err := pw.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	if err := waitRun(t, done); err != nil {
		t.Fatalf("Run after q: %v", err)
	}
}

// When its context is done Run returns the context's error, and stops the same.
func TestRunStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, done := runConsole(t, ctx)
	cancel()
	if err := waitRun(t, done); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run after cancel: %v, want context.Canceled", err)
	}
}

// gateWriter holds the first write (a frame being drawn) until released, and records
// whether another write came in while one was under way.
type gateWriter struct {
	release chan struct{}
	mu      sync.Mutex
	inside  int
	overlap bool
	started bool
	writes  []string
}

func (g *gateWriter) Write(p []byte) (int, error) {
	g.mu.Lock()
	g.inside++
	g.overlap = g.overlap || g.inside > 1
	first := !g.started
	g.started = true
	g.mu.Unlock()
	if first {
		<-g.release
	}
	g.mu.Lock()
	g.writes = append(g.writes, string(p))
	g.inside--
	g.mu.Unlock()
	return len(p), nil
}

// An OSC 52 copy goes through the writer Bubble Tea draws with, so it waits for the
// frame being written instead of landing inside it.
func TestCopyWaitsForTheFrame(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := &gateWriter{release: make(chan struct{})}
		m := New(Options{Session: newFakeSession(), Now: fixedNow, Location: time.UTC, Output: g})
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		feed(m, scenario()...)
		frame := m.View()
		go func() { _, _ = m.out.Write([]byte(frame)) }() // as the renderer would
		synctest.Wait()                                   // the frame is being written
		p, _ := m.log.Selected()
		_, copyCmd := m.Update(copyPDUMsg{p})
		result := make(chan any, 1)
		go func() { result <- copyCmd() }()
		synctest.Wait() // the copy has gone as far as it can
		g.mu.Lock()
		overlap, written := g.overlap, len(g.writes)
		g.mu.Unlock()
		if overlap || written != 0 {
			t.Fatalf("the copy was written while the frame was (overlap %v, %d writes done)", overlap, written)
		}
		close(g.release)
		if msg := <-result; msg.(copyDoneMsg).err != nil {
			t.Fatal(msg.(copyDoneMsg).err)
		}
		if len(g.writes) != 2 || g.writes[0] != frame || !strings.HasPrefix(g.writes[1], "\x1b]52;c;") {
			t.Fatalf("writes %q", g.writes)
		}
	})
}
