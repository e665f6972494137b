package filter

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// matches is the indices of the corpus that f selects.
func matches(f *Filter, ps []*Packet) []int {
	out := []int{}
	for i, p := range ps {
		if f.Match(p) {
			out = append(out, i)
		}
	}
	return out
}

func TestCompileCanonical(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"smpp.command_id == submit_sm", "smpp.command_id == submit_sm"},
		{"smpp.command_id eq 0x80000004", "smpp.command_id == submit_sm_resp"},
		{"smpp.command_id == \"Submit_sm - resp\"", "smpp.command_id == submit_sm_resp"},
		{"smpp.command_id == 0x00001234", "smpp.command_id == 0x00001234"},
		{"smpp.command_status != esme_rthrottled", "smpp.command_status != ESME_RTHROTTLED"},
		{"smpp.command_status ne 0x58", "smpp.command_status != ESME_RTHROTTLED"},
		{"smpp.sequence_number ge 0x10 and smpp.sequence_number lt 20", "smpp.sequence_number >= 16 && smpp.sequence_number < 20"},
		{"not smpp.message_id", "!smpp.message_id"},
		{"!(smpp.command_id == 4)", "!(smpp.command_id == submit_sm)"},
		{"smpp.message_id || smpp.source_addr && dir == in", "smpp.message_id || smpp.source_addr && dir == \"in\""},
		{"(smpp.message_id || smpp.source_addr) && dir == in", "(smpp.message_id || smpp.source_addr) && dir == \"in\""},
		{"smpp.message_id || (smpp.source_addr || link == rx)", "smpp.message_id || (smpp.source_addr || link == \"rx\")"},
		{"!(smpp.message_id && smpp.source_addr)", "!(smpp.message_id && smpp.source_addr)"},
		{"latency > 500ms", "latency > 500ms"},
		{"latency >= 1.5", "latency >= 1.5s"},
		{"latency > 500us", "latency > 500us"},
		{"latency > 1500µs", "latency > 1.5ms"},
		{"smpp.message_text contains \"a\\\"b\\x01\"", "smpp.message_text contains \"a\\\"b\\x01\""},
		{"smpp.message_text ~ \"^h\"", "smpp.message_text matches \"^h\""},
		{"smpp.message_payload == 68:65:6C", "smpp.message_payload == 68:65:6c"},
		{"smpp.message_payload == \"he\"", "smpp.message_payload == 68:65"},
		{"smpp.sc_interface_version == 0x34", "smpp.sc_interface_version == 52"},
		{"msg == 0A1B2C", "msg == \"0A1B2C\""},
		{"receipt.stat == undeliverable", "receipt.stat == \"UNDELIV\""},
		{"smpp.message_state == DELIVERED", "smpp.message_state == 2"},
		{"smpp.destination_addr == 4477", "smpp.destination_addr == \"4477\""},
		{"smpp.command_id in {4, deliver_sm,0x80000004}", "smpp.command_id in {submit_sm, deliver_sm, submit_sm_resp}"},
		{"smpp.sequence_number in {1..0x10, 70}", "smpp.sequence_number in {1..16, 70}"},
		{"smpp.command_status in {ESME_ROK..ESME_RSYSERR}", "smpp.command_status in {ESME_ROK..ESME_RSYSERR}"},
		{"latency in {1ms..1.5s}", "latency in {1ms..1.5s}"},
		{"smpp.command_id not in {4, 5}", "!(smpp.command_id in {submit_sm, deliver_sm})"},
		{"smpp.destination_addr === \"x\" || smpp.destination_addr all_eq y", "smpp.destination_addr === \"x\" || smpp.destination_addr === \"y\""},
		{"smpp.destination_addr ~= \"x\" && smpp.destination_addr any_ne y", "smpp.destination_addr !== \"x\" && smpp.destination_addr !== \"y\""},
	} {
		f, err := Compile(c.in)
		if err != nil {
			t.Errorf("Compile(%q): %v", c.in, err)
			continue
		}
		if got := f.String(); got != c.want {
			t.Errorf("Compile(%q).String() = %q, want %q", c.in, got, c.want)
		}
		g, err := Compile(f.String())
		if err != nil || g.String() != f.String() {
			t.Errorf("%q does not compile back to itself: %v %v", f.String(), g, err)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	for _, c := range []struct {
		in  string
		pos int
		msg string
	}{
		{"smpp.comand_id == 4", 0, "unknown field smpp.comand_id: did you mean smpp.command_id?"},
		{"dir == in && smpp.sequence_numbr == 4", 13, "did you mean smpp.sequence_number?"},
		{"command_id == 4", 0, "did you mean smpp.command_id?"},
		{"smpp.command_id ==", 18, "expected a value after =="},
		{"smpp.command_id == && dir == in", 19, "expected a value after =="},
		{"(smpp.command_id == 4", 0, "unbalanced parenthesis"},
		{"smpp.command_id == 4)", 20, "unbalanced parenthesis"},
		{")", 0, "unbalanced parenthesis"},
		{"((dir == in) && (link == rx)", 0, "unbalanced parenthesis"},
		{"", 0, "the filter is empty"},
		{"   ", 3, "the filter is empty"},
		{"dir == in &&", 12, "expected a field name after \"&&\""},
		{"dir = in", 4, "use == to compare"},
		{"dir == in & link == rx", 10, "use &&"},
		{"dir == sideways", 7, "dir is in or out"},
		{"link == trx2", 8, "link is trx, tx or rx"},
		{"smpp.command_id == submit", 19, "needs a number or a command name"},
		{"smpp.command_status == ESME_NOPE", 23, "status name"},
		{"smpp.sequence_number == abc", 24, "a number"},
		{"smpp.command_id contains 4", 16, "contains works on text and octets"},
		{"latency > soon", 10, "duration such as 500ms"},
		{"latency > -1s", 10, "never negative"},
		{"smpp.message_text matches \"(\"", 26, "bad regular expression"},
		{"smpp.message_text == \"abc", 21, "unterminated string"},
		{"smpp.message_text == \"a\\q\"", 23, "unknown escape"},
		{"smpp.dlist == 1", 11, "no value to compare"},
		{"msg > 5", 4, "msg takes =="},
		{"dir == in link == rx", 10, "expected && or || before \"link\""},
		{"== 4", 0, "expected a field name before =="},
		{"\"x\" == smpp.source_addr", 0, "expected a field name, not the string"},
		{"smpp.message_payload == 6", 24, "octets in hex"},
		{"dir == in $", 10, "unexpected character"},
		{"msg == \"\"", 7, "msg needs a message id"},
		{"smpp.command_id in 4", 19, "expected { after in"},
		{strings.Repeat("(", 300) + "dir", 200, "nested too deeply"},
		{strings.Repeat("!", 300) + "dir", 200, "nested too deeply"},
		{strings.Repeat("dir || ", 10000) + "dir", 65536, "longer than"},
		{"smpp.command_id in {4, 5", 19, "unbalanced brace"},
		{"smpp.command_id in {4 5}", 22, "expected , or }"},
		{"smpp.command_id in {4..x}", 23, "a number or a command name"},
		{"smpp.dlist in {1}", 11, "no value to compare"},
		{"msg in {}", 8, "expected a value in the set"},
	} {
		_, err := Compile(c.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Compile(%q) = %v, want a *SyntaxError", c.in, err)
			continue
		}
		if se.Pos != c.pos || !strings.Contains(se.Msg, c.msg) {
			t.Errorf("Compile(%q) = at %d %q, want at %d %q", c.in, se.Pos, se.Msg, c.pos, c.msg)
		}
	}
}

// The evaluation table over the fixed corpus (see corpus_test.go for the indices).
var evalTable = []struct {
	expr string
	want []int
}{
	{"smpp.command_id == submit_sm", []int{2, 4}},
	{"smpp.command_id == submit_sm_resp", []int{3, 5}},
	{"smpp.command_id == 0x80000004 || smpp.command_id == 4", []int{2, 3, 4, 5}},
	{"smpp.command_status != ESME_ROK", []int{5, 20, 21}},
	{"smpp.command_status == ESME_ROK", []int{1, 3, 7, 10, 12, 14, 16, 18}},
	{"smpp.command_status", []int{1, 3, 5, 7, 10, 12, 14, 16, 18, 20, 21}},
	{"!smpp.command_status", []int{0, 2, 4, 6, 8, 9, 11, 13, 15, 17, 19, 22, 23}},
	{"smpp.command_status == ESME_RTHROTTLED", []int{5}},
	{"smpp.sequence_number == 70", []int{6, 7}},
	{"smpp.sequence_number >= 70", []int{6, 7, 8}},
	{"smpp.command_length < 17", []int{9, 10, 18, 20, 21, 23}},
	{"smpp.source_addr == \"4420\"", []int{2, 4, 13, 15, 19}},
	{"smpp.destination_addr == 447700900002", []int{11, 12}},
	{"smpp.destination_addr != 447700900002", []int{2, 4, 6, 8, 13, 17}},
	{"smpp.destination_addr contains \"9000\"", []int{11, 12, 17}},
	{"smpp.destination_addr matches \"^4477009000(01|02)$\"", []int{11, 12, 17}},
	{"smpp.dest_addr_ton == 1 && smpp.command_id == submit_multi", []int{11}},
	{"smpp.dl_name == friends", []int{11}},
	{"smpp.error_status_code == ESME_RINVDSTADR", []int{12}},
	{"smpp.message_id == \"662316\"", []int{3, 15, 16}},
	{"smpp.message_id", []int{3, 12, 14, 15, 16, 17, 19}},
	{"smpp.receipted_message_id == 6693654", []int{6}},
	{"smpp.message_state == UNDELIVERABLE", []int{6, 16}},
	{"smpp.network_error.code == 1 && smpp.network_error.type == 3", []int{6}},
	{"smpp.network_error_code == 1", []int{6}},
	{"smpp.esm_class == 0x04", []int{6}},
	{"smpp.esm.submit.msg_type == 1", []int{6}},
	{"smpp.esm.submit.features == 1", []int{8}},
	{"smpp.registered_delivery == 1", []int{2, 11}},
	{"smpp.regdel.receipt == 1", []int{2, 11, 19}},
	{"smpp.regdel.notif == 1", []int{19}},
	{"smpp.data_coding == 8", []int{4}},
	{"smpp.message_text == \"hello world\"", []int{2}},
	{"smpp.message_text contains \"part\"", []int{8}},
	{"smpp.message_text matches \"^(hi|to all)$\"", []int{4, 11}},
	{"smpp.message_payload contains \"load\"", []int{13}},
	{"smpp.message_payload == 70:61:79:6c:6f:61:64:20:74:65:78:74", []int{13}},
	{"smpp.message contains \"new\"", []int{19}},
	{"smpp.sar_msg_ref_num == 513", []int{13}},
	{"smpp.delivery_failure_reason == 2", []int{14}},
	{"smpp.SC_interface_version == 0x34", []int{1}},
	{"smpp.sc_interface_version == 0x34", []int{1}},
	{"smpp.interface_version == 0x34", []int{0}},
	{"smpp.system_id == \"esme1\"", []int{0}},
	{"smpp.service_type == \"WAP\"", []int{13}},
	{"smpp.service_type == \"(Default)\"", []int{2, 4, 6, 8, 11, 17}},
	{"smpp.final_date", []int{16}},
	{"smpp.error_code == 1", []int{16}},
	{"smpp.esme_addr == 4420", []int{22}},
	{"smpp.ms_availability_status == 0", []int{22}},
	{"smpp.opt_param_tag == 0x0424", []int{13}},
	{"smpp.opt_params", []int{1, 6, 13, 14, 22}},
	{"smpp.dlist", []int{11}},
	{"smpp.dlist_resp", []int{12}},
	{"dir == in && link == trx", []int{1, 3, 5, 6, 8, 10}},
	{"link == rx", []int{21, 22}},
	{"dir == out && link == tx", []int{11, 13, 15, 17, 19}},
	{"latency > 500ms", []int{4, 5}},
	{"latency <= 5ms", []int{0, 1, 6, 7, 9, 10}},
	{"latency", []int{0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}},
	{"receipt.stat == UNDELIV", []int{6}},
	{"receipt.stat == UNDELIVERABLE", []int{6}},
	{"receipt.stat == DELIVRD", []int{}},
	{"receipt.err == \"001\"", []int{6}},
	// msg: the submit, its response (hex 662316), its receipt (decimal 6693654) and the
	// receipt's response, the query and its response.
	{"msg == 662316", []int{2, 3, 6, 7, 15, 16}},
	{"msg == 6693654", []int{2, 3, 6, 7, 15, 16}},
	{"msg == m-77", []int{11, 12, 17, 18}},
	{"msg == d-1", []int{13, 14, 19, 20}},
	{"msg != m-77", []int{2, 3, 6, 7, 13, 14, 15, 16, 19, 20}},
	{"smpp.command_id == submit_sm || smpp.command_id == deliver_sm && receipt.stat == UNDELIV", []int{2, 4, 6}},
	{"(smpp.command_id == submit_sm || smpp.command_id == deliver_sm) && dir == in", []int{6, 8}},
	{"not (dir == in or link == tx) and smpp.command_id != unbind", []int{0, 2, 4, 7, 9}},
	{"smpp.command_id in {submit_sm, deliver_sm}", []int{2, 4, 6, 8}},
	{"smpp.command_id not in {submit_sm, deliver_sm} && smpp.sequence_number in {2..5, 70}", []int{3, 5, 7, 9, 10, 11, 12}},
	{"smpp.destination_addr === 447700900002", []int{12}},
	{"smpp.destination_addr !== 447700900002", []int{2, 4, 6, 8, 11, 13, 17}},
	{"smpp.destination_addr in {\"4420\", \"447700900001\"}", []int{6, 8, 11, 17}},
	{"msg in {m-77, d-1}", []int{11, 12, 13, 14, 17, 18, 19, 20}},
	{"latency in {500ms..1s}", []int{4, 5}},
}

func TestEvaluate(t *testing.T) {
	ps := packets()
	for _, c := range evalTable {
		f, err := Compile(c.expr)
		if err != nil {
			t.Errorf("Compile(%q): %v", c.expr, err)
			continue
		}
		if got := matches(f, ps); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q matches %v, want %v", c.expr, got, c.want)
		}
		// The canonical form selects the same packets.
		g, err := Compile(f.String())
		if err != nil {
			t.Errorf("%q: %v", f.String(), err)
		} else if got := matches(g, ps); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q (from %q) matches %v, want %v", f.String(), c.expr, got, c.want)
		}
	}
}

func TestLinker(t *testing.T) {
	ps := packets()
	if !ps[4].HasLatency || ps[4].Latency != 600*time.Millisecond || ps[5].Latency != 600*time.Millisecond {
		t.Errorf("throttled submit and resp latency = %v, %v, want 600ms on both", ps[4].Latency, ps[5].Latency)
	}
	if ps[8].HasLatency || ps[21].HasLatency || ps[22].HasLatency {
		t.Errorf("unanswered PDUs have a latency: %v %v %v", ps[8].Latency, ps[21].Latency, ps[22].Latency)
	}
	for i, want := range map[int][]string{2: {"662316"}, 3: {"662316"}, 6: {"6693654"}, 12: {"m-77"}, 17: {"m-77"}, 18: {"m-77"}, 9: nil} {
		if !reflect.DeepEqual(ps[i].MessageIDs, want) {
			t.Errorf("packet %d MessageIDs = %q, want %q", i, ps[i].MessageIDs, want)
		}
	}
	// A response in the same direction as the request is not its answer.
	var l Linker
	req := &Packet{Raw: corpus()[2].raw, Dir: "out", Link: "trx", At: t0}
	resp := &Packet{Raw: corpus()[3].raw, Dir: "out", Link: "trx", At: t0.Add(time.Second)}
	other := &Packet{Raw: corpus()[3].raw, Dir: "in", Link: "tx", At: t0.Add(time.Second)}
	l.Add(req)
	l.Add(resp)
	l.Add(other)
	if req.HasLatency || resp.HasLatency || other.HasLatency {
		t.Errorf("paired across direction or link: %v %v %v", req.HasLatency, resp.HasLatency, other.HasLatency)
	}
	// MaxPending forgets the oldest.
	l = Linker{MaxPending: 2}
	var reqs []*Packet
	for i := 0; i < 3; i++ {
		p := &Packet{Raw: withSeq(corpus()[9].raw, uint32(100+i)), Dir: "out", Link: "trx", At: t0}
		l.Add(p)
		reqs = append(reqs, p)
	}
	for i := 0; i < 3; i++ {
		l.Add(&Packet{Raw: withSeq(corpus()[10].raw, uint32(100+i)), Dir: "in", Link: "trx", At: t0.Add(time.Millisecond)})
	}
	if reqs[0].HasLatency || !reqs[1].HasLatency || !reqs[2].HasLatency {
		t.Errorf("MaxPending 2: latencies %v %v %v, want the oldest forgotten", reqs[0].HasLatency, reqs[1].HasLatency, reqs[2].HasLatency)
	}
}

// TestLinkerReceiptText: a receipt with no receipted_message_id TLV is linked by the id:
// of its text, in the other base from the response's.
func TestLinkerReceiptText(t *testing.T) {
	sub := corpus()[2].raw
	resp := wire.AppendPDU(nil, &wire.SMRespBody{Command: wire.SubmitSMResp, MessageID: []byte("0A1B2C")}, 0, 2)
	dlr := &wire.SMBody{Command: wire.DeliverSM, Source: ad(1, 1, "447700900123"), Dest: ad(1, 1, "4420")}
	dlr.ESMClass = 0x04
	dlr.ShortMessage = []byte("id:662316 sub:001 dlvrd:001 submit date:2612011200 done date:2612011201 stat:DELIVRD err:000 text:")
	mo := &wire.SMBody{Command: wire.DeliverSM, Source: ad(1, 1, "447700900123"), Dest: ad(1, 1, "4420")}
	mo.ShortMessage = []byte("id:662316 is just text")
	var l Linker
	var ps []*Packet
	for _, c := range []struct {
		raw []byte
		dir string
	}{{sub, "out"}, {resp, "in"}, {wire.AppendPDU(nil, dlr, 0, 9), "in"}, {wire.AppendPDU(nil, mo, 0, 10), "in"}} {
		p := &Packet{Raw: c.raw, Dir: c.dir, Link: "trx", At: t0}
		l.Add(p)
		ps = append(ps, p)
	}
	f, _ := Compile("msg == 0a1b2c")
	if got := matches(f, ps); !reflect.DeepEqual(got, []int{0, 1, 2}) {
		t.Errorf("msg == 0a1b2c matches %v, want the submit, its response and its receipt, not the MO", got)
	}
	g, _ := Compile("receipt.stat == DELIVRD && smpp.receipted_message_id")
	if g.Match(ps[2]) {
		t.Error("a receipt without the TLV has no smpp.receipted_message_id")
	}
}

func withSeq(raw []byte, seq uint32) []byte {
	b := append([]byte(nil), raw...)
	b[12], b[13], b[14], b[15] = byte(seq>>24), byte(seq>>16), byte(seq>>8), byte(seq)
	return b
}

func TestMatchBadInput(t *testing.T) {
	f, err := Compile("smpp.source_addr == 1 || smpp.message_text contains \"x\" || receipt.stat == DELIVRD || smpp.command_id == 4")
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range [][]byte{nil, {0, 0}, make([]byte, 16), {0, 0, 0, 40, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 1, 'a'},
		{0, 0, 0, 17, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1, 'a'}} {
		p := &Packet{Raw: raw}
		_ = f.Match(p) // must not panic
	}
	// A truncated submit_sm (command_length says more) matches header fields only, as Wireshark.
	p := &Packet{Raw: corpus()[2].raw[:30]}
	g, _ := Compile("smpp.command_id == submit_sm && !smpp.source_addr")
	if !g.Match(p) {
		t.Error("a truncated submit_sm: want its header matched and its body unread")
	}
}

func TestReset(t *testing.T) {
	f, _ := Compile("smpp.source_addr == 4420")
	var p Packet
	hits := 0
	for _, c := range corpus() {
		p.Reset()
		p.Raw = c.raw
		if f.Match(&p) {
			hits++
		}
	}
	if hits != 5 {
		t.Errorf("one Packet reused with Reset: %d hits, want 5", hits)
	}
}

func TestComplete(t *testing.T) {
	has := func(list []string, want ...string) bool {
		for _, w := range want {
			found := false
			for _, s := range list {
				found = found || s == w
			}
			if !found {
				return false
			}
		}
		return true
	}
	for _, c := range []struct {
		expr      string
		cursor    int
		start     int
		want      []string
		wantExact []string
	}{
		{"smpp.comm", -1, 0, nil, []string{"smpp.command_id", "smpp.command_length", "smpp.command_status"}},
		{"", -1, 0, []string{"dir", "smpp.command_id", "msg", "latency"}, nil},
		{"dir == in && li", -1, 13, nil, []string{"link"}},
		{"smpp.command_id == sub", -1, 19, nil, []string{"submit_multi", "submit_multi_resp", "submit_sm", "submit_sm_resp"}},
		{"smpp.command_id == ", -1, 19, []string{"generic_nack", "deliver_sm_resp", "enquire_link"}, nil},
		{"smpp.command_status != ESME_RTH", -1, 23, nil, []string{"ESME_RTHROTTLED"}},
		{"dir == ", -1, 7, nil, []string{"in", "out"}},
		{"link eq ", -1, 8, nil, []string{"trx", "tx", "rx"}},
		{"receipt.stat == UN", -1, 16, nil, []string{"UNDELIV", "UNKNOWN"}},
		{"smpp.message_state == DEL", -1, 22, nil, []string{"DELETED", "DELIVERED"}},
		{"dir ", -1, 4, []string{"==", "!="}, nil},
		{"smpp.source_addr c", -1, 17, nil, []string{"contains"}},
		{"latency ", -1, 8, nil, []string{"==", "!=", "<", "<=", ">", ">=", "in"}},
		{"smpp.command_id in {submit_sm, deliver_sm_", -1, 31, nil, []string{"deliver_sm_resp"}},
		{"link in {", -1, 9, nil, []string{"trx", "tx", "rx"}},
		{"dir == in ", -1, 10, nil, []string{"&&", "||"}},
		{"(dir == in) ", -1, 12, nil, []string{"&&", "||"}},
		{"smpp.comm == 4", 9, 0, nil, []string{"smpp.command_id", "smpp.command_length", "smpp.command_status"}},
		{"smpp.receipted", -1, 0, nil, []string{"smpp.receipted_message_id"}},
	} {
		cur := c.cursor
		if cur < 0 {
			cur = len(c.expr)
		}
		got, start := Complete(c.expr, cur)
		if start != c.start {
			t.Errorf("Complete(%q, %d) start %d, want %d", c.expr, cur, start, c.start)
		}
		if c.wantExact != nil && !reflect.DeepEqual(got, c.wantExact) {
			t.Errorf("Complete(%q, %d) = %q, want %q", c.expr, cur, got, c.wantExact)
		}
		if c.want != nil && !has(got, c.want...) {
			t.Errorf("Complete(%q, %d) = %q, want it to include %q", c.expr, cur, got, c.want)
		}
	}
}

func TestCompleteInsideString(t *testing.T) {
	if got, start := Complete("smpp.source_addr == \"44", 23); len(got) != 0 || start != 21 {
		t.Errorf("inside a string: %q at %d, want nothing to complete", got, start)
	}
}

func TestFields(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Fields() {
		if f.Desc == "" || seen[f.Name] {
			t.Errorf("field %q: empty description or listed twice", f.Name)
		}
		seen[f.Name] = true
		// Every listed field compiles as a presence test.
		if _, err := Compile(f.Name); err != nil {
			t.Errorf("Compile(%q): %v", f.Name, err)
		}
	}
	for _, n := range []string{"smpp.command_id", "smpp.receipted_message_id", "smpp.message_state", "smpp.network_error.code",
		"smpp.message_payload", "smpp.SC_interface_version", "smpp.sc_interface_version", "smpp.congestion_state",
		"smpp.message_text", "smpp.error_status_code", "smpp.dl_name", "dir", "link", "latency", "receipt.stat", "msg"} {
		if !seen[n] {
			t.Errorf("Fields() lacks %s", n)
		}
	}
	if len(seen) < 100 {
		t.Errorf("Fields() lists %d fields; expected Wireshark's SMPP set (over 100)", len(seen))
	}
}
