package ui

import (
	"context"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// Operations on a submitted message: query_sm, cancel_sm and replace_sm (SMPP 3.4
// §4.8-4.10), started with Q, X and R from the selected receipts row or log PDU. The
// message id and source address come from what the session saw; the operator confirms
// before anything is sent.

// opSession is what the operations need of the session beyond Session: one request
// about a message, answered or timed out (smppclient.Client.Do).
type opSession interface {
	Do(ctx context.Context, req wire.PDUBody) (*smppclient.Response, error)
}

var _ opSession = (*smppclient.Client)(nil)

// opTarget is the message an operation names, as the session saw it.
type opTarget struct {
	messageID string
	source    message.Address
	dest      message.Address // cancel_sm's destination_addr, when known
	coding    coding.Scheme   // the original's: replace_sm has no data_coding of its own
	text      string          // the original text, when the form sent it
	from      string          // where it was taken from, in words: "receipts row", "submit_sm_resp #3"
}

// opDoneMsg reports Do's return for the operation the panel sent.
type opDoneMsg struct {
	gen  int
	cmd  uint32
	resp *smppclient.Response
	err  error
}

// doOp sends req on the session and waits for its response in a command, never in
// Update; it gives up when the console stops (ctx).
func doOp(ctx context.Context, s opSession, gen int, req wire.PDUBody) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		resp, err := s.Do(ctx, req)
		return opDoneMsg{gen: gen, cmd: req.CommandID(), resp: resp, err: err}
	}
}

// opKey reports which operation k starts, 0 for none.
func (m *Model) opKey(k tea.KeyMsg) uint32 {
	switch {
	case key.Matches(k, m.ops.keys.Query):
		return wire.QuerySM
	case key.Matches(k, m.ops.keys.Cancel):
		return wire.CancelSM
	case key.Matches(k, m.ops.keys.Replace):
		return wire.ReplaceSM
	}
	return 0
}

// startOp opens the operation panel on the selected message, or says in the footer why
// there is none.
func (m *Model) startOp(cmd uint32) tea.Cmd {
	if _, ok := m.sess.(opSession); !ok || m.sess == nil {
		m.setFlash(wire.CommandName(cmd)+" needs a live session", true)
		return nil
	}
	var t opTarget
	var err error
	switch {
	case m.mode == modeDetail:
		t, err = m.targetFromPDU(m.detail.pos)
	case m.focus == paneMessages:
		t, err = m.targetFromRow()
	case m.focus == paneLog:
		pos, ok := m.log.Selected()
		if !ok {
			err = fmt.Errorf("no PDU selected")
			break
		}
		t, err = m.targetFromPDU(pos)
	default:
		err = fmt.Errorf("select a receipts row or a PDU in the log (tab moves between them)")
	}
	if err != nil {
		m.setFlash(wire.CommandName(cmd)+": "+err.Error(), true)
		return nil
	}
	m.mode = modeOp
	c := m.ops.Open(cmd, t)
	m.resize()
	return c
}

// onOpKey routes a key while the operation panel has them.
func (m *Model) onOpKey(k tea.KeyMsg) tea.Cmd {
	act, c := m.ops.Update(k)
	switch act {
	case opClose:
		m.ops.Close()
		m.mode = modeNormal
		m.resize()
	case opSend:
		req, err := m.ops.build()
		if err != nil {
			m.ops.fail(err)
			return c
		}
		m.ops.gen++
		m.ops.stage = opWaiting
		return tea.Batch(c, doOp(m.ctx, m.sess.(opSession), m.ops.gen, req))
	}
	return c
}

// onOpDone shows the response in the panel, if it is still the one that asked.
func (m *Model) onOpDone(d opDoneMsg) {
	if d.gen != m.ops.gen || !m.ops.open {
		if d.err != nil {
			m.setFlash(wire.CommandName(d.cmd)+": "+d.err.Error(), true)
		}
		return
	}
	m.ops.done(d)
}

// targetFromRow is the selected receipts row's message: the part selected in its open
// timeline, else the first part with a message_id.
func (m *Model) targetFromRow() (opTarget, error) {
	p := &m.msgs
	r := p.tl
	if r == nil {
		if p.sel >= len(p.rows) {
			return opTarget{}, fmt.Errorf("no message selected")
		}
		r = p.rows[p.sel]
	}
	part := -1
	if p.tl != nil {
		part = p.timelinePart(r, p.tlList.sel)
	}
	if part < 0 {
		for i := range r.parts {
			if r.parts[i].messageID != "" {
				part = i
				break
			}
		}
	}
	if part < 0 || r.parts[part].messageID == "" {
		return opTarget{}, fmt.Errorf("the SMSC has not given this message a message_id (yet)")
	}
	pr := &r.parts[part]
	t := opTarget{messageID: pr.messageID, source: r.src, dest: r.dst, coding: r.coding, text: r.text, from: "receipts row"}
	// What went on the wire is the truth about the source: the log's submit, while retained.
	if pr.seq != 0 {
		if pos, ok := m.log.find(pduRef{id: pr.requestID(), seq: pr.seq, dir: smppclient.Out}); ok {
			m.fillFromRequest(pos, &t)
		}
	}
	return t, nil
}

// targetFromPDU is the message of the log's PDU at pos: a submit response's message_id,
// a receipt's receipted id, or a submit whose response is in the log.
func (m *Model) targetFromPDU(pos uint64) (opTarget, error) {
	e, ok := m.log.ring.at(pos)
	if !ok || !e.isPDU() {
		return opTarget{}, fmt.Errorf("select a submit_sm, its response or a receipt")
	}
	h := e.header()
	name := fmt.Sprintf("%s #%d", wire.CommandName(h.ID), h.Seq)
	t := opTarget{from: name}
	switch h.ID {
	case wire.SubmitSMResp, wire.DataSMResp, wire.SubmitMultiResp:
		if h.Status != wire.StatusOK {
			return t, fmt.Errorf("%s refused the message (%s): there is nothing to ask about", name, statusWords(h.Status))
		}
		id, _ := wire.RespMessageID(e.raw[min(wire.HeaderLen, len(e.raw)):])
		if len(id) == 0 {
			return t, fmt.Errorf("%s has no message_id", name)
		}
		t.messageID = string(id)
		if p, ok := m.log.ring.find(int(e.link), h.ID&^wire.ResponseBit, h.Seq, uint8(smppclient.Out)); ok {
			m.fillFromRequest(p, &t)
		}
		return t, nil
	case wire.SubmitSM, wire.DataSM, wire.SubmitMulti:
		if smppclient.Direction(e.dir) == smppclient.Out {
			p, ok := m.log.ring.find(int(e.link), h.ID|wire.ResponseBit, h.Seq, uint8(smppclient.In))
			if !ok {
				return t, fmt.Errorf("the response to %s is not in the log (yet): its message_id is not known", name)
			}
			re, _ := m.log.ring.at(p)
			if rh := re.header(); rh.Status != wire.StatusOK {
				return t, fmt.Errorf("%s was refused (%s): there is nothing to ask about", name, statusWords(rh.Status))
			}
			id, _ := wire.RespMessageID(re.raw[min(wire.HeaderLen, len(re.raw)):])
			if len(id) == 0 {
				return t, fmt.Errorf("the response to %s has no message_id", name)
			}
			t.messageID = string(id)
			m.fillFromRequest(pos, &t)
			return t, nil
		}
		fallthrough
	case wire.DeliverSM:
		// A receipt names the message it reports on; its destination is the sender.
		body, err := wire.DecodeBody(h, e.raw[min(wire.HeaderLen, len(e.raw)):])
		sm, ok := body.(*wire.SMBody)
		if err != nil || !ok {
			return t, fmt.Errorf("%s does not decode", name)
		}
		rc, ok := receipt.Parse(string(sm.ShortMessage), receipt.FromTLVs(sm.TLVs))
		if !ok || rc.MessageID == "" || sm.ESMClass&0x3C == 0 && !rc.HasState {
			return t, fmt.Errorf("%s is not a receipt: select a submit_sm, its response or a receipt", name)
		}
		t.messageID = rc.MessageID
		t.source = addressOf(sm.Dest)
		t.dest = addressOf(sm.Source)
		return t, nil
	}
	return t, fmt.Errorf("%s names no message: select a submit_sm, its response or a receipt", name)
}

// fillFromRequest takes the source, destination and coding from the submit at pos.
func (m *Model) fillFromRequest(pos uint64, t *opTarget) {
	e, ok := m.log.ring.at(pos)
	if !ok {
		return
	}
	body, err := wire.DecodeBody(e.header(), e.raw[min(wire.HeaderLen, len(e.raw)):])
	if err != nil {
		return
	}
	switch b := body.(type) {
	case *wire.SMBody:
		t.source, t.dest = addressOf(b.Source), addressOf(b.Dest)
		if t.text == "" || t.coding == coding.Auto {
			t.coding = schemeOf(b.DataCoding, t.coding)
		}
	case *wire.SubmitMultiBody:
		t.source = addressOf(b.Source)
		if t.text == "" || t.coding == coding.Auto {
			t.coding = schemeOf(b.DataCoding, t.coding)
		}
	}
}

func addressOf(a wire.Address) message.Address {
	return message.Address{Addr: string(a.Addr), TON: a.TON, NPI: a.NPI}
}

// schemeOf is the scheme a data_coding was written in; known is kept when it agrees
// (data_coding 0 is both GSM7 forms).
func schemeOf(dc byte, known coding.Scheme) coding.Scheme {
	if known != coding.Auto && known.DataCoding() == dc {
		return known
	}
	switch dc {
	case 0x08:
		return coding.UCS2
	case 0x03:
		return coding.Latin1
	case 0x02, 0x04:
		return coding.Binary
	}
	return coding.GSM7
}
