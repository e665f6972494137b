package smsc

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/smppconsole/smppconsole/wire"
)

func bindAt(t *testing.T, c *client, id uint32, version byte) pdu {
	t.Helper()
	p := c.call(id, bindBody(DefaultSystemID, DefaultPassword, version))
	if p.h.Status != 0 {
		t.Fatalf("bind: %s", wire.StatusString(p.h.Status))
	}
	return p
}

func bindRespTLVs(t *testing.T, p pdu) []wire.TLV {
	t.Helper()
	b := wire.BindRespBody{Command: p.h.ID}
	if err := b.Decode(p.body); err != nil {
		t.Fatal(err)
	}
	return b.TLVs
}

// A 3.3 server: no TLV in bind_resp, data_sm unknown, the TLVs of requests ignored
// (short_message and message_payload together are no error there), receipts as text.
func TestVersion33Server(t *testing.T) {
	s := startServer(t, Config{InterfaceVersion: "3.3"})
	c := dial(t, s)
	if tlvs := bindRespTLVs(t, bindAt(t, c, wire.BindTransceiver, 0x34)); len(tlvs) != 0 {
		t.Errorf("3.3 bind_resp carries TLVs %v", tlvs)
	}
	data := wire.SMBody{Command: wire.DataSM, Source: addr("1"), Dest: addr("2"),
		TLVs: []wire.TLV{{Tag: wire.TagMessagePayload, Value: []byte("x")}}}
	if p := c.call(wire.DataSM, data.Append(nil)); p.h.ID != wire.GenericNack || p.h.Status != wire.StatusInvCmdID {
		t.Errorf("data_sm to a 3.3 server answered %s %s, want generic_nack ESME_RINVCMDID", wire.CommandName(p.h.ID), wire.StatusString(p.h.Status))
	}
	both := sm{src: "1", dst: "447700900123", reg: 1, text: []byte("hello"),
		tlvs: []wire.TLV{{Tag: wire.TagMessagePayload, Value: []byte("ignored")}}}
	if st, id := c.submit(both); st != 0 || id == "" {
		t.Fatalf("submit_sm with a TLV to a 3.3 server: %s, id %q; want it accepted, the TLV ignored", wire.StatusString(st), id)
	}
	d := parseDeliver(t, c.deliver())
	if len(d.tlvs) != 0 || !strings.Contains(string(d.sm), "stat:DELIVRD") || !strings.Contains(string(d.sm), "text:hello") {
		t.Errorf("3.3 receipt: TLVs %v, text %q", d.tlvs, d.sm)
	}
}

// The same request to a 3.4 server is refused: short_message and message_payload
// together (3.4 §5.3.2.32). This shows the 3.3 server's ignoring is not an accident.
func TestVersion34ServerReadsTLVs(t *testing.T) {
	s := startServer(t, Config{InterfaceVersion: "3.4"})
	c := dial(t, s)
	tlvs := bindRespTLVs(t, bindAt(t, c, wire.BindTransceiver, 0x50))
	if v, ok := tlvValue(tlvs, wire.TagScInterfaceVersion); !ok || len(v) != 1 || v[0] != 0x34 {
		t.Errorf("3.4 server's sc_interface_version %v, %v; want 0x34", v, ok)
	}
	both := sm{src: "1", dst: "447700900123", text: []byte("hello"),
		tlvs: []wire.TLV{{Tag: wire.TagMessagePayload, Value: []byte("x")}}}
	if st, _ := c.submit(both); st != wire.StatusInvMsgLen {
		t.Errorf("short_message and message_payload to a 3.4 server: %s, want ESME_RINVMSGLEN", wire.StatusString(st))
	}
	p := c.call(wire.SubmitSM, submitBody(sm{src: "1", dst: "447700900123", text: []byte("x")}))
	b := wire.SMRespBody{Command: wire.SubmitSMResp}
	if err := b.Decode(p.body); err != nil || len(b.TLVs) != 0 {
		t.Errorf("3.4 submit_sm_resp TLVs %v (%v); want none (congestion_state is 5.0)", b.TLVs, err)
	}
}

// A 5.0 server gives sc_interface_version 0x50 and congestion_state, but only to an
// ESME that bound with 5.0; one at 3.3 gets no TLV at all.
func TestVersion50Server(t *testing.T) {
	s := startServer(t, Config{InterfaceVersion: "5.0"})
	for _, tc := range []struct {
		esme     byte
		sc       byte // 0: none
		congests bool
	}{{0x50, 0x50, true}, {0x34, 0x50, false}, {0x33, 0, false}} {
		c := dial(t, s)
		tlvs := bindRespTLVs(t, bindAt(t, c, wire.BindTransceiver, tc.esme))
		v, ok := tlvValue(tlvs, wire.TagScInterfaceVersion)
		if tc.sc == 0 && ok || tc.sc != 0 && (!ok || v[0] != tc.sc) {
			t.Errorf("ESME 0x%02X: sc_interface_version %v %v, want 0x%02X", tc.esme, v, ok, tc.sc)
		}
		p := c.call(wire.SubmitSM, submitBody(sm{src: "1", dst: "447700900123", text: []byte("x")}))
		b := wire.SMRespBody{Command: wire.SubmitSMResp}
		if err := b.Decode(p.body); err != nil {
			t.Fatal(err)
		}
		if _, got := tlvValue(b.TLVs, wire.TagCongestionState); got != tc.congests {
			t.Errorf("ESME 0x%02X: congestion_state present %v, want %v", tc.esme, got, tc.congests)
		}
		c.close()
	}
}

func TestVersionConfigRefused(t *testing.T) {
	for _, tc := range []struct {
		cfg   Config
		words string
	}{
		{Config{InterfaceVersion: "4.0"}, "interface_version"},
		{Config{ReceiptsAs: "submit_sm"}, "want deliver_sm or data_sm"},
		{Config{InterfaceVersion: "3.3", ReceiptsAs: "data_sm"}, "SMPP 3.3 has no data_sm"},
		{Config{InterfaceVersion: "3.4", Limits: Limits{Congestion: true}}, "congestion needs interface_version 5.0"},
		{Config{InterfaceVersion: "3.3", Accounts: []Account{{SystemID: "a", Limits: Limits{Congestion: true}}}}, "congestion needs"},
		{Config{Outbind: "nowhere"}, "want host:port"},
		{Config{Outbind: "127.0.0.1:1", OutbindSystemID: "ghost"}, `outbind: system_id "ghost"`},
	} {
		if _, err := New(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.words) {
			t.Errorf("%+v: error %v, want one saying %q", tc.cfg, err, tc.words)
		}
	}
	for _, v := range []string{"", "3.3", "3.4", "5.0", "0x34"} {
		if _, err := New(Config{InterfaceVersion: v, ReceiptsAs: "deliver_sm"}); err != nil {
			t.Errorf("interface_version %q: %v", v, err)
		}
	}
}

// The server dials Config.Outbind, sends outbind with the account's credentials as
// its first PDU (sequence_number 1), serves the bind_receiver that follows, and dials
// again after that connection ends; Shutdown stops it (no goroutine left).
func TestOutbindDialsAndRedials(t *testing.T) {
	ln, err := listenLoopback()
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	log := &logSink{}
	s := startServer(t, Config{
		Accounts: []Account{{SystemID: "first", Password: "pw1"}, {SystemID: "second", Password: "pw2"}},
		Outbind:  ln.Addr().String(), OutbindSystemID: "second", OutbindRetry: 10 * time.Millisecond,
		ReceiptDelay: time.Millisecond, Log: log.log,
	})
	accept := func() *client {
		t.Helper()
		type res struct {
			nc  net.Conn
			err error
		}
		ch := make(chan res, 1)
		go func() { nc, err := ln.Accept(); ch <- res{nc, err} }()
		select {
		case r := <-ch:
			if r.err != nil {
				t.Fatal(r.err)
			}
			return newClient(t, r.nc)
		case <-time.After(testTimeout):
			t.Fatal("the server did not dial the outbind address")
		}
		return nil
	}
	c := accept()
	p := c.recv()
	var ob wire.OutbindBody
	if err := ob.Decode(p.body); p.h.ID != wire.Outbind || p.h.Seq != 1 || err != nil {
		t.Fatalf("first PDU %s seq %d (%v), want outbind seq 1", wire.CommandName(p.h.ID), p.h.Seq, err)
	}
	if string(ob.SystemID) != "second" || string(ob.Password) != "pw2" {
		t.Errorf("outbind system_id %q password %q, want the account's", ob.SystemID, ob.Password)
	}
	if p := c.call(wire.BindReceiver, bindBody("second", "pw2", 0x34)); p.h.Status != 0 {
		t.Fatalf("bind_receiver on the outbind connection: %s", wire.StatusString(p.h.Status))
	}
	eventually(t, "the bind counted", func() bool { return s.Stats().Binds == 1 })
	c.close()
	c2 := accept() // dialled again
	if p := c2.recv(); p.h.ID != wire.Outbind {
		t.Fatalf("after redial: %s, want outbind", wire.CommandName(p.h.ID))
	}
	if !log.has(EventOutbind, `outbind sent as system_id "second"`) {
		t.Error("no outbind event in the log")
	}
}

// Receipts as data_sm go as deliver_sm to an ESME that bound with 3.3, which has no
// data_sm; a 3.4 ESME gets data_sm with the text in message_payload.
func TestReceiptsAsDataSMByBind(t *testing.T) {
	s := startServer(t, Config{ReceiptsAs: "data_sm"})
	for _, tc := range []struct {
		esme byte
		want uint32
	}{{0x33, wire.DeliverSM}, {0x34, wire.DataSM}} {
		c := dial(t, s)
		bindAt(t, c, wire.BindTransceiver, tc.esme)
		if st, _ := c.submit(sm{src: "1", dst: "447700900123", reg: 1, text: []byte("hi")}); st != 0 {
			t.Fatal(wire.StatusString(st))
		}
		p := c.deliver()
		if p.h.ID != tc.want {
			t.Fatalf("ESME 0x%02X: receipt as %s, want %s", tc.esme, wire.CommandName(p.h.ID), wire.CommandName(tc.want))
		}
		if tc.want == wire.DataSM {
			b := wire.SMBody{Command: wire.DataSM}
			if err := b.Decode(p.body); err != nil {
				t.Fatal(err)
			}
			text, _ := tlvValue(b.TLVs, wire.TagMessagePayload)
			_, hasID := tlvValue(b.TLVs, wire.TagReceiptedMessageID)
			if b.ESMClass&0x3C != 0x04 || !hasID || !strings.Contains(string(text), "stat:DELIVRD") {
				t.Errorf("data_sm receipt: esm_class 0x%02X, receipted_message_id %v, message_payload %q", b.ESMClass, hasID, text)
			}
		}
		c.close()
	}
}

// The [sim] section carries the same keys as the flags.
func TestVersionConfigTOML(t *testing.T) {
	var f struct {
		Sim Config `toml:"sim"`
	}
	_, err := toml.Decode(`
[sim]
interface_version = "5.0"
outbind = "127.0.0.1:2776"
outbind_system_id = "alice"
outbind_retry = "250ms"
receipts_as = "data_sm"
[[sim.accounts]]
system_id = "alice"
password = "a"
`, &f)
	if err != nil {
		t.Fatal(err)
	}
	c := f.Sim
	if c.InterfaceVersion != "5.0" || c.Outbind != "127.0.0.1:2776" || c.OutbindSystemID != "alice" ||
		c.OutbindRetry != 250*time.Millisecond || c.ReceiptsAs != "data_sm" {
		t.Errorf("decoded %+v", c)
	}
	s, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	d := strings.Join(s.Describe(), "\n")
	for _, w := range []string{"(SMPP 5.0)", `sends outbind to 127.0.0.1:2776 as system_id "alice"`, "receipts as data_sm"} {
		if !strings.Contains(d, w) {
			t.Errorf("Describe does not say %q:\n%s", w, d)
		}
	}
}

// Nobody listens at the outbind address: the server says so and keeps trying; Shutdown
// stops the loop mid-wait (startServer checks that no goroutine is left).
func TestOutbindNobodyListening(t *testing.T) {
	ln, err := listenLoopback()
	if err != nil {
		t.Fatal(err)
	}
	gone := ln.Addr().String()
	ln.Close()
	log := &logSink{}
	startServer(t, Config{Outbind: gone, OutbindRetry: time.Hour, Log: log.log})
	eventually(t, "the failed outbind in the log", func() bool { return log.has(EventOutbind, "cannot connect") })
}
