package ui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/cmdline"
	"github.com/smppconsole/smppconsole/ui/keys"
)

// The command line (:), vim-style, for what keys do not reach. Parsing, completion and
// history are package cmdline's; this is the line on the screen and the commands' effect
// on the tab in front (colonrun.go). It works over the App, as an Overlay, and over a
// console of one session, as a mode of the Model: a colonHost says which.

// colonHost is what the commands act on.
type colonHost interface {
	// colonModel is the Model the commands act on (the tab in front); nil when none is
	// open (a tab still opening, or none).
	colonModel() *Model
	// colonCmd tags a command of that Model's as the Model's, so what it returns goes to it.
	colonCmd(cmd tea.Cmd) tea.Cmd
	// colonTab goes to the tab name, or opens one from the profile name.
	colonTab(name string) (tea.Cmd, error)
	// colonNames are the names :tab knows: open tabs, then the config file's profiles.
	colonNames() []string
	// colonOpen shows the capture at path, read-only (in a tab of its own).
	colonOpen(path string) (tea.Cmd, error)
	colonQuit() tea.Cmd
}

// colonLine is the line: the text, its completion, the history being recalled, and what
// the last enter said (an error at its byte, or :help's list).
type colonLine struct {
	st    *Styles
	keys  keys.Colon
	input textinput.Model
	comp  completion
	gen   int // completion asked for; a late answer for an older text is dropped
	// pending: a completion is on its way; enter pressed meanwhile runs once it is in,
	// so that tab then enter typed quickly runs what tab completed.
	pending, enterAfter bool

	hist  *cmdline.History
	at    int    // the history line shown, -1: the line being typed
	typed string // the line being typed, while the history is recalled

	err  *cmdline.Error // the last enter's, in the text as it is shown
	info []string       // :help's list, shown above the line
	note string         // why the history cannot be recalled or kept
}

// colonCompleteMsg is cmdline.Complete's answer, computed in a command: it may read the
// disk (file names for :export and :open).
type colonCompleteMsg struct {
	gen   int
	d     int
	value string
	cur   int
	cands []string
	start int
}

// colonSource is a snapshot of what completion needs, taken in Update, so the command
// that completes reads nothing of the Model.
type colonSource struct{ profiles, ids []string }

func (s colonSource) Profiles() []string   { return s.profiles }
func (s colonSource) MessageIDs() []string { return s.ids }

// newColonLine opens the line, its history read from the state directory; a history
// that cannot be read is said once and recall then offers nothing.
func newColonLine(st *Styles) (*colonLine, tea.Cmd) {
	in := textinput.New()
	in.Prompt = ":"
	in.CharLimit = 4096
	c := &colonLine{st: st, keys: keys.DefaultColon(), input: in, at: -1}
	if path, err := cmdline.HistoryPath(); err != nil {
		c.note = err.Error() + ": ↑ and ↓ recall nothing"
	} else if c.hist, err = cmdline.OpenHistory(path); err != nil {
		c.note = err.Error() + ": it is not written this time"
	}
	return c, c.input.Focus()
}

// setText puts s in the line, the cursor at its end.
func (c *colonLine) setText(s string) {
	c.input.SetValue(s)
	c.input.CursorEnd()
}

// update takes one message; done is true when the line closed.
func (c *colonLine) update(h colonHost, msg tea.Msg) (done bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case colonCompleteMsg:
		if !c.pending || msg.gen != c.gen || msg.value != c.input.Value() {
			return false, nil // the text changed since: that answer is for another word
		}
		c.pending = false
		s, ok := c.comp.begin(msg.cands, msg.start, msg.value, msg.cur, msg.d)
		if ok {
			c.putCandidate(s)
		}
		if c.enterAfter {
			c.enterAfter = false
			return c.enter(h)
		}
		if !ok {
			c.err = &cmdline.Error{Pos: msg.cur, Msg: "nothing to complete here"}
		}
		return false, nil
	case tea.KeyMsg:
		if !key.Matches(msg, c.keys.Complete, c.keys.Back) {
			c.comp = completion{}
		}
		switch {
		case key.Matches(msg, c.keys.Close):
			c.input.Blur()
			return true, nil
		case key.Matches(msg, c.keys.Run):
			if c.pending {
				c.enterAfter = true
				return false, nil
			}
			return c.enter(h)
		case key.Matches(msg, c.keys.Complete):
			return false, c.complete(h, 1)
		case key.Matches(msg, c.keys.Back):
			return false, c.complete(h, -1)
		case key.Matches(msg, c.keys.Older):
			c.recall(1)
			return false, nil
		case key.Matches(msg, c.keys.Newer):
			c.recall(-1)
			return false, nil
		}
		before := c.input.Value()
		c.input, cmd = c.input.Update(msg)
		if c.input.Value() != before {
			c.err, c.info, c.at = nil, nil, -1
			c.pending, c.enterAfter = false, false
		}
		return false, cmd
	}
	c.input, cmd = c.input.Update(msg)
	return false, cmd
}

// complete cycles the candidates shown, else asks cmdline for them in a command.
func (c *colonLine) complete(h colonHost, d int) tea.Cmd {
	v := c.input.Value()
	if s, ok := c.comp.cycle(v, d); ok {
		c.putCandidate(s)
		return nil
	}
	c.gen++
	c.pending = true
	gen, cur := c.gen, min(c.input.Position(), len(v))
	src := colonSource{profiles: h.colonNames()}
	if m := h.colonModel(); m != nil {
		src.ids = m.messageIDs(maxColonIDs)
	}
	return func() tea.Msg {
		cands, start := cmdline.Complete(v, cur, src)
		return colonCompleteMsg{gen: gen, d: d, value: v, cur: cur, cands: cands, start: start}
	}
}

func (c *colonLine) putCandidate(s string) {
	nv, cur := c.comp.put(c.input.Value(), c.input.Position(), s)
	c.input.SetValue(nv)
	c.input.SetCursor(cur)
	c.err, c.info, c.at = nil, nil, -1
}

// recall shows the d-th older line of the history (negative: newer); past the newest
// comes back the line that was being typed.
func (c *colonLine) recall(d int) {
	lines := c.hist.Lines()
	i := c.at + d
	if i < -1 || i >= len(lines) {
		return
	}
	if c.at == -1 {
		c.typed = c.input.Value()
	}
	c.at = i
	c.err, c.info = nil, nil
	if i == -1 {
		c.setText(c.typed)
		return
	}
	c.setText(lines[i])
}

// enter parses and runs the line. A line that does not parse, or a command that cannot
// run, keeps the line open with the error under the byte at fault, for fixing.
func (c *colonLine) enter(h colonHost) (bool, tea.Cmd) {
	line := c.input.Value()
	c.info = nil
	if strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), ":")) == "" {
		c.input.Blur()
		return true, nil // vim: an empty line closes
	}
	cmd, err := cmdline.Parse(line)
	if err != nil {
		var pe *cmdline.Error
		if !errors.As(err, &pe) {
			pe = &cmdline.Error{Pos: len(line), Msg: err.Error()}
		}
		c.err = pe
		return false, nil
	}
	save := c.save(line)
	if cmd.Name == "help" {
		c.info = colonHelp(cmd)
		c.err = nil
		c.setText("")
		return false, save
	}
	run, err := runColon(h, cmd)
	if err != nil {
		c.err = &cmdline.Error{Pos: argStart(line), Msg: err.Error()}
		return false, save
	}
	c.input.Blur()
	return true, tea.Batch(save, run)
}

// save adds line to the history in a command, off the update loop; a failure is said in
// the footer.
func (c *colonLine) save(line string) tea.Cmd {
	h := c.hist
	if h == nil {
		return nil
	}
	c.at = -1
	return func() tea.Msg {
		if err := h.Add(line); err != nil {
			return noticeMsg{text: err.Error(), bad: true}
		}
		return nil
	}
}

// argStart is the byte where the command's first argument begins (past ':' and the
// name): where an error of running it points.
func argStart(line string) int {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if i < len(line) && line[i] == ':' {
		i++
	}
	for i < len(line) && line[i] != ' ' && line[i] != '\t' {
		i++
	}
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return i
}

// colonHelp is :help's list (or one command's words, burst's flags with them), as
// cmdline says it.
func colonHelp(cmd cmdline.Command) []string {
	name := ""
	if len(cmd.Args) == 1 {
		name = cmd.Args[0]
	}
	return strings.Split(strings.TrimRight(cmdline.Help(name), "\n"), "\n")
}

// maxColonIDs bounds the message ids offered: the newest are the ones asked about.
const maxColonIDs = 500

// messageIDs are the message ids the tab knows, newest first, each once: the receipts
// panel's messages, then the log's submit responses.
func (m *Model) messageIDs(limit int) []string {
	seen := map[string]bool{}
	var out []string
	add := func(id string) {
		if id != "" && !seen[id] && len(out) < limit {
			seen[id] = true
			out = append(out, id)
		}
	}
	rows := m.msgs.rows
	for i := len(rows) - 1; i >= 0; i-- {
		for _, p := range rows[i].parts {
			add(p.messageID)
		}
	}
	// The log's responses, newest first, within a bounded walk back: a million-row ring
	// must not be read on a tab press.
	r := m.log.ring
	for p, n := r.next, 0; p > r.oldest() && n < 50000 && len(out) < limit; n++ {
		p--
		e, _ := r.at(p)
		if !e.isPDU() || respID(e) == "" {
			continue
		}
		add(respID(e))
	}
	return out
}
