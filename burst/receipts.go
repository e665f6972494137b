package burst

import (
	"github.com/smppconsole/smppconsole/smppclient"
)

// register keeps a message that asks for receipts, so that they can be matched to it
// by the session's message number.
func (r *Runner) register(i int, msg uint64, rec *record) {
	b := r.binds[i]
	b.mu.Lock()
	b.byMsg[msg] = rec
	early := b.early[msg]
	delete(b.early, msg)
	b.mu.Unlock()
	for _, ev := range early {
		r.Observe(i, ev)
	}
}

func (r *Runner) unregister(i int, msg uint64) {
	b := r.binds[i]
	b.mu.Lock()
	delete(b.byMsg, msg)
	b.mu.Unlock()
}

// Observe takes an event of bind i's session: final receipts of the run's messages are
// counted and timed. Call it for every event when Settings.ExternalEvents is set.
func (r *Runner) Observe(i int, ev smppclient.Event) {
	re, ok := ev.(smppclient.ReceiptEvent)
	if !ok || !re.Matched || i < 0 || i >= len(r.binds) {
		return
	}
	st := re.Receipt.State
	if !re.Receipt.HasState || !st.Final() {
		return // not final
	}
	b := r.binds[i]
	b.mu.Lock()
	rec := b.byMsg[re.Msg]
	if rec == nil {
		if len(b.early) < maxEarly {
			b.early[re.Msg] = append(b.early[re.Msg], re)
		}
		b.mu.Unlock()
		return
	}
	if rec.receipts == nil {
		rec.receipts = make([]bool, max(re.Part, 1))
	}
	for len(rec.receipts) < re.Part {
		rec.receipts = append(rec.receipts, false)
	}
	p := max(re.Part, 1) - 1
	if rec.receipts[p] {
		b.mu.Unlock()
		return // a duplicate receipt is not a second delivery
	}
	rec.receipts[p] = true
	b.mu.Unlock()
	r.st.onReceipt(i, re.Receipt, re.At.Sub(rec.intended))
	r.set.Metrics.receiptLatency(re.At.Sub(rec.intended))
}
