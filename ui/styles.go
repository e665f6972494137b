package ui

import (
	"os"

	"github.com/charmbracelet/lipgloss"
)

// Palette is the console's colours. Every colour is adaptive so the console reads on
// light and dark terminals alike.
type Palette struct {
	Text     lipgloss.AdaptiveColor
	Muted    lipgloss.AdaptiveColor
	Accent   lipgloss.AdaptiveColor
	Good     lipgloss.AdaptiveColor
	Warn     lipgloss.AdaptiveColor
	Bad      lipgloss.AdaptiveColor
	Border   lipgloss.AdaptiveColor
	Focus    lipgloss.AdaptiveColor
	SelectBg lipgloss.AdaptiveColor
	HighFg   lipgloss.AdaptiveColor
	HighBg   lipgloss.AdaptiveColor
	BarBg    lipgloss.AdaptiveColor
	Out, In  lipgloss.AdaptiveColor
}

// DefaultPalette is tuned for contrast on both backgrounds: the light variants are dark
// enough for white terminals, the dark variants light enough for black ones.
func DefaultPalette() Palette {
	return Palette{
		Text:     lipgloss.AdaptiveColor{Light: "#1F2328", Dark: "#E6EDF3"},
		Muted:    lipgloss.AdaptiveColor{Light: "#57606A", Dark: "#8B949E"},
		Accent:   lipgloss.AdaptiveColor{Light: "#0550AE", Dark: "#79C0FF"},
		Good:     lipgloss.AdaptiveColor{Light: "#116329", Dark: "#56D364"},
		Warn:     lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#E3B341"},
		Bad:      lipgloss.AdaptiveColor{Light: "#CF222E", Dark: "#FF7B72"},
		Border:   lipgloss.AdaptiveColor{Light: "#8C959F", Dark: "#484F58"},
		Focus:    lipgloss.AdaptiveColor{Light: "#0969DA", Dark: "#58A6FF"},
		SelectBg: lipgloss.AdaptiveColor{Light: "#DDF4FF", Dark: "#1F3A5F"},
		HighFg:   lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#0D1117"},
		HighBg:   lipgloss.AdaptiveColor{Light: "#0969DA", Dark: "#E3B341"},
		BarBg:    lipgloss.AdaptiveColor{Light: "#EAEEF2", Dark: "#161B22"},
		Out:      lipgloss.AdaptiveColor{Light: "#8250DF", Dark: "#D2A8FF"},
		In:       lipgloss.AdaptiveColor{Light: "#0550AE", Dark: "#79C0FF"},
	}
}

// Styles is every style the console uses; views take widths and heights, never colours.
type Styles struct {
	NoColor bool

	Pane        lipgloss.Style // an unfocused pane's border
	PaneFocused lipgloss.Style
	Title       lipgloss.Style
	TitleFocus  lipgloss.Style
	Muted       lipgloss.Style
	Text        lipgloss.Style
	Accent      lipgloss.Style
	Good        lipgloss.Style
	Warn        lipgloss.Style
	Bad         lipgloss.Style
	Bold        lipgloss.Style

	Bar       lipgloss.Style // status bar background
	Selected  lipgloss.Style // the selected row of a list
	Highlight lipgloss.Style // bytes of the selected field in a hex dump
	Out, In   lipgloss.Style // direction arrows in the log

	Label      lipgloss.Style // compose form labels
	LabelFocus lipgloss.Style
	Error      lipgloss.Style
	Footer     lipgloss.Style
}

// NoColorRequested reports whether the NO_COLOR convention asks for no colour.
func NoColorRequested() bool { return os.Getenv("NO_COLOR") != "" }

// DefaultStyles builds the styles from the default palette. With noColor every style
// is plain: selection and highlights are then carried by markers in the text, which
// the views draw in every mode.
func DefaultStyles(noColor bool) Styles {
	p := DefaultPalette()
	s := Styles{NoColor: noColor}
	border := lipgloss.RoundedBorder()
	if noColor {
		border = lipgloss.NormalBorder()
		s.Pane = lipgloss.NewStyle().Border(border)
		s.PaneFocused = lipgloss.NewStyle().Border(lipgloss.ThickBorder())
		plain := lipgloss.NewStyle()
		s.Title, s.TitleFocus, s.Muted, s.Text, s.Accent = plain, plain.Bold(true), plain, plain, plain
		s.Good, s.Warn, s.Bad, s.Bold = plain, plain, plain, plain.Bold(true)
		s.Bar, s.Selected, s.Highlight, s.Out, s.In = plain, plain.Reverse(true), plain.Reverse(true), plain, plain
		s.Label, s.LabelFocus, s.Error, s.Footer = plain, plain.Bold(true), plain, plain
		return s
	}
	s.Pane = lipgloss.NewStyle().Border(border).BorderForeground(p.Border)
	s.PaneFocused = lipgloss.NewStyle().Border(border).BorderForeground(p.Focus)
	s.Title = lipgloss.NewStyle().Foreground(p.Muted).Bold(true)
	s.TitleFocus = lipgloss.NewStyle().Foreground(p.Focus).Bold(true)
	s.Muted = lipgloss.NewStyle().Foreground(p.Muted)
	s.Text = lipgloss.NewStyle().Foreground(p.Text)
	s.Accent = lipgloss.NewStyle().Foreground(p.Accent)
	s.Good = lipgloss.NewStyle().Foreground(p.Good).Bold(true)
	s.Warn = lipgloss.NewStyle().Foreground(p.Warn).Bold(true)
	s.Bad = lipgloss.NewStyle().Foreground(p.Bad).Bold(true)
	s.Bold = lipgloss.NewStyle().Bold(true)
	s.Bar = lipgloss.NewStyle()
	s.Selected = lipgloss.NewStyle().Background(p.SelectBg).Foreground(p.Text)
	s.Highlight = lipgloss.NewStyle().Background(p.HighBg).Foreground(p.HighFg)
	s.Out = lipgloss.NewStyle().Foreground(p.Out)
	s.In = lipgloss.NewStyle().Foreground(p.In)
	s.Label = lipgloss.NewStyle().Foreground(p.Muted)
	s.LabelFocus = lipgloss.NewStyle().Foreground(p.Focus).Bold(true)
	s.Error = lipgloss.NewStyle().Foreground(p.Bad)
	s.Footer = lipgloss.NewStyle().Foreground(p.Muted)
	return s
}
