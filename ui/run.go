package ui

import (
	"context"
	"io"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
)

// Run opens the console on the terminal and returns when the operator quits, the
// program fails, or ctx is done (then with ctx's error). It owns everything the console
// runs: the terminal's background query, the program, the event relay and the commands
// that wait, and the output lock that frames and OSC 52 copies share. When it returns
// none of them is left running.
func Run(ctx context.Context, o Options) error {
	if len(o.Tabs) > 0 || o.Connector != nil {
		return RunTabs(ctx, o)
	}
	if o.Output == nil {
		o.Output = os.Stdout
	}
	// Ask the terminal for its background now: once Bubble Tea reads the input the
	// answer would arrive as key presses.
	lipgloss.HasDarkBackground()

	m := newModel(ctx, o)
	defer m.stop()
	return runProgram(ctx, m, m.out, o.Input)
}

// runProgram runs the program on out (and in, when given) until it quits or ctx is
// done, then with ctx's error. ctx done quits the program the way q does: Bubble Tea's
// own context option kills it instead, without waiting for its input reader, which can
// then be left behind.
func runProgram(ctx context.Context, model tea.Model, out io.Writer, in io.Reader) error {
	opts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithOutput(out)}
	if in != nil {
		opts = append(opts, tea.WithInput(in))
	}
	p := tea.NewProgram(model, opts...)
	ran, watched := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(watched)
		select {
		case <-ctx.Done():
			p.Quit()
		case <-ran:
		}
	}()
	_, err := p.Run()
	close(ran)
	<-watched
	if err == nil && ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return err
}

// lockOutput wraps the terminal so every write is whole: Bubble Tea writes a frame in
// one call, and an OSC 52 copy, written from a command, waits for it to finish instead
// of landing in the middle of it. A terminal stays a terminal (term.File), so Bubble
// Tea still finds its size and puts it in raw mode.
func lockOutput(w io.Writer) io.Writer {
	lw := &lockedWriter{turn: make(chan struct{}, 1), w: w}
	if f, ok := w.(term.File); ok {
		return &lockedFile{lockedWriter: lw, f: f}
	}
	return lw
}

// lockedWriter's lock is a one-slot channel rather than a sync.Mutex: the same
// exclusion, and a writer waiting on it is durably blocked for testing/synctest, so a
// test can see a copy wait for the frame.
type lockedWriter struct {
	turn chan struct{}
	w    io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.turn <- struct{}{}
	defer func() { <-l.turn }()
	return l.w.Write(p)
}

// lockedFile is a locked terminal: reads and the descriptor go to the file itself.
type lockedFile struct {
	*lockedWriter
	f term.File
}

func (l *lockedFile) Read(p []byte) (int, error) { return l.f.Read(p) }
func (l *lockedFile) Fd() uintptr                { return l.f.Fd() }

// Close does not close the terminal: it belongs to whoever gave it to Run.
func (l *lockedFile) Close() error { return nil }
