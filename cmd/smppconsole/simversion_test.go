package main

import (
	"flag"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

func TestSimVersionFlags(t *testing.T) {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := newSimFlags(fs)
	if err := fs.Parse([]string{"--interface-version", "0x50", "--outbind", "127.0.0.1:2776", "--outbind-system-id", "bob",
		"--outbind-retry", "50ms", "--receipts-as", "data_sm"}); err != nil {
		t.Fatal(err)
	}
	c, err := f.Apply(smsc.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if c.InterfaceVersion != "5.0" || c.Outbind != "127.0.0.1:2776" || c.OutbindSystemID != "bob" ||
		c.OutbindRetry != 50*time.Millisecond || c.ReceiptsAs != "data_sm" {
		t.Errorf("applied: version %q outbind %q as %q retry %v receipts as %q", c.InterfaceVersion, c.Outbind, c.OutbindSystemID, c.OutbindRetry, c.ReceiptsAs)
	}
	for _, tc := range []struct {
		args  []string
		words string
	}{
		{[]string{"--interface-version", "4.1"}, "--interface-version"},
		{[]string{"--outbind", "nowhere"}, "want HOST:PORT"},
		{[]string{"--receipts-as", "submit_sm"}, "want deliver_sm or data_sm"},
	} {
		fs := flag.NewFlagSet("sim", flag.ContinueOnError)
		f := newSimFlags(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Apply(smsc.DefaultConfig()); err == nil || !strings.Contains(err.Error(), tc.words) {
			t.Errorf("%v: %v, want an error saying %q", tc.args, err, tc.words)
		}
	}
	var out, errb strings.Builder
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if code := runSimUntil(nil, []string{"--interface-version", "3.3", "--receipts-as", "data_sm"}, &out, &errb); code != 2 ||
		!strings.Contains(errb.String(), "SMPP 3.3 has no data_sm") {
		t.Errorf("3.3 with data_sm receipts: exit %d, stderr %q", code, errb.String())
	}
}

// `sim --outbind` from a config file's [sim] keys and flags: it says what it does,
// dials the address, and its first PDU there is outbind with the chosen account.
func TestSimOutbindFromConfigAndFlags(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	cfgFile := filepath.Join(dir, "sim.toml")
	toml := "[sim]\ninterface_version = \"5.0\"\nreceipts_as = \"data_sm\"\noutbind_system_id = \"bob\"\n" +
		"[[sim.accounts]]\nsystem_id = \"alice\"\npassword = \"a\"\n[[sim.accounts]]\nsystem_id = \"bob\"\npassword = \"b\"\n"
	if err := os.WriteFile(cfgFile, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	stops := make(chan os.Signal, 2)
	sim := startSim(t, func(stdout io.Writer) int {
		var errb strings.Builder
		return runSimUntil(stops, []string{"--config", cfgFile, "--listen", "127.0.0.1:0", "--enquire-link", "0",
			"--outbind", ln.Addr().String()}, stdout, &errb)
	})
	sim.next(`listening on \S+ \(SMPP 5\.0\)`)
	sim.next(`sends outbind to ` + ln.Addr().String() + ` as system_id "bob"`)
	sim.next(`receipts as data_sm`)
	_ = ln.(*net.TCPListener).SetDeadline(time.Now().Add(5 * time.Second))
	nc, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	_ = nc.SetDeadline(time.Now().Add(5 * time.Second))
	raw, err := wire.NewReader(nc, 0).ReadPDU()
	if err != nil {
		t.Fatal(err)
	}
	h, _ := wire.ParseHeader(raw)
	var ob wire.OutbindBody
	if err := ob.Decode(wire.Body(raw)); h.ID != wire.Outbind || err != nil || string(ob.SystemID) != "bob" {
		t.Fatalf("first PDU %s (%v), system_id %q; want outbind from bob", wire.CommandName(h.ID), err, ob.SystemID)
	}
	stops <- os.Interrupt
	if code := sim.exit(); code != 0 {
		t.Errorf("exit %d", code)
	}
}
