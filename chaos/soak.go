package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"
)

// soakTest: a sustained mixed load for a bounded time. No request may fail, and the
// server's memory and goroutines must not grow: /metrics is read after a warm-up (caches
// filled, pools grown, the GC settled) and at the end, under the same load.
func soakTest(ctx context.Context, e *env, o *options, rep *report) error {
	sec := rep.section("soak: sustained mixed load")
	if err := e.seed(ctx); err != nil {
		return err
	}
	srv, err := e.startServer(ctx, "soak")
	if err != nil {
		return err
	}
	defer srv.kill()
	c := newClient(e.base(), 60*time.Second)
	l := newLedger("cx-soak-" + randHex(2))
	ld := &load{c: c, l: l, tokens: e.tokens, writers: o.writers, readers: o.readers, roles: 1, pause: o.pause,
		seedSrc: "src-a1", seedActs: []string{"aqim", "aqim-sahara-branch"}}
	lctx, stopLoad := context.WithCancel(ctx)
	ld.start(lctx)
	const warm = 30 * time.Second
	logf("soak: warming up %s, then %s of load", warm, o.duration)
	sleepCtx(ctx, warm)

	type point struct {
		at                    time.Duration
		rss, heap, goroutines float64
		fds                   float64
	}
	sampleMetrics := func(t0 time.Time) (point, error) {
		m, err := scrape(e.base())
		if err != nil {
			return point{}, err
		}
		return point{time.Since(t0), m["process_resident_memory_bytes"], m["go_memstats_heap_inuse_bytes"], m["go_goroutines"], m["process_open_fds"]}, nil
	}
	t0 := time.Now()
	start, err := sampleMetrics(t0)
	if err != nil {
		stopLoad()
		return err
	}
	points := []point{start}
	tStart := time.Now()
	for time.Since(tStart) < o.duration && ctx.Err() == nil {
		sleepCtx(ctx, min(10*time.Second, o.duration-time.Since(tStart)))
		if p, err := sampleMetrics(t0); err == nil {
			points = append(points, p)
		} else {
			sec.fail("/metrics: %v", err)
		}
	}
	end := points[len(points)-1]
	tEnd := time.Now()
	stopLoad()
	ld.wait()

	writes, samples := l.snapshot()
	all := summarise(samples, tStart, tEnd, e.timeout)
	warmup := summarise(samples, time.Time{}, tStart, e.timeout)
	la, _ := os.ReadFile("/proc/loadavg")
	sec.fig("duration", "%s after a %s warm-up (%d writers, %d readers, 1 role prober, %s pause)", o.duration, warm, o.writers, o.readers, o.pause)
	sec.fig("machine load average", "%s", strings.TrimSpace(string(la)))
	sec.fig("requests", "%d in the measured time (%.0f/s): %s; max latency %s", all.n, float64(all.n)/o.duration.Seconds(), all.byCode, all.maxLatency.Round(time.Millisecond))
	for code, n := range all.byCode {
		if code != "" && code != "UNAUTHENTICATED" && code != "FORBIDDEN" {
			sec.fail("%d requests ended %s", n, code)
		}
	}
	for code, n := range warmup.byCode {
		if code != "" && code != "UNAUTHENTICATED" && code != "FORBIDDEN" {
			sec.fail("%d requests during the warm-up ended %s", n, code)
		}
	}
	for _, s := range first(all.odd, 3) {
		sec.fail("%s %s: %s", s.Kind, s.Op, tail(s.Detail, 300))
	}
	mib := func(b float64) string { return fmt.Sprintf("%.1f MiB", b/(1<<20)) }
	sec.fig("memory at start and end", "RSS %s → %s; Go heap in use %s → %s", mib(start.rss), mib(end.rss), mib(start.heap), mib(end.heap))
	sec.fig("goroutines at start and end", "%.0f → %.0f (open files %.0f → %.0f)", start.goroutines, end.goroutines, start.fds, end.fds)
	var series []string
	for _, p := range points {
		series = append(series, fmt.Sprintf("%.0fs %s/%.0f", p.at.Seconds(), mib(p.heap), p.goroutines))
	}
	sec.fig("heap/goroutines every 10 s", "%s", strings.Join(series, ", "))
	// Tolerances: the heap is a sawtooth between collections, so compare the highest of the
	// first and last thirds rather than two single points.
	third := max(1, len(points)/3)
	peak := func(ps []point) (heap, rss, gor float64) {
		for _, p := range ps {
			heap, rss, gor = max(heap, p.heap), max(rss, p.rss), max(gor, p.goroutines)
		}
		return
	}
	h0, r0, g0 := peak(points[:third])
	h1, r1, g1 := peak(points[len(points)-third:])
	if h1 > h0*1.5+8<<20 {
		sec.fail("the Go heap grew from %s to %s (peaks of the first and last thirds)", mib(h0), mib(h1))
	}
	if r1 > r0*1.25+32<<20 {
		sec.fail("RSS grew from %s to %s (peaks of the first and last thirds)", mib(r0), mib(r1))
	}
	if g1 > g0+10 {
		sec.fail("goroutines grew from %.0f to %.0f (peaks of the first and last thirds)", g0, g1)
	}

	b, err := openDB(ctx, e.neo4jURI())
	if err != nil {
		return err
	}
	defer b.close()
	l.mu.Lock()
	forbidden := append([]string(nil), l.forbidden...)
	l.mu.Unlock()
	lr, err := verifyLedger(ctx, b, writes, forbidden)
	if err != nil {
		return err
	}
	sec.fig("writes acknowledged vs found", "%d acknowledged, %d found in Neo4j", lr.acked, lr.found)
	if !lr.ok() {
		sec.fail("ledger: missing %v; wrong %v; no audit %v; forbidden present %v", first(lr.missing, 10), first(lr.wrong, 5), first(lr.noAudit, 5), lr.forbiddenFound)
	}
	hw, err := halfWritten(ctx, b)
	if err != nil {
		return err
	}
	for _, p := range hw {
		sec.fail("half-written: %s", p)
	}
	// Idle again: the goroutines of the load's connections go away with them.
	c.http.CloseIdleConnections()
	time.Sleep(2 * time.Second)
	if m, err := scrape(e.base()); err == nil {
		sec.fig("goroutines once the load stopped", "%.0f", m["go_goroutines"])
	}
	code, _, err := srv.stop(30 * time.Second)
	if err != nil || code != 0 {
		sec.fail("the server exited %d after SIGTERM (%v)", code, err)
	}
	return nil
}
