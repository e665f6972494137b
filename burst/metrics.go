package burst

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metric names, for Prometheus; several burst processes can be summed by name.
const (
	MetricSubmits    = "smppconsole_burst_submits_total"
	MetricSubmitResp = "smppconsole_burst_submit_resp_seconds"
	MetricReceipt    = "smppconsole_burst_receipt_seconds"
	MetricInFlight   = "smppconsole_burst_in_flight"
	MetricTargetRate = "smppconsole_burst_target_rate"
	MetricThrottled  = "smppconsole_burst_throttled_total"
	MetricRetries    = "smppconsole_burst_retries_total"
)

// Metrics are a run's Prometheus instruments, on a registry of their own (not the
// process-wide default, so that two runs or a test never collide).
type Metrics struct {
	Registry   *prometheus.Registry
	submits    *prometheus.CounterVec
	submitResp prometheus.Histogram
	receipt    prometheus.Histogram
	throttled  prometheus.Counter
	retries    prometheus.Counter

	mu     sync.Mutex
	runner *Runner
}

// NewMetrics builds the instruments and registers them.
func NewMetrics() *Metrics {
	m := &Metrics{Registry: prometheus.NewRegistry()}
	m.submits = prometheus.NewCounterVec(prometheus.CounterOpts{Name: MetricSubmits,
		Help: "Messages that reached their outcome (accepted, rejected, timed_out, connection_lost), by the command_status that decided it."},
		[]string{"outcome", "status"})
	buckets := prometheus.ExponentialBuckets(0.0001, 2, 20) // 100µs … ~52s
	m.submitResp = prometheus.NewHistogram(prometheus.HistogramOpts{Name: MetricSubmitResp, Buckets: buckets,
		Help: "From the intended send time to the submit_sm_resp, per part."})
	m.receipt = prometheus.NewHistogram(prometheus.HistogramOpts{Name: MetricReceipt, Buckets: buckets,
		Help: "From the intended send time to the final delivery receipt, per part."})
	m.throttled = prometheus.NewCounter(prometheus.CounterOpts{Name: MetricThrottled, Help: "Answers ESME_RTHROTTLED or ESME_RMSGQFUL, retried or not."})
	m.retries = prometheus.NewCounter(prometheus.CounterOpts{Name: MetricRetries, Help: "Messages sent again after a throttle."})
	inFlight := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: MetricInFlight, Help: "Messages submitted and awaiting their responses."},
		func() float64 { return m.gauge(func(s Snapshot) float64 { return float64(s.InFlight) }) })
	target := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: MetricTargetRate, Help: "The rate the schedule holds now, msg/s."},
		func() float64 { return m.gauge(func(s Snapshot) float64 { return s.TargetRate }) })
	m.Registry.MustRegister(m.submits, m.submitResp, m.receipt, m.throttled, m.retries, inFlight, target)
	return m
}

func (m *Metrics) gauge(f func(Snapshot) float64) float64 {
	m.mu.Lock()
	r := m.runner
	m.mu.Unlock()
	if r == nil {
		return 0
	}
	return f(r.Snapshot())
}

func (m *Metrics) attach(r *Runner) { m.mu.Lock(); m.runner = r; m.mu.Unlock() }
func (m *Metrics) detach()          { m.mu.Lock(); m.runner = nil; m.mu.Unlock() }

func (m *Metrics) outcome(outcome, status string) {
	if m != nil {
		m.submits.WithLabelValues(outcome, status).Inc()
	}
}

func (m *Metrics) respLatency(d time.Duration) {
	if m != nil {
		m.submitResp.Observe(d.Seconds())
	}
}

func (m *Metrics) receiptLatency(d time.Duration) {
	if m != nil {
		m.receipt.Observe(d.Seconds())
	}
}

func (m *Metrics) throttle() {
	if m != nil {
		m.throttled.Inc()
	}
}

func (m *Metrics) retry() {
	if m != nil {
		m.retries.Inc()
	}
}

// MetricsServer serves /metrics until Close.
type MetricsServer struct {
	srv  *http.Server
	ln   net.Listener
	done chan struct{}
}

// ServeMetrics listens on addr (host:port; port 0 picks one) and serves m at /metrics.
func ServeMetrics(addr string, m *Metrics) (*MetricsServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{}))
	s := &MetricsServer{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}, ln: ln, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = err // the listener failed; Close still returns
		}
	}()
	return s, nil
}

// Addr is where it listens.
func (s *MetricsServer) Addr() string { return s.ln.Addr().String() }

// Close stops the server and waits for its goroutine.
func (s *MetricsServer) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	<-s.done
	return err
}
