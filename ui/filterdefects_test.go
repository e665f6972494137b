package ui

import (
	"strings"
	"testing"
)

// The defects of the substring filter the display filter fixes (issue 12): submit_sm
// also matched submit_sm_resp, a message id missed its own submit_sm, and the direction
// could not be asked for. Only SetFilter and the rows: the old filter fails it.
func TestFilterDefectsOfTheSubstringFilter(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	feed(m, scenario()...)
	shown := func(expr string) []string {
		m.log.SetFilter(expr)
		var out []string
		for i := 0; i < m.log.n(); i++ {
			p := m.log.pos(i)
			e, _ := m.log.ring.at(p)
			out = append(out, m.log.render(p, e).plain)
		}
		return out
	}
	for _, c := range []struct {
		expr string
		want []string // one row each, in order
	}{
		{"smpp.command_id == submit_sm", []string{"submit_sm #3", "submit_sm #4"}},
		{"msg == 4F1A0001", []string{"submit_sm #3", "submit_sm_resp #3", "deliver_sm #7", "deliver_sm_resp #7"}},
		{"dir == in && smpp.command_id == submit_sm_resp", []string{"submit_sm_resp #3", "submit_sm_resp #4"}},
		{"smpp.command_status != ESME_ROK", []string{"submit_sm_resp #4"}},
	} {
		rows := shown(c.expr)
		ok := len(rows) == len(c.want)
		for i := 0; ok && i < len(rows); i++ {
			ok = strings.Contains(rows[i], c.want[i]+" ")
		}
		if !ok {
			t.Errorf("%s shows:\n%s\nwant %v", c.expr, strings.Join(rows, "\n"), c.want)
		}
	}
}
