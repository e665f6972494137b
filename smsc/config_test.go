package smsc

import (
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/smppconsole/smppconsole/wire"
)

func TestParseRule(t *testing.T) {
	cases := []struct {
		in   string
		want Rule
	}{
		{"447700=UNDELIV:1", Rule{Prefix: "447700", Stat: "UNDELIV", Err: 1}},
		{"*99=EXPIRED", Rule{Suffix: "99", Stat: "EXPIRED"}},
		{"=REJECTD", Rule{Stat: "REJECTD"}},
		{"999=ESME_RINVDSTADR", Rule{Prefix: "999", Status: Status(wire.StatusInvDstAdr)}},
		{"1=none", Rule{Prefix: "1", Stat: "none"}},
	}
	for _, tc := range cases {
		got, err := ParseRule(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseRule(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"447", "1=DELIVERED?", "1=UNDELIV:x", "1=ESME_RNOPE", "1=ENROUTE"} {
		if _, err := ParseRule(bad); err == nil {
			t.Errorf("ParseRule(%q) accepted", bad)
		}
	}
}

func TestParseMixAndStatus(t *testing.T) {
	m, err := ParseMix("DELIVRD:90, UNDELIV:7,EXPIRED:3")
	if err != nil || len(m) != 3 || m[1] != (Share{Stat: "UNDELIV", Weight: 7}) {
		t.Errorf("ParseMix: %+v %v", m, err)
	}
	for _, bad := range []string{"DELIVRD", "DELIVRD:x", "NOPE:1"} {
		if _, err := ParseMix(bad); err == nil {
			t.Errorf("ParseMix(%q) accepted", bad)
		}
	}
	for in, want := range map[string]uint32{"ESME_RTHROTTLED": 0x58, "rthrottled": 0x58, "0x58": 0x58, "88": 0x58, "0x400": 0x400} {
		if got, err := ParseStatus(in); err != nil || uint32(got) != want {
			t.Errorf("ParseStatus(%q) = %v, %v", in, got, err)
		}
	}
}

func TestConfigValidation(t *testing.T) {
	bad := []Config{
		{Accounts: []Account{{SystemID: ""}}},
		{Accounts: []Account{{SystemID: "a"}, {SystemID: "a"}}},
		{Accounts: []Account{{SystemID: "a", Password: "123456789"}}},
		{MessageID: "octal"},
		{Rules: []Rule{{Stat: "SOMETIMES"}}},
		{Mix: []Share{{Stat: "DELIVRD", Weight: 0}}},
		{ReceiptDelay: 2 * time.Hour},
		{MO: MOConfig{SystemID: "ghost"}},
		{Limits: Limits{SubmitRate: -1}},
	}
	for i, c := range bad {
		if _, err := New(c); err == nil {
			t.Errorf("config %d accepted: %+v", i, c)
		}
	}
	if _, err := New(Config{}); err != nil {
		t.Errorf("zero config: %v", err)
	}
}

// TestConfigTOML checks the [sim] section a config file carries decodes as documented.
func TestConfigTOML(t *testing.T) {
	var f struct {
		Sim Config `toml:"sim"`
	}
	md, err := toml.Decode(`
[sim]
listen = "127.0.0.1:2776"
message_id = "uuid"
receipt_delay = "250ms"
seed = 7
mix = [{stat = "DELIVRD", weight = 9}, {stat = "UNDELIV", weight = 1}]
rules = [{prefix = "4479", stat = "EXPIRED", err = 27}, {suffix = "000", status = "ESME_RINVDSTADR"}]

[sim.limits]
submit_rate = 100.5
window = 10

[sim.faults]
response_delay = "1s"
error_every = 5
error_status = "ESME_RTHROTTLED"

[[sim.accounts]]
system_id = "alice"
password = "secret"
[sim.accounts.faults]
close_after = 3
`, &f)
	if err != nil {
		t.Fatal(err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Errorf("undecoded keys %v", u)
	}
	c := f.Sim
	if c.Listen != "127.0.0.1:2776" || c.MessageID != IDUUID || c.ReceiptDelay != 250*time.Millisecond || c.Seed != 7 ||
		len(c.Mix) != 2 || c.Rules[1].Status != Status(wire.StatusInvDstAdr) || c.Limits.SubmitRate != 100.5 ||
		c.Faults.ResponseDelay != time.Second || c.Faults.ErrorStatus != Status(wire.StatusThrottled) ||
		len(c.Accounts) != 1 || c.Accounts[0].Faults.CloseAfter != 3 {
		t.Errorf("decoded %+v", c)
	}
	s, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	if a := s.accounts["alice"]; a.faults.CloseAfter != 3 || a.faults.ErrorEvery != 5 || a.limits.Window != 10 {
		t.Errorf("account merge: %+v %+v", a.faults, a.limits)
	}
}

func TestDescribeAndSummary(t *testing.T) {
	s, err := New(Config{Faults: Faults{ErrorEvery: 3}, Limits: Limits{SubmitRate: 10}})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(s.Describe(), "\n")
	for _, want := range []string{"127.0.0.1:2775", `system_id "smppclient1" password "password"`, "rate 10/s", "every 3. submission answered ESME_RSYSERR"} {
		if !strings.Contains(text, want) {
			t.Errorf("Describe lacks %q:\n%s", want, text)
		}
	}
	prev := Stats{Submitted: 100}
	now := Stats{Bound: 2, Submitted: 600, ReceiptsSent: 40, ReceiptsAcked: 39}
	if got := now.Summary(prev, 500*time.Millisecond); !strings.Contains(got, "submit 1000/s") || !strings.Contains(got, "bound 2") {
		t.Errorf("Summary: %q", got)
	}
	if (Stats{Stored: 5}).Changed(Stats{Stored: 9}) || !now.Changed(prev) {
		t.Error("Changed")
	}
}

// Each field of an account's limits and faults is laid over the server's only when the
// account sets it; a fault switched on at either level stays on.
func TestLimitsFaultsMerge(t *testing.T) {
	base := Limits{SubmitRate: 10, SubmitBurst: 5, Window: 8, MaxBinds: 2}
	if got := base.merge(Limits{Window: 3}); got != (Limits{SubmitRate: 10, SubmitBurst: 5, Window: 3, MaxBinds: 2}) {
		t.Errorf("limits merge: %+v", got)
	}
	if got := base.merge(Limits{}); got != base {
		t.Errorf("empty limits merge changed %+v to %+v", base, got)
	}
	f := Faults{ResponseDelay: time.Second, NoSubmitResponse: true, ErrorEvery: 4}
	got := f.merge(Faults{HeaderOnlyErrors: true, ErrorEvery: 7, CloseAfter: 3})
	want := Faults{ResponseDelay: time.Second, NoSubmitResponse: true, HeaderOnlyErrors: true, ErrorEvery: 7, CloseAfter: 3}
	if got != want {
		t.Errorf("faults merge: %+v, want %+v", got, want)
	}
}
