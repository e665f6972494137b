package replay

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
)

// Submitter is the session a replay sends on: *smppclient.Client.
type Submitter interface {
	Submit(ctx context.Context, m message.Message) (*smppclient.Submission, error)
}

// Options tune Run.
type Options struct {
	Pacing Pacing
	// WaitReceipts, when > 0, waits this long after the last response for the final
	// receipts of the submits that asked for one; 0 compares responses only.
	WaitReceipts time.Duration
}

// NotSent is the new outcome of a submit the replay could not send.
const NotSent = "not sent"

// Run sends subs on c, paced by o, and reports each new outcome beside the recorded one.
// The schedule is a floor: a submit that Submit holds back (a full window) goes late,
// never early, and the order is always the recording's.
func Run(ctx context.Context, c Submitter, subs []Submit, o Options) Report {
	at := o.Pacing.Schedule(subs)
	sent := make([]*smppclient.Submission, len(subs))
	rep := Report{Receipts: o.WaitReceipts > 0, Rows: make([]Row, len(subs))}
	for i, s := range subs {
		rep.Rows[i] = Row{Index: s.Index, Dest: s.Message.Dest.Addr, Orig: s.Orig, New: Side{Outcome: NotSent}}
	}
	start := time.Now()
	var stopped error
	for i, s := range subs {
		if stopped == nil {
			stopped = sleepUntil(ctx, start.Add(at[i]))
		}
		if stopped != nil {
			rep.Rows[i].New.Outcome = NotSent + ": " + stopped.Error()
			continue
		}
		sub, err := c.Submit(ctx, s.Message)
		if err != nil {
			rep.Rows[i].New.Outcome = NotSent + ": " + err.Error()
			if sub == nil || ctx.Err() != nil {
				continue
			}
		}
		sent[i] = sub
	}
	for i, sub := range sent {
		if sub == nil {
			continue
		}
		outs, _ := sub.Wait(ctx)
		if len(outs) > 0 {
			rep.Rows[i].New = sideOf(outs[0])
		}
	}
	if o.WaitReceipts > 0 {
		wctx, cancel := context.WithTimeout(ctx, o.WaitReceipts)
		defer cancel()
		for i, sub := range sent {
			if sub == nil || rep.Rows[i].New.Outcome != smppclient.Accepted.String() ||
				subs[i].Message.RegisteredDelivery&0x03 == message.NoReceipt {
				continue
			}
			rs, _ := sub.WaitReceipts(wctx)
			for _, r := range rs {
				if r.Receipt.HasState && r.Receipt.State.Final() {
					rep.Rows[i].New.Receipt = r.Receipt.Stat
				}
			}
		}
	}
	rep.Differences = differences(rep.Rows, rep.Receipts, func(r Row) (Side, Side) { return r.Orig, r.New })
	return rep
}

func sleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Report is a replay's result: a row per submit, then what differs.
type Report struct {
	Receipts    bool         `json:"receipts"` // final receipts were waited for and compared
	Rows        []Row        `json:"submits"`
	Differences []Difference `json:"differences"`
}

// Row is one submit: the recording's outcome (Orig) beside the replay's (New); their
// message ids are the mapping from old ids to new.
type Row struct {
	Index int    `json:"index"`
	Dest  string `json:"destination_addr"`
	Orig  Side   `json:"original"`
	New   Side   `json:"replayed"`
}

// Difference is one field of one submit that came out otherwise.
type Difference struct {
	Index int    `json:"index"`
	Dest  string `json:"destination_addr"`
	Field string `json:"field"` // "status" (outcome and command_status) or "receipt"
	Was   string `json:"was"`
	Now   string `json:"now"`
}

func (d Difference) String() string {
	return fmt.Sprintf("submit %d to %s: %s was %s, now %s", d.Index, d.Dest, d.Field, d.Was, d.Now)
}

// status is a side's outcome in words: "accepted", "rejected 0x0000000B".
func (s Side) status() string {
	if strings.HasPrefix(s.Outcome, NotSent) || s.Outcome == smppclient.Accepted.String() || s.Outcome == Unanswered {
		return s.Outcome
	}
	return fmt.Sprintf("%s 0x%08X", s.Outcome, s.Status)
}

func receiptWord(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// differences compares the two sides of each row; message ids and times always differ
// and are not compared.
func differences(rows []Row, receipts bool, sides func(Row) (Side, Side)) []Difference {
	out := []Difference{}
	for _, r := range rows {
		a, b := sides(r)
		if a.status() != b.status() {
			// A receipt missing for want of acceptance is that status difference, not another.
			out = append(out, Difference{Index: r.Index, Dest: r.Dest, Field: "status", Was: a.status(), Now: b.status()})
		} else if receipts && a.Receipt != b.Receipt {
			out = append(out, Difference{Index: r.Index, Dest: r.Dest, Field: "receipt", Was: receiptWord(a.Receipt), Now: receiptWord(b.Receipt)})
		}
	}
	return out
}

// Diff compares the replayed outcomes of two reports of one recording, submit by
// submit. Receipts are compared when both runs waited for them.
func Diff(a, b Report) ([]Difference, error) {
	if len(a.Rows) != len(b.Rows) {
		return nil, fmt.Errorf("the reports hold %d and %d submits: not runs of one recording", len(a.Rows), len(b.Rows))
	}
	rows := make([]Row, len(a.Rows))
	for i := range a.Rows {
		if a.Rows[i].Dest != b.Rows[i].Dest {
			return nil, fmt.Errorf("submit %d goes to %s in one report and %s in the other: not runs of one recording", i+1, a.Rows[i].Dest, b.Rows[i].Dest)
		}
		rows[i] = Row{Index: a.Rows[i].Index, Dest: a.Rows[i].Dest, Orig: a.Rows[i].New, New: b.Rows[i].New}
	}
	return differences(rows, a.Receipts && b.Receipts, func(r Row) (Side, Side) { return r.Orig, r.New }), nil
}
