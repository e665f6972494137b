package burst

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smsc"
)

// BenchmarkRateAccuracy runs bursts against the in-process simulator and reports how
// far each whole second's sends were from the target rate (the worst second, in %), and
// the rate achieved. Run with -bench RateAccuracy -benchtime 1x.
func BenchmarkRateAccuracy(b *testing.B) {
	for _, rate := range []float64{10, 1000, 20000} {
		b.Run(fmt.Sprintf("rate=%g", rate), func(b *testing.B) {
			srv := startSim(b, smsc.Config{})
			clients := bindClients(b, srv, 1, 1024)
			worst, achieved := 0.0, 0.0
			for b.Loop() {
				rep := run(b, clients, Settings{Duration: 3 * time.Second, Rate: rate}, fixed(b, false))
				for s := 0; s < 3 && s < len(rep.Throughput.Sent); s++ {
					worst = max(worst, math.Abs(float64(rep.Throughput.Sent[s])-rate)/rate*100)
				}
				achieved = rep.Rate.Achieved
			}
			b.ReportMetric(worst, "worst-second-error-%")
			b.ReportMetric(achieved, "achieved-msg/s")
		})
	}
}
