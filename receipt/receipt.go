// Package receipt parses SMPP delivery receipts (Appendix B text and TLVs) and
// normalises message ids for correlation.
//
// It has no dependency on any SMPP codec: callers pass the decoded text and
// the TLV values they found, so the simulator, the client and the dissector
// can all use it.
package receipt

import (
	"strings"
	"time"
)

// TLVs is what the caller found in the PDU's TLVs; zero values mean absent.
type TLVs struct {
	ReceiptedMessageID    string // 0x001E, C-octet string without the NUL
	HasReceiptedMessageID bool   // a non-empty ReceiptedMessageID counts as present too
	MessageState          State  // 0x0427
	HasMessageState       bool
	NetworkErrorCode      []byte // 0x0423: type octet + 2-octet code
}

// Receipt is a parsed delivery receipt. Values from the text are "as
// written" except that NULs are removed and surrounding white space trimmed
// (text: alone is kept verbatim).
type Receipt struct {
	MessageID     string // the id as the SMSC wrote it: the TLV's if present, else the text's
	TextID        string // the id: field of the text, even when the TLV's is used (show both forms)
	NormalizedID  string // NormalizeID(MessageID)
	Stat          string // canonical stat word (DELIVRD, ...) of State; "" if no recognised state
	StatText      string // the stat: field exactly as it appeared, if any
	State         State
	HasState      bool
	StateMismatch bool   // the TLV message_state and the text stat both exist and disagree
	Err           string // err: as written ("000", "0000")
	NetworkError  string // DescribeNetworkError of the TLV, "" if absent

	Sub, Dlvrd                   string    // as written; "" if missing
	SubmitDate, DoneDate         time.Time // zero if missing or unparseable; years are 20YY; UTC unless an absolute time gave an offset
	SubmitDateText, DoneDateText string    // as written

	Text   string  // text: field, verbatim to the end of the message (NULs removed)
	Source string  // "tlv", "text", "tlv+text", or "" when nothing was found
	Fields []Field // every key:value found in the text, in order
}

// Field is one key:value pair found in the text. Start and End are the byte
// offsets of the "key:value" span in the text passed to Parse (End excludes
// trailing white space and NULs). Key and Value are as written, NULs removed.
type Field struct {
	Key, Value string
	Start, End int
}

// Keys returns the correlation keys of the receipt: IDKeys of MessageID, then
// any further keys of TextID (the text id may be in the other base).
func (r Receipt) Keys() []string {
	keys := IDKeys(r.MessageID)
	for _, k := range IDKeys(r.TextID) {
		dup := false
		for _, have := range keys {
			dup = dup || have == k
		}
		if !dup {
			keys = append(keys, k)
		}
	}
	return keys
}

// Parse reads a receipt from the decoded short_message / message_payload text
// and the PDU's TLVs. Keys are matched case-insensitively, ignoring spaces,
// '_' and '-' inside them ("submit date", "submitdate", "Submit_Date"); the
// first occurrence of a key wins; text: is always the last field and takes
// the rest of the message, colons and all. NULs between or inside words
// (C terminators, UCS2 bytes the caller did not decode) are ignored.
//
// Dates may be YYMMDDhhmm, YYMMDDhhmmss, or an SMPP absolute time
// YYMMDDhhmmsstnnp; see SubmitDate. A relative time or an impossible date
// leaves the time zero and keeps the text.
//
// The TLVs win over the text: receipted_message_id over id:, message_state
// over stat: (both are kept: StatText, TextID, StateMismatch).
//
// ok is false when neither the TLVs nor the text look like a receipt (no id
// and no stat); the Receipt still holds whatever was found. Parse never
// panics, whatever the input.
func Parse(text string, tlvs TLVs) (Receipt, bool) {
	var r Receipt
	r.Fields = scanFields(text)

	usedText, usedTLV := false, false
	var seen uint16 // bit per known key: first occurrence wins
	for _, f := range r.Fields {
		k := canonKey(f.Key)
		bit, known := keyBits[k]
		if !known || seen&bit != 0 {
			continue
		}
		seen |= bit
		usedText = true
		v := firstToken(f.Value)
		switch k {
		case "id":
			r.TextID = v
		case "sub":
			r.Sub = v
		case "dlvrd":
			r.Dlvrd = v
		case "submitdate":
			r.SubmitDateText = v
			r.SubmitDate, _ = parseDate(v)
		case "donedate":
			r.DoneDateText = v
			r.DoneDate, _ = parseDate(v)
		case "stat":
			r.StatText = v
		case "err":
			r.Err = v
		case "text":
			r.Text = f.Value
		}
	}

	r.MessageID = r.TextID
	if tlvID := trimID(tlvs.ReceiptedMessageID); tlvID != "" {
		r.MessageID = tlvID
		usedTLV = true
	} else if tlvs.HasReceiptedMessageID {
		usedTLV = true // present but empty: the SMSC sent it, fall back to the text id
	}
	r.NormalizedID = NormalizeID(r.MessageID)

	textState, textOK := StateFromStat(r.StatText)
	switch {
	case tlvs.HasMessageState:
		r.State, r.HasState = tlvs.MessageState, true
		r.StateMismatch = textOK && textState != tlvs.MessageState
		usedTLV = true
	case textOK:
		r.State, r.HasState = textState, true
	}
	if r.HasState {
		r.Stat = r.State.Stat()
	}

	if len(tlvs.NetworkErrorCode) > 0 {
		r.NetworkError = DescribeNetworkError(tlvs.NetworkErrorCode)
		usedTLV = true
	}

	switch {
	case usedTLV && usedText:
		r.Source = "tlv+text"
	case usedTLV:
		r.Source = "tlv"
	case usedText:
		r.Source = "text"
	}
	return r, r.MessageID != "" || r.HasState || r.StatText != ""
}

// keyBits are the Appendix B keys, in canonKey form.
var keyBits = map[string]uint16{
	"id": 1 << 0, "sub": 1 << 1, "dlvrd": 1 << 2, "submitdate": 1 << 3,
	"donedate": 1 << 4, "stat": 1 << 5, "err": 1 << 6, "text": 1 << 7,
}

// knownWords are the key words Parse acts on, in canonKey form: the Appendix
// B keys plus the halves of "submit date" and "done date".
var knownWords = func() map[string]string {
	m := make(map[string]string)
	for _, w := range []string{"id", "sub", "dlvrd", "submitdate", "donedate", "stat", "err", "text", "submit", "done", "date"} {
		m[w] = w
	}
	return m
}()

// canonKey lower-cases a key and drops spaces, '_', '-' and NULs, so that the
// spellings SMSCs use for the same key compare equal. It returns the known
// word ("submitdate"), or "" for any other key. It does not allocate, which
// keeps Parse cheap on a busy bind.
func canonKey(k string) string {
	var b [16]byte
	n := 0
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c == ' ' || c == '_' || c == '-' || c == '\t' || c == 0:
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if n == len(b) {
			return "" // longer than any key we know
		}
		b[n] = c
		n++
	}
	return knownWords[string(b[:n])]
}

// isSep reports white space and NUL, which separate fields. NUL counts
// because mis-decoded UCS2 and C terminators leave NULs between and around
// the words.
func isSep(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0
}

func isKeyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == '-' || c == 0
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// scanFields finds the key:value pairs. A key is a word that starts with a
// letter, made of letters, digits, '_' and '-', directly followed by ':' and
// preceded by a separator or the start of the text; "submit date" and "done
// date" are joined across the space. A value runs to the start of the next
// key, so multiple spaces and values with inner colons (not preceded by a
// separator) are fine. The text: key ends the scan: its value is the rest.
func scanFields(s string) []Field {
	type key struct{ start, colon int }
	var buf [16]key // a typical receipt has 8 fields: no allocation
	keys := buf[:0]
	isText := false
	for i := 0; i < len(s); i++ {
		if s[i] != ':' {
			continue
		}
		start, ok := keyStart(s, i)
		if !ok {
			continue
		}
		keys = append(keys, key{start, i})
		if canonKey(s[start:i]) == "text" {
			isText = true
			break
		}
	}
	if len(keys) == 0 {
		return nil
	}
	fields := make([]Field, len(keys))
	for n, k := range keys {
		end := len(s)
		if n+1 < len(keys) {
			end = keys[n+1].start
		}
		vs := k.colon + 1
		if isText && n == len(keys)-1 {
			// Verbatim: the message text may start or end with spaces.
			for end > vs && s[end-1] == 0 {
				end--
			}
		} else {
			for vs < end && isSep(s[vs]) {
				vs++
			}
			for end > vs && isSep(s[end-1]) {
				end--
			}
		}
		fields[n] = Field{
			Key:   stripNUL(s[k.start:k.colon]),
			Value: stripNUL(s[vs:end]),
			Start: k.start,
			End:   end,
		}
	}
	return fields
}

// keyStart returns where the key ending at the colon s[colon] begins.
func keyStart(s string, colon int) (int, bool) {
	j, ok := wordStart(s, colon)
	if !ok {
		return 0, false
	}
	if canonKey(s[j:colon]) != "date" {
		return j, true
	}
	// "submit date" / "done date": join the word before, across separators.
	k := j
	for k > 0 && isSep(s[k-1]) {
		k--
	}
	if m, ok := wordStart(s, k); ok && k < j {
		if w := canonKey(s[m:k]); w == "submit" || w == "done" {
			return m, true
		}
	}
	return j, true
}

// wordStart finds the key word that ends at s[end]: the leftmost letter
// preceded by a separator (or the start of the text) within the run of key
// bytes before end. Leftmost, because NULs may sit inside a word (UCS2 read
// as bytes); a later start is still needed when NULs separate the word from
// a value written right before it ("dlvrd:001\x00submit date:").
func wordStart(s string, end int) (int, bool) {
	j := end
	for j > 0 && isKeyByte(s[j-1]) {
		j--
	}
	for p := j; p < end; p++ {
		if isLetter(s[p]) && (p == 0 || isSep(s[p-1])) {
			return p, true
		}
	}
	return 0, false
}

// firstToken is the value up to the first separator: the known fields other
// than text: are single words, and this drops trailing junk some SMSCs add.
func firstToken(v string) string {
	for i := 0; i < len(v); i++ {
		if isSep(v[i]) {
			return v[:i]
		}
	}
	return v
}

func stripNUL(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "")
}

func trimID(s string) string {
	return strings.Trim(stripNUL(s), " \t\r\n")
}

// parseDate reads a receipt date. Accepted forms:
//
//	YYMMDDhhmm         10 digits, the Appendix B form
//	YYMMDDhhmmss       12 digits, with seconds
//	YYMMDDhhmmsstnnp   SMPP absolute time (§7.1.1): t tenths, nn quarter
//	                   hours from UTC, p '+' or '-'
//
// Years are 2000+YY. The 10- and 12-digit forms carry no zone; the SMSC's
// zone is unknown, so they are returned in UTC. Absolute times keep their
// offset as a fixed zone. Relative times ('R') and impossible dates are
// rejected (zero time, false) rather than normalised.
func parseDate(v string) (time.Time, bool) {
	var digits int
	switch len(v) {
	case 10, 12:
		digits = len(v)
	case 16:
		digits = 13
	default:
		return time.Time{}, false
	}
	var d [13]int
	for i := 0; i < digits; i++ {
		if v[i] < '0' || v[i] > '9' {
			return time.Time{}, false
		}
		d[i] = int(v[i] - '0')
	}
	two := func(i int) int { return d[i]*10 + d[i+1] }
	year, month, day, hour, min := 2000+two(0), two(2), two(4), two(6), two(8)
	sec, nsec := 0, 0
	loc := time.UTC
	if digits >= 12 {
		sec = two(10)
	}
	if len(v) == 16 {
		nsec = d[12] * int(100*time.Millisecond)
		if v[13] < '0' || v[13] > '9' || v[14] < '0' || v[14] > '9' {
			return time.Time{}, false
		}
		q := int(v[13]-'0')*10 + int(v[14]-'0')
		if q > 48 {
			return time.Time{}, false
		}
		switch v[15] {
		case '+':
			loc = time.FixedZone("", q*15*60)
		case '-':
			loc = time.FixedZone("", -q*15*60)
		default: // 'R' (relative) is not a date
			return time.Time{}, false
		}
	}
	t := time.Date(year, time.Month(month), day, hour, min, sec, nsec, loc)
	// time.Date normalises 31 Feb to 3 Mar; a receipt date like that is garbage.
	if t.Month() != time.Month(month) || t.Day() != day || t.Hour() != hour ||
		t.Minute() != min || t.Second() != sec {
		return time.Time{}, false
	}
	return t, true
}
