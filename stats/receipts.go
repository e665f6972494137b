package stats

import (
	"time"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/wire"
)

// accepted is a submit the SMSC accepted, waiting for its final receipt.
type accepted struct {
	at    time.Time // when its submit_sm was sent
	keys  [2]string // receipt.IDKeys of its message_id
	final bool
}

// receiptIndex finds the submit a receipt reports on by message id, with the receipt
// package's keys: the exact normalised id first, then the id read in the other base
// (an SMSC that answers in hex and receipts in decimal, or the reverse), accepted only
// when one submit has that reading.
type receiptIndex struct {
	max   int
	exact map[string]*accepted
	conv  map[string]*accepted // nil marks two submits sharing the reading
	fifo  []*accepted

	receipts     int
	unmatched    int
	noState      int
	duplicates   int
	intermediate map[string]int      // stat word → count (ENROUTE, ACCEPTD, ...)
	final        map[string]*latency // stat word → submit-to-receipt latency
	finalCount   map[string]int      // stat word → count, timed or not
	pending      int                 // accepted, no final receipt yet
}

func newReceiptIndex(max int) receiptIndex {
	return receiptIndex{
		max: max, exact: map[string]*accepted{}, conv: map[string]*accepted{},
		intermediate: map[string]int{}, final: map[string]*latency{}, finalCount: map[string]int{},
	}
}

// onAccepted indexes the message_id of an OK submit_sm_resp or data_sm_resp.
func (x *receiptIndex) onAccepted(r Record, submitAt time.Time) {
	id, err := wire.RespMessageID(wire.Body(r.Raw))
	if err != nil {
		return
	}
	keys := receipt.IDKeys(string(id))
	if len(keys) == 0 {
		return
	}
	a := &accepted{at: submitAt}
	copy(a.keys[:], keys)
	if len(x.fifo) >= x.max {
		x.forget(x.fifo[0])
		x.fifo[0] = nil
		x.fifo = x.fifo[1:]
	}
	x.fifo = append(x.fifo, a)
	x.pending++
	x.exact[a.keys[0]] = a
	if a.keys[1] != "" {
		if old, ok := x.conv[a.keys[1]]; ok && old != a {
			x.conv[a.keys[1]] = nil
		} else {
			x.conv[a.keys[1]] = a
		}
	}
}

func (x *receiptIndex) forget(a *accepted) {
	if !a.final {
		x.pending--
	}
	if x.exact[a.keys[0]] == a {
		delete(x.exact, a.keys[0])
	}
	if a.keys[1] != "" && x.conv[a.keys[1]] == a {
		delete(x.conv, a.keys[1])
	}
}

// lookup tries, for the receipt's id and then its text id: the same normalised id,
// the receipt's id as the hex reading of a submit's, and the submit's id as the hex
// reading of the receipt's.
func (x *receiptIndex) lookup(r receipt.Receipt) *accepted {
	if a := x.exact[r.NormalizedID]; a != nil && r.NormalizedID != "" {
		return a
	}
	for _, id := range [2]string{r.MessageID, r.TextID} {
		keys := receipt.IDKeys(id)
		if len(keys) == 0 {
			continue
		}
		if a := x.exact[keys[0]]; a != nil {
			return a
		}
		if a := x.conv[keys[0]]; a != nil {
			return a
		}
		if len(keys) > 1 {
			if a := x.exact[keys[1]]; a != nil {
				return a
			}
		}
	}
	return nil
}

// onDeliver reads a deliver_sm or data_sm; a receipt is correlated and, when final,
// its latency recorded under its stat word.
func (x *receiptIndex) onDeliver(r Record, h wire.Header) {
	b := wire.SMBody{Command: h.ID}
	if err := b.Decode(wire.Body(r.Raw)); err != nil {
		return
	}
	if !receipt.IsReceipt(b.ESMClass) && !receipt.HasTLVs(b.TLVs) {
		return // a mobile-originated message
	}
	// As the session does: the text as octets, so UCS2-as-octets and ASCII both parse.
	rc, ok := receipt.Parse(string(b.Content()), receipt.FromTLVs(b.TLVs))
	x.receipts++
	if !ok || !rc.HasState {
		x.noState++
		return
	}
	stat := rc.State.Stat()
	if stat == "" {
		stat = rc.State.String()
	}
	if !rc.State.Final() {
		x.intermediate[stat]++
		return
	}
	x.finalCount[stat]++
	a := x.lookup(rc)
	if a == nil {
		x.unmatched++
		return
	}
	if a.final {
		x.duplicates++
		return
	}
	a.final = true
	x.pending--
	if a.at.IsZero() || r.At.IsZero() {
		return
	}
	l := x.final[stat]
	if l == nil {
		l = newLatency()
		x.final[stat] = l
	}
	l.record(r.At.Sub(a.at))
}
