package ui

import (
	"fmt"
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"
)

func TestMain(m *testing.M) {
	// Golden snapshots are plain text: no colour, whatever the terminal running the tests.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	// The filter history goes to the state directory: a temporary one, not the home's.
	state, err := os.MkdirTemp("", "smppconsole-ui-state-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_STATE_HOME", state)
	code := m.Run()
	os.RemoveAll(state)
	os.Exit(code)
}

// TestGolden snapshots whole frames at the smallest supported size and a large one,
// with a fixed clock and deterministic events. Regenerate with: go test ./ui -run Golden -update
func TestGolden(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {160, 48}} {
		name := fmt.Sprintf("%dx%d", sz[0], sz[1])
		setup := func() *Model {
			m, _ := newTestModel(t, sz[0], sz[1])
			feed(m, scenario()...)
			m.Update(statsMsg(scenarioStats()))
			return m
		}
		t.Run(name+"_log", func(t *testing.T) {
			golden.RequireEqual(t, []byte(setup().View()))
		})
		t.Run(name+"_compose", func(t *testing.T) {
			m := setup()
			press(m, "n")
			typeText(m, "447700900123")
			press(m, "tab")
			typeText(m, "Price: 5€ — see you 😀")
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(name+"_detail", func(t *testing.T) {
			m := setup()
			// The receipt: the 7th PDU, the 9th row after the connecting and bound rows.
			press(m, "g", "down", "down", "down", "down", "down", "down", "down", "down", "enter")
			press(m, "down", "down", "down", "down", "down", "down", "down")
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(name+"_nocolor", func(t *testing.T) {
			// NO_COLOR: plain borders, the focused pane in a heavier line, selection by marker.
			m := New(Options{Session: newFakeSession(), Label: "simulator", Simulator: true, Now: fixedNow, Location: time.UTC, NoColor: true})
			m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			feed(m, scenario()...)
			m.Update(statsMsg(scenarioStats()))
			press(m, "up", "up")
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(name+"_export", func(t *testing.T) {
			m := setup()
			press(m, "w")
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(name+"_export_refused", func(t *testing.T) {
			m := setup()
			press(m, "w")
			typeText(m, ".txt")
			press(m, "enter")
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(name+"_help", func(t *testing.T) {
			m := setup()
			press(m, "?")
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
	// Below the usable size: what the terminal is and what is needed.
	t.Run("50x12_too_small", func(t *testing.T) {
		m, _ := newTestModel(t, 50, 12)
		feed(m, scenario()...)
		golden.RequireEqual(t, []byte(m.View()))
	})
	// The smallest usable size, with the config file's warning in full.
	t.Run("60x15_warning", func(t *testing.T) {
		m := New(Options{Session: newFakeSession(), Label: "simulator", Simulator: true, Now: fixedNow, Location: time.UTC, Notice: readableWarning})
		m.Update(tea.WindowSizeMsg{Width: 60, Height: 15})
		feed(m, scenario()...)
		m.Update(statsMsg(scenarioStats()))
		golden.RequireEqual(t, []byte(m.View()))
	})
}
