package smsc

import (
	"bytes"
	"time"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/wire"
)

// onSubmission serves submit_sm, data_sm and submit_multi.
func (c *conn) onSubmission(h wire.Header, body []byte) {
	s := c.srv
	if h.ID == wire.SubmitSM && c.faults.NoSubmitResponse {
		s.n.dropped.Add(1)
		return
	}
	// Read the body into the connection's reusable values: nothing is allocated.
	var (
		err  error
		req  wire.PDUBody
		src  wire.Address
		mf   *wire.MessageFields
		tlvs []wire.TLV
	)
	c.dests, c.dlists = c.dests[:0], c.dlists[:0]
	if h.ID == wire.SubmitMulti {
		m := &c.multi
		err = m.Decode(body)
		req, src, mf, tlvs = m, m.Source, &m.MessageFields, m.TLVs
		for _, d := range m.Dests {
			if d.Flag == wire.DestSME {
				c.dests = append(c.dests, d.Addr)
			} else {
				c.dlists = append(c.dlists, d.DLName)
			}
		}
	} else {
		m := &c.sm
		m.Command = h.ID
		err = m.Decode(body)
		req, src, mf, tlvs = m, m.Source, &m.MessageFields, m.TLVs
		c.dests = append(c.dests, m.Dest)
	}
	tlvStatus := wire.StatusInvOptParStream
	if c.srv.version == wire.InterfaceVersion33 {
		// A 3.3 SMSC knows no TLVs: it reads the mandatory fields and ignores the rest.
		tlvStatus, tlvs = 0, nil
		c.sm.TLVs, c.multi.TLVs = c.sm.TLVs[:0], c.multi.TLVs[:0]
	}
	if st, why, nack := verdict(req, err, tlvStatus); nack {
		c.nack(h.Seq, st, wire.CommandName(h.ID)+": "+why.Error())
		return
	} else if why != nil {
		c.errorResp(h, st)
		return
	}
	var payload []byte
	if t, ok := wire.FindTLV(tlvs, wire.TagMessagePayload); ok {
		payload = t.Value
	}
	switch {
	case len(mf.ShortMessage) > 0 && payload != nil:
		// short_message and message_payload must not be used together (3.4 §5.3.2.32).
		c.errorResp(h, wire.StatusInvMsgLen)
		return
	case h.ID != wire.SubmitMulti && len(c.dests[0].Addr) == 0:
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
	dests := c.dests
	outs := make([]uint8, 0, len(dests))
	c.unsuccess = c.unsuccess[:0]
	if h.ID == wire.SubmitMulti {
		kept := dests[:0]
		for k, d := range dests {
			oi := s.judge.decide(d.Addr, draw<<8|uint64(k))
			status := s.judge.outcomes[oi].status
			if len(d.Addr) == 0 {
				status = wire.StatusInvDstAdr
			}
			if status != 0 {
				c.unsuccess = append(c.unsuccess, wire.UnsuccessSME{Addr: d, Status: status})
				continue
			}
			kept = append(kept, d)
			outs = append(outs, oi)
		}
		dests = kept
		for _, dl := range c.dlists {
			c.unsuccess = append(c.unsuccess, wire.UnsuccessSME{Addr: wire.Address{Addr: dl}, Status: wire.StatusInvDLName})
		}
		if len(dests) == 0 {
			c.errorResp(h, wire.StatusInvDstAdr)
			return
		}
	} else {
		oi := s.judge.decide(dests[0].Addr, draw<<8)
		if st := s.judge.outcomes[oi].status; st != 0 {
			c.errorResp(h, st)
			return
		}
		outs = append(outs, oi)
	}

	var text []byte
	reg := mf.RegisteredDelivery
	if reg&0x13 != 0 {
		if !c.roomForReceipts() {
			s.n.throttled.Add(1)
			c.errorResp(h, wire.StatusThrottled)
			return
		}
		text = receiptText(mf.DataCoding, mf.ESMClass, mf.ShortMessage, payload)
	}
	c.rec = appendRecord(c.rec[:0], mf.DataCoding, src, text, dests, outs)
	o0 := s.judge.outcomes[outs[0]]
	e := entry{
		submitted: now,
		doneAt:    now + o0.delay,
		conn:      uint32(c.num),
		acct:      c.acct.idx,
		ndest:     uint8(len(dests)),
		outcome:   outs[0],
		reg:       reg,
	}
	n := s.store.add(e, c.rec, now)
	s.n.submitted.Add(1)

	c.okResp++
	malformed := c.faults.MalformedEvery > 0 && h.ID != wire.SubmitMulti && c.okResp%c.faults.MalformedEvery == 0
	c.idBuf = s.ids.appendID(c.idBuf[:0], s.ids.format, n)
	var b []byte
	if h.ID == wire.SubmitMulti {
		c.multiResp.MessageID, c.multiResp.Unsuccess = c.idBuf, c.unsuccess
		b = wire.AppendPDU(make([]byte, 0, 64+len(c.unsuccess)*32), &c.multiResp, wire.StatusOK, h.Seq)
	} else {
		c.smResp.Command, c.smResp.MessageID, c.smResp.TLVs = h.ID|wire.ResponseBit, c.idBuf, c.respTLVs()
		b = wire.AppendPDU(make([]byte, 0, 64), &c.smResp, wire.StatusOK, h.Seq)
		if malformed {
			b = unterminated(b)
		}
	}
	c.respond(b)

	for k := range dests {
		o := s.judge.outcomes[outs[k]]
		if reg&0x10 != 0 {
			s.sched.push(task{at: now, kind: taskIntermediate, n: n, dest: uint8(k)})
		}
		if wantsFinal(reg, o) {
			s.sched.push(task{at: now + o.delay, kind: taskFinal, n: n, dest: uint8(k)})
		}
	}
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
func (c *conn) lookup(id []byte, src wire.Address) (uint64, entry, record, uint32) {
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
	if len(src.Addr) > 0 && !bytes.Equal(src.Addr, r.src.Addr) {
		return 0, entry{}, record{}, wire.StatusInvSrcAdr
	}
	return n, e, r, wire.StatusOK
}

func (c *conn) onQuery(h wire.Header, body []byte) {
	s := c.srv
	s.n.queries.Add(1)
	var q wire.QuerySMBody
	if st, why, nack := verdict(&q, q.Decode(body), 0); nack {
		c.nack(h.Seq, st, "query_sm: "+why.Error())
		return
	} else if why != nil {
		c.queryResp(h, st, nil, nil, receipt.StateUnknown, 0)
		return
	}
	_, e, _, status := c.lookup(q.MessageID, q.Source)
	if status != wire.StatusOK {
		c.queryResp(h, status, q.MessageID, nil, receipt.StateUnknown, 0)
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
	c.queryResp(h, wire.StatusOK, q.MessageID, final, state, errCode)
}

// queryResp writes query_sm_resp: message_id, final_date, message_state, error_code.
func (c *conn) queryResp(h wire.Header, status uint32, id, final []byte, state receipt.State, errCode byte) {
	if status != wire.StatusOK && c.faults.HeaderOnlyErrors {
		c.respond(wire.HeaderOnly(wire.QuerySMResp, status, h.Seq))
		return
	}
	r := wire.QuerySMRespBody{MessageID: id, FinalDate: final, MessageState: byte(state), ErrorCode: errCode}
	c.respond(wire.AppendPDU(make([]byte, 0, 40+len(id)), &r, status, h.Seq))
}

// refuse answers a body that did not decode or breaks the spec, reporting whether it
// did: generic_nack when the body is cut short (it cannot be read as this command at
// all), else the error status of the field that is wrong. Its TLVs are not read.
func (c *conn) refuse(h wire.Header, b wire.PDUBody, err error) bool {
	st, why, nack := verdict(b, err, 0)
	switch {
	case nack:
		c.nack(h.Seq, st, wire.CommandName(h.ID)+": "+why.Error())
	case why != nil:
		c.errorResp(h, st)
	default:
		return false
	}
	return true
}

func (c *conn) onCancel(h wire.Header, body []byte) {
	s := c.srv
	s.n.cancels.Add(1)
	var q wire.CancelSMBody
	if c.refuse(h, &q, q.Decode(body)) {
		return
	}
	now := time.Now().UnixNano()
	if len(q.MessageID) > 0 {
		n, _, _, status := c.lookup(q.MessageID, q.Source)
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
	if len(q.Source.Addr) == 0 {
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
		if !bytes.Equal(r.src.Addr, q.Source.Addr) {
			return true
		}
		if len(q.Dest.Addr) > 0 && (len(r.dests) == 0 || !bytes.Equal(r.dests[0].Addr, q.Dest.Addr)) {
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
	var q wire.ReplaceSMBody
	if c.refuse(h, &q, q.Decode(body)) {
		return
	}
	n, _, _, status := c.lookup(q.MessageID, q.Source)
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
		e.reg = q.RegisteredDelivery
		e.flags |= flagReplaced
		for k, d := range r.dests {
			o := s.judge.outcomes[d.outcome]
			if wantsFinal(q.RegisteredDelivery, o) && !wantsFinal(old, o) {
				newFinal = append(newFinal, task{at: e.submitted + o.delay, kind: taskFinal, n: n, dest: uint8(k)})
			}
		}
		var text []byte
		if q.RegisteredDelivery&0x13 != 0 {
			text = receiptText(r.dc, 0, q.ShortMessage, nil)
		}
		return withText(rec, text)
	})
	for _, t := range newFinal {
		s.sched.push(t)
	}
	c.respond(wire.HeaderOnly(wire.ReplaceSMResp, status, h.Seq))
}
