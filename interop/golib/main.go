//go:build ignore

// Command golib drives package smppclient as a library (outside the module's tests)
// against a foreign SMSC, e.g. interop/netsmpp_smsc.pl: it binds with a short
// enquire_link interval, submits several messages at once (one long, one UCS2) with
// receipts requested, checks every part is accepted and every receipt correlated to
// the id its submit_sm_resp gave, lets a few keep-alives run, and closes politely.
// It is not part of `go test`; see interop/README.md for how to build it outside the repo.
//
//	golib -addr 127.0.0.1:2775
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:2775", "SMSC host:port")
	keep := flag.Duration("keepalive", 2*time.Second, "how long to stay bound after the receipts, for enquire_link")
	flag.Parse()
	c, err := smppclient.New(smppclient.Settings{Addr: *addr, SystemID: "golib", Password: "y",
		EnquireLinkInterval: 500 * time.Millisecond, NoReconnect: true, ResponseTimeout: 5 * time.Second})
	if err != nil {
		fail("%v", err)
	}
	c.Start()
	dest, _ := message.ParseAddress("447700900123")
	texts := []string{"short one", strings.Repeat("long GSM7 text with € and [brackets] ", 8), "UCS2 😀 漢字 🚀"}
	deadline := time.After(15 * time.Second)
	subs := map[uint64]*smppclient.Submission{}
	ids := map[string]string{} // msg/part -> submit_sm_resp id
	parts, accepted, receipts, keepalives := 0, 0, 0, 0
	var receiptsDone time.Time
	for {
		select {
		case ev := <-c.Events():
			switch e := ev.(type) {
			case smppclient.StateEvent:
				fmt.Printf("state %s %s: %s\n", e.Link, e.State, e.Reason)
				if e.State == smppclient.Bound {
					for _, t := range texts {
						sub, err := c.Submit(context.Background(), message.Message{Dest: dest, Text: t, RegisteredDelivery: 1})
						if err != nil {
							fail("submit: %v", err)
						}
						subs[sub.Msg] = sub
						parts += len(sub.Parts)
					}
				}
				if e.State == smppclient.Disconnected || e.State == smppclient.Closed {
					fail("connection ended: %s", e.Reason)
				}
			case smppclient.SubmitEvent:
				if e.Outcome != smppclient.Accepted {
					fail("msg %d part %d: %s", e.Msg, e.Part, e.Outcome)
				}
				accepted++
				ids[fmt.Sprint(e.Msg, "/", e.Part)] = e.MessageID
				fmt.Printf("accepted msg %d part %d/%d id %s\n", e.Msg, e.Part, e.Parts, e.MessageID)
			case smppclient.ReceiptEvent:
				want := ids[fmt.Sprint(e.Msg, "/", e.Part)]
				if !e.Matched || e.SubmitID != want || e.Receipt.Stat != "DELIVRD" {
					fail("receipt %+v not matched to %q", e, want)
				}
				receipts++
				fmt.Printf("receipt msg %d part %d id %s (submitted as %s) %s\n", e.Msg, e.Part, e.Receipt.MessageID, e.SubmitID, e.Receipt.Stat)
				if receipts == parts {
					receiptsDone = time.Now()
				}
			case smppclient.KeepAliveEvent:
				keepalives++
			case smppclient.ErrorEvent:
				fail("error event: %v", e)
			}
		case <-deadline:
			fail("timed out: %d/%d accepted, %d receipts", accepted, parts, receipts)
		}
		if !receiptsDone.IsZero() && time.Since(receiptsDone) > *keep {
			break
		}
	}
	if err := c.Close(); err != nil {
		fail("close: %v", err)
	}
	st := c.Stats()
	fmt.Printf("ok: %d messages, %d parts accepted, %d receipts correlated, %d enquire_link answered; stats %+v\n",
		len(subs), accepted, receipts, keepalives, st)
	if keepalives < 2 {
		fail("only %d keep-alives", keepalives)
	}
}

func fail(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "golib: "+f+"\n", a...)
	os.Exit(1)
}
