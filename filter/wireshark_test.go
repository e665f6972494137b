package filter

import (
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/capture"
)

// wiresharkTable: expressions whose matches over the fixed PDUs must be Wireshark's.
// ws is the same filter in Wireshark's spelling where ours differs (our bare command and
// status names); "" means the same text. Checked with TShark (Wireshark) 4.0.17, the
// Debian 12 package. Left out on purpose: smpp.message_text of data_coding 0 (Wireshark
// 4.0 does not decode the SMSC default alphabet; we show it as the dissect package
// does), and our own fields (dir, link, latency, msg, receipt.*, smpp.esm_class,
// smpp.registered_delivery), which Wireshark does not have; and comparing an SMPP time
// with a value (Wireshark compares times, we compare the text as written).
var wiresharkTable = []struct{ expr, ws string }{
	{"smpp.command_id == submit_sm", "smpp.command_id == 0x00000004"},
	{"smpp.command_id == submit_sm_resp", "smpp.command_id == 0x80000004"},
	{"smpp.command_id == Submit_sm", ""},
	{"smpp.command_id == \"Submit_sm - resp\"", ""},
	{"smpp.command_id > 0x80000000", ""},
	{"smpp.command_status != ESME_ROK", "smpp.command_status != 0"},
	{"smpp.command_status == ESME_RTHROTTLED", "smpp.command_status == 0x58"},
	{"smpp.command_status", ""},
	{"!smpp.command_status", ""},
	{"smpp.sequence_number >= 70", ""},
	{"smpp.command_length < 17", ""},
	{"smpp.command_length le 16 && smpp.sequence_number gt 8", ""},
	{"smpp.source_addr == \"4420\"", ""},
	{"smpp.source_addr", ""},
	{"smpp.destination_addr == \"447700900002\"", ""},
	{"smpp.destination_addr != \"447700900002\"", ""},
	{"smpp.destination_addr contains \"9000\"", ""},
	{"smpp.destination_addr matches \"^4477009000(01|02)$\"", ""},
	{"smpp.destination_addr < \"447700900100\"", ""},
	{"smpp.dest_addr_ton == 1 && smpp.command_id == 0x21", ""},
	{"smpp.dest_addr_npi", ""},
	{"smpp.source_addr_ton == 5", ""},
	{"smpp.dl_name == \"friends\"", ""},
	{"smpp.dlist", ""},
	{"smpp.dlist_resp", ""},
	{"smpp.error_status_code == 0x0b", ""},
	{"smpp.message_id == \"662316\"", ""},
	{"smpp.message_id", ""},
	{"smpp.message_id contains \"-\"", ""},
	{"smpp.receipted_message_id == \"6693654\"", ""},
	{"smpp.message_state == 5", ""},
	{"smpp.network_error.code == 1 && smpp.network_error.type == 3", ""},
	{"smpp.esm.submit.msg_type == 1", ""},
	{"smpp.esm.submit.features == 1", ""},
	{"smpp.esm.submit.msg_mode == 0", ""},
	{"smpp.regdel.receipt == 1", ""},
	{"smpp.regdel.notif == 1", ""},
	{"smpp.regdel.acks", ""},
	{"smpp.data_coding == 8", ""},
	{"smpp.message_text == \"hi\"", ""},
	{"smpp.message_payload contains \"load\"", ""},
	{"smpp.message_payload == 70:61:79:6c:6f:61:64:20:74:65:78:74", ""},
	{"smpp.message contains \"new\"", ""},
	{"smpp.message", ""},
	{"smpp.sm_length > 10", ""},
	{"smpp.sar_msg_ref_num == 513", ""},
	{"smpp.delivery_failure_reason == 2", ""},
	{"smpp.SC_interface_version == 0x34", ""},
	{"smpp.interface_version == 0x34", ""},
	{"smpp.system_id == \"esme1\"", ""},
	{"smpp.system_type", ""},
	{"smpp.password", ""},
	{"smpp.address_range", ""},
	{"smpp.service_type == \"WAP\"", ""},
	{"smpp.service_type == \"(Default)\"", ""},
	{"smpp.service_type == \"\"", ""},
	{"smpp.schedule_delivery_time", ""},
	{"smpp.schedule_delivery_time_r", ""},
	{"smpp.validity_period", ""},
	// Wireshark 4.0 files submit_multi's validity_period under schedule_delivery_time_r.
	{"smpp.validity_period_r && smpp.command_id != submit_multi", "smpp.validity_period_r && smpp.command_id != 0x21"},
	{"smpp.final_date_r", ""},
	{"smpp.final_date", ""},
	{"smpp.error_code == 1", ""},
	{"smpp.esme_addr == \"4420\"", ""},
	{"smpp.ms_availability_status == 0", ""},
	{"smpp.opt_param_tag == 0x0424", ""},
	{"smpp.opt_param_len == 1", ""},
	{"smpp.opt_params", ""},
	{"smpp.protocol_id", ""},
	{"smpp.replace_if_present_flag", ""},
	{"smpp.sm_default_msg_id", ""},
	{"smpp.priority_flag == 0 && smpp.data_coding != 0", ""},
	{"smpp.sequence_number == 7 || smpp.sequence_number == 8 && smpp.command_id == 8", ""},
	{"!(smpp.sequence_number == 7 || smpp.sequence_number == 8) && smpp.command_id > 0x80000000", ""},
	{"not smpp.source_addr and smpp.command_id lt 0x80000000", ""},
	{"smpp.command_id in {4, 5}", ""},
	{"smpp.command_id not in {4, 5}", ""},
	{"smpp.sequence_number in {7..9, 70}", ""},
	{"smpp.destination_addr in {\"4420\", \"447700900001\"}", ""},
	{"smpp.destination_addr === \"447700900002\"", ""},
	{"smpp.destination_addr !== \"447700900002\"", ""},
	{"smpp.destination_addr ~= \"4420\"", ""},
	{"smpp.message_id matches \"(?i)M-\"", ""},
}

func TestWiresharkAgrees(t *testing.T) {
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark is not installed (CI installs it): the filter is checked against Wireshark there")
	}
	var raws [][]byte
	for _, c := range corpus() {
		raws = append(raws, c.raw)
	}
	file := filepath.Join(t.TempDir(), "fixed.pcap")
	if err := capture.File(file, t0, raws); err != nil {
		t.Fatal(err)
	}
	run := func(expr string) []int {
		t.Helper()
		out, err := exec.Command(tshark, "-r", file, "-d", "tcp.port==2775,smpp", "-Y", expr, "-T", "fields", "-e", "frame.number").Output()
		if err != nil {
			var stderr string
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Fatalf("tshark -Y %q: %v %s", expr, err, stderr)
		}
		var frames []int
		for _, l := range strings.Fields(string(out)) {
			n, err := strconv.Atoi(l)
			if err != nil {
				t.Fatalf("tshark printed %q", l)
			}
			frames = append(frames, n)
		}
		return frames
	}
	// Frame numbers to PDU indices: one PDU per frame, after the handshake.
	index := map[int]int{}
	for i, fr := range run("smpp") {
		index[fr] = i
	}
	if len(index) != len(raws) {
		t.Fatalf("tshark sees %d SMPP frames, want %d", len(index), len(raws))
	}
	ps := packets()
	for _, c := range wiresharkTable {
		f, err := Compile(c.expr)
		if err != nil {
			t.Errorf("Compile(%q): %v", c.expr, err)
			continue
		}
		ws := c.ws
		if ws == "" {
			ws = c.expr
		}
		want := []int{}
		// Only SMPP frames: a negation also selects the TCP handshake.
		for _, fr := range run("smpp && (" + ws + ")") {
			want = append(want, index[fr])
		}
		if got := matches(f, ps); !reflect.DeepEqual(got, want) {
			t.Errorf("%q matches %v; Wireshark's %q matches %v", c.expr, got, ws, want)
		}
	}
}
