package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/ui/keys"
	"github.com/smppconsole/smppconsole/wire"
)

// Bounds of the messages pane's lists: the newest are kept.
const (
	maxReceiptRows  = 10_000
	maxMORows       = 1_000
	maxPartReceipts = 16 // receipts kept per part for its timeline (intermediate ones included)
)

// sentRow is one submitted message with its parts grouped: what the SMSC answered to
// each submit_sm and what each receipt said.
type sentRow struct {
	local     int    // the form's number for it, before the session numbered it
	msg       uint64 // the session's number; 0 until known
	at        time.Time
	dest      string
	text      string
	parts     []partRow
	pending   bool   // Submit has not returned yet
	err       string // Submit failed: why (parts never sent)
	unmatched bool   // a receipt that matched no message this session sent
	owner     string // or one for another tab's message (a receipt share): that tab's name
	// What registered_delivery asked for, when the form sent it: receiptKnown is false for
	// rows the console learnt of from events only.
	receiptKnown, noReceipt bool
	// What the form sent, for the operations on the message (Q, X, R).
	src, dst message.Address
	coding   coding.Scheme
}

type partRow struct {
	seq        uint32
	done       bool
	outcome    smppclient.Outcome
	status     uint32
	messageID  string
	at         time.Time     // the outcome: submit_sm_resp, or the time out
	latency    time.Duration // from the submit_sm to the outcome
	late       *lateResp
	hasReceipt bool
	stat, err  string
	since      time.Duration // ReceiptEvent.SinceSubmit of the newest receipt, as the session measured it
	receipts   []receiptRow
	cmd        uint32              // the request: submit_sm, data_sm or submit_multi (0: submit_sm)
	unsuccess  []wire.UnsuccessSME // submit_multi_resp: the destinations refused
	respTLVs   []wire.TLV          // the response's TLVs
	ops        []opRow             // query_sm, cancel_sm, replace_sm about this part
}

// opRow is one operation on a part, as the session reported it.
type opRow struct {
	at      time.Time // the outcome
	link    string
	cmd     uint32
	seq     uint32
	outcome smppclient.Outcome
	status  uint32
	latency time.Duration
	resp    wire.PDUBody
}

// requestID is the command the part went out in.
func (pr *partRow) requestID() uint32 {
	if pr.cmd == 0 {
		return wire.SubmitSM
	}
	return pr.cmd
}

type lateResp struct {
	at     time.Time
	after  time.Duration
	status uint32 // its command_status: ESME_ROK means the SMSC accepted the part after all
}

type receiptRow struct {
	at        time.Time
	link      string
	seq       uint32
	stat, err string
	since     time.Duration
}

// messagesPane is the receipts panel (one row per submitted message, updating live) and,
// below it, the MO pane; each takes the focus on its own.
type messagesPane struct {
	st   *Styles
	keys keys.Messages
	loc  *time.Location

	w, h    int
	focused bool

	rows    []*sentRow
	byMsg   map[uint64]*sentRow
	byLocal map[int]*sentRow
	mo      moPane

	sel    int // selected row index in rows
	follow bool

	tl     *sentRow // the message whose timeline is open in place of the table
	tlList refList
}

func newMessagesPane(st *Styles, loc *time.Location) messagesPane {
	return messagesPane{st: st, keys: keys.DefaultMessages(), loc: loc,
		byMsg: map[uint64]*sentRow{}, byLocal: map[int]*sentRow{}, follow: true, mo: newMOPane(st, loc)}
}

// SetSize sets the outer size of the receipts and MO boxes together.
func (p *messagesPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.settle()
}

func (p *messagesPane) add(r *sentRow) {
	p.rows = append(p.rows, r)
	if len(p.rows) > maxReceiptRows {
		old := p.rows[0]
		delete(p.byMsg, old.msg)
		delete(p.byLocal, old.local)
		p.rows = p.rows[1:]
		p.sel = max(p.sel-1, 0)
		if p.tl == old {
			p.tl = nil
		}
	}
	if p.follow {
		p.sel = len(p.rows) - 1
	}
}

// Queued records a message the form handed to the session.
func (p *messagesPane) Queued(local int, at time.Time, m message.Message) {
	r := &sentRow{local: local, at: at, dest: destText(m), text: m.Text, pending: true,
		receiptKnown: true, noReceipt: m.RegisteredDelivery&0x03 == 0, src: m.Source, dst: m.Dest, coding: m.Coding}
	if pl, err := m.Plan(1); err == nil {
		r.coding = pl.Scheme
	}
	p.byLocal[local] = r
	p.add(r)
}

// Submitted records Submit's return. Outcome events may have arrived first and made a
// row of their own; the two are merged.
func (p *messagesPane) Submitted(d submitDoneMsg) {
	r := p.byLocal[d.local]
	if r == nil {
		return
	}
	r.pending = false
	if d.err != nil {
		r.err = d.err.Error()
	}
	if d.msg == 0 {
		return
	}
	if early := p.byMsg[d.msg]; early != nil && early != r {
		r.parts = early.parts
		for i, x := range p.rows {
			if x == early {
				p.rows = append(p.rows[:i], p.rows[i+1:]...)
				if p.sel >= i {
					p.sel = max(p.sel-1, 0)
				}
				break
			}
		}
		if p.tl == early {
			p.tl = r
		}
	}
	r.msg = d.msg
	p.byMsg[d.msg] = r
	if len(r.parts) < d.parts {
		r.parts = append(r.parts, make([]partRow, d.parts-len(r.parts))...)
	}
}

func (p *messagesPane) row(msg uint64, dest string, at time.Time) *sentRow {
	if r := p.byMsg[msg]; r != nil {
		return r
	}
	r := &sentRow{msg: msg, at: at, dest: dest, local: -int(msg)}
	p.byMsg[msg] = r
	p.add(r)
	return r
}

func (r *sentRow) part(i, n int) *partRow {
	if n > len(r.parts) {
		r.parts = append(r.parts, make([]partRow, n-len(r.parts))...)
	}
	if i < 1 || i > len(r.parts) {
		return nil
	}
	return &r.parts[i-1]
}

func (p *messagesPane) OnSubmit(ev smppclient.SubmitEvent) {
	r := p.row(ev.Msg, ev.Dest, ev.At)
	if r.dest == "" {
		r.dest = ev.Dest
	}
	if pr := r.part(ev.Part, ev.Parts); pr != nil {
		pr.seq, pr.done, pr.outcome, pr.status, pr.messageID = ev.Seq, true, ev.Outcome, ev.Status, ev.MessageID
		pr.at, pr.latency = ev.At, ev.Latency
		pr.cmd, pr.unsuccess, pr.respTLVs = ev.Command, ev.Unsuccess, ev.RespTLVs
	}
}

// OnOp records an operation's outcome on the part whose message_id it names.
func (p *messagesPane) OnOp(ev smppclient.OpEvent) {
	if ev.MessageID == "" {
		return
	}
	for i := len(p.rows) - 1; i >= 0; i-- {
		r := p.rows[i]
		for j := range r.parts {
			if pr := &r.parts[j]; pr.messageID == ev.MessageID {
				pr.ops = append(pr.ops, opRow{at: ev.At, link: ev.Link, cmd: ev.Command, seq: ev.Seq,
					outcome: ev.Outcome, status: ev.Status, latency: ev.Latency, resp: ev.Resp})
				return
			}
		}
	}
}

func (p *messagesPane) OnLate(ev smppclient.LateEvent) {
	if r := p.byMsg[ev.Msg]; r != nil {
		if pr := r.part(ev.Part, 0); pr != nil {
			pr.late = &lateResp{at: ev.At, after: ev.After, status: ev.Status}
			if ev.MessageID != "" {
				pr.messageID = ev.MessageID
			}
		}
	}
}

func (p *messagesPane) OnReceipt(ev smppclient.ReceiptEvent) {
	rc := ev.Receipt
	stat := rc.Stat
	if stat == "" {
		stat = rc.StatText
	}
	// The latency is the session's (submit_sm to the receipt's arrival), never the
	// console's clock at the time it shows the row.
	rr := receiptRow{at: ev.At, link: ev.Link, seq: ev.Seq, stat: stat, err: rc.Err, since: ev.SinceSubmit}
	if ev.Rematched {
		p.dropUnmatched(ev.Link, ev.Seq)
	}
	var pr *partRow
	if !ev.Matched || ev.Owner != "" {
		// Unmatched, or matched to another tab's message (Msg is that tab's number).
		r := &sentRow{at: ev.At, dest: "?", unmatched: true, owner: ev.Owner, local: -1}
		r.parts = []partRow{{done: true, messageID: rc.MessageID}}
		p.add(r)
		pr = &r.parts[0]
	} else {
		pr = p.row(ev.Msg, "", ev.At).part(ev.Part, 0)
	}
	if pr == nil {
		return
	}
	pr.hasReceipt, pr.stat, pr.err, pr.since = true, stat, rc.Err, ev.SinceSubmit
	if pr.messageID == "" {
		pr.messageID = rc.MessageID
	}
	if len(pr.receipts) >= maxPartReceipts {
		pr.receipts = append(pr.receipts[:0], pr.receipts[1:]...)
	}
	pr.receipts = append(pr.receipts, rr)
}

// dropUnmatched removes the unmatched row of the receipt that link's deliver_sm seq
// carried: the session has matched it since.
func (p *messagesPane) dropUnmatched(link string, seq uint32) {
	for i, r := range p.rows {
		if !r.unmatched || len(r.parts) != 1 || len(r.parts[0].receipts) != 1 {
			continue
		}
		if rr := r.parts[0].receipts[0]; rr.link == link && rr.seq == seq {
			p.rows = append(p.rows[:i], p.rows[i+1:]...)
			if p.tl == r {
				p.tl = nil
			}
			if p.sel >= len(p.rows) {
				p.sel = max(len(p.rows)-1, 0)
			} else if p.sel > i {
				p.sel--
			}
			return
		}
	}
}

func (p *messagesPane) OnMO(ev smppclient.MOEvent) { p.mo.OnMO(ev) }

// Update handles the pane's keys: the table's, or the open timeline's.
func (p *messagesPane) Update(msg tea.Msg) tea.Cmd {
	cmd := p.update(msg)
	p.settle()
	return cmd
}

func (p *messagesPane) update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	if p.tl != nil {
		if key.Matches(km, p.keys.Back) {
			p.tl = nil
			return nil
		}
		return p.tlList.update(km, p.keys, p.timelineLines(p.tl), p.innerH()-1)
	}
	if len(p.rows) == 0 {
		return nil
	}
	if d, ok := p.keys.Step(km, len(p.rows), max(p.innerH()-2, 1)); ok {
		p.sel = max(min(p.sel+d, len(p.rows)-1), 0)
		p.follow = p.sel == len(p.rows)-1
	} else if key.Matches(km, p.keys.Open) {
		p.openTimeline()
	}
	return nil
}

// ShortHelp offers esc only when there is something to go back from.
func (p *messagesPane) ShortHelp() []key.Binding  { return p.keys.ShortHelpOpen(p.tl != nil) }
func (p *messagesPane) FullHelp() [][]key.Binding { return p.keys.FullHelp() }
