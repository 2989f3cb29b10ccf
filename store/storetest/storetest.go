// Package storetest is the one way integration tests reach the real Neo4j. Open connects
// (to NEO4J_URI, default bolt://127.0.0.1:7687), makes sure the schema is in place, and
// empties the database, so each test starts from nothing. When Neo4j cannot be reached the
// test fails, saying how to start it: tests never skip silently.
//
// Tests that use it must not run in parallel with each other, in one package or across
// packages (Neo4j Community has one database): `make test` runs `go test -p 1`.
package storetest

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/seed"
	"github.com/actorgraph/actorgraph/store"
)

// Config returns the connection settings tests use, from the environment.
func Config() store.Config {
	c := store.Config{URI: os.Getenv("NEO4J_URI"), User: os.Getenv("NEO4J_USER"),
		Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE"),
		QueryTimeout: 30 * time.Second}
	if c.URI == "" {
		c.URI = "bolt://127.0.0.1:7687"
	}
	return c
}

var (
	shared  *store.Store
	openErr error
	once    sync.Once
)

// Open returns a Store on an empty database with actorgraph's schema. The Store is shared by
// the tests of a package and stays open until the process ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	once.Do(func() {
		shared, openErr = store.Open(ctx, Config())
		if openErr == nil {
			openErr = shared.Migrate(ctx)
		}
	})
	if openErr != nil {
		t.Fatalf("integration tests need Neo4j: %v\nStart the local one with `make db` (or `db/neo4j.sh start`), or set NEO4J_URI.", openErr)
	}
	if err := shared.Reset(ctx); err != nil {
		t.Fatalf("cannot empty the test database: %v", err)
	}
	return shared
}

// Seeded returns a Store holding exactly the Sahel seed.
func Seeded(t testing.TB) *store.Store {
	t.Helper()
	s := Open(t)
	ds, err := seed.Sahel()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Load(context.Background(), ds); err != nil {
		t.Fatalf("loading the seed: %v", err)
	}
	return s
}
