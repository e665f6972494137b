package burst

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// Runner is one run. Start it, poll Snapshot, Stop it politely (no new submissions,
// in-flight ones get their answers), and Wait for the report.
type Runner struct {
	set      Settings
	src      Source
	clients  []*smppclient.Client
	receipts *receiptIndex

	sched *schedule
	st    *stats

	srcMu  sync.Mutex
	issued uint64 // messages taken from the source, under srcMu

	retryMu sync.Mutex
	retries []*record
	kick    chan struct{} // a retry was queued or the last open message ended

	stopOnce   sync.Once
	stopping   chan struct{}
	submitCtx  context.Context // ends on Stop, so that a Submit waiting for the window gives up
	cancelSubs context.CancelFunc
	running    atomic.Bool // Start has set up the schedule and the stats
	// durationOver: the schedule's slots have passed the end of Settings.Duration.
	durationOver atomic.Bool
	stopped      atomic.Bool
	done         chan struct{}
	wg           sync.WaitGroup // workers and message waiters
	evWG         sync.WaitGroup // event readers
	endedAt      time.Time
	report       *Report
	err          error
	errOnce      sync.Once
}

// record is one logical message of the run.
type record struct {
	seq      uint64
	bind     int
	intended time.Time // of its first attempt: retries add to its latency, never reset it
	msg      message.Message
	attempts int
}

// New prepares a run over clients (bound or binding; they are not closed by the run),
// with messages from src.
func New(clients []*smppclient.Client, s Settings, src Source) (*Runner, error) {
	s = s.withDefaults()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if len(clients) == 0 {
		return nil, errors.New("no sessions to send on")
	}
	if src == nil {
		return nil, errors.New("no messages: give a template or CSV rows")
	}
	r := &Runner{set: s, src: src, clients: clients, kick: make(chan struct{}, 1),
		stopping: make(chan struct{}), done: make(chan struct{})}
	r.submitCtx, r.cancelSubs = context.WithCancel(context.Background())
	r.receipts = newReceiptIndex()
	return r, nil
}

// Run is New, Start and Wait; ctx ending stops the run politely.
func Run(ctx context.Context, clients []*smppclient.Client, s Settings, src Source) (*Report, error) {
	r, err := New(clients, s, src)
	if err != nil {
		return nil, err
	}
	r.Start(ctx)
	return r.Wait()
}

// Start begins the run; ctx ending is a polite Stop. Call it once.
func (r *Runner) Start(ctx context.Context) {
	start := time.Now()
	names := make([]string, len(r.clients))
	for i, c := range r.clients {
		names[i] = fmt.Sprintf("bind %d (%s %s)", i+1, c.Settings().Bind, c.Settings().SystemID)
	}
	r.sched = newSchedule(start, r.set)
	r.st = newStats(start, names)
	r.running.Store(true)
	if m := r.set.Metrics; m != nil {
		m.attach(r)
	}
	if !r.set.ExternalEvents {
		for i, c := range r.clients {
			r.evWG.Add(1)
			go r.readEvents(i, c)
		}
	}
	for i := range r.clients {
		r.wg.Add(1)
		go r.worker(i)
	}
	go func() {
		select {
		case <-ctx.Done():
			r.Stop()
		case <-r.done:
		}
	}()
	go r.finish(ctx)
}

// Stop stops submitting; what is in flight gets its answer, throttled messages waiting
// for a retry end as rejected. It does not wait: Wait does.
func (r *Runner) Stop() {
	r.stopOnce.Do(func() {
		r.stopped.Store(true)
		close(r.stopping)
		r.cancelSubs()
	})
}

// Done is closed when the run has ended and its report is ready.
func (r *Runner) Done() <-chan struct{} { return r.done }

// Wait waits for the end of the run and returns its report. The error is the first
// message the source could not build, if any.
func (r *Runner) Wait() (*Report, error) {
	<-r.done
	return r.report, r.err
}

func (r *Runner) fail(err error) {
	r.errOnce.Do(func() { r.err = err })
	r.Stop()
}

func (r *Runner) readEvents(i int, c *smppclient.Client) {
	defer r.evWG.Done()
	for {
		select {
		case ev, ok := <-c.Events():
			if !ok {
				return
			}
			r.Observe(i, ev)
		case <-r.done:
			return
		}
	}
}

// finish waits for the workers, then for receipts, and builds the report.
func (r *Runner) finish(ctx context.Context) {
	r.wg.Wait()
	if r.set.WaitReceipts > 0 && !r.stopped.Load() {
		deadline := time.NewTimer(r.set.WaitReceipts)
		tick := time.NewTicker(20 * time.Millisecond)
	wait:
		for r.st.owed() > 0 {
			select {
			case <-deadline.C:
				break wait
			case <-ctx.Done():
				break wait
			case <-r.stopping:
				break wait
			case <-tick.C:
			}
		}
		deadline.Stop()
		tick.Stop()
	}
	r.cancelSubs()
	r.endedAt = time.Now()
	r.report = r.buildReport()
	// Detached before Wait can return: a scrape after the run sees it ended.
	if m := r.set.Metrics; m != nil {
		m.detach()
	}
	close(r.done)
	r.evWG.Wait()
}

// worker sends on bind i: retries that are due first, then new messages, each at its
// intended time.
func (r *Runner) worker(i int) {
	defer r.wg.Done()
	c := r.clients[i]
	for {
		rec, retry := r.nextWork(i)
		if rec == nil {
			return
		}
		at := r.sched.take()
		if d := time.Until(at); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-r.stopping:
				t.Stop()
			}
		}
		if !retry {
			rec.intended = at
			if r.set.Duration > 0 && !at.Before(r.sched.start.Add(r.set.Duration)) {
				// The schedule has reached the end of --duration: this slot and any
				// after it are not part of the run.
				r.durationOver.Store(true)
				r.st.unstart()
				continue
			}
		}
		if r.stopped.Load() {
			if retry {
				r.endWaiting(rec, wire.StatusName(0x58))
			} else {
				r.st.unstart()
			}
			continue // nextWork ends the worker once nothing is open
		}
		rec.attempts++
		sub, err := c.Submit(r.submitCtx, rec.msg)
		if r.stopped.Load() && err != nil && (sub == nil || sub.Unsent() == len(sub.Parts)) {
			// Stopped while waiting for room in the window or for the bind: nothing
			// left, so the message was not part of the run after all.
			if retry {
				r.endWaiting(rec, wire.StatusName(0x58))
				continue
			}
			r.st.unstart()
			continue
		}
		r.st.onSend(time.Now(), retry)
		if sub == nil {
			r.st.noteError(fmt.Sprintf("message %d: %v", rec.seq, err))
			r.st.onDone(i, OutcomeLost, time.Now(), 0, true, false)
			r.set.Metrics.outcome(OutcomeLost, "none")
			r.kickOne()
			continue
		}
		r.wg.Add(1)
		go r.await(i, rec, sub)
	}
}

// nextWork returns a retry that is due, a new message, or nil when there is nothing
// left to do on this bind.
func (r *Runner) nextWork(i int) (*record, bool) {
	for {
		if rec := r.popRetry(); rec != nil {
			rec.bind = i
			return rec, true
		}
		if !r.stopped.Load() {
			r.srcMu.Lock()
			if r.moreToIssue() {
				r.issued++
				seq := r.issued
				m, err := r.src.Next(seq)
				r.srcMu.Unlock()
				if err != nil {
					r.fail(err)
					continue
				}
				r.st.mu.Lock()
				r.st.started++
				r.st.mu.Unlock()
				return &record{seq: seq, bind: i, msg: m}, false
			}
			r.srcMu.Unlock()
		}
		if r.st.open() == 0 && (r.stopped.Load() || !r.lockedMoreToIssue()) {
			r.kickOne() // pass it on: the other workers end too
			return nil, false
		}
		select {
		case <-r.kick:
		case <-r.stopping:
			if r.st.open() == 0 {
				return nil, false
			}
			<-r.kick
		}
	}
}

func (r *Runner) lockedMoreToIssue() bool {
	r.srcMu.Lock()
	defer r.srcMu.Unlock()
	return r.moreToIssue()
}

// moreToIssue says whether the count and the duration allow a new message; srcMu held.
func (r *Runner) moreToIssue() bool {
	if r.set.Count > 0 && r.issued >= uint64(r.set.Count) {
		return false
	}
	if r.durationOver.Load() {
		return false
	}
	return true
}

func (r *Runner) kickOne() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

func (r *Runner) popRetry() *record {
	r.retryMu.Lock()
	defer r.retryMu.Unlock()
	if len(r.retries) == 0 {
		return nil
	}
	rec := r.retries[0]
	r.retries = r.retries[1:]
	return rec
}

func isThrottle(status uint32) bool { return status == 0x58 || status == 0x14 }

// await takes a submission's outcomes and decides the message's one outcome, or a retry.
func (r *Runner) await(i int, rec *record, sub *smppclient.Submission) {
	defer r.wg.Done()
	<-sub.Done()
	outs := sub.Outcomes()
	now := time.Now()
	outcome, throttled, allThrottled := OutcomeAccepted, 0, len(outs) > 0 && sub.Unsent() == 0
	accepted := 0
	var lastStatus string
	for _, o := range outs {
		at := o.At
		if at.IsZero() {
			at = now
		}
		if o.HasCongestion {
			r.Congestion(i, o.Congestion)
		}
		switch o.Outcome {
		case smppclient.Accepted:
			accepted++
			allThrottled = false
			r.st.onResponse(i, wire.StatusName(0), at.Sub(rec.intended))
			r.set.Metrics.respLatency(at.Sub(rec.intended))
		case smppclient.Rejected:
			if isThrottle(o.Status) {
				throttled++
				r.st.onThrottle(i)
				r.set.Metrics.throttle()
			} else {
				allThrottled = false
			}
			lastStatus = wire.StatusName(o.Status)
			if outcome == OutcomeAccepted {
				outcome = OutcomeRejected
			}
		case smppclient.TimedOut:
			allThrottled = false
			if outcome != OutcomeLost {
				outcome = OutcomeTimedOut
			}
		case smppclient.ConnectionLost:
			allThrottled = false
			outcome = OutcomeLost
		}
	}
	if sub.Unsent() > 0 {
		outcome = OutcomeLost
	}
	if throttled > 0 && r.sched.aimd != nil {
		r.sched.aimd.cut(now)
	}
	if allThrottled && rec.attempts <= r.set.RetryThrottled && !r.stopped.Load() {
		// Every part was refused for throttling, so none was accepted: sending the
		// whole message again cannot duplicate anything.
		r.st.onRetry(i)
		r.set.Metrics.retry()
		backoff := r.set.RetryBackoff << (rec.attempts - 1)
		if backoff > maxRetryBackoff || backoff <= 0 {
			backoff = maxRetryBackoff
		}
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			t := time.NewTimer(backoff)
			select {
			case <-t.C:
			case <-r.stopping: // a worker ends it at once
				t.Stop()
			}
			r.retryMu.Lock()
			r.retries = append(r.retries, rec)
			r.retryMu.Unlock()
			r.kickOne()
		}()
		return
	}
	// The parts' final answers are counted once, here: a retried attempt's throttled
	// answers count as throttled only.
	for _, o := range outs {
		if o.Outcome == smppclient.Rejected {
			r.st.onResponse(i, wire.StatusName(o.Status), o.At.Sub(rec.intended))
			r.set.Metrics.respLatency(o.At.Sub(rec.intended))
		}
	}
	r.set.Metrics.outcome(outcome, outcomeStatus(outcome, lastStatus))
	owed := 0
	if rec.msg.RegisteredDelivery&0x03 != 0 {
		owed = accepted
		for _, o := range outs {
			if o.Outcome == smppclient.Accepted {
				r.expect(i, rec, o.MessageID)
			}
		}
	}
	r.st.onDone(i, outcome, now, owed, true, false)
	r.kickOne()
}

// endWaiting ends a message that was waiting for a retry when the run stopped.
func (r *Runner) endWaiting(rec *record, status string) {
	r.st.mu.Lock()
	r.st.binds[rec.bind].counts.Statuses[status]++
	r.st.mu.Unlock()
	r.st.onDone(rec.bind, OutcomeRejected, time.Now(), 0, false, true)
	r.set.Metrics.outcome(OutcomeRejected, status)
	r.kickOne()
}

// outcomeStatus is the command_status label of a message's outcome: ESME_ROK when
// accepted, the refusing status when rejected, "none" when no answer decided it.
func outcomeStatus(outcome, rejected string) string {
	switch outcome {
	case OutcomeAccepted:
		return wire.StatusName(0)
	case OutcomeRejected:
		return rejected
	}
	return "none"
}

// Congestion is the hook for the SMSC's congestion_state TLV (0–100, SMPP 5.0 §4.8.4.6)
// on a submit_sm_resp of bind i: from 90 (congested) up, an adaptive run cuts its rate
// as it does on a throttle. The runner calls it for every submit_sm_resp that carries the
// TLV (SubmitEvent.HasCongestion).
func (r *Runner) Congestion(bind, value int) {
	if value >= 90 && r.sched != nil && r.sched.aimd != nil {
		r.sched.aimd.cut(time.Now())
	}
}
