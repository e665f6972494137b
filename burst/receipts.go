package burst

import (
	"sync"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/smppclient"
)

// receiptIndex matches final receipts to the run's accepted parts by message_id,
// across binds: an SMSC may deliver a receipt to any receiver bound with the account,
// not the session that submitted the part (tx+rx pairs, several binds), so the
// session's own correlation cannot always name the part.
type receiptIndex struct {
	mu    sync.Mutex
	byID  map[string]partRef                 // normalised message_id → the part awaiting its receipt
	early map[string]smppclient.ReceiptEvent // receipts that overtook our bookkeeping of their submit_sm_resp
}

type partRef struct {
	rec  *record
	bind int
}

// maxEarly bounds the receipts kept for parts not known yet (or never: not ours).
const maxEarly = 10000

func newReceiptIndex() *receiptIndex {
	return &receiptIndex{byID: map[string]partRef{}, early: map[string]smppclient.ReceiptEvent{}}
}

// expect records that the accepted part with messageID owes a final receipt.
func (r *Runner) expect(bind int, rec *record, messageID string) {
	key := receipt.NormalizeID(messageID)
	x := r.receipts
	x.mu.Lock()
	ev, early := x.early[key]
	if early {
		delete(x.early, key)
	} else {
		x.byID[key] = partRef{rec: rec, bind: bind}
	}
	x.mu.Unlock()
	if early {
		r.count(partRef{rec: rec, bind: bind}, ev)
	}
}

// Observe takes an event of bind i's session: final receipts of the run's parts are
// counted and timed, each once. Call it for every event when Settings.ExternalEvents
// is set; i does not matter for receipts, which are matched by message_id.
func (r *Runner) Observe(i int, ev smppclient.Event) {
	re, ok := ev.(smppclient.ReceiptEvent)
	if !ok || !re.Receipt.HasState || !re.Receipt.State.Final() {
		return
	}
	id := re.Receipt.MessageID
	if re.Matched && re.SubmitID != "" {
		id = re.SubmitID // the session matched it across bases (hex/decimal): take its word
	}
	key := receipt.NormalizeID(id)
	x := r.receipts
	x.mu.Lock()
	ref, found := x.byID[key]
	if found {
		delete(x.byID, key) // a second receipt for the part is not a second delivery
	} else if len(x.early) < maxEarly {
		x.early[key] = re
	}
	x.mu.Unlock()
	if found {
		r.count(ref, re)
	}
}

func (r *Runner) count(ref partRef, re smppclient.ReceiptEvent) {
	lat := re.At.Sub(ref.rec.intended)
	r.st.onReceipt(ref.bind, re.Receipt, lat)
	r.set.Metrics.receiptLatency(lat)
}
