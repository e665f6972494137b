package keys

import (
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

// S is global: no key of the normal mode (the global keys, the log's, the receipts'
// and L) may also be bound to it, and the view's own keys must not reopen anything.
func TestStatsKeyIsFree(t *testing.T) {
	open := DefaultStats().Open.Keys()
	if len(open) != 1 || open[0] != "S" {
		t.Fatalf("Open is %v", open)
	}
	groups := map[string][][]key.Binding{
		"global": DefaultGlobal().FullHelp(), "log": DefaultLog().FullHelp(), "receipts": DefaultMessages().FullHelp(),
		"load": {{DefaultLoad().Open}},
	}
	for name, g := range groups {
		for _, row := range g {
			for _, b := range row {
				for _, k := range b.Keys() {
					if k == "S" {
						t.Errorf("%s binds S to %q too", name, b.Help().Desc)
					}
				}
			}
		}
	}
}
