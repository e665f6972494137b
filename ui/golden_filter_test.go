package ui

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGoldenFilter snapshots the display filter at the smallest size: typed with an
// error (caret and words, the last valid filter still applied), valid and applied, and
// completing with several candidates. Regenerate with: go test ./ui -run Golden -update
func TestGoldenFilter(t *testing.T) {
	setup := func() *Model {
		m, _ := newTestModel(t, 80, 24)
		feed(m, scenario()...)
		m.Update(statsMsg(scenarioStats()))
		return m
	}
	t.Run("80x24_error", func(t *testing.T) {
		m := setup()
		press(m, "/")
		typeText(m, "smpp.command_id == submit_sm_resp")
		typeText(m, " && dir = in")
		golden.RequireEqual(t, []byte(m.View()))
	})
	t.Run("80x24_valid", func(t *testing.T) {
		m := setup()
		press(m, "/")
		typeText(m, "smpp.command_id == submit_sm_resp && dir == in")
		press(m, "enter")
		golden.RequireEqual(t, []byte(m.View()))
	})
	t.Run("80x24_complete", func(t *testing.T) {
		m := setup()
		press(m, "/")
		typeText(m, "smpp.command_id == submit")
		press(m, "tab", "tab")
		golden.RequireEqual(t, []byte(m.View()))
	})
}
