package main

import (
	"fmt"
	"os"
	"testing"
)

// TestMain keeps the journals the tests' sessions write out of the real home: in a
// directory of their own, removed at the end.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "smppconsole-state-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_STATE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
