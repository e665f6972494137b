package smsc

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// fuzzServer is one server per fuzzing process, serving connections handed to it over
// net.Pipe: the input never touches the network.
func fuzzServer(f *testing.F) *Server {
	s, err := New(Config{ReceiptDelay: time.Millisecond, StoreMax: 100_000, MaxConnections: 1000,
		MO: MOConfig{Every: 50 * time.Millisecond}})
	if err != nil {
		f.Fatal(err)
	}
	l, err := listenLoopback() // never dialled; it gives the server its running state
	if err != nil {
		f.Fatal(err)
	}
	go s.Serve(l)
	for s.Addr() == nil {
		time.Sleep(time.Millisecond)
	}
	f.Cleanup(func() { s.Close() })
	return s
}

// FuzzServerInput feeds arbitrary octets to a bound connection. The server must not
// panic, and must let go of the connection once the client closes it.
func FuzzServerInput(f *testing.F) {
	seq := func(b []byte, id uint32, body []byte) []byte {
		p := append(newPDU(16+len(body), id, 0, 7), body...)
		return append(b, finish(p)...)
	}
	s := fuzzServer(f)
	f.Add([]byte{})
	f.Add(seq(nil, wire.SubmitSM, submitBody(sm{src: "1", dst: "2", reg: 0x11, text: []byte("hi")})))
	f.Add(seq(nil, wire.SubmitMulti, submitMultiBody("1", []string{"2", "3"}, []string{"dl"}, 1, "x")))
	f.Add(seq(nil, wire.DataSM, dataSMBody("1", "2", 1, []byte("payload"))))
	f.Add(seq(nil, wire.QuerySM, append(queryBody("1", "2"), 0x14, 0, 0, 1, 9)))
	f.Add(seq(nil, wire.CancelSM, []byte("\x00\x00\x01\x011\x00\x01\x012\x00")))
	f.Add(seq(nil, wire.ReplaceSM, []byte("1\x00\x01\x011\x00\x00\x00\x01\x00\x02hi")))
	f.Add(seq(seq(nil, wire.EnquireLink, nil), wire.Unbind, nil))
	f.Add(seq(nil, wire.BindTransmitter, bindBody("x", "y", 0x34)))
	f.Add(seq(nil, wire.DeliverSMResp, nil))
	f.Add([]byte{0, 0, 0, 8, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 1})
	f.Add([]byte{0, 0, 0, 0x20, 0, 0, 0, 4, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		cli, srv := net.Pipe()
		s.startConn(srv, false)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // drain whatever the server writes
			defer wg.Done()
			_, _ = io.Copy(io.Discard, cli)
		}()
		_ = cli.SetWriteDeadline(time.Now().Add(5 * time.Second))
		bind := finish(append(newPDU(48, wire.BindTransceiver, 0, 1), bindBody(DefaultSystemID, DefaultPassword, 0x34)...))
		if _, err := cli.Write(bind); err != nil {
			t.Fatalf("bind: %v", err)
		}
		_, _ = cli.Write(data) // may fail if the input made the server close the link
		cli.Close()
		wg.Wait()
		deadline := time.Now().Add(5 * time.Second)
		for {
			s.mu.Lock()
			open := len(s.conns)
			s.mu.Unlock()
			if open == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the server still holds %d connection(s) 5s after the client closed", open)
			}
			time.Sleep(time.Millisecond)
		}
	})
}
