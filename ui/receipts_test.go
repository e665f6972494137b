package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// hardCases are messages whose cells are long: a 15-digit E.164 destination, a throttled
// part of three, a time out, and a message that asked for no receipt.
func hardCases() []smppclient.Event {
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	return []smppclient.Event{
		smppclient.SubmitEvent{At: at(100), Msg: 11, Part: 1, Parts: 1, Seq: 13, Dest: "447700900123456", Outcome: smppclient.Accepted, MessageID: "4F1A0001", Latency: 2 * time.Millisecond},
		smppclient.ReceiptEvent{At: at(400), Link: "trx", Matched: true, Msg: 11, Part: 1, SinceSubmit: 300 * time.Millisecond, Seq: 19,
			Receipt: receipt.Receipt{MessageID: "4F1A0001", Stat: "DELIVRD", Err: "000"}},
		smppclient.SubmitEvent{At: at(200), Msg: 12, Part: 1, Parts: 3, Seq: 14, Dest: "491701234567890", Outcome: smppclient.Accepted, MessageID: "B1", Latency: time.Millisecond},
		smppclient.SubmitEvent{At: at(201), Msg: 12, Part: 2, Parts: 3, Seq: 15, Dest: "491701234567890", Outcome: smppclient.Rejected, Status: 0x58, Latency: time.Millisecond},
		smppclient.SubmitEvent{At: at(202), Msg: 12, Part: 3, Parts: 3, Seq: 16, Dest: "491701234567890", Outcome: smppclient.Accepted, MessageID: "B3", Latency: time.Millisecond},
		smppclient.SubmitEvent{At: at(10300), Msg: 13, Part: 1, Parts: 1, Seq: 17, Dest: "12025550143", Outcome: smppclient.TimedOut, Latency: 10*time.Second + 300*time.Microsecond},
	}
}

// The receipts table shows a 15-digit number and the submit outcomes in full, names the
// failed part, and labels its count (items 7 and 12).
func TestReceiptsTableShowsCellsInFull(t *testing.T) {
	for _, w := range []int{80, 120, 160} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			m, _ := newTestModel(t, w, 48)
			feed(m, hardCases()...)
			s := screen(m)
			for _, want := range []string{"447700900123456", "491701234567890", "part 2/3: ESME_RTHROTTLED (0x58)",
				"timed out after 10s", "DELIVRD", "300ms", "5 parts in 3 messages"} {
				contains(t, s, want)
			}
		})
	}
}

// A message sent without registered_delivery says so instead of a blank receipt.
func TestNoReceiptRequested(t *testing.T) {
	fs := newFakeSession()
	m := New(Options{Session: fs, Now: fixedNow, Location: time.UTC,
		Defaults: message.Message{Source: message.Address{Addr: "SMPPConsole", TON: 5}, RegisteredDelivery: 0}})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	press(m, "n")
	typeText(m, "447700900123")
	press(m, "tab")
	typeText(m, "no receipt please")
	press(m, "ctrl+s")
	if len(fs.submitted) != 1 {
		t.Fatalf("submitted %d", len(fs.submitted))
	}
	feed(m, smppclient.SubmitEvent{At: t0, Msg: 1, Part: 1, Parts: 1, Seq: 2, Dest: "447700900123", Outcome: smppclient.Accepted, MessageID: "77"})
	contains(t, screen(m), "no receipt requested")
}

// The latency shown is the session's SinceSubmit, not the console's clock (item 8).
func TestReceiptLatencyIsTheSessions(t *testing.T) {
	m, _ := newTestModel(t, 120, 40) // the console's clock is t0+2s
	feed(m,
		smppclient.SubmitEvent{At: t0.Add(-time.Hour), Msg: 1, Part: 1, Parts: 1, Seq: 3, Dest: "447700900123", Outcome: smppclient.Accepted, MessageID: "A1"},
		smppclient.ReceiptEvent{At: t0.Add(-time.Minute), Matched: true, Msg: 1, Part: 1, SinceSubmit: 1250 * time.Millisecond,
			Receipt: receipt.Receipt{MessageID: "A1", Stat: "DELIVRD", Err: "000"}})
	s := screen(m)
	contains(t, s, "1.25s")
	if strings.Contains(s, "59m") || strings.Contains(s, "1m0") {
		t.Errorf("latency from another clock:\n%s", s)
	}
}

// enter on a receipts row opens the message's timeline; its rows open their PDUs, and a
// PDU that left the ring says so (item 7).
func TestMessageTimeline(t *testing.T) {
	m, _ := newTestModel(t, 160, 48)
	feed(m, scenario()...)
	press(m, "tab", "up", "enter")
	s := screen(m)
	for _, want := range []string{"Message timeline", "to 447700900123", "message_id 4F1A0001",
		"09:26:53.900 -> submit_sm #3", "09:26:53.902 <- submit_sm_resp #3 ESME_ROK after 2.0ms",
		"09:26:54.151 <- deliver_sm #7 DELIVRD err 000 after 250ms"} {
		contains(t, s, want)
	}
	// The timeline starts on its first PDU, the submit_sm; the receipt is two further down.
	press(m, "down", "down", "enter")
	if m.mode != modeDetail || m.detail.pdu.Command != "deliver_sm" || m.detail.pdu.Header.Seq != 7 {
		t.Fatalf("mode %v opened %q #%d", m.mode, m.detail.pdu.Command, m.detail.pdu.Header.Seq)
	}
	press(m, "esc")
	contains(t, screen(m), "Message timeline") // back where the operator was
	press(m, "up", "enter")
	if m.detail.pdu.Command != "submit_sm_resp" || m.detail.pdu.Header.Seq != 3 {
		t.Fatalf("opened %q #%d", m.detail.pdu.Command, m.detail.pdu.Header.Seq)
	}
	press(m, "esc", "esc")
	contains(t, screen(m), "Receipts")

	// A timeline over a small ring: the submit_sm was evicted.
	m = New(Options{Session: newFakeSession(), LogSize: 4, Now: fixedNow, Location: time.UTC})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	feed(m, scenario()...)
	press(m, "tab", "up", "enter", "enter")
	if m.mode != modeNormal || !strings.Contains(m.flash, "submit_sm #3 is no longer retained") {
		t.Fatalf("mode %v flash %q", m.mode, m.flash)
	}
}

// The timeline of a multi-part message lists every part, the failed one with its status,
// the timed-out one with what happened instead of a response.
func TestTimelineParts(t *testing.T) {
	m, _ := newTestModel(t, 160, 48)
	feed(m, hardCases()...)
	feed(m, smppclient.ReceiptEvent{At: t0.Add(time.Second), Link: "trx", Matched: true, Msg: 12, Part: 1, Seq: 21,
		SinceSubmit: 800 * time.Millisecond, Receipt: receipt.Receipt{Stat: "ENROUTE"}},
		smppclient.ReceiptEvent{At: t0.Add(2 * time.Second), Link: "trx", Matched: true, Msg: 12, Part: 1, Seq: 22,
			SinceSubmit: 1800 * time.Millisecond, Receipt: receipt.Receipt{Stat: "DELIVRD", Err: "000"}})
	press(m, "tab", "up", "enter")
	s := screen(m)
	for _, want := range []string{"part 1/3", "part 2/3", "part 3/3", "<- submit_sm_resp #15 ESME_RTHROTTLED (0x58)",
		"<- deliver_sm #21 ENROUTE", "<- deliver_sm #22 DELIVRD err 000 after 1.80s"} {
		contains(t, s, want)
	}
	press(m, "esc", "down", "enter")
	contains(t, screen(m), "timed out after 10s")
}

// deliverMO is an MO deliver_sm carrying text.
func deliverMO(seq uint32, text string) []byte {
	return pduBytes(wire.DeliverSM, 0, seq, cstr(""), []byte{1, 1}, cstr("447700900999"), []byte{0, 0}, cstr("12345"),
		[]byte{0, 0, 0}, cstr(""), cstr(""), []byte{0, 0, 0, 0, byte(len(text))}, []byte(text))
}

// The MO list is a pane: tab focuses it, it scrolls to any message, enter opens its
// detail with the text wrapped, and each part opens its deliver_sm (item 9).
func TestMOPane(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	var evs []smppclient.Event
	for i := 1; i <= 12; i++ {
		seq := uint32(100 + i)
		text := fmt.Sprintf("MO number %d", i)
		evs = append(evs, pduEvent(t0.Add(time.Duration(i)*time.Second), smppclient.In, deliverMO(seq, text)),
			smppclient.MOEvent{At: t0.Add(time.Duration(i) * time.Second), Link: "trx", Source: message.Address{Addr: "447700900999"},
				Dest: message.Address{Addr: "12345"}, Text: text, Parts: 1, Complete: true, Seqs: []uint32{seq}})
	}
	long := strings.Repeat("a long reply from the handset that wraps ", 5) + "END"
	evs = append(evs,
		pduEvent(t0.Add(20*time.Second), smppclient.In, deliverMO(201, "part one")),
		pduEvent(t0.Add(21*time.Second), smppclient.In, deliverMO(202, "part two")),
		smppclient.MOEvent{At: t0.Add(21 * time.Second), Link: "trx", Source: message.Address{Addr: "447700900998"},
			Dest: message.Address{Addr: "12345"}, Text: long, Parts: 2, Complete: true, Seqs: []uint32{201, 202}})
	feed(m, evs...)
	press(m, "tab", "tab")
	if m.focus != paneMO {
		t.Fatalf("focus %v after two tabs", m.focus)
	}
	contains(t, screen(m), "MO messages")
	press(m, "g")
	contains(t, screen(m), `"MO number 1"`)
	press(m, "down", "enter")
	s := screen(m)
	contains(t, s, "MO message")
	contains(t, s, "<- deliver_sm #102")
	press(m, "enter")
	if m.mode != modeDetail || m.detail.pdu.Header.Seq != 102 {
		t.Fatalf("mode %v seq %d", m.mode, m.detail.pdu.Header.Seq)
	}
	press(m, "esc", "esc", "G", "enter")
	s = screen(m)
	// The text is wrapped, to its end, and each part has its line.
	contains(t, s, "END")
	contains(t, s, "a long reply from the handset that wraps a long reply")
	press(m, "G")
	s = screen(m)
	contains(t, s, "<- deliver_sm #202 part 2/2")
	press(m, "up", "enter")
	if m.mode != modeDetail || m.detail.pdu.Header.Seq != 201 {
		t.Fatalf("part 1: mode %v seq %d", m.mode, m.detail.pdu.Header.Seq)
	}
	press(m, "esc", "esc", "tab")
	if m.focus != paneLog {
		t.Fatalf("tab from MO: focus %v", m.focus)
	}
	press(m, "shift+tab")
	if m.focus != paneMO {
		t.Fatalf("shift+tab from the log: focus %v", m.focus)
	}
}

// A part that timed out and was then accepted late says both, and the receipt that follows
// goes on its row.
func TestTimedOutThenAcceptedLate(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m,
		smppclient.SubmitEvent{At: t0, Msg: 1, Part: 1, Parts: 1, Seq: 3, Dest: "447700900123", Outcome: smppclient.TimedOut, Latency: time.Second},
		smppclient.LateEvent{At: t0.Add(time.Second), Msg: 1, Part: 1, Seq: 3, MessageID: "L9", After: 2 * time.Second},
		smppclient.ReceiptEvent{At: t0.Add(2 * time.Second), Matched: true, Msg: 1, Part: 1, SubmitID: "L9", SinceSubmit: 2100 * time.Millisecond,
			Receipt: receipt.Receipt{MessageID: "L9", Stat: "DELIVRD", Err: "000"}})
	s := screen(m)
	contains(t, s, "timed out after 1s, accepted late (2.00s)")
	contains(t, s, "L9")
	if strings.Contains(s, "unmatched") {
		t.Errorf("the receipt is shown unmatched:\n%s", s)
	}
}

// A receipt first reported unmatched and then rematched (a late submit_sm_resp named its
// part) moves to its message's row: the unmatched row goes.
func TestRematchedReceiptLeavesTheUnmatchedRow(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	rc := receipt.Receipt{MessageID: "L8", Stat: "DELIVRD", Err: "000"}
	feed(m,
		smppclient.ReceiptEvent{At: t0, Link: "trx", Seq: 5, Receipt: rc},
		smppclient.SubmitEvent{At: t0, Msg: 1, Part: 1, Parts: 1, Seq: 3, Dest: "447700900123", Outcome: smppclient.TimedOut, Latency: time.Second},
		smppclient.LateEvent{At: t0.Add(time.Second), Msg: 1, Part: 1, Seq: 3, MessageID: "L8", After: 2 * time.Second},
		smppclient.ReceiptEvent{At: t0, Link: "trx", Seq: 5, Receipt: rc, Matched: true, Rematched: true, Msg: 1, Part: 1,
			SubmitID: "L8", SinceSubmit: 100 * time.Millisecond})
	s := screen(m)
	contains(t, s, "accepted late")
	contains(t, s, "100ms")
	if strings.Contains(s, "unmatched") {
		t.Errorf("the unmatched row stayed:\n%s", s)
	}
}

// The timeline lists a part's events as they happened: a receipt that overtook the
// submit_sm_resp comes before it, and a late response after the time-out.
func TestTimelineInTimeOrder(t *testing.T) {
	m, _ := newTestModel(t, 160, 48)
	// As the session reports them: the time-out, the late response, then the receipt
	// that had arrived first, rematched.
	feed(m,
		smppclient.SubmitEvent{At: t0.Add(time.Second), Msg: 1, Part: 1, Parts: 1, Seq: 3, Dest: "447700900123",
			Outcome: smppclient.TimedOut, Latency: time.Second},
		smppclient.LateEvent{At: t0.Add(2 * time.Second), Msg: 1, Part: 1, Seq: 3, MessageID: "R1", After: 2 * time.Second},
		smppclient.ReceiptEvent{At: t0.Add(100 * time.Millisecond), Link: "trx", Seq: 9, Matched: true, Rematched: true, Msg: 1, Part: 1,
			SinceSubmit: 100 * time.Millisecond, Receipt: receipt.Receipt{MessageID: "R1", Stat: "DELIVRD", Err: "000"}})
	press(m, "tab", "enter")
	s := screen(m)
	order := []string{"-> submit_sm #3", "<- deliver_sm #9 DELIVRD", "timed out after 1s", "<- submit_sm_resp #3 ESME_ROK late, after 2.00s"}
	last := -1
	for _, w := range order {
		i := strings.Index(s, w)
		if i < 0 || i < last {
			t.Fatalf("%q missing or out of order in:\n%s", w, s)
		}
		last = i
	}
	if strings.Contains(s, "timed out after 1s, accepted late") {
		t.Errorf("the timeline says the late response twice:\n%s", s)
	}
}
