package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/wire"
)

// Words whose letters are also the names of keys: typed in one read (a paste, tmux
// send-keys -l, a script) they are text, not the tab, home, escape or enter key. The
// keymaps, ours and the text inputs' own, match a key by its name, and runes read
// together are named by their text.
var keyWords = []string{"tab", "home", "esc", "enter", "ctrl+s"}

const keyWordsText = "tabhomeescenterctrl+s"

// typeWords sends each of keyWords to u as one read.
func typeWords(u interface {
	Update(tea.Msg) (tea.Model, tea.Cmd)
}) {
	for _, w := range keyWords {
		u.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(w)})
	}
}

func TestWordsReadTogetherAreText(t *testing.T) {
	colonState(t)
	check := func(t *testing.T, what string, open bool, got string) {
		t.Helper()
		if !open || got != keyWordsText {
			t.Fatalf("%s: open %v, text %q, want %q", what, open, got, keyWordsText)
		}
	}
	t.Run("filter", func(t *testing.T) {
		m, _ := newTestModel(t, 120, 40)
		press(m, "/")
		typeWords(m)
		check(t, "the filter prompt", m.mode == modeFilter, m.log.input.Value())
	})
	t.Run("find", func(t *testing.T) {
		m, _ := newTestModel(t, 120, 40)
		press(m, "ctrl+f")
		typeWords(m)
		check(t, "the find prompt", m.mode == modeFind, m.log.search.input.Value())
	})
	t.Run("export", func(t *testing.T) {
		m, _ := newTestModel(t, 120, 40)
		press(m, "w")
		m.export.input.SetValue("")
		typeWords(m)
		check(t, "the export prompt", m.mode == modeExport, m.export.input.Value())
	})
	t.Run("compose", func(t *testing.T) {
		m, _ := newTestModel(t, 120, 40)
		press(m, "n")
		m.compose.fields[fDest].input.SetValue("")
		typeWords(m)
		check(t, "the compose form's destination", m.mode == modeCompose && m.compose.focus == fDest, m.compose.fields[fDest].input.Value())
		press(m, "tab")
		typeWords(m)
		check(t, "the compose form's text", m.mode == modeCompose && m.compose.focus == fText, m.compose.text.Value())
	})
	t.Run("raw", func(t *testing.T) {
		m, _ := newTestModel(t, 120, 40)
		feed(m, scenario()...)
		openRawOn(t, m, wire.SubmitSM, 3)
		selectRawRow(t, m, "destination_addr")
		clearField(m)
		typeWords(m)
		check(t, "the raw composer's field", m.mode == modeRaw && m.raw.pdu.rows[m.raw.sel].name == "destination_addr", m.raw.edit.Value())
	})
	t.Run("load", func(t *testing.T) {
		m, _ := newTestModel(t, 120, 40)
		press(m, "L")
		for m.load.focus != lText {
			press(m, "tab")
		}
		m.load.inputs[lText].SetValue("")
		typeWords(m)
		check(t, "the load form's text", m.mode == modeLoad && m.load.focus == lText, m.load.inputs[lText].Value())
	})
	t.Run("replace", func(t *testing.T) {
		m, _ := newOpsModel(t, 120, 40)
		toDeliveredRow(t, m)
		press(m, "R")
		f := m.ops.focus
		m.ops.inputs[f].SetValue("")
		typeWords(m)
		check(t, "the replace form's field", m.mode == modeOp && m.ops.stage == opForm && m.ops.focus == f, m.ops.inputs[f].Value())
	})
	t.Run("colon", func(t *testing.T) {
		m, _ := newTestModel(t, 120, 40)
		press(m, ":")
		typeWords(m)
		check(t, "the command line", m.mode == modeColon && m.colon != nil && !m.colon.pending, m.colon.input.Value())
		a := newColonApp(t, 120, 40)
		appType(a, ":")
		typeWords(a)
		o, ok := a.overlay.(*colonOverlay)
		check(t, "the command line over the App", ok && !o.c.pending, func() string {
			if ok {
				return o.c.input.Value()
			}
			return ""
		}())
	})
	t.Run("connection form", func(t *testing.T) {
		a, _ := newFormApp(t, 120, 40, t.TempDir())
		formAppKey(a, "E")
		o, ok := a.overlay.(*connOverlay)
		if !ok {
			t.Fatalf("E: overlay %T", a.overlay)
		}
		f := o.f
		at := f.focus
		f.inputs[at].SetValue("")
		typeWords(a)
		check(t, "the connection form's field", a.overlay == o && f.focus == at, f.inputs[at].Value())
	})
}
