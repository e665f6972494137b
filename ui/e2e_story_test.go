package ui

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/smsc"
)

// The simulator drops the link and comes back on the same address: the log tells the
// story between the PDUs (the drop, backing off, connecting again, bound again) and the
// status bar is bound again with no last error (item 6, end to end).
func TestEndToEndLinkStory(t *testing.T) {
	srv := startSimulator(t)
	addr := srv.Addr().String()
	cl, err := smppclient.New(smppclient.Settings{
		Addr: addr, SystemID: smsc.DefaultSystemID, Password: smsc.DefaultPassword,
		Bind: smppclient.Transceiver, ReconnectMin: 50 * time.Millisecond, ReconnectMax: 200 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Session: cl, Label: "simulator", Simulator: true})
	cl.Start()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(160, 48))
	waitFor := func(words ...string) {
		t.Helper()
		waitScreen(t, tm, 10*time.Second, words...)
	}
	waitFor("** connecting to "+addr, "** bound trx")

	// The SMSC goes away without an unbind.
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	waitFor("** backing off:", "next attempt in")

	// And comes back on the same address.
	cfg := smsc.DefaultConfig()
	cfg.Listen = addr
	srv2, err := smsc.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv2.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	// WaitFor reads on from where the last wait stopped: this is the new bound row.
	waitFor("** connecting to "+addr, "** bound trx")
	tm.Send(keyMsg("q"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)

	// The rows, in order: bound, the drop (a state change away from bound), backing off,
	// connecting, bound again.
	var story []string
	for p := fm.log.ring.oldest(); p < fm.log.ring.next; p++ {
		if e, _ := fm.log.ring.at(p); !e.isPDU() {
			story = append(story, string(e.raw))
		}
	}
	want := []string{"connecting to", "binding", "bound trx", "backing off", "connecting to", "binding", "bound trx"}
	i := 0
	for _, s := range story {
		if i < len(want) && bytes.HasPrefix([]byte(s), []byte(want[i])) {
			i++
		}
	}
	if i < len(want) {
		t.Fatalf("story %q lacks %q in order", story, want[i])
	}
	if fm.status.lastErr != "" {
		t.Errorf("last error %q still shown once bound again", fm.status.lastErr)
	}
	if err := cl.Close(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv2.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	checkGoroutines(t)
}
