package store

import (
	"context"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// constraint is one uniqueness constraint; each also gives Neo4j an index on the property.
type constraint struct{ name, cypher string }

// index is one index, by name, and the statement that creates it.
type index struct{ name, cypher string }

// newIndex names an index by the name its statement gives it: "CREATE ... INDEX name IF ...".
func newIndex(cypher string) index {
	words := strings.Fields(strings.SplitN(cypher, " IF NOT EXISTS", 2)[0])
	return index{words[len(words)-1], cypher}
}

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
var indexes = []index{
	// Name and id: a page of actors by name is read in this index's order, not sorted.
	newIndex("CREATE INDEX actor_name_id IF NOT EXISTS FOR (a:Actor) ON (a.name, a.id)"),
	newIndex("CREATE INDEX actor_country IF NOT EXISTS FOR (a:Actor) ON (a.country)"),
	newIndex("CREATE INDEX allegation_period IF NOT EXISTS FOR (a:Allegation) ON (a.periodStart)"),
	newIndex("CREATE INDEX allegation_status IF NOT EXISTS FOR (a:Allegation) ON (a.status)"),
	newIndex("CREATE INDEX event_date IF NOT EXISTS FOR (e:Event) ON (e.date)"),
	newIndex("CREATE INDEX dispute_subject IF NOT EXISTS FOR (d:Dispute) ON (d.subjectId)"),
	newIndex("CREATE INDEX change_subject IF NOT EXISTS FOR (c:Change) ON (c.subjectId)"),
	newIndex("CREATE INDEX change_seq IF NOT EXISTS FOR (c:Change) ON (c.seq, c.n)"),
	// standard-folding lower-cases and folds accents to ASCII: "Goita" finds "Goïta".
	newIndex("CREATE FULLTEXT INDEX actor_search IF NOT EXISTS FOR (a:Actor) ON EACH [a.name, a.aliases, a.description] " +
		"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}}"),
	newIndex("CREATE FULLTEXT INDEX allegation_search IF NOT EXISTS FOR (al:Allegation) ON EACH [al.title, al.summary, al.places] " +
		"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}}"),
	newIndex("CREATE FULLTEXT INDEX event_search IF NOT EXISTS FOR (e:Event) ON EACH [e.title, e.description, e.place] " +
		"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}}"),
}

// Migrate creates the constraints and indexes that are missing, and waits until every index
// is online. It is idempotent and safe to run at every start-up, by several servers at once
// (each statement says IF NOT EXISTS). When the schema is in place, as at most start-ups, it
// costs two statements, not one per constraint and index: on a Neo4j just started, each
// statement is planned cold, and thirty of them took seconds.
func (s *Store) Migrate(ctx context.Context) error {
	recs, err := s.run(ctx, "SHOW INDEXES YIELD name, state RETURN collect([name, state]) AS all", nil, writeMode)
	if err != nil {
		return err
	}
	have, online := map[string]bool{}, true
	for _, x := range list(recs[0]["all"]) {
		pair := list(x)
		have[str(pair[0])] = true
		online = online && str(pair[1]) == "ONLINE"
	}
	recs, err = s.run(ctx, "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS all", nil, writeMode)
	if err != nil {
		return err
	}
	for _, n := range strs(recs[0]["all"]) {
		have[n] = true
	}
	var missing []string
	for _, c := range constraints {
		if !have[c.name] {
			missing = append(missing, c.cypher)
		}
	}
	for _, ix := range indexes {
		if !have[ix.name] {
			missing = append(missing, ix.cypher)
		}
	}
	for _, cypher := range missing {
		if _, err := s.run(ctx, cypher, nil, writeMode); err != nil {
			return err
		}
	}
	if len(missing) > 0 || !online {
		if _, err = s.run(ctx, "CALL db.awaitIndexes(300)", nil, writeMode); err != nil {
			return err
		}
	}
	// Actors deleted before deletion took their kind label away (trash.go) still carry it.
	_, err = s.run(ctx, "MATCH (d:Deleted) WHERE any(l IN labels(d) WHERE l IN $kinds) "+hideKind("d"),
		map[string]any{"kinds": kindLabels}, writeMode)
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
