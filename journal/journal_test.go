package journal

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"go.uber.org/goleak"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
)

// burstEnv makes the test binary a session bursting into a journal (for the kill -9
// test) instead of running the tests.
const burstEnv = "JOURNAL_TEST_BURST"

func TestMain(m *testing.M) {
	if addr := os.Getenv(burstEnv); addr != "" {
		os.Exit(runBurst(addr))
	}
	goleak.VerifyTestMain(m)
}

// read is what a journal holds: the SMPP PDUs (TCP payloads) with their comments, and
// the comments of packets without payload (connection events).
type record struct {
	pdus     [][]byte
	comments []string // of the PDUs, one each
	events   []string
	blocks   int
}

// readJournal reads a journal with pcapgo's NgReader as far as it goes; a torn last
// block (a kill -9) ends it without an error, anything before must be whole.
func readJournal(t *testing.T, path string) record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := pcapgo.NewNgReader(f, pcapgo.NgReaderOptions{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var rec record
	for {
		data, _, opts, err := r.ReadPacketDataWithOptions()
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: block %d: %v", path, rec.blocks+1, err)
		}
		rec.blocks++
		p := gopacket.NewPacket(data, layers.LayerTypeEthernet, gopacket.Default)
		tcp, _ := p.Layer(layers.LayerTypeTCP).(*layers.TCP)
		if tcp == nil {
			t.Fatalf("block %d is not TCP", rec.blocks)
		}
		if len(tcp.Payload) > 0 {
			rec.pdus = append(rec.pdus, append([]byte(nil), tcp.Payload...))
			rec.comments = append(rec.comments, strings.Join(opts.Comments, "; "))
		} else {
			rec.events = append(rec.events, opts.Comments...)
		}
	}
	return rec
}

func startSim(t testing.TB) *smsc.Server {
	t.Helper()
	srv, err := smsc.New(smsc.Config{Listen: "127.0.0.1:0", Accounts: []smsc.Account{{SystemID: "journal", Password: "secret99"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return srv
}

// counter counts what the session hands its Recorder, and passes it on.
type counter struct {
	*Journal
	mu   sync.Mutex
	pdus int
}

func (c *counter) PDU(at time.Time, link string, dir smppclient.Direction, raw []byte) {
	c.mu.Lock()
	c.pdus++
	c.mu.Unlock()
	c.Journal.PDU(at, link, dir, raw)
}

func testMessage(i int) message.Message {
	src, _ := message.ParseAddress("Journal")
	dst, _ := message.ParseAddress("+447700900" + fmt.Sprintf("%03d", i%1000))
	return message.Message{Source: src, Dest: dst, Text: fmt.Sprintf("journal test %d", i), RegisteredDelivery: 1}
}

// TestSessionOpensInTshark: a session against the simulator, tx+rx, with receipts, is
// journaled; tshark decodes every PDU as SMPP, none malformed, as many as were sent
// and received; the bind's password is masked and connection events are comments.
func TestSessionOpensInTshark(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	srv := startSim(t)
	j, err := Open(Options{Name: "sim"})
	if err != nil {
		t.Fatal(err)
	}
	rec := &counter{Journal: j}
	cl, err := smppclient.New(smppclient.Settings{Addr: srv.Addr().String(), Bind: smppclient.TxRx,
		SystemID: "journal", Password: "secret99", NoReconnect: true, Recorder: rec})
	if err != nil {
		t.Fatal(err)
	}
	drained := make(chan struct{})
	bothBound := make(chan struct{})
	go func() {
		defer close(drained)
		bound := map[string]bool{}
		for ev := range cl.Events() {
			if e, ok := ev.(smppclient.StateEvent); ok && e.State == smppclient.Bound && !bound[e.Link] {
				if bound[e.Link] = true; len(bound) == 2 {
					close(bothBound)
				}
			}
		}
	}()
	cl.Start()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	select {
	case <-bothBound:
	case <-ctx.Done():
		t.Fatal("tx and rx not bound")
	}
	for i := range 5 {
		sub, err := cl.Submit(ctx, testMessage(i))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sub.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := cl.Close(); err != nil {
		t.Fatal(err)
	}
	<-drained
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	path := j.Path()
	dir, _ := Dir()
	if filepath.Dir(path) != dir || !strings.HasSuffix(path, "-sim.pcapng") {
		t.Errorf("journal at %s, want %s/<time>-sim.pcapng", path, dir)
	}
	got := readJournal(t, path)
	rec.mu.Lock()
	want := rec.pdus
	rec.mu.Unlock()
	if len(got.pdus) != want || want < 14 {
		t.Fatalf("journal holds %d PDUs, the session handed %d", len(got.pdus), want)
	}
	for i, c := range got.comments {
		if c != "tx out" && c != "tx in" && c != "rx out" && c != "rx in" {
			t.Errorf("PDU %d comment %q, want its link and direction", i+1, c)
		}
	}
	if !containsPrefix(got.events, "tx: connected to "+srv.Addr().String()) || !containsPrefix(got.events, "rx: rx bound") {
		t.Errorf("connection events missing: %q", got.events)
	}
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte("secret99")) {
		t.Error("the bind password is in the journal in clear")
	}
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tshark is not installed; .ci/run installs it")
		}
		t.Skip("tshark not installed (apt-get install tshark); CI runs this test")
	}
	port := srv.Addr().String()
	port = port[strings.LastIndexByte(port, ':')+1:]
	out, err := exec.Command(tshark, "-r", path, "-d", "tcp.port=="+port+",smpp", "-Y", "smpp",
		"-T", "fields", "-e", "smpp.command_id", "-e", "_ws.malformed", "-e", "_ws.expert.severity", "-E", "occurrence=a").Output()
	if err != nil {
		t.Fatalf("tshark: %v\n%s", err, out)
	}
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(l, "\t")
		if len(f) < 3 {
			t.Fatalf("unexpected tshark line %q", l)
		}
		if f[1] != "" {
			t.Errorf("tshark flags a malformed PDU: %q", l)
		}
		n += len(strings.Split(f[0], ","))
	}
	if n != want {
		t.Errorf("tshark decodes %d SMPP PDUs, the session handed %d\n%s", n, want, out)
	}
}

func containsPrefix(ss []string, p string) bool {
	for _, s := range ss {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
