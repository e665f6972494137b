package filter

import (
	"sort"
	"strings"

	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/wire"
)

// Complete returns candidates for the word at cursor (field names, then operators, then
// values such as command names, status names, in/out, link names) and where the word
// starts. A candidate replaces expr[start:cursor].
func Complete(expr string, cursor int) (candidates []string, start int) {
	if cursor < 0 || cursor > len(expr) {
		cursor = len(expr)
	}
	start = cursor
	for start > 0 && wordByte(expr[start-1]) {
		start--
	}
	word := expr[start:cursor]
	if _, err := lex(expr[:cursor]); err != nil {
		// Inside a string, or after a character that is no part of the language.
		return nil, start
	}
	before := prevTokens(expr[:start])
	n := len(before)
	if f := setField(before); f != nil {
		if f.values != nil {
			return byPrefix(f.values(), word), start
		}
		return nil, start
	}
	switch {
	case n >= 2 && isCompareOp(before[n-1]) && before[n-2].kind == tWord:
		if f, ok := byName[before[n-2].text]; ok && f.values != nil {
			return byPrefix(f.values(), word), start
		}
		return nil, start
	case n >= 1 && before[n-1].kind == tRParen,
		n >= 3 && isCompareOp(before[n-2]) && before[n-3].kind == tWord:
		// After a whole comparison: join it to the next.
		return byPrefix([]string{"&&", "||"}, word), start
	case n >= 1 && before[n-1].kind == tWord && !isLogic(before[n-1]) && !isCompareOp(before[n-1]):
		if f, ok := byName[before[n-1].text]; ok {
			return byPrefix(operators(f), word), start
		}
		return nil, start
	}
	return byPrefix(fieldNames(), word), start
}

// setField is the field of the set the cursor is in (after { or a ,), or nil.
func setField(toks []token) *field {
	n := len(toks)
	if n == 0 || toks[n-1].kind != tSet || toks[n-1].text == "}" {
		return nil
	}
	for i := n - 1; i >= 2; i-- {
		t := toks[i]
		if t.kind == tSet && t.text == "{" {
			if isWord(toks[i-1], "in") {
				return byName[toks[i-2].text]
			}
			return nil
		}
		if t.kind != tSet && t.kind != tWord && t.kind != tString {
			return nil
		}
	}
	return nil
}

func prevTokens(s string) []token {
	toks, err := lex(s)
	if err != nil {
		return nil
	}
	return toks[:len(toks)-1]
}

func isCompareOp(t token) bool {
	_, ok := opWords[t.text]
	return ok && (t.kind == tOp || t.kind == tWord)
}

func isLogic(t token) bool {
	return t.text == "and" || t.text == "or" || t.text == "not"
}

func operators(f *field) []string {
	switch f.kind {
	case kNone:
		return []string{"&&", "||"}
	case kNum, kDur:
		return []string{"==", "!=", "<", "<=", ">", ">=", "in"}
	case kMsg:
		return []string{"==", "!=", "in"}
	}
	return []string{"==", "!=", "contains", "matches", "<", "<=", ">", ">=", "in"}
}

func byPrefix(all []string, prefix string) []string {
	var out []string
	for _, s := range all {
		if strings.HasPrefix(s, prefix) {
			out = append(out, s)
		}
	}
	return out
}

var sortedFields []string

func fieldNames() []string {
	if sortedFields == nil {
		names := make([]string, 0, len(byName))
		for n := range byName {
			names = append(names, n)
		}
		sort.Strings(names)
		sortedFields = names
	}
	return sortedFields
}

func commandNames() []string {
	var out []string
	for _, id := range []uint32{
		wire.GenericNack, wire.BindReceiver, wire.BindTransmitter, wire.QuerySM, wire.SubmitSM,
		wire.DeliverSM, wire.Unbind, wire.ReplaceSM, wire.CancelSM, wire.BindTransceiver,
		wire.Outbind, wire.EnquireLink, wire.SubmitMulti, wire.AlertNotification, wire.DataSM,
		wire.BroadcastSM, wire.QueryBroadcastSM, wire.CancelBroadcastSM,
	} {
		out = append(out, wire.CommandName(id))
		if id != wire.GenericNack && id != wire.Outbind && id != wire.AlertNotification {
			out = append(out, wire.CommandName(id|wire.ResponseBit))
		}
	}
	sort.Strings(out)
	return out
}

func statusNames() []string {
	var out []string
	for v := uint32(0); v < 0x500; v++ {
		if s := wire.Status(v); s.Known() {
			out = append(out, s.Name())
		}
	}
	sort.Strings(out)
	return out
}

func stateNames() []string {
	var out []string
	for s := receipt.State(0); s <= receipt.StateSkipped; s++ {
		out = append(out, s.String())
	}
	sort.Strings(out)
	return out
}

func statWords() []string {
	var out []string
	for s := receipt.State(0); s <= receipt.StateSkipped; s++ {
		out = append(out, s.Stat())
	}
	sort.Strings(out)
	return out
}
