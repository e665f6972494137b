package stats

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

func count(r Result, cmd string) int {
	for _, c := range r.Commands {
		if c.Command == cmd {
			return c.Count
		}
	}
	return 0
}

func respTime(t *testing.T, r Result, cmd string) Latency {
	t.Helper()
	for _, c := range r.ResponseTimes {
		if c.Command == cmd {
			return c.Latency
		}
	}
	t.Fatalf("no response time for %s in %+v", cmd, r.ResponseTimes)
	return Latency{}
}

// 100 submit_sm answered after 1..100 ms: percentiles are known exactly.
func TestResponseTimePercentiles(t *testing.T) {
	c := New(Settings{})
	for i := 1; i <= 100; i++ {
		seq := uint32(i)
		c.Add(esme(i*1000, submitSM(seq)))
		c.Add(fromSMSC(i*1000+i, submitSMResp(seq, 0, "m"+itoa(i))))
	}
	r := c.Result()
	if count(r, "submit_sm") != 100 || count(r, "submit_sm_resp") != 100 {
		t.Fatalf("counts: %+v", r.Commands)
	}
	l := respTime(t, r, "submit_sm")
	want := Latency{Count: 100, Min: time.Millisecond, P50: 50 * time.Millisecond, P99: 99 * time.Millisecond, Max: 100 * time.Millisecond,
		MinMS: 1, P50MS: 50, P99MS: 99, MaxMS: 100}
	// HdrHistogram at 3 significant digits: within 0.1% of the value.
	for _, p := range []struct {
		name      string
		got, want time.Duration
	}{{"min", l.Min, want.Min}, {"p50", l.P50, want.P50}, {"p99", l.P99, want.P99}, {"max", l.Max, want.Max}} {
		if d := p.got - p.want; d < -p.want/1000 || d > p.want/1000 {
			t.Errorf("%s = %v, want %v", p.name, p.got, p.want)
		}
	}
	if l.Count != 100 || l.Min != want.Min || l.Max != want.Max {
		t.Errorf("exact bounds: %+v", l)
	}
	if len(r.Outstanding) != 0 || len(r.Unanswered) != 0 {
		t.Errorf("nothing should be outstanding: %+v %+v", r.Outstanding, r.Unanswered)
	}
}

func TestCountsPerCommandAndStatus(t *testing.T) {
	c := New(Settings{})
	c.Add(esme(0, header(wire.BindTransceiver, 0, 1))) // not a valid bind body, but counted by header
	c.Add(fromSMSC(5, header(wire.BindTransceiverResp, 0, 1)))
	c.Add(esme(10, submitSM(2)))
	c.Add(fromSMSC(12, submitSMResp(2, 0, "a")))
	c.Add(esme(20, submitSM(3)))
	c.Add(fromSMSC(23, submitSMResp(3, wire.StatusThrottled, "")))
	c.Add(esme(30, submitSM(4)))
	c.Add(fromSMSC(31, header(wire.GenericNack, wire.StatusInvCmdLen, 4))) // answers the submit_sm
	c.Add(esme(40, header(wire.EnquireLink, 0, 5)))
	c.Add(fromSMSC(41, header(wire.EnquireLinkResp, 0, 5)))
	c.Add(fromSMSC(50, header(wire.EnquireLink, 0, 5))) // the SMSC's own sequence 5: not confused with ours
	c.Add(esme(52, header(wire.EnquireLinkResp, 0, 5)))
	c.Add(Record{Conv: "trx", Raw: []byte{0, 0, 0}})
	r := c.Result()
	if r.PDUs != 13 || r.Malformed != 1 {
		t.Fatalf("pdus %d malformed %d", r.PDUs, r.Malformed)
	}
	for cmd, n := range map[string]int{"bind_transceiver": 1, "submit_sm": 3, "submit_sm_resp": 2, "generic_nack": 1, "enquire_link": 2, "enquire_link_resp": 2} {
		if got := count(r, cmd); got != n {
			t.Errorf("%s: %d, want %d", cmd, got, n)
		}
	}
	var resp CommandCount
	for _, cc := range r.Commands {
		if cc.Command == "submit_sm_resp" {
			resp = cc
		}
	}
	wantStatuses := []StatusCount{{"ESME_ROK", 0, 1}, {"ESME_RTHROTTLED", wire.StatusThrottled, 1}}
	if !reflect.DeepEqual(resp.Statuses, wantStatuses) {
		t.Errorf("submit_sm_resp statuses %+v, want %+v", resp.Statuses, wantStatuses)
	}
	if len(r.Statuses) != 3 || r.Statuses[0].Count != 4 {
		t.Errorf("all statuses %+v", r.Statuses)
	}
	if l := respTime(t, r, "submit_sm"); l.Count != 3 || l.Min != time.Millisecond || l.Max != 3*time.Millisecond {
		t.Errorf("submit_sm times (generic_nack included) %+v", l)
	}
	if l := respTime(t, r, "enquire_link"); l.Count != 2 || l.Min != time.Millisecond || l.Max != 2*time.Millisecond {
		t.Errorf("enquire_link times %+v", l)
	}
	if len(r.UnmatchedResponses) != 0 || len(r.Outstanding) != 0 {
		t.Errorf("unmatched %+v outstanding %+v", r.UnmatchedResponses, r.Outstanding)
	}
	// Requests come before their responses, in command_id order.
	var order []string
	for _, cc := range r.Commands {
		order = append(order, cc.Command)
	}
	if strings.Join(order, ",") != "generic_nack,submit_sm,submit_sm_resp,bind_transceiver,bind_transceiver_resp,enquire_link,enquire_link_resp" {
		t.Errorf("order %v", order)
	}
}

func TestUnansweredByTimeoutAndAtEnd(t *testing.T) {
	c := New(Settings{Timeout: 10 * time.Second})
	c.Add(esme(0, submitSM(1)))    // never answered: times out
	c.Add(esme(1000, submitSM(2))) // answered
	c.Add(fromSMSC(1500, submitSMResp(2, 0, "x")))
	c.Add(esme(20_000, header(wire.EnquireLink, 0, 3))) // 20 s later: seq 1 is past the timeout
	r := c.Result()
	if !reflect.DeepEqual(r.Unanswered, []CommandTotal{{"submit_sm", 1}}) {
		t.Errorf("unanswered %+v", r.Unanswered)
	}
	if !reflect.DeepEqual(r.Outstanding, []CommandTotal{{"enquire_link", 1}}) {
		t.Errorf("outstanding %+v", r.Outstanding)
	}
	// A response after the timeout matches nothing.
	c.Add(fromSMSC(20_001, submitSMResp(1, 0, "late")))
	c.Finish()
	r = c.Result()
	if !reflect.DeepEqual(r.Unanswered, []CommandTotal{{"submit_sm", 1}, {"enquire_link", 1}}) {
		t.Errorf("after Finish, unanswered %+v", r.Unanswered)
	}
	if len(r.Outstanding) != 0 {
		t.Errorf("after Finish, outstanding %+v", r.Outstanding)
	}
	if !reflect.DeepEqual(r.UnmatchedResponses, []CommandTotal{{"submit_sm_resp", 1}}) {
		t.Errorf("unmatched %+v", r.UnmatchedResponses)
	}
	want := []Unanswered{
		{Conv: "trx", Side: "esme", Command: "submit_sm", Seq: 1, At: "2026-12-01T10:00:00.000Z"},
		{Conv: "trx", Side: "esme", Command: "enquire_link", Seq: 3, At: "2026-12-01T10:00:20.000Z"},
	}
	if !reflect.DeepEqual(r.UnansweredExamples, want) {
		t.Errorf("examples %+v", r.UnansweredExamples)
	}
}

// A response on another conversation does not answer the request.
func TestConversationsKeptApart(t *testing.T) {
	c := New(Settings{})
	c.Add(Record{At: at(0), Conv: "a", Side: SideESME, Raw: submitSM(1)})
	c.Add(Record{At: at(1), Conv: "b", Side: SideSMSC, Raw: submitSMResp(1, 0, "x")})
	r := c.Result()
	if len(r.Outstanding) != 1 || len(r.UnmatchedResponses) != 1 {
		t.Errorf("outstanding %+v unmatched %+v", r.Outstanding, r.UnmatchedResponses)
	}
}

func TestOutstandingIsBounded(t *testing.T) {
	c := New(Settings{MaxOutstanding: 10, Timeout: -1})
	for i := range 1000 {
		c.Add(esme(i, submitSM(uint32(i+1))))
	}
	if len(c.outstanding) != 10 || len(c.queue) > 2*10+1024 {
		t.Fatalf("outstanding %d queue %d", len(c.outstanding), len(c.queue))
	}
	r := c.Result()
	if r.Unanswered[0].Count != 990 || r.Outstanding[0].Count != 10 {
		t.Errorf("unanswered %+v outstanding %+v", r.Unanswered, r.Outstanding)
	}
	// Answered requests do not pile up in the queue either.
	c = New(Settings{})
	for i := range 10000 {
		c.Add(esme(i, submitSM(uint32(i+1))))
		c.Add(fromSMSC(i, submitSMResp(uint32(i+1), 0, "")))
	}
	if len(c.queue) > 1024 {
		t.Errorf("queue %d after every request was answered", len(c.queue))
	}
}

func receiptState(t *testing.T, r Result, state string) StateTime {
	t.Helper()
	for _, s := range r.Receipts.Final {
		if s.State == state {
			return s
		}
	}
	t.Fatalf("no final state %s in %+v", state, r.Receipts.Final)
	return StateTime{}
}

// Receipt latency per final state, with the SMSC writing the id in hex in the
// submit_sm_resp and in decimal in the receipt, and the reverse.
func TestReceiptLatencyPerState(t *testing.T) {
	c := New(Settings{})
	submit := func(ms int, seq uint32, id string) {
		c.Add(esme(ms, submitSM(seq)))
		c.Add(fromSMSC(ms+10, submitSMResp(seq, 0, id)))
	}
	submit(0, 1, "0A1B2C")  // receipt says 662316 (decimal of 0xA1B2C)
	submit(100, 2, "12345") // receipt says 3039 (hex of 12345)
	submit(200, 3, "abc-1") // same form, case differs
	submit(300, 4, "77")    // never gets a final receipt
	c.Add(fromSMSC(1000, receiptPDU(10, "662316", "DELIVRD", "", 0)))
	c.Add(esme(1001, deliverSMResp(10)))
	c.Add(fromSMSC(2100, receiptPDU(11, "3039", "UNDELIV", "", 0)))
	c.Add(fromSMSC(3200, receiptPDU(12, "ABC-1", "ENROUTE", "", 0))) // not final
	c.Add(fromSMSC(5200, receiptPDU(13, "ABC-1", "DELIVRD", "", 0)))
	c.Add(fromSMSC(5300, receiptPDU(14, "ABC-1", "DELIVRD", "", 0)))  // duplicate
	c.Add(fromSMSC(5400, receiptPDU(15, "999999", "EXPIRED", "", 0))) // nobody's
	c.Add(fromSMSC(5500, moPDU(16)))                                  // not a receipt
	// The TLVs win over the text: the TLV id and state count.
	submit(6000, 5, "55")
	c.Add(fromSMSC(9000, receiptPDU(17, "0", "DELIVRD", "55", 8))) // REJECTED by message_state
	r := c.Result()

	if d := receiptState(t, r, "DELIVRD"); d.Count != 3 || d.Latency.Count != 2 || d.Latency.Min != 1000*time.Millisecond || d.Latency.Max != 5000*time.Millisecond {
		t.Errorf("DELIVRD %+v", d)
	}
	if u := receiptState(t, r, "UNDELIV"); u.Count != 1 || u.Latency.Count != 1 || u.Latency.P50 != 2000*time.Millisecond {
		t.Errorf("UNDELIV %+v", u)
	}
	if x := receiptState(t, r, "REJECTD"); x.Latency.Count != 1 || x.Latency.Max != 3000*time.Millisecond {
		t.Errorf("REJECTD %+v", x)
	}
	if e := receiptState(t, r, "EXPIRED"); e.Count != 1 || e.Latency.Count != 0 {
		t.Errorf("EXPIRED %+v", e)
	}
	rc := r.Receipts
	if rc.Receipts != 7 || rc.Unmatched != 1 || rc.Duplicates != 1 || rc.AwaitingFinal != 1 || rc.NoState != 0 {
		t.Errorf("receipts %+v", rc)
	}
	if !reflect.DeepEqual(rc.Intermediate, []StateCount{{"ENROUTE", 1}}) {
		t.Errorf("intermediate %+v", rc.Intermediate)
	}
	if count(r, "deliver_sm") != 8 {
		t.Errorf("deliver_sm count %d", count(r, "deliver_sm"))
	}
}

func TestSubmitsAreBounded(t *testing.T) {
	c := New(Settings{MaxSubmits: 5})
	for i := range 50 {
		seq := uint32(i + 1)
		c.Add(esme(i, submitSM(seq)))
		c.Add(fromSMSC(i, submitSMResp(seq, 0, "id"+itoa(i))))
	}
	if len(c.receipts.exact) != 5 || len(c.receipts.fifo) != 5 || c.receipts.pending != 5 {
		t.Errorf("index %d fifo %d pending %d", len(c.receipts.exact), len(c.receipts.fifo), c.receipts.pending)
	}
}

// Hex input has no time stamps: counts and matching still work, times are absent.
func TestUntimed(t *testing.T) {
	c := New(Settings{})
	c.Add(Record{Raw: submitSM(1)})
	c.Add(Record{Raw: submitSMResp(1, 0, "1")})
	r := c.Result()
	if r.Timed || len(r.ResponseTimes) != 0 || len(r.Outstanding) != 0 || r.First != "" {
		t.Errorf("%+v", r)
	}
	if !strings.Contains(Format(r), "no time stamps") {
		t.Errorf("text does not say there are no times:\n%s", Format(r))
	}
}

func TestJSONKeys(t *testing.T) {
	c := New(Settings{})
	c.Add(esme(0, submitSM(1)))
	c.Add(fromSMSC(3, submitSMResp(1, 0, "1")))
	c.Add(fromSMSC(10, receiptPDU(2, "1", "DELIVRD", "", 0)))
	b, err := json.Marshal(c.Result())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"pdus", "malformed", "first", "last", "timed", "other_commands", "other_statuses", "commands", "statuses", "response_times",
		"outstanding", "unanswered", "unanswered_examples", "unmatched_responses", "receipts"} {
		if _, ok := m[k]; !ok {
			t.Errorf("key %q missing from %s", k, b)
		}
	}
	s := string(b)
	for _, k := range []string{`"command":"submit_sm"`, `"command_id":4`, `"p50_ms":3`, `"p99_ms":3`, `"min_ms":3`, `"max_ms":3`,
		`"final":[{"state":"DELIVRD","count":1,"latency":{"count":1,"min_ms":10`, `"awaiting_final":0`} {
		if !strings.Contains(s, k) {
			t.Errorf("%s missing from %s", k, s)
		}
	}
}

// Garbage naming every command_id and command_status does not grow the tables.
func TestKindsAreBounded(t *testing.T) {
	c := New(Settings{})
	for i := range 5000 {
		c.Add(fromSMSC(i, header(0x7000_0000+uint32(i), 0, 1)))
		c.Add(fromSMSC(i, header(wire.SubmitSMResp, uint32(i), uint32(i))))
	}
	r := c.Result()
	if len(r.Commands) != maxUnknownCommands+1 || r.OtherCommands != 5000-maxUnknownCommands {
		t.Errorf("%d commands, %d other", len(r.Commands), r.OtherCommands)
	}
	if len(r.Statuses) != maxStatuses || r.OtherStatuses != 5000-maxStatuses {
		t.Errorf("%d statuses, %d other", len(r.Statuses), r.OtherStatuses)
	}
}
