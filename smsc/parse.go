package smsc

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseRule reads a rule as the sim command's --rule flag writes it:
//
//	PREFIX=STAT[:ERR]      447700900=UNDELIV:1   destinations starting with 447700900
//	*SUFFIX=STAT[:ERR]     *99=EXPIRED           destinations ending in 99
//	PREFIX=ESME_Rxxx       999=ESME_RINVDSTADR   submissions rejected with that status
//
// An empty prefix ("=REJECTD") matches every destination.
func ParseRule(s string) (Rule, error) {
	match, out, ok := strings.Cut(s, "=")
	if !ok {
		return Rule{}, fmt.Errorf("rule %q: want PREFIX=STAT[:ERR], *SUFFIX=STAT[:ERR] or PREFIX=ESME_Rxxx", s)
	}
	var r Rule
	if rest, isSuffix := strings.CutPrefix(match, "*"); isSuffix {
		r.Suffix = rest
	} else {
		r.Prefix = match
	}
	if strings.HasPrefix(strings.ToUpper(out), "ESME_") {
		st, err := ParseStatus(out)
		if err != nil {
			return Rule{}, fmt.Errorf("rule %q: %v", s, err)
		}
		r.Status = st
		return r, nil
	}
	stat, errText, hasErr := strings.Cut(out, ":")
	if _, err := parseStat(stat); err != nil {
		return Rule{}, fmt.Errorf("rule %q: %v", s, err)
	}
	r.Stat = stat
	if hasErr {
		n, err := strconv.Atoi(errText)
		if err != nil || n < 0 || n > 999 {
			return Rule{}, fmt.Errorf("rule %q: err %q is not a number from 0 to 999", s, errText)
		}
		r.Err = n
	}
	return r, nil
}

// ParseMix reads a random mix as "DELIVRD:90,UNDELIV:7,EXPIRED:3" (stat:weight pairs).
func ParseMix(s string) ([]Share, error) {
	var out []Share
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		stat, w, ok := strings.Cut(f, ":")
		if !ok {
			return nil, fmt.Errorf("mix %q: want STAT:WEIGHT pairs such as DELIVRD:90,UNDELIV:10", s)
		}
		if _, err := parseStat(stat); err != nil {
			return nil, fmt.Errorf("mix: %v", err)
		}
		n, err := strconv.Atoi(w)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("mix: weight %q of %s is not a whole number", w, stat)
		}
		out = append(out, Share{Stat: stat, Weight: n})
	}
	return out, nil
}
