package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/smppconsole/smppconsole/filter"
	"github.com/smppconsole/smppconsole/stats"
)

// allJournals tells report's operands apart by their first octets: true when every one
// is a capture (burst's pcapng journal, or a pcap), false when none is; a mix is refused.
func allJournals(names []string) (bool, error) {
	caps := 0
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return false, err
		}
		head := make([]byte, 4)
		n, _ := io.ReadFull(f, head)
		f.Close()
		if isPcap(head[:n]) {
			caps++
		}
	}
	if caps > 0 && caps < len(names) {
		return false, fmt.Errorf("give either burst's JSON reports or its journals (pcapng), not both")
	}
	return caps > 0, nil
}

// reportJournals reports on the PDUs of burst's journals that the filter selects (all
// without one), as one stream of statistics: each journal's connections stay apart.
func reportJournals(names []string, expr string, asJSON bool, stdout, stderr io.Writer) int {
	var flt *filter.Filter
	if expr != "" {
		var ok bool
		if flt, ok = compileFilter("smppconsole report", expr, stderr); !ok {
			return exitUsage
		}
	}
	c := stats.New(stats.Settings{})
	status := exitOK
	for _, name := range names {
		data, err := readInput(name, nil)
		if err != nil {
			fmt.Fprintf(stderr, "smppconsole report: %v\n", err)
			return exitUsage
		}
		var src pduSource = journalSource{name: name, src: pcapSource{data: data}}
		if flt != nil {
			src = filteredSource{src: src, flt: flt}
		}
		if err := src.Each(c.Add); err != nil {
			fmt.Fprintf(stderr, "smppconsole report: %s: %v\n", name, err)
			status = 1
		}
	}
	c.Finish()
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		_ = enc.Encode(c.Result())
	} else {
		fmt.Fprint(stdout, stats.Format(c.Result()))
	}
	return status
}

// journalSource names each conversation after its journal too, so that sequence numbers
// of two journals never pair.
type journalSource struct {
	name string
	src  pduSource
}

func (j journalSource) Each(fn func(stats.Record)) error {
	return j.src.Each(func(r stats.Record) {
		r.Conv = j.name + ": " + r.Conv
		fn(r)
	})
}
