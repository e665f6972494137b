package main

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smsc"
)

// These moved here from smsc with the flags themselves.

func TestSimFlagsApplyOverBase(t *testing.T) {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := newSimFlags(fs)
	err := fs.Parse([]string{"--password", "pw2", "--account", "bob:x", "--rule", "44=UNDELIV", "--no-submit-resp",
		"--dlr-delay", "3s", "--rate", "50", "--error-status", "0x58", "--msgid", "uuid"})
	if err != nil {
		t.Fatal(err)
	}
	base := smsc.DefaultConfig()
	base.Accounts = []smsc.Account{{SystemID: "fromfile", Password: "pw1"}}
	base.EnquireLink = 7 * time.Second
	c, err := f.Apply(base)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Accounts) != 2 || c.Accounts[0] != (smsc.Account{SystemID: "fromfile", Password: "pw2"}) || c.Accounts[1].SystemID != "bob" ||
		c.EnquireLink != 7*time.Second || c.ReceiptDelay != 3*time.Second || !c.Faults.NoSubmitResponse ||
		c.Limits.SubmitRate != 50 || c.Faults.ErrorStatus != 0x58 || c.MessageID != smsc.IDUUID || len(c.Rules) != 1 {
		t.Errorf("applied: %+v", c)
	}
	if len(base.Accounts) != 1 || base.Accounts[0].Password != "pw1" {
		t.Error("Apply changed its base")
	}
	fs2 := flag.NewFlagSet("sim", flag.ContinueOnError)
	f2 := newSimFlags(fs2)
	if err := fs2.Parse([]string{"--msgid", "octal", "--seed", "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f2.Apply(smsc.DefaultConfig()); err == nil || !strings.Contains(err.Error(), "octal") || !strings.Contains(err.Error(), "seed") {
		t.Errorf("bad flags: %v", err)
	}
}

func TestSimSessionAndBindTimeoutFlags(t *testing.T) {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := newSimFlags(fs)
	if err := fs.Parse([]string{"--bind-timeout", "250ms", "--max-conns", "3", "--max-unbound", "40"}); err != nil {
		t.Fatal(err)
	}
	c, err := f.Apply(smsc.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if c.BindTimeout != 250*time.Millisecond || c.MaxConnections != 3 || c.MaxUnbound != 40 {
		t.Errorf("applied: bind timeout %v, max conns %d, max unbound %d", c.BindTimeout, c.MaxConnections, c.MaxUnbound)
	}
	s, err := smsc.New(c)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(s.Describe(), "\n")
	if !strings.Contains(text, "at most 3 bound sessions") || !strings.Contains(text, "bind within 250ms") {
		t.Errorf("Describe does not tell the session limits:\n%s", text)
	}
}

func TestSimCongestionFlag(t *testing.T) {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := newSimFlags(fs)
	if err := fs.Parse([]string{"--congestion", "--rate", "100"}); err != nil {
		t.Fatal(err)
	}
	c, err := f.Apply(smsc.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if !c.Limits.Congestion || c.Limits.SubmitRate != 100 {
		t.Errorf("limits: %+v", c.Limits)
	}
}
