package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// opFake is the fake session that also answers Do: each request is recorded and
// answered with answer's response (ESME_ROK, empty body, by default).
type opFake struct {
	*fakeSession
	mu     sync.Mutex
	reqs   []wire.PDUBody
	answer func(req wire.PDUBody) *smppclient.Response
}

func (f *opFake) Do(_ context.Context, req wire.PDUBody) (*smppclient.Response, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reqs = append(f.reqs, req)
	seq := uint32(100 + len(f.reqs))
	if f.answer != nil {
		r := f.answer(req)
		r.Seq, r.Header.Seq = seq, seq
		return r, nil
	}
	return &smppclient.Response{Seq: seq, Header: wire.Header{ID: req.CommandID() | wire.ResponseBit, Seq: seq}, Latency: 3 * time.Millisecond}, nil
}

func (f *opFake) sent() []wire.PDUBody {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]wire.PDUBody(nil), f.reqs...)
}

// queryAnswer is the simulator's answer about a delivered message.
func queryAnswer(req wire.PDUBody) *smppclient.Response {
	q := req.(*wire.QuerySMBody)
	return &smppclient.Response{Header: wire.Header{ID: wire.QuerySMResp}, Latency: 4 * time.Millisecond,
		Body: &wire.QuerySMRespBody{MessageID: q.MessageID, FinalDate: []byte("250314092654000+"), MessageState: 2}}
}

func newOpsModel(t testing.TB, w, h int) (*Model, *opFake) {
	t.Helper()
	f := &opFake{fakeSession: newFakeSession()}
	m := New(Options{Session: f, Label: "simulator", Simulator: true, Now: fixedNow, Location: time.UTC,
		Defaults: message.Message{Source: message.Address{Addr: "SMPPConsole", TON: 5}, RegisteredDelivery: 1}})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	feed(m, scenario()...)
	m.Update(statsMsg(scenarioStats()))
	return m, f
}

// runOps runs cmd as the program loop would, the operation's Do included (the fake
// answers at once); other commands go through run.
func runOps(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch constructor(cmd) {
	case "doOp":
		_, next := m.Update(cmd())
		runOps(m, next)
		return
	}
	if !immediate[constructor(cmd)] {
		return
	}
	msg := cmd()
	if cmds, ok := batchOf(msg); ok {
		for _, c := range cmds {
			runOps(m, c)
		}
		return
	}
	run(m, func() tea.Msg { return msg })
}

func pressOps(m *Model, keys ...string) {
	for _, k := range keys {
		runOps(m, m.onKeyCmd(keyMsg(k)))
	}
}

// toDeliveredRow puts the focus on the receipts and selects the delivered message.
func toDeliveredRow(t *testing.T, m *Model) {
	t.Helper()
	press(m, "tab", "up")
	if m.focus != paneMessages || m.msgs.rows[m.msgs.sel].parts[0].messageID != "4F1A0001" {
		t.Fatalf("focus %v, row %d", m.focus, m.msgs.sel)
	}
}

func TestOpsQueryFromReceiptRowAsksThenSends(t *testing.T) {
	m, f := newOpsModel(t, 120, 40)
	f.answer = queryAnswer
	toDeliveredRow(t, m)
	press(m, "Q")
	if m.mode != modeOp {
		t.Fatalf("Q: mode %v, flash %q", m.mode, m.flash)
	}
	v := screen(m)
	contains(t, v, "4F1A0001")
	contains(t, v, "SMPPConsole (TON 5, NPI 0)") // from the log's submit_sm
	contains(t, v, "send query_sm about this message? y sends")
	press(m, "n")
	if m.mode != modeNormal || len(f.sent()) != 0 {
		t.Fatalf("n: mode %v, %d requests sent", m.mode, len(f.sent()))
	}
	pressOps(m, "Q", "y")
	reqs := f.sent()
	if len(reqs) != 1 {
		t.Fatalf("y sent %d requests", len(reqs))
	}
	q, ok := reqs[0].(*wire.QuerySMBody)
	if !ok || string(q.MessageID) != "4F1A0001" || string(q.Source.Addr) != "SMPPConsole" || q.Source.TON != 5 {
		t.Fatalf("request %#v", reqs[0])
	}
	v = screen(m)
	contains(t, v, "query_sm_resp #101 ESME_ROK")
	contains(t, v, "message_state DELIVERED (2)")
	contains(t, v, "final_date    250314092654000+ (2025-03-14 09:26:54 UTC)")
	contains(t, v, "error_code    0")
	press(m, "esc")
	if m.mode != modeNormal {
		t.Fatalf("esc: mode %v", m.mode)
	}
}

// The session's OpEvent puts the operation in its message's timeline, both PDUs
// opening from there.
func TestOpsResponseInTimeline(t *testing.T) {
	m, _ := newOpsModel(t, 120, 40)
	at := t0.Add(3 * time.Second)
	feed(m, smppclient.OpEvent{At: at, Link: "trx", Command: wire.QuerySM, Seq: 9, MessageID: "4F1A0001",
		Outcome: smppclient.Accepted, Latency: 2 * time.Millisecond,
		Resp: &wire.QuerySMRespBody{MessageID: []byte("4F1A0001"), MessageState: 2, FinalDate: []byte("250314092654000+")}})
	toDeliveredRow(t, m)
	press(m, "enter")
	var got []string
	var refs []*pduRef
	for _, l := range m.msgs.timelineLines(m.msgs.tl) {
		got = append(got, l.text)
		refs = append(refs, l.ref)
	}
	all := strings.Join(got, "\n")
	contains(t, all, "-> query_sm #9")
	contains(t, all, "<- query_sm_resp #9 ESME_ROK after 2.0ms")
	contains(t, all, "message_state DELIVERED (2)")
	for i, l := range got {
		if strings.Contains(l, "query_sm #9") && (refs[i] == nil || refs[i].id != wire.QuerySM) {
			t.Errorf("the query_sm line opens %v", refs[i])
		}
		if strings.Contains(l, "query_sm_resp #9") && (refs[i] == nil || refs[i].id != wire.QuerySMResp) {
			t.Errorf("the query_sm_resp line opens %v", refs[i])
		}
	}
}

// Keys read together ("Qy", as over SSH) are split: Q asks, y answers.
func TestOpsKeysInOneRead(t *testing.T) {
	m, f := newOpsModel(t, 120, 40)
	f.answer = queryAnswer
	toDeliveredRow(t, m)
	runOps(m, m.onKeyCmd(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Qy")}))
	if n := len(f.sent()); n != 1 {
		t.Fatalf("Qy sent %d requests (mode %v, flash %q)", n, m.mode, m.flash)
	}
}

func TestOpsCancelFromLogResponse(t *testing.T) {
	m, f := newOpsModel(t, 120, 40)
	// The log's newest rows: ... submit_sm #4, its resp; go to submit_sm_resp #3.
	for i := 0; i < 30; i++ {
		if p, ok := m.log.Selected(); ok {
			if e, _ := m.log.ring.at(p); e.isPDU() && e.header().ID == wire.SubmitSMResp && e.header().Seq == 3 {
				break
			}
		}
		press(m, "up")
	}
	press(m, "X")
	if m.mode != modeOp {
		t.Fatalf("X: mode %v, flash %q", m.mode, m.flash)
	}
	contains(t, screen(m), "from                   submit_sm_resp #3")
	pressOps(m, "y")
	reqs := f.sent()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	c, ok := reqs[0].(*wire.CancelSMBody)
	if !ok || string(c.MessageID) != "4F1A0001" || string(c.Source.Addr) != "SMPPConsole" {
		t.Fatalf("request %#v", reqs[0])
	}
	contains(t, screen(m), "the SMSC cancelled the message")
}

// A PDU that names no message, or a refused one, says so and opens nothing.
func TestOpsRefusedWithoutAMessage(t *testing.T) {
	m, f := newOpsModel(t, 120, 40)
	press(m, "X") // the newest log row: submit_sm_resp #4, ESME_RINVDSTADR
	if m.mode != modeNormal || !strings.Contains(m.flash, "refused") {
		t.Fatalf("mode %v, flash %q", m.mode, m.flash)
	}
	press(m, "g", "down", "down") // bind_transceiver_resp
	press(m, "Q")
	if m.mode != modeNormal || !strings.Contains(m.flash, "names no message") {
		t.Fatalf("mode %v, flash %q", m.mode, m.flash)
	}
	if len(f.sent()) != 0 {
		t.Fatal("sent a request")
	}
}

func TestOpsReplaceFormCounterAndSend(t *testing.T) {
	m, f := newOpsModel(t, 120, 40)
	toDeliveredRow(t, m)
	press(m, "R")
	if m.mode != modeOp || !m.typing() {
		t.Fatalf("R: mode %v typing %v, flash %q", m.mode, m.typing(), m.flash)
	}
	typeText(m, "New €")
	contains(t, screen(m), "gsm7 · 6/254 octets · 5 chars") // € is an extension character: two septets
	typeText(m, strings.Repeat("x", 250))
	contains(t, screen(m), "gsm7 · 256/254 octets")
	press(m, "ctrl+s")
	if m.ops.stage != opForm || m.ops.err == "" {
		t.Fatalf("ctrl+s over 254 octets: stage %v err %q", m.ops.stage, m.ops.err)
	}
	for i := 0; i < 250; i++ {
		press(m, "backspace")
	}
	press(m, "tab")
	typeText(m, "+1h")
	press(m, "ctrl+s")
	contains(t, screen(m), "send replace_sm about this message? y sends")
	press(m, "n") // back to the form, nothing sent
	if m.ops.stage != opForm || len(f.sent()) != 0 {
		t.Fatalf("n: stage %v, %d sent", m.ops.stage, len(f.sent()))
	}
	press(m, "ctrl+s")
	pressOps(m, "y")
	reqs := f.sent()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r, ok := reqs[0].(*wire.ReplaceSMBody)
	if !ok || string(r.MessageID) != "4F1A0001" || len(r.ShortMessage) != 6 || r.RegisteredDelivery != 1 || len(r.ValidityPeriod) == 0 {
		t.Fatalf("request %#v", reqs[0])
	}
	contains(t, screen(m), "the SMSC replaced the message")
}

// The form's operation choice: submit_multi to several destinations and a list.
func TestComposeSubmitMulti(t *testing.T) {
	m, fs := newTestModel(t, 120, 40)
	press(m, "n")
	typeText(m, "447700900001;447700900002;dl:friends")
	press(m, "tab")
	typeText(m, "Hello all")
	press(m, "tab")
	if m.compose.focus != fOp {
		t.Fatalf("focus %v after the text, want the operation", m.compose.focus)
	}
	press(m, "right")
	contains(t, screen(m), "data_sm (text in message_payload)")
	press(m, "right")
	contains(t, screen(m), "submit_multi (destinations separated by ;)")
	press(m, "ctrl+s")
	if len(fs.submitted) != 1 {
		t.Fatalf("submitted %d; errors %v", len(fs.submitted), m.compose.Errors())
	}
	s := fs.submitted[0]
	if s.Op != wire.SubmitMulti || len(s.Dests) != 2 || s.Dests[1].Addr != "447700900002" || len(s.DistLists) != 1 || s.DistLists[0] != "friends" {
		t.Fatalf("message %+v", s)
	}
	if r := m.msgs.rows[len(m.msgs.rows)-1]; r.dest != "447700900001;447700900002;dl:friends" {
		t.Fatalf("row dest %q", r.dest)
	}
}

// submit_multi's unsuccess_sme list is shown per address with its status.
func TestSubmitMultiUnsuccessInTimeline(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	at := t0.Add(3 * time.Second)
	feed(m, smppclient.SubmitEvent{At: at, Msg: 7, Part: 1, Parts: 1, Seq: 12, Dest: "447700900001", Command: wire.SubmitMulti,
		Outcome: smppclient.Accepted, MessageID: "4F1A0009", Latency: time.Millisecond,
		Unsuccess: []wire.UnsuccessSME{{Addr: wire.Address{TON: 1, NPI: 1, Addr: []byte("447700900003")}, Status: wire.StatusInvDstAdr}}})
	press(m, "tab", "enter")
	var all []string
	for _, l := range m.msgs.timelineLines(m.msgs.tl) {
		all = append(all, l.text)
	}
	s := strings.Join(all, "\n")
	contains(t, s, "-> submit_multi #12")
	contains(t, s, "<- submit_multi_resp #12 ESME_ROK")
	contains(t, s, "1 destination(s) refused (unsuccess_sme):")
	contains(t, s, "✗ 447700900003 ESME_RINVDSTADR (0x0B)")
}

// Q in an opened PDU (the receipt) asks about the message it names.
func TestOpsFromOpenedReceipt(t *testing.T) {
	m, _ := newOpsModel(t, 120, 40)
	for i := 0; i < 30; i++ {
		if p, ok := m.log.Selected(); ok {
			if e, _ := m.log.ring.at(p); e.isPDU() && e.header().ID == wire.DeliverSM {
				break
			}
		}
		press(m, "up")
	}
	press(m, "enter")
	if m.mode != modeDetail {
		t.Fatalf("mode %v", m.mode)
	}
	press(m, "Q")
	if m.mode != modeOp || m.ops.tgt.messageID != "4F1A0001" || m.ops.tgt.source.Addr != "SMPPConsole" {
		t.Fatalf("mode %v target %+v flash %q", m.mode, m.ops.tgt, m.flash)
	}
	contains(t, screen(m), "from                   deliver_sm #7")
}

// data_sm's response TLVs are shown under it in the timeline.
func TestDataSMRespTLVsInTimeline(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, smppclient.SubmitEvent{At: t0.Add(3 * time.Second), Msg: 7, Part: 1, Parts: 1, Seq: 12, Dest: "447700900001", Command: wire.DataSM,
		Outcome: smppclient.Accepted, MessageID: "4F1A0009", Latency: time.Millisecond,
		RespTLVs: []wire.TLV{{Tag: wire.TagDeliveryFailureReason, Value: []byte{2}}}})
	press(m, "tab", "enter")
	var all []string
	for _, l := range m.msgs.timelineLines(m.msgs.tl) {
		all = append(all, l.text)
	}
	s := strings.Join(all, "\n")
	contains(t, s, "<- data_sm_resp #12 ESME_ROK")
	contains(t, s, "TLV delivery_failure_reason = 02")
}

// An opened file sends nothing: Q, X and R say it is read-only.
func TestOpsReadOnlyFile(t *testing.T) {
	m := openTestModel(t)
	m.Update(keyMsg("enter"))
	drain(t, m)
	for _, k := range []string{"Q", "X", "R"} {
		m.Update(keyMsg(k))
		if m.inner.mode != modeNormal || !strings.Contains(m.View(), "read-only: this is a file") {
			t.Fatalf("%s: mode %v\n%s", k, m.inner.mode, m.View())
		}
		m.inner.flash = ""
	}
}

// An operation that timed out says so in the timeline, after its request.
func TestOpsTimedOutInTimeline(t *testing.T) {
	m, _ := newOpsModel(t, 120, 40)
	feed(m, smppclient.OpEvent{At: t0.Add(13 * time.Second), Link: "trx", Command: wire.CancelSM, Seq: 9, MessageID: "4F1A0001",
		Outcome: smppclient.TimedOut, Latency: 10 * time.Second})
	toDeliveredRow(t, m)
	press(m, "enter")
	var all []string
	for _, l := range m.msgs.timelineLines(m.msgs.tl) {
		all = append(all, l.text)
	}
	s := strings.Join(all, "\n")
	contains(t, s, "09:26:56.000 -> cancel_sm #9")
	contains(t, s, "09:27:06.000 cancel_sm timed out after 10s")
}

// Several destinations typed while the operation is still submit_sm: the error says
// what to do (choose submit_multi), not that the text is no phone number.
func TestComposeSeveralDestinationsSaySubmitMulti(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	press(m, "n")
	typeText(m, "447700900001;447700900002")
	got := m.compose.errs[fDest]
	if !strings.Contains(got, "submit_multi") || strings.Contains(got, "not a phone number") {
		t.Fatalf("destination error %q, want it to point at submit_multi", got)
	}
}
