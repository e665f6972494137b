package keys

import (
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

// Q, X and R work where the log and the receipts have the keys: no key of the normal
// mode (the global keys, the log's, the receipts', L and S) may be bound to them too.
func TestOpsKeysAreFree(t *testing.T) {
	o := DefaultOps()
	mine := map[string]string{}
	for _, b := range []key.Binding{o.Query, o.Cancel, o.Replace} {
		if len(b.Keys()) != 1 {
			t.Fatalf("%q has keys %v", b.Help().Desc, b.Keys())
		}
		mine[b.Keys()[0]] = b.Help().Desc
	}
	groups := map[string][][]key.Binding{
		"global": DefaultGlobal().FullHelp(), "log": DefaultLog().FullHelp(), "receipts": DefaultMessages().FullHelp(),
		"MO": DefaultMO().FullHelp(), "load": {{DefaultLoad().Open}}, "stats": {{DefaultStats().Open}},
	}
	for name, g := range groups {
		for _, row := range g {
			for _, b := range row {
				for _, k := range b.Keys() {
					if d, ok := mine[k]; ok {
						t.Errorf("%s binds %s (%s) to %q too", name, k, d, b.Help().Desc)
					}
				}
			}
		}
	}
}
