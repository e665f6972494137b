package ui

import (
	"context"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/smppclient"
)

// The root's side of the load panel: opening it prefilled from the compose form,
// its keys, its poll, and the session's events during a run (receipts to the runner,
// PDUs to the log sampled so that a 50k msg/s burst costs the console a few dozen rows
// a frame).

// loadPollMsg is the panel's poll of a run; gen names the run.
type loadPollMsg struct{ gen int }

func loadPoll(ctx context.Context, gen int) tea.Cmd {
	return func() tea.Msg {
		t := time.NewTimer(loadPollEvery)
		defer t.Stop()
		select {
		case <-t.C:
			return loadPollMsg{gen: gen}
		case <-ctx.Done():
			return nil
		}
	}
}

// keepPerBatch is how many PDUs of a batch the log keeps during a run; at the relay's
// 60 batches a second that is ~2,000 rows a second, which the log's ring and cache bear.
const keepPerBatch = 32

// openLoad shows the panel. The form takes the compose form's message each time it opens
// on a form whose message fields were not typed into.
func (m *Model) openLoad() tea.Cmd {
	if m.load.editing && !m.load.running() && m.load.report == nil && !m.load.msgTouched {
		if !m.draft {
			m.compose.reset(m.opts.Defaults)
		}
		c := &m.compose
		m.load.prefill(c.msg, c.fields[fDest].input.Value(), c.fields[fSource].input.Value(), c.text.Value(), m.status.stats.Window)
	}
	m.mode = modeLoad
	cmd := m.load.open()
	m.resize()
	return cmd
}

// loadClients are the sessions a run sends on: Options.LoadClients, else the console's
// own session when it is a client.
func (m *Model) loadClients() []*smppclient.Client {
	if len(m.opts.LoadClients) > 0 {
		return m.opts.LoadClients
	}
	if c, ok := m.sess.(*smppclient.Client); ok {
		return []*smppclient.Client{c}
	}
	return nil
}

func (m *Model) startLoad() tea.Cmd {
	clients := m.loadClients()
	if len(clients) == 0 {
		m.load.general = "no SMPP session to send on"
		return nil
	}
	cmd := m.load.start(m.ctx, clients)
	if cmd != nil {
		m.log.pushStory(m.now(), "", fmt.Sprintf("burst started: %s; the log shows a sample of its PDUs", m.load.describe()), rowLink)
		m.log.appended()
		m.statusDirty = true
		m.status.burst = m.load.compact()
	}
	m.resize()
	return cmd
}

// onLoadKey routes a key while the panel is shown.
func (m *Model) onLoadKey(k tea.KeyMsg) tea.Cmd {
	p := &m.load
	switch {
	case key.Matches(k, p.keys.Hide):
		m.mode = modeNormal
		p.blur()
		m.resize()
		return nil
	case key.Matches(k, p.keys.Start) && (p.editing || !p.running()):
		return m.startLoad()
	case !p.typing() && key.Matches(k, m.keys.Quit):
		return m.quit()
	case !p.typing() && key.Matches(k, m.keys.Help):
		m.mode = modeHelp
		m.help.top = 0
		return nil
	}
	return p.Update(k)
}

// onLoadPoll takes a run's figures; at its end the log says what it did not show.
func (m *Model) onLoadPoll(msg loadPollMsg) tea.Cmd {
	p := &m.load
	if msg.gen != p.gen || p.runner == nil {
		return nil
	}
	done := p.poll()
	m.statusDirty = true
	m.status.burst = p.compact()
	if !done {
		return loadPoll(m.ctx, msg.gen)
	}
	text := fmt.Sprintf("burst ended: %d messages, %d accepted", p.snap.Finished, p.snap.Accepted)
	if p.skipped > 0 {
		text += fmt.Sprintf("; %s PDUs not shown during the burst (sampled 1 in %d)", thousands(p.skipped), p.every)
	}
	m.log.pushStory(m.now(), "", text, rowLink)
	m.log.appended()
	if m.mode != modeLoad {
		m.setFlash(text+" (L shows the figures)", false)
	}
	return nil
}

// loadFilter passes a run's receipts to its runner and thins the batch for the panes:
// during the run a sample of the PDUs; from the first run on, of the submit outcomes and
// receipts only those of the operator's own messages (the receipts panel would otherwise
// fill with the burst's, which go on arriving after it). An outcome may come before
// Submit has told the panel its message's number, so while a message of the form is
// waiting for that, everything passes. It reuses evs.
func (m *Model) loadFilter(evs []smppclient.Event) []smppclient.Event {
	p := &m.load
	live := p.running()
	pdus := 0
	for _, ev := range evs {
		if _, ok := ev.(smppclient.PDUEvent); ok {
			pdus++
		}
	}
	// After the run its receipts go on arriving: big batches are still sampled, and the
	// log says so once the flow is back to what it can show.
	sample := live || pdus > keepPerBatch
	every := uint64(max(1, (pdus+keepPerBatch-1)/keepPerBatch))
	if sample {
		p.every = max(p.every, every)
	} else if p.tailSkipped > 0 {
		m.log.pushStory(m.now(), "", fmt.Sprintf("%s PDUs not shown after the burst (sampled 1 in %d)", thousands(p.tailSkipped), p.every), rowLink)
		m.log.appended()
		p.skipped += p.tailSkipped
		p.tailSkipped = 0
	}
	pending := m.msgs.pendingSubmit()
	ours := func(msg uint64) bool { return pending || m.msgs.byMsg[msg] != nil }
	out := evs[:0]
	for _, ev := range evs {
		switch e := ev.(type) {
		case smppclient.PDUEvent:
			if sample {
				// One PDU of each run of every, at a position that moves from run to run:
				// a fixed stride would alias with the burst's own rhythm (submit_sm, resp,
				// deliver_sm, resp…) and show one kind of PDU only.
				pos, run := p.counter%every, p.counter/every
				p.counter++
				if pos != (run*2654435761)%every {
					if live {
						p.skipped++
					} else {
						p.tailSkipped++
					}
					continue
				}
			}
		case smppclient.ReceiptEvent:
			if live && p.runner != nil {
				p.runner.Observe(0, e)
			}
			if !ours(e.Msg) {
				continue
			}
		case smppclient.SubmitEvent:
			if !ours(e.Msg) {
				continue
			}
		case smppclient.LateEvent:
			if !ours(e.Msg) {
				continue
			}
		}
		out = append(out, ev)
	}
	return out
}

// pendingSubmit reports whether a message of the form is waiting for Submit to return
// (its row has no session number yet).
func (p *messagesPane) pendingSubmit() bool {
	for i := len(p.rows) - 1; i >= 0; i-- {
		if r := p.rows[i]; r.local > 0 && r.pending {
			return true
		}
	}
	return false
}
