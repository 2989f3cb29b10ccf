package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/actorgraph/actorgraph/gen"
)

type neo4jConfig = config.Config

// floorDB runs statements on the bench's Neo4j: the floor's reads and writes, and the
// bench's own housekeeping.
type floorDB struct {
	driver neo4j.DriverWithContext
}

// read and write run one statement each as an auto-commit transaction: one round trip, as
// actorgraph's reads (store.readAuto), where a transaction function costs two. The floor is
// the fastest way through the driver, and stays ahead of actorgraph on it.
func (db *floorDB) read(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	return db.run(ctx, neo4j.AccessModeRead, cypher, params)
}

func (db *floorDB) write(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	return db.run(ctx, neo4j.AccessModeWrite, cypher, params)
}

func (db *floorDB) run(ctx context.Context, mode neo4j.AccessMode, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	sess := db.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: mode, FetchSize: neo4j.FetchAll})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

func (db *floorDB) version(ctx context.Context) string {
	recs, err := db.read(ctx, "CALL dbms.components() YIELD name, versions, edition RETURN name + ' ' + versions[0] + ' ' + edition AS v", nil)
	if err != nil || len(recs) == 0 {
		return "unknown"
	}
	v, _ := recs[0].Get("v")
	return fmt.Sprint(v)
}

// cleanup deletes what the mutation scenario wrote (ids starting with "bench-"), with the
// status entries and audit records of those ids, so that every run reads the same graph.
func (db *floorDB) cleanup(ctx context.Context) error {
	for _, stmt := range []string{
		"MATCH (sc:StatusChange) WHERE sc.id STARTS WITH 'bench-' WITH sc LIMIT 10000 DETACH DELETE sc RETURN count(*) AS n",
		"MATCH (al:Allegation) WHERE al.id STARTS WITH 'bench-' WITH al LIMIT 10000 DETACH DELETE al RETURN count(*) AS n",
		"MATCH (c:Change) WHERE c.subjectId STARTS WITH 'bench-' WITH c LIMIT 10000 DETACH DELETE c RETURN count(*) AS n",
	} {
		for {
			recs, err := db.write(ctx, stmt, nil)
			if err != nil {
				return err
			}
			if n, _ := recs[0].Get("n"); n.(int64) == 0 {
				break
			}
		}
	}
	return nil
}

// datasetKey names the graph that gen makes for a size and seed with this checkout's
// generator: a change to package gen changes the key, and the data set is loaded again.
func datasetKey(size, seed string) (string, error) {
	files, err := filepath.Glob("gen/*.go")
	if err != nil || len(files) == 0 {
		return "", fmt.Errorf("cannot read gen/*.go (run the bench from the repository's root): %v", err)
	}
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	return size + "/" + seed + "/" + hex.EncodeToString(h.Sum(nil))[:16], nil
}

// ensureData makes sure the bench's Neo4j holds the data set of o.size and o.seed: it reads
// the marker the bench left after loading, and loads with `actorgraph gen` only when the marker
// is missing or names another data set (wiping the database first when it holds anything).
// It returns the driver to use, which is a new one when the database was restarted.
func ensureData(ctx context.Context, o options, driver neo4j.DriverWithContext, rep *Report) (neo4j.DriverWithContext, error) {
	key, err := datasetKey(o.size, o.seed)
	if err != nil {
		return driver, err
	}
	db := &floorDB{driver: driver}
	recs, err := db.read(ctx, "OPTIONAL MATCH (m:BenchDataset {name: 'dataset'}) RETURN m.key AS key, m.loadSeconds AS secs, m.facts AS facts", nil)
	if err != nil {
		return driver, err
	}
	have, _ := recs[0].Get("key")
	if have == key {
		secs, _ := recs[0].Get("secs")
		facts, _ := recs[0].Get("facts")
		logf("the bench's Neo4j already holds data set %s (loaded in %vs): not loading", key, secs)
		rep.Dataset.Key, rep.Dataset.Loaded = key, false
		rep.Dataset.LoadSeconds, _ = secs.(float64)
		if f, ok := facts.(int64); ok {
			rep.Dataset.Facts = f
		}
		return driver, countNodes(ctx, db, rep)
	}
	recs, err = db.read(ctx, "MATCH (n) RETURN count(n) AS n", nil)
	if err != nil {
		return driver, err
	}
	if n, _ := recs[0].Get("n"); n.(int64) > 0 {
		if o.runDir == "" {
			return driver, fmt.Errorf("the Neo4j at %s holds %v nodes but not data set %s (it holds %v): give -neo4j-run-dir so the bench may wipe it, or wipe it yourself", o.neo4jURI, n, key, have)
		}
		if err := wipe(ctx, o); err != nil {
			return driver, err
		}
		driver.Close(ctx)
		if driver, err = neo4j.NewDriverWithContext(o.neo4jURI, neo4j.NoAuth(), func(c *neo4jConfig) { c.MaxConnectionPoolSize = 200 }); err != nil {
			return driver, err
		}
		db = &floorDB{driver: driver}
	}
	logf("loading data set %s with %s gen (%s actors, %s relationships, %s allegations)", key, o.agBin,
		thousands(gen.Presets[o.size].Actors), thousands(gen.Presets[o.size].Relationships), thousands(gen.Presets[o.size].Allegations))
	start := time.Now()
	cmd := exec.CommandContext(ctx, o.agBin, "gen", "-size", o.size, "-seed", o.seed, "-neo4j-uri", o.neo4jURI)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return driver, fmt.Errorf("%s gen: %v", o.agBin, err)
	}
	os.Stderr.Write(out)
	secs := time.Since(start).Seconds()
	var facts int64
	if f := strings.Fields(string(out)); len(f) > 1 && f[0] == "loaded" {
		facts, _ = strconv.ParseInt(f[1], 10, 64)
	}
	if _, err := db.write(ctx, "MERGE (m:BenchDataset {name: 'dataset'}) SET m.key = $key, m.loadSeconds = $secs, m.facts = $facts, m.at = datetime()",
		map[string]any{"key": key, "secs": secs, "facts": facts}); err != nil {
		return driver, err
	}
	rep.Dataset.Key, rep.Dataset.Loaded, rep.Dataset.LoadSeconds, rep.Dataset.Facts = key, true, secs, facts
	return driver, countNodes(ctx, db, rep)
}

// wipe deletes the bench's Neo4j's data with db/neo4j.sh and starts it again, empty.
func wipe(ctx context.Context, o options) error {
	dir, err := filepath.Abs(o.runDir)
	if err != nil {
		return err
	}
	if shared, _ := filepath.Abs("db/run"); dir == shared {
		return fmt.Errorf("-neo4j-run-dir %s is the shared Neo4j's: the bench never wipes it", o.runDir)
	}
	u := strings.TrimPrefix(o.neo4jURI, "bolt://")
	port := u[strings.LastIndex(u, ":")+1:]
	logf("wiping the bench's Neo4j (%s) to load another data set", dir)
	for _, verb := range []string{"wipe", "start"} {
		cmd := exec.CommandContext(ctx, "db/neo4j.sh", verb)
		cmd.Env = append(os.Environ(), "NEO4J_RUN_DIR="+dir, "NEO4J_BOLT_PORT="+port)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("db/neo4j.sh %s: %v", verb, err)
		}
	}
	return nil
}

func countNodes(ctx context.Context, db *floorDB, rep *Report) error {
	rep.Dataset.Nodes = map[string]int64{}
	for _, l := range []string{"Actor", "Allegation", "Event", "Source", "StatusChange"} {
		recs, err := db.read(ctx, "MATCH (n:"+l+") RETURN count(n) AS n", nil)
		if err != nil {
			return err
		}
		n, _ := recs[0].Get("n")
		rep.Dataset.Nodes[l] = n.(int64)
	}
	recs, err := db.read(ctx, "MATCH ()-[r]->() RETURN count(r) AS n", nil)
	if err != nil {
		return err
	}
	n, _ := recs[0].Get("n")
	rep.Dataset.Relationships = n.(int64)
	if rep.Dataset.Nodes["Actor"] != int64(gen.Presets[rep.Size].Actors) {
		return fmt.Errorf("the bench's Neo4j holds %d actors; data set %s has %d (a load cut short?): wipe it (db/neo4j.sh wipe with its NEO4J_RUN_DIR) and run again",
			rep.Dataset.Nodes["Actor"], rep.Dataset.Key, gen.Presets[rep.Size].Actors)
	}
	return nil
}

// writeTokens writes a tokens file with one editor token, for the mutation scenario.
func writeTokens() (token, path string, err error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	f, err := os.CreateTemp("", "actorgraph-bench-tokens-*")
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	if err := f.Chmod(0o600); err != nil {
		return "", "", err
	}
	_, err = fmt.Fprintf(f, "editor:bench:%s\n", token)
	return token, f.Name(), err
}

// machine records the conditions of the run.
func machine(o options) Machine {
	m := Machine{NProc: runtime.NumCPU(), GoVersion: runtime.Version(), Neo4jHeap: o.heap, Neo4jPageCache: o.pagecache,
		GOMAXPROCS: runtime.GOMAXPROCS(0)}
	if out, err := exec.Command("node", "--version").Output(); err == nil {
		m.NodeVersion = strings.TrimSpace(string(out))
	}
	if out, err := exec.Command("uname", "-srm").Output(); err == nil {
		m.Kernel = strings.TrimSpace(string(out))
	}
	if out, err := exec.Command("java", "-version").CombinedOutput(); err == nil {
		m.Java = strings.SplitN(strings.TrimSpace(string(out)), "\n", 2)[0]
	}
	if out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output(); err == nil {
		m.Commit = strings.TrimSpace(string(out))
		if out, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(out) > 0 {
			m.Commit += " (working tree with uncommitted changes)"
		}
	}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		s := bufio.NewScanner(f)
		for s.Scan() {
			if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if kb := procField("/proc/meminfo", "MemTotal"); kb > 0 {
		m.MemTotalMiB = kb / 1024
	}
	return m
}

// loadavg returns the 1, 5 and 15 minute load averages.
func loadavg() []float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return nil
	}
	var out []float64
	for _, f := range strings.Fields(string(b))[:3] {
		v, _ := strconv.ParseFloat(f, 64)
		out = append(out, v)
	}
	return out
}

// procField reads a "Name: 123 kB" field of a /proc file, in kB (0 if absent).
func procField(path, name string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && k == name {
			n, _ := strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			return n
		}
	}
	return 0
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
