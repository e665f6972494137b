package ui

import (
	"fmt"
	"net"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/smppclient"
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
	base, name, note := config.Defaults(), "", ""
	if t != nil {
		name = t.name
		base, note = connTabProfile(a, t)
	}
	f := newConnForm(a.st, base, name, a.opts.ConfigPath)
	if note != "" {
		f.status, f.bad = note, true
	}
	return &connOverlay{f: f, tab: t}
}

// connTabProfile is the connection t is on: its session's profile, else (it could not be
// opened) the form's profile it was asked for, or its profile as the config file has it.
// note says why there is nothing better than the defaults.
func connTabProfile(a *App, t *tab) (config.Profile, string) {
	p := t.sess.Profile
	s, settings := smppclient.Settings{}, false
	if t.m != nil {
		if ss, ok := t.m.sess.(interface{ Settings() smppclient.Settings }); ok {
			s, settings = ss.Settings(), true
		}
	}
	switch {
	case settings:
		// The session's settings are what it dials: the simulator's profile names no
		// address (it is chosen when the simulator starts), and the tab's profile holds
		// no password (it is never shown), which an empty password field keeps.
		if host, port, err := net.SplitHostPort(s.Addr); err == nil && p.ListenOutbind == "" {
			if n, err := strconv.Atoi(port); err == nil {
				p.Host, p.Port = host, n
			}
		}
		if p.Password == "" {
			p.Password = s.Password
		}
	case t.m != nil && (p.Addr() != "" || p.ListenOutbind != ""):
	case t.req.Custom != nil:
		p = *t.req.Custom
	case t.req.Profile != "":
		path := a.opts.ConfigPath
		if path == "" {
			path = config.DefaultPath()
		}
		f, err := config.LoadOptional(path)
		if err == nil {
			p, err = f.Profile(t.req.Profile)
		}
		if err != nil {
			p = config.Defaults()
			p.Name = t.req.Profile
			return p, fmt.Sprintf("profile %q could not be read (%v): the form starts from the defaults", t.req.Profile, err)
		}
	default:
		return config.Defaults(), ""
	}
	if p.Name == "" && t.req.Profile != "" {
		p.Name = t.req.Profile
	}
	return p, ""
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
