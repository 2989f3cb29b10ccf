package store

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	ag "github.com/actorgraph/actorgraph"
)

// Load writes a Dataset in one transaction: all of it or none of it. Every node and
// relationship is MERGEd on its id and its properties replaced, and links that the Dataset
// no longer states (sources, parties, claims, status entries) are removed, so loading the
// same Dataset twice changes nothing and loading an edited one converges on it.
//
// Statements are grouped by label and relationship type, each an UNWIND over all rows of
// its group, so the number of round trips depends on the number of groups, not of rows.
// A Dataset that breaks the domain's rules, or refers to an actor or source that exists
// neither in it nor in the graph, is refused with INVALID_INPUT and nothing is written.
func (s *Store) Load(ctx context.Context, ds *ag.Dataset) error {
	return s.write(ctx, loadTimeout, func(t *tx) error {
		if err := t.checkDataset(ds); err != nil {
			return err
		}
		return t.load(ds)
	})
}

// loadTimeout bounds one Load (or one chunk of an Import): a chunk of thousands of facts can
// take far longer than a request's statement.
const loadTimeout = 5 * time.Minute

// load writes ds within t. Mutations use it too, so that a fact is written by the same
// statements whether it comes from a seed, an import or an editor.
func (t *tx) load(ds *ag.Dataset) error {
	for _, step := range loadSteps(ds) {
		if len(step.rows) == 0 {
			continue
		}
		if _, err := t.run(step.cypher, map[string]any{"rows": step.rows}); err != nil {
			return err
		}
	}
	return nil
}

type loadStep struct {
	cypher string
	rows   []map[string]any
}

// kindLabels are the labels of the actor kinds. Only live actors carry one (a deleted actor
// keeps its kind in _deletedKind), so Neo4j counts the actors of a kind from its count store.
var kindLabels = labelsOf(ag.Kinds)

// labelsOf returns the labels of the valid kinds among kinds, each once, in order.
func labelsOf(kinds []ag.Kind) []string {
	var ls []string
	for _, k := range kinds {
		if k.Valid() && !slices.Contains(ls, k.Label()) {
			ls = append(ls, k.Label())
		}
	}
	return ls
}

// allKindLabels is "State:Junta:...": removed before setting an actor's one kind label, so a
// kind corrected in the data set does not leave the old label behind.
var allKindLabels = strings.Join(kindLabels, ":")

// mergeNode is the start of a statement that writes one node per row, on its id: MERGE it,
// note whether this made it (fresh), replace its properties, then whatever then adds (its
// kind label), then replace its SUPPORTED_BY links with those to row.sourceIds. A node just
// made has no links to replace: its links are created at once, with no look for old ones, which
// on a bulk import of new facts is a good part of the statement's work. (The mark is a
// property set on creation, which `SET n = row.props` then removes.) Subqueries scoped to one
// row keep the statement streaming: no DISTINCT over rows, no eager buffering of the batch.
func mergeNode(label, then string) string {
	return `UNWIND $rows AS row MERGE (n:` + label + ` {id: row.id}) ON CREATE SET n._fresh = true
  WITH n, row, n._fresh IS NOT NULL AS fresh SET n = row.props` + then + `
  WITH n, row, fresh
  CALL (n, row, fresh) {
    WITH n, row WHERE NOT fresh
    OPTIONAL MATCH (n)-[old:SUPPORTED_BY]->(gone:Source) WHERE NOT gone.id IN row.sourceIds
    DELETE old
  }
  CALL (n, row, fresh) {
    UNWIND row.sourceIds AS sid MATCH (src:Source {id: sid})
    FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END | CREATE (n)-[:SUPPORTED_BY]->(src))
    FOREACH (_ IN CASE WHEN fresh THEN [] ELSE [1] END | MERGE (n)-[:SUPPORTED_BY]->(src))
  }`
}

func loadSteps(ds *ag.Dataset) []loadStep {
	var steps []loadStep
	add := func(cypher string, rows []map[string]any) { steps = append(steps, loadStep{cypher, rows}) }

	var sources []map[string]any
	for _, s := range ds.Sources {
		sources = append(sources, map[string]any{"id": s.ID, "props": props("id", s.ID, "url", s.URL,
			"title", s.Title, "publisher", s.Publisher, "publishedAt", s.PublishedAt,
			"retrievedAt", s.RetrievedAt, "quote", s.Quote, "reliability", s.Reliability,
			"credibility", s.Credibility, "confidential", s.Confidential)})
	}
	add(`UNWIND $rows AS row MERGE (s:Source {id: row.id}) SET s = row.props`, sources)

	byKind := map[ag.Kind][]map[string]any{}
	for _, a := range ds.Actors {
		byKind[a.Kind] = append(byKind[a.Kind], map[string]any{"id": a.ID, "sourceIds": uniqueIDs(a.SourceIDs),
			"props": props("id", a.ID, "name", a.Name, "aliases", a.Aliases, "country", a.Country,
				"description", a.Description, "founded", a.Founded, "dissolved", a.Dissolved)})
	}
	for _, k := range ag.Kinds {
		add(mergeNode("Actor", " REMOVE n:"+allKindLabels+" SET n:"+k.Label()), byKind[k])
	}

	byType := map[ag.RelType][]map[string]any{}
	for _, r := range ds.Relationships {
		byType[r.Type] = append(byType[r.Type], map[string]any{"id": r.ID, "from": r.FromID, "to": r.ToID,
			"props": props("id", r.ID, "since", r.Since, "until", r.Until, "endAnnounced", r.EndAnnounced,
				"status", r.Status, "role", r.Role, "note", r.Note, "sources", r.SourceIDs)})
	}
	for _, t := range ag.RelTypes {
		add(`UNWIND $rows AS row MATCH (f:Actor {id: row.from}), (t:Actor {id: row.to})
			OPTIONAL MATCH ()-[moved:`+string(t)+` {id: row.id}]->() WHERE startNode(moved) <> f OR endNode(moved) <> t
			DELETE moved
			MERGE (f)-[r:`+string(t)+` {id: row.id}]->(t) SET r = row.props`, byType[t])
	}

	var events []map[string]any
	for _, e := range ds.Events {
		events = append(events, map[string]any{"id": e.ID, "sourceIds": uniqueIDs(e.SourceIDs),
			"props": props("id", e.ID, "title", e.Title, "type", e.Type, "date", e.Date, "endDate", e.EndDate,
				"place", e.Place, "country", e.Country, "admin1", e.Admin1, "admin2", e.Admin2,
				"admin3", e.Admin3, "latitude", e.Latitude, "longitude", e.Longitude,
				"fatalities", e.Fatalities, "description", e.Description)})
	}
	add(mergeNode("Event", ""), events)
	parts := map[string][]map[string]any{}
	for _, p := range ds.Participations {
		parts[p.EventID] = append(parts[p.EventID], map[string]any{"actor": p.ActorID, "role": p.Role})
	}
	add(`UNWIND $rows AS row MATCH (e:Event {id: row.id})
		CALL (e) { OPTIONAL MATCH (:Actor)-[old:PARTICIPATED_IN]->(e) DELETE old }
		CALL (e, row) { UNWIND row.parts AS p MATCH (a:Actor {id: p.actor})
		  CREATE (a)-[:PARTICIPATED_IN {role: p.role}]->(e) }`, grouped(parts, "parts"))

	var allegations []map[string]any
	for _, a := range ds.Allegations {
		allegations = append(allegations, map[string]any{"id": a.ID, "sourceIds": uniqueIDs(a.SourceIDs),
			"props": props("id", a.ID, "title", a.Title, "summary", a.Summary,
				"categories", toStrings(a.Categories), "periodStart", a.PeriodStart, "periodEnd", a.PeriodEnd,
				"places", a.Places, "status", string(a.Status))})
	}
	add(mergeNode("Allegation", ""), allegations)

	parties := map[string][]map[string]any{}
	for _, p := range ds.Parties {
		parties[p.AllegationID] = append(parties[p.AllegationID], map[string]any{"actor": p.ActorID,
			"accuser": p.Accuser, "props": props("role", p.Role, "date", p.Date)})
	}
	add(`UNWIND $rows AS row MATCH (al:Allegation {id: row.id})
		CALL (al) { OPTIONAL MATCH (al)-[old:AGAINST]->(:Actor) DELETE old }
		CALL (al) { OPTIONAL MATCH (:Actor)-[old:MADE]->(al) DELETE old }
		CALL (al, row) { UNWIND row.parties AS p MATCH (x:Actor {id: p.actor})
		  FOREACH (_ IN CASE WHEN p.accuser THEN [1] ELSE [] END | CREATE (x)-[m:MADE]->(al) SET m = p.props)
		  FOREACH (_ IN CASE WHEN p.accuser THEN [] ELSE [1] END | CREATE (al)-[g:AGAINST]->(x) SET g = p.props) }`,
		grouped(parties, "parties"))

	lodgings := map[string][]map[string]any{}
	for _, l := range ds.Lodgings {
		lodgings[l.AllegationID] = append(lodgings[l.AllegationID], map[string]any{"court": l.CourtID,
			"props": props("date", l.Date, "reference", l.Reference)})
	}
	add(`UNWIND $rows AS row MATCH (al:Allegation {id: row.id})
		CALL (al) { OPTIONAL MATCH (al)-[old:LODGED_WITH]->(:Actor) DELETE old }
		CALL (al, row) { UNWIND row.courts AS l MATCH (c:Actor {id: l.court})
		  CREATE (al)-[r:LODGED_WITH]->(c) SET r = l.props }`, grouped(lodgings, "courts"))

	history := map[string][]map[string]any{}
	for _, sc := range ds.StatusChanges {
		seq := len(history[sc.AllegationID])
		history[sc.AllegationID] = append(history[sc.AllegationID], map[string]any{
			"id": sc.AllegationID + "/status/" + strconv.Itoa(seq), "sourceIds": uniqueIDs(sc.SourceIDs),
			"props": props("id", sc.AllegationID+"/status/"+strconv.Itoa(seq), "status", string(sc.Status),
				"date", sc.Date, "note", sc.Note, "seq", seq)})
	}
	// seq 0 is written as an explicit property: props drops zero ints.
	add(`UNWIND $rows AS row MATCH (al:Allegation {id: row.id})
		CALL (al) { OPTIONAL MATCH (al)-[:HAS_STATUS]->(old:StatusChange) DETACH DELETE old }
		CALL (al, row) { UNWIND row.entries AS entry
		  CREATE (al)-[:HAS_STATUS]->(n:StatusChange) SET n = entry.props, n.seq = coalesce(entry.props.seq, 0)
		  WITH n, entry UNWIND entry.sourceIds AS sid MATCH (src:Source {id: sid}) CREATE (n)-[:SUPPORTED_BY]->(src) }`,
		grouped(history, "entries"))

	var disputes []map[string]any
	for _, d := range ds.Disputes {
		var claims []map[string]any
		for i, c := range d.Claims {
			claims = append(claims, map[string]any{"sourceIds": uniqueIDs(c.SourceIDs),
				"props": props("id", d.ID+"/claim/"+strconv.Itoa(i), "value", c.Value, "preferred", c.Preferred, "seq", i)})
		}
		disputes = append(disputes, map[string]any{"id": d.ID, "claims": claims,
			"props": props("id", d.ID, "subjectId", d.SubjectID, "field", d.Field, "note", d.Note)})
	}
	add(`UNWIND $rows AS row MERGE (d:Dispute {id: row.id}) SET d = row.props
		WITH d, row
		CALL (d) { OPTIONAL MATCH (d)-[:HAS_CLAIM]->(old:Claim) DETACH DELETE old }
		CALL (d, row) { UNWIND row.claims AS claim
		  CREATE (d)-[:HAS_CLAIM]->(n:Claim) SET n = claim.props, n.seq = coalesce(claim.props.seq, 0),
		    n.preferred = coalesce(claim.props.preferred, false)
		  WITH n, claim UNWIND claim.sourceIds AS sid MATCH (src:Source {id: sid}) CREATE (n)-[:SUPPORTED_BY]->(src) }`,
		disputes)
	return steps
}

// grouped turns per-parent lists into rows {id, <field>: list}, in a stable order.
func grouped(m map[string][]map[string]any, field string) []map[string]any {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	rows := make([]map[string]any, len(keys))
	for i, k := range keys {
		rows[i] = map[string]any{"id": k, field: m[k]}
	}
	return rows
}

// uniqueIDs returns ids without repeats, never nil: a node's links are created once per id.
func uniqueIDs(ids []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(append([]string{}, ids...))))
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
