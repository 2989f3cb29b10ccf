package server

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are what /metrics exposes, in Prometheus's text format. Each server has its own
// registry, so that tests and several servers in one process do not share counters.
type metrics struct {
	reg        *prometheus.Registry
	operations *prometheus.HistogramVec // GraphQL operations by name and type
	database   *prometheus.HistogramVec // database round trips, by outcome
	errors     *prometheus.CounterVec   // errors returned to clients, by code
	requests   *prometheus.CounterVec   // HTTP requests by route and status class
	inFlight   prometheus.Gauge

	mu    sync.Mutex
	names map[string]bool // operation names seen, capped: clients choose them
}

// maxOperationNames caps the distinct operation names in labels; later names count as
// "other", so that a client sending random names cannot grow the metrics without bound.
const maxOperationNames = 200

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry(), names: map[string]bool{}}
	m.operations = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "actorgraph_graphql_operation_duration_seconds", Help: "Time to answer a GraphQL operation, by operation name and type.",
		Buckets: prometheus.ExponentialBuckets(0.001, 2, 15)}, []string{"operation", "type"})
	m.database = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "actorgraph_database_duration_seconds", Help: "Time of each statement sent to Neo4j, by outcome (ok or error).",
		Buckets: prometheus.ExponentialBuckets(0.0005, 2, 15)}, []string{"outcome"})
	m.errors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "actorgraph_errors_total", Help: "Errors returned to clients, by code."}, []string{"code"})
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "actorgraph_http_requests_total", Help: "HTTP requests, by route and status class."}, []string{"route", "status"})
	m.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "actorgraph_http_requests_in_flight", Help: "HTTP requests being served."})
	m.reg.MustRegister(m.operations, m.database, m.errors, m.requests, m.inFlight,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// operationLabel returns name as a label value, or "other" once too many names were seen.
func (m *metrics) operationLabel(name string) string {
	if name == "" {
		return "anonymous"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.names[name] {
		return name
	}
	if len(m.names) >= maxOperationNames || len(name) > 100 {
		return "other"
	}
	m.names[name] = true
	return name
}

func (m *metrics) observeDatabase(d time.Duration, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.database.WithLabelValues(outcome).Observe(d.Seconds())
}

// route names a request's path by its handler, so that ids in paths do not become labels.
func route(path string) string {
	switch {
	case path == "/graphql", path == "/metrics", path == "/healthz", path == "/readyz", path == "/":
		return path
	case len(path) >= 8 && path[:8] == "/export/":
		return "/export"
	case len(path) >= 11 && path[:11] == "/playground":
		return "/playground"
	}
	return "other"
}

// instrument counts requests and those in flight.
func (m *metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.inFlight.Inc()
		defer m.inFlight.Dec()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		m.requests.WithLabelValues(route(r.URL.Path), strconv.Itoa(sw.status/100)+"xx").Inc()
	})
}
