package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/recorded"
	"github.com/smppconsole/smppconsole/smppclient"
)

// A capture opened (smppconsole open) is filtered as the live log is: its conversation
// read by package recorded, `msg == ID` finds the message's PDUs, receipt included.
func TestOpenDisplayFilter(t *testing.T) {
	var cv capture.Conversation
	for i, ev := range scenario() {
		if e, ok := ev.(smppclient.PDUEvent); ok {
			dir := capture.ToSMSC
			if e.Dir == smppclient.In {
				dir = capture.ToESME
			}
			cv.PDUs = append(cv.PDUs, capture.PDU{At: e.At, Dir: dir, Packet: i + 1, Raw: e.Raw})
		}
	}
	convs := []Recorded{{Name: "10.0.0.1:40001 → 10.0.0.9:2775", PDUs: len(cv.PDUs), Events: recorded.Events(&cv)}}
	om := NewOpen(context.Background(), Options{Label: "carrier.pcap", Now: fixedNow, Location: time.UTC}, convs, "")
	om.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drain(t, om)
	m := om.inner
	press(m, "/")
	typeText(m, "msg == 4F1A0001")
	press(m, "enter")
	rows := rowsShown(m)
	want := []string{"submit_sm #3", "submit_sm_resp #3", "deliver_sm #7", "deliver_sm_resp #7"}
	if len(rows) != len(want) {
		t.Fatalf("msg == 4F1A0001 in the file shows:\n%s", strings.Join(rows, "\n"))
	}
	for i, w := range want {
		if !strings.Contains(rows[i], w+" ") {
			t.Fatalf("row %d %q, want %s", i, rows[i], w)
		}
	}
	m.log.SetFilter("smpp.command_id == submit_sm_resp && smpp.command_status == ESME_RINVDSTADR")
	onlyRows(t, m, 1, "submit_sm_resp #4")
	contains(t, om.View(), "read-only")
}

// Options.Filter (open --filter) starts the log filtered: the file's PDUs that arrive
// after Init are tested as they are appended.
func TestOpenStartsWithTheGivenFilter(t *testing.T) {
	var cv capture.Conversation
	for i, ev := range scenario() {
		if e, ok := ev.(smppclient.PDUEvent); ok {
			dir := capture.ToSMSC
			if e.Dir == smppclient.In {
				dir = capture.ToESME
			}
			cv.PDUs = append(cv.PDUs, capture.PDU{At: e.At, Dir: dir, Packet: i + 1, Raw: e.Raw})
		}
	}
	convs := []Recorded{{Name: "10.0.0.1:40001 → 10.0.0.9:2775", PDUs: len(cv.PDUs), Events: recorded.Events(&cv)}}
	o := Options{Label: "carrier.pcap", Now: fixedNow, Location: time.UTC, Filter: "smpp.command_status == ESME_RINVDSTADR"}
	om := NewOpen(context.Background(), o, convs, "")
	om.Init()
	om.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drain(t, om)
	onlyRows(t, om.inner, 1, "submit_sm_resp #4")
	contains(t, om.View(), "smpp.command_status == ESME_RINVDSTADR")
}
