package ui

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/journal"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/ui/keys"
)

// Export (w): the log as filtered now, to a file whose extension picks the format.
// pcapng: each PDU a TCP segment with its time stamp and a "link dir" comment, each
// story row (connecting, bound, …) a comment on an empty acknowledgement, as the
// journal writes them. JSON lines: per PDU the object `decode --json` prints plus
// "time", "link" and "dir"; per story row {"time", "link", "event"}. Bind passwords
// are masked in both unless --show-secrets. The file is created 0600 and an existing
// file is never overwritten: the prompt comes back to take another name.

// exportPrompt is the footer's file-name prompt.
type exportPrompt struct {
	input textinput.Model
	err   string // why the last name was refused
}

func newExportPrompt() exportPrompt {
	in := textinput.New()
	in.Prompt = "write the log to: "
	in.CharLimit = 4096
	return exportPrompt{input: in}
}

// exportDoneMsg is the outcome of a write.
type exportDoneMsg struct {
	path string
	pdus int
	err  error
}

// exportFormat is the format a file name's extension chooses, "" when none.
func exportFormat(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".pcapng":
		return "pcapng"
	case ".jsonl", ".json":
		return "jsonl"
	}
	return ""
}

// openExport shows the prompt, prefilled with a new name in the current directory.
func (m *Model) openExport(name string, why string) tea.Cmd {
	m.mode = modeExport
	if name == "" {
		name = "smppconsole-" + m.now().UTC().Format("20060102T150405Z") + journal.Ext
	}
	m.export.input.SetValue(name)
	m.export.input.CursorEnd()
	m.export.err = why
	return m.export.input.Focus()
}

func (m *Model) closeExport() {
	m.export.input.Blur()
	m.export.err = ""
	m.mode = modeNormal
}

// onExportKey: enter writes, esc cancels, anything else edits the name.
func (m *Model) onExportKey(k tea.KeyMsg) tea.Cmd {
	fk := keys.DefaultFilter()
	switch {
	case key.Matches(k, fk.Cancel):
		m.closeExport()
		m.setFlash("nothing written", false)
		return nil
	case key.Matches(k, fk.Apply):
		name := strings.TrimSpace(m.export.input.Value())
		if name == "" {
			m.export.err = "type a file name"
			return nil
		}
		format := exportFormat(name)
		if format == "" {
			m.export.err = "the name must end in .pcapng or .jsonl (.json)"
			return nil
		}
		if m.log.scan.active {
			m.export.err = "the filter is still being applied to the log: press enter again in a moment"
			return nil
		}
		rows := m.exportRows()
		m.closeExport()
		m.setFlash("writing "+name, false)
		return writeExport(name, format, rows, m.opts.ShowSecrets)
	}
	var c tea.Cmd
	m.export.input, c = m.export.input.Update(k)
	m.export.err = ""
	return c
}

// onExportDone reports a write; a name taken brings the prompt back.
func (m *Model) onExportDone(msg exportDoneMsg) tea.Cmd {
	if errors.Is(msg.err, os.ErrExist) {
		return m.openExport(msg.path, "the file already exists: type another name")
	}
	if msg.err != nil {
		m.setFlash("export failed: "+msg.err.Error(), true)
		return nil
	}
	m.setFlash(fmt.Sprintf("wrote %d PDUs to %s", msg.pdus, msg.path), false)
	return nil
}

// exportView is the prompt in the footer's place.
func (m *Model) exportView() string {
	// The refusal first: a long name must not push it out of sight.
	v := " "
	if m.export.err != "" {
		v += m.styles.Bad.Render(m.export.err) + "  "
	}
	return fit(v+m.export.input.View(), m.w)
}

// exportRows copies the rows the log shows now. The raw octets are shared, not copied:
// the log never modifies them.
func (m *Model) exportRows() []journal.Record {
	l := &m.log
	n := l.n()
	out := make([]journal.Record, 0, n)
	for i := 0; i < n; i++ {
		e, ok := l.ring.at(l.pos(i))
		if !ok {
			continue
		}
		link := ""
		if int(e.link) < len(l.links) {
			link = l.links[e.link]
		}
		r := journal.Record{At: time.Unix(0, e.at), Link: link, Dir: smppclient.Direction(e.dir)}
		if e.isPDU() {
			r.Raw = e.raw
		} else {
			r.Event = string(e.raw)
		}
		out = append(out, r)
	}
	return out
}

// writeExport writes rows in a command: a large log takes a while, and Update never waits.
func writeExport(path, format string, rows []journal.Record, showSecrets bool) tea.Cmd {
	return func() tea.Msg {
		var n int
		var err error
		if format == "pcapng" {
			n, err = journal.WriteFile(path, rows, showSecrets)
		} else {
			n, err = writeJSONLines(path, rows, showSecrets)
		}
		return exportDoneMsg{path: path, pdus: n, err: err}
	}
}

// exportPDU is a PDU's JSON line: decode --json's object with where and when.
type exportPDU struct {
	Time string `json:"time"`
	Link string `json:"link"`
	Dir  string `json:"dir"`
	dissect.Object
}

// exportEvent is a story row's JSON line.
type exportEvent struct {
	Time  string `json:"time"`
	Link  string `json:"link"`
	Event string `json:"event"`
}

// writeJSONLines writes rows to a new file, one JSON object a line.
func writeJSONLines(path string, rows []journal.Record, showSecrets bool) (int, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n := 0
	for i := range rows {
		r := &rows[i]
		at := r.At.UTC().Format(time.RFC3339Nano)
		if r.Event != "" {
			err = enc.Encode(exportEvent{Time: at, Link: r.Link, Event: r.Event})
		} else {
			o, _ := dissect.JSONObject(r.Raw, dissect.Options{ShowSecrets: showSecrets})
			err = enc.Encode(exportPDU{Time: at, Link: r.Link, Dir: r.Dir.String(), Object: o})
			n++
		}
		if err != nil {
			break
		}
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}
