package ui

import (
	"strings"
	"testing"
)

// A tx tab whose receipts arrive on the rx tab of the same account (a receipt share)
// says so: its own link received none, yet its messages have their receipts.
func TestStatusBarCountsReceiptsViaAnotherTab(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	st := newFakeSession().stats
	st.Sent, st.Accepted, st.ReceiptsVia = 1, 1, 1
	m.Update(statsMsg(st))
	contains(t, screen(m), "receipts 0 +1 via another tab")
	st.Receipts, st.ReceiptsVia = 2, 0
	m.Update(statsMsg(st))
	if s := screen(m); strings.Contains(s, "via another tab") {
		t.Fatalf("no receipt came via another tab, yet:\n%s", s)
	}
}
