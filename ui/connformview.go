package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// How the connection form looks: one line a field, labelled by its profile key, each
// problem under its field, the window of lines that holds the focused field, and a
// footer with the last save's outcome (or the question being asked) over the keys.

// connLabelW fits the longest key, enquire_link_interval.
const connLabelW = 21

// View draws the form at w×h.
func (f *connForm) View(w, h int) string {
	if w < 30 || h < 8 {
		return padLines([]string{"the connection form needs 30x8 at least"}, w, h)
	}
	inner := w - 2
	foot := f.footer(inner)
	avail := h - 2 - 1 - len(foot) // the footer over the keys' line
	var lines []string
	focusStart, focusEnd := 0, 0
	for fl := connField(0); fl < numConnFields; fl++ {
		if !f.shown(fl) {
			continue
		}
		if fl == f.focus {
			focusStart = len(lines)
		}
		lines = append(lines, f.fieldLines(fl, inner)...)
		if fl == f.focus {
			focusEnd = len(lines)
		}
	}
	for _, g := range f.general {
		for _, l := range wrapWords(g, max(inner-4, 10)) {
			lines = append(lines, "  "+f.st.Error.Render("! "+l))
		}
	}
	// The window that shows the focused field, from the top when it fits there.
	top := 0
	if focusEnd > avail {
		top = min(focusEnd-avail, focusStart)
	}
	if len(lines)-top < avail && len(lines) > avail {
		top = len(lines) - avail
	}
	lines = lines[top:]
	if len(lines) > avail {
		lines = lines[:avail]
	}
	for len(lines) < avail {
		lines = append(lines, "")
	}
	lines = append(append(lines, foot...), f.st.Muted.Render(" "+connHelpLine(f.keys.ShortHelp())))
	note := "saving rebinds the tab"
	if f.tab == "" {
		note = "saving opens a tab"
	}
	if top > 0 {
		note = fmt.Sprintf("↑ %d more · %s", top, note)
	}
	return box(f.st.PaneFocused, f.st.TitleFocus, f.title(), note, lines, w, h)
}

// fieldLines is a field's line and its problems' lines under it.
func (f *connForm) fieldLines(fl connField, inner int) []string {
	st := f.st
	lab, mark := st.Label, "  "
	if fl == f.focus && f.ask == askNothing {
		lab, mark = st.LabelFocus, "▸ "
	}
	valueW := max(inner-2-connLabelW-1-1, 8) // the cursor takes a column more
	var val string
	switch fl {
	case cfTLS:
		val = connYesNo(f.tls) + st.Muted.Render("  TLS on the connection")
	case cfInsecure:
		val = connYesNo(f.insecure) + st.Muted.Render("  skip the certificate check (tests only)")
	case cfBind:
		val = connChoices(f.bind, connBindNames())
	case cfVersion:
		names := make([]string, len(f.versions))
		for i, v := range f.versions {
			names[i] = v.String()
		}
		val = connChoices(f.version, names)
	default:
		in := f.inputs[fl] // a copy: View changes nothing
		in.Width = valueW
		val = in.View()
	}
	label := connKeys[fl]
	if fl.tlsOnly() {
		label = "  " + strings.TrimPrefix(label, "tls.")
	}
	out := []string{mark + lab.Render(fmt.Sprintf("%-*s", connLabelW, label)) + " " + val}
	indent := strings.Repeat(" ", 2+connLabelW+1)
	for _, e := range f.errs[fl] {
		for _, l := range wrapWords(e, max(inner-len(indent)-2, 10)) {
			out = append(out, indent+st.Error.Render("! "+l))
		}
	}
	return out
}

func connYesNo(v bool) string {
	if v {
		return "[x] yes"
	}
	return "[ ] no"
}

// connChoices shows every choice with the chosen one in brackets.
func connChoices(cur int, names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		if i == cur {
			out[i] = "[" + n + "]"
		} else {
			out[i] = " " + n + " "
		}
	}
	return strings.Join(out, " ")
}

func connBindNames() []string {
	out := make([]string, len(connBinds))
	for i, b := range connBinds {
		out[i] = b.String()
	}
	return out
}

// footer is the question being asked, the last save's outcome, or whether ctrl+s can
// save: wrapped, so a long path is seen whole, in three lines at most.
func (f *connForm) footer(inner int) []string {
	st := f.st
	wrap := func(style func(...string) string, text string) []string {
		ls := wrapWords(text, max(inner-2, 10))
		if len(ls) > 3 {
			ls = ls[:3]
		}
		for i, l := range ls {
			ls[i] = " " + style(l)
		}
		return ls
	}
	switch f.ask {
	case askName:
		in := f.name
		in.Width = max(inner-48, 10)
		return []string{" " + st.Accent.Render("save as profile, name: ") + in.View() + st.Muted.Render("  enter save · esc back")}
	case askPassword:
		return wrap(st.Warn.Render, fmt.Sprintf("write the password in clear to %s? [y/N] (n: not written; password_env keeps it out of the file)", f.path))
	}
	if f.status != "" {
		if f.bad {
			return wrap(st.Bad.Render, f.status)
		}
		return wrap(st.Good.Render, f.status)
	}
	if n := f.problems(); n > 0 {
		return wrap(st.Warn.Render, fmt.Sprintf("%s to fix before saving: %s", connProblemsText(n), f.problemFields()))
	}
	return wrap(st.Good.Render, "ready: ctrl+s binds with these settings")
}

// connHelpLine is the bindings' keys and words, for a footer.
func connHelpLine(bs []key.Binding) string {
	parts := make([]string, 0, len(bs))
	for _, b := range bs {
		if b.Enabled() {
			parts = append(parts, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(parts, " · ")
}
