package ui

import (
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
)

// TestGoldenMessages snapshots the receipts table with long cells, a message's timeline,
// the MO pane and the link's story, at the smallest size and a large one.
// Regenerate with: go test ./ui -run Golden -update
func TestGoldenMessages(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {160, 48}} {
		name := fmt.Sprintf("%dx%d", sz[0], sz[1])
		setup := func() *Model {
			m, _ := newTestModel(t, sz[0], sz[1])
			feed(m, scenario()...)
			feed(m, hardCases()...)
			m.Update(statsMsg(scenarioStats()))
			return m
		}
		t.Run(name+"_receipts", func(t *testing.T) {
			m := setup()
			press(m, "tab")
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(name+"_timeline", func(t *testing.T) {
			m := setup()
			press(m, "tab", "up", "enter") // the message of three parts
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(name+"_mo", func(t *testing.T) {
			m := setup()
			long := "Hello, this is a long reply from the handset: it goes on past the width of the pane so that the detail has to wrap it over several lines."
			feed(m, pduEvent(t0.Add(3*time.Second), smppclient.In, deliverMO(31, "second")),
				smppclient.MOEvent{At: t0.Add(3 * time.Second), Link: "trx", Source: message.Address{Addr: "447700900998"},
					Dest: message.Address{Addr: "12345"}, Text: long, Parts: 2, Complete: true, Seqs: []uint32{30, 31}})
			press(m, "tab", "tab")
			list := m.View()
			press(m, "enter")
			golden.RequireEqual(t, []byte(list+"\n\n"+m.View()))
		})
		t.Run(name+"_story", func(t *testing.T) {
			m, _ := newTestModel(t, sz[0], sz[1])
			feed(m, dropStory()...)
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
}
