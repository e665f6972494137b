package smppclient

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/coding"
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
		switch r.cmd {
		case wire.SubmitSM:
			ev := submitEvent(r, c.c.now())
			ev.Latency = now.Sub(r.sent)
			if h.ID == wire.SubmitSMResp && h.Status == wire.StatusOK {
				ev.Outcome = Accepted
				ev.MessageID = cString(wire.Body(raw))
			} else {
				ev.Outcome, ev.Status = Rejected, h.Status
			}
			c.l.partDone(r, ev)
		case wire.EnquireLink:
			rtt := now.Sub(r.sent)
			c.l.rtt.Store(int64(rtt))
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
		if late.cmd == wire.SubmitSM {
			c.c.st.late.Add(1)
			ev := LateEvent{At: c.c.now(), Msg: late.sub.Msg, Part: late.sub.Parts[late.part].Index,
				Seq: late.seq, Status: h.Status, After: after}
			if h.ID == wire.SubmitSMResp && h.Status == wire.StatusOK {
				ev.MessageID = cString(wire.Body(raw))
			}
			// Accepted after all: its receipts, which come later, belong to it.
			if ev.MessageID != "" {
				p := late.sub.Parts[late.part]
				c.c.corr.add(&sentRef{msg: ev.Msg, part: p.Index, parts: p.Total, id: ev.MessageID, at: late.sent})
			}
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

// cString is the C-octet string at the start of b (all of b if it has no NUL).
func cString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// deliverResp is the answer to a deliver_sm or data_sm: with the (empty) message_id the
// spec asks for when the status is ESME_ROK, header-only for an error.
func deliverResp(h wire.Header, status uint32) []byte {
	id := h.ID | wire.ResponseBit
	if status != wire.StatusOK {
		return wire.HeaderOnly(id, status, h.Seq)
	}
	b := wire.Header{Length: wire.HeaderLen + 1, ID: id, Status: status, Seq: h.Seq}.Append(make([]byte, 0, wire.HeaderLen+1))
	return append(b, 0)
}

func (c *conn) onDeliver(h wire.Header, raw []byte) {
	f, err := parseSM(h.ID, wire.Body(raw))
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
	_ = c.send(deliverResp(h, status), "")
	if err != nil {
		c.c.emitError(c.name, fmt.Errorf("%s seq %d: %v", wire.CommandName(h.ID), h.Seq, err))
		return
	}
	if f.tlvErr != nil {
		c.c.emitError(c.name, fmt.Errorf("%s seq %d: %v (the TLVs before it were used)", wire.CommandName(h.ID), h.Seq, f.tlvErr))
	}
	if receipt.IsReceipt(f.esmClass) {
		c.c.onReceipt(c.name, h.Seq, &f)
	} else {
		c.c.onMO(c.name, h.Seq, &f)
	}
}

// smFields are the parts of a deliver_sm or data_sm the session uses. Slices alias the
// PDU; addresses become strings only for an MO message, not for every receipt.
type smFields struct {
	src, dst           rawAddress
	esmClass           byte
	registeredDelivery byte
	dataCoding         byte
	sm                 []byte // short_message (deliver_sm)
	tlvs               []wire.TLV
	tlvErr             error
}

type fieldReader struct {
	b   []byte
	off int
	err error
}

func (r *fieldReader) octet(name string) byte {
	if r.err != nil {
		return 0
	}
	if r.off >= len(r.b) {
		r.err = fmt.Errorf("body ends before %s (offset %d)", name, r.off)
		return 0
	}
	v := r.b[r.off]
	r.off++
	return v
}

func (r *fieldReader) cstring(name string) []byte {
	if r.err != nil {
		return nil
	}
	i := bytes.IndexByte(r.b[r.off:], 0)
	if i < 0 {
		r.err = fmt.Errorf("%s at offset %d has no NUL terminator", name, r.off)
		return nil
	}
	s := r.b[r.off : r.off+i]
	r.off += i + 1
	return s
}

func (r *fieldReader) octets(name string, n int) []byte {
	if r.err != nil {
		return nil
	}
	if r.off+n > len(r.b) {
		r.err = fmt.Errorf("%s claims %d octets but %d remain", name, n, len(r.b)-r.off)
		return nil
	}
	v := r.b[r.off : r.off+n]
	r.off += n
	return v
}

type rawAddress struct {
	ton, npi byte
	addr     []byte
}

func (a rawAddress) address() message.Address {
	return message.Address{TON: a.ton, NPI: a.npi, Addr: string(a.addr)}
}

func (r *fieldReader) address(ton, npi, addr string) rawAddress {
	var a rawAddress
	a.ton = r.octet(ton)
	a.npi = r.octet(npi)
	a.addr = r.cstring(addr)
	return a
}

// parseSM reads the mandatory fields of deliver_sm or data_sm and its TLVs in order,
// keeping the raw short_message (UDH included), which gosmpp's decoder would strip.
func parseSM(id uint32, body []byte) (smFields, error) {
	var f smFields
	r := &fieldReader{b: body}
	r.cstring("service_type")
	f.src = r.address("source_addr_ton", "source_addr_npi", "source_addr")
	if id == wire.DataSM {
		f.dst = r.address("dest_addr_ton", "dest_addr_npi", "destination_addr")
		f.esmClass = r.octet("esm_class")
		f.registeredDelivery = r.octet("registered_delivery")
		f.dataCoding = r.octet("data_coding")
	} else {
		f.dst = r.address("dest_addr_ton", "dest_addr_npi", "destination_addr")
		f.esmClass = r.octet("esm_class")
		r.octet("protocol_id")
		r.octet("priority_flag")
		r.cstring("schedule_delivery_time")
		r.cstring("validity_period")
		f.registeredDelivery = r.octet("registered_delivery")
		r.octet("replace_if_present_flag")
		f.dataCoding = r.octet("data_coding")
		r.octet("sm_default_msg_id")
		n := r.octet("sm_length")
		f.sm = r.octets("short_message", int(n))
	}
	if r.err != nil {
		return f, r.err
	}
	f.tlvs, f.tlvErr = wire.ParseTLVs(body[r.off:])
	return f, nil
}

// content is the user data: short_message, or message_payload when short_message is empty.
func (f *smFields) content() []byte {
	if len(f.sm) > 0 {
		return f.sm
	}
	if t, ok := wire.FindTLV(f.tlvs, wire.TagMessagePayload); ok {
		return t.Value
	}
	return nil
}

// onReceipt parses a delivery receipt and correlates it to a submitted part.
func (c *Client) onReceipt(link string, seq uint32, f *smFields) {
	arrived := time.Now() // real time, as the submit's: SinceSubmit ends here, not at correlation
	c.st.receipts.Add(1)
	// The text goes to the parser as octets: it reads ASCII and UCS2-as-octets (NULs are
	// skipped) alike, which decoding as GSM 03.38 would not ('_' and NUL differ).
	text := string(f.content())
	var t receipt.TLVs
	if v, ok := wire.FindTLV(f.tlvs, wire.TagReceiptedMessageID); ok {
		t.ReceiptedMessageID, t.HasReceiptedMessageID = cString(v.Value), true
	}
	if v, ok := wire.FindTLV(f.tlvs, wire.TagMessageState); ok && len(v.Value) == 1 {
		t.MessageState, t.HasMessageState = receipt.State(v.Value[0]), true
	}
	if v, ok := wire.FindTLV(f.tlvs, wire.TagNetworkErrorCode); ok {
		t.NetworkErrorCode = v.Value
	}
	r, ok := receipt.Parse(text, t)
	ev := ReceiptEvent{At: c.now(), Link: link, Receipt: r, Seq: seq}
	if !ok {
		c.emitError(link, fmt.Errorf("receipt (%s) with neither an id nor a stat: %q",
			receipt.KindName(f.esmClass), strings.ToValidUTF8(text, "?")))
		c.emit(ev)
		return
	}
	var ref *sentRef
	if c.tx != nil && len(c.tx.window) > 0 {
		// The receipt may have overtaken its submit_sm_resp (on a tx+rx pair it comes
		// on the other connection): hold it while a response is outstanding.
		var held bool
		if ref, held = c.corr.hold(ev, arrived, arrived.Add(c.s.ResponseTimeout)); held {
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
	c.emit(ev)
}

func (c *Client) matched(ev *ReceiptEvent, ref *sentRef, arrived time.Time) {
	c.st.matched.Add(1)
	ev.Matched, ev.Msg, ev.Part, ev.SubmitID = true, ref.msg, ref.part, ref.id
	ev.SinceSubmit = arrived.Sub(ref.at)
}

// retryOrphans matches held receipts after a new message id was indexed.
func (c *Client) retryOrphans() {
	for _, o := range c.corr.matchOrphans() {
		c.matched(&o.ev, o.ref, o.arrived)
		c.emit(o.ev)
	}
}

// flushOrphans emits, unmatched, held receipts whose wait is over, or all when no
// response is outstanding any more (or all is set).
func (c *Client) flushOrphans(all bool) {
	if !all && c.tx != nil && len(c.tx.window) == 0 {
		all = true
	}
	for _, o := range c.corr.expireOrphans(time.Now(), all) {
		if o.ref != nil {
			c.matched(&o.ev, o.ref, o.arrived)
		} else {
			c.corr.reportedUnmatched(o)
		}
		c.emit(o.ev)
	}
}

// rematchReceipts reports again, matched, the receipts that went out unmatched and that a
// late submit_sm_resp has just made matchable.
func (c *Client) rematchReceipts() {
	for _, o := range c.corr.rematch() {
		c.matched(&o.ev, o.ref, o.arrived)
		o.ev.Rematched = true
		c.emit(o.ev)
	}
}

// onMO reassembles a mobile-originated message and emits it when complete.
func (c *Client) onMO(link string, pduSeq uint32, f *smFields) {
	body := f.content()
	ref, total, seq := uint16(0), 1, 1
	if f.esmClass&message.ESMClassUDHI != 0 && len(f.sm) > 0 {
		u, err := segment.ParseUDH(f.sm)
		if err != nil {
			c.emitError(link, fmt.Errorf("MO from %s: UDH: %v; shown whole", f.src.addr, err))
		} else {
			body = f.sm[u.Length:]
			if u.Concat != nil {
				ref, total, seq = u.Concat.Ref, u.Concat.Total, u.Concat.Seq
			}
		}
	} else if t, ok := wire.FindTLV(f.tlvs, wire.TagSarTotalSegments); ok && len(t.Value) == 1 {
		total = int(t.Value[0])
		if s, ok := wire.FindTLV(f.tlvs, wire.TagSarSegmentSeqnum); ok && len(s.Value) == 1 {
			seq = int(s.Value[0])
		}
		if r, ok := wire.FindTLV(f.tlvs, wire.TagSarMsgRefNum); ok && len(r.Value) == 2 {
			ref = uint16(r.Value[0])<<8 | uint16(r.Value[1])
		}
	}
	frag := segment.Fragment{
		Key: moKey(f.src.address(), f.dst.address(), f.dataCoding), Ref: ref, Total: total, Seq: seq,
		Text: decodeText(f.dataCoding, body), Data: body, At: c.now(), PDU: pduSeq,
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
	src, dst, dc := parseMOKey(m.Key)
	c.emit(MOEvent{At: c.now(), Link: link, Source: src, Dest: dst, Text: m.Text, DataCoding: dc,
		Parts: m.Total, Complete: m.Complete, Seqs: m.PDUs})
}

// moKey groups fragments by sender, recipient and data_coding; parseMOKey reverses it.
func moKey(src, dst message.Address, dc byte) string {
	return string([]byte{src.TON, src.NPI, dst.TON, dst.NPI, dc}) + src.Addr + "\x00" + dst.Addr
}

func parseMOKey(k string) (src, dst message.Address, dc byte) {
	if len(k) < 5 {
		return
	}
	src.TON, src.NPI, dst.TON, dst.NPI, dc = k[0], k[1], k[2], k[3], k[4]
	s, d, _ := strings.Cut(k[5:], "\x00")
	src.Addr, dst.Addr = s, d
	return
}

// decodeText decodes user data for display; what cannot be decoded is shown as hex with
// the reason.
func decodeText(dc byte, b []byte) string {
	d := coding.Decode(dc, b)
	switch {
	case !d.OK:
		return "[" + d.Reason + "] " + d.Hex
	case d.Text == "" && len(b) > 0:
		return d.Hex // binary
	}
	return d.Text
}
