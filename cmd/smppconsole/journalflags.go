package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/smppconsole/smppconsole/config"
	"github.com/smppconsole/smppconsole/journal"
)

// journalFlags turn the session journal off or cap it; the profile's journal_max_size
// and journal_max_total apply when the flags are not given.
type journalFlags struct {
	off               bool
	maxSize, maxTotal int64
}

func (j *journalFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&j.off, "no-journal", false, "do not record the session (default: a pcapng journal under $XDG_STATE_HOME/smppconsole/sessions)")
	fs.Int64Var(&j.maxSize, "journal-max-size", journal.DefaultMaxSize, "bytes: start a new journal file past this size")
	fs.Int64Var(&j.maxTotal, "journal-max-total", journal.DefaultMaxTotal, "bytes: delete the oldest journals past this total")
}

// open starts the journal of a session with p, named after label (the profile or the
// host); nil when turned off.
func (j *journalFlags) open(p config.Profile, set map[string]bool, label string, showSecrets bool) (*journal.Journal, error) {
	if j.off {
		return nil, nil
	}
	o, err := j.options(p, set, label, showSecrets)
	if err != nil {
		return nil, err
	}
	jr, err := journal.Open(o)
	if err != nil {
		return nil, fmt.Errorf("journal: %w (--no-journal to run without one)", err)
	}
	return jr, nil
}

// options lays the flags given over the profile's caps.
func (j *journalFlags) options(p config.Profile, set map[string]bool, label string, showSecrets bool) (journal.Options, error) {
	o := journal.Options{Name: label, MaxSize: j.maxSize, MaxTotal: j.maxTotal, ShowSecrets: showSecrets}
	if !set["journal-max-size"] && p.JournalMaxSize > 0 {
		o.MaxSize = p.JournalMaxSize
	}
	if !set["journal-max-total"] && p.JournalMaxTotal > 0 {
		o.MaxTotal = p.JournalMaxTotal
	}
	if o.MaxSize <= 0 || o.MaxTotal <= 0 {
		return o, fmt.Errorf("journal caps must be positive bytes (--journal-max-size %d, --journal-max-total %d)", o.MaxSize, o.MaxTotal)
	}
	return o, nil
}

// journalLabel names a journal after the profile, or the host when there is none.
func journalLabel(p config.Profile) string {
	if p.Name != "" {
		return p.Name
	}
	return p.Host
}

// warnJournal closes the journal, and says so when recording failed on the way (a full
// disk): the session went on, its record did not.
func warnJournal(jr *journal.Journal, stderr io.Writer, who string) {
	if err := jr.Close(); err != nil {
		fmt.Fprintf(stderr, "%s: warning: the session's record is incomplete: %v\n", who, err)
	}
}
