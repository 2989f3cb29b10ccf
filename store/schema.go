package store

import (
	"context"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// constraint is one uniqueness constraint; each also gives Neo4j an index on the property.
type constraint struct{ name, cypher string }

// constraints make ids unique. They are what stops two concurrent writers from creating the
// same actor: the second commit fails with CONFLICT, with no check-then-write race.
var constraints = func() []constraint {
	cs := []constraint{}
	for _, label := range []string{"Actor", "Allegation", "Event", "Source", "Dispute", "StatusChange", "Claim", "Deleted", "Merge"} {
		cs = append(cs, constraint{"uniq_" + strings.ToLower(label) + "_id",
			"CREATE CONSTRAINT uniq_" + strings.ToLower(label) + "_id IF NOT EXISTS FOR (n:" + label + ") REQUIRE n.id IS UNIQUE"})
	}
	// One counter of changes: MERGE on it is safe under concurrency only with this constraint.
	cs = append(cs, constraint{"uniq_counter_name", "CREATE CONSTRAINT uniq_counter_name IF NOT EXISTS FOR (c:Counter) REQUIRE c.name IS UNIQUE"})
	for _, t := range ag.RelTypes {
		name := "uniq_rel_" + strings.ToLower(string(t)) + "_id"
		cs = append(cs, constraint{name,
			"CREATE CONSTRAINT " + name + " IF NOT EXISTS FOR ()-[r:" + string(t) + "]-() REQUIRE r.id IS UNIQUE"})
	}
	return cs
}()

// indexes serve the filters and orders of the read API.
var indexes = []string{
	// Name and id: a page of actors by name is read in this index's order, not sorted.
	"CREATE INDEX actor_name_id IF NOT EXISTS FOR (a:Actor) ON (a.name, a.id)",
	"CREATE INDEX actor_country IF NOT EXISTS FOR (a:Actor) ON (a.country)",
	"CREATE INDEX allegation_period IF NOT EXISTS FOR (a:Allegation) ON (a.periodStart)",
	"CREATE INDEX allegation_status IF NOT EXISTS FOR (a:Allegation) ON (a.status)",
	"CREATE INDEX event_date IF NOT EXISTS FOR (e:Event) ON (e.date)",
	"CREATE INDEX dispute_subject IF NOT EXISTS FOR (d:Dispute) ON (d.subjectId)",
	"CREATE INDEX change_subject IF NOT EXISTS FOR (c:Change) ON (c.subjectId)",
	"CREATE INDEX change_seq IF NOT EXISTS FOR (c:Change) ON (c.seq, c.n)",
	// standard-folding lower-cases and folds accents to ASCII: "Goita" finds "Goïta".
	"CREATE FULLTEXT INDEX actor_search IF NOT EXISTS FOR (a:Actor) ON EACH [a.name, a.aliases, a.description] " +
		"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}}",
	"CREATE FULLTEXT INDEX allegation_search IF NOT EXISTS FOR (al:Allegation) ON EACH [al.title, al.summary, al.places] " +
		"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}}",
	"CREATE FULLTEXT INDEX event_search IF NOT EXISTS FOR (e:Event) ON EACH [e.title, e.description, e.place] " +
		"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}}",
}

// Migrate creates the constraints and indexes that are missing, and waits until every index
// is online. It is idempotent and safe to run at every start-up, by several servers at once.
func (s *Store) Migrate(ctx context.Context) error {
	for _, c := range constraints {
		if _, err := s.run(ctx, c.cypher, nil, writeMode); err != nil {
			return err
		}
	}
	for _, ix := range indexes {
		if _, err := s.run(ctx, ix, nil, writeMode); err != nil {
			return err
		}
	}
	_, err := s.run(ctx, "CALL db.awaitIndexes(300)", nil, writeMode)
	return err
}

// Reset deletes every node and relationship, keeping the schema. It is for tests and for
// `actorgraph seed --reset`; batches keep each transaction small on a large graph.
func (s *Store) Reset(ctx context.Context) error {
	for {
		recs, err := s.run(ctx, "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n", nil, writeMode)
		if err != nil {
			return err
		}
		if toInt(recs[0]["n"]) == 0 {
			return nil
		}
	}
}
