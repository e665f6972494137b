package ui

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGoldenConnForm snapshots the connection form with problems under their fields, at
// the smallest size and a large one. Regenerate with: go test ./ui -run Golden -update
func TestGoldenConnForm(t *testing.T) {
	t.Run("80x24_port", func(t *testing.T) {
		f := newTestConnForm(t, connProfile(), "acme", "")
		formFocus(t, f, cfPort)
		clearFormField(f)
		formType(f, "70000")
		golden.RequireEqual(t, []byte(f.View(80, 24)))
	})
	t.Run("120x40_tls", func(t *testing.T) {
		f := newTestConnForm(t, connProfile(), "acme", "")
		formFocus(t, f, cfPort)
		clearFormField(f)
		formType(f, "70000")
		formFocus(t, f, cfTLS)
		formKeys(f, " ")
		formFocus(t, f, cfCAFile)
		formType(f, "testdata/no-such-ca.pem")
		formFocus(t, f, cfSystemID)
		formType(f, "-far-too-long")
		formKeys(f, "ctrl+s")
		golden.RequireEqual(t, []byte(f.View(120, 40)))
	})
	t.Run("80x24_new_scrolled", func(t *testing.T) {
		// A new connection, the focus at the last field: the window follows it.
		f := newTestConnForm(t, connProfileDefaults(), "", "")
		formFocus(t, f, cfEnquireLinkInterval)
		golden.RequireEqual(t, []byte(f.View(80, 18)))
	})
}
