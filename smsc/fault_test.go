package smsc

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

func TestGenericNack(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s)
	c.mustBind(wire.BindTransceiver)

	p := c.call(0x00000999, []byte{1, 2, 3})
	if p.h.ID != wire.GenericNack || p.h.Status != wire.StatusInvCmdID || len(p.raw) != 16 {
		t.Errorf("unknown command_id: %v", p.h)
	}
	p = c.call(wire.DeliverSM, submitBody(sm{src: "1", dst: "2"}))
	if p.h.ID != wire.GenericNack || p.h.Status != wire.StatusInvCmdID {
		t.Errorf("deliver_sm from an ESME: %v", p.h)
	}
	// A submit_sm whose body ends inside its mandatory fields.
	p = c.call(wire.SubmitSM, []byte{0, 1, 1, '1', '2'})
	if p.h.ID != wire.GenericNack || p.h.Status != wire.StatusInvCmdLen {
		t.Errorf("truncated submit_sm: %v", p.h)
	}
	// query_sm with a TLV (gosmpp's parser panics on it) is served.
	body := append(queryBody("1", ""), 0x14, 0x00, 0x00, 0x01, 0xAA)
	if p = c.call(wire.QuerySM, body); p.h.ID != wire.QuerySMResp || p.h.Status != wire.StatusInvMsgID {
		t.Errorf("query_sm with a TLV: %v", p.h)
	}
	// Still in business.
	if st, _ := c.submit(sm{src: "1", dst: "2"}); st != 0 {
		t.Errorf("submit after bad PDUs: %s", wire.StatusString(st))
	}
	// A command_length below the header cannot be resynchronised: nack and close.
	c.write([]byte{0, 0, 0, 8, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 77})
	p = c.recv()
	if p.h.ID != wire.GenericNack || p.h.Seq != 77 || p.h.Status != wire.StatusInvCmdLen {
		t.Errorf("short command_length: %v", p.h)
	}
	c.waitClosed()
}

// In a synctest bubble the 30 submits take no time at all, so exactly the burst is
// accepted; 300ms later the bucket has refilled.
func TestThrottle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := startBubbleServer(t, Config{Limits: Limits{SubmitRate: 20, SubmitBurst: 5}})
		c := s.dial(t)
		c.mustBind(wire.BindTransmitter)
		var ok, throttled int
		for i := 0; i < 30; i++ {
			switch st, _ := c.submit(sm{src: "1", dst: "2"}); st {
			case 0:
				ok++
			case wire.StatusThrottled:
				throttled++
			default:
				t.Fatalf("status %s", wire.StatusString(st))
			}
		}
		if ok != 5 || throttled != 25 {
			t.Errorf("30 submits at once at 20/s with a burst of 5: %d accepted, %d throttled", ok, throttled)
		}
		time.Sleep(300 * time.Millisecond) // the bucket refills: 6 tokens, capped at the burst
		for i := 0; i < 5; i++ {
			if st, _ := c.submit(sm{src: "1", dst: "2"}); st != 0 {
				t.Errorf("submit %d after a pause: %s", i+1, wire.StatusString(st))
			}
		}
		if st, _ := c.submit(sm{src: "1", dst: "2"}); st != wire.StatusThrottled {
			t.Errorf("sixth submit after the pause: %s", wire.StatusString(st))
		}
		if st := s.Stats(); st.Throttled != uint64(throttled)+1 {
			t.Errorf("Stats.Throttled %d, want %d", st.Throttled, throttled+1)
		}
	})
}

// The ResponseDelay fault holds responses exactly the delay; the window answers the
// request over it at once, with ESME_RMSGQFUL.
func TestResponseDelayAndWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := startBubbleServer(t, Config{Faults: Faults{ResponseDelay: 200 * time.Millisecond}, Limits: Limits{Window: 2}})
		c := s.dial(t)
		c.mustBind(wire.BindTransmitter) // the bind itself is not delayed
		start := time.Now()
		s1 := c.send(wire.SubmitSM, submitBody(sm{src: "1", dst: "2"}))
		s2 := c.send(wire.SubmitSM, submitBody(sm{src: "1", dst: "2"}))
		s3 := c.send(wire.SubmitSM, submitBody(sm{src: "1", dst: "2"}))
		p := c.recv()
		if p.h.Seq != s3 || p.h.Status != wire.StatusMsgQFul || time.Since(start) != 0 {
			t.Fatalf("third request over a window of 2: %v after %v", p.h, time.Since(start))
		}
		for _, seq := range []uint32{s1, s2} {
			p := c.recv()
			if p.h.Seq != seq || p.h.Status != 0 {
				t.Errorf("delayed response: %v", p.h)
			}
		}
		// The pump looks at most once a millisecond late.
		if d := time.Since(start); d < 200*time.Millisecond || d > 201*time.Millisecond {
			t.Errorf("responses after %v, want the 200ms delay", d)
		}
	})
}

// A fault that leaves a request unanswered: nothing arrives however long one waits.
func TestNoSubmitResponse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := startBubbleServer(t, Config{Faults: Faults{NoSubmitResponse: true}})
		c := s.dial(t)
		c.mustBind(wire.BindTransceiver)
		c.send(wire.SubmitSM, submitBody(sm{src: "1", dst: "2"}))
		p := c.call(wire.EnquireLink, nil) // the link itself still works
		if p.h.ID != wire.EnquireLinkResp {
			t.Fatalf("got %v before enquire_link_resp", p.h)
		}
		c.expectNothing(time.Minute)
		if s.Stats().Dropped != 1 {
			t.Errorf("Dropped = %d", s.Stats().Dropped)
		}
	})
}

func TestNoEnquireLinkResponse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := startBubbleServer(t, Config{Faults: Faults{NoEnquireLinkResponse: true}})
		c := s.dial(t)
		c.mustBind(wire.BindTransceiver)
		c.send(wire.EnquireLink, nil)
		if st, _ := c.submit(sm{src: "1", dst: "2"}); st != 0 { // submit still answered
			t.Fatal(st)
		}
		c.expectNothing(time.Minute)
	})
}

func TestCloseAfter(t *testing.T) {
	s := startServer(t, Config{Faults: Faults{CloseAfter: 3}})
	c := dial(t, s)
	c.mustBind(wire.BindTransceiver)                        // 1
	c.submit(sm{src: "1", dst: "2"})                        // 2
	if st, _ := c.submit(sm{src: "1", dst: "2"}); st != 0 { // 3: answered, then closed
		t.Fatalf("third PDU: %s", wire.StatusString(st))
	}
	c.waitClosed()
}

func TestErrorEvery(t *testing.T) {
	s := startServer(t, Config{Faults: Faults{ErrorEvery: 3, ErrorStatus: Status(wire.StatusThrottled)}})
	c := dial(t, s)
	c.mustBind(wire.BindTransmitter)
	var got []uint32
	for i := 0; i < 6; i++ {
		st, _ := c.submit(sm{src: "1", dst: "2"})
		got = append(got, st)
	}
	want := []uint32{0, 0, wire.StatusThrottled, 0, 0, wire.StatusThrottled}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("statuses %v, want %v", got, want)
		}
	}
}

func TestMalformedEvery(t *testing.T) {
	s := startServer(t, Config{Faults: Faults{MalformedEvery: 2}})
	c := dial(t, s)
	c.mustBind(wire.BindTransmitter)
	good := c.call(wire.SubmitSM, submitBody(sm{src: "1", dst: "2"}))
	bad := c.call(wire.SubmitSM, submitBody(sm{src: "1", dst: "2"}))
	if good.raw[len(good.raw)-1] != 0 {
		t.Error("first submit_sm_resp is malformed")
	}
	if bad.raw[len(bad.raw)-1] == 0 || int(bad.h.Length) != len(bad.raw) {
		t.Errorf("second submit_sm_resp should be well framed but unterminated: %x", bad.raw)
	}
	if _, err := wire.RespMessageID(bad.body); err == nil {
		t.Error("the malformed submit_sm_resp has a terminated message_id")
	}
	// The stream stays in sync.
	if st, _ := c.submit(sm{src: "1", dst: "2"}); st != 0 {
		t.Error(st)
	}
}

func TestHeaderOnlyErrors(t *testing.T) {
	s := startServer(t, Config{Accounts: []Account{
		{SystemID: "plain", Password: "x"},
		{SystemID: "bare", Password: "x", Faults: Faults{HeaderOnlyErrors: true}},
	}})
	for _, tc := range []struct {
		sys      string
		wantBody bool
	}{{"plain", true}, {"bare", false}} {
		c := dial(t, s)
		if p := c.bind(wire.BindTransmitter, tc.sys, "x"); p.h.Status != 0 {
			t.Fatal(p.h)
		}
		p := c.call(wire.DataSM, dataSMBody("1", "", 0, nil)) // empty destination: an error
		if p.h.ID != wire.DataSMResp || p.h.Status != wire.StatusInvDstAdr {
			t.Fatalf("%s: %v", tc.sys, p.h)
		}
		if hasBody := len(p.raw) > 16; hasBody != tc.wantBody {
			t.Errorf("%s: error data_sm_resp of %d octets", tc.sys, len(p.raw))
		}
		// And query_sm_resp.
		q := c.call(wire.QuerySM, queryBody("1", ""))
		if hasBody := len(q.raw) > 16; hasBody != tc.wantBody {
			t.Errorf("%s: error query_sm_resp of %d octets", tc.sys, len(q.raw))
		}
	}
}

func TestFaultsPerAccount(t *testing.T) {
	s := startServer(t, Config{
		Faults:   Faults{ErrorEvery: 1},
		Accounts: []Account{{SystemID: "bad", Password: "x"}, {SystemID: "good", Password: "x", Faults: Faults{ErrorEvery: 1000}}},
	})
	bad, good := dial(t, s), dial(t, s)
	bad.bind(wire.BindTransmitter, "bad", "x")
	good.bind(wire.BindTransmitter, "good", "x")
	if st, _ := bad.submit(sm{src: "1", dst: "2"}); st != wire.StatusSysErr {
		t.Errorf("global fault: %s", wire.StatusString(st))
	}
	if st, _ := good.submit(sm{src: "1", dst: "2"}); st != 0 {
		t.Errorf("account override: %s", wire.StatusString(st))
	}
}

func TestRuleRejectsSubmission(t *testing.T) {
	s := startServer(t, Config{Rules: []Rule{{Prefix: "000", Status: Status(wire.StatusInvDstAdr)}}})
	c := dial(t, s)
	c.mustBind(wire.BindTransmitter)
	if st, _ := c.submit(sm{src: "1", dst: "000123"}); st != wire.StatusInvDstAdr {
		t.Errorf("rule status: %s", wire.StatusString(st))
	}
}
