package wire

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SMPP time format, SMPP 3.4 §7.1.1. The rules followed here, field by field:
//
// Absolute (§7.1.1.1) "YYMMDDhhmmsstnnp": YY 00-99, MM 01-12, DD 01 to the last day of
// that month (February has 29 days when YY is a multiple of 4, which is right for every
// year from 1901 to 2099), hh 00-23, mm 00-59, ss 00-59, t tenths of a second 0-9, nn the
// difference between local time and UTC in quarter hours 00-48, p '+' (local time ahead
// of UTC) or '-' (behind it).
//
// Relative (§7.1.1.2) "YYMMDDhhmmss000R": counts of years 00-99, months 00-12, days
// 00-31, hours 00-23, minutes 00-59 and seconds 00-59 from the SMSC's current time; t
// and nn are not used and must be "000"; p is 'R'.
//
// An empty field (a lone NUL on the wire) means "immediate" or "the SMSC's default".

// SMPPTimeLen is the length of an SMPP time without its NUL.
const SMPPTimeLen = 16

// SMPPTime is a decoded SMPP time: an absolute date and time with its offset from UTC,
// or a relative period.
type SMPPTime struct {
	Relative                                       bool
	Year, Month, Day, Hour, Minute, Second, Tenths int // for a relative time: counts
	Quarters                                       int // absolute: offset from UTC in quarter hours, negative west of UTC
}

var smppTimeFields = [...]struct {
	name     string
	min, max int // absolute
	rmax     int // relative
}{
	{"year (YY)", 0, 99, 99},
	{"month (MM)", 1, 12, 12},
	{"day (DD)", 1, 31, 31},
	{"hour (hh)", 0, 23, 23},
	{"minute (mm)", 0, 59, 59},
	{"second (ss)", 0, 59, 59},
}

// ParseSMPPTime reads a non-empty SMPP time and checks every field by the rules above.
// Errors say which field is wrong and what it may hold.
func ParseSMPPTime(s string) (SMPPTime, error) { return parseSMPPTime(s) }

// parseSMPPTime is ParseSMPPTime for a string or for octets straight from a PDU body,
// which it checks without copying them (the simulator checks every submit_sm's times).
func parseSMPPTime[T string | []byte](s T) (SMPPTime, error) {
	var t SMPPTime
	if len(s) != SMPPTimeLen {
		return t, fmt.Errorf("%q is %d characters; an SMPP time is 16, YYMMDDhhmmsstnnp (or empty)", s, len(s))
	}
	for i := 0; i < 15; i++ {
		if s[i] < '0' || s[i] > '9' {
			return t, fmt.Errorf("%q: character %d is %q; the first 15 characters must be digits (YYMMDDhhmmsstnn)", s, i+1, s[i])
		}
	}
	switch s[15] {
	case '+', '-':
	case 'R':
		t.Relative = true
		if s[12] != '0' || s[13] != '0' || s[14] != '0' {
			return t, fmt.Errorf("%q: a relative time ends in 000R (tenths and quarter hours are not used), not %sR", s, s[12:15])
		}
	default:
		return t, fmt.Errorf("%q: the last character must be '+' or '-' (absolute, ahead of or behind UTC) or 'R' (relative), not %q", s, s[15])
	}
	var vals [len(smppTimeFields)]int
	for i, f := range smppTimeFields {
		v := int(s[2*i]-'0')*10 + int(s[2*i+1]-'0')
		lo, hi := f.min, f.max
		if t.Relative {
			lo, hi = 0, f.rmax
		}
		if v < lo || v > hi {
			kind := "an absolute"
			if t.Relative {
				kind = "a relative"
			}
			return t, fmt.Errorf("%q: %s %02d is out of range; in %s time it is %02d-%02d", s, f.name, v, kind, lo, hi)
		}
		vals[i] = v
	}
	t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second = vals[0], vals[1], vals[2], vals[3], vals[4], vals[5]
	if t.Relative {
		return t, nil
	}
	if last := daysIn(t.Year, t.Month); t.Day > last {
		return t, fmt.Errorf("%q: day (DD) %02d does not exist: month %02d of year %02d has %d days", s, t.Day, t.Month, t.Year, last)
	}
	t.Tenths = int(s[12] - '0')
	nn := int(s[13]-'0')*10 + int(s[14]-'0')
	if nn > 48 {
		return t, fmt.Errorf("%q: quarter hours from UTC (nn) %02d is out of range 00-48", s, nn)
	}
	t.Quarters = nn
	if s[15] == '-' {
		t.Quarters = -nn
	}
	return t, nil
}

func daysIn(yy, month int) int {
	switch month {
	case 2:
		if yy%4 == 0 {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// CheckSMPPTime checks an SMPP time field: empty, or a time ParseSMPPTime accepts.
func CheckSMPPTime(s string) error {
	if s == "" {
		return nil
	}
	_, err := parseSMPPTime(s)
	return err
}

// checkSMPPTime is CheckSMPPTime for a field as it stands in a body.
func checkSMPPTime(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	_, err := parseSMPPTime(b)
	return err
}

// Time returns the absolute time as a time.Time, years taken as 20YY.
func (t SMPPTime) Time() time.Time {
	zone := time.FixedZone("", t.Quarters*15*60)
	return time.Date(2000+t.Year, time.Month(t.Month), t.Day, t.Hour, t.Minute, t.Second, t.Tenths*int(time.Second/10), zone)
}

// SMPPTimeFrom turns what an operator typed into an SMPP time. Besides the SMPP form
// itself it takes a period such as "+90m", "2h", "1d12h" or "30s" (a relative time:
// days, hours, minutes and seconds, at most 31 days) and an RFC 3339 time such as
// "2026-12-24T18:00:00+01:00" (an absolute time in its own offset, which must be a
// whole number of quarter hours within ±12 hours). Empty stays empty.
func SMPPTimeFrom(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", nil
	case isPeriod(s):
		return relativeFrom(s)
	case len(s) != SMPPTimeLen || strings.ContainsAny(s, "T:"):
		return absoluteFrom(s)
	}
	return s, CheckSMPPTime(s)
}

// isPeriod reports whether s looks like "+90m" or "1d12h": an optional '+', then digits
// and unit letters, ending in a unit.
func isPeriod(s string) bool {
	s = strings.TrimPrefix(s, "+")
	if s == "" || !strings.ContainsAny(s[len(s)-1:], "dhms") {
		return false
	}
	return strings.Trim(s, "0123456789dhms") == "" && s[0] >= '0' && s[0] <= '9'
}

func relativeFrom(in string) (string, error) {
	s := strings.TrimPrefix(in, "+")
	var total int64
	seen := ""
	for s != "" {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i == len(s) {
			return "", fmt.Errorf("%q: want a period such as +90m, 2h or 1d12h (units d, h, m, s)", in)
		}
		n, err := strconv.ParseInt(s[:i], 10, 32)
		if err != nil {
			return "", fmt.Errorf("%q: %s is too large", in, s[:i])
		}
		unit := s[i]
		if strings.IndexByte(seen, unit) >= 0 {
			return "", fmt.Errorf("%q: unit %q given twice", in, unit)
		}
		seen += string(unit)
		total += n * map[byte]int64{'d': 86400, 'h': 3600, 'm': 60, 's': 1}[unit]
		s = s[i+1:]
	}
	const maxDays = 31
	if total > maxDays*86400 {
		return "", fmt.Errorf("%q is longer than %d days; for a longer period write the SMPP form YYMMDDhhmmss000R (months 00-12, years 00-99)", in, maxDays)
	}
	d, rest := total/86400, total%86400
	return fmt.Sprintf("0000%02d%02d%02d%02d000R", d, rest/3600, rest%3600/60, rest%60), nil
}

func absoluteFrom(s string) (string, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return "", fmt.Errorf("%q: neither an SMPP time (YYMMDDhhmmsstnnp), a period (+90m, 2h, 1d12h) nor an RFC 3339 time (2026-12-24T18:00:00+01:00)", s)
	}
	_, off := t.Zone()
	if off%(15*60) != 0 {
		return "", fmt.Errorf("%q: the offset from UTC is not a whole number of quarter hours, which SMPP cannot carry; give the time in UTC (Z) instead", s)
	}
	q := off / (15 * 60)
	sign := byte('+')
	if q < 0 {
		sign, q = '-', -q
	}
	if q > 48 {
		return "", fmt.Errorf("%q: the offset from UTC is more than 12 hours, which SMPP cannot carry (nn is 00-48); give the time in UTC (Z) instead", s)
	}
	if t.Year() < 2000 || t.Year() > 2099 {
		return "", fmt.Errorf("%q: the year must be 2000-2099 (SMPP carries two digits)", s)
	}
	return fmt.Sprintf("%02d%02d%02d%02d%02d%02d%d%02d%c", t.Year()%100, int(t.Month()), t.Day(),
		t.Hour(), t.Minute(), t.Second(), t.Nanosecond()/int(time.Second/10), q, sign), nil
}
