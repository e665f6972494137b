package stats

import (
	"sort"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// Result is a snapshot of the statistics. Its JSON keys are stable.
type Result struct {
	PDUs      int    `json:"pdus"`
	Malformed int    `json:"malformed"`
	First     string `json:"first,omitempty"` // RFC 3339 to the ms, UTC; absent without time stamps
	Last      string `json:"last,omitempty"`
	Timed     bool   `json:"timed"` // false: no time stamps, so no response times or latencies
	// OtherCommands: PDUs of unknown command_ids past the first 32 such ids;
	// OtherStatuses: responses whose command_status was past the first 64 seen.
	OtherCommands int `json:"other_commands"`
	OtherStatuses int `json:"other_statuses"`

	Commands      []CommandCount `json:"commands"`       // by command_id, requests before their responses
	Statuses      []StatusCount  `json:"statuses"`       // over every response and generic_nack
	ResponseTimes []CommandTime  `json:"response_times"` // request to response, per request

	Outstanding        []CommandTotal `json:"outstanding"` // sent, no response yet
	Unanswered         []CommandTotal `json:"unanswered"`  // never answered: timed out, or at the end of a file
	UnansweredExamples []Unanswered   `json:"unanswered_examples"`
	UnmatchedResponses []CommandTotal `json:"unmatched_responses"` // responses to no request seen

	Receipts Receipts `json:"receipts"`
}

// CommandCount is how many PDUs of one command were seen, and for a response, by status.
type CommandCount struct {
	Command  string        `json:"command"`
	ID       uint32        `json:"command_id"`
	Count    int           `json:"count"`
	Statuses []StatusCount `json:"statuses,omitempty"`
}

type StatusCount struct {
	Status string `json:"status"`
	Code   uint32 `json:"command_status"`
	Count  int    `json:"count"`
}

type CommandTotal struct {
	Command string `json:"command"`
	Count   int    `json:"count"`
}

type CommandTime struct {
	Command string `json:"command"`
	Latency
}

// Unanswered is one request that never got its response.
type Unanswered struct {
	Conv    string `json:"conversation"`
	Side    string `json:"side,omitempty"`
	Command string `json:"command"`
	Seq     uint32 `json:"sequence_number"`
	At      string `json:"at,omitempty"`
}

// Receipts is receipt latency, submit_sm to final receipt, per final state.
type Receipts struct {
	Receipts      int          `json:"receipts"`       // deliver_sm/data_sm receipts seen
	NoState       int          `json:"no_state"`       // receipts with no recognisable state
	Unmatched     int          `json:"unmatched"`      // final receipts for no accepted submit seen
	Duplicates    int          `json:"duplicates"`     // a second final receipt for one submit
	AwaitingFinal int          `json:"awaiting_final"` // accepted submits with no final receipt yet
	Intermediate  []StateCount `json:"intermediate"`   // ENROUTE, ACCEPTD, ...
	Final         []StateTime  `json:"final"`          // per final state
}

type StateCount struct {
	State string `json:"state"`
	Count int    `json:"count"`
}

// StateTime: Count is every final receipt in that state; Latency covers those matched
// to a timed submit.
type StateTime struct {
	State   string  `json:"state"`
	Count   int     `json:"count"`
	Latency Latency `json:"latency"`
}

func sideName(s Side) string {
	switch s {
	case SideESME:
		return "esme"
	case SideSMSC:
		return "smsc"
	}
	return ""
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

func unansweredOf(k reqKey, at time.Time) Unanswered {
	return Unanswered{Conv: k.conv, Side: sideName(k.side), Command: wire.CommandName(k.cmd), Seq: k.seq, At: stamp(at)}
}

// cmdOrder sorts a request before its response, then by command_id.
func cmdOrder(id uint32) uint64 { return uint64(id&^wire.ResponseBit)<<1 | uint64(id>>31) }

// Result returns the statistics so far. It does not change the Collector.
func (c *Collector) Result() Result {
	r := Result{PDUs: c.pdus, Malformed: c.malformed, Timed: c.timed, First: stamp(c.first), Last: stamp(c.last),
		OtherCommands: c.other, OtherStatuses: c.otherSt}
	ids := make([]uint32, 0, len(c.commands))
	for id := range c.commands {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return cmdOrder(ids[i]) < cmdOrder(ids[j]) })
	r.Commands = []CommandCount{}
	for _, id := range ids {
		cc := c.commands[id]
		r.Commands = append(r.Commands, CommandCount{Command: wire.CommandName(id), ID: id, Count: cc.count, Statuses: statusList(cc.statuses)})
	}
	r.Statuses = statusList(c.statuses)
	if r.Statuses == nil {
		r.Statuses = []StatusCount{}
	}

	r.ResponseTimes = []CommandTime{}
	for _, id := range sortedKeys(c.respTimes) {
		r.ResponseTimes = append(r.ResponseTimes, CommandTime{Command: wire.CommandName(id), Latency: c.respTimes[id].summary()})
	}
	out := map[uint32]int{}
	for k := range c.outstanding {
		out[k.cmd]++
	}
	r.Outstanding = totals(out)
	r.Unanswered = totals(c.unanswered)
	r.UnansweredExamples = append([]Unanswered{}, c.examples...)
	r.UnmatchedResponses = totals(c.unmatched)
	r.Receipts = c.receipts.result()
	return r
}

func (x *receiptIndex) result() Receipts {
	r := Receipts{Receipts: x.receipts, NoState: x.noState, Unmatched: x.unmatched,
		Duplicates: x.duplicates, AwaitingFinal: x.pending, Intermediate: []StateCount{}, Final: []StateTime{}}
	for _, s := range sortedKeys(x.intermediate) {
		r.Intermediate = append(r.Intermediate, StateCount{State: s, Count: x.intermediate[s]})
	}
	for _, s := range sortedKeys(x.finalCount) {
		st := StateTime{State: s, Count: x.finalCount[s]}
		if l := x.final[s]; l != nil {
			st.Latency = l.summary()
		}
		r.Final = append(r.Final, st)
	}
	return r
}

func statusList(m map[uint32]int) []StatusCount {
	if len(m) == 0 {
		return nil
	}
	var out []StatusCount
	for _, s := range sortedKeys(m) {
		out = append(out, StatusCount{Status: wire.StatusName(s), Code: s, Count: m[s]})
	}
	return out
}

func totals(m map[uint32]int) []CommandTotal {
	out := []CommandTotal{}
	ids := sortedKeys(m)
	sort.Slice(ids, func(i, j int) bool { return cmdOrder(ids[i]) < cmdOrder(ids[j]) })
	for _, id := range ids {
		if m[id] > 0 {
			out = append(out, CommandTotal{Command: wire.CommandName(id), Count: m[id]})
		}
	}
	return out
}

func sortedKeys[K uint32 | string, V any](m map[K]V) []K {
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
	return ks
}
