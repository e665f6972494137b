package smppclient

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/smppconsole/smppconsole/receipt"
)

// maxOrphans bounds the receipts held while waiting for their submit_sm_resp.
const maxOrphans = 10000

// maxUnmatched bounds the receipts kept after they were reported unmatched, in case a late
// submit_sm_resp names their part after all.
const maxUnmatched = 1024

// sentRef is a part the SMSC accepted, indexed by its message id.
type sentRef struct {
	sub         *Submission // where its receipts are recorded (nil in unit tests)
	owner       *correlator // of the client that submitted it (nil in unit tests)
	msg         uint64
	part, parts int
	id          string
	at          time.Time // when its submit_sm was sent (real time)
	keys        [2]string // receipt.IDKeys(id): normalised, and the hex read in decimal ("" if none)
}

// The ways a receipt's id can name a submitted part. SMSCs differ; each is consistent,
// so the correlator tries first whichever has matched most often on this session.
const (
	sameForm   = iota // the same id after normalisation
	hexSubmit         // submit_sm_resp in hex, receipt in decimal
	hexReceipt        // submit_sm_resp in decimal, receipt in hex
	strategies
)

// index holds accepted message ids (the most recent size of them): one Client's, or
// those of every Client of a ReceiptShare. Its mutex also guards the orphans and the
// unmatched receipts of the correlators that use it, so that holding a receipt and
// indexing the id that matches it are never interleaved, even across clients.
type index struct {
	mu    sync.Mutex
	size  int
	exact map[string]*sentRef // normalised id
	conv  map[string]*sentRef // the id read as hex, in decimal; nil marks two parts sharing it
	all   ring[*sentRef]
	hits  [strategies]int

	refs slab[sentRef] // where the entries live; under mu

	// A share's correlators, one per open Client (copy on write under mu); nil for a
	// Client's own index.
	members atomic.Pointer[[]*correlator]
}

// correlator finds the part a receipt belongs to, in its index, and keeps the receipts
// that arrived on its client while they wait for a submit_sm_resp (orphans) or after
// they were reported unmatched.
type correlator struct {
	*index
	c    *Client        // whose receipts and submits these are (nil in unit tests)
	self [1]*correlator // holders() without a share

	orphans  []orphan // under mu
	nOrphans atomic.Int32

	unmatched ring[orphan] // reported unmatched, newest last; under mu
}

// refChunk is how many index entries are allocated at once.
const refChunk = 1024

type orphan struct {
	ev      ReceiptEvent
	arrived time.Time // real time
	until   time.Time
	ref     *sentRef
}

func newIndex(size int) *index {
	return &index{size: size, exact: make(map[string]*sentRef), conv: make(map[string]*sentRef)}
}

// newCorrelator is a correlator with an index of its own.
func newCorrelator(size int) *correlator {
	k := &correlator{index: newIndex(size)}
	k.self[0] = k
	return k
}

// add indexes an accepted part by its message id.
func (k *correlator) add(r sentRef) {
	keys := receipt.IDKeys(r.id)
	if len(keys) == 0 {
		return
	}
	copy(r.keys[:], keys)
	r.owner = k
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.all.len() >= k.size {
		k.forget(k.all.pop())
	}
	ref := k.refs.get(refChunk)
	*ref = r
	k.all.push(ref)
	k.exact[ref.keys[0]] = ref
	if ref.keys[1] != "" {
		if old, ok := k.conv[ref.keys[1]]; ok && old != ref {
			k.conv[ref.keys[1]] = nil
		} else {
			k.conv[ref.keys[1]] = ref
		}
	}
}

func (k *index) forget(old *sentRef) {
	if k.exact[old.keys[0]] == old {
		delete(k.exact, old.keys[0])
	}
	if old.keys[1] != "" && k.conv[old.keys[1]] == old {
		delete(k.conv, old.keys[1])
	}
}

// lookup finds the part r reports on, or nil.
func (k *correlator) lookup(r receipt.Receipt) *sentRef {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.lookupLocked(r)
}

func (k *index) lookupLocked(r receipt.Receipt) *sentRef {
	// The first probe of the search below, when sameForm leads, without building keys:
	// the common case costs one map access and no allocation.
	if r.NormalizedID != "" && k.hits[sameForm] >= k.hits[hexSubmit] && k.hits[sameForm] >= k.hits[hexReceipt] {
		if ref := k.exact[r.NormalizedID]; ref != nil {
			k.hits[sameForm]++
			return ref
		}
	}
	ids := [2][]string{receipt.IDKeys(r.MessageID)}
	if r.TextID != "" && receipt.NormalizeID(r.TextID) != r.NormalizedID {
		ids[1] = receipt.IDKeys(r.TextID)
	}
	var order [strategies]int
	for i := range order {
		order[i] = i
	}
	// Most successful first; ties keep sameForm, hexSubmit, hexReceipt.
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && k.hits[order[j]] > k.hits[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	for _, s := range order {
		for _, keys := range ids {
			if len(keys) == 0 {
				continue
			}
			var ref *sentRef
			switch s {
			case sameForm:
				ref = k.exact[keys[0]]
			case hexSubmit:
				ref = k.conv[keys[0]]
			case hexReceipt:
				if len(keys) > 1 {
					ref = k.exact[keys[1]]
				}
			}
			if ref != nil {
				k.hits[s]++
				return ref
			}
		}
	}
	return nil
}

// hold keeps an unmatched receipt until until, unless it matches now (the response may
// have been indexed since lookup), in which case the part is returned.
func (k *correlator) hold(ev ReceiptEvent, arrived, until time.Time) (ref *sentRef, held bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if ref := k.lookupLocked(ev.Receipt); ref != nil {
		return ref, false
	}
	if len(k.orphans) >= maxOrphans {
		return nil, false
	}
	k.orphans = append(k.orphans, orphan{ev: ev, arrived: arrived, until: until})
	k.nOrphans.Add(1)
	return nil, true
}

// matchOrphans takes the held receipts that now match (including any that matched as
// they were held).
func (k *correlator) matchOrphans() []orphan {
	return k.takeOrphans(func(o *orphan) bool {
		o.ref = k.lookupLocked(o.ev.Receipt)
		return o.ref != nil
	})
}

// expireOrphans takes the held receipts whose wait is over (all of them if all is set);
// those that match after all carry their ref.
func (k *correlator) expireOrphans(now time.Time, all bool) []orphan {
	return k.takeOrphans(func(o *orphan) bool {
		if o.ref == nil {
			o.ref = k.lookupLocked(o.ev.Receipt)
		}
		return all || o.ref != nil || !now.Before(o.until)
	})
}

// takeOrphans takes the held receipts for which take (called under mu, free to set
// the orphan's ref) is true and keeps the rest, in order.
func (k *correlator) takeOrphans(take func(o *orphan) bool) []orphan {
	if k.nOrphans.Load() == 0 {
		return nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []orphan
	kept := k.orphans[:0]
	for _, o := range k.orphans {
		if take(&o) {
			out = append(out, o)
		} else {
			kept = append(kept, o)
		}
	}
	clear(k.orphans[len(kept):])
	k.orphans = kept
	k.nOrphans.Store(int32(len(kept)))
	return out
}

// reportedUnmatched keeps a receipt that goes out unmatched, the newest maxUnmatched.
func (k *correlator) reportedUnmatched(o orphan) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.unmatched.len() >= maxUnmatched {
		k.unmatched.pop()
	}
	k.unmatched.push(o)
}

// rematch takes the receipts reported unmatched that match now, after a late
// submit_sm_resp indexed a new message id.
func (k *correlator) rematch() []orphan {
	k.mu.Lock()
	defer k.mu.Unlock()
	n := k.unmatched.len()
	var out []orphan
	for range n {
		o := k.unmatched.pop()
		if o.ref = k.lookupLocked(o.ev.Receipt); o.ref != nil {
			out = append(out, o)
		} else {
			k.unmatched.push(o)
		}
	}
	return out
}
