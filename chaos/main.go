// Command chaos puts actorgraph through faults, floods and hostile input, with nothing
// lost. It runs its own Neo4j (db/neo4j.sh on its own port and run directory,
// db/run-chaos) and its own builds of the server, drives them over HTTP, and prints the
// figures of each test; it exits 1 if any check fails.
//
//	go run ./chaos fault      kill Neo4j (SIGKILL) under a mixed load, restart it, check the
//	                          ledger of acknowledged writes against the database
//	go run ./chaos shutdown   SIGTERM with requests in flight: they finish, the server exits 0
//	go run ./chaos inject     Cypher-injection payloads in every string argument of every
//	                          mutation, hostile HTTP (oversized, deep, alias bombs, batches,
//	                          malformed JSON, wrong content types), roles, CORS, CSP, secrets
//	go run ./chaos fuzz       schemathesis (GraphQL mode) against the running server
//	go run ./chaos soak       sustained mixed load; memory and goroutines must not grow
//	go run ./chaos all        fault, shutdown, inject and fuzz (`make chaos`)
//
// The shared Neo4j on 7687 is never touched: the tool refuses a Bolt port answered by a
// Neo4j that is not its own, and kills only the Java process its run directory's pid file
// names.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

type options struct {
	boltPort       int
	addr           string
	heap           string
	keepDB         bool
	keepLogs       bool
	requestTimeout time.Duration
	// fault
	writers, readers int
	pause            time.Duration
	warm, down, post time.Duration
	recoverMax       time.Duration
	// fuzz
	maxExamples int
	stSeed      string
	// soak
	duration time.Duration
}

const usage = `usage: go run ./chaos [flags] fault|shutdown|inject|fuzz|soak|all ...`

func main() {
	o := &options{}
	fs := flag.NewFlagSet("chaos", flag.ExitOnError)
	fs.IntVar(&o.boltPort, "bolt-port", 7711, "Bolt port of the chaos Neo4j (its own; never the shared 7687)")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:18095", "address of the server under test")
	fs.StringVar(&o.heap, "heap", "512m", "heap of the chaos Neo4j")
	fs.BoolVar(&o.keepDB, "keep-db", false, "leave the chaos Neo4j running at the end")
	fs.BoolVar(&o.keepLogs, "keep-logs", false, "keep the server's log and the samples even when every check passes")
	fs.DurationVar(&o.requestTimeout, "request-timeout", 5*time.Second, "the server's -request-timeout")
	fs.IntVar(&o.writers, "writers", 3, "fault/soak: concurrent writers")
	fs.IntVar(&o.readers, "readers", 3, "fault/soak: concurrent readers")
	fs.DurationVar(&o.pause, "pause", 50*time.Millisecond, "fault/soak: pause between one worker's requests")
	fs.DurationVar(&o.warm, "warm", 8*time.Second, "fault: load before the kill")
	fs.DurationVar(&o.down, "down", 15*time.Second, "fault: how long Neo4j stays down")
	fs.DurationVar(&o.post, "post", 8*time.Second, "fault: load after recovery")
	fs.DurationVar(&o.recoverMax, "recover-max", 60*time.Second, "fault: give up waiting for recovery after this")
	fs.IntVar(&o.maxExamples, "max-examples", 40, "fuzz: schemathesis examples per operation")
	fs.StringVar(&o.stSeed, "st-seed", "", "fuzz: schemathesis seed (random if empty)")
	fs.DurationVar(&o.duration, "duration", 2*time.Minute, "soak: how long the load runs after warm-up")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, usage)
		fs.PrintDefaults()
	}
	fs.Parse(os.Args[1:])
	tests := fs.Args()
	if len(tests) == 0 {
		fs.Usage()
		os.Exit(2)
	}
	if len(tests) == 1 && tests[0] == "all" {
		tests = []string{"fault", "shutdown", "inject", "fuzz"}
	}
	for _, t := range tests {
		if _, ok := runners[t]; !ok {
			fmt.Fprintf(os.Stderr, "chaos: unknown test %q\n%s\n", t, usage)
			os.Exit(2)
		}
	}
	if o.boltPort == 7687 {
		fmt.Fprintln(os.Stderr, "chaos: refusing -bolt-port 7687: that is the shared Neo4j")
		os.Exit(2)
	}
	os.Exit(run(o, tests))
}

type runner func(context.Context, *env, *options, *report) error

var runners = map[string]runner{
	"fault":    faultTest,
	"shutdown": shutdownTest,
	"inject":   injectTest,
	"fuzz":     fuzzTest,
	"soak":     soakTest,
}

func run(o *options, tests []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	rep := &report{}
	e, err := newEnv(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "chaos:", err)
		return 1
	}
	keep := o.keepLogs
	defer func() {
		if keep {
			fmt.Printf("chaos: server logs kept in %s\n", e.work)
		} else {
			os.RemoveAll(e.work)
		}
	}()
	logf("building the server from the working tree")
	if err := e.build(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "chaos:", err)
		return 1
	}
	logf("starting the chaos Neo4j on 127.0.0.1:%d (%s)", o.boltPort, e.runDir)
	if err := e.startNeo4j(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "chaos:", err)
		return 1
	}
	defer e.stopNeo4j()
	for _, t := range tests {
		logf("=== %s", t)
		t0 := time.Now()
		if err := runners[t](ctx, e, o, rep); err != nil {
			rep.current().fail("%s could not run: %v", t, err)
		}
		rep.current().fig("took", "%.0f s", time.Since(t0).Seconds())
		if ctx.Err() != nil {
			break
		}
	}
	// No server log may hold a token.
	var needles []string
	for _, t := range e.tokens {
		needles = append(needles, t)
	}
	needles = append(needles, e.secrets...)
	sec := rep.section("logs")
	var hits []string
	for _, f := range e.logs {
		hits = append(hits, grepFile(f, needles)...)
	}
	sec.fig("server logs scanned for secrets", "%d files, %d hits", len(e.logs), len(hits))
	for _, h := range first(hits, 5) {
		sec.fail("a token or confidential text in a log: %s", h)
	}
	fmt.Println(rep.String())
	fmt.Printf("chaos: %s in %.0f s\n", strings.Join(tests, ", "), time.Since(start).Seconds())
	if rep.failed() {
		keep = true
		fmt.Println("chaos: FAILED")
		return 1
	}
	fmt.Println("chaos: all checks passed")
	return 0
}

// ---- the report ----

type section struct {
	name  string
	figs  [][2]string
	fails []string
}

func (s *section) fig(name, format string, args ...any) {
	s.figs = append(s.figs, [2]string{name, fmt.Sprintf(format, args...)})
}

func (s *section) fail(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	logf("FAIL [%s] %s", s.name, msg)
	s.fails = append(s.fails, msg)
}

type report struct{ sections []*section }

func (r *report) section(name string) *section {
	s := &section{name: name}
	r.sections = append(r.sections, s)
	return s
}

func (r *report) current() *section {
	if len(r.sections) == 0 {
		return r.section("setup")
	}
	return r.sections[len(r.sections)-1]
}

func (r *report) failed() bool {
	for _, s := range r.sections {
		if len(s.fails) > 0 {
			return true
		}
	}
	return false
}

func (r *report) String() string {
	var b strings.Builder
	b.WriteString("\n==================== chaos: the figures ====================\n")
	for _, s := range r.sections {
		verdict := "PASS"
		if len(s.fails) > 0 {
			verdict = fmt.Sprintf("FAIL (%d)", len(s.fails))
		}
		fmt.Fprintf(&b, "\n## %s — %s\n", s.name, verdict)
		for _, f := range s.figs {
			fmt.Fprintf(&b, "  %-38s %s\n", f[0]+":", f[1])
		}
		for _, f := range s.fails {
			fmt.Fprintf(&b, "  FAIL: %s\n", f)
		}
	}
	return b.String()
}
