package smppclient

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

// handle acts on one PDU from the SMSC. Every PDU is shown (a PDUEvent) before what it
// causes: its automatic response, an outcome, a receipt.
func (c *conn) handle(raw []byte) {
	h, _ := wire.ParseHeader(raw)
	if wire.IsResponse(h.ID) {
		c.onResponse(h, raw)
		return
	}
	switch h.ID {
	case wire.DeliverSM, wire.DataSM:
		c.onDeliver(h, raw)
	case wire.EnquireLink:
		c.emitPDU(In, raw, "")
		_ = c.send(wire.HeaderOnly(wire.EnquireLinkResp, wire.StatusOK, h.Seq), "")
	case wire.Unbind:
		c.emitPDU(In, raw, "")
		_ = c.send(wire.HeaderOnly(wire.UnbindResp, wire.StatusOK, h.Seq), "")
		c.mu.Lock()
		c.orderlyEnd = true
		if c.cause == nil && !c.failed {
			c.cause = errors.New("the SMSC sent unbind")
		}
		c.mu.Unlock()
		c.flushAndStop()
		c.fail(errors.New("the SMSC sent unbind"))
	case wire.AlertNotification:
		c.emitPDU(In, raw, "alert_notification: no response is due")
	case wire.Outbind:
		c.emitPDU(In, raw, "outbind on a connection that is already open: ignored")
	default:
		note := "an ESME does not serve " + wire.CommandName(h.ID)
		if !wire.KnownCommand(h.ID) {
			note = fmt.Sprintf("unknown command_id 0x%08X", h.ID)
		}
		note += ": answered generic_nack ESME_RINVCMDID"
		c.emitPDU(In, raw, note)
		_ = c.send(wire.GenericNackFor(h.Seq, wire.StatusInvCmdID), "")
		c.c.emitError(c.name, fmt.Errorf("%s (seq %d)", note, h.Seq))
	}
}

func respMatches(reqCmd, respID uint32) bool {
	return respID == reqCmd|wire.ResponseBit || respID == wire.GenericNack
}

// onResponse matches a response to its request by sequence_number; a generic_nack
// matches whatever request has its sequence_number.
func (c *conn) onResponse(h wire.Header, raw []byte) {
	now := time.Now()
	var r, late *request
	mismatch := ""
	c.mu.Lock()
	if p := c.pending[h.Seq]; p != nil {
		if respMatches(p.cmd, h.ID) {
			r = p
			delete(c.pending, h.Seq)
			r.done = true
			if c.elOut == r {
				c.elOut = nil
			}
			for c.order.len() > 0 && c.order.peek().done {
				c.order.pop()
			}
		} else {
			mismatch = wire.CommandName(p.cmd)
		}
	} else if p := c.late[h.Seq]; p != nil && respMatches(p.cmd, h.ID) {
		late = p
		delete(c.late, h.Seq)
	}
	c.mu.Unlock()

	switch {
	case r != nil:
		note := ""
		if h.ID == wire.GenericNack {
			note = fmt.Sprintf("generic_nack for %s seq %d", wire.CommandName(r.cmd), r.seq)
		}
		c.emitPDU(In, raw, note)
		switch {
		case r.sub != nil: // submit_sm, data_sm, submit_multi
			ev := submitEvent(r, c.c.now())
			ev.Latency = now.Sub(r.sent)
			var id string
			answered := h.ID == r.cmd|wire.ResponseBit // not generic_nack
			if answered {
				id = c.readSubmitResp(h, raw, &ev)
			}
			if answered && h.Status == wire.StatusOK {
				ev.Outcome = Accepted
				ev.MessageID = id
			} else {
				ev.Outcome, ev.Status = Rejected, h.Status
			}
			c.l.partDone(r, ev)
		case r.op != nil:
			c.opDone(r, respResult{h: h, raw: raw}, now)
		case r.cmd == wire.EnquireLink:
			rtt := now.Sub(r.sent)
			c.l.rtt.Store(int64(rtt))
			c.wake() // the next enquire_link may be due already
			c.c.emit(KeepAliveEvent{At: c.c.now(), Link: c.name, RTT: rtt})
		default:
			if r.result != nil {
				select {
				case r.result <- respResult{h: h, raw: raw}:
				default:
				}
			}
		}
	case late != nil:
		c.emitMu.Lock() // its TimedOut outcome is out before this
		c.emitMu.Unlock()
		after := now.Sub(late.sent)
		c.emitPDU(In, raw, fmt.Sprintf("late: came %s after the %s, %s after its %s timeout; not resent",
			after.Round(time.Millisecond), wire.CommandName(late.cmd),
			(after-c.c.s.ResponseTimeout).Round(time.Millisecond), c.c.s.ResponseTimeout))
		if late.sub != nil {
			c.c.st.late.Add(1)
			ev := LateEvent{At: c.c.now(), Msg: late.sub.Msg, Part: late.sub.Parts[late.part].Index,
				Seq: late.seq, Status: h.Status, After: after}
			if h.ID == late.cmd|wire.ResponseBit && h.Status == wire.StatusOK {
				ev.MessageID = respMessageID(raw)
			}
			// Accepted after all: its receipts, which come later, belong to it.
			if ev.MessageID != "" {
				p := late.sub.Parts[late.part]
				c.c.corr.add(sentRef{sub: late.sub, msg: ev.Msg, part: p.Index, parts: p.Total, id: ev.MessageID, at: late.sent})
			}
			late.sub.addLate(late.part, ev)
			c.c.emit(ev)
			if ev.MessageID != "" {
				c.c.retryOrphans()
				c.c.rematchReceipts()
			}
		}
	default:
		why := "no outstanding request has this sequence_number"
		if mismatch != "" {
			why = "sequence_number belongs to an outstanding " + mismatch
		}
		c.emitPDU(In, raw, "unexpected: "+why)
		c.c.emitError(c.name, fmt.Errorf("%s seq %d: %s", wire.CommandName(h.ID), h.Seq, why))
	}
}

// readSubmitResp reads a submit_sm_resp, data_sm_resp or submit_multi_resp through the
// codec into the reader's reusable body: its message_id (as respMessageID), its TLVs
// (copied into ev.RespTLVs), among them congestion_state (SMPP 5.0) if it has its one
// octet, and submit_multi_resp's unsuccess_sme list (copied into ev.Unsuccess). A TLV
// area cut short keeps the TLVs before the cut.
func (c *conn) readSubmitResp(h wire.Header, raw []byte, ev *SubmitEvent) (id string) {
	var (
		msgID []byte
		tlvs  []wire.TLV
		err   error
	)
	if h.ID == wire.SubmitMultiResp {
		b := &c.multi
		err = b.Decode(wire.Body(raw))
		msgID, tlvs = b.MessageID, b.TLVs
		if len(b.Unsuccess) > 0 && (err == nil || isTLVError(err)) {
			ev.Unsuccess = copyUnsuccess(b.Unsuccess)
		}
	} else {
		b := &c.resp
		b.Command = h.ID
		err = b.Decode(wire.Body(raw))
		msgID, tlvs = b.MessageID, b.TLVs
	}
	if err != nil && !isTLVError(err) {
		return respMessageID(raw)
	}
	if len(msgID) > 0 {
		id = string(msgID)
	}
	if len(tlvs) > 0 {
		ev.RespTLVs = c.tlvs.copy(tlvs)
		if t, ok := wire.FindTLV(tlvs, wire.TagCongestionState); ok && len(t.Value) == 1 {
			ev.Congestion, ev.HasCongestion = int(t.Value[0]), true
		}
	}
	return id
}

// copyUnsuccess copies an unsuccess_sme list out of the reader's reused body. The
// addresses alias the PDU read, which is never reused (wire.Reader.ReadPDUIn).
func copyUnsuccess(un []wire.UnsuccessSME) []wire.UnsuccessSME {
	return append([]wire.UnsuccessSME(nil), un...)
}

// tlvSlab hands out copies of TLV lists carved from shared chunks, so that a response
// with TLVs (congestion_state on every submit_sm_resp of a 5.0 SMSC) costs no
// allocation of its own. The values alias the PDU read, which is never reused; only
// the list, the reader's reused body's, needs copying. Its owner serialises it.
type tlvSlab struct{ buf []wire.TLV }

func (s *tlvSlab) copy(tlvs []wire.TLV) []wire.TLV {
	n := len(tlvs)
	if cap(s.buf)-len(s.buf) < n {
		s.buf = make([]wire.TLV, 0, max(256, n))
	}
	k := len(s.buf)
	s.buf = append(s.buf, tlvs...)
	return s.buf[k : k+n : k+n]
}

// isTLVError: the body's TLV area is damaged, the mandatory fields are read. Its own
// function so that the target of errors.As is allocated only when there is an error.
func isTLVError(err error) bool {
	var tlvErr *wire.TLVError
	return errors.As(err, &tlvErr)
}

// respMessageID is a submit_sm_resp's message_id. One without its NUL (a broken SMSC)
// is taken whole: the part was accepted, and what is there is the best id we have.
func respMessageID(raw []byte) string {
	body := wire.Body(raw)
	id, err := wire.RespMessageID(body)
	if err != nil {
		return string(body)
	}
	return string(id)
}

// deliverResp is the answer to a deliver_sm or data_sm: with the (empty) message_id the
// spec asks for when the status is ESME_ROK, header-only for an error.
func deliverResp(dst []byte, h wire.Header, status uint32) []byte {
	id := h.ID | wire.ResponseBit
	if status != wire.StatusOK {
		return wire.HeaderOnly(id, status, h.Seq)
	}
	b := wire.Header{Length: wire.HeaderLen + 1, ID: id, Status: status, Seq: h.Seq}.Append(dst[:0])
	return append(b, 0)
}

func (c *conn) onDeliver(h wire.Header, raw []byte) {
	f := &c.sm // the reader's own: decoding into it again allocates nothing
	f.Command = h.ID
	err := f.Decode(wire.Body(raw))
	var tlvErr error
	if err != nil && isTLVError(err) {
		tlvErr, err = err, nil // the mandatory fields and the TLVs before the bad one are there
	}
	status := c.c.s.DeliverRespStatus
	note := ""
	switch {
	case err != nil:
		status = wire.StatusSysErr
		note = fmt.Sprintf("undecodable: %v; answered %s", err, wire.StatusString(status))
	case status != wire.StatusOK:
		note = fmt.Sprintf("answered %s as configured", wire.StatusString(status))
	}
	c.emitPDU(In, raw, note)
	_ = c.send(deliverResp(c.resps.take(wire.HeaderLen+1), h, status), "")
	if err != nil {
		c.c.emitError(c.name, fmt.Errorf("%s seq %d: %v", wire.CommandName(h.ID), h.Seq, err))
		return
	}
	if tlvErr != nil {
		c.c.emitError(c.name, fmt.Errorf("%s seq %d: %v (the TLVs before it were used)", wire.CommandName(h.ID), h.Seq, tlvErr))
	}
	if receipt.IsReceipt(f.ESMClass) {
		c.c.onReceipt(c.name, h.Seq, f)
	} else {
		c.c.onMO(c.name, h.Seq, f)
	}
}

func address(a wire.Address) message.Address {
	return message.Address{TON: a.TON, NPI: a.NPI, Addr: string(a.Addr)}
}

// onReceipt parses a delivery receipt and correlates it to a submitted part.
func (c *Client) onReceipt(link string, seq uint32, f *wire.SMBody) {
	arrived := time.Now() // real time, as the submit's: SinceSubmit ends here, not at correlation
	c.st.receipts.Add(1)
	// The fields are read from the octets: the parser reads ASCII and UCS2-as-octets
	// (NULs are skipped) alike, which decoding as GSM 03.38 first would not ('_' and NUL
	// differ); the text: field is then read in the data_coding, as an MO's text is.
	text := string(f.Content())
	r, ok := receipt.ParseCoded(f.Content(), f.DataCoding, receipt.FromTLVs(f.TLVs))
	ev := ReceiptEvent{At: c.now(), Link: link, Receipt: r, Seq: seq}
	if !ok {
		c.emitError(link, fmt.Errorf("receipt (%s) with neither an id nor a stat: %q",
			receipt.KindName(f.ESMClass), strings.ToValidUTF8(text, "?")))
		c.emit(ev)
		return
	}
	var ref *sentRef
	if wait, ok := c.corr.awaiting(); ok {
		// The receipt may have overtaken its submit_sm_resp (on a tx+rx pair, or on
		// another client of the share, it comes on another connection): hold it while a
		// response is outstanding.
		var held bool
		if ref, held = c.corr.hold(ev, arrived, arrived.Add(wait)); held {
			return
		}
	} else {
		ref = c.corr.lookup(r)
	}
	if ref != nil {
		c.matched(&ev, ref, arrived)
	} else {
		c.corr.reportedUnmatched(orphan{ev: ev, arrived: arrived})
	}
	c.emitReceipt(ev, ref)
}

// emitReceipt records a matched receipt on its Submission, then emits it: whoever reads
// the event finds it there already. A receipt for another client's part (a share) is
// emitted here with Owner set, and its copy, with Via set, is recorded on the owner's
// Submission and emitted on the owner's Events.
func (c *Client) emitReceipt(ev ReceiptEvent, ref *sentRef) {
	if ref == nil {
		c.emit(ev)
		return
	}
	if ref.owner == nil || ref.owner.c == c || ref.owner.c == nil {
		if ref.sub != nil {
			ref.sub.addReceipt(ev)
		}
		c.emit(ev)
		return
	}
	owner := ref.owner.c
	cp := ev
	cp.Via = c.viaName(ev.Link)
	ev.Owner = owner.s.Name
	if ref.sub != nil {
		ref.sub.addReceipt(cp)
	}
	owner.st.via.Add(1)
	owner.emit(cp) // counted as undelivered once a closed owner's Events are done
	c.emit(ev)
}

func (c *Client) matched(ev *ReceiptEvent, ref *sentRef, arrived time.Time) {
	c.st.matched.Add(1)
	ev.Matched, ev.Msg, ev.Part, ev.SubmitID = true, ref.msg, ref.part, ref.id
	ev.SinceSubmit = arrived.Sub(ref.at)
}

// retryOrphans matches held receipts after a new message id was indexed: this client's,
// or those of every client of its share. Each is emitted by the client it arrived on.
func (c *Client) retryOrphans() {
	for _, k := range c.corr.holders() {
		for _, o := range k.matchOrphans() {
			k.c.matched(&o.ev, o.ref, o.arrived)
			k.c.emitReceipt(o.ev, o.ref)
		}
	}
}

// flushOrphans emits, unmatched, held receipts whose wait is over, or all when no
// response is outstanding any more (or all is set).
func (c *Client) flushOrphans(all bool) {
	if !all {
		if _, ok := c.corr.awaiting(); !ok {
			all = true
		}
	}
	for _, o := range c.corr.expireOrphans(time.Now(), all) {
		if o.ref != nil {
			c.matched(&o.ev, o.ref, o.arrived)
		} else {
			c.corr.reportedUnmatched(o)
		}
		c.emitReceipt(o.ev, o.ref)
	}
}

// rematchReceipts reports again, matched, the receipts that went out unmatched and that a
// late submit_sm_resp has just made matchable, on whichever client of the share each
// arrived.
func (c *Client) rematchReceipts() {
	for _, k := range c.corr.holders() {
		for _, o := range k.rematch() {
			k.c.matched(&o.ev, o.ref, o.arrived)
			o.ev.Rematched = true
			k.c.emitReceipt(o.ev, o.ref)
		}
	}
}

// onMO reassembles a mobile-originated message and emits it when complete.
func (c *Client) onMO(link string, pduSeq uint32, f *wire.SMBody) {
	frag, err := MOFragment(f, c.now(), pduSeq)
	if err != nil {
		c.emitError(link, err)
	}
	c.reasmMu.Lock()
	m, done := c.reasm.Add(frag)
	c.reasmMu.Unlock()
	if done {
		c.emitMO(link, m)
	}
}

func (c *Client) expireMO(now time.Time) {
	c.reasmMu.Lock()
	ms := c.reasm.Expire(now)
	c.reasmMu.Unlock()
	for _, m := range ms {
		c.emitMO("", m)
	}
}

func (c *Client) emitMO(link string, m segment.Message) {
	c.st.mo.Add(1)
	c.emit(MOEventOf(m, c.now(), link))
}
