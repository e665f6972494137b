package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// A capture in a tab (:open FILE): the tab holds the OpenModel of `smppconsole open`,
// its conversation picker when the file has several and the console on the one picked,
// read-only. The tab's Model is the console's; each conversation opened is a new Model,
// so a new generation, and the one before's late messages are dropped.

// openedFile puts a capture's conversations into t.
func (a *App) openedFile(t *tab, s TabSession) tea.Cmd {
	t.sess, t.err = s, nil
	if n := s.Name; n != "" && n != t.req.name() {
		t.name = a.uniqueName(t, n)
	}
	o := a.tabOptions(s.Options, len(a.tabs) > 0 && a.tabs[0] == t)
	if a.opts.LogSize <= 0 {
		// As `smppconsole open`: the whole of the longest conversation is kept.
		size := DefaultLogSize
		for _, c := range s.Recorded {
			size = max(size, c.PDUs)
		}
		o.LogSize = size
	}
	note := o.Notice
	o.Notice = ""
	t.file = NewOpen(a.ctx, o, s.Recorded, note)
	t.file.inTab = true
	t.seen = map[int]bool{}
	a.syncFile(t)
	cmds := []tea.Cmd{wrapCmd(t.id, t.gen, t.file.Init())}
	if a.w > 0 {
		cmds = append(cmds, a.toTab(t, a.tabSize()))
	}
	return tea.Batch(cmds...)
}

// syncFile follows t's file console after a message: a conversation opened, or the
// picker back (C), is another Model.
func (a *App) syncFile(t *tab) {
	if t.file.inner == t.m {
		return
	}
	t.gen++
	t.m = t.file.inner
	t.feedAll = false
	if t.m != nil {
		t.m.help.tabs = true
		// The all view has a conversation's rows once, however often it is opened.
		t.feedAll = !t.seen[t.file.current]
		t.seen[t.file.current] = true
	}
}

// filePicker is t's conversation picker at the App's size, with the App's notice.
func (a *App) filePicker(t *tab, h int) string {
	lines := strings.Split(strings.TrimRight(t.file.View(), "\n"), "\n")
	if a.notice != "" {
		lines = append(lines, "", a.notice)
	}
	return padLines(lines, a.w, h)
}
