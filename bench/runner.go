package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// bench holds what a run shares: the floor's database, the two servers, and the parameters
// the scenarios draw from.
type bench struct {
	o      options
	db     *floorDB
	ag     *server
	peer   *server
	token  string
	client *http.Client
	runTag string
	p      params
	seq    atomic.Int64 // numbers the writes of the whole run, for unique ids
}

func newClient() *http.Client {
	return &http.Client{Timeout: 120 * time.Second, Transport: &http.Transport{
		MaxIdleConns: 512, MaxIdleConnsPerHost: 256, IdleConnTimeout: 90 * time.Second, DisableCompression: true}}
}

// gqlError is a GraphQL answer with errors, or one that is not GraphQL at all.
type gqlError struct{ msg string }

func (e *gqlError) Error() string { return e.msg }

// post sends one GraphQL request and returns its data, or an error for a transport failure,
// a status other than 200, or any GraphQL error.
func (b *bench) post(ctx context.Context, addr string, req *gqlReq, i int, auth bool) (map[string]any, error) {
	body, err := json.Marshal(map[string]any{"query": req.Query, "variables": req.Vars(i)})
	if err != nil {
		return nil, err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	hr.Header.Set("Content-Type", "application/json")
	if auth {
		hr.Header.Set("Authorization", "Bearer "+b.token)
	}
	resp, err := b.client.Do(hr)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var out struct {
		Data   map[string]any    `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, &gqlError{fmt.Sprintf("HTTP %d, not JSON: %.200s", resp.StatusCode, raw)}
	}
	if resp.StatusCode != http.StatusOK || len(out.Errors) > 0 {
		return nil, &gqlError{fmt.Sprintf("HTTP %d: %.300s", resp.StatusCode, raw)}
	}
	if out.Data == nil {
		return nil, &gqlError{"no data in the answer"}
	}
	return out.Data, nil
}

// call runs request i of scenario s against one server and returns the answer's digest.
func (b *bench) call(ctx context.Context, s *scenario, srv string, i int) (any, error) {
	switch srv {
	case "floor":
		return s.Floor(ctx, i)
	case "actorgraph":
		data, err := b.post(ctx, b.ag.addr, s.AG, i, s.AG.Auth)
		if err != nil {
			return nil, err
		}
		return s.AG.Check(data, i)
	case "peer":
		data, err := b.post(ctx, b.peer.addr, s.Peer, i, false)
		if err != nil {
			return nil, err
		}
		return s.Peer.Check(data, i)
	}
	return nil, fmt.Errorf("unknown server %q", srv)
}

// servers are the three, in the order they take turns.
var servers = []string{"floor", "actorgraph", "peer"}

// runAll runs every scenario at every concurrency on each server in turn. Before measuring a
// scenario it asks each server the same first requests and compares the answers' digests
// with the floor's, so a server that answers something else is seen.
func (b *bench) runAll(ctx context.Context, scenarios []*scenario, rep *Report) error {
	for _, s := range scenarios {
		sr := &ScenarioResult{Name: s.Name, Description: s.Desc, Read: s.Read, PeerNote: s.PeerNote, PeerCypher: s.PeerCypher,
			Queries: map[string]string{"floor": s.FloorCypher}}
		if s.AG != nil {
			sr.Queries["actorgraph"] = s.AG.Query
		}
		if s.Peer != nil && b.peer != nil {
			sr.Queries["peer"] = s.Peer.Query
		} else if s.Peer != nil {
			s.Peer, sr.PeerNote = nil, "left out (-no-peer)"
		}
		if s.Compare {
			sr.SameData = b.compare(ctx, s)
		}
		if s.AG != nil {
			sr.DBRoundTrips, sr.DBMS = b.roundTrips(ctx, s)
		}
		for _, c := range b.o.concurrency {
			for _, srv := range servers {
				if (srv == "actorgraph" && s.AG == nil) || (srv == "peer" && s.Peer == nil) {
					continue
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				cell := b.measure(ctx, s, srv, c)
				sr.Cells = append(sr.Cells, cell)
				logf("%-18s c=%-3d %-10s p50 %8.2fms  p99 %8.2fms  %8.1f req/s  n=%d errors=%d%s", s.Name, c, srv,
					cell.P50MS, cell.P99MS, cell.RPS, cell.N, cell.Errors, memNote(cell))
			}
		}
		rep.Scenarios = append(rep.Scenarios, sr)
	}
	return nil
}

func memNote(c *Cell) string {
	if c.RSSMaxMiB == 0 {
		return ""
	}
	return fmt.Sprintf("  rss max %.0f MiB", c.RSSMaxMiB)
}

// compare asks each server the scenario's first three requests and checks that their
// digests equal the floor's.
func (b *bench) compare(ctx context.Context, s *scenario) map[string]string {
	out := map[string]string{}
	for _, srv := range servers[1:] {
		if (srv == "actorgraph" && s.AG == nil) || (srv == "peer" && s.Peer == nil) {
			continue
		}
		verdict := "same"
		for i := 0; i < 3; i++ {
			want, err := s.Floor(ctx, i)
			if err != nil {
				verdict = "floor failed: " + err.Error()
				break
			}
			got, err := b.call(ctx, s, srv, i)
			if err != nil {
				verdict = "failed: " + err.Error()
				break
			}
			w, _ := json.Marshal(want)
			g, _ := json.Marshal(got)
			if !bytes.Equal(w, g) {
				verdict = fmt.Sprintf("DIFFERENT on request %d: %s", i, firstDifference(w, g, srv))
				break
			}
		}
		out[srv] = verdict
		if verdict != "same" {
			logf("%s: %s answers differently from the floor: %s", s.Name, srv, verdict)
		}
	}
	return out
}

// roundTrips sends actorgraph a few requests of s one after the other and returns the
// database statements per request and their time, from /metrics before and after.
func (b *bench) roundTrips(ctx context.Context, s *scenario) (float64, float64) {
	const n = 5
	before := b.scrape()
	for i := 0; i < n; i++ {
		if _, err := b.call(ctx, s, "actorgraph", i); err != nil {
			return 0, 0
		}
	}
	after := b.scrape()
	return float64(after.count-before.count) / n, (after.sum - before.sum) * 1000 / n
}

// firstDifference shows where two JSON digests part: the length of each and the text of
// both from a little before the first byte that differs.
func firstDifference(floor, other []byte, name string) string {
	i := 0
	for i < len(floor) && i < len(other) && floor[i] == other[i] {
		i++
	}
	from := max(0, i-60)
	clip := func(b []byte) string { return string(b[min(from, len(b)):min(len(b), i+140)]) }
	return fmt.Sprintf("digests of %d and %d bytes part at byte %d: floor ...%s... %s ...%s...", len(floor), len(other), i, clip(floor), name, clip(other))
}

// measure runs one cell: c workers send requests without pause, first for the warm-up (not
// counted), then for the measured time, which is extended until -min-requests have
// completed or -max-duration has passed. A request counts if it completed inside the
// measured window.
func (b *bench) measure(ctx context.Context, s *scenario, srv string, c int) *Cell {
	cell := &Cell{Server: srv, Concurrency: c}
	var proc *server
	switch srv {
	case "actorgraph":
		proc = b.ag
	case "peer":
		proc = b.peer
	}
	// Workers stop issuing requests when the window closes and finish the ones in flight:
	// a request cut short would leave its query running in Neo4j (the peer does not cancel
	// queries), and the next cell would pay for it.
	var stop atomic.Bool
	stopped := make(chan struct{})

	var (
		mu        sync.Mutex
		lat       []time.Duration
		errs      int
		firstErrs []string
		warmErrs  int
		measuring atomic.Bool
		winStart  time.Time
		winEnd    atomic.Int64 // unix nanos; 0 while open
		next      atomic.Int64
		done      atomic.Int64 // requests completed in the window
	)
	var wg sync.WaitGroup
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			defer func() { mu.Lock(); lat = append(lat, mine...); mu.Unlock() }()
			for !stop.Load() && ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				t0 := time.Now()
				_, err := b.call(ctx, s, srv, i)
				t1 := time.Now()
				if ctx.Err() != nil {
					return
				}
				in := measuring.Load() && !t0.Before(winStart) // started after the warm-up
				if end := winEnd.Load(); end != 0 && t1.UnixNano() > end {
					in = false
				}
				if err != nil {
					mu.Lock()
					if in {
						errs++
					} else {
						warmErrs++
					}
					if len(firstErrs) < 3 {
						firstErrs = append(firstErrs, err.Error())
					}
					mu.Unlock()
					continue
				}
				if in {
					mine = append(mine, t1.Sub(t0))
					done.Add(1)
				}
			}
		}()
	}

	// RSS of the server under load, sampled every 100ms at the highest concurrency.
	rssDone := make(chan struct{})
	var rssMax float64
	sample := proc != nil && c >= 64
	if sample {
		go func() {
			defer close(rssDone)
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stopped:
					return
				case <-t.C:
					if measuring.Load() {
						now, _ := rssMiB(proc.pid())
						rssMax = max(rssMax, now)
					}
				}
			}
		}()
	} else {
		close(rssDone)
	}

	sleep(ctx, b.o.warmup)
	var before dbStats
	if srv == "actorgraph" {
		before = b.scrape()
	}
	winStart = time.Now()
	measuring.Store(true)
	sleep(ctx, b.o.duration)
	for done.Load() < int64(b.o.minRequests) && time.Since(winStart) < b.o.maxDuration && ctx.Err() == nil {
		sleep(ctx, 20*time.Millisecond)
	}
	end := time.Now()
	winEnd.Store(end.UnixNano())
	var after dbStats
	if srv == "actorgraph" {
		after = b.scrape()
	}
	stop.Store(true)
	close(stopped)
	wg.Wait()
	<-rssDone

	window := end.Sub(winStart)
	slices.Sort(lat)
	cell.N, cell.Errors, cell.WarmupErrors, cell.FirstErrors = len(lat), errs, warmErrs, firstErrs
	cell.WindowS = window.Seconds()
	if len(lat) > 0 {
		cell.P50MS = ms(pct(lat, 0.50))
		cell.P90MS = ms(pct(lat, 0.90))
		cell.P99MS = ms(pct(lat, 0.99))
		cell.MaxMS = ms(lat[len(lat)-1])
		var sum time.Duration
		for _, d := range lat {
			sum += d
		}
		cell.MeanMS = ms(sum / time.Duration(len(lat)))
		cell.RPS = float64(len(lat)) / window.Seconds()
	}
	if sample {
		cell.RSSMaxMiB = rssMax
		cell.RSSEndMiB, _ = rssMiB(proc.pid())
	}
	if srv == "actorgraph" && len(lat) > 0 && after.count >= before.count {
		// Round trips of requests completed in the window (approximately: in-flight ones at
		// either edge are counted or not alike).
		cell.DBRoundTrips = float64(after.count-before.count) / float64(len(lat)+errs)
		cell.DBMSPerReq = (after.sum - before.sum) * 1000 / float64(len(lat)+errs)
	}
	return cell
}

func pct(sorted []time.Duration, p float64) time.Duration {
	i := int(float64(len(sorted))*p+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// dbStats are actorgraph's database round trips so far, from /metrics.
type dbStats struct {
	count int64
	sum   float64
}

func (b *bench) scrape() dbStats {
	var st dbStats
	resp, err := b.client.Get("http://" + b.ag.addr + "/metrics")
	if err != nil {
		return st
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "actorgraph_database_duration_seconds_") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		v, _ := strconv.ParseFloat(f[1], 64)
		switch {
		case strings.HasPrefix(f[0], "actorgraph_database_duration_seconds_count"):
			st.count += int64(v)
		case strings.HasPrefix(f[0], "actorgraph_database_duration_seconds_sum"):
			st.sum += v
		}
	}
	return st
}

var errEmpty = errors.New("empty answer")
