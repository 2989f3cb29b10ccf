package store_test

import (
	"context"
	"testing"

	"github.com/actorgraph/actorgraph/seed"
	"github.com/actorgraph/actorgraph/store/storetest"
)

// graphCounts counts nodes by label and relationships by type, and sums every property
// value's size, so that two loads can be compared for "changed nothing".
func graphCounts(t *testing.T, ctx context.Context, run func(string) []map[string]any) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, r := range run(`MATCH (n) UNWIND labels(n) AS l RETURN l AS k, count(*) AS n`) {
		out["node:"+r["k"].(string)] = int(r["n"].(int64))
	}
	for _, r := range run(`MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS n`) {
		out["rel:"+r["k"].(string)] = int(r["n"].(int64))
	}
	for _, r := range run(`MATCH (n) RETURN 'props' AS k, sum(size(keys(n))) AS n`) {
		out["nodeprops"] = int(r["n"].(int64))
	}
	return out
}

func TestSeedLoadsIdempotentlyAndEverythingHasASource(t *testing.T) {
	ctx := context.Background()
	s := storetest.Seeded(t)
	run := func(q string) []map[string]any {
		recs, err := s.Query(ctx, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	first := graphCounts(t, ctx, run)
	ds, _ := seed.Sahel()
	if first["node:Actor"] != len(ds.Actors) || first["node:Allegation"] != len(ds.Allegations) ||
		first["node:Event"] != len(ds.Events) || first["node:Source"] != len(ds.Sources) {
		t.Fatalf("loaded %v, want %d actors, %d allegations, %d events, %d sources", first,
			len(ds.Actors), len(ds.Allegations), len(ds.Events), len(ds.Sources))
	}
	rels := 0
	for _, r := range run(`MATCH (:Actor)-[r]->(:Actor) WHERE r.id IS NOT NULL RETURN count(r) AS n`) {
		rels = int(r["n"].(int64))
	}
	if rels != len(ds.Relationships) {
		t.Errorf("loaded %d relationships between actors, want %d", rels, len(ds.Relationships))
	}

	if err := s.Load(ctx, ds); err != nil {
		t.Fatal(err)
	}
	second := graphCounts(t, ctx, run)
	for k, v := range first {
		if second[k] != v {
			t.Errorf("loading twice changed %s: %d then %d", k, v, second[k])
		}
	}
	if len(second) != len(first) {
		t.Errorf("loading twice changed the set of labels and types: %v then %v", first, second)
	}

	// Every node that states a fact cites a source; every relationship between actors names
	// sources that exist.
	for _, label := range []string{"Actor", "Allegation", "Event", "StatusChange", "Claim"} {
		for _, r := range run(`MATCH (n:` + label + `) WHERE NOT (n)-[:SUPPORTED_BY]->(:Source) RETURN n.id AS id`) {
			t.Errorf("%s %v cites no source", label, r["id"])
		}
	}
	for _, r := range run(`MATCH (:Actor)-[r]->(:Actor) WHERE r.id IS NOT NULL
		AND (size(coalesce(r.sources, [])) = 0 OR any(sid IN r.sources WHERE NOT EXISTS { MATCH (:Source {id: sid}) }))
		RETURN r.id AS id`) {
		t.Errorf("relationship %v cites no existing source", r["id"])
	}
}
