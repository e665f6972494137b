package smppclient

import "time"

// ReceiptShare is one index of accepted message ids for several Clients, so that a
// receipt arriving on any of them is matched to the part another submitted, the way an
// SMSC routes an account's receipts to whichever receiver of the account is bound (a
// console with a tx tab and an rx tab of one account).
//
// Whoever makes the Clients decides which share one: give one share to the Clients of
// one system_id on one SMSC (the console keys it by system_id and host:port). Clients of
// different accounts or SMSCs must not share, or a receipt could be matched to a message
// id that only looks the same. Give the Clients of a share different Settings.Name, which
// is how they name each other (ReceiptEvent.Owner and Via).
//
// A receipt matched across clients is emitted twice: by the client it arrived on (Owner
// set to the submitter's Name; Msg and Part are the submitter's) and, as a copy with Via
// set, by the submitter, which records the copy on the Submission first (WaitReceipts
// ends as it would for a receipt of its own). A receipt may arrive before its
// submit_sm_resp: it is held while any client of the share has a submit outstanding (up
// to the longest ResponseTimeout among them) and matched when the id is indexed, and a
// receipt reported unmatched is matched again when a late submit_sm_resp names its part.
//
// Closing one client leaves the others alone. Its accepted ids stay in the index until
// newer ones push them out, so receipts for its messages are still matched and recorded
// on its Submissions; its copy of such a receipt is emitted on its Events while they
// still deliver (the drain after Close) and after that counted in its
// Stats().Undelivered. Receipts it was holding are reported unmatched when it closes.
//
// The index holds the newest size ids of all its clients together; their
// Settings.ReceiptIndex is not used.
type ReceiptShare struct{ idx *index }

// NewReceiptShare returns a share indexing the newest size accepted message ids
// (DefaultReceiptIndex if size <= 0) of the Clients given it in Settings.Receipts.
// Make one per system_id and SMSC: the caller decides which Clients share it, and the
// console keys its shares by system_id + host:port.
func NewReceiptShare(size int) *ReceiptShare {
	if size <= 0 {
		size = DefaultReceiptIndex
	}
	idx := newIndex(size)
	idx.members.Store(&[]*correlator{})
	return &ReceiptShare{idx: idx}
}

// join makes c's correlator: on the share's index when there is a share, else on an
// index of c's own.
func (sh *ReceiptShare) join(c *Client) *correlator {
	if sh == nil {
		k := newCorrelator(c.s.ReceiptIndex)
		k.c = c
		return k
	}
	k := &correlator{index: sh.idx, c: c}
	k.self[0] = k
	k.mu.Lock()
	old := *k.members.Load()
	next := append(append(make([]*correlator, 0, len(old)+1), old...), k)
	k.members.Store(&next)
	k.mu.Unlock()
	return k
}

// leave takes a closed client's correlator out of its share: nothing is held for it any
// more, and its orphans are no longer retried by the others. Its entries stay.
func (k *correlator) leave() {
	if k.members.Load() == nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	old := *k.members.Load()
	next := make([]*correlator, 0, len(old))
	for _, m := range old {
		if m != k {
			next = append(next, m)
		}
	}
	k.members.Store(&next)
}

// holders are the correlators whose held or unmatched receipts an id indexed by k may
// match: k alone, or every open client of its share.
func (k *correlator) holders() []*correlator {
	if m := k.members.Load(); m != nil {
		return *m
	}
	return k.self[:]
}

// awaiting reports whether a submit_sm_resp that could name a receipt's part is still
// outstanding (on this client, or on any client of its share), and how long to hold the
// receipt for it.
func (k *correlator) awaiting() (time.Duration, bool) {
	if k.members.Load() == nil {
		c := k.c
		return c.s.ResponseTimeout, c.tx != nil && len(c.tx.window) > 0
	}
	var wait time.Duration
	out := false
	for _, m := range k.holders() {
		if c := m.c; c.tx != nil && len(c.tx.window) > 0 {
			out = true
			wait = max(wait, c.s.ResponseTimeout)
		}
	}
	return wait, out
}

// viaName is how a submitter's copy names the client and link a receipt came on.
func (c *Client) viaName(link string) string { return c.s.Name + "/" + link }
