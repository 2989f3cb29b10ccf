package store_test

import (
	"context"
	"io"
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
