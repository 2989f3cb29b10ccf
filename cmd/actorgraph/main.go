// Command actorgraph is the single binary of actorgraph:
//
//	actorgraph serve   serve the GraphQL API and playground
//	actorgraph seed    load the built-in seed data set (idempotent)
//	actorgraph migrate create the constraints and indexes, then exit
//
// Every command reads its Neo4j settings from flags, falling back to the environment
// (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) and then to the local database
// that `make db` starts. This is the only package that reads the environment.
//
// serve reads its bearer tokens from -tokens-file (env ACTORGRAPH_TOKENS_FILE) and from the
// environment variable ACTORGRAPH_TOKENS, never from a flag: command lines are visible to
// every user of the machine. -require-read-token (env ACTORGRAPH_REQUIRE_READ_TOKEN) makes
// reads need a token too. See package auth for the format.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/actorgraph/actorgraph/auth"
	"github.com/actorgraph/actorgraph/seed"
	"github.com/actorgraph/actorgraph/server"
	"github.com/actorgraph/actorgraph/store"
)

const usage = `usage: actorgraph <command> [flags]

commands:
  serve     serve the GraphQL API (/graphql), the playground (/playground), /healthz, /readyz
  seed      load the built-in Sahel seed into Neo4j (loading twice changes nothing)
  migrate   create constraints and indexes, then exit
  export    write a subgraph as GraphML, GEXF or Cytoscape JSON (the arguments of /export)
  import    load an ACLED CSV export or FollowTheMoney JSON lines: import acled|ftm FILE
  dump      write the whole graph as FollowTheMoney JSON lines (import ftm reads it back)
  gen       generate a synthetic graph of a given size and load it (for load tests)

Run 'actorgraph <command> -h' for a command's flags.
`

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "actorgraph:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, args, stderr)
	case "seed":
		return seedCmd(ctx, args, stdout, stderr)
	case "migrate":
		return migrate(ctx, args, stdout, stderr)
	case "export":
		return exportCmd(ctx, args, stdout, stderr)
	case "import":
		return importCmd(ctx, args, stdout, stderr)
	case "dump":
		return dumpCmd(ctx, args, stdout, stderr)
	case "gen":
		return genCmd(ctx, args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// dbFlags registers the Neo4j flags on fs, defaulting from the environment.
func dbFlags(fs *flag.FlagSet) *store.Config {
	c := &store.Config{}
	fs.StringVar(&c.URI, "neo4j-uri", envOr("NEO4J_URI", "bolt://127.0.0.1:7687"), "Neo4j URI (env NEO4J_URI)")
	fs.StringVar(&c.User, "neo4j-user", envOr("NEO4J_USER", "neo4j"), "Neo4j user (env NEO4J_USER)")
	fs.StringVar(&c.Password, "neo4j-password", os.Getenv("NEO4J_PASSWORD"), "Neo4j password (env NEO4J_PASSWORD)")
	fs.StringVar(&c.Database, "neo4j-database", os.Getenv("NEO4J_DATABASE"), "Neo4j database, empty for the default (env NEO4J_DATABASE)")
	fs.DurationVar(&c.QueryTimeout, "query-timeout", 10*time.Second, "deadline of each database call")
	return c
}

// envBool reads a boolean from the environment: false when unset, an error naming the
// variable when it is not a boolean.
func envBool(k string) (bool, error) {
	v := os.Getenv(k)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q: use true or false", k, v)
	}
	return b, nil
}

// isSet reports whether the flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// loadTokens reads the tokens of a file (path "" for none) and of ACTORGRAPH_TOKENS (list),
// checked together: a token or a name may appear only once across both.
func loadTokens(path, list string) (*auth.Tokens, error) {
	var sets []*auth.Tokens
	if path != "" {
		t, err := auth.ReadFile(path)
		if err != nil {
			return nil, err
		}
		sets = append(sets, t)
	}
	if list != "" {
		t, err := auth.ParseList("ACTORGRAPH_TOKENS", list)
		if err != nil {
			return nil, err
		}
		sets = append(sets, t)
	}
	return auth.Merge(sets...)
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// parse parses flags, turning flag errors into one line (the flag package has printed usage).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

func openStore(ctx context.Context, c *store.Config) (*store.Store, error) {
	s, err := store.Open(ctx, *c)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close(ctx)
		return nil, fmt.Errorf("creating constraints and indexes: %v", err)
	}
	return s, nil
}

func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := dbFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer s.Close(ctx)
	fmt.Fprintln(stdout, "constraints and indexes are in place")
	return nil
}

func seedCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := dbFlags(fs)
	reset := fs.Bool("reset", false, "delete everything in the database before loading")
	if err := parse(fs, args); err != nil {
		return err
	}
	ds, err := seed.Sahel()
	if err != nil {
		return err
	}
	s, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer s.Close(ctx)
	if *reset {
		if err := s.Reset(ctx); err != nil {
			return err
		}
	}
	if err := s.Load(ctx, ds); err != nil {
		return fmt.Errorf("loading the seed: %v", err)
	}
	fmt.Fprintf(stdout, "seeded: %d actors, %d relationships, %d allegations, %d events, %d sources, %d disputes\n",
		len(ds.Actors), len(ds.Relationships), len(ds.Allegations), len(ds.Events), len(ds.Sources), len(ds.Disputes))
	return nil
}

// tuneGC sets the collector for a server whose live heap is small (about 20 MiB) and whose
// garbage is request-shaped: decoded records and response buffers. Go's default (GOGC=100)
// collects at twice the live heap, which at a few thousand requests a second spends a tenth
// of the server's CPU marking; GOGC=300 collects a third as often (bench, actor scenario at
// c=16, alternating runs: 890/994 -> 1,045/1,072 req/s, peak 36 -> 50 MiB). The soft memory
// limit keeps the heap well under the 150 MiB the server is held to: near it, the collector
// runs as often as it must. GOGC or GOMEMLIMIT in the environment win over both.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(300)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(100 << 20)
	}
}

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := dbFlags(fs)
	addr := fs.String("addr", envOr("ACTORGRAPH_ADDR", "127.0.0.1:8080"), "listen address (env ACTORGRAPH_ADDR)")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	noIntrospection := fs.Bool("no-introspection", false, "disable schema introspection (and the playground's schema view)")
	tokensFile := fs.String("tokens-file", os.Getenv("ACTORGRAPH_TOKENS_FILE"),
		"file of bearer tokens, one role:name:token a line (env ACTORGRAPH_TOKENS_FILE; env ACTORGRAPH_TOKENS may add more)")
	origins := fs.String("cors-origins", os.Getenv("ACTORGRAPH_CORS_ORIGINS"),
		"comma-separated origins whose pages may call the API from a browser, such as https://analysis.example.org (env ACTORGRAPH_CORS_ORIGINS; default none)")
	requestTimeout := fs.Duration("request-timeout", 30*time.Second, "deadline of each request, database work included")
	requireDefault, requireErr := envBool("ACTORGRAPH_REQUIRE_READ_TOKEN")
	requireRead := fs.Bool("require-read-token", requireDefault, "refuse reads without a valid bearer token too (env ACTORGRAPH_REQUIRE_READ_TOKEN)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if requireErr != nil && !isSet(fs, "require-read-token") {
		return requireErr
	}
	var allowed []string
	for _, o := range strings.Split(*origins, ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if u, err := url.Parse(o); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" {
			return fmt.Errorf("serve: -cors-origins: %q is not an origin such as https://example.org", o)
		}
		allowed = append(allowed, o)
	}
	tuneGC()
	// Tokens are checked before anything is opened: a bad line is one clear error at once.
	tokens, err := loadTokens(*tokensFile, os.Getenv("ACTORGRAPH_TOKENS"))
	if err != nil {
		return err
	}
	if *requireRead && tokens.Len() == 0 {
		return errors.New("serve: -require-read-token needs tokens (-tokens-file, ACTORGRAPH_TOKENS_FILE or ACTORGRAPH_TOKENS): without them every request would be refused")
	}
	var h slog.Handler
	switch *logFormat {
	case "text":
		h = slog.NewTextHandler(stderr, nil)
	case "json":
		h = slog.NewJSONHandler(stderr, nil)
	default:
		return fmt.Errorf("serve: -log-format %q: use text or json", *logFormat)
	}
	log := slog.New(server.LogHandler(h))
	if tokens.Len() > 0 {
		var who []string
		for _, p := range tokens.Principals() {
			who = append(who, p.Name+" ("+string(p.Role)+")")
		}
		log.Info("bearer tokens loaded", "count", tokens.Len(), "issued_to", strings.Join(who, ", "),
			"require_read_token", *requireRead)
	}
	if fi, err := os.Stat(*tokensFile); *tokensFile != "" && err == nil && fi.Mode().Perm()&0o007 != 0 {
		log.Warn("the tokens file is readable by every user of this machine; chmod o-rwx it", "file", *tokensFile)
	}

	// Listen before connecting, so that a port in use is reported at once.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v (is another server running? set -addr or ACTORGRAPH_ADDR)", *addr, err)
	}
	s, err := openStore(ctx, c)
	if err != nil {
		ln.Close()
		return err
	}
	defer s.Close(ctx)

	srv := &http.Server{
		Handler: server.New(server.Config{Store: s, Logger: log, DisableIntrospection: *noIntrospection,
			Tokens: tokens, RequireReadToken: *requireRead, AllowedOrigins: allowed, RequestTimeout: *requestTimeout}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String(), "playground", "http://"+ln.Addr().String()+"/playground")
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		// A client that has not finished sending its request in 15 s (a stalled upload)
		// is cut off: the shutdown is bounded, and still orderly, so the exit is clean.
		log.Warn("shutdown: closing the connections that did not finish in 15 s", "err", err)
		srv.Close()
	}
	log.Info("stopped")
	return nil
}
