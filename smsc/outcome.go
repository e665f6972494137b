package smsc

import (
	"bytes"
	"time"

	"github.com/smppconsole/smppconsole/receipt"
)

// outcome is what happens to a message: its final state, the receipt's err: and
// network_error_code, when, or a command_status rejecting the submission.
type outcome struct {
	state  receipt.State // stateNone: never final
	err    int
	netErr int
	delay  int64 // ns after submission
	status uint32
}

func (o outcome) failed() bool {
	switch o.state {
	case receipt.StateDelivered, receipt.StateAccepted, stateNone:
		return false
	}
	return true
}

// defaultErr is the err: written for a final state when the configuration names none:
// GSM MAP causes an operator will recognise (1 unknown subscriber, 27 absent
// subscriber, 11 teleservice not provisioned).
func defaultErr(st receipt.State) int {
	switch st {
	case receipt.StateUndeliverable:
		return 1
	case receipt.StateExpired:
		return 27
	case receipt.StateRejected:
		return 11
	}
	return 0
}

// judge decides outcomes: rules by destination first, then the seeded mix.
type judge struct {
	rules    []matcher
	mix      []share
	total    uint64
	seed     uint64
	outcomes []outcome // [0] is the default: delivered after the receipt delay
}

type matcher struct {
	prefix, suffix []byte
	idx            uint8
}

type share struct {
	upto uint64 // cumulative weight
	idx  uint8
}

func newJudge(c Config) *judge {
	j := &judge{seed: c.Seed}
	delay := int64(c.ReceiptDelay)
	j.outcomes = append(j.outcomes, outcome{state: receipt.StateDelivered, delay: delay})
	mk := func(stat string, errCode, netErr int, d time.Duration) outcome {
		st, _ := parseStat(stat)
		o := outcome{state: st, err: errCode, netErr: netErr, delay: delay}
		if o.err == 0 {
			o.err = defaultErr(st)
		}
		if o.netErr == 0 {
			o.netErr = o.err
		}
		if d > 0 {
			o.delay = int64(d)
		}
		return o
	}
	for _, r := range c.Rules {
		o := outcome{status: uint32(r.Status)}
		if r.Status == 0 {
			o = mk(r.Stat, r.Err, r.NetworkError, r.Delay)
		}
		j.rules = append(j.rules, matcher{[]byte(r.Prefix), []byte(r.Suffix), uint8(len(j.outcomes))})
		j.outcomes = append(j.outcomes, o)
	}
	for _, s := range c.Mix {
		if s.Weight == 0 {
			continue
		}
		j.total += uint64(s.Weight)
		j.mix = append(j.mix, share{j.total, uint8(len(j.outcomes))})
		j.outcomes = append(j.outcomes, mk(s.Stat, s.Err, s.NetworkError, 0))
	}
	return j
}

// decide returns the outcome index for a destination; draw numbers the submission
// (and destination) so the mix is the same for the same seed and order.
func (j *judge) decide(dst []byte, draw uint64) uint8 {
	for _, m := range j.rules {
		if bytes.HasPrefix(dst, m.prefix) && bytes.HasSuffix(dst, m.suffix) {
			return m.idx
		}
	}
	if j.total == 0 {
		return 0
	}
	x := splitmix64(j.seed^splitmix64(draw)) % j.total
	for _, s := range j.mix {
		if x < s.upto {
			return s.idx
		}
	}
	return 0
}

func splitmix64(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ x>>30) * 0xBF58476D1CE4E5B9
	x = (x ^ x>>27) * 0x94D049BB133111EB
	return x ^ x>>31
}
