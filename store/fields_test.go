package store_test

import (
	"context"
	"testing"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/store"
	"github.com/actorgraph/actorgraph/store/storetest"
)

// An actor read whole lacks nothing, whatever properties its node has not; one read in part
// lacks exactly the fields not asked for, and holds those asked for as the whole one does.
func TestActorsLackWhatWasNotAsked(t *testing.T) {
	s := storetest.Seeded(t)
	ctx := context.Background()
	for _, want := range []ag.ActorFields{0, ag.ActorCountry, ag.ActorSources | ag.ActorAliases, ag.AllActorFields} {
		page, err := s.Actors(ctx, ag.ActorFilter{}, store.ActorOrder{Field: "NAME"}, store.Page{First: 200}, want)
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]string, len(page.Items))
		for i, a := range page.Items {
			ids[i] = a.ID
		}
		whole, err := s.ActorsByID(ctx, ids)
		if err != nil || len(whole) != len(ids) || len(ids) < 50 {
			t.Fatalf("%d actors of %d read whole, %v", len(whole), len(ids), err)
		}
		for _, a := range page.Items {
			w := whole[a.ID]
			if w.Lacks != 0 {
				t.Fatalf("actor %s read whole lacks %b", a.ID, w.Lacks)
			}
			if a.Lacks != ag.AllActorFields&^want {
				t.Fatalf("actor %s read with %b lacks %b", a.ID, want, a.Lacks)
			}
			if a.Name != w.Name || a.Kind != w.Kind ||
				want&ag.ActorCountry != 0 && a.Country != w.Country ||
				want&ag.ActorSources != 0 && len(a.SourceIDs) != len(w.SourceIDs) ||
				want&ag.ActorAliases != 0 && len(a.Aliases) != len(w.Aliases) {
				t.Fatalf("actor %s read with %b: %+v, whole %+v", a.ID, want, a, w)
			}
		}
	}
}

// An actor deleted before deletion took kind labels away still carries its kind label: Migrate
// moves it to _deletedKind, so that counts of a kind stay counts of live actors, and Restore
// brings the actor back with its kind.
func TestMigrateTakesKindLabelsOffDeletedActors(t *testing.T) {
	s := storetest.Seeded(t)
	ctx := context.Background()
	if err := s.Exec(ctx, `CREATE (:Deleted:ArmedGroup {id: 'legacy-deleted-group', name: 'Legacy group',
		_deletedLabel: 'Actor', _deletedAt: datetime(), _deletedBy: 'test'})`); err != nil {
		t.Fatal(err)
	}
	defer s.Exec(ctx, `MATCH (n {id: 'legacy-deleted-group'}) DETACH DELETE n`)
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	recs, err := s.Query(ctx, `MATCH (d:Deleted {id: 'legacy-deleted-group'}) RETURN labels(d) AS labels, d._deletedKind AS kind`, nil)
	if err != nil || len(recs) != 1 || recs[0]["kind"] != "ArmedGroup" || len(recs[0]["labels"].([]any)) != 1 {
		t.Fatalf("after Migrate: %v, %v", recs, err)
	}
	if _, _, err := s.Restore(ctx, "legacy-deleted-group", "test"); err != nil {
		t.Fatal(err)
	}
	m, err := s.ActorsByID(ctx, []string{"legacy-deleted-group"})
	if err != nil || m["legacy-deleted-group"] == nil || m["legacy-deleted-group"].Kind != ag.KindArmedGroup {
		t.Fatalf("restored: %+v, %v", m["legacy-deleted-group"], err)
	}
}
