package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// fit pads or cuts s (which may hold ANSI styling) to exactly w columns. Cuts end in an
// ellipsis so a shortened value never looks whole.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// clip cuts s to at most w columns without padding.
func clip(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// wrapWords breaks plain text into lines of at most w columns at spaces; a word longer
// than a line is cut hard (a hex string, a long id), everything else never mid-word.
func wrapWords(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			for ansi.StringWidth(word) > w {
				if line != "" {
					lines = append(lines, line)
					line = ""
				}
				cut := ansi.Truncate(word, w, "")
				lines = append(lines, cut)
				word = word[len(cut):]
			}
			switch {
			case line == "":
				line = word
			case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= w:
				line += " " + word
			default:
				lines = append(lines, line)
				line = word
			}
		}
		lines = append(lines, line)
	}
	return lines
}

// box draws a bordered pane of exactly w×h with the title set into the top border and an
// optional note at the right of it. body lines are fitted to the inner width; missing
// lines are blank and extra lines are dropped.
func box(st lipgloss.Style, titleStyle lipgloss.Style, title, note string, body []string, w, h int) string {
	if w < 4 || h < 2 {
		return ""
	}
	b := st.GetBorderStyle()
	fg := st.GetBorderTopForeground()
	edge := lipgloss.NewStyle().Foreground(fg)
	inner := w - 2

	// Top border: ╭─ title ─── note ─╮, shortening the note first, then the title.
	t := ""
	if title != "" {
		t = " " + title + " "
	}
	n := ""
	if note != "" {
		n = " " + note + " "
	}
	avail := inner - 2 // keep a rule character at each end
	if ansi.StringWidth(t)+ansi.StringWidth(n) > avail {
		n = ""
	}
	if ansi.StringWidth(t) > avail {
		t = clip(t, avail)
	}
	fill := inner - 2 - ansi.StringWidth(t) - ansi.StringWidth(n)
	var sb strings.Builder
	sb.Grow((w + 1) * h * 2)
	sb.WriteString(edge.Render(b.TopLeft + b.Top))
	sb.WriteString(titleStyle.Render(t))
	sb.WriteString(edge.Render(strings.Repeat(b.Top, max(fill, 0))))
	sb.WriteString(titleStyle.Render(n))
	sb.WriteString(edge.Render(b.Top + b.TopRight))
	left, right := edge.Render(b.Left), edge.Render(b.Right)
	for i := 0; i < h-2; i++ {
		sb.WriteByte('\n')
		sb.WriteString(left)
		if i < len(body) {
			sb.WriteString(fit(body[i], inner))
		} else {
			sb.WriteString(strings.Repeat(" ", inner))
		}
		sb.WriteString(right)
	}
	sb.WriteByte('\n')
	sb.WriteString(edge.Render(b.BottomLeft + strings.Repeat(b.Bottom, inner) + b.BottomRight))
	return sb.String()
}

// padLines makes s exactly h lines of width w.
func padLines(lines []string, w, h int) string {
	var sb strings.Builder
	for i := 0; i < h; i++ {
		if i > 0 {
			sb.WriteByte('\n')
		}
		if i < len(lines) {
			sb.WriteString(fit(lines[i], w))
		} else {
			sb.WriteString(strings.Repeat(" ", w))
		}
	}
	return sb.String()
}
