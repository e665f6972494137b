package ui

import "testing"

// / (the log's display filter) and ctrl+f (find) work from any pane: they are the log's,
// so they move the focus to it. From the receipts pane they used to do nothing, and the
// filter typed after them went to other keys (n opened the form).
func TestFilterAndFindFromAnyPane(t *testing.T) {
	for _, k := range []string{"/", "ctrl+f"} {
		for _, pane := range []paneID{paneMessages, paneMO} {
			m, _ := newTestModel(t, 80, 24)
			feed(m, scenario()...)
			m.setFocus(pane)
			press(m, k)
			want := modeFilter
			if k == "ctrl+f" {
				want = modeFind
			}
			if m.mode != want || m.focus != paneLog {
				t.Fatalf("%s with pane %v focused: mode %v focus %v, want mode %v on the log", k, pane, m.mode, m.focus, want)
			}
			typeText(m, "smpp.command_id == submit_sm")
			if m.mode != want {
				t.Fatalf("%s: typing left the prompt (mode %v)", k, m.mode)
			}
		}
	}
}
