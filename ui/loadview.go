package ui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/smppconsole/smppconsole/burst"
)

// The load panel's drawing. The charts are drawn into their canvases in Update (poll,
// SetSize); View only reads them.

const loadLabelW = 16

// chartRows is the height of each chart; the panel's own height follows from it.
const chartRows = 3

// Height is the panel's preferred outer height: the form's lines, or the figures'.
func (p *loadPane) Height() int {
	if p.editing {
		return len(p.formLines()) + 2
	}
	return len(p.runLines()) + 2
}

func (p *loadPane) resizeCharts() {
	cw := max((p.w-2-3)/2-1, 8)
	p.tput.Resize(cw, chartRows)
	p.lat.Resize(cw, chartRows)
	p.drawCharts()
}

// drawCharts fills the sparklines with the newest seconds that fit.
func (p *loadPane) drawCharts() {
	fill := func(sl interface {
		Clear()
		Width() int
		PushAll([]float64)
		SetMax(float64)
		Draw()
	}, series []float64) {
		sl.Clear()
		if n := sl.Width(); len(series) > n {
			series = series[len(series)-n:]
		}
		top := 0.0
		for _, v := range series {
			top = max(top, v)
		}
		sl.SetMax(max(top, 1))
		sl.PushAll(series)
		sl.Draw()
	}
	tp := make([]float64, len(p.snap.Throughput))
	for i, v := range p.snap.Throughput {
		tp[i] = float64(v)
	}
	// The second in progress is partial: leave it out of the chart.
	if sec := int(p.snap.Elapsed / time.Second); !p.snap.Done && sec < len(tp) {
		tp = tp[:sec]
	}
	fill(&p.tput, tp)
	fill(&p.lat, p.p99s)
}

// View draws the panel at its size.
func (p *loadPane) View() string {
	if p.w < 20 || p.h < 4 {
		return ""
	}
	var lines []string
	title, note := "Load", ""
	if p.editing {
		lines = p.formLines()
		title = "Load: new burst"
		note = "ctrl+s start · esc hide"
	} else {
		lines = p.runLines()
		switch {
		case p.running():
			title, note = "Load: running", "x stop · esc hide"
		default:
			title, note = "Load: finished", "e new run · esc hide"
		}
	}
	if len(lines) > p.h-2 {
		lines = lines[:p.h-2]
	}
	return box(p.st.PaneFocused, p.st.TitleFocus, title, note, lines, p.w, p.h)
}

func (p *loadPane) formLines() []string {
	st := p.st
	var out []string
	for f := loadField(0); f < numLoadFields; f++ {
		lab := st.Label
		mark := "  "
		if f == p.focus {
			lab, mark = st.LabelFocus, "▸ "
		}
		val := ""
		if f == lAdaptive {
			val = "[ ] no"
			if p.adaptive {
				val = "[x] yes"
			}
			val += st.Muted.Render("  cut the rate on throttling, then creep back")
		} else {
			val = p.inputs[f].View()
		}
		out = append(out, mark+lab.Render(fmt.Sprintf("%-*s", loadLabelW, loadLabels[f]))+" "+val)
	}
	window := "the session's"
	if p.window > 0 {
		window = fmt.Sprintf("%d, the session's", p.window)
	}
	out = append(out, "  "+st.Muted.Render(fmt.Sprintf("%-*s", loadLabelW, "window"))+" "+st.Muted.Render(window))
	out = append(out, "  "+st.Muted.Render("templates: {seq} {rand:N} {range:A-B} {uuid} {time}"))
	var errs []string
	for f := loadField(0); f < numLoadFields; f++ {
		if e := p.errs[f]; e != "" {
			errs = append(errs, e)
		}
	}
	if p.general != "" {
		errs = append(errs, p.general)
	}
	for _, e := range errs {
		for _, l := range wrapWords(e, max(p.w-6, 10)) {
			out = append(out, "  "+st.Error.Render(l))
		}
	}
	if len(errs) == 0 {
		out = append(out, "  "+st.Good.Render("ready: ctrl+s starts"))
	}
	return out
}

// runLines are the run's figures: rates, progress, counts, percentiles, the charts.
func (p *loadPane) runLines() []string {
	st := p.st
	sn := p.snap
	inner := max(p.w-2, 10)
	var out []string
	label := func(s string) string { return st.Muted.Render(s) }
	val := func(s string) string { return st.Text.Render(s) }

	out = append(out, " "+label("target ")+val(fmt.Sprintf("%.0f msg/s", sn.TargetRate))+
		label("   actual ")+val(fmt.Sprintf("%.0f msg/s", sn.ActualRate))+
		label("   in flight ")+val(fmt.Sprint(sn.InFlight))+
		label("   elapsed ")+val(sn.Elapsed.Truncate(100*time.Millisecond).String()))

	frac := p.fraction()
	eta := "ETA ?"
	if sn.ETA >= 0 {
		eta = "ETA " + sn.ETA.Round(time.Second).String()
	}
	right := fmt.Sprintf(" %3.0f%%  %s", frac*100, eta)
	bar := p.bar
	bar.Width = max(inner-2-ansi.StringWidth(right), 10)
	out = append(out, " "+bar.ViewAs(frac)+val(right))

	var rejected uint64
	for _, v := range sn.Rejected {
		rejected += v
	}
	out = append(out, " "+label("sent ")+val(fmt.Sprint(sn.Started))+
		label("  accepted ")+st.Good.Render(fmt.Sprint(sn.Accepted))+
		label("  rejected ")+bad(st, rejected)+
		label("  timed out ")+bad(st, sn.TimedOut)+
		label("  lost ")+bad(st, sn.Lost))
	out = append(out, " "+label("throttled ")+val(fmt.Sprint(sn.Throttled))+
		label("  retries ")+val(fmt.Sprint(sn.Retries))+
		label("  waiting ")+val(fmt.Sprint(sn.Waiting)))
	out = append(out, " "+label("receipts ")+val(fmt.Sprint(p.rc.Received))+
		label("  DELIVRD ")+val(fmt.Sprint(p.rc.Delivered))+label("  owed ")+val(fmt.Sprint(p.rc.Owed)))
	for _, l := range wrapWords("by status "+statusCounts(sn), max(inner-2, 10)) {
		out = append(out, " "+val(l))
	}
	pc := p.pct
	out = append(out, " "+label("submit→resp ")+
		label("p50 ")+val(fmtDuration(pc.P50))+label("  p90 ")+val(fmtDuration(pc.P90))+
		label("  p99 ")+val(fmtDuration(pc.P99))+label("  p99.9 ")+val(fmtDuration(pc.P999))+
		label("  max ")+val(fmtDuration(pc.Max)))

	// The two charts side by side: msg/s sent per second, p99 of each second.
	cw := p.tput.Width()
	peak := 0.0
	for _, v := range p.snap.Throughput {
		peak = max(peak, float64(v))
	}
	lastP99 := 0.0
	if n := len(p.p99s); n > 0 {
		lastP99 = p.p99s[n-1]
	}
	h1 := fit(" "+label(fmt.Sprintf("throughput msg/s (peak %.0f)", peak)), cw+1)
	h2 := fit(label(fmt.Sprintf("p99 per second, ms (now %.1f)", lastP99)), cw)
	out = append(out, h1+"   "+h2)
	left := strings.Split(p.tput.View(), "\n")
	rightC := strings.Split(p.lat.View(), "\n")
	for i := 0; i < chartRows; i++ {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(rightC) {
			r = rightC[i]
		}
		out = append(out, " "+st.Accent.Render(fit(l, cw))+"   "+st.Warn.Render(fit(r, cw)))
	}

	sample := "log: every PDU shown"
	if p.skipped > 0 {
		sample = fmt.Sprintf("log: %s PDUs not shown (sampled 1 in %d)", thousands(p.skipped+p.tailSkipped), p.every)
	}
	out = append(out, " "+label(sample))
	if p.report != nil {
		msg := "every message accounted for"
		if p.runErr != nil {
			msg = "stopped: " + p.runErr.Error()
		} else if fin := sn.Finished; fin != sn.Started {
			msg = fmt.Sprintf("%d of %d messages ended", fin, sn.Started)
		}
		how := "done"
		if p.stopped {
			how = "stopped with x"
		}
		for _, l := range wrapWords(fmt.Sprintf("%s: %d messages, %s", how, sn.Finished, msg), max(inner-2, 10)) {
			out = append(out, " "+st.Good.Render(l))
		}
	}
	return out
}

func bad(st *Styles, n uint64) string {
	if n > 0 {
		return st.Bad.Render(fmt.Sprint(n))
	}
	return st.Text.Render("0")
}

// statusCounts lists command_status counts: ESME_ROK first, then the others by count.
func statusCounts(sn burst.Snapshot) string {
	type kv struct {
		k string
		v uint64
	}
	var kvs []kv
	for k, v := range sn.Rejected {
		kvs = append(kvs, kv{k, v})
	}
	sort.Slice(kvs, func(i, j int) bool {
		if kvs[i].v != kvs[j].v {
			return kvs[i].v > kvs[j].v
		}
		return kvs[i].k < kvs[j].k
	})
	parts := []string{fmt.Sprintf("ESME_ROK %d", sn.Accepted)}
	for _, x := range kvs {
		parts = append(parts, fmt.Sprintf("%s %d", x.k, x.v))
	}
	return strings.Join(parts, ", ")
}

// fraction is how far the run is: messages ended of the count, or time of the duration.
func (p *loadPane) fraction() float64 {
	sn := p.snap
	switch {
	case sn.Done:
		return 1
	case p.set.Count > 0:
		return min(float64(sn.Finished)/float64(p.set.Count), 1)
	case p.set.Duration > 0:
		return min(float64(sn.Elapsed)/float64(p.set.Duration), 1)
	}
	return 0
}

// compact is the status bar's line while a run goes: "burst 1234/s 45% p99 3.0ms".
func (p *loadPane) compact() string {
	if p.runner == nil && !p.active {
		return ""
	}
	if !p.running() {
		return fmt.Sprintf("burst done %d/%d accepted", p.snap.Accepted, p.snap.Finished)
	}
	return fmt.Sprintf("burst %.0f/s %.0f%% p99 %s", p.snap.ActualRate, p.fraction()*100, fmtDuration(p.pct.P99))
}

// thousands writes n with commas: 12,345.
func thousands(n uint64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
