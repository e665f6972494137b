package main

import (
	"fmt"
	"time"

	"github.com/smppconsole/smppconsole/journal"
	"github.com/smppconsole/smppconsole/smppclient"
)

// bindAll starts k sessions and waits until each is bound, or the first fails.
func bindAll(st smppclient.Settings, k int) ([]*smppclient.Client, int, string) {
	var clients []*smppclient.Client
	for i := range k {
		s := st
		if jr, ok := st.Recorder.(*journal.Journal); ok && k > 1 {
			s.Recorder = jr.Session(fmt.Sprintf("bind%d", i+1)) // one TCP conversation each
		}
		c, err := smppclient.New(s)
		if err != nil {
			return clients, exitUsage, err.Error()
		}
		clients = append(clients, c)
		c.Start()
	}
	limit := st.ConnectTimeout + st.HandshakeTimeout + st.BindTimeout + 2*time.Second
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	links := 1
	if st.Bind == smppclient.TxRx {
		links = 2
	}
	for i, c := range clients {
		bound := map[string]bool{}
		for len(bound) < links {
			select {
			case ev := <-c.Events():
				if e, ok := ev.(smppclient.StateEvent); ok {
					switch e.State {
					case smppclient.Bound:
						bound[e.Link] = true
					case smppclient.Disconnected, smppclient.Closed:
						return clients, exitConnect, fmt.Sprintf("bind %d of %d: %s", i+1, k, e.Reason)
					}
				}
			case <-deadline.C:
				return clients, exitConnect, fmt.Sprintf("bind %d of %d: not bound within %s", i+1, k, limit)
			}
		}
	}
	return clients, exitOK, ""
}

// closeAll unbinds politely, draining each session's events as it closes.
func closeAll(clients []*smppclient.Client) {
	for _, c := range clients {
		done := make(chan struct{})
		go func() {
			for range c.Events() {
			}
			close(done)
		}()
		c.Close()
		<-done
	}
}
