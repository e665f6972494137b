package smsc

import (
	"testing"

	"github.com/smppconsole/smppconsole/wire"
)

// submitWithTimes is submit_sm with both time fields set.
func submitWithTimes(sched, validity string) []byte {
	b := wire.SMBody{Command: wire.SubmitSM, Source: addr("1"), Dest: addr("447700900123")}
	b.ScheduleDeliveryTime, b.ValidityPeriod, b.ShortMessage = []byte(sched), []byte(validity), []byte("x")
	return b.Append(nil)
}

// The simulator checks SMPP times by §7.1.1 in full, with the client's own checker
// (wire.CheckSMPPTime), not only their length and alphabet.
func TestSubmitTimesRangeChecked(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s)
	c.mustBind(wire.BindTransceiver)
	for _, tc := range []struct {
		sched, validity string
		want            uint32
	}{
		{"991332250000000+", "", wire.StatusInvSched},  // month 13, day 32, hour 25
		{"", "991332250000000+", wire.StatusInvExpiry}, // the same as validity_period
		{"250229000000000+", "", wire.StatusInvSched},  // 29 February 2025
		{"", "000001000000001R", wire.StatusInvExpiry}, // relative, not 000R
		{"", "261125203000049+", wire.StatusInvExpiry}, // 49 quarter hours
		{"261125203000004+", "000001000000000R", wire.StatusOK},
	} {
		p := c.call(wire.SubmitSM, submitWithTimes(tc.sched, tc.validity))
		if p.h.Status != tc.want {
			t.Errorf("schedule %q validity %q: %s, want %s", tc.sched, tc.validity, wire.StatusString(p.h.Status), wire.StatusString(tc.want))
		}
	}
}
