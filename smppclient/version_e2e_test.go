package smppclient

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

// tlvsOf returns the TLVs of a bind_resp, submit_sm_resp, data_sm_resp, deliver_sm or
// data_sm as they came on the wire.
func tlvsOf(t *testing.T, raw []byte) []wire.TLV {
	t.Helper()
	h, _ := wire.ParseHeader(raw)
	b, err := wire.DecodeBody(h, wire.Body(raw))
	if err != nil {
		t.Fatalf("%s: %v", wire.CommandName(h.ID), err)
	}
	switch b := b.(type) {
	case *wire.BindRespBody:
		return b.TLVs
	case *wire.SMRespBody:
		return b.TLVs
	case *wire.SMBody:
		return b.TLVs
	}
	t.Fatalf("no TLVs for %T", b)
	return nil
}

// The version negotiation matrix: a client at 3.3, 3.4 and 5.0 against the simulator
// acting as each.
func TestE2EInterfaceVersionMatrix(t *testing.T) {
	versions := []struct {
		name string
		v    byte
	}{{"3.3", 0x33}, {"3.4", 0x34}, {"5.0", 0x50}}
	for _, sim := range versions {
		for _, cl := range versions {
			t.Run(fmt.Sprintf("sim%s/client%s", sim.name, cl.name), func(t *testing.T) {
				srv := startSim(t, smsc.Config{InterfaceVersion: sim.name})
				s := simSettings(srv.Addr().String())
				s.InterfaceVersion = cl.v
				c, ev := startClient(t, s)
				e, _ := ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
				bound := e.(StateEvent)

				// sc_interface_version: none from a 3.3 server or to a 3.3 client, else the
				// server's own version.
				wantHas := sim.v != 0x33 && cl.v != 0x33
				if bound.HasSCVersion != wantHas || wantHas && bound.SCInterfaceVersion != sim.v {
					t.Errorf("Bound: sc_interface_version 0x%02X has %v; want 0x%02X has %v", bound.SCInterfaceVersion, bound.HasSCVersion, sim.v, wantHas)
				}
				if ls := c.Stats().Links[0]; ls.HasSCVersion != bound.HasSCVersion || ls.SCInterfaceVersion != bound.SCInterfaceVersion {
					t.Errorf("LinkStats: 0x%02X %v, the Bound event 0x%02X %v", ls.SCInterfaceVersion, ls.HasSCVersion, bound.SCInterfaceVersion, bound.HasSCVersion)
				}
				note := VersionNote(cl.v, bound.SCInterfaceVersion, bound.HasSCVersion)
				var want string
				switch {
				case cl.v == 0x33 || sim.v == cl.v:
					want = ""
				case sim.v == 0x33:
					want = "SMSC speaks 3.3 (no sc_interface_version in bind_resp"
				case sim.v < cl.v:
					want = "SMSC speaks 3.4, the client asked for 5.0: no congestion_state will come"
				default:
					want = "SMSC speaks 5.0, the client asked for 3.4: the SMSC will talk 3.4"
				}
				if want == "" && note != "" || !strings.Contains(note, want) {
					t.Errorf("VersionNote = %q, want %q", note, want)
				}
				if !strings.Contains(bound.Reason, note) {
					t.Errorf("Bound reason %q does not carry the note %q", bound.Reason, note)
				}

				m := msg("447700900123", "matrix")
				m.RegisteredDelivery = 1
				sub, err := c.Submit(ctxT(t, 5*time.Second), m)
				if err != nil {
					t.Fatal(err)
				}
				se, _ := ev.waitFor(t, 5*time.Second, "submit outcome", func(e Event) bool { _, ok := e.(SubmitEvent); return ok })
				if se := se.(SubmitEvent); se.Outcome != Accepted {
					t.Fatalf("submit %v", se.Outcome)
				} else if wantCong := sim.v == 0x50 && cl.v == 0x50; se.HasCongestion != wantCong {
					// A 5.0 server sends no 5.0 TLV to an ESME that bound as 3.4.
					t.Errorf("congestion_state present %v, want %v", se.HasCongestion, wantCong)
				}
				r := receiptsFor(t, ev, sub)[0]
				if r.Receipt.Stat != "DELIVRD" {
					t.Errorf("receipt %+v", r.Receipt)
				}
				wantTLVs := sim.v != 0x33 && cl.v != 0x33
				for _, e := range ev.snapshot() {
					p, ok := e.(PDUEvent)
					if !ok || p.Dir != In || p.Header.ID == wire.EnquireLinkResp {
						continue
					}
					if got := len(tlvsOf(t, p.Raw)) > 0; p.Header.ID == wire.DeliverSM && got != wantTLVs {
						t.Errorf("deliver_sm TLVs present %v, want %v", got, wantTLVs)
					} else if !wantTLVs && got {
						t.Errorf("%s carries TLVs %v, which 3.3 has not", wire.CommandName(p.Header.ID), tlvsOf(t, p.Raw))
					}
				}
			})
		}
	}
}

// Receipts sent as data_sm (the text in message_payload, the receipt TLVs beside it)
// are answered with data_sm_resp and correlated like deliver_sm ones.
func TestE2EReceiptsAsDataSM(t *testing.T) {
	srv := startSim(t, smsc.Config{ReceiptsAs: "data_sm", Rules: []smsc.Rule{{Prefix: "4478", Stat: "UNDELIV", Err: 1, NetworkError: 0x0101}}})
	c, ev := startClient(t, simSettings(srv.Addr().String()))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	for _, to := range []struct{ dest, stat string }{{"447700900123", "DELIVRD"}, {"447800900123", "UNDELIV"}} {
		m := msg(to.dest, "as data_sm")
		m.RegisteredDelivery = 1
		sub, err := c.Submit(ctxT(t, 5*time.Second), m)
		if err != nil {
			t.Fatal(err)
		}
		r := receiptsFor(t, ev, sub)[0]
		if r.Receipt.Stat != to.stat || r.Receipt.MessageID == "" || r.Receipt.TextID == "" {
			t.Errorf("receipt for %s: %+v", to.dest, r.Receipt)
		}
		if to.stat == "UNDELIV" && r.Receipt.NetworkError == "" {
			t.Errorf("receipt for %s without network_error_code: %+v", to.dest, r.Receipt)
		}
		// The PDU that carried it, and the answer.
		var carried, answered bool
		for _, e := range ev.snapshot() {
			p, ok := e.(PDUEvent)
			if !ok || p.Header.Seq != r.Seq {
				continue
			}
			switch {
			case p.Dir == In && p.Header.ID == wire.DataSM:
				carried = true
				tags := map[uint16]bool{}
				for _, tlv := range tlvsOf(t, p.Raw) {
					tags[tlv.Tag] = true
				}
				for _, tag := range []uint16{wire.TagReceiptedMessageID, wire.TagMessageState, wire.TagMessagePayload} {
					if !tags[tag] {
						t.Errorf("data_sm receipt without TLV 0x%04X", tag)
					}
				}
			case p.Dir == Out && p.Header.ID == wire.DataSMResp && p.Header.Status == wire.StatusOK:
				answered = true
			}
		}
		if !carried || !answered {
			t.Errorf("receipt seq %d: came as data_sm %v, answered data_sm_resp %v", r.Seq, carried, answered)
		}
	}
}
