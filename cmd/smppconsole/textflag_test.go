package main

import (
	"bytes"
	"flag"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/smppclient"
)

// A text flag reads through the type's UnmarshalText, shows its default through
// MarshalText, and keeps the first refused value's error, named after the flag, instead
// of failing the parse.
func TestTextVar(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	var help bytes.Buffer
	fs.SetOutput(&help)
	var err error
	b, c := smppclient.Transceiver, coding.Auto
	textVar(fs, &b, "bind", "bind type", &err)
	textVar(fs, &c, "coding", "coding", &err)
	if perr := fs.Parse([]string{"--bind", "tx+rx", "--coding", "ebcdic", "--coding", "klingon"}); perr != nil {
		t.Fatal(perr)
	}
	if b != smppclient.TxRx || err == nil || err.Error() != `--coding: unknown coding "ebcdic": use one of auto, gsm7, gsm7-packed, ucs2, latin1, binary` {
		t.Errorf("bind %v, error %v", b, err)
	}
	fs.PrintDefaults()
	if !strings.Contains(help.String(), "(default trx)") || !strings.Contains(help.String(), "(default auto)") {
		t.Errorf("defaults not shown:\n%s", help.String())
	}
}
