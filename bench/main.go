// Command bench measures actorgraph side by side with the floor (the same reads as
// hand-written Cypher through the Go driver, in this process) and a peer (the Neo4j GraphQL
// Library, bench/peer), on one Neo4j, one data set and one machine, in one run: for each
// scenario and concurrency the three take turns, in the same order each time. It prints one
// table (p50, p99, requests/s, and the ratios actorgraph/floor and actorgraph/peer) and
// writes it, with the machine's conditions, as JSON to bench/results/<size>-<time>.json.
//
// `make bench` (bench/run.sh) starts the bench's own Neo4j and runs this; see bench/README.md.
//
//	bench -size small -neo4j-uri bolt://127.0.0.1:7697 -neo4j-run-dir db/run-bench-small
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/gen"
)

// options are the command's flags.
type options struct {
	size, seed       string
	neo4jURI, runDir string
	heap, pagecache  string
	agBin, agAddr    string
	peerDir          string
	peerAddr         string
	results          string
	only             string
	warmup, duration time.Duration
	maxDuration      time.Duration
	minRequests      int
	concurrency      []int
	startups         int
	noPeer           bool
}

func main() {
	var o options
	flag.StringVar(&o.size, "size", "small", "data set: a gen preset (tiny, small, medium, full)")
	flag.StringVar(&o.seed, "seed", "1", "gen seed")
	flag.StringVar(&o.neo4jURI, "neo4j-uri", "bolt://127.0.0.1:7697", "the bench's own Neo4j (never the shared one on 7687)")
	flag.StringVar(&o.runDir, "neo4j-run-dir", "", "run directory of that Neo4j (db/neo4j.sh NEO4J_RUN_DIR): lets the bench wipe it before loading another data set")
	flag.StringVar(&o.heap, "neo4j-heap", os.Getenv("NEO4J_HEAP"), "Neo4j heap, for the record")
	flag.StringVar(&o.pagecache, "neo4j-pagecache", os.Getenv("NEO4J_PAGECACHE"), "Neo4j page cache, for the record")
	flag.StringVar(&o.agBin, "actorgraph", "bin/actorgraph", "the actorgraph binary")
	flag.StringVar(&o.agAddr, "actorgraph-addr", "127.0.0.1:18090", "where actorgraph listens")
	flag.StringVar(&o.peerDir, "peer", "bench/peer", "the peer's directory (server.mjs)")
	flag.StringVar(&o.peerAddr, "peer-addr", "127.0.0.1:18091", "where the peer listens")
	flag.StringVar(&o.results, "results", "bench/results", "directory of the JSON results and server logs")
	flag.StringVar(&o.only, "only", "", "comma-separated scenario names to run (default: all)")
	flag.DurationVar(&o.warmup, "warmup", 0, "warm-up of each scenario x concurrency x server (default: 1s small, 2s larger)")
	flag.DurationVar(&o.duration, "duration", 0, "measured time of each (default: 2s small, 5s larger)")
	flag.DurationVar(&o.maxDuration, "max-duration", 0, "longest a measurement may run to reach -min-requests (default: 15s small, 40s larger)")
	flag.IntVar(&o.minRequests, "min-requests", 40, "fewest requests a measurement counts, time allowing")
	conc := flag.String("concurrency", "1,16,64", "concurrency levels")
	flag.IntVar(&o.startups, "startups", 3, "times actorgraph is started to time its start-up")
	flag.BoolVar(&o.noPeer, "no-peer", false, "leave the peer out")
	table := flag.String("table", "", "print the table of an earlier run's JSON results, and exit")
	flag.Parse()
	if *table != "" {
		var rep Report
		b, err := os.ReadFile(*table)
		if err == nil {
			err = json.Unmarshal(b, &rep)
		}
		if err != nil {
			fatalf("-table %s: %v", *table, err)
		}
		rep.Targets = targets(&rep)
		printTable(os.Stdout, &rep)
		return
	}
	for _, c := range strings.Split(*conc, ",") {
		var n int
		if _, err := fmt.Sscan(strings.TrimSpace(c), &n); err != nil || n < 1 {
			fatalf("-concurrency %q: give positive integers", *conc)
		}
		o.concurrency = append(o.concurrency, n)
	}
	large := o.size != "small" && o.size != "tiny"
	def := func(d *time.Duration, small, larger time.Duration) {
		if *d == 0 {
			*d = small
			if large {
				*d = larger
			}
		}
	}
	def(&o.warmup, time.Second, 2*time.Second)
	def(&o.duration, 2*time.Second, 5*time.Second)
	def(&o.maxDuration, 15*time.Second, 40*time.Second)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fatalf("%v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
	os.Exit(1)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

func run(ctx context.Context, o options) error {
	if _, ok := gen.Presets[o.size]; !ok {
		return fmt.Errorf("-size %q is not a gen preset", o.size)
	}
	u, err := url.Parse(o.neo4jURI)
	if err != nil || u.Host == "" {
		return fmt.Errorf("-neo4j-uri %q is not a URI", o.neo4jURI)
	}
	if u.Port() == "7687" || u.Port() == "" {
		return fmt.Errorf("-neo4j-uri %s: that is the shared Neo4j, which others' tests use; give the bench's own (make bench starts one on 7697)", o.neo4jURI)
	}
	if err := os.MkdirAll(o.results, 0o755); err != nil {
		return err
	}
	started := time.Now()
	stamp := started.UTC().Format("20060102-150405")
	base := filepath.Join(o.results, o.size+"-"+stamp)

	rep := &Report{Size: o.size, Seed: o.seed, Started: started.UTC(), Machine: machine(o)}
	driver, err := neo4j.NewDriverWithContext(o.neo4jURI, neo4j.NoAuth(), func(c *neo4jConfig) { c.MaxConnectionPoolSize = 200 })
	if err != nil {
		return err
	}
	defer driver.Close(context.Background())
	if err := driver.VerifyConnectivity(ctx); err != nil {
		return fmt.Errorf("cannot reach the bench's Neo4j at %s: %v", o.neo4jURI, err)
	}
	if driver, err = ensureData(ctx, o, driver, rep); err != nil {
		return err
	}
	db := &floorDB{driver: driver}
	rep.Machine.Neo4jVersion = db.version(ctx)
	if err := db.cleanup(ctx); err != nil {
		return fmt.Errorf("removing the writes of earlier runs: %v", err)
	}
	defer func() {
		if err := db.cleanup(context.Background()); err != nil {
			logf("removing this run's writes: %v", err)
		}
	}()

	// The servers: actorgraph (timed from process start to /readyz 200) and the peer.
	token, tokensFile, err := writeTokens()
	if err != nil {
		return err
	}
	defer os.Remove(tokensFile)
	ag := &server{name: "actorgraph", addr: o.agAddr, log: base + ".actorgraph.log",
		cmd: []string{o.agBin, "serve", "-addr", o.agAddr, "-neo4j-uri", o.neo4jURI},
		env: []string{"ACTORGRAPH_TOKENS_FILE=" + tokensFile}, ready: readyz(o.agAddr)}
	for i := 0; i < o.startups; i++ {
		d, err := ag.start(ctx)
		if err != nil {
			return err
		}
		rep.Startup.ActorgraphMS = append(rep.Startup.ActorgraphMS, ms(d))
		logf("actorgraph start-up %d: %s to /readyz 200", i+1, d.Round(time.Millisecond))
		if i < o.startups-1 {
			ag.stop()
		}
	}
	defer ag.stop()
	var peer *server
	if !o.noPeer {
		peer = &server{name: "peer", addr: o.peerAddr, log: base + ".peer.log",
			cmd: []string{"node", filepath.Join(o.peerDir, "server.mjs")},
			env: []string{"NEO4J_URI=" + o.neo4jURI, "PEER_ADDR=" + o.peerAddr}, ready: graphqlAnswers(o.peerAddr)}
		d, err := peer.start(ctx)
		if err != nil {
			return err
		}
		defer peer.stop()
		rep.Startup.PeerMS = ms(d)
		logf("peer start-up: %s to its first GraphQL answer", d.Round(time.Millisecond))
	}

	b := &bench{o: o, db: db, ag: ag, peer: peer, token: token, client: newClient(), runTag: runTag(started)}
	if err := b.chooseParams(ctx, rep); err != nil {
		return fmt.Errorf("choosing the scenarios' parameters: %v", err)
	}
	scenarios := b.scenarios()
	if o.only != "" {
		keep := map[string]bool{}
		for _, n := range strings.Split(o.only, ",") {
			keep[strings.TrimSpace(n)] = true
		}
		var kept []*scenario
		for _, s := range scenarios {
			if keep[s.Name] {
				kept = append(kept, s)
			}
		}
		if len(kept) == 0 {
			return errors.New("-only names no scenario")
		}
		scenarios = kept
	}
	rep.Machine.LoadAvgStart = loadavg()
	if err := b.runAll(ctx, scenarios, rep); err != nil {
		return err
	}
	rep.Machine.LoadAvgEnd = loadavg()
	rep.Memory = b.memory(rep)
	rep.Finished = time.Now().UTC()
	rep.Targets = targets(rep)

	printTable(os.Stdout, rep)
	path := base + ".json"
	if err := writeJSON(path, rep); err != nil {
		return err
	}
	fmt.Printf("\nresults: %s (server logs beside it)\n", path)
	if n := rep.errorCount(); n > 0 {
		return fmt.Errorf("%d requests failed: the table above is not to be trusted where errors > 0", n)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// runTag makes this run's write ids unique: base 36 of the start time in seconds.
func runTag(t time.Time) string { return strings.ToLower(fmt.Sprintf("%x", t.Unix())) }
