package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestPromptPasswordNeedsATerminal(t *testing.T) {
	var out bytes.Buffer
	pw, ok, err := promptPassword(strings.NewReader("secret\n"), &out, "Password: ")
	if ok || err != nil || pw != "" || out.Len() != 0 {
		t.Errorf("not a terminal: %q %v %v, wrote %q", pw, ok, err, out.String())
	}
}
