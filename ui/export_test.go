package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// exportScenario is a short session whose bind carries the password "secret99".
func exportScenario() []smppclient.Event {
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	bind := pduBytes(wire.BindTransceiver, 0, 1, cstr("smppclient1"), cstr("secret99"), cstr(""), []byte{0x34, 0, 0}, cstr(""))
	return []smppclient.Event{
		smppclient.StateEvent{At: at(0), Link: "trx", State: smppclient.Connecting, Bind: smppclient.Transceiver, Addr: "127.0.0.1:2775"},
		pduEvent(at(1), smppclient.Out, bind),
		pduEvent(at(3), smppclient.In, pduBytes(wire.BindTransceiverResp, 0, 1, cstr("SMSCSIM"))),
		smppclient.StateEvent{At: at(3), Link: "trx", State: smppclient.Bound, Bind: smppclient.Transceiver, Addr: "127.0.0.1:2775"},
		pduEvent(at(500), smppclient.Out, pduBytes(wire.EnquireLink, 0, 2)),
		pduEvent(at(501), smppclient.In, pduBytes(wire.EnquireLinkResp, 0, 2)),
		pduEvent(at(900), smppclient.Out, submitSM(3, "447700900123", "Hello from smppconsole")),
		pduEvent(at(902), smppclient.In, pduBytes(wire.SubmitSMResp, 0, 3, cstr("4F1A0001"))),
	}
}

// retype replaces the prompt's text as an operator would: ctrl+u, then the keys.
func retype(m *Model, s string) {
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlU})
	typeText(m, s)
}

// exportTo types name into the w prompt, presses enter and runs the write.
func exportTo(t *testing.T, m *Model, name string) {
	t.Helper()
	press(m, "w")
	retype(m, name)
	_, cmd := m.Update(keyMsg("enter"))
	if cmd == nil {
		t.Fatalf("enter wrote nothing: %q", m.export.err)
	}
	m.Update(cmd())
}

// shownPDUs is the PDUs the log shows now, in order.
func shownPDUs(m *Model) [][]byte {
	var out [][]byte
	for i := 0; i < m.log.n(); i++ {
		if e, ok := m.log.ring.at(m.log.pos(i)); ok && e.isPDU() {
			out = append(out, e.raw)
		}
	}
	return out
}

func TestExportPromptOpensPrefilledAndEscCancels(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	feed(m, exportScenario()...)
	press(m, "w")
	if m.mode != modeExport {
		t.Fatalf("w: mode %v, want the export prompt", m.mode)
	}
	want := "smppconsole-" + fixedNow().UTC().Format("20060102T150405Z") + ".pcapng"
	if got := m.export.input.Value(); got != want {
		t.Errorf("prefilled %q, want %q", got, want)
	}
	contains(t, screen(m), "write the log to: "+want)
	// q is text in the prompt, not quit.
	typeText(m, "q")
	if got := m.export.input.Value(); got != want+"q" {
		t.Errorf("typing q: %q", got)
	}
	press(m, "esc")
	if m.mode != modeNormal {
		t.Fatalf("esc: mode %v, want normal", m.mode)
	}
	contains(t, screen(m), "nothing written")
}

func TestExportRefusesUnknownExtension(t *testing.T) {
	dir := t.TempDir()
	m, _ := newTestModel(t, 120, 30)
	feed(m, exportScenario()...)
	press(m, "w")
	for _, name := range []string{"log.txt", "log", "   "} {
		retype(m, filepath.Join(dir, name))
		if name == "   " {
			retype(m, name)
		}
		_, cmd := m.Update(keyMsg("enter"))
		if cmd != nil || m.mode != modeExport {
			t.Fatalf("%q: the prompt closed (mode %v) or a write started", name, m.mode)
		}
		want := "must end in .pcapng"
		if name == "   " {
			want = "type a file name"
		}
		if !strings.Contains(m.export.err, want) {
			t.Errorf("%q: error %q, want %q", name, m.export.err, want)
		}
		contains(t, screen(m), want)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files written: %v", ents)
	}
}

func TestExportNeverOverwrites(t *testing.T) {
	for _, ext := range []string{".pcapng", ".jsonl"} {
		path := filepath.Join(t.TempDir(), "taken"+ext)
		if err := os.WriteFile(path, []byte("keep"), 0o600); err != nil {
			t.Fatal(err)
		}
		m, _ := newTestModel(t, 120, 30)
		feed(m, exportScenario()...)
		exportTo(t, m, path)
		if m.mode != modeExport || !strings.Contains(m.export.err, "already exists") {
			t.Errorf("%s: mode %v, error %q: want the prompt back saying the file exists", ext, m.mode, m.export.err)
		}
		if b, _ := os.ReadFile(path); string(b) != "keep" {
			t.Errorf("%s: the existing file was changed: %q", ext, b)
		}
	}
}

func TestExportPcapngAsFiltered(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.pcapng")
	m, _ := newTestModel(t, 120, 30)
	feed(m, exportScenario()...)
	press(m, "e") // enquire_link hidden: 4 PDUs shown of 6
	want := len(shownPDUs(m))
	if want != 4 {
		t.Fatalf("the filtered log shows %d PDUs, want 4", want)
	}
	exportTo(t, m, path)
	contains(t, screen(m), "wrote 4 PDUs to "+path)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte("secret99")) {
		t.Error("the bind password is in the pcapng in clear")
	}
	for _, c := range []string{"trx out", "trx in", "trx: bound"} {
		if !bytes.Contains(raw, []byte(c)) {
			t.Errorf("comment %q missing", c)
		}
	}
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tshark is not installed; .ci/run installs it")
		}
		t.Skip("tshark not installed (apt-get install tshark); CI runs this test")
	}
	out, err := exec.Command(tshark, "-r", path, "-d", "tcp.port==2775,smpp", "-Y", "smpp",
		"-T", "fields", "-e", "frame.time_epoch", "-e", "smpp.command_id", "-e", "_ws.malformed", "-E", "occurrence=a").Output()
	if err != nil {
		t.Fatalf("tshark: %v\n%s", err, out)
	}
	var ids []string
	var stamps []string
	for _, l := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		f := strings.Split(l, "\t")
		if len(f) < 3 {
			t.Fatalf("unexpected tshark line %q", l)
		}
		if f[2] != "" {
			t.Errorf("tshark flags a malformed PDU: %q", l)
		}
		ids = append(ids, strings.Split(f[1], ",")...)
		stamps = append(stamps, f[0])
	}
	wantIDs := []string{"0x00000009", "0x80000009", "0x00000004", "0x80000004"}
	if strings.Join(ids, " ") != strings.Join(wantIDs, " ") {
		t.Errorf("tshark decodes %v, want %v", ids, wantIDs)
	}
	// The real time stamps: the bind at t0+1ms, the submit at t0+900ms.
	if len(stamps) == 4 && (!strings.HasPrefix(stamps[0], tsPrefix(t0.Add(time.Millisecond))) || !strings.HasPrefix(stamps[2], tsPrefix(t0.Add(900*time.Millisecond)))) {
		t.Errorf("time stamps %v", stamps)
	}
}

func tsPrefix(at time.Time) string { return fmt.Sprintf("%d.%03d", at.Unix(), at.Nanosecond()/1e6) }

// readLines parses a JSON lines file, one object per line.
func readLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		var o map[string]any
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		out = append(out, o)
	}
	return out
}

// asMap is v as JSON decodes it into a map.
func asMap(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var o map[string]any
	if err := json.Unmarshal(b, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

func TestExportJSONLinesAsDecodeJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.jsonl")
	m, _ := newTestModel(t, 120, 30)
	feed(m, exportScenario()...)
	press(m, "e")
	pdus := shownPDUs(m)
	exportTo(t, m, path)
	contains(t, screen(m), "wrote 4 PDUs to "+path)
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("stat: %v %v, want mode 0600", st, err)
	}
	if raw, _ := os.ReadFile(path); bytes.Contains(raw, []byte("secret99")) {
		t.Error("the bind password is in the JSON lines in clear")
	}
	lines := readLines(t, path)
	var got []map[string]any
	var events []string
	for _, o := range lines {
		if ev, ok := o["event"]; ok {
			events = append(events, ev.(string))
			continue
		}
		got = append(got, o)
	}
	if len(events) != 2 || !strings.Contains(events[1], "bound") {
		t.Errorf("story rows %q, want connecting and bound", events)
	}
	if len(got) != len(pdus) {
		t.Fatalf("%d PDU lines, the log shows %d", len(got), len(pdus))
	}
	dirs := []string{"out", "in", "out", "in"}
	stamps := []time.Time{t0.Add(time.Millisecond), t0.Add(3 * time.Millisecond), t0.Add(900 * time.Millisecond), t0.Add(902 * time.Millisecond)}
	for i, o := range got {
		if o["link"] != "trx" || o["dir"] != dirs[i] || o["time"] != stamps[i].UTC().Format(time.RFC3339Nano) {
			t.Errorf("PDU %d: time %v link %v dir %v", i, o["time"], o["link"], o["dir"])
		}
		delete(o, "time")
		delete(o, "link")
		delete(o, "dir")
		obj, _ := dissect.JSONObject(pdus[i], dissect.Options{})
		if want := asMap(t, obj); !reflect.DeepEqual(o, want) {
			t.Errorf("PDU %d differs from decode --json's object:\n got %v\nwant %v", i, o, want)
		}
	}
	if f, _ := got[0]["fields"].(map[string]any); f["password"] != dissect.Redacted {
		t.Errorf("password %v, want the mask", f["password"])
	}
}

// With --show-secrets the export keeps the password, as the views do.
func TestExportShowSecrets(t *testing.T) {
	dir := t.TempDir()
	for _, ext := range []string{".pcapng", ".jsonl"} {
		m := New(Options{Session: newFakeSession(), Now: fixedNow, Location: time.UTC, ShowSecrets: true})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
		feed(m, exportScenario()...)
		path := filepath.Join(dir, "log"+ext)
		exportTo(t, m, path)
		if raw, _ := os.ReadFile(path); !bytes.Contains(raw, []byte("secret99")) {
			t.Errorf("%s: --show-secrets, but the password is masked", ext)
		}
	}
}
