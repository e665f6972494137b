//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY returns the master and the terminal (slave) side of a new pseudo-terminal.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		t.Skipf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		m.Close()
		t.Skipf("ptsname: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("open tty: %v", err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return m, s
}

func TestPromptPasswordOnATerminalEchoOff(t *testing.T) {
	master, tty := openPTY(t)
	type result struct {
		pw  string
		ok  bool
		err error
	}
	done := make(chan result, 1)
	var out bytes.Buffer
	go func() {
		pw, ok, err := promptPassword(tty, &out, "Password: ")
		done <- result{pw, ok, err}
	}()
	// Wait until echo is off, then type.
	deadline := time.Now().Add(5 * time.Second)
	for {
		termios, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
		if err == nil && termios.Lflag&unix.ECHO == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("echo never turned off")
		}
		time.Sleep(5 * time.Millisecond) // polling the terminal's mode: there is no event for it
	}
	if _, err := master.Write([]byte("s3cr3t\n")); err != nil {
		t.Fatal(err)
	}
	var r result
	select {
	case r = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("promptPassword did not return")
	}
	if r.err != nil || !r.ok || r.pw != "s3cr3t" {
		t.Fatalf("got %q %v %v", r.pw, r.ok, r.err)
	}
	if !strings.HasPrefix(out.String(), "Password: ") {
		t.Errorf("prompt %q", out.String())
	}
	// Nothing was echoed back to the terminal.
	fds := []unix.PollFd{{Fd: int32(master.Fd()), Events: unix.POLLIN}}
	if n, _ := unix.Poll(fds, 100); n > 0 {
		echo := make([]byte, 64)
		k, _ := unix.Read(int(master.Fd()), echo)
		if k > 0 && strings.Contains(string(echo[:k]), "s3cr3t") {
			t.Errorf("the password was echoed: %q", echo[:k])
		}
	}
	// Echo is back on afterwards.
	if termios, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS); err != nil || termios.Lflag&unix.ECHO == 0 {
		t.Errorf("echo not restored: %v", err)
	}
}
