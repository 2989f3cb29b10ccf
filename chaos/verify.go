package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	ag "github.com/actorgraph/actorgraph"
)

// db reads our Neo4j directly, bypassing the server, to check what the server claimed.
type db struct{ d neo4j.DriverWithContext }

func openDB(ctx context.Context, uri string) (*db, error) {
	d, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		vctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err = d.VerifyConnectivity(vctx)
		cancel()
		if err == nil {
			return &db{d}, nil
		}
		if time.Now().After(deadline) {
			d.Close(ctx)
			return nil, fmt.Errorf("cannot reach Neo4j at %s: %v", uri, err)
		}
		time.Sleep(time.Second)
	}
}

func (b *db) close() { b.d.Close(context.Background()) }

func (b *db) query(ctx context.Context, cypher string, params map[string]any) ([]map[string]any, error) {
	var res *neo4j.EagerResult
	var err error
	for try := 0; try < 5; try++ { // the database may still be warming up after a restart
		qctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		res, err = neo4j.ExecuteQuery(qctx, b.d, cypher, params, neo4j.EagerResultTransformer)
		cancel()
		if err == nil {
			break
		}
		time.Sleep(time.Second)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", strings.Join(strings.Fields(cypher), " "), err)
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out, nil
}

// counts returns the number of nodes and of relationships in the whole database.
func (b *db) counts(ctx context.Context) (int64, int64, error) {
	recs, err := b.query(ctx, `MATCH (n) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r`, nil)
	if err != nil {
		return 0, 0, err
	}
	return recs[0]["n"].(int64), recs[0]["r"].(int64), nil
}

// ledgerReport compares a ledger with the database.
type ledgerReport struct {
	acked, found   int
	missing        []string // acknowledged and not in the database: lost writes
	wrong          []string // in the database but not as acknowledged
	noAudit        []string // in the database without its Change entry
	unacked        int      // refused or unanswered writes
	unackedFound   []string // of those, in the database all the same (the answer was lost)
	forbiddenFound []string // tried with too weak a role, yet in the database
}

func (r ledgerReport) ok() bool {
	return r.acked == r.found && len(r.missing) == 0 && len(r.wrong) == 0 && len(r.noAudit) == 0 && len(r.forbiddenFound) == 0
}

var labelOf = map[string]string{"createSource": "Source", "createActor": "Actor", "createAllegation": "Allegation"}

// verifyLedger looks up every write of the ledger in the database: what was acknowledged
// must be there, as written, with its audit entry; what was refused may be there only if
// its answer was lost (UNAVAILABLE, a transport error), and is reported.
func verifyLedger(ctx context.Context, b *db, writes []write, forbidden []string) (ledgerReport, error) {
	var rep ledgerReport
	byOp := map[string][]string{}
	for _, w := range writes {
		byOp[w.Op] = append(byOp[w.Op], w.ID)
	}
	type found struct {
		from, to, src string
		audit         bool
	}
	have := map[string]found{}
	for op, ids := range byOp {
		var cypher string
		if op == "addRelationship" {
			cypher = `UNWIND $ids AS id MATCH (f)-[r:ALLIED_WITH {id: id}]->(t)
				RETURN id, f.id AS from, t.id AS to, r.sources[0] AS src,
				  EXISTS { MATCH (c:Change {subjectId: id, operation: $op}) } AS audit`
		} else {
			cypher = `UNWIND $ids AS id MATCH (n:` + labelOf[op] + ` {id: id})
				OPTIONAL MATCH (n)-[:AGAINST]->(x:Actor)
				OPTIONAL MATCH (n)-[:SUPPORTED_BY]->(s:Source)
				RETURN id, x.id AS from, null AS to, s.id AS src,
				  EXISTS { MATCH (c:Change {subjectId: id, operation: $op}) } AS audit`
		}
		recs, err := b.query(ctx, cypher, map[string]any{"ids": ids, "op": op})
		if err != nil {
			return rep, err
		}
		for _, r := range recs {
			f := found{audit: r["audit"] == true}
			f.from, _ = r["from"].(string)
			f.to, _ = r["to"].(string)
			f.src, _ = r["src"].(string)
			have[r["id"].(string)] = f
		}
	}
	for _, w := range writes {
		f, ok := have[w.ID]
		if w.Code != "" {
			rep.unacked++
			if ok {
				rep.unackedFound = append(rep.unackedFound, w.ID+" ("+w.Code+")")
			}
			continue
		}
		rep.acked++
		if !ok {
			rep.missing = append(rep.missing, w.Op+" "+w.ID)
			continue
		}
		rep.found++
		if !f.audit {
			rep.noAudit = append(rep.noAudit, w.ID)
		}
		switch w.Op {
		case "addRelationship":
			if f.from != w.From || f.to != w.To || f.src != w.Src {
				rep.wrong = append(rep.wrong, fmt.Sprintf("%s: %s->%s citing %s, acknowledged %s->%s citing %s", w.ID, f.from, f.to, f.src, w.From, w.To, w.Src))
			}
		case "createAllegation":
			if f.from != w.From || f.src != w.Src {
				rep.wrong = append(rep.wrong, fmt.Sprintf("%s: against %s citing %s, acknowledged against %s citing %s", w.ID, f.from, f.src, w.From, w.Src))
			}
		case "createActor":
			if f.src != w.Src {
				rep.wrong = append(rep.wrong, fmt.Sprintf("%s: cites %s, acknowledged citing %s", w.ID, f.src, w.Src))
			}
		}
	}
	if len(forbidden) > 0 {
		recs, err := b.query(ctx, `UNWIND $ids AS id MATCH (n {id: id}) RETURN n.id AS id`, map[string]any{"ids": forbidden})
		if err != nil {
			return rep, err
		}
		for _, r := range recs {
			rep.forbiddenFound = append(rep.forbiddenFound, r["id"].(string))
		}
	}
	return rep, nil
}

// halfWritten looks for facts that only part of a write left behind: an allegation
// without anyone accused, without a source, title or status; an actor or source with its
// id alone; a relationship whose ends are not both actors or that cites nothing; and an
// audit trail with gaps or a counter out of step.
func halfWritten(ctx context.Context, b *db) ([]string, error) {
	var types []string
	for _, t := range ag.RelTypes {
		types = append(types, string(t))
	}
	checks := []struct{ what, cypher string }{
		{"allegation accusing nobody (no AGAINST)", `MATCH (a:Allegation) WHERE NOT (a)-[:AGAINST]->(:Actor) RETURN a.id AS id LIMIT 20`},
		{"allegation without title, source or status", `MATCH (a:Allegation) WHERE a.title IS NULL OR NOT (a)-[:SUPPORTED_BY]->(:Source)
			OR NOT (a)-[:HAS_STATUS]->(:StatusChange) OR a.status IS NULL RETURN a.id AS id LIMIT 20`},
		{"actor with its id alone (no name, kind or source)", `MATCH (n:Actor) WHERE n.name IS NULL OR size(labels(n)) < 2
			OR NOT (n)-[:SUPPORTED_BY]->(:Source) RETURN n.id AS id LIMIT 20`},
		{"source with neither url nor title", `MATCH (s:Source) WHERE s.url IS NULL AND s.title IS NULL RETURN s.id AS id LIMIT 20`},
		{"relationship without both ends, or citing nothing", `MATCH (f)-[r]->(t) WHERE type(r) IN $types
			AND (NOT (f:Actor OR f:Deleted) OR NOT (t:Actor OR t:Deleted) OR r.id IS NULL OR r.sources IS NULL OR size(r.sources) = 0)
			RETURN coalesce(r.id, elementId(r)) AS id LIMIT 20`},
		{"relationship citing a source that does not exist", `MATCH ()-[r]->() WHERE type(r) IN $types
			AND any(s IN r.sources WHERE NOT EXISTS { MATCH (:Source {id: s}) } AND NOT EXISTS { MATCH (:Deleted {id: s}) })
			RETURN r.id AS id LIMIT 20`},
		{"status change hanging from no allegation", `MATCH (s:StatusChange) WHERE NOT ()-[:HAS_STATUS]->(s) RETURN s.id AS id LIMIT 20`},
		{"audit trail with a gap or a counter out of step", `MATCH (c:Change) WITH count(DISTINCT c.seq) AS n, min(c.seq) AS lo, max(c.seq) AS hi
			OPTIONAL MATCH (k:Counter {name: 'changes'})
			WITH n, lo, hi, k WHERE n > 0 AND (hi - lo + 1 <> n OR lo <> 1 OR k.seq <> hi)
			RETURN 'changes ' + toString(n) + ' distinct seq in ' + toString(lo) + '..' + toString(hi) + ', counter ' + toString(k.seq) AS id`},
	}
	var problems []string
	for _, c := range checks {
		recs, err := b.query(ctx, c.cypher, map[string]any{"types": types})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			problems = append(problems, fmt.Sprintf("%s: %v", c.what, r["id"]))
		}
	}
	return problems, nil
}
