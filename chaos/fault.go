package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// readySample is one poll of /readyz.
type readySample struct {
	at     time.Time
	status int
}

// faultTest: under a bounded mixed load, SIGKILL Neo4j, keep it down, restart it; the
// server must stay up, answer UNAVAILABLE within the request deadline, say not ready, and
// recover by itself within 10 s of Neo4j answering again; afterwards every acknowledged
// write must be in the database and nothing half-written.
func faultTest(ctx context.Context, e *env, o *options, rep *report) error {
	sec := rep.section("fault: Neo4j killed under load")
	if err := e.seed(ctx); err != nil {
		return err
	}
	srv, err := e.startServer(ctx, "fault")
	if err != nil {
		return err
	}
	defer srv.kill()
	c := newClient(e.base(), 60*time.Second)
	l := newLedger("cx-" + randHex(3))
	ld := &load{c: c, l: l, tokens: e.tokens, writers: o.writers, readers: o.readers, roles: 1, pause: o.pause,
		seedSrc: "src-a1", seedActs: []string{"aqim", "aqim-sahara-branch"}}

	// /readyz, polled every 200 ms throughout.
	var rmu sync.Mutex
	var ready []readySample
	pctx, stopPoll := context.WithCancel(context.Background())
	var pwg sync.WaitGroup
	pwg.Add(1)
	go func() {
		defer pwg.Done()
		for pctx.Err() == nil {
			st := readyz(e.base())
			rmu.Lock()
			ready = append(ready, readySample{time.Now(), st})
			rmu.Unlock()
			sleepCtx(pctx, 200*time.Millisecond)
		}
	}()

	lctx, stopLoad := context.WithCancel(ctx)
	ld.start(lctx)
	logf("fault: load running (%d writers, %d readers, 1 role prober); warming up %s", o.writers, o.readers, o.warm)
	sleepCtx(ctx, o.warm)

	tKill := time.Now()
	pid, err := e.killNeo4j()
	if err != nil {
		stopLoad()
		stopPoll()
		return fmt.Errorf("killing Neo4j: %v", err)
	}
	logf("fault: SIGKILLed Neo4j (pid %d); keeping it down for %s", pid, o.down)
	sleepCtx(ctx, o.down)

	// Restart, and watch for Bolt answering again from here (finer than the script's 1 s).
	tRestart := time.Now()
	var tBolt time.Time
	boltc := make(chan time.Time, 1)
	bctx, stopBolt := context.WithCancel(ctx)
	go func() {
		for bctx.Err() == nil {
			if boltAnswers(e.boltPort) {
				boltc <- time.Now()
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	logf("fault: restarting Neo4j")
	if err := e.startNeo4j(ctx); err != nil {
		stopBolt()
		stopLoad()
		stopPoll()
		return fmt.Errorf("restarting Neo4j: %v", err)
	}
	select {
	case tBolt = <-boltc:
	case <-time.After(10 * time.Second):
		tBolt = time.Now()
	}
	stopBolt()
	logf("fault: Neo4j answers Bolt again, %.1f s after the restart began", tBolt.Sub(tRestart).Seconds())

	// Recovery: the first write acknowledged to the probe, and /readyz answering 200 again.
	// The load's writers are no measure of it: after failing all through the outage they
	// back off for up to 3 s, and one that began just before Bolt answered waits out its
	// deadline. So a probe starts a fresh write every probeEvery from the moment Bolt
	// answers, each on its own, as a client arriving then would; the server has recovered
	// when the first of them is acknowledged. Probe writes go into the ledger like any other.
	probes := startProbe(ld, probeEvery)
	var tWrite, tProbe, tReady time.Time
	deadline := time.Now().Add(o.recoverMax)
	for time.Now().Before(deadline) && (tProbe.IsZero() || tReady.IsZero()) {
		tProbe = probes.firstAck()
		_, samples := l.snapshot()
		for _, s := range samples {
			if s.Kind == "write" && s.Code == "" && s.Start.After(tBolt) && (tWrite.IsZero() || s.Start.Add(s.Latency).Before(tWrite)) {
				tWrite = s.Start.Add(s.Latency)
			}
		}
		rmu.Lock()
		for _, r := range ready {
			if r.at.After(tBolt) && r.status == http.StatusOK {
				tReady = r.at
				break
			}
		}
		rmu.Unlock()
		time.Sleep(200 * time.Millisecond)
	}
	probes.stop()
	recovered := tProbe
	if tReady.After(recovered) {
		recovered = tReady
	}
	if tProbe.IsZero() || tReady.IsZero() {
		recovered = time.Time{}
	}
	if !recovered.IsZero() {
		logf("fault: recovered %.2f s after Bolt answered; load continues for %s", recovered.Sub(tBolt).Seconds(), o.post)
	}
	sleepCtx(ctx, o.post)
	tEnd := time.Now()
	stopLoad()
	ld.wait()
	stopPoll()
	pwg.Wait()

	writes, samples := l.snapshot()
	dumpSamples(e, "fault", samples, map[string]time.Time{"kill": tKill, "restart": tRestart, "bolt": tBolt, "recovered": recovered})
	bound := e.timeout + 2*time.Second // the request deadline, plus slack for a loaded 2-core machine
	var settled []sample               // requests that ended before the kill
	for _, s := range samples {
		if s.Start.Add(s.Latency).Before(tKill) {
			settled = append(settled, s)
		}
	}
	before := summarise(settled, time.Time{}, tKill, bound)
	outage := summarise(samples, tKill, tBolt, bound)
	var rec window
	if !recovered.IsZero() {
		rec = summarise(samples, tBolt, recovered, bound)
	}
	// After recovery (plus a second for requests that began before it).
	after := window{byCode: tally{}}
	if !recovered.IsZero() {
		after = summarise(samples, recovered.Add(time.Second), tEnd, bound)
	}
	during := summarise(samples, tKill, firstNonZero(recovered, tEnd), bound)

	la, _ := os.ReadFile("/proc/loadavg")
	sec.fig("machine load average", "%s", strings.TrimSpace(string(la)))
	sec.fig("load", "%d writers, %d readers, 1 role prober, %s pause; %d requests in all", o.writers, o.readers, o.pause, len(samples))
	sec.fig("before the kill", "%d requests: %s", before.n, before.byCode)
	sec.fig("Neo4j down", "%.1f s (SIGKILL to Bolt answering; kept down %s, restart took %.1f s)",
		tBolt.Sub(tKill).Seconds(), o.down, tBolt.Sub(tRestart).Seconds())
	sec.fig("requests served during the fault", "%d (kill to recovery), max latency %s (deadline %s)", during.n, during.maxLatency.Round(time.Millisecond), e.timeout)
	sec.fig("errors by code during the fault", "%s", during.byCode)
	for _, k := range []string{"write", "read", "role"} {
		if t := during.byKind[k]; t != nil {
			sec.fig("  "+k+"s", "%s", t)
		}
	}
	// The server must answer every request: no transport errors, no answer past the bound.
	for _, w := range []window{outage, rec} {
		for code, n := range w.byCode {
			switch code {
			case "", "UNAVAILABLE", "UNAUTHENTICATED", "FORBIDDEN":
			default:
				sec.fail("%d requests during the fault ended %s", n, code)
			}
		}
		for _, s := range w.odd {
			sec.fail("unexpected answer during the fault: %s %s: %s", s.Kind, s.Op, tail(s.Detail, 300))
			break
		}
	}
	if len(during.slow) > 0 {
		sec.fail("%d requests during the fault took longer than %s (the slowest %s): the server hung", len(during.slow), bound, during.maxLatency)
	}
	if outage.byCode["UNAVAILABLE"] == 0 {
		sec.fail("no request was answered UNAVAILABLE while Neo4j was down")
	}
	if !srv.alive() {
		sec.fail("the server died during the fault: %s", tailFile(srv.log, 1000))
	}

	// /readyz: not ready while down, ready again after.
	rmu.Lock()
	var notReadyAt, lastReadyDuringOutage time.Time
	readyDuringOutage := 0
	for _, r := range ready {
		if r.at.After(tKill) && r.at.Before(tBolt) {
			if r.status == http.StatusOK {
				readyDuringOutage++
				lastReadyDuringOutage = r.at
			} else if notReadyAt.IsZero() {
				notReadyAt = r.at
			}
		}
	}
	rmu.Unlock()
	if notReadyAt.IsZero() {
		sec.fail("/readyz never reported not ready while Neo4j was down")
	} else {
		sec.fig("/readyz", "not ready %.1f s after the kill; %d polls said ready while down (the last %.1f s after the kill)",
			notReadyAt.Sub(tKill).Seconds(), readyDuringOutage, max(0, lastReadyDuringOutage.Sub(tKill).Seconds()))
		if !lastReadyDuringOutage.IsZero() && lastReadyDuringOutage.Sub(tKill) > 5*time.Second {
			sec.fail("/readyz still said ready %.1f s after Neo4j was killed", lastReadyDuringOutage.Sub(tKill).Seconds())
		}
	}
	if recovered.IsZero() {
		sec.fail("the server did not recover within %s of Neo4j answering (probe write acknowledged: %v, /readyz 200: %v)", o.recoverMax, !tProbe.IsZero(), !tReady.IsZero())
	} else {
		sec.fig("recovery time", "%.2f s after Neo4j answered Bolt (first probe write acknowledged %.2f s, /readyz ready %.2f s)",
			recovered.Sub(tBolt).Seconds(), tProbe.Sub(tBolt).Seconds(), tReady.Sub(tBolt).Seconds())
		sec.fig("probe", "%s, a write every %s from Bolt's return until one was acknowledged", probes.summary(), probeEvery)
		if !tWrite.IsZero() {
			sec.fig("the load's writers", "first write acknowledged %.2f s after Bolt answered (their backoff included)", tWrite.Sub(tBolt).Seconds())
		}
		if recovered.Sub(tBolt) > 10*time.Second {
			sec.fail("recovery took %.1f s; the bound is 10 s", recovered.Sub(tBolt).Seconds())
		}
		sec.fig("after recovery", "%d requests: %s", after.n, after.byCode)
		for code, n := range after.byCode {
			if code != "" && code != "UNAUTHENTICATED" && code != "FORBIDDEN" {
				sec.fail("%d requests failed after recovery with %s", n, code)
			}
		}
	}
	l.mu.Lock()
	violations := append([]string(nil), l.violations...)
	forbidden := append([]string(nil), l.forbidden...)
	l.mu.Unlock()
	roles := summarise(samples, time.Time{}, tEnd, 0).byKind["role"]
	sec.fig("role matrix under load", "%s; violations %d", roles, len(violations))
	for _, v := range violations {
		sec.fail("role matrix: %s", v)
	}
	for _, s := range before.odd {
		sec.fail("before the kill: %s %s: %s", s.Kind, s.Op, tail(s.Detail, 300))
		break
	}

	// The ledger against the database.
	b, err := openDB(ctx, e.neo4jURI())
	if err != nil {
		return err
	}
	defer b.close()
	lr, err := verifyLedger(ctx, b, writes, forbidden)
	if err != nil {
		return err
	}
	byOp := tally{}
	for _, w := range writes {
		if w.Code == "" {
			byOp[w.Op]++
		}
	}
	sec.fig("writes acknowledged vs found", "%d acknowledged, %d found in Neo4j (%s)", lr.acked, lr.found, byOp)
	sec.fig("writes refused or unanswered", "%d; of those in Neo4j all the same (answer lost with the connection): %d", lr.unacked, len(lr.unackedFound))
	if !lr.ok() {
		sec.fail("ledger: %d acknowledged writes missing %v; wrong %v; without audit entry %v; forbidden writes present %v",
			len(lr.missing), first(lr.missing, 10), first(lr.wrong, 5), first(lr.noAudit, 5), lr.forbiddenFound)
	}
	hw, err := halfWritten(ctx, b)
	if err != nil {
		return err
	}
	sec.fig("half-written facts", "%d", len(hw))
	for _, p := range hw {
		sec.fail("half-written: %s", p)
	}

	code, took, err := srv.stop(30 * time.Second)
	if err != nil || code != 0 {
		sec.fail("the server, stopped with SIGTERM after the fault, exited %d after %s (%v)", code, took, err)
	}
	return nil
}

func firstNonZero(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

func first[T any](xs []T, n int) []T {
	if len(xs) > n {
		return xs[:n]
	}
	return xs
}

// dumpSamples writes every request of a test as CSV into the run's directory, with the
// test's moments, for a closer look when something fails.
func dumpSamples(e *env, name string, samples []sample, marks map[string]time.Time) {
	var b strings.Builder
	var t0 time.Time
	for _, s := range samples {
		if t0.IsZero() || s.Start.Before(t0) {
			t0 = s.Start
		}
	}
	for k, v := range marks {
		if !v.IsZero() {
			fmt.Fprintf(&b, "# %s %.3f\n", k, v.Sub(t0).Seconds())
		}
	}
	b.WriteString("start_s,latency_ms,kind,op,code,status\n")
	for _, s := range samples {
		fmt.Fprintf(&b, "%.3f,%.1f,%s,%s,%s,%d\n", s.Start.Sub(t0).Seconds(), float64(s.Latency.Microseconds())/1000, s.Kind, s.Op, s.Code, s.Status)
	}
	os.WriteFile(filepath.Join(e.work, name+"-samples.csv"), []byte(b.String()), 0o600)
}

// probeEvery is how often the recovery probe starts a write.
const probeEvery = 500 * time.Millisecond

// probe starts writes one after another, each in its own goroutine, until one is
// acknowledged or it is stopped.
type probe struct {
	mu    sync.Mutex
	ack   time.Time // when the first acknowledged write ended
	codes tally
	done  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup
}

func startProbe(ld *load, every time.Duration) *probe {
	p := &probe{codes: tally{}, done: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for i := uint64(0); ; i++ {
			p.wg.Add(1)
			go func() {
				defer p.wg.Done()
				w := ld.write(rand.New(rand.NewPCG(i, uint64(time.Now().UnixNano()))))
				p.mu.Lock()
				p.codes[w.Code]++
				if w.Code == "" && p.ack.IsZero() {
					p.ack = time.Now()
				}
				p.mu.Unlock()
			}()
			select {
			case <-p.done:
				return
			case <-time.After(every):
			}
			if !p.firstAck().IsZero() {
				return
			}
		}
	}()
	return p
}

func (p *probe) firstAck() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ack
}

// stop starts no more writes and waits for those in flight.
func (p *probe) stop() {
	p.once.Do(func() { close(p.done) })
	p.wg.Wait()
}

func (p *probe) summary() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, c := range p.codes {
		n += c
	}
	return fmt.Sprintf("%d writes: %s", n, p.codes)
}
