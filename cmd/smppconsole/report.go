package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/smppconsole/smppconsole/burst"
)

const reportUsage = `Usage: smppconsole report [--json] A.json B.json ...
       smppconsole report [--json] [--filter EXPR] JOURNAL.pcapng ...

Merges the JSON reports of burst runs (from several machines, say) into one: counts
add, throughput adds second by second, histograms merge exactly and the percentiles
are taken from the merged histograms; nothing is averaged.

A burst report holds totals and histograms, not PDUs, so a display filter cannot
select within it. Given burst's journals (the pcapng files it records) instead, report
reads their PDUs and reports on those the filter selects: operations, statuses,
response times and receipt latency, as stats does.

Flags:
`

// runReport is `smppconsole report`.
func runReport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the merged report as JSON")
	filterExpr := fs.String("filter", "", "journals only: "+filterHelp)
	if code, ok := parseArgs(fs, reportUsage, args, stderr); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "smppconsole report: give one or more JSON reports of smppconsole burst --json")
		return exitUsage
	}
	if journals, err := allJournals(fs.Args()); err != nil {
		fmt.Fprintf(stderr, "smppconsole report: %v\n", err)
		return exitUsage
	} else if journals {
		return reportJournals(fs.Args(), *filterExpr, *asJSON, stdout, stderr)
	}
	if *filterExpr != "" {
		fmt.Fprintln(stderr, "smppconsole report: --filter selects PDUs, and a burst report holds only totals and histograms: give burst's journals (pcapng, under $XDG_STATE_HOME/smppconsole/sessions) instead of its JSON reports")
		return exitUsage
	}
	var reps []*burst.Report
	for _, name := range fs.Args() {
		b, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "smppconsole report: %v\n", err)
			return exitUsage
		}
		var rep burst.Report
		if err := json.Unmarshal(b, &rep); err != nil {
			fmt.Fprintf(stderr, "smppconsole report: %s: not a burst report: %v\n", name, err)
			return exitUsage
		}
		reps = append(reps, &rep)
	}
	m, err := burst.Merge(fs.Args(), reps)
	if err != nil {
		fmt.Fprintf(stderr, "smppconsole report: %v\n", err)
		return exitUsage
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(m)
	} else {
		fmt.Fprint(stdout, m.Summary())
	}
	return exitOK
}
