// Command actorgraph is the single binary of actorgraph:
//
//	actorgraph serve   serve the GraphQL API and playground
//	actorgraph seed    load the built-in seed data set (idempotent)
//	actorgraph migrate create the constraints and indexes, then exit
//
// Every command reads its Neo4j settings from flags, falling back to the environment
// (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) and then to the local database
// that `make db` starts. This is the only package that reads the environment.
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
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/actorgraph/actorgraph/seed"
	"github.com/actorgraph/actorgraph/server"
	"github.com/actorgraph/actorgraph/store"
)

const usage = `usage: actorgraph <command> [flags]

commands:
  serve     serve the GraphQL API (/graphql), the playground (/playground), /healthz, /readyz
  seed      load the built-in Sahel seed into Neo4j (loading twice changes nothing)
  migrate   create constraints and indexes, then exit

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

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := dbFlags(fs)
	addr := fs.String("addr", envOr("ACTORGRAPH_ADDR", "127.0.0.1:8080"), "listen address (env ACTORGRAPH_ADDR)")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	noIntrospection := fs.Bool("no-introspection", false, "disable schema introspection (and the playground's schema view)")
	if err := parse(fs, args); err != nil {
		return err
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
		Handler:           server.New(server.Config{Store: s, Logger: log, DisableIntrospection: *noIntrospection}),
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
		return fmt.Errorf("shutdown: %v", err)
	}
	log.Info("stopped")
	return nil
}
