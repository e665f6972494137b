package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// sender runs one send: bind, submit, outcomes, receipts.
type sender struct {
	out      *sendOutput
	p        config.Profile
	settings smppclient.Settings
	waitDLR  time.Duration
	pcap     *pcapSink

	client *smppclient.Client
	sub    *smppclient.Submission
	ended  string // why the connection ended before we were done, if it did
	// refused counts submit_multi's unsuccess_sme entries over every part, and
	// firstRefused names the first.
	refused      int
	firstRefused string
	op           uint32 // the message's request (Message.Op)

	interrupted <-chan struct{} // closed on SIGINT/SIGTERM
}

// next returns the next event, or ok=false when the deadline passes first.
func (s *sender) next(deadline <-chan time.Time) (smppclient.Event, bool) {
	for {
		select {
		case ev, open := <-s.client.Events():
			if !open {
				return nil, false
			}
			if pe, isPDU := ev.(smppclient.PDUEvent); isPDU {
				s.pcap.write(pe)
				continue
			}
			return ev, true
		case <-deadline:
			return nil, false
		case <-s.interrupted:
			if s.ended == "" {
				s.ended = "interrupted"
				s.out.info("interrupted: unbinding")
			}
			return nil, false
		}
	}
}

// closeDraining closes client politely (its unbind), handing each event it still
// produces to each (nil: dropped) until its channel closes.
func closeDraining(client *smppclient.Client, each func(smppclient.Event)) {
	done := make(chan struct{})
	go func() { client.Close(); close(done) }()
	for ev := range client.Events() {
		if each != nil {
			each(ev)
		}
	}
	<-done
}

func (s *sender) run(m message.Message) int {
	out := s.out
	s.op = m.Op
	client, err := smppclient.New(s.settings)
	if err != nil {
		return out.usageError(err)
	}
	s.client = client
	// Close politely, taking the events it produces (for --pcap) as it goes.
	defer closeDraining(client, func(ev smppclient.Event) {
		if pe, ok := ev.(smppclient.PDUEvent); ok {
			s.pcap.write(pe)
		}
	})

	st := s.settings
	tlsNote := ""
	if st.TLS != nil {
		tlsNote = " over TLS"
	}
	out.info("connecting to %s%s as %s, system_id %q", st.Addr, tlsNote, st.Bind, st.SystemID)
	client.Start()
	if code, why := s.waitBound(); code != exitOK {
		return out.failure(code, why)
	}

	sub, err := client.Submit(context.Background(), m)
	if sub == nil {
		return out.usageError(err)
	}
	s.sub = sub
	if err != nil {
		out.info("%v", err)
	}
	return s.collect()
}

// waitBound waits for every link to bind, or for the first to fail.
func (s *sender) waitBound() (int, string) {
	st := s.settings
	limit := st.ConnectTimeout + st.HandshakeTimeout + st.BindTimeout + 2*time.Second
	if st.HandshakeTimeout == 0 {
		limit += st.ConnectTimeout
	}
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	links := 1
	if st.Bind == smppclient.TxRx {
		links = 2
	}
	bound := map[string]bool{}
	for len(bound) < links {
		ev, ok := s.next(deadline.C)
		if !ok && s.ended != "" {
			return exitConnect, s.ended + " before the bind completed"
		}
		if !ok {
			return exitConnect, fmt.Sprintf("not bound within %s", limit)
		}
		switch e := ev.(type) {
		case smppclient.StateEvent:
			switch e.State {
			case smppclient.Bound:
				bound[e.Link] = true
				s.out.info("bound (%s): %s", e.Link, e.Reason)
				s.versionNote(e)
			case smppclient.Disconnected, smppclient.Closed:
				why := e.Reason // a bind rejection reads "bind refused: …" already
				return exitConnect, why
			}
		case smppclient.ErrorEvent:
			// The state that follows says it in full.
		}
	}
	return exitOK, ""
}

// versionNote says, after a bind, what version the SMSC speaks and, when it is not the
// one asked for, what that means.
func (s *sender) versionNote(e smppclient.StateEvent) {
	asked := s.settings.InterfaceVersion
	if asked == 0 {
		asked = smppclient.DefaultInterfaceVersion
	}
	if e.HasSCVersion {
		s.out.info("SMSC sc_interface_version %s (asked for %s)", wire.InterfaceVersionName(e.SCInterfaceVersion), wire.InterfaceVersionName(asked))
	} else {
		s.out.info("SMSC sent no sc_interface_version (asked for %s)", wire.InterfaceVersionName(asked))
	}
	// The bind's reason may say it already.
	if note := smppclient.VersionNote(asked, e.SCInterfaceVersion, e.HasSCVersion); note != "" && !strings.Contains(e.Reason, note) {
		s.out.info("note: %s", note)
	}
}

// collect prints outcomes and receipts as they come and decides the exit status from
// what the Submission has recorded of each part.
func (s *sender) collect() int {
	out, sub := s.out, s.sub
	n := len(sub.Parts)
	sent := n - sub.Unsent()
	// What has been printed: the Submission records before it emits, so it may hold
	// something not printed yet; we are done only when it holds nothing more.
	outcomes, receipts := 0, 0
	var lateNotes []string
	// Outcomes come within the response timeout of the last part sent.
	limit := s.settings.ResponseTimeout + 5*time.Second
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	var dlrDeadline <-chan time.Time
	for {
		if outcomes == sent {
			if s.waitDLR == 0 {
				break
			}
			if p := sub.Progress(); p.Finals >= p.Accepted && receipts == p.Receipts {
				break
			}
			if dlrDeadline == nil {
				t := time.NewTimer(s.waitDLR)
				defer t.Stop()
				dlrDeadline = t.C
			}
		}
		var ev smppclient.Event
		var ok bool
		if outcomes < sent {
			ev, ok = s.next(deadline.C)
		} else {
			ev, ok = s.next(dlrDeadline)
		}
		if !ok {
			break
		}
		switch e := ev.(type) {
		case smppclient.SubmitEvent:
			if e.Msg != sub.Msg {
				continue
			}
			outcomes++
			out.outcome(e)
			for _, u := range e.Unsuccess {
				if s.refused++; s.firstRefused == "" {
					s.firstRefused = fmt.Sprintf("%s %s", u.Addr.Addr, wire.StatusString(u.Status))
				}
			}
		case smppclient.ReceiptEvent:
			if !e.Matched || e.Msg != sub.Msg || e.Part < 1 || e.Part > n {
				continue
			}
			receipts++
			out.receipt(e, n)
		case smppclient.LateEvent:
			if e.Msg == sub.Msg {
				lateNotes = append(lateNotes, fmt.Sprintf("part %d: late submit_sm_resp %s after %s", e.Part, wire.StatusString(e.Status), fmtLatency(e.After)))
			}
		case smppclient.StateEvent:
			if e.State == smppclient.Disconnected || e.State == smppclient.BackingOff || e.State == smppclient.Closed {
				// One attempt only: nothing more will come. Parts still outstanding have
				// had their ConnectionLost outcomes already.
				out.info("connection: %s", e.Reason)
				s.ended = e.Reason
			}
		}
		if s.ended != "" {
			break
		}
	}
	for _, l := range lateNotes {
		out.info("%s", l)
	}
	return s.verdict(sent)
}

// verdict turns the parts' fate, as the Submission has it, into the exit status and
// the summary line.
func (s *sender) verdict(sent int) int {
	sub := s.sub
	var acc, rej, tout, lost, none int
	var firstReject string
	for part := 1; part <= sent; part++ {
		o, ok := sub.Outcome(part)
		if !ok {
			none++
			continue
		}
		switch o.Outcome {
		case smppclient.Accepted:
			acc++
		case smppclient.Rejected:
			rej++
			if firstReject == "" {
				firstReject = wire.StatusString(o.Status)
			}
		case smppclient.TimedOut:
			tout++
		case smppclient.ConnectionLost:
			lost++
		}
	}
	n := len(sub.Parts)
	unsent := n - sent
	summary := fmt.Sprintf("%d of %d part(s) accepted", acc, n)
	switch {
	case rej > 0:
		return s.out.result(exitFailed, fmt.Sprintf("%s, %d rejected (%s)", summary, rej, firstReject))
	case tout > 0 || none > 0:
		return s.out.result(exitTimeout, fmt.Sprintf("%s, %d without a %s within %s", summary, tout+none, respName(s.op), s.settings.ResponseTimeout))
	case lost > 0 || unsent > 0:
		why := sub.Err()
		msg := fmt.Sprintf("%s, %d lost with the connection", summary, lost+unsent)
		if why != nil {
			msg += ": " + why.Error()
		}
		return s.out.result(exitConnect, msg)
	}
	if s.refused > 0 {
		return s.out.result(exitFailed, fmt.Sprintf("%s, %d destination(s) refused (%s)", summary, s.refused, s.firstRefused))
	}
	if s.waitDLR == 0 {
		return s.out.result(exitOK, summary)
	}
	var delivered, failed, missing int
	var firstFail string
	for part := 1; part <= n; part++ {
		r, ok := sub.Receipt(part)
		switch {
		case !ok || !r.Receipt.HasState || !r.Receipt.State.Final():
			missing++
		case r.Receipt.State == receipt.StateDelivered:
			delivered++
		default:
			failed++
			if firstFail == "" {
				firstFail = fmt.Sprintf("part %d %s err %s", r.Part, stat(r.Receipt), r.Receipt.Err)
			}
		}
	}
	summary += fmt.Sprintf(", %d delivered", delivered)
	switch {
	case failed > 0:
		return s.out.result(exitFailed, fmt.Sprintf("%s, %d not delivered (%s)", summary, failed, firstFail))
	case missing > 0 && s.ended != "":
		return s.out.result(exitTimeout, fmt.Sprintf("%s, %d receipt(s) missing: the connection ended (%s)", summary, missing, s.ended))
	case missing > 0:
		return s.out.result(exitTimeout, fmt.Sprintf("%s, %d receipt(s) missing after %s", summary, missing, s.waitDLR))
	}
	return s.out.result(exitOK, summary)
}

// pcapSink writes the session's PDUs, the bind password redacted, to a pcap file.
type pcapSink struct {
	f   *os.File
	w   *capture.Writer
	err error
}

func newPcapSink(path, addr string) (*pcapSink, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	smsc := capture.DefaultSMSC
	if host, port, err := net.SplitHostPort(addr); err == nil {
		if ip := net.ParseIP(host); ip != nil && ip.To4() != nil {
			if n, err := strconv.Atoi(port); err == nil {
				smsc = capture.Endpoint{IP: ip.To4(), Port: uint16(n)}
			}
		}
	}
	w, err := capture.NewWriter(f, capture.DefaultESME, smsc)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &pcapSink{f: f, w: w}, nil
}

func (p *pcapSink) write(e smppclient.PDUEvent) {
	if p == nil || p.err != nil {
		return
	}
	d := capture.ToSMSC
	if e.Dir == smppclient.In {
		d = capture.ToESME
	}
	p.err = p.w.WritePDU(e.At, d, dissect.Redact(e.Raw)) // the bind password masked
}

func (p *pcapSink) close(stderr io.Writer) {
	err := p.err
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "send: --pcap: %v\n", err)
	}
}
