package smppclient

import (
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

// End-to-end tests of data_sm, submit_multi, query_sm, cancel_sm, replace_sm and raw
// PDUs against the simulator on 127.0.0.1.

func simOpsClient(t *testing.T, cfg smsc.Config) (*Client, *events) {
	t.Helper()
	srv := startSim(t, cfg)
	c, ev := startClient(t, simSettings(srv.Addr().String()))
	ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
	return c, ev
}

func isOp(cmd uint32) func(Event) bool {
	return func(e Event) bool { o, ok := e.(OpEvent); return ok && o.Command == cmd }
}

// submitAccepted submits m and returns its one part's accepted outcome.
func submitAccepted(t *testing.T, c *Client, m message.Message) (*Submission, SubmitEvent) {
	t.Helper()
	sub, err := c.Submit(ctxT(t, 5*time.Second), m)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := sub.Wait(ctxT(t, 5*time.Second))
	if err != nil || len(outs) != 1 || outs[0].Outcome != Accepted || outs[0].MessageID == "" {
		t.Fatalf("outcomes %+v, %v; want one accepted part", outs, err)
	}
	return sub, outs[0]
}

func query(t *testing.T, c *Client, id string, src message.Address) (*Response, *wire.QuerySMRespBody) {
	t.Helper()
	q, err := message.Query{MessageID: id, Source: src}.Build()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(ctxT(t, 5*time.Second), q)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.ID != wire.QuerySMResp || resp.Header.Status != wire.StatusOK {
		t.Fatalf("query_sm answered %s", resp.Header)
	}
	b, ok := resp.Body.(*wire.QuerySMRespBody)
	if !ok {
		t.Fatalf("query_sm_resp body %T", resp.Body)
	}
	return resp, b
}

func TestE2EDataSM(t *testing.T) {
	c, ev := simOpsClient(t, smsc.Config{ReceiptDelay: 10 * time.Millisecond})
	m := msg("447700900123", strings.Repeat("data sm carries this in its message payload. ", 8)) // 336 chars: one PDU
	m.Op, m.RegisteredDelivery = wire.DataSM, message.ReceiptOnFinal
	sub, out := submitAccepted(t, c, m)
	if out.Command != wire.DataSM || out.Parts != 1 {
		t.Errorf("outcome command %s, %d parts; want one data_sm", wire.CommandName(out.Command), out.Parts)
	}
	sent, _ := ev.waitFor(t, time.Second, "the data_sm sent", func(e Event) bool {
		p, ok := e.(PDUEvent)
		return ok && p.Dir == Out && p.Header.ID == wire.DataSM
	})
	b := &wire.SMBody{Command: wire.DataSM}
	if err := b.Decode(wire.Body(sent.(PDUEvent).Raw)); err != nil {
		t.Fatal(err)
	}
	if pl, ok := wire.FindTLV(b.TLVs, wire.TagMessagePayload); !ok || string(pl.Value) != m.Text {
		t.Errorf("message_payload %q", pl.Value)
	}
	// The simulator's receipt quotes the text it stored: what it read from message_payload.
	dlrs := receiptsFor(t, ev, sub)
	if got := dlrs[0].Receipt.Text; got != m.Text[:20] {
		t.Errorf("receipt text %q, want %q: the simulator did not read message_payload", got, m.Text[:20])
	}
	if dlrs[0].SubmitID != out.MessageID || dlrs[0].Receipt.State != receipt.StateDelivered {
		t.Errorf("receipt %+v for message_id %q", dlrs[0], out.MessageID)
	}
}

func TestE2ESubmitMultiReportsEachRefusedDestination(t *testing.T) {
	c, ev := simOpsClient(t, smsc.Config{
		ReceiptDelay: 10 * time.Millisecond,
		Rules:        []smsc.Rule{{Prefix: "447700900666", Status: smsc.Status(wire.StatusInvDstAdr)}},
	})
	dests, lists, err := message.ParseDestinations("+447700900001;+447700900666;+447700900003")
	if err != nil {
		t.Fatal(err)
	}
	m := message.Message{Op: wire.SubmitMulti, Dests: dests, DistLists: lists, Text: "to three", RegisteredDelivery: message.ReceiptOnFinal}
	sub, out := submitAccepted(t, c, m)
	if out.Command != wire.SubmitMulti || out.Dest != "447700900001;447700900666;447700900003" {
		t.Errorf("outcome command %s dest %q", wire.CommandName(out.Command), out.Dest)
	}
	if len(out.Unsuccess) != 1 || string(out.Unsuccess[0].Addr.Addr) != "447700900666" || out.Unsuccess[0].Status != wire.StatusInvDstAdr {
		t.Fatalf("unsuccess_sme %+v; want 447700900666 ESME_RINVDSTADR", out.Unsuccess)
	}
	// The two destinations taken each get a receipt, both correlated to the one part.
	got := map[string]bool{}
	ev.waitFor(t, 10*time.Second, "two receipts for the submit_multi", func(e Event) bool {
		if r, ok := e.(ReceiptEvent); ok && r.Matched && r.Msg == sub.Msg {
			got[r.Receipt.MessageID] = true
			return len(sub.Receipts()) == 2
		}
		return false
	})
	if !got[out.MessageID] {
		t.Errorf("receipts %v do not name message_id %q", got, out.MessageID)
	}
}

func TestE2EQuerySM(t *testing.T) {
	c, ev := simOpsClient(t, smsc.Config{
		ReceiptDelay: 10 * time.Millisecond,
		Rules:        []smsc.Rule{{Prefix: "447700900555", Stat: "UNDELIV", Err: 5}},
	})
	m := msg("447700900555", "will fail")
	m.Source = message.Address{Addr: "12345", TON: message.TONNational, NPI: message.NPIISDN}
	m.RegisteredDelivery = message.ReceiptOnFinal
	sub, out := submitAccepted(t, c, m)
	receiptsFor(t, ev, sub) // final now

	resp, q := query(t, c, out.MessageID, m.Source)
	if receipt.State(q.MessageState) != receipt.StateUndeliverable || q.ErrorCode != 5 || string(q.MessageID) != out.MessageID {
		t.Errorf("query_sm_resp message_state %s error_code %d message_id %q; want UNDELIVERABLE, 5, %q",
			receipt.State(q.MessageState), q.ErrorCode, q.MessageID, out.MessageID)
	}
	if err := wire.CheckSMPPTime(string(q.FinalDate)); err != nil || len(q.FinalDate) == 0 {
		t.Errorf("final_date %q: %v", q.FinalDate, err)
	}
	e, _ := ev.waitFor(t, time.Second, "the query's OpEvent", isOp(wire.QuerySM))
	op := e.(OpEvent)
	if op.Outcome != Accepted || op.MessageID != out.MessageID || op.Seq != resp.Seq || op.Raw || op.Resp == nil {
		t.Errorf("OpEvent %+v", op)
	}

	// An id the SMSC never gave: answered with an error status, which is a response, not an error.
	q2, _ := message.Query{MessageID: "999999999"}.Build()
	resp, err := c.Do(ctxT(t, 5*time.Second), q2)
	if err != nil || resp.Header.Status != wire.StatusInvMsgID {
		t.Fatalf("query of an unknown id: %v, %v", resp, err)
	}
	ev.waitFor(t, time.Second, "a rejected query", func(e Event) bool {
		o, ok := e.(OpEvent)
		return ok && o.Outcome == Rejected && o.Status == wire.StatusInvMsgID && o.MessageID == "999999999"
	})
}

func TestE2ECancelThenQueryShowsDeleted(t *testing.T) {
	c, _ := simOpsClient(t, smsc.Config{Rules: []smsc.Rule{{Prefix: "447700900777", Stat: "NONE"}}}) // en route for ever
	m := msg("447700900777", "cancel me")
	_, out := submitAccepted(t, c, m)
	if _, q := query(t, c, out.MessageID, message.Address{}); receipt.State(q.MessageState) != receipt.StateEnroute {
		t.Fatalf("before cancel_sm: %s", receipt.State(q.MessageState))
	}
	cb, err := message.Cancel{MessageID: out.MessageID, Source: m.Source, Dest: m.Dest}.Build()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(ctxT(t, 5*time.Second), cb)
	if err != nil || resp.Header.ID != wire.CancelSMResp || resp.Header.Status != wire.StatusOK {
		t.Fatalf("cancel_sm: %+v, %v", resp, err)
	}
	_, q := query(t, c, out.MessageID, message.Address{})
	if receipt.State(q.MessageState) != receipt.StateDeleted || len(q.FinalDate) == 0 {
		t.Errorf("after cancel_sm: %s final_date %q; want DELETED with a date", receipt.State(q.MessageState), q.FinalDate)
	}
	// A second cancel finds nothing left to cancel.
	if resp, err := c.Do(ctxT(t, 5*time.Second), cb); err != nil || resp.Header.Status != wire.StatusCancelFail {
		t.Errorf("second cancel_sm: %+v, %v", resp, err)
	}
}

func TestE2EReplaceChangesTheText(t *testing.T) {
	// The message stays en route for 2s: the replace_sm comes well before that.
	c, ev := simOpsClient(t, smsc.Config{Rules: []smsc.Rule{{Prefix: "447700900888", Stat: "DELIVRD", Delay: 2 * time.Second}}})
	m := msg("447700900888", "the first text")
	sub, out := submitAccepted(t, c, m) // no receipt asked: the replace asks for one
	rb, err := message.Replace{MessageID: out.MessageID, Text: "the replaced text", Coding: coding.Auto,
		RegisteredDelivery: message.ReceiptOnFinal}.Build()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(ctxT(t, 5*time.Second), rb)
	if err != nil || resp.Header.ID != wire.ReplaceSMResp || resp.Header.Status != wire.StatusOK {
		t.Fatalf("replace_sm: %+v, %v", resp, err)
	}
	e, _ := ev.waitFor(t, 10*time.Second, "the receipt of the replaced message", func(e Event) bool {
		r, ok := e.(ReceiptEvent)
		return ok && r.Matched && r.Msg == sub.Msg
	})
	if got := e.(ReceiptEvent).Receipt.Text; got != "the replaced text" {
		t.Errorf("receipt text %q: the simulator's store kept the first text", got)
	}
}

func TestE2ESendRaw(t *testing.T) {
	c, ev := simOpsClient(t, smsc.Config{})
	el := wire.HeaderOnly(wire.EnquireLink, 0, 0x7FFF0001)

	resp, err := c.SendRaw(ctxT(t, 5*time.Second), el, RawOptions{KeepSeq: true})
	if err != nil || resp.Seq != 0x7FFF0001 || resp.Header.ID != wire.EnquireLinkResp || resp.Header.Seq != 0x7FFF0001 {
		t.Fatalf("keep-seq: %+v, %v", resp, err)
	}
	resp, err = c.SendRaw(ctxT(t, 5*time.Second), el, RawOptions{})
	if err != nil || resp.Seq == 0x7FFF0001 || resp.Header.Seq != resp.Seq || resp.Header.ID != wire.EnquireLinkResp {
		t.Fatalf("renumbered: %+v, %v", resp, err)
	}
	if binary.BigEndian.Uint32(el[12:]) != 0x7FFF0001 {
		t.Error("SendRaw renumbered the caller's octets")
	}
	ev.waitFor(t, time.Second, "the renumbered enquire_link sent", func(e Event) bool {
		p, ok := e.(PDUEvent)
		return ok && p.Dir == Out && p.Header.ID == wire.EnquireLink && p.Header.Seq == resp.Seq
	})
	// A raw query_sm is answered and decoded as Do's.
	q := wire.AppendPDU(nil, &wire.QuerySMBody{MessageID: []byte("424242")}, 0, 1)
	resp, err = c.SendRaw(ctxT(t, 5*time.Second), q, RawOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if b, ok := resp.Body.(*wire.QuerySMRespBody); !ok || resp.Header.Status != wire.StatusInvMsgID || string(b.MessageID) != "424242" {
		t.Errorf("raw query_sm: %s %+v", resp.Header, resp.Body)
	}
	ev.waitFor(t, time.Second, "the raw query's OpEvent", func(e Event) bool {
		o, ok := e.(OpEvent)
		return ok && o.Raw && o.Command == wire.QuerySM && o.Outcome == Rejected && !o.Invalid
	})
}

func TestE2ESendRawMalformedIsAnsweredWithGenericNack(t *testing.T) {
	c, ev := simOpsClient(t, smsc.Config{})
	// query_sm whose message_id runs to the end of the PDU without its NUL.
	bad := wire.Header{Length: wire.HeaderLen + 6, ID: wire.QuerySM, Seq: 1}.Append(nil)
	bad = append(bad, "123456"...)
	resp, err := c.SendRaw(ctxT(t, 5*time.Second), bad, RawOptions{Invalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.ID != wire.GenericNack || resp.Header.Status == wire.StatusOK || resp.Header.Seq != resp.Seq || resp.Body != nil {
		t.Errorf("answered %s body %T; want a generic_nack with an error", resp.Header, resp.Body)
	}
	sent, _ := ev.waitFor(t, time.Second, "the invalid PDU sent", func(e Event) bool {
		p, ok := e.(PDUEvent)
		return ok && p.Dir == Out && p.Header.ID == wire.QuerySM
	})
	if p := sent.(PDUEvent); !p.Invalid || p.Note != "deliberately invalid: sent anyway" {
		t.Errorf("sent PDU invalid %v note %q", p.Invalid, p.Note)
	}
	e, _ := ev.waitFor(t, time.Second, "its OpEvent", isOp(wire.QuerySM))
	if o := e.(OpEvent); !o.Invalid || !o.Raw || o.Outcome != Rejected || o.Status != resp.Header.Status {
		t.Errorf("OpEvent %+v", o)
	}
	// A command_id nobody knows: generic_nack ESME_RINVCMDID.
	unknown := wire.HeaderOnly(0x00000999, 0, 1)
	resp, err = c.SendRaw(ctxT(t, 5*time.Second), unknown, RawOptions{Invalid: true})
	if err != nil || resp.Header.ID != wire.GenericNack || resp.Header.Status != wire.StatusInvCmdID {
		t.Errorf("unknown command_id: %+v, %v", resp, err)
	}
}
