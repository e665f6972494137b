package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/config"
)

// The connection form as an App overlay: E edits the tab in front's connection and
// saving rebinds it; "new connection…" in the tab picker starts from the defaults and
// saving opens a tab.

func init() {
	newConnectionForm = func(a *App) Overlay { return newConnOverlay(a, nil) }
}

// connOverlay is the form over the App.
type connOverlay struct {
	f   *connForm
	tab *tab // the tab edited; nil for a new connection
}

// newConnOverlay opens the form on t's connection (nil: a new one, from the defaults).
func newConnOverlay(a *App, t *tab) *connOverlay {
	base, name := config.Defaults(), ""
	if t != nil {
		name = t.name
		switch {
		case t.sess.Profile.Addr() != "" || t.sess.Profile.ListenOutbind != "":
			base = t.sess.Profile
		case t.req.Custom != nil: // a connection the form made, that could not be opened
			base = *t.req.Custom
		}
		if base.Name == "" && t.req.Profile != "" {
			base.Name = t.req.Profile
		}
	}
	return &connOverlay{f: newConnForm(a.st, base, name, a.opts.ConfigPath), tab: t}
}

// Init focuses the first field (its cursor blinks).
func (o *connOverlay) Init() tea.Cmd { return o.f.focusOn(o.f.focus) }

// Update implements Overlay.
func (o *connOverlay) Update(a *App, msg tea.Msg) (bool, tea.Cmd) {
	act, cmd := o.f.update(msg)
	switch act {
	case connCancel:
		return true, nil
	case connSave:
		p := o.f.profile()
		if o.tab == nil || a.index(o.tab) < 0 {
			return true, a.OpenTab(TabRequest{Custom: &p})
		}
		return true, a.Rebind(p)
	}
	return false, cmd
}

// View implements Overlay.
func (o *connOverlay) View(w, h int) string { return o.f.View(w, h) }
