package ui

import (
	"fmt"
	"time"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// The timeline's lines for what came back beyond a status: submit_multi's refused
// destinations, a response's TLVs (data_sm_resp's delivery_failure_reason), and the
// operations on the message (query_sm, cancel_sm, replace_sm) with their responses.

// respDetail are the lines under a part's response.
func respDetail(st *Styles, pr *partRow) []string {
	var out []string
	pad := "                "
	if pr.requestID() == wire.SubmitMulti && pr.outcome == smppclient.Accepted {
		if len(pr.unsuccess) == 0 {
			out = append(out, pad+st.Good.Render("every destination accepted"))
		} else {
			out = append(out, pad+st.Bad.Render(fmt.Sprintf("%d destination(s) refused (unsuccess_sme):", len(pr.unsuccess))))
		}
		for _, u := range pr.unsuccess {
			out = append(out, pad+"  "+st.Bad.Render("✗ ")+st.Text.Render(string(u.Addr.Addr))+" "+st.Bad.Render(statusWords(u.Status)))
		}
	}
	for _, t := range pr.respTLVs {
		out = append(out, pad+st.Muted.Render("TLV ")+st.Text.Render(wire.TagName(t.Tag))+st.Muted.Render(" = ")+st.Text.Render(fmt.Sprintf("%x", t.Value)))
	}
	return out
}

// opEvents are an operation's request and its response (or what happened instead),
// each opening its PDU.
func opEvents(st *Styles, clock func(time.Time) string, o opRow) []tlEvent {
	req := &pduRef{link: o.link, id: o.cmd, seq: o.seq, dir: smppclient.Out}
	sent := o.at.Add(-o.latency)
	out := []tlEvent{{sent, clock(sent) + " " + st.Out.Render("->") + " " + st.Text.Render(req.String()), req}}
	switch o.outcome {
	case smppclient.Accepted, smppclient.Rejected:
		resp := &pduRef{link: o.link, id: o.cmd | wire.ResponseBit, seq: o.seq, dir: smppclient.In}
		what := st.Good.Render("ESME_ROK")
		if o.status != wire.StatusOK {
			what = st.Bad.Render(statusWords(o.status))
		}
		line := clock(o.at) + " " + st.In.Render("<-") + " " + st.Text.Render(resp.String()) + " " + what +
			st.Muted.Render(" after "+fmtDuration(o.latency))
		out = append(out, tlEvent{o.at, line, resp})
		if q, ok := o.resp.(*wire.QuerySMRespBody); ok && o.status == wire.StatusOK {
			for _, l := range queryWords(st, q) {
				out = append(out, tlEvent{o.at, "                " + l, resp})
			}
		}
	case smppclient.TimedOut:
		out = append(out, tlEvent{o.at, clock(o.at) + " " + st.Bad.Render(wire.CommandName(o.cmd)+" timed out after "+roundDuration(o.latency)), nil})
	default:
		out = append(out, tlEvent{o.at, clock(o.at) + " " + st.Bad.Render("connection lost before "+wire.CommandName(o.cmd|wire.ResponseBit)), nil})
	}
	return out
}
