package smsc

import (
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/wire"
)

// parseReceipt reads a receipt deliver_sm the way a client would.
func parseReceipt(t testing.TB, p pdu) (deliverSM, receipt.Receipt) {
	t.Helper()
	d := parseDeliver(t, p)
	var tl receipt.TLVs
	if v, ok := tlvValue(d.tlvs, wire.TagReceiptedMessageID); ok {
		if len(v) == 0 || v[len(v)-1] != 0 {
			t.Errorf("receipted_message_id %q is not a C-octet string", v)
		}
		tl.ReceiptedMessageID = strings.TrimRight(string(v), "\x00")
		tl.HasReceiptedMessageID = true
	}
	if v, ok := tlvValue(d.tlvs, wire.TagMessageState); ok && len(v) == 1 {
		tl.MessageState, tl.HasMessageState = receipt.State(v[0]), true
	}
	if v, ok := tlvValue(d.tlvs, wire.TagNetworkErrorCode); ok {
		tl.NetworkErrorCode = v
	}
	r, ok := receipt.Parse(string(d.sm), tl)
	if !ok {
		t.Fatalf("not a receipt: %q", d.sm)
	}
	return d, r
}

func TestReceiptDelivered(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := startBubbleServer(t, Config{ReceiptDelay: 100 * time.Millisecond})
		c := s.dial(t)
		c.mustBind(wire.BindTransceiver)
		start := time.Now()
		st, id := c.submit(sm{src: "12345", dst: "447700900001", reg: 1, text: []byte("Hello @world, this is longer than twenty")})
		if st != 0 {
			t.Fatal(wire.StatusString(st))
		}
		d, r := parseReceipt(t, c.deliver())
		if time.Since(start) < 100*time.Millisecond {
			t.Errorf("receipt after %v, before the delay", time.Since(start))
		}
		if d.esm != 0x04 || d.dc != 0 || d.src != "447700900001" || d.dst != "12345" {
			t.Errorf("receipt header: esm %#x dc %d %s -> %s", d.esm, d.dc, d.src, d.dst)
		}
		if r.MessageID != id || r.TextID != id || r.Stat != "DELIVRD" || r.State != receipt.StateDelivered || r.StateMismatch {
			t.Errorf("receipt %+v for id %s", r, id)
		}
		if r.Sub != "001" || r.Dlvrd != "001" || r.Err != "000" || r.Text != "Hello ?world, this i" {
			t.Errorf("receipt text %q", d.sm)
		}
		if r.SubmitDate.IsZero() || r.DoneDate.IsZero() {
			t.Errorf("receipt dates missing: %q", d.sm)
		}
		if _, ok := tlvValue(d.tlvs, wire.TagNetworkErrorCode); ok {
			t.Error("network_error_code on a delivered receipt")
		}
		eventually(t, "receipt acknowledged", func() bool { return s.Stats().ReceiptsAcked == 1 })
	})
}

func TestReceiptFailureOnlyAndRules(t *testing.T) {
	s := startServer(t, Config{Rules: []Rule{
		{Prefix: "44", Stat: "UNDELIV"},
		{Suffix: "99", Stat: "EXPIRED", Err: 27, NetworkError: 0x1B},
		{Prefix: "33", Stat: "REJECTD", Err: 11},
	}})
	c := dial(t, s)
	c.mustBind(wire.BindTransceiver)
	c.submit(sm{src: "1", dst: "3701", reg: 2}) // delivered: no receipt when failure only
	_, id := c.submit(sm{src: "1", dst: "4401", reg: 2})
	d, r := parseReceipt(t, c.deliver())
	if r.MessageID != id || r.Stat != "UNDELIV" || r.Err != "001" || r.Dlvrd != "000" {
		t.Errorf("failure receipt %q", d.sm)
	}
	if v, ok := tlvValue(d.tlvs, wire.TagNetworkErrorCode); !ok || string(v) != "\x03\x00\x01" {
		t.Errorf("network_error_code %x", v)
	}
	_, id = c.submit(sm{src: "1", dst: "3799", reg: 1})
	d, r = parseReceipt(t, c.deliver())
	if r.MessageID != id || r.State != receipt.StateExpired || r.Err != "027" {
		t.Errorf("suffix rule receipt %q", d.sm)
	}
	_, id = c.submit(sm{src: "1", dst: "3301", reg: 1})
	if _, r = parseReceipt(t, c.deliver()); r.MessageID != id || r.State != receipt.StateRejected || r.Err != "011" {
		t.Errorf("REJECTD receipt %+v", r)
	}
	select {
	case p := <-c.dlv:
		t.Errorf("extra receipt %q", parseDeliver(t, p).sm)
	case <-time.After(100 * time.Millisecond):
	}
}

func TestIntermediateReceipt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := startBubbleServer(t, Config{ReceiptDelay: 50 * time.Millisecond})
		c := s.dial(t)
		c.mustBind(wire.BindTransceiver)
		_, id := c.submit(sm{src: "1", dst: "2", reg: 0x11})
		d, r := parseReceipt(t, c.deliver())
		if d.esm != 0x20 || r.State != receipt.StateEnroute || r.MessageID != id {
			t.Errorf("intermediate: esm %#x %q", d.esm, d.sm)
		}
		d, r = parseReceipt(t, c.deliver())
		if d.esm != 0x04 || r.State != receipt.StateDelivered {
			t.Errorf("final: esm %#x %q", d.esm, d.sm)
		}
	})
}

func TestReceiptIDFormatDiffers(t *testing.T) {
	s := startServer(t, Config{MessageID: IDHex, ReceiptID: IDDecimal})
	c := dial(t, s)
	c.mustBind(wire.BindTransceiver)
	_, id := c.submit(sm{src: "1", dst: "2", reg: 1})
	_, r := parseReceipt(t, c.deliver())
	n, _ := strconv.ParseUint(id, 16, 64)
	if r.MessageID != id || r.TextID != strconv.FormatUint(n, 10) {
		t.Errorf("hex id %s: receipt TLV id %s, text id %s", id, r.MessageID, r.TextID)
	}
}

func TestReceiptRouting(t *testing.T) {
	s := startServer(t, Config{Accounts: []Account{{SystemID: "a", Password: "a"}, {SystemID: "b", Password: "b"}}})
	bind := func(id uint32, sys string) *client {
		c := dial(t, s)
		if p := c.bind(id, sys, sys); p.h.Status != 0 {
			t.Fatal(p.h)
		}
		return c
	}
	// A transmitter's receipts wait until a receiver of the same system_id binds.
	tx := bind(wire.BindTransmitter, "a")
	_, id := tx.submit(sm{src: "1", dst: "2", reg: 1})
	eventually(t, "receipt pending", func() bool { st := s.Stats(); return st.Pending == 1 && st.Scheduled == 0 })
	otherRx := bind(wire.BindReceiver, "b")
	rx1 := bind(wire.BindReceiver, "a")
	if _, r := parseReceipt(t, rx1.deliver()); r.MessageID != id {
		t.Errorf("pending receipt for %s, want %s", r.MessageID, id)
	}
	// Receivers of the system_id take turns.
	rx2 := bind(wire.BindReceiver, "a")
	for i := 0; i < 10; i++ {
		tx.submit(sm{src: "1", dst: "2", reg: 1})
	}
	eventually(t, "ten receipts", func() bool { return len(rx1.dlv)+len(rx2.dlv) == 10 })
	if len(rx1.dlv) == 0 || len(rx2.dlv) == 0 {
		t.Errorf("receipts not shared: %d and %d", len(rx1.dlv), len(rx2.dlv))
	}
	// A transceiver gets its own receipts even with receivers bound.
	trx := bind(wire.BindTransceiver, "a")
	_, id = trx.submit(sm{src: "1", dst: "2", reg: 1})
	if _, r := parseReceipt(t, trx.deliver()); r.MessageID != id {
		t.Errorf("transceiver got receipt for %s, want %s", r.MessageID, id)
	}
	if len(otherRx.dlv) != 0 {
		t.Error("a receiver of another system_id got receipts")
	}
}

func TestReceiptAfterSubmitterLeaves(t *testing.T) {
	s := startServer(t, Config{ReceiptDelay: 100 * time.Millisecond})
	trx := dial(t, s)
	trx.mustBind(wire.BindTransceiver)
	_, id := trx.submit(sm{src: "1", dst: "2", reg: 1})
	trx.call(wire.Unbind, nil)
	trx.waitClosed()
	rx := dial(t, s)
	rx.mustBind(wire.BindReceiver)
	if _, r := parseReceipt(t, rx.deliver()); r.MessageID != id {
		t.Errorf("receipt for %s, want %s", r.MessageID, id)
	}
}

func TestMixIsDeterministicForASeed(t *testing.T) {
	run := func(seed uint64) string {
		s := startServer(t, Config{Seed: seed, Mix: []Share{{Stat: "DELIVRD", Weight: 1}, {Stat: "UNDELIV", Weight: 1}, {Stat: "EXPIRED", Weight: 1}}})
		c := dial(t, s)
		c.mustBind(wire.BindTransceiver)
		var order []string
		for i := 0; i < 30; i++ {
			_, id := c.submit(sm{src: "1", dst: "2", reg: 1})
			order = append(order, id)
		}
		stat := map[string]string{}
		for range order {
			_, r := parseReceipt(t, c.deliver())
			stat[r.MessageID] = r.Stat
		}
		var out []string
		for _, id := range order {
			out = append(out, stat[id])
		}
		return strings.Join(out, " ")
	}
	a, b, other := run(42), run(42), run(43)
	if a != b {
		t.Errorf("same seed, different outcomes:\n%s\n%s", a, b)
	}
	if a == other {
		t.Errorf("seeds 42 and 43 gave the same 30 outcomes: %s", a)
	}
	for _, stat := range []string{"DELIVRD", "UNDELIV", "EXPIRED"} {
		if !strings.Contains(a, stat) {
			t.Errorf("no %s in an even three-way mix of 30: %s", stat, a)
		}
	}
}

func TestDeliverRetryOnTemporaryError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := startBubbleServer(t, Config{RetryDelay: 50 * time.Millisecond})
		c := s.dial(t)
		first := true
		c.mu.Lock()
		c.ackStatus = func(pdu) uint32 {
			if first {
				first = false
				return wire.StatusXTAppn
			}
			return 0
		}
		c.mu.Unlock()
		c.mustBind(wire.BindTransceiver)
		_, id := c.submit(sm{src: "1", dst: "2", reg: 1})
		_, r1 := parseReceipt(t, c.deliver())
		_, r2 := parseReceipt(t, c.deliver())
		if r1.MessageID != id || r2.MessageID != id {
			t.Errorf("resent receipt ids %s, %s; want %s", r1.MessageID, r2.MessageID, id)
		}
		eventually(t, "retry counted", func() bool {
			st := s.Stats()
			return st.DeliverRetries == 1 && st.ReceiptsAcked == 1 && st.ReceiptsSent == 2
		})
	})
}

func TestDeliverWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := startBubbleServer(t, Config{DeliverWindow: 2})
		c := s.dial(t)
		var held []pdu
		c.mu.Lock()
		c.ackStatus = func(pdu) uint32 { return 0xFFFFFFFF } // never answer
		c.mu.Unlock()
		c.mustBind(wire.BindTransceiver)
		for i := 0; i < 5; i++ {
			c.submit(sm{src: "1", dst: "2", reg: 1})
		}
		held = append(held, c.deliver(), c.deliver())
		select {
		case <-c.dlv:
			t.Fatal("a third deliver_sm went out with a window of 2")
		case <-time.After(150 * time.Millisecond):
		}
		// Answering one lets one more out.
		c.write(deliverSMResp(held[0].h.Seq))
		c.deliver()
		// A header-only OK deliver_sm_resp is accepted too.
		c.write(wire.HeaderOnly(wire.DeliverSMResp, 0, held[1].h.Seq))
		c.deliver()
		eventually(t, "acks counted", func() bool { return s.Stats().ReceiptsAcked == 2 })
	})
}

func TestReceiptToSMPP33ClientHasNoTLVs(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s)
	if p := c.call(wire.BindTransceiver, bindBody(DefaultSystemID, DefaultPassword, 0x33)); p.h.Status != 0 {
		t.Fatal(p.h)
	}
	_, id := c.submit(sm{src: "1", dst: "2", reg: 1})
	d, r := parseReceipt(t, c.deliver())
	if len(d.tlvs) != 0 || r.TextID != id {
		t.Errorf("3.3 receipt: %d TLVs, text %q", len(d.tlvs), d.sm)
	}
}
