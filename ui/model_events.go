package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/smppclient"
)

// The session's side of the console: the event relay, the counters' poll, and the
// hand-over of each event to the pane that owns it. The relay and the poll wait in
// commands that end when the console stops (the model's context), so nothing of the
// console is left running after Run returns.

// Event relay tuning: at most maxBatch events per message, and after the first event of
// a quiet spell the relay keeps collecting for one frame, so a burst costs one Update and
// one View per frame instead of one per PDU.
const (
	maxBatch = 4096
	frame    = time.Second / 60
)

// waitEvents waits for the next event on ch and returns it with whatever else arrives
// within a frame. The root re-arms it after each batch (the realtime example's pattern).
// It returns nil once ctx is done.
func waitEvents(ctx context.Context, ch <-chan smppclient.Event) tea.Cmd {
	return func() tea.Msg {
		var ev smppclient.Event
		var ok bool
		select {
		case ev, ok = <-ch:
		case <-ctx.Done():
			return nil
		}
		if !ok {
			return eventsMsg{closed: true}
		}
		batch := make([]smppclient.Event, 1, 64)
		batch[0] = ev
		deadline := time.NewTimer(frame)
		defer deadline.Stop()
		for len(batch) < maxBatch {
			select {
			case ev, ok := <-ch:
				if !ok {
					return eventsMsg{events: batch, closed: true}
				}
				batch = append(batch, ev)
			case <-deadline.C:
				return eventsMsg{events: batch}
			}
		}
		return eventsMsg{events: batch}
	}
}

// statsInterval is how often the status bar's counters are refreshed.
const statsInterval = 500 * time.Millisecond

// tick is the status bar's clock and the poll's pace; it returns nil once ctx is done.
func tick(ctx context.Context) tea.Cmd {
	return func() tea.Msg {
		t := time.NewTimer(statsInterval)
		defer t.Stop()
		select {
		case now := <-t.C:
			return tickMsg(now)
		case <-ctx.Done():
			return nil
		}
	}
}

func fetchStats(s Session) tea.Cmd {
	return func() tea.Msg { return statsMsg(s.Stats()) }
}

// onEvents hands each event to the pane that owns it; the log's view is brought up to date
// once per batch.
func (m *Model) onEvents(evs []smppclient.Event) {
	pdus := 0
	for _, ev := range evs {
		switch e := ev.(type) {
		case smppclient.PDUEvent:
			if e.Invalid && !isInvalid(e.Note) {
				e.Note = joinNote(invalidNote, e.Note) // the raw composer's "send anyway"
			}
			m.log.push(&e)
			pdus++
		case smppclient.StateEvent:
			m.statusDirty = true
			m.status.OnState(e)
			m.log.OnState(e)
			pdus++
		case smppclient.LinkEvent:
			m.log.OnLink(e)
			pdus++
		case smppclient.SubmitEvent:
			m.msgs.OnSubmit(e)
			m.status.OnSubmit(e)
			m.statusDirty = m.statusDirty || e.HasCongestion
		case smppclient.LateEvent:
			m.msgs.OnLate(e)
		case smppclient.ReceiptEvent:
			m.msgs.OnReceipt(e)
			m.log.OnReceipt(e)
		case smppclient.OpEvent:
			m.msgs.OnOp(e)
		case smppclient.MOEvent:
			m.msgs.OnMO(e)
		case smppclient.KeepAliveEvent:
			m.statusDirty = true
			m.status.OnKeepAlive(e)
		case smppclient.ErrorEvent:
			m.statusDirty = true
			if e.Err != nil {
				m.status.OnError(e.Err.Error())
			}
		}
	}
	if pdus > 0 {
		m.log.appended()
	}
}
