package journal

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// burstRate is the child's submit_sm per second: 100 ms at it is what the journal may
// lose to a kill -9.
const burstRate = 1000

// runBurst is the child of TestKillDuringBurst: it journals a session that submits at
// burstRate until it is killed, and says "journal PATH" once the journal is open.
func runBurst(addr string) int {
	j, err := Open(Options{Name: "burst"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("journal", j.Path())
	cl, err := smppclient.New(smppclient.Settings{Addr: addr, Bind: smppclient.Transceiver,
		SystemID: "journal", Password: "secret99", NoReconnect: true, Window: 100, Recorder: j})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	go func() {
		for range cl.Events() {
		}
	}()
	cl.Start()
	tick := time.NewTicker(time.Second / burstRate)
	for i := 0; ; i++ {
		<-tick.C
		if _, err := cl.Submit(context.Background(), testMessage(i)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
}

// TestKillDuringBurst: a session bursting into a journal is killed with SIGKILL; the
// journal opens, and holds every submit_sm the simulator accepted but for at most what
// 100 ms at the burst rate carries.
func TestKillDuringBurst(t *testing.T) {
	state := t.TempDir()
	srv := startSim(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), burstEnv+"="+srv.Addr().String(), "XDG_STATE_HOME="+state)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	path, ok := strings.CutPrefix(strings.TrimSpace(line), "journal ")
	if err != nil || !ok {
		t.Fatalf("child said %q (%v)", line, err)
	}
	if filepath.Dir(filepath.Dir(filepath.Dir(path))) != state {
		t.Fatalf("journal %s is not under XDG_STATE_HOME %s", path, state)
	}
	waitFor(t, "500 submits accepted", func() bool { return srv.Stats().Submitted >= 500 })
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	killed = true
	waitFor(t, "the simulator to see the connection go", func() bool { return srv.Stats().Connections == 0 })
	accepted := srv.Stats().Submitted

	got := readJournal(t, path)
	var submits uint64
	for _, p := range got.pdus {
		if h, ok := wire.ParseHeader(p); ok && h.ID == wire.SubmitSM {
			submits++
		}
	}
	lose := uint64(burstRate / 10)
	t.Logf("simulator accepted %d submit_sm, journal holds %d (%d blocks)", accepted, submits, got.blocks)
	if submits+lose < accepted {
		t.Errorf("journal holds %d submit_sm, the simulator accepted %d: more than %d (100 ms at %d/s) lost", submits, accepted, lose, burstRate)
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
