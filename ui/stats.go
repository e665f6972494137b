package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/stats"
	"github.com/smppconsole/smppconsole/ui/keys"
)

// statsPane is the statistics view behind S: SMPP operations of the session, computed
// from the PDUs the log retains. Its collector is fed incrementally, from where it last
// stopped, when it opens and on each tick while open; its memory is bounded by the
// collector's caps, not by the session's length.
type statsPane struct {
	st   *Styles
	keys keys.Stats
	w, h int
	top  int

	c       *stats.Collector
	fed     uint64 // the ring position to feed next
	skipped int    // PDUs evicted from the log before they were counted
	done    bool   // the input is complete (a file): what still waits was never answered
	lines   []string
}

func newStatsPane(st *Styles) statsPane {
	return statsPane{st: st, keys: keys.DefaultStats(), c: stats.New(stats.Settings{})}
}

// SetSize sets the outer size.
func (p *statsPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.top = p.window()
}

// feed counts the log's PDUs not counted yet, and renders the text again. complete says
// no PDU will come any more (an opened file, read to its end).
func (p *statsPane) feed(r *ring, links []string, complete bool) {
	if old := r.oldest(); p.fed < old {
		p.skipped += int(old - p.fed)
		p.fed = old
	}
	for ; p.fed < r.next; p.fed++ {
		e, _ := r.at(p.fed)
		if !e.isPDU() {
			continue
		}
		side := stats.SideESME
		if smppclient.Direction(e.dir) == smppclient.In {
			side = stats.SideSMSC
		}
		conv := ""
		if int(e.link) < len(links) {
			conv = links[e.link]
		}
		p.c.Add(stats.Record{At: time.Unix(0, e.at), Conv: conv, Side: side, Raw: e.raw})
	}
	if complete && !p.done {
		p.c.Finish()
		p.done = true
	}
	text := stats.Format(p.c.Result())
	if p.skipped > 0 {
		text = fmt.Sprintf("%d PDU(s) left the log before they were counted\n", p.skipped) + text
	}
	p.lines = strings.Split(strings.TrimRight(text, "\n"), "\n")
	p.top = p.window()
}

func (p *statsPane) window() int { return max(min(p.top, len(p.lines)-(p.h-2)), 0) }

// Update scrolls the view.
func (p *statsPane) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	if d, ok := p.keys.Step(k, len(p.lines), max(p.h-3, 1)); ok {
		p.top += d
	}
	p.top = p.window()
	return nil
}

// View shows the window of the statistics that fits.
func (p *statsPane) View() string {
	top := p.window()
	end := min(top+p.h-2, len(p.lines))
	body := make([]string, 0, end-top)
	for _, l := range p.lines[top:end] {
		body = append(body, " "+l)
	}
	return box(p.st.PaneFocused, p.st.TitleFocus, "Statistics", "esc closes", body, p.w, p.h)
}

// ShortHelp and FullHelp make the pane a help.KeyMap.
func (p *statsPane) ShortHelp() []key.Binding  { return p.keys.ShortHelp() }
func (p *statsPane) FullHelp() [][]key.Binding { return p.keys.FullHelp() }
