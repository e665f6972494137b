package smsc

import (
	"bytes"
	"encoding/binary"
	"time"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/wire"
)

const statusInvNumDests = wire.StatusInvNumDests

// onSubmission serves submit_sm, data_sm and submit_multi.
func (c *conn) onSubmission(h wire.Header, body []byte) {
	s := c.srv
	if h.ID == wire.SubmitSM && c.faults.NoSubmitResponse {
		s.n.dropped.Add(1)
		return
	}
	m := &c.msg
	var ferr *fieldError
	switch h.ID {
	case wire.SubmitSM:
		ferr = parseSubmitSM(body, m)
	case wire.DataSM:
		ferr = parseDataSM(body, m)
	default:
		ferr = parseSubmitMulti(body, m)
	}
	if ferr != nil {
		if ferr.tooLong {
			c.errorResp(h, fieldStatus(ferr.field))
		} else {
			c.nack(h.Seq, wire.StatusInvCmdLen, wire.CommandName(h.ID)+": "+ferr.Error())
		}
		return
	}
	var payload []byte
	if len(m.tlvs) > 0 {
		tlvs, err := wire.ParseTLVs(m.tlvs)
		if err != nil {
			c.errorResp(h, wire.StatusInvOptParStream)
			return
		}
		if t, ok := wire.FindTLV(tlvs, wire.TagMessagePayload); ok {
			payload = t.Value
		}
	}
	switch {
	case len(m.sm) > 0 && payload != nil:
		// short_message and message_payload must not be used together (3.4 §5.3.2.32).
		c.errorResp(h, wire.StatusInvMsgLen)
		return
	case !validTime(m.sched):
		c.errorResp(h, wire.StatusInvSched)
		return
	case !validTime(m.validity):
		c.errorResp(h, wire.StatusInvExpiry)
		return
	case h.ID == wire.SubmitMulti && len(m.dests)+len(m.dlists) == 0:
		c.errorResp(h, statusInvNumDests)
		return
	case h.ID != wire.SubmitMulti && len(m.dests[0].addr) == 0:
		c.errorResp(h, wire.StatusInvDstAdr)
		return
	}

	now := time.Now().UnixNano()
	if c.limits.Window > 0 {
		c.mu.Lock()
		waiting := len(c.delayed)
		c.mu.Unlock()
		if waiting >= c.limits.Window {
			s.n.throttled.Add(1)
			c.errorRespNow(h, wire.StatusMsgQFul)
			return
		}
	}
	if !c.allow(now) {
		s.n.throttled.Add(1)
		c.errorResp(h, wire.StatusThrottled)
		return
	}
	c.submits++
	if c.faults.ErrorEvery > 0 && c.submits%c.faults.ErrorEvery == 0 {
		c.errorResp(h, uint32(c.faults.ErrorStatus))
		return
	}

	// Outcomes, and for submit_multi the destinations refused.
	draw := s.draws.Add(1) - 1
	dests := m.dests
	outs := make([]uint8, 0, len(dests))
	var unsuccess []byte
	nUnsuccess := 0
	if h.ID == wire.SubmitMulti {
		kept := dests[:0]
		for k, d := range dests {
			oi := s.judge.decide(d.addr, draw<<8|uint64(k))
			status := s.judge.outcomes[oi].status
			if len(d.addr) == 0 {
				status = wire.StatusInvDstAdr
			}
			if status != 0 {
				unsuccess = appendUnsuccess(unsuccess, d, status)
				nUnsuccess++
				continue
			}
			kept = append(kept, d)
			outs = append(outs, oi)
		}
		dests = kept
		for _, dl := range m.dlists {
			unsuccess = appendUnsuccess(unsuccess, address{addr: dl}, statusInvDLName)
			nUnsuccess++
		}
		if len(dests) == 0 {
			c.errorResp(h, wire.StatusInvDstAdr)
			return
		}
	} else {
		oi := s.judge.decide(dests[0].addr, draw<<8)
		if st := s.judge.outcomes[oi].status; st != 0 {
			c.errorResp(h, st)
			return
		}
		outs = append(outs, oi)
	}

	var text []byte
	if m.reg&0x13 != 0 {
		if !c.roomForReceipts() {
			s.n.throttled.Add(1)
			c.errorResp(h, wire.StatusThrottled)
			return
		}
		text = receiptText(m.dc, m.esm, m.sm, payload)
	}
	c.rec = appendRecord(c.rec[:0], m.dc, m.src, text, dests, outs)
	o0 := s.judge.outcomes[outs[0]]
	e := entry{
		submitted: now,
		doneAt:    now + o0.delay,
		conn:      uint32(c.num),
		acct:      c.acct.idx,
		ndest:     uint8(len(dests)),
		outcome:   outs[0],
		reg:       m.reg,
	}
	n := s.store.add(e, c.rec, now)
	s.n.submitted.Add(1)

	c.okResp++
	malformed := c.faults.MalformedEvery > 0 && h.ID != wire.SubmitMulti && c.okResp%c.faults.MalformedEvery == 0
	b := newPDU(64+len(unsuccess), h.ID|wire.ResponseBit, wire.StatusOK, h.Seq)
	b = s.ids.appendID(b, s.ids.format, n)
	if !malformed {
		b = append(b, 0)
	}
	if h.ID == wire.SubmitMulti {
		b = append(b, byte(nUnsuccess))
		b = append(b, unsuccess...)
	}
	c.respond(finish(b))

	for k := range dests {
		o := s.judge.outcomes[outs[k]]
		if m.reg&0x10 != 0 {
			s.sched.push(task{at: now, kind: taskIntermediate, n: n, dest: uint8(k)})
		}
		if wantsFinal(m.reg, o) {
			s.sched.push(task{at: now + o.delay, kind: taskFinal, n: n, dest: uint8(k)})
		}
	}
}

func appendUnsuccess(b []byte, d address, status uint32) []byte {
	b = appendAddress(b, d)
	return binary.BigEndian.AppendUint32(b, status)
}

// errorRespNow answers at once, bypassing the ResponseDelay fault.
func (c *conn) errorRespNow(h wire.Header, status uint32) {
	c.srv.n.rejected.Add(1)
	_ = c.out.Send(wire.HeaderOnly(h.ID|wire.ResponseBit, status, h.Seq))
}

// stateOf is a stored message's state now, and when it became final.
func (s *Server) stateOf(e entry, now int64) (receipt.State, int64, outcome) {
	o := s.judge.outcomes[e.outcome]
	switch {
	case e.flags&flagDeleted != 0:
		return receipt.StateDeleted, e.doneAt, o
	case o.state == stateNone || now < e.doneAt:
		return receipt.StateEnroute, 0, o
	}
	return o.state, e.doneAt, o
}

// lookup finds the message a query_sm, cancel_sm or replace_sm names: it must be this
// account's, and source_addr, if given, must be the one it was submitted with.
func (c *conn) lookup(id []byte, src address) (uint64, entry, record, uint32) {
	s := c.srv
	n, ok := s.ids.parse(string(id))
	if !ok {
		return 0, entry{}, record{}, wire.StatusInvMsgID
	}
	e, rec, found := s.store.get(n, nil)
	if !found || e.acct != c.acct.idx {
		return 0, entry{}, record{}, wire.StatusInvMsgID
	}
	var r record
	parseRecord(rec, &r)
	if len(src.addr) > 0 && !bytes.Equal(src.addr, r.src.addr) {
		return 0, entry{}, record{}, wire.StatusInvSrcAdr
	}
	return n, e, r, wire.StatusOK
}

func (c *conn) onQuery(h wire.Header, body []byte) {
	s := c.srv
	s.n.queries.Add(1)
	q, _, ferr := parseQuery(body)
	if ferr != nil {
		if !ferr.tooLong {
			c.nack(h.Seq, wire.StatusInvCmdLen, "query_sm: "+ferr.Error())
			return
		}
		c.queryResp(h, fieldStatus(ferr.field), nil, nil, receipt.StateUnknown, 0)
		return
	}
	_, e, _, status := c.lookup(q.id, q.src)
	if status != wire.StatusOK {
		c.queryResp(h, status, q.id, nil, receipt.StateUnknown, 0)
		return
	}
	state, done, o := s.stateOf(e, time.Now().UnixNano())
	var final []byte
	var errCode byte
	if state != receipt.StateEnroute {
		final = formatFinalDate(time.Unix(0, done))
		if state != receipt.StateDeleted && o.failed() {
			errCode = byte(o.netErr)
		}
	}
	c.queryResp(h, wire.StatusOK, q.id, final, state, errCode)
}

// queryResp writes query_sm_resp: message_id, final_date, message_state, error_code.
func (c *conn) queryResp(h wire.Header, status uint32, id, final []byte, state receipt.State, errCode byte) {
	if status != wire.StatusOK && c.faults.HeaderOnlyErrors {
		c.respond(wire.HeaderOnly(wire.QuerySMResp, status, h.Seq))
		return
	}
	b := newPDU(40+len(id), wire.QuerySMResp, status, h.Seq)
	b = appendCString(b, id)
	b = appendCString(b, final)
	b = append(b, byte(state), errCode)
	c.respond(finish(b))
}

// refuse answers a body that did not parse, reporting whether it did: generic_nack when
// the body is cut short (it cannot be read as this command at all), else the error
// status of the field that is wrong.
func (c *conn) refuse(h wire.Header, ferr *fieldError) bool {
	if ferr == nil {
		return false
	}
	if !ferr.tooLong {
		c.nack(h.Seq, wire.StatusInvCmdLen, wire.CommandName(h.ID)+": "+ferr.Error())
		return true
	}
	c.errorResp(h, fieldStatus(ferr.field))
	return true
}

func (c *conn) onCancel(h wire.Header, body []byte) {
	s := c.srv
	s.n.cancels.Add(1)
	q, _, ferr := parseCancel(body)
	if c.refuse(h, ferr) {
		return
	}
	now := time.Now().UnixNano()
	if len(q.id) > 0 {
		n, _, _, status := c.lookup(q.id, q.src)
		if status == wire.StatusOK {
			status = wire.StatusCancelFail
			s.store.update(n, func(e *entry, _ []byte) []byte {
				if st, _, _ := s.stateOf(*e, now); st == receipt.StateEnroute {
					e.flags |= flagDeleted
					e.doneAt = now
					status = wire.StatusOK
				}
				return nil
			})
		}
		c.respond(wire.HeaderOnly(wire.CancelSMResp, status, h.Seq))
		return
	}
	// No message_id: cancel every message still en route from source_addr (to
	// destination_addr, if given) of this account.
	if len(q.src.addr) == 0 {
		c.respond(wire.HeaderOnly(wire.CancelSMResp, wire.StatusInvSrcAdr, h.Seq))
		return
	}
	cancelled := 0
	var r record
	s.store.scan(func(_ uint64, e *entry, rec []byte) bool {
		if e.acct != c.acct.idx {
			return true
		}
		if st, _, _ := s.stateOf(*e, now); st != receipt.StateEnroute {
			return true
		}
		parseRecord(rec, &r)
		if !bytes.Equal(r.src.addr, q.src.addr) {
			return true
		}
		if len(q.dst.addr) > 0 && (len(r.dests) == 0 || !bytes.Equal(r.dests[0].addr, q.dst.addr)) {
			return true
		}
		e.flags |= flagDeleted
		e.doneAt = now
		cancelled++
		return true
	})
	status := wire.StatusOK
	if cancelled == 0 {
		status = wire.StatusCancelFail
	}
	c.respond(wire.HeaderOnly(wire.CancelSMResp, status, h.Seq))
}

func (c *conn) onReplace(h wire.Header, body []byte) {
	s := c.srv
	s.n.replaces.Add(1)
	q, _, ferr := parseReplace(body)
	if c.refuse(h, ferr) {
		return
	}
	switch {
	case !validTime(q.sched):
		c.errorResp(h, wire.StatusInvSched)
		return
	case !validTime(q.validity):
		c.errorResp(h, wire.StatusInvExpiry)
		return
	}
	n, _, _, status := c.lookup(q.id, q.src)
	if status != wire.StatusOK {
		c.errorResp(h, status)
		return
	}
	now := time.Now().UnixNano()
	status = wire.StatusReplaceFail
	var newFinal []task
	s.store.update(n, func(e *entry, rec []byte) []byte {
		if st, _, _ := s.stateOf(*e, now); st != receipt.StateEnroute {
			return nil
		}
		status = wire.StatusOK
		var r record
		parseRecord(rec, &r)
		old := e.reg
		e.reg = q.reg
		e.flags |= flagReplaced
		for k, d := range r.dests {
			o := s.judge.outcomes[d.outcome]
			if wantsFinal(q.reg, o) && !wantsFinal(old, o) {
				newFinal = append(newFinal, task{at: e.submitted + o.delay, kind: taskFinal, n: n, dest: uint8(k)})
			}
		}
		var text []byte
		if q.reg&0x13 != 0 {
			text = receiptText(r.dc, 0, q.sm, nil)
		}
		return withText(rec, text)
	})
	for _, t := range newFinal {
		s.sched.push(t)
	}
	c.respond(wire.HeaderOnly(wire.ReplaceSMResp, status, h.Seq))
}

// roomForReceipts says whether the account can take more receipts: while more deliver_sm
// than half of PendingMax wait for its bound receivers, submissions asking for a receipt
// are answered ESME_RTHROTTLED, as an SMSC does with an ESME that does not take its
// receipts fast enough.
func (c *conn) roomForReceipts() bool {
	a := c.acct
	if a.queued.Load() < int64(c.srv.cfg.PendingMax/2) {
		return true
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.receivers) == 0 // nobody to wait for: the pending queue's bound applies
}
