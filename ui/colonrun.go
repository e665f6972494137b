package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smppconsole/smppconsole/burst"
	"github.com/smppconsole/smppconsole/cmdline"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// The commands of the : line, each doing what its key does: b binds, / filters, w
// exports, Q and X open the operation panel, L and ctrl+s run a burst. An error is in
// words and keeps the line open.

// runColon runs a parsed command on h.
func runColon(h colonHost, cmd cmdline.Command) (tea.Cmd, error) {
	switch cmd.Name {
	case "tab":
		return h.colonTab(cmd.Args[0])
	case "quit":
		return h.colonQuit(), nil
	case "open":
		return h.colonOpen(cmd.Args[0])
	}
	m := h.colonModel()
	if m == nil {
		return nil, fmt.Errorf("%s: no tab is open here (:tab NAME opens one)", cmd.Name)
	}
	var c tea.Cmd
	var err error
	switch cmd.Name {
	case "bind", "unbind":
		c, err = m.colonBind(cmd.Name == "unbind")
	case "filter":
		c, err = m.colonFilter(cmd.Args[0])
	case "export":
		c, err = m.colonExport(cmd.Args[0])
	case "query":
		c, err = m.colonOp(wire.QuerySM, cmd.Args[0])
	case "cancel":
		c, err = m.colonOp(wire.CancelSM, cmd.Args[0])
	case "burst":
		c, err = m.colonBurst(cmd.Args)
	default:
		return nil, fmt.Errorf("%s: the console does not run it", cmd.Name)
	}
	if err != nil {
		return nil, err
	}
	return h.colonCmd(c), nil
}

// colonBind is b, said: :bind when bound (or :unbind when not) is refused.
func (m *Model) colonBind(unbind bool) (tea.Cmd, error) {
	if m.sess == nil || m.opts.ReadOnly != "" {
		return nil, errors.New("this tab has no session to bind")
	}
	bound := m.status.Bound()
	switch {
	case unbind && !bound:
		return nil, errors.New("unbind: the session is not bound")
	case !unbind && bound:
		return nil, errors.New("bind: the session is bound already (:unbind first)")
	}
	if unbind {
		m.setFlash("unbinding", false)
	} else {
		m.setFlash("binding", false)
	}
	return bindCmd(m.sess, unbind), nil
}

// colonFilter applies expr as / does (and keeps it in the filter's history); "" clears.
func (m *Model) colonFilter(expr string) (tea.Cmd, error) {
	c := m.log.SetFilter(expr)
	if err := m.log.fl.err; err != nil {
		return nil, fmt.Errorf("filter: %s", err.Msg)
	}
	m.setFocus(paneLog)
	m.resize()
	if strings.TrimSpace(expr) == "" {
		m.setFlash("filter cleared: every PDU is shown", false)
		return c, nil
	}
	return tea.Batch(c, saveFilters(m.log.fl.hist.Add(expr))), nil
}

// colonExport writes the log as filtered now, as w does.
func (m *Model) colonExport(name string) (tea.Cmd, error) {
	format := exportFormat(name)
	if format == "" {
		return nil, errors.New("export: the name must end in .pcapng or .jsonl (.json)")
	}
	if m.log.scan.active {
		return nil, errors.New("export: the filter is still being applied to the log: run it again in a moment")
	}
	m.setFlash("writing "+name, false)
	return writeExport(name, format, m.exportRows(), m.opts.ShowSecrets), nil
}

// colonOp opens the operation panel's confirmation on message id, as Q and X do on a
// selected message: its source (and destination) from what the tab saw of it.
func (m *Model) colonOp(cmd uint32, id string) (tea.Cmd, error) {
	name := wire.CommandName(cmd)
	if _, ok := m.sess.(opSession); !ok || m.sess == nil {
		return nil, fmt.Errorf("%s needs a live session", name)
	}
	if m.mode != modeNormal {
		return nil, fmt.Errorf("%s: close what is open first (esc)", name)
	}
	t := m.targetByID(id)
	m.mode = modeOp
	c := m.ops.Open(cmd, t)
	m.resize()
	return c, nil
}

// targetByID is message id as the tab knows it: the receipts row with a part of that id,
// else the log's submit response, else the id alone (the panel says the source is the
// profile's default then).
func (m *Model) targetByID(id string) opTarget {
	t := opTarget{messageID: id, from: "the command line"}
	for i := len(m.msgs.rows) - 1; i >= 0; i-- {
		r := m.msgs.rows[i]
		for j := range r.parts {
			pr := &r.parts[j]
			if pr.messageID != id {
				continue
			}
			t = opTarget{messageID: id, source: r.src, dest: r.dst, coding: r.coding, text: r.text, from: "the command line (receipts row)"}
			if pr.seq != 0 {
				if pos, ok := m.log.find(pduRef{id: pr.requestID(), seq: pr.seq, dir: smppclient.Out}); ok {
					m.fillFromRequest(pos, &t)
				}
			}
			return t
		}
	}
	r := m.log.ring
	for p := r.next; p > r.oldest(); {
		p--
		e, _ := r.at(p)
		if !e.isPDU() || respID(e) != id {
			continue
		}
		if got, err := m.targetFromPDU(p); err == nil {
			got.from = "the command line (" + got.from + ")"
			return got
		}
		break
	}
	return t
}

// respID is the message_id of an accepted submit response, "" for any other entry.
func respID(e *entry) string {
	h := e.header()
	switch h.ID {
	case wire.SubmitSMResp, wire.DataSMResp, wire.SubmitMultiResp:
	default:
		return ""
	}
	if h.Status != wire.StatusOK {
		return ""
	}
	id, _ := wire.RespMessageID(e.raw[min(wire.HeaderLen, len(e.raw)):])
	return string(id)
}

// colonBurst starts the load panel's run with the flags of `smppconsole burst`: the
// flags go into the panel's form, and the run starts as ctrl+s starts it, on the message
// of the compose form (--to, --from and --text replace its fields). Flags the panel has
// no field for are refused by name rather than ignored.
func (m *Model) colonBurst(args []string) (tea.Cmd, error) {
	f, s, err := burst.ParseFlags(args)
	if err != nil {
		return nil, fmt.Errorf("burst: %v", err)
	}
	if err := consoleBurstFlags(f); err != nil {
		return nil, err
	}
	if m.load.running() {
		return nil, errors.New("burst: a run is going already (L shows it, x stops it)")
	}
	if len(m.loadClients()) == 0 {
		return nil, errors.New("burst: no SMPP session to send on")
	}
	if m.mode != modeNormal {
		return nil, errors.New("burst: close what is open first (esc)")
	}
	p := &m.load
	p.report = nil // a finished run's figures give way to the new one
	open := m.openLoad()
	set := func(fl loadField, v string) { p.inputs[fl].SetValue(v) }
	set(lCount, countText(s.Count))
	set(lDuration, durText(s.Duration))
	set(lRate, strconv.FormatFloat(s.Rate, 'g', -1, 64))
	set(lRampFrom, "")
	set(lRampOver, "")
	if s.RampOver > 0 {
		set(lRampFrom, strconv.FormatFloat(s.RampFrom, 'g', -1, 64))
		set(lRampOver, durText(s.RampOver))
	}
	set(lRetry, strconv.Itoa(s.RetryThrottled))
	set(lWait, durText(s.WaitReceipts))
	p.adaptive = s.Adaptive
	for fl, v := range map[loadField]string{lTo: f.To, lFrom: f.From, lText: f.Text} {
		if v != "" {
			set(fl, v)
			p.msgTouched = true
		}
	}
	p.check()
	if !p.valid() {
		why := p.general
		for fl := loadField(0); fl < numLoadFields && why == ""; fl++ {
			why = p.errs[fl]
		}
		// The form stays as the flags left it, for L to show; the line keeps the words.
		m.mode = modeNormal
		p.blur()
		m.resize()
		return nil, fmt.Errorf("burst: %s", why)
	}
	start := m.startLoad()
	if start == nil {
		return nil, fmt.Errorf("burst: %s", p.general)
	}
	return tea.Batch(open, start), nil
}

// consoleBurstFlags refuses the flags of `smppconsole burst` that belong to a run of
// its own sessions, not the console's: the console sends on the tab's session.
func consoleBurstFlags(f burst.Flags) error {
	var not []string
	if f.Binds != 1 {
		not = append(not, "--binds (the console sends on the tab's one session)")
	}
	if f.Window != 100 {
		not = append(not, "--window (the tab's session has its own: E edits it)")
	}
	if f.CSV != "" {
		not = append(not, "--csv")
	}
	if f.Metrics != "" {
		not = append(not, "--metrics")
	}
	if f.ExpectRate != 0 || f.MaxP99 != 0 {
		not = append(not, "--expect-rate and --max-p99 (the panel shows the figures)")
	}
	if f.Seed != 1 {
		not = append(not, "--seed")
	}
	if f.RetryBackoff != burst.DefaultRetryBackoff {
		not = append(not, "--retry-backoff")
	}
	if len(not) == 0 {
		return nil
	}
	return fmt.Errorf("burst: the console's run has no %s; `smppconsole burst` has", strings.Join(not, ", "))
}

func countText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func durText(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}
