package store_test

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/seed"
	"github.com/actorgraph/actorgraph/store"
	"github.com/actorgraph/actorgraph/store/storetest"
)

// Load refuses a reference to an actor or source that is nowhere, rather than drop the
// link, and writes nothing of that Dataset.
func TestLoadRefusesDanglingReferences(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	src := ag.Source{ID: "s1", Title: "S"}
	for name, ds := range map[string]*ag.Dataset{
		"relationship to a missing actor": {Sources: []ag.Source{src}, Actors: []ag.Actor{{ID: "a", Kind: ag.KindState, Name: "A", SourceIDs: []string{"s1"}}},
			Relationships: []ag.Relationship{{ID: "a-member-of-ghost", Type: ag.MemberOf, FromID: "a", ToID: "ghost", SourceIDs: []string{"s1"}}}},
		"actor citing a missing source": {Actors: []ag.Actor{{ID: "b", Kind: ag.KindState, Name: "B", SourceIDs: []string{"s-ghost"}}}},
		"a broken rule":                 {Sources: []ag.Source{src}, Actors: []ag.Actor{{ID: "c", Kind: ag.KindState, Name: "", SourceIDs: []string{"s1"}}}},
	} {
		err := s.Load(ctx, ds)
		if ag.ErrorCode(err) != ag.InvalidInput {
			t.Errorf("%s: want INVALID_INPUT, got %v", name, err)
		}
		rows, _ := s.Query(ctx, "MATCH (n) RETURN count(n) AS n", nil)
		if rows[0]["n"] != int64(0) {
			t.Errorf("%s: wrote %v nodes", name, rows[0]["n"])
		}
	}
}

// Import writes the seed in small chunks, each its own transaction, with progress; the
// result is the same graph as one Load, and importing again changes nothing.
func TestImportInChunks(t *testing.T) {
	ctx := context.Background()
	ds, err := seed.Sahel()
	if err != nil {
		t.Fatal(err)
	}
	s := storetest.Seeded(t)
	run := func(q string) []map[string]any {
		rows, err := s.Query(ctx, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	want := graphCounts(t, ctx, run)
	if err := s.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		chunks := ds.Chunks(7)
		var calls []store.Progress
		p, err := s.Import(ctx, func() (*ag.Dataset, error) {
			if len(chunks) == 0 {
				return nil, io.EOF
			}
			c := chunks[0]
			chunks = chunks[1:]
			return c, nil
		}, func(p store.Progress) { calls = append(calls, p) })
		if err != nil {
			t.Fatal(err)
		}
		if p.Facts != ds.Size() || len(calls) != p.Chunks || p.Chunks < 10 {
			t.Errorf("round %d: progress %+v after %d calls; the seed has %d facts", round, p, len(calls), ds.Size())
		}
		if got := graphCounts(t, ctx, run); !equalCounts(got, want) {
			t.Errorf("round %d: chunked import differs from one load:\n%v\n%v", round, got, want)
		}
	}
	// A bad chunk stops the import, says where, and leaves the chunks before it.
	good := &ag.Dataset{Sources: []ag.Source{{ID: "s-import-ok", Title: "ok"}}}
	bad := &ag.Dataset{Actors: []ag.Actor{{ID: "x", Kind: ag.KindNGO, Name: "X", SourceIDs: []string{"nowhere"}}}}
	queue := []*ag.Dataset{good, bad}
	_, err = s.Import(ctx, func() (*ag.Dataset, error) {
		if len(queue) == 0 {
			return nil, io.EOF
		}
		c := queue[0]
		queue = queue[1:]
		return c, nil
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "chunk 2") || ag.ErrorCode(err) != ag.InvalidInput {
		t.Errorf("a bad second chunk: %v", err)
	}
	if rows := run(`MATCH (s:Source {id: 's-import-ok'}) RETURN count(s) AS n`); rows[0]["n"] != int64(1) {
		t.Error("the good chunk before it should be written")
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestImportKeepsTheOrderOfChunksThatOverlap: chunks that look up nothing the previous chunk
// writes run while it commits. Thirty chunks each rewrite one actor (its name, and the
// source it cites, both in the chunk), and each cites the source the one before wrote
// (waiting for that commit) every third chunk. The last chunk's version must win, with its
// one source, as if the chunks had run one after another.
func TestImportKeepsTheOrderOfChunksThatOverlap(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	if err := s.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	const n = 30
	i := 0
	_, err := s.Import(ctx, func() (*ag.Dataset, error) {
		if i == n {
			return nil, io.EOF
		}
		src := fmt.Sprintf("s-order-%02d", i)
		ds := &ag.Dataset{
			Sources: []ag.Source{{ID: src, Title: src}},
			Actors:  []ag.Actor{{ID: "order-x", Kind: ag.KindNGO, Name: fmt.Sprintf("X %02d", i), SourceIDs: []string{src}}},
		}
		if i%3 == 2 { // a look-up of what the chunk before wrote: this chunk waits
			ds.Actors = append(ds.Actors, ag.Actor{ID: fmt.Sprintf("order-y-%02d", i), Kind: ag.KindNGO, Name: "Y",
				SourceIDs: []string{fmt.Sprintf("s-order-%02d", i-1)}})
		}
		i++
		return ds, nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.Query(ctx, `MATCH (a:Actor {id: 'order-x'}) RETURN a.name AS name, [(a)-[:SUPPORTED_BY]->(s) | s.id] AS sources,
		COUNT { (y:Actor) WHERE y.id STARTS WITH 'order-y-' AND EXISTS { (y)-[:SUPPORTED_BY]->(:Source) } } AS ys`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0]["name"] != fmt.Sprintf("X %02d", n-1) ||
		!reflect.DeepEqual(rows[0]["sources"], []any{fmt.Sprintf("s-order-%02d", n-1)}) || rows[0]["ys"] != int64(n/3) {
		t.Errorf("after %d chunks: %v", n, rows)
	}
}
