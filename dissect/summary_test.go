package dissect

import (
	"strings"
	"testing"

	"github.com/linxGnu/gosmpp/pdu"
)

// The summary quotes 40 characters of text by default and as many as asked, so a wide
// log can show more.
func TestSummaryTextWidth(t *testing.T) {
	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	_ = sm.DestAddr.SetAddress("447700900123")
	text := strings.Repeat("0123456789", 10)
	msg, _ := pdu.NewShortMessage(text)
	sm.Message = msg
	raw := gosmppBytes(sm)
	if s := Dissect(raw, Options{}).Summary; !strings.Contains(s, `text="`+text[:39]+`…"`) {
		t.Errorf("default summary %q, want 40 characters of text", s)
	}
	if s := Dissect(raw, Options{SummaryText: 80}).Summary; !strings.Contains(s, `text="`+text[:79]+`…"`) {
		t.Errorf("summary with room for 80: %q", s)
	}
	if s := Dissect(raw, Options{SummaryText: 200}).Summary; !strings.Contains(s, `text="`+text+`"`) {
		t.Errorf("summary with room for all of it: %q", s)
	}
}
