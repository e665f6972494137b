package ui

import (
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/smppclient"
)

// The link's story in the log: every state change and connection step is a row between
// the PDUs, so a drop reads "submit_sm_resp, link lost: closed by the SMSC, backing off,
// connecting, bind_transceiver" instead of jumping from one PDU to the next bind.

// stateStory is a state change in words, for its log row.
func stateStory(e smppclient.StateEvent) (text string, kind uint8) {
	reason := strings.TrimSpace(e.Reason)
	if e.HasStatus && !strings.Contains(reason, "refused") {
		reason = "bind refused: " + reason
	}
	kind = rowState
	if e.Fault {
		kind = rowFault
	}
	with := func(words string) string {
		if reason == "" {
			return words
		}
		if strings.HasPrefix(reason, words) {
			return reason // "connecting to …", "unbinding: requested by the operator"
		}
		return words + ": " + reason
	}
	switch e.State {
	case smppclient.Connecting:
		if reason == "" && e.Addr != "" {
			return "connecting to " + e.Addr, kind
		}
		return with("connecting"), kind
	case smppclient.Binding:
		return with("binding"), kind
	case smppclient.Bound:
		if !e.Fault {
			kind = rowBound
		}
		return with("bound " + e.Bind.String()), kind
	case smppclient.BackingOff:
		text = with("backing off")
		if !e.Retry.IsZero() && !strings.Contains(text, "next attempt") {
			text += "; next attempt in " + roundDuration(max(e.Retry.Sub(e.At), 0))
		}
		return text, kind
	case smppclient.Unbinding:
		return with("unbinding"), kind
	case smppclient.Disconnected:
		return with("disconnected"), kind
	case smppclient.Closed:
		return with("closed"), kind
	}
	return with(e.State.String()), kind
}

// pushStory adds a connection event row; appended must follow, as after push. A row
// with no link ("") is the tab's own.
func (l *pduLog) pushStory(at time.Time, link, text string, kind uint8) {
	li := noLink
	if link != "" {
		li = l.linkIndex(link)
	}
	p := l.ring.push(entry{at: at.UnixNano(), raw: []byte(text), link: li, kind: kind}, "")
	if l.idx != nil {
		e, _ := l.ring.at(p)
		if l.matches(p, e) {
			l.idx.Append(p)
		}
	}
}

// OnState and OnLink add the link's story to the log.
func (l *pduLog) OnState(e smppclient.StateEvent) {
	text, kind := stateStory(e)
	l.pushStory(e.At, e.Link, text, kind)
}

func (l *pduLog) OnLink(e smppclient.LinkEvent) {
	if e.Text != "" {
		l.pushStory(e.At, e.Link, e.Text, rowLink)
	}
}

// renderStory is an event row: the time, the link, a marker where PDUs have their arrow,
// and the event in words in the style of its kind.
func (l *pduLog) renderStory(e *entry) logLine {
	text := string(e.raw)
	link := ""
	if l.showLinks() && int(e.link) < len(l.links) {
		link = l.links[e.link] + " "
	}
	st := l.st.Warn
	switch e.kind {
	case rowLink:
		st = l.st.Accent
	case rowBound:
		st = l.st.Good
	case rowFault:
		st = l.st.Bad
	}
	var t strings.Builder
	t.WriteString(l.st.Muted.Render(time.Unix(0, e.at).In(l.loc).Format("15:04:05.000")))
	t.WriteString(" " + l.st.Muted.Render(link) + st.Render("** "+text))
	return logLine{plain: link + "** " + text, text: t.String()}
}

// storyText is the text of the event row at p, for enter.
func (l *pduLog) storyText(e *entry) string {
	t := time.Unix(0, e.at).In(l.loc).Format("15:04:05.000")
	if l.showLinks() && int(e.link) < len(l.links) {
		t += " " + l.links[e.link]
	}
	return t + " " + string(e.raw)
}
