package smsc

import (
	"net"
	"testing"
	"time"

	"github.com/linxGnu/gosmpp"
	"github.com/linxGnu/gosmpp/data"
	gpdu "github.com/linxGnu/gosmpp/pdu"
)

// TestGosmppSession checks the server against a client nobody here wrote: gosmpp's own
// Session binds as a transceiver, submits with a receipt requested, and gets the
// submit_sm_resp and the receipt.
func TestGosmppSession(t *testing.T) {
	s := startServer(t, Config{ReceiptDelay: 20 * time.Millisecond})
	got := make(chan gpdu.PDU, 16)
	dialer := func(addr string) (net.Conn, error) { return net.DialTimeout("tcp", addr, testTimeout) }
	auth := gosmpp.Auth{SMSC: s.Addr().String(), SystemID: DefaultSystemID, Password: DefaultPassword}
	sess, err := gosmpp.NewSession(gosmpp.TRXConnector(dialer, auth), gosmpp.Settings{
		ReadTimeout:  10 * time.Second,
		WriteTimeout: 5 * time.Second,
		OnPDU:        func(p gpdu.PDU, _ bool) { got <- p },
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()

	sub := gpdu.NewSubmitSM().(*gpdu.SubmitSM)
	sub.SourceAddr, _ = gpdu.NewAddressWithTonNpiAddr(1, 1, "447700900001")
	sub.DestAddr, _ = gpdu.NewAddressWithTonNpiAddr(1, 1, "447700900002")
	sub.Message, _ = gpdu.NewShortMessageWithEncoding("héllo from gosmpp", data.UCS2)
	sub.RegisteredDelivery = 1
	if err := sess.Transceiver().Submit(sub); err != nil {
		t.Fatal(err)
	}
	var id string
	var dlr *gpdu.DeliverSM
	for dlr == nil {
		select {
		case p := <-got:
			switch p := p.(type) {
			case *gpdu.SubmitSMResp:
				if !p.IsOk() || p.MessageID == "" {
					t.Fatalf("submit_sm_resp %+v", p)
				}
				id = p.MessageID
			case *gpdu.DeliverSM:
				dlr = p
			}
		case <-time.After(testTimeout):
			t.Fatal("no receipt")
		}
	}
	text, _ := dlr.Message.GetMessage()
	st, _ := dlr.OptionalParameters[gpdu.TagMessageStateOption]
	rid := dlr.OptionalParameters[gpdu.TagReceiptedMessageID]
	if dlr.EsmClass != 0x04 || len(st.Data) != 1 || st.Data[0] != 2 || rid.String() != id {
		t.Errorf("receipt esm %#x state %x id %q (want %q): %q", dlr.EsmClass, st.Data, rid.String(), id, text)
	}
	eventually(t, "gosmpp acknowledged the receipt", func() bool { return s.Stats().ReceiptsAcked == 1 })
}
