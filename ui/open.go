package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
)

// Read-only file sessions: `smppconsole open FILE` shows a recorded conversation in the
// same panes as a live session, from events derived from its PDUs (package recorded).

// ErrReadOnly is what a file session answers to anything that would send.
var ErrReadOnly = errors.New("read-only: this is a file")

// Recorded is one conversation of a file, named for the picker.
type Recorded struct {
	Name   string // "10.0.0.1:40001 → 10.0.0.9:2775"
	PDUs   int
	Events []smppclient.Event
}

// fileSession replays a conversation's events once, then closes its channel; it sends
// nothing. Its counters are the recording's, its state closed (a file does not bind).
type fileSession struct {
	ch    chan smppclient.Event
	stats smppclient.Stats
}

func newFileSession(evs []smppclient.Event) *fileSession {
	ch := make(chan smppclient.Event, len(evs))
	st := smppclient.Stats{State: smppclient.Closed}
	for _, e := range evs {
		ch <- e
		switch e := e.(type) {
		case smppclient.SubmitEvent:
			st.Sent++
			if e.Outcome == smppclient.Accepted {
				st.Accepted++
			} else {
				st.Rejected++
				st.Failed++
			}
		case smppclient.ReceiptEvent:
			st.Receipts++
			if e.Matched {
				st.Matched++
			}
		case smppclient.MOEvent:
			st.MO++
		}
	}
	close(ch)
	return &fileSession{ch: ch, stats: st}
}

func (s *fileSession) Events() <-chan smppclient.Event { return s.ch }
func (s *fileSession) Bind()                           {}
func (s *fileSession) Unbind()                         {}
func (s *fileSession) Stats() smppclient.Stats         { return s.stats }
func (s *fileSession) Submit(context.Context, message.Message) (*smppclient.Submission, error) {
	return nil, ErrReadOnly
}

// readOnlyKeys are the keys that would send (bind, compose, recall, load, MO). On a
// file they are taken out of the help and the footer and answered in words instead.
func (m *Model) readOnlyKeys() []*key.Binding {
	return []*key.Binding{&m.keys.Bind, &m.keys.New, &m.keys.Recall, &m.load.keys.Open, &m.keys.MO,
		&m.ops.keys.Query, &m.ops.keys.Cancel, &m.ops.keys.Replace}
}

// makeReadOnly keeps a copy of the sending keys, then disables them.
func (m *Model) makeReadOnly() {
	for _, b := range m.readOnlyKeys() {
		m.sendKeys = append(m.sendKeys, *b)
		b.SetEnabled(false)
	}
}

// readOnlyKey reports whether k is one of the keys a file session refuses.
func (m *Model) readOnlyKey(k tea.KeyMsg) bool {
	for _, b := range m.sendKeys {
		if key.Matches(k, b) {
			return true
		}
	}
	return false
}

type openKeys struct{ Up, Down, Pick, Picker, Quit key.Binding }

var pickKeys = openKeys{
	Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	Pick:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
	Picker: key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "conversations")),
	Quit:   key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
}

// OpenModel is the console on a file: a conversation picker when it holds several, then
// the console on the one picked (C comes back to the picker).
type OpenModel struct {
	ctx    context.Context
	opts   Options
	convs  []Recorded
	cursor int
	inner  *Model
	size   tea.WindowSizeMsg
	note   string // where reading stopped, when it did
	// current is the conversation inner shows; inTab: the file is a tab of the App
	// (ctrl+w closes it).
	current int
	inTab   bool
}

// NewOpen builds the console on a file's conversations; note (may be "") is shown in the
// picker and the status bar, e.g. where a damaged file stopped.
func NewOpen(ctx context.Context, o Options, convs []Recorded, note string) *OpenModel {
	o.ReadOnly = o.Label
	if note != "" {
		o.Notice = note
	}
	m := &OpenModel{ctx: ctx, opts: o, convs: convs, note: note}
	if len(convs) == 1 {
		m.open(0)
	}
	return m
}

func (m *OpenModel) open(i int) tea.Cmd {
	if m.inner != nil {
		m.inner.stop()
	}
	m.current = i
	o := m.opts
	o.Session = newFileSession(m.convs[i].Events)
	o.Label = fmt.Sprintf("%s · %s (read-only)", m.opts.Label, m.convs[i].Name)
	m.inner = newModel(m.ctx, o)
	m.inner.makeReadOnly()
	cmds := []tea.Cmd{m.inner.Init()}
	if m.size.Width > 0 {
		m.inner.Update(m.size)
	}
	return tea.Batch(cmds...)
}

func (m *OpenModel) Init() tea.Cmd {
	if m.inner != nil {
		return m.inner.Init()
	}
	return nil
}

func (m *OpenModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if s, ok := msg.(tea.WindowSizeMsg); ok {
		m.size = s
	}
	if m.inner != nil {
		if k, ok := msg.(tea.KeyMsg); ok && len(m.convs) > 1 && m.inner.mode == modeNormal && key.Matches(k, pickKeys.Picker) {
			m.inner.stop()
			m.inner = nil
			return m, nil
		}
		_, cmd := m.inner.Update(msg)
		return m, cmd
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	switch {
	case key.Matches(k, pickKeys.Quit):
		return m, tea.Quit
	case key.Matches(k, pickKeys.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(k, pickKeys.Down):
		m.cursor = min(len(m.convs)-1, m.cursor+1)
	case key.Matches(k, pickKeys.Pick) && len(m.convs) > 0:
		return m, m.open(m.cursor)
	}
	return m, nil
}

func (m *OpenModel) View() string {
	if m.inner != nil {
		return m.inner.View()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d SMPP conversations (read-only)\n\n", m.opts.Label, len(m.convs))
	sel := lipgloss.NewStyle().Reverse(true)
	for i, c := range m.convs {
		line := fmt.Sprintf("  %-52s %6d PDUs", c.Name, c.PDUs)
		if i == m.cursor {
			line = sel.Render(line)
		}
		b.WriteString(line + "\n")
	}
	if m.note != "" {
		b.WriteString("\n" + m.note + "\n")
	}
	if m.inTab {
		b.WriteString("\n↑/↓ choose · enter open · C back here · ctrl+w close the tab · q quit\n")
	} else {
		b.WriteString("\n↑/↓ choose · enter open · C (in the console) back here · q quit\n")
	}
	return b.String()
}

// RunOpen runs the console on a file until the operator quits.
func RunOpen(ctx context.Context, o Options, convs []Recorded, note string) error {
	if o.Output == nil {
		o.Output = os.Stdout
	}
	lipgloss.HasDarkBackground()
	// One lock for the program's frames and every console's copies.
	o.Output = lockOutput(o.Output)
	m := NewOpen(ctx, o, convs, note)
	defer func() {
		if m.inner != nil {
			m.inner.stop()
		}
	}()
	return runProgram(ctx, m, o.Output, o.Input)
}
