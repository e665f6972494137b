package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/HdrHistogram/hdrhistogram-go"
	"github.com/NimbleMarkets/ntcharts/sparkline"

	"github.com/smppconsole/smppconsole/burst"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/ui/keys"
)

// The load panel (L): a form with the settings of `smppconsole burst`, then the run's
// live figures. The run is a burst.Runner on the console's own session; the panel polls
// its Snapshot four times a second and never waits on it.

// loadField is one line of the form.
type loadField int

const (
	lCount loadField = iota
	lDuration
	lRate
	lRampFrom
	lRampOver
	lRetry
	lAdaptive // yes/no
	lWait
	lTo
	lFrom
	lText
	numLoadFields
)

var loadLabels = [numLoadFields]string{
	lCount: "count", lDuration: "duration", lRate: "rate msg/s", lRampFrom: "ramp from",
	lRampOver: "ramp over", lRetry: "retry-throttled", lAdaptive: "adaptive", lWait: "wait receipts",
	lTo: "to", lFrom: "from", lText: "text",
}

// loadPollEvery is the panel's pace: cheap (one lock, two percentiles) and smooth enough.
const loadPollEvery = 250 * time.Millisecond

// maxSeries bounds the per-second p99 series kept for the chart (an hour).
const maxSeries = 3600

// loadPane is the panel. Its run state lives here; the root feeds it the session's
// events (for receipts) and routes its keys.
type loadPane struct {
	st   *Styles
	keys keys.Load
	w, h int

	inputs   [numLoadFields]textinput.Model
	adaptive bool
	focus    loadField
	errs     map[loadField]string
	general  string // what burst.Settings.Validate says of the whole
	set      burst.Settings
	src      *burst.Templates
	window   int // the session's window, shown beside the settings

	msgTouched bool // to, from or text typed into: the compose form no longer fills them
	editing    bool // the form has the keys; else the run's figures are shown
	active     bool // a run is going: started, its end not yet seen by poll
	stopped    bool // x stopped it
	runner     *burst.Runner
	gen        int // the run's number, so a late tick of a past run is ignored
	snap       burst.Snapshot
	pct        burst.Percentiles
	rc         burst.ReceiptCounts
	report     *burst.Report
	runErr     error

	prevHist *hdrhistogram.Snapshot // at the last whole second, for that second's p99
	prevSec  int
	p99s     []float64 // p99 of each second, ms

	tput, lat sparkline.Model
	bar       progress.Model

	// The log's sampling while the run goes.
	skipped     uint64 // PDUs not shown during the run
	tailSkipped uint64 // and after it (its receipts go on arriving), not yet said in the log
	every       uint64 // 1 in every PDUs shown, at the thinnest
	counter     uint64
}

func newLoadPane(st *Styles) loadPane {
	p := loadPane{st: st, keys: keys.DefaultLoad(), errs: map[loadField]string{}, editing: true}
	for i := range p.inputs {
		in := textinput.New()
		in.Prompt = ""
		in.CharLimit = 160
		p.inputs[i] = in
	}
	p.inputs[lCount].SetValue("10000")
	p.inputs[lRate].SetValue("1000")
	p.inputs[lRetry].SetValue("0")
	p.inputs[lDuration].Placeholder = "e.g. 30s (or a count)"
	p.inputs[lRampFrom].Placeholder = "msg/s to start from"
	p.inputs[lRampOver].Placeholder = "e.g. 10s"
	p.inputs[lWait].Placeholder = "e.g. 10s for final receipts"
	p.inputs[lTo].Placeholder = "{range:447700900000-447700909999}"
	p.inputs[lText].Placeholder = "load test {seq}"
	p.bar = progress.New(progress.WithDefaultGradient(), progress.WithoutPercentage())
	if st.NoColor {
		p.bar = progress.New(progress.WithSolidFill(""), progress.WithoutPercentage(), progress.WithFillCharacters('#', '.'))
	}
	p.tput = sparkline.New(10, 3)
	p.lat = sparkline.New(10, 3)
	return p
}

// running reports whether a run is going (started, not ended).
func (p *loadPane) running() bool { return p.active }

// prefill puts the compose form's message in the form: base gives coding, split,
// registered_delivery and the TLVs; to, from and text may hold templates.
func (p *loadPane) prefill(base message.Message, to, from, text string, window int) {
	p.inputs[lTo].SetValue(to)
	p.inputs[lFrom].SetValue(from)
	p.inputs[lText].SetValue(text)
	p.set = burst.Settings{}
	p.src = &burst.Templates{Base: base}
	p.window = window
	p.check()
}

// open shows the panel: the form when no run is going, else the run's figures.
func (p *loadPane) open() tea.Cmd {
	if p.running() || p.report != nil {
		p.editing = false
		return nil
	}
	p.editing = true
	return p.focusOn(p.focus)
}

func (p *loadPane) focusOn(f loadField) tea.Cmd {
	for i := range p.inputs {
		p.inputs[i].Blur()
	}
	p.focus = f
	if f == lAdaptive {
		return nil
	}
	return p.inputs[f].Focus()
}

// typing reports whether keys are text now (a field of the form has them).
func (p *loadPane) typing() bool { return p.editing && p.focus != lAdaptive }

// parse helpers: an empty field is zero; errors are in words.
func parseCount(name, s string) (int, string) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "_", "")
	if s == "" {
		return 0, ""
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Sprintf("%s: %q is not a whole number of 0 or more", name, s)
	}
	return n, ""
}

func parseRate(name, s string) (float64, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ""
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 {
		return 0, fmt.Sprintf("%s: %q is not a rate in messages per second", name, s)
	}
	return v, ""
}

func parseDur(name, s string) (time.Duration, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ""
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Sprintf("%s: %q is not a time such as 30s or 2m", name, s)
	}
	return d, ""
}

// check parses the form into settings and templates, in words, on every keystroke.
func (p *loadPane) check() {
	p.errs = map[loadField]string{}
	p.general = ""
	v := func(f loadField) string { return p.inputs[f].Value() }
	var s burst.Settings
	var e string
	if s.Count, e = parseCount("count", v(lCount)); e != "" {
		p.errs[lCount] = e
	}
	if s.Duration, e = parseDur("duration", v(lDuration)); e != "" {
		p.errs[lDuration] = e
	}
	if s.Rate, e = parseRate("rate", v(lRate)); e != "" {
		p.errs[lRate] = e
	}
	if s.RampFrom, e = parseRate("ramp from", v(lRampFrom)); e != "" {
		p.errs[lRampFrom] = e
	}
	if s.RampOver, e = parseDur("ramp over", v(lRampOver)); e != "" {
		p.errs[lRampOver] = e
	}
	if s.RetryThrottled, e = parseCount("retry-throttled", v(lRetry)); e != "" {
		p.errs[lRetry] = e
	}
	if s.WaitReceipts, e = parseDur("wait receipts", v(lWait)); e != "" {
		p.errs[lWait] = e
	}
	s.Adaptive = p.adaptive
	s.ExternalEvents = true // the console reads the session's events and passes them on
	if len(p.errs) == 0 {
		if err := s.Validate(); err != nil {
			p.general = err.Error()
		}
	}
	base := message.Message{}
	if p.src != nil {
		base = p.src.Base
	}
	src := &burst.Templates{Base: base}
	for _, f := range []loadField{lTo, lFrom, lText} {
		text := v(f)
		if strings.TrimSpace(text) == "" {
			if f == lFrom {
				continue // the compose form's (or the profile's) source
			}
			text = p.inputs[f].Placeholder
		}
		t, err := burst.ParseTemplate(text)
		if err != nil {
			p.errs[f] = loadLabels[f] + ": " + err.Error()
			continue
		}
		switch f {
		case lTo:
			src.To = t
		case lFrom:
			src.From = t
		case lText:
			src.Text = t
		}
	}
	if len(p.errs) == 0 {
		// One message built now, so a bad address is said before the run, not in it.
		trial := *src
		trial.Clock = func() time.Time { return time.Time{} }
		if _, err := trial.Next(1); err != nil {
			p.general = strings.TrimPrefix(err.Error(), "message 1: ")
		}
	}
	p.set, p.src = s, src
}

// valid reports whether the form can start a run.
func (p *loadPane) valid() bool { return len(p.errs) == 0 && p.general == "" }

// start builds and starts a runner over clients; the returned command is the first poll.
func (p *loadPane) start(ctx context.Context, clients []*smppclient.Client) tea.Cmd {
	p.check()
	if !p.valid() {
		return nil
	}
	src := *p.src // the form's templates stay for the next run; the run owns its copy
	r, err := burst.New(clients, p.set, &src)
	if err != nil {
		p.general = err.Error()
		return nil
	}
	p.runner, p.report, p.runErr = r, nil, nil
	p.active, p.stopped = true, false
	p.gen++
	p.snap, p.pct, p.rc = burst.Snapshot{ETA: -1}, burst.Percentiles{}, burst.ReceiptCounts{}
	p.prevHist, p.prevSec, p.p99s = nil, 0, nil
	p.skipped, p.tailSkipped, p.every, p.counter = 0, 0, 1, 0
	p.editing = false
	for i := range p.inputs {
		p.inputs[i].Blur()
	}
	r.Start(ctx)
	p.resizeCharts()
	return loadPoll(ctx, p.gen)
}

// poll takes the runner's figures; done says the run has just ended.
func (p *loadPane) poll() (done bool) {
	if !p.active || p.runner == nil {
		return false
	}
	p.snap = p.runner.Snapshot()
	p.pct = p.runner.Percentiles()
	p.rc = p.runner.Receipts()
	if sec := int(p.snap.Elapsed / time.Second); sec > p.prevSec || p.snap.Done {
		cur := p.runner.RespHistogram()
		p.p99s = append(p.p99s, intervalP99(p.prevHist, cur))
		if len(p.p99s) > maxSeries {
			p.p99s = p.p99s[len(p.p99s)-maxSeries:]
		}
		p.prevHist, p.prevSec = cur, sec
	}
	p.drawCharts()
	if p.snap.Done {
		p.active = false
		p.report, p.runErr = p.runner.Wait()
		return true
	}
	return false
}

// intervalP99 is the p99 (ms) of what was recorded between two exports of a histogram.
func intervalP99(prev, cur *hdrhistogram.Snapshot) float64 {
	if cur == nil {
		return 0
	}
	d := &hdrhistogram.Snapshot{LowestTrackableValue: cur.LowestTrackableValue,
		HighestTrackableValue: cur.HighestTrackableValue, SignificantFigures: cur.SignificantFigures,
		Counts: append([]int64(nil), cur.Counts...)}
	if prev != nil && len(prev.Counts) == len(d.Counts) {
		for i, c := range prev.Counts {
			d.Counts[i] -= c
		}
	}
	h := hdrhistogram.Import(d)
	if h.TotalCount() == 0 {
		return 0
	}
	return float64(h.ValueAtQuantile(99)) / 1000
}

// stop asks the run to stop politely.
func (p *loadPane) stop() {
	if p.running() && p.runner != nil {
		p.runner.Stop()
		p.stopped = true
	}
}

// Update takes the panel's keys (the root routes them here while the panel is shown).
func (p *loadPane) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		if p.editing && p.focus != lAdaptive {
			var cmd tea.Cmd
			p.inputs[p.focus], cmd = p.inputs[p.focus].Update(msg)
			return cmd
		}
		return nil
	}
	if !p.editing {
		switch {
		case key.Matches(k, p.keys.Stop):
			p.stop()
		case key.Matches(k, p.keys.Edit) && !p.running():
			p.editing = true
			return p.focusOn(p.focus)
		}
		return nil
	}
	switch {
	case key.Matches(k, p.keys.Next):
		return p.focusOn((p.focus + 1) % numLoadFields)
	case key.Matches(k, p.keys.Prev):
		return p.focusOn((p.focus + numLoadFields - 1) % numLoadFields)
	case p.focus == lAdaptive:
		if key.Matches(k, p.keys.Toggle) {
			p.adaptive = !p.adaptive
			p.check()
		}
		return nil
	}
	before := p.inputs[p.focus].Value()
	var cmd tea.Cmd
	p.inputs[p.focus], cmd = p.inputs[p.focus].Update(k)
	if p.focus >= lTo && p.inputs[p.focus].Value() != before {
		p.msgTouched = true
	}
	p.check()
	return cmd
}

// SetSize sets the panel's outer size.
func (p *loadPane) SetSize(w, h int) {
	p.w, p.h = w, h
	for i := range p.inputs {
		p.inputs[i].Width = max(p.w-2-2-loadLabelW-1-3, 8) // the cursor takes a column more
	}
	p.resizeCharts()
}

// ShortHelp implements help.KeyMap.
func (p *loadPane) ShortHelp() []key.Binding {
	k := p.keys
	if p.editing {
		return []key.Binding{k.Start, keys.Short(k.Next, "next"), keys.Short(k.Toggle, "yes/no"), keys.Short(k.Hide, "hide")}
	}
	if p.running() {
		return []key.Binding{keys.Short(k.Stop, "stop"), keys.Short(k.Hide, "hide (the run goes on)")}
	}
	return []key.Binding{keys.Short(k.Edit, "new run"), keys.Short(k.Hide, "hide")}
}

// FullHelp implements help.KeyMap.
func (p *loadPane) FullHelp() [][]key.Binding { return p.keys.FullHelp() }

func (p *loadPane) blur() {
	for i := range p.inputs {
		p.inputs[i].Blur()
	}
}

// describe is the run's settings in a few words, for the log.
func (p *loadPane) describe() string {
	s := p.set
	what := fmt.Sprintf("%d messages", s.Count)
	if s.Count == 0 {
		what = "for " + s.Duration.String()
	}
	return fmt.Sprintf("%s at %g msg/s, %s", what, s.Rate, p.src.String())
}
