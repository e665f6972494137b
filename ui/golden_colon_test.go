package ui

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGoldenColon snapshots the command line at the smallest size: completing with
// several candidates (the one in place in brackets), a line that does not parse (caret
// under the byte, the words beside it), and :help's list. Regenerate with:
// go test ./ui -run Golden -update
func TestGoldenColon(t *testing.T) {
	setup := func() *Model {
		colonState(t)
		m, _ := newTestModel(t, 80, 24)
		feed(m, scenario()...)
		m.Update(statsMsg(scenarioStats()))
		return m
	}
	t.Run("80x24_candidates", func(t *testing.T) {
		m := setup()
		colonType(m, "b")
		colonTab(t, m, "tab")
		colonTab(t, m, "tab")
		golden.RequireEqual(t, []byte(m.View()))
	})
	t.Run("80x24_error", func(t *testing.T) {
		m := setup()
		colonType(m, "burst --rate fast --count 10")
		colonEnter(m)
		golden.RequireEqual(t, []byte(m.View()))
	})
	t.Run("80x24_help", func(t *testing.T) {
		m := setup()
		colonType(m, "help")
		colonEnter(m)
		golden.RequireEqual(t, []byte(m.View()))
	})
}
