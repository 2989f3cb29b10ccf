package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/actorgraph/actorgraph/gen"
)

// Report is everything one run measured; it is written as JSON.
type Report struct {
	Size      string            `json:"size"`
	Seed      string            `json:"seed"`
	Started   time.Time         `json:"started"`
	Finished  time.Time         `json:"finished"`
	Machine   Machine           `json:"machine"`
	Dataset   Dataset           `json:"dataset"`
	Params    params            `json:"params"`
	Startup   Startup           `json:"startup"`
	Scenarios []*ScenarioResult `json:"scenarios"`
	Memory    Memory            `json:"memory"`
	Targets   []Target          `json:"targets"`
}

// Machine is the conditions of the run.
type Machine struct {
	NProc          int       `json:"nproc"`
	GOMAXPROCS     int       `json:"gomaxprocs"`
	CPU            string    `json:"cpu"`
	MemTotalMiB    int64     `json:"memTotalMiB"`
	Kernel         string    `json:"kernel"`
	LoadAvgStart   []float64 `json:"loadAvgStart"`
	LoadAvgEnd     []float64 `json:"loadAvgEnd"`
	Neo4jVersion   string    `json:"neo4jVersion"`
	Neo4jHeap      string    `json:"neo4jHeap"`
	Neo4jPageCache string    `json:"neo4jPageCache"`
	Java           string    `json:"java"`
	GoVersion      string    `json:"goVersion"`
	NodeVersion    string    `json:"nodeVersion"`
	Commit         string    `json:"commit"`
}

// Dataset is the graph the run read.
type Dataset struct {
	Key           string           `json:"key"`
	Loaded        bool             `json:"loadedThisRun"`
	LoadSeconds   float64          `json:"loadSeconds"`
	Facts         int64            `json:"facts"`
	Nodes         map[string]int64 `json:"nodes"`
	Relationships int64            `json:"relationships"`
}

// Startup is how long the servers took from process start to answering.
type Startup struct {
	ActorgraphMS []float64 `json:"actorgraphToReadyzMs"`
	PeerMS       float64   `json:"peerToFirstAnswerMs"`
}

// ScenarioResult is one scenario's cells, with its queries and the comparison of answers.
type ScenarioResult struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Read        bool   `json:"read"`
	PeerNote    string `json:"peerNote,omitempty"`
	PeerCypher  bool   `json:"peerViaCypherDirective,omitempty"`
	// DBRoundTrips and DBMS are actorgraph's database statements per request and their
	// time, from /metrics around a few sequential requests.
	DBRoundTrips float64           `json:"actorgraphDbRoundTripsPerRequest,omitempty"`
	DBMS         float64           `json:"actorgraphDbMsPerRequest,omitempty"`
	Queries      map[string]string `json:"queries"`
	SameData     map[string]string `json:"sameDataAsFloor,omitempty"`
	Cells        []*Cell           `json:"cells"`
}

// Cell is one scenario at one concurrency on one server.
type Cell struct {
	Server       string   `json:"server"`
	Concurrency  int      `json:"concurrency"`
	N            int      `json:"requests"`
	Errors       int      `json:"errors"`
	WarmupErrors int      `json:"errorsOutsideWindow"`
	FirstErrors  []string `json:"firstErrors,omitempty"`
	WindowS      float64  `json:"windowSeconds"`
	P50MS        float64  `json:"p50Ms"`
	P90MS        float64  `json:"p90Ms"`
	P99MS        float64  `json:"p99Ms"`
	MaxMS        float64  `json:"maxMs"`
	MeanMS       float64  `json:"meanMs"`
	RPS          float64  `json:"requestsPerSecond"`
	RSSMaxMiB    float64  `json:"rssMaxMiB,omitempty"`
	RSSEndMiB    float64  `json:"rssEndMiB,omitempty"`
	// Approximate: statements completed in the window over requests completed in it.
	DBRoundTrips float64 `json:"dbRoundTripsPerRequestApprox,omitempty"`
	DBMSPerReq   float64 `json:"dbMsPerRequestApprox,omitempty"`
}

// Memory is the servers' resident memory.
type Memory struct {
	ActorgraphMaxC64MiB float64 `json:"actorgraphMaxRssAtC64MiB"`
	ActorgraphMaxAt     string  `json:"actorgraphMaxAt"`
	ActorgraphPeakMiB   float64 `json:"actorgraphPeakRssMiB"`
	PeerMaxC64MiB       float64 `json:"peerMaxRssAtC64MiB"`
	PeerPeakMiB         float64 `json:"peerPeakRssMiB"`
	Neo4jMiB            float64 `json:"neo4jRssMiB"`
}

// Target is one of the targets and whether this run met it.
type Target struct {
	Name   string   `json:"name"`
	Met    bool     `json:"met"`
	Detail string   `json:"detail"`
	Misses []string `json:"misses,omitempty"`
}

func (b *bench) memory(rep *Report) Memory {
	var m Memory
	for _, s := range rep.Scenarios {
		for _, c := range s.Cells {
			switch c.Server {
			case "actorgraph":
				if c.RSSMaxMiB > m.ActorgraphMaxC64MiB {
					m.ActorgraphMaxC64MiB, m.ActorgraphMaxAt = c.RSSMaxMiB, fmt.Sprintf("%s c=%d", s.Name, c.Concurrency)
				}
			case "peer":
				m.PeerMaxC64MiB = max(m.PeerMaxC64MiB, c.RSSMaxMiB)
			}
		}
	}
	_, m.ActorgraphPeakMiB = rssMiB(b.ag.pid())
	_, m.PeerPeakMiB = rssMiB(b.peer.pid())
	if dir := os.Getenv("NEO4J_RUN_DIR"); dir != "" {
		if pid, err := os.ReadFile(dir + "/neo4j.pid"); err == nil {
			var p int
			fmt.Sscan(string(pid), &p)
			m.Neo4jMiB, _ = rssMiB(p)
		}
	}
	return m
}

func (r *Report) errorCount() int {
	n := 0
	for _, s := range r.Scenarios {
		for _, c := range s.Cells {
			n += c.Errors + c.WarmupErrors
		}
	}
	return n
}

func (s *ScenarioResult) cell(server string, c int) *Cell {
	for _, x := range s.Cells {
		if x.Server == server && x.Concurrency == c {
			return x
		}
	}
	return nil
}

func (s *ScenarioResult) concurrencies() []int {
	var out []int
	for _, c := range s.Cells {
		if !slices.Contains(out, c.Concurrency) {
			out = append(out, c.Concurrency)
		}
	}
	return out
}

// targets checks the targets against the run.
func targets(r *Report) []Target {
	floorT := Target{Name: "actorgraph p50 within 1.15x of the floor's, read scenarios", Met: true}
	rpsT := Target{Name: "actorgraph at least 2x the peer's requests/s, every scenario both run", Met: true}
	p99T := Target{Name: "actorgraph p99 at most half the peer's, every scenario both run", Met: true}
	var nf, np, nr int
	for _, s := range r.Scenarios {
		for _, c := range s.concurrencies() {
			f, a, p := s.cell("floor", c), s.cell("actorgraph", c), s.cell("peer", c)
			if a == nil {
				continue
			}
			where := fmt.Sprintf("%s c=%d", s.Name, c)
			if a.N == 0 { // every request failed: a miss of each target that applies
				fail := where + ": all of actorgraph's requests failed"
				if s.Read {
					nf++
					floorT.Met, floorT.Misses = false, append(floorT.Misses, fail)
				}
				if p != nil && p.N > 0 {
					nr++
					np++
					rpsT.Met, rpsT.Misses = false, append(rpsT.Misses, fail)
					p99T.Met, p99T.Misses = false, append(p99T.Misses, fail)
				}
				continue
			}
			if s.Read && f != nil && f.N > 0 {
				nf++
				if x := a.P50MS / f.P50MS; x > 1.15 {
					floorT.Met = false
					floorT.Misses = append(floorT.Misses, fmt.Sprintf("%s: %.2fx", where, x))
				}
			}
			if p != nil && p.N > 0 {
				nr++
				if x := a.RPS / p.RPS; x < 2 {
					rpsT.Met = false
					rpsT.Misses = append(rpsT.Misses, fmt.Sprintf("%s: %.2fx", where, x))
				}
				np++
				if x := a.P99MS / p.P99MS; x > 0.5 {
					p99T.Met = false
					p99T.Misses = append(p99T.Misses, fmt.Sprintf("%s: %.2fx", where, x))
				}
			}
		}
	}
	floorT.Detail = fmt.Sprintf("%d of %d cells", nf-len(floorT.Misses), nf)
	rpsT.Detail = fmt.Sprintf("%d of %d cells", nr-len(rpsT.Misses), nr)
	p99T.Detail = fmt.Sprintf("%d of %d cells", np-len(p99T.Misses), np)
	mem := Target{Name: "actorgraph under 150 MiB resident at concurrency 64", Met: r.Memory.ActorgraphMaxC64MiB > 0 && r.Memory.ActorgraphMaxC64MiB < 150,
		Detail: fmt.Sprintf("max %.1f MiB (%s)", r.Memory.ActorgraphMaxC64MiB, r.Memory.ActorgraphMaxAt)}
	var st []float64
	st = append(st, r.Startup.ActorgraphMS...)
	slices.Sort(st)
	start := Target{Name: "actorgraph start-up (process start to /readyz 200) under 1 s"}
	if len(st) > 0 {
		start.Met = st[len(st)-1] < 1000
		start.Detail = fmt.Sprintf("%s ms (median %.0f ms, worst %.0f ms)", joinF(r.Startup.ActorgraphMS, "%.0f"), st[len(st)/2], st[len(st)-1])
	}
	return []Target{floorT, rpsT, p99T, mem, start}
}

func joinF(xs []float64, f string) string {
	var s []string
	for _, x := range xs {
		s = append(s, fmt.Sprintf(f, x))
	}
	return strings.Join(s, ", ")
}

func printTable(w io.Writer, r *Report) {
	cfg := gen.Presets[r.Size]
	m := r.Machine
	fmt.Fprintf(w, "\nactorgraph side by side — size %s (seed %s: %s actors, %s relationships, %s allegations; %s nodes and %s relationships in all)\n",
		r.Size, r.Seed, thousands(cfg.Actors), thousands(cfg.Relationships), thousands(cfg.Allegations),
		thousands(int(sum(r.Dataset.Nodes))), thousands(int(r.Dataset.Relationships)))
	fmt.Fprintf(w, "machine: %d CPUs (%s), %d MiB; load average %s at start, %s at end; %s; %s heap %s page cache %s; %s; node %s; commit %s\n",
		m.NProc, m.CPU, m.MemTotalMiB, joinF(m.LoadAvgStart, "%.2f"), joinF(m.LoadAvgEnd, "%.2f"), m.Kernel, m.Neo4jVersion,
		m.Neo4jHeap, m.Neo4jPageCache, m.GoVersion, m.NodeVersion, m.Commit)
	fmt.Fprintf(w, "floor: hand-written Cypher through the Go driver, in the bench's process; peer: @neo4j/graphql 7.6.3 on Apollo Server (Node); times in ms\n\n")

	head := fmt.Sprintf("%-18s %3s │ %8s %8s %8s │ %8s %8s %8s %5s │ %8s %8s %8s │ %7s │ %6s %6s",
		"scenario", "c", "p50", "p99", "req/s", "p50", "p99", "req/s", "db/rq", "p50", "p99", "req/s", "p50", "req/s", "p99")
	groups := fmt.Sprintf("%-22s │ %-26s │ %-32s │ %-26s │ %-7s │ %-13s", "", "floor", "actorgraph", "peer", "ag/fl", "ag/peer")
	fmt.Fprintln(w, groups)
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, strings.Repeat("─", len([]rune(head))))
	for _, s := range r.Scenarios {
		for _, c := range s.concurrencies() {
			f, a, p := s.cell("floor", c), s.cell("actorgraph", c), s.cell("peer", c)
			name := s.Name
			if s.PeerCypher {
				name += "*"
			}
			line := fmt.Sprintf("%-18s %3d │ %s │ %s %5s │ %s │ %7s │ %6s %6s", name, c,
				triple(f), triple(a), dbrt(s), peerTriple(s, p), ratio(a, f, "p50", s.Read), ratio(a, p, "rps", true), ratio(a, p, "p99", true))
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintln(w, "\nratios: ag/fl p50 is actorgraph's p50 over the floor's (target ≤ 1.15 on reads); ag/peer req/s (target ≥ 2) and p99 (target ≤ 0.5);")
	fmt.Fprintln(w, "db/rq: actorgraph's database statements per request (from /metrics, around sequential requests). '!' marks a missed target;")
	fmt.Fprintln(w, "'e' after req/s: some requests failed (see below; percentiles count successes only); * the peer runs it through a @cypher")
	fmt.Fprintln(w, "field holding the floor's statement (the library generates nothing for it).")

	fmt.Fprintln(w, "\nscenarios:")
	for _, s := range r.Scenarios {
		fmt.Fprintf(w, "  %-18s %s\n", s.Name, s.Description)
		if s.PeerNote != "" {
			fmt.Fprintf(w, "  %-18s peer: %s\n", "", s.PeerNote)
		}
		for _, srv := range []string{"actorgraph", "peer"} {
			if v, ok := s.SameData[srv]; ok && v != "same" {
				fmt.Fprintf(w, "  %-18s %s's answers differ from the floor's: %.400s\n", "", srv, v)
			}
		}
		for _, c := range s.Cells {
			if c.Errors > 0 || c.WarmupErrors > 0 {
				fmt.Fprintf(w, "  %-18s %s c=%d: %d errors (%d more outside the measured window), first: %.300s\n", "", c.Server, c.Concurrency, c.Errors, c.WarmupErrors, strings.Join(c.FirstErrors, " | "))
			}
		}
	}
	mem := r.Memory
	fmt.Fprintf(w, "\nmemory: actorgraph %.1f MiB resident at most at c=64 (%s), peak %.1f MiB; peer %.1f MiB at most at c=64, peak %.1f MiB; Neo4j %.0f MiB\n",
		mem.ActorgraphMaxC64MiB, mem.ActorgraphMaxAt, mem.ActorgraphPeakMiB, mem.PeerMaxC64MiB, mem.PeerPeakMiB, mem.Neo4jMiB)
	fmt.Fprintf(w, "start-up: actorgraph %s ms to /readyz 200; peer %.0f ms to its first answer\n", joinF(r.Startup.ActorgraphMS, "%.0f"), r.Startup.PeerMS)
	load := "already loaded"
	if r.Dataset.Loaded {
		load = "loaded this run"
	}
	fmt.Fprintf(w, "data set: %s, %s (%.0f s, %d facts)\n", r.Dataset.Key, load, r.Dataset.LoadSeconds, r.Dataset.Facts)
	fmt.Fprintln(w, "\ntargets:")
	for _, t := range r.Targets {
		mark := "MET   "
		if !t.Met {
			mark = "MISSED"
		}
		fmt.Fprintf(w, "  %s %s: %s\n", mark, t.Name, t.Detail)
		if len(t.Misses) > 0 {
			fmt.Fprintf(w, "         misses: %s\n", strings.Join(t.Misses, "; "))
		}
	}
}

func sum(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

// triple is a server's p50, p99 and requests/s; "e" after requests/s says some requests
// failed (their times are not in the percentiles).
func triple(c *Cell) string {
	switch {
	case c == nil:
		return fmt.Sprintf("%8s %8s %8s", "—", "—", "—")
	case c.N == 0:
		return fmt.Sprintf("%26s", fmt.Sprintf("all %d failed", c.Errors+c.WarmupErrors))
	}
	rps := fmt.Sprintf("%.1f", c.RPS)
	if c.Errors > 0 {
		rps += "e"
	}
	return fmt.Sprintf("%8s %8s %8s", fmtMS(c.P50MS), fmtMS(c.P99MS), rps)
}

func peerTriple(s *ScenarioResult, c *Cell) string {
	if c == nil && s.PeerNote != "" && strings.HasPrefix(s.PeerNote, "cannot") {
		return fmt.Sprintf("%-26s", "cannot express")
	}
	return triple(c)
}

func fmtMS(v float64) string {
	switch {
	case v >= 1000:
		return fmt.Sprintf("%.0f", v)
	case v >= 100:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func dbrt(s *ScenarioResult) string {
	if s.DBRoundTrips == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", s.DBRoundTrips)
}

// ratio is actorgraph's figure over another server's, marked '!' when it misses its target.
func ratio(a, o *Cell, what string, applies bool) string {
	if a != nil && o != nil && a.N == 0 && o.N > 0 {
		return "fail!"
	}
	if a == nil || o == nil || a.N == 0 || o.N == 0 {
		return "—"
	}
	var x float64
	miss := false
	switch what {
	case "p50":
		x = a.P50MS / o.P50MS
		miss = applies && x > 1.15
	case "rps":
		x = a.RPS / o.RPS
		miss = x < 2
	case "p99":
		x = a.P99MS / o.P99MS
		miss = x > 0.5
	}
	s := fmt.Sprintf("%.2f", x)
	if miss {
		s += "!"
	}
	return s
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
