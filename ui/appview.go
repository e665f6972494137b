package ui

import (
	"context"
	"os"

	"github.com/charmbracelet/lipgloss"
)

// The App's frame: the tab bar over the view in front. Only the tab in front renders;
// a message for another tab that leaves the bar as it was reuses the last frame, so
// idle tabs' ticks cost an Update each and no drawing.

// frameCache is the last frame and the bar it was drawn with.
type frameCache struct {
	valid bool
	bar   string
	s     string
	front *tab // the tab the frame shows
}

func (c *frameCache) reset() { c.valid = false }

// dirty invalidates the frame when t's message may change what is shown: t is in front.
func (c *frameCache) dirty(t *tab) {
	if c.front == t {
		c.valid = false
	}
}

// View is the tab bar and the view in front.
func (a *App) View() string {
	if a.w == 0 || a.h == 0 {
		return "starting…"
	}
	bar := a.tabBar()
	if a.frame.valid && a.frame.bar == bar {
		return a.frame.s
	}
	inner := a.tabSize()
	front := a.front()
	var body string
	switch {
	case a.overlay != nil:
		body = a.overlay.View(a.w, inner.Height)
	case a.showAll:
		a.all.summarize()
		body = a.all.m.View()
	case front == nil:
		body = padLines(wrapWords(a.notice, a.w), a.w, inner.Height)
	case front.m == nil:
		body = a.placeholder(front, inner.Height)
	default:
		body = front.m.View()
	}
	s := bar + "\n" + body
	if a.showAll {
		front = nil
	}
	a.frame = frameCache{valid: true, bar: bar, s: s, front: front}
	return s
}

// placeholder is a tab that is not open: opening, or why it could not; a file's
// conversation picker.
func (a *App) placeholder(t *tab, h int) string {
	if t.file != nil {
		return a.filePicker(t, h)
	}
	var lines []string
	if t.err != nil {
		lines = append(lines, a.st.Bad.Render(" could not open "+t.name+":"))
		for _, l := range wrapWords(t.err.Error(), a.w-4) {
			lines = append(lines, "   "+l)
		}
		lines = append(lines, "", a.st.Muted.Render(" ctrl+w closes this tab · ctrl+t opens another · q quits"))
	} else {
		lines = append(lines, a.st.Warn.Render(" opening "+t.name+"…"))
	}
	if a.notice != "" {
		lines = append(lines, "", " "+a.notice)
	}
	return padLines(lines, a.w, h)
}

// RunTabs runs the App (the console with tabs) on the terminal until the operator quits
// or ctx is done; every tab's session is closed before it returns.
func RunTabs(ctx context.Context, o Options) error {
	if o.Output == nil {
		o.Output = os.Stdout
	}
	lipgloss.HasDarkBackground()
	// One lock for the program's frames and every tab's copies.
	o.Output = lockOutput(o.Output)
	a := NewApp(ctx, o)
	defer a.Shutdown()
	return runProgram(ctx, a, o.Output, o.Input)
}
