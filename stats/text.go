package stats

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Format renders r as aligned plain-text tables, the layout `smppconsole stats` prints
// and the TUI's stats view shows.
func Format(r Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d PDU(s)", r.PDUs)
	if r.Malformed > 0 {
		fmt.Fprintf(&b, ", %d malformed", r.Malformed)
	}
	if r.OtherCommands > 0 || r.OtherStatuses > 0 {
		fmt.Fprintf(&b, ", %d of too many unknown commands and %d of too many statuses not itemised", r.OtherCommands, r.OtherStatuses)
	}
	if r.Timed {
		fmt.Fprintf(&b, ", %s to %s", r.First, r.Last)
	} else {
		b.WriteString(", no time stamps: response times and receipt latency not measured")
	}
	b.WriteString("\n\n")

	t := table{head: []string{"command", "count", "command_status", "count"}}
	for _, c := range r.Commands {
		if len(c.Statuses) == 0 {
			t.add(c.Command, itoa(c.Count), "", "")
			continue
		}
		for i, s := range c.Statuses {
			name, n := "", ""
			if i == 0 {
				name, n = c.Command, itoa(c.Count)
			}
			t.add(name, n, s.Status, itoa(s.Count))
		}
	}
	section(&b, "Operations", t)

	t = table{head: []string{"command_status", "code", "count"}}
	for _, s := range r.Statuses {
		t.add(s.Status, fmt.Sprintf("0x%08X", s.Code), itoa(s.Count))
	}
	section(&b, "Response status", t)

	t = table{head: []string{"request", "count", "min", "p50", "p99", "max"}}
	for _, c := range r.ResponseTimes {
		t.add(append([]string{c.Command, itoa(c.Count)}, times(c.Latency)...)...)
	}
	section(&b, "Response time (request to response)", t)

	t = table{head: []string{"request", "outstanding", "never answered"}}
	for _, row := range mergeTotals(r.Outstanding, r.Unanswered) {
		t.add(row...)
	}
	section(&b, "Unanswered requests", t)
	if len(r.UnansweredExamples) > 0 {
		t = table{head: []string{"never answered", "sequence_number", "conversation", "sent at"}}
		for _, u := range r.UnansweredExamples {
			t.add(u.Command, strconv.FormatUint(uint64(u.Seq), 10), u.Conv, u.At)
		}
		b.WriteString(t.String())
		b.WriteString("\n")
	}
	if len(r.UnmatchedResponses) > 0 {
		t = table{head: []string{"response to no request seen", "count"}}
		for _, u := range r.UnmatchedResponses {
			t.add(u.Command, itoa(u.Count))
		}
		b.WriteString(t.String())
		b.WriteString("\n")
	}

	rc := r.Receipts
	fmt.Fprintf(&b, "Receipt latency (submit_sm to final receipt)\n%d receipt(s), %d awaiting a final receipt, %d unmatched, %d duplicate, %d without a state\n",
		rc.Receipts, rc.AwaitingFinal, rc.Unmatched, rc.Duplicates, rc.NoState)
	t = table{head: []string{"final state", "count", "timed", "min", "p50", "p99", "max"}}
	for _, s := range rc.Final {
		t.add(append([]string{s.State, itoa(s.Count), itoa(s.Latency.Count)}, times(s.Latency)...)...)
	}
	for _, s := range rc.Intermediate {
		t.add(s.State+" (not final)", itoa(s.Count), "", "", "", "", "")
	}
	if len(t.rows) > 0 {
		b.WriteString(t.String())
	}
	return b.String()
}

func section(b *strings.Builder, title string, t table) {
	b.WriteString(title)
	b.WriteString("\n")
	if len(t.rows) == 0 {
		b.WriteString("  (none)\n\n")
		return
	}
	b.WriteString(t.String())
	b.WriteString("\n")
}

// mergeTotals puts outstanding and never answered side by side per request.
func mergeTotals(out, never []CommandTotal) [][]string {
	idx := map[string]int{}
	var rows [][]string
	put := func(list []CommandTotal, col int) {
		for _, c := range list {
			i, ok := idx[c.Command]
			if !ok {
				i = len(rows)
				idx[c.Command] = i
				rows = append(rows, []string{c.Command, "0", "0"})
			}
			rows[i][col] = itoa(c.Count)
		}
	}
	put(out, 1)
	put(never, 2)
	return rows
}

func times(l Latency) []string {
	if l.Count == 0 {
		return []string{"-", "-", "-", "-"}
	}
	return []string{Dur(l.Min), Dur(l.P50), Dur(l.P99), Dur(l.Max)}
}

// Dur prints a delay to the precision a person reads: µs below 1ms, ms below 1s, s to the ms below 100s.
func Dur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < time.Second:
		return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) + "ms"
	case d < 100*time.Second:
		return strconv.FormatFloat(float64(d.Milliseconds())/1000, 'f', 3, 64) + "s"
	}
	return d.Round(time.Second).String()
}

func itoa(n int) string { return strconv.Itoa(n) }

// table aligns columns: the first left, the others right, as numbers read.
type table struct {
	head []string
	rows [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t table) String() string {
	w := make([]int, len(t.head))
	for _, row := range append([][]string{t.head}, t.rows...) {
		for i, c := range row {
			w[i] = max(w[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	for _, row := range append([][]string{t.head}, t.rows...) {
		var line strings.Builder
		line.WriteString("  ")
		for i, c := range row {
			pad := strings.Repeat(" ", w[i]-len([]rune(c)))
			if i > 0 {
				line.WriteString("  ")
			}
			if i == 0 || t.left(i) {
				line.WriteString(c + pad)
			} else {
				line.WriteString(pad + c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteString("\n")
	}
	return b.String()
}

// left: text columns (names, stamps) align left; counts and times right.
func (t table) left(i int) bool {
	switch t.head[i] {
	case "command_status", "conversation", "sent at":
		return true
	}
	return false
}
