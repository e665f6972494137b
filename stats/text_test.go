package stats

import (
	"flag"
	"os"
	"testing"

	"github.com/smppconsole/smppconsole/wire"
)

var update = flag.Bool("update", false, "rewrite testdata/format.txt")

// The text layout, pinned: aligned columns, requests before responses.
func TestFormat(t *testing.T) {
	c := New(Settings{})
	c.Add(esme(0, submitSM(1)))
	c.Add(fromSMSC(12, submitSMResp(1, 0, "1")))
	c.Add(esme(20, submitSM(2)))
	c.Add(fromSMSC(21, submitSMResp(2, wire.StatusThrottled, "")))
	c.Add(esme(30, submitSM(3)))
	c.Add(fromSMSC(1012, receiptPDU(7, "1", "DELIVRD", "", 0)))
	c.Finish()
	got := Format(c.Result())
	want, err := os.ReadFile("testdata/format.txt")
	if *update {
		err = os.WriteFile("testdata/format.txt", []byte(got), 0o644)
		want = []byte(got)
	}
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("Format:\n%s\nwant (testdata/format.txt):\n%s", got, want)
	}
}
