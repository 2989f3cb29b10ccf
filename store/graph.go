package store

import (
	"context"
	"strconv"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// MaxRelationships is the most relationships one actor's list returns.
const MaxRelationships = 500

// RelQuery selects an actor's relationships.
type RelQuery struct {
	Types     []ag.RelType // none: all types
	Direction string       // "OUTGOING", "INCOMING" or "BOTH"
	AsOf      ag.Date      // only those that held on this date, if set
	First     int
}

// Key identifies a RelQuery for batching: queries with equal keys share a round trip.
func (q RelQuery) Key() string {
	return strings.Join(toStrings(q.Types), ",") + "|" + q.Direction + "|" + string(q.AsOf) + "|" + strconv.Itoa(q.First)
}

// RelationshipsOf returns, for each actor id, its relationships selected by q, oldest first,
// and the actors at their other ends: a nested level that asks for them (relationships
// { to { name } }) then needs no round trip of its own.
func (s *Store) RelationshipsOf(ctx context.Context, actorIDs []string, q RelQuery) (rels map[string][]*ag.Relationship, ends map[string]*ag.Actor, err error) {
	params := map[string]any{"ids": actorIDs}
	call, err := relationshipsCall(q, params, "out", ag.AllActorFields)
	if err != nil {
		return nil, nil, err
	}
	recs, err := s.read(ctx, "UNWIND $ids AS pid MATCH (a:Actor {id: pid}) "+call+" RETURN pid, out", params)
	if err != nil {
		return nil, nil, err
	}
	rels = map[string][]*ag.Relationship{}
	var along Along
	for _, r := range recs {
		rels[str(r["pid"])] = decodeRels(r["out"], &along)
	}
	return rels, along.Actors, nil
}

// relationshipsCall returns a subquery over actor `a` that yields, as out, a's relationships
// selected by q, each with the actor at its other end, adding its parameters to params. A
// subquery per actor lets Neo4j keep the first q.First of each actor's list rather than
// sort and collect all of a hub's.
func relationshipsCall(q RelQuery, params map[string]any, out string, ends ag.ActorFields) (string, error) {
	if q.First < 1 || q.First > MaxRelationships {
		return "", ag.Invalid("first", "first must be between 1 and %d", MaxRelationships)
	}
	rel := "[r" + relTypes(q.Types) + "]"
	pattern := "(a)-" + rel + "-(b:Actor)"
	switch q.Direction {
	case "OUTGOING":
		pattern = "(a)-" + rel + "->(b:Actor)"
	case "INCOMING":
		pattern = "(a)<-" + rel + "-(b:Actor)"
	}
	params["limit"] = q.First
	var where []string
	if q.AsOf != "" {
		where = append(where, activeOn("r", "$asOf"))
		params["asOf"] = string(q.AsOf)
	}
	return "CALL (a) { MATCH " + pattern + whereClause(where) +
		" WITH r, b ORDER BY coalesce(r.since, ''), r.id LIMIT $limit" +
		" RETURN collect({r: " + relProjection + ", b: " + actorProjectionOf("b", ends) + "}) AS " + out + " }", nil
}

// decodeRels reads what relationshipsCall yields, adding the actors at the other ends to along.
func decodeRels(v any, along *Along) []*ag.Relationship {
	var rels []*ag.Relationship
	for _, x := range list(v) {
		m := obj(x)
		rels = append(rels, decodeRel(m["r"]))
		along.addActor(decodeActor(m["b"]))
	}
	return rels
}

// relTypes is the type expression of a relationship pattern, ":MEMBER_OF|ALLIED_WITH", for
// the given types (all if none): typed patterns let Neo4j expand only those relationships.
// Types come from the closed enum and are checked again here, so nothing else is spliced.
func relTypes(types []ag.RelType) string {
	var names []string
	for _, t := range types {
		if t.Valid() {
			names = append(names, string(t))
		}
	}
	if len(names) == 0 {
		names = toStrings(ag.RelTypes)
	}
	return ":" + strings.Join(names, "|")
}

// relByIDQuery looks a relationship up by id in each type's uniqueness index; a single
// untyped lookup would scan every relationship.
var relByIDQuery = func() string {
	parts := make([]string, len(ag.RelTypes))
	for i, t := range ag.RelTypes {
		parts[i] = "MATCH (:Actor)-[r:" + string(t) + " {id: id}]->(:Actor) RETURN r"
	}
	return "UNWIND $ids AS id CALL (id) { " + strings.Join(parts, " UNION ") + " } RETURN collect({r: " + relProjection + "}) AS " + packedRows
}()

// RelationshipsByID returns the relationships with the given ids that exist.
func (s *Store) RelationshipsByID(ctx context.Context, ids []string) (map[string]*ag.Relationship, error) {
	return relationshipsByID(ctx, s, ids)
}

func relationshipsByID(ctx context.Context, q querier, ids []string) (map[string]*ag.Relationship, error) {
	recs, err := q.query(ctx, relByIDQuery, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ag.Relationship, len(recs))
	for _, r := range recs {
		rel := decodeRel(r["r"])
		out[rel.ID] = rel
	}
	return out, nil
}

// NodeKind says what an id names: "Actor", "Allegation", "Event", "Source", "Dispute",
// "Relationship", or "" for nothing (deleted things included).
func (s *Store) NodeKind(ctx context.Context, id string) (string, error) {
	kind, err := nodeKind(ctx, s, id)
	if kind == kindDeleted {
		kind = ""
	}
	return kind, err
}

// kindDeleted is what nodeKind says of a soft-deleted node or relationship.
const kindDeleted = "Deleted"

// nodeKindQuery asks each label's and each relationship type's id index in turn.
var nodeKindQuery = func() string {
	var parts []string
	for _, l := range []string{kindActor, kindAllegation, kindEvent, kindSource, "Dispute", kindDeleted} {
		parts = append(parts, "MATCH (n:"+l+" {id: $id}) RETURN '"+l+"' AS kind")
	}
	for _, t := range ag.RelTypes {
		parts = append(parts, "MATCH (:Actor)-[r:"+string(t)+" {id: $id}]->(:Actor) RETURN '"+kindRelationship+"' AS kind")
	}
	return "CALL { " + strings.Join(parts, " UNION ") + " } RETURN kind LIMIT 1"
}()

// nodeKind is NodeKind that also reports soft-deleted ids, as "Deleted".
func nodeKind(ctx context.Context, q querier, id string) (string, error) {
	recs, err := q.query(ctx, nodeKindQuery, map[string]any{"id": id})
	if err != nil || len(recs) == 0 {
		return "", err
	}
	return str(recs[0]["kind"]), nil
}

// Events are listed oldest first (undated last), then by id.
const eventKey = "coalesce(e.date, '9999')"

func eventWhere(f ag.EventFilter, params map[string]any) ([]string, error) {
	var where []string
	if f.Actor != "" {
		params["fActor"] = f.Actor // eventMatch starts from the actor
	}
	if len(f.Types) > 0 {
		where = append(where, "e.type IN $fTypes")
		params["fTypes"] = f.Types
	}
	if f.From != "" {
		where = append(where, "(coalesce(e.endDate, e.date) >= $fFrom OR $fFrom STARTS WITH coalesce(e.endDate, e.date))")
		params["fFrom"] = string(f.From)
	}
	if f.To != "" {
		where = append(where, "(e.date <= $fTo OR $fTo STARTS WITH e.date)")
		params["fTo"] = string(f.To)
	}
	if f.From != "" && f.To != "" && f.To.Before(f.From) {
		return nil, ag.Invalid("filter.to", "to is before from")
	}
	if f.Text != "" {
		cond, err := textCondition("e", "filter.text", f.Text, params)
		if err != nil {
			return nil, err
		}
		where = append(where, cond)
	}
	return where, nil
}

// eventMatch starts a statement over the events f can match: an actor's events from the
// actor, the others from the label.
func eventMatch(f ag.EventFilter) string {
	if f.Actor == "" {
		return "MATCH (e:Event)"
	}
	m := "MATCH (:Actor {id: $fActor})-[:PARTICIPATED_IN]->(e:Event) WITH DISTINCT e"
	if f.Text != "" {
		m += ", textHits"
	}
	return m
}

// Events returns a page of events matching f, as a timeline.
func (s *Store) Events(ctx context.Context, f ag.EventFilter, p Page) (Result[*ag.Event], error) {
	if err := checkPage(p); err != nil {
		return Result[*ag.Event]{}, err
	}
	params := map[string]any{"limit": p.First + 1}
	where, err := eventWhere(f, params)
	if err != nil {
		return Result[*ag.Event]{}, err
	}
	key, err := decodeCursor(p.After, "EVENT", 2)
	if err != nil {
		return Result[*ag.Event]{}, err
	}
	if key != nil {
		where = append(where, "("+eventKey+" > $afterKey OR ("+eventKey+" = $afterKey AND e.id > $afterId))")
		params["afterKey"], params["afterId"] = key[0], key[1]
	}
	recs, err := s.readChecked(ctx, filterActors{"filter.actor": {f.Actor}}, textPrelude("event_search", params)+eventMatch(f)+whereClause(where)+
		" WITH e ORDER BY "+eventKey+", e.id LIMIT $limit RETURN "+eventProjection+" AS e ORDER BY "+eventKey+", e.id", params, noRows)
	if err != nil {
		return Result[*ag.Event]{}, err
	}
	items := make([]*ag.Event, len(recs))
	for i, r := range recs {
		items[i] = decodeEvent(r["e"])
	}
	return paginate(items, p.First, "EVENT", func(e *ag.Event) []any {
		k := string(e.Date)
		if k == "" {
			k = "9999"
		}
		return []any{k, e.ID}
	}), nil
}

// CountEvents counts the events matching f.
func (s *Store) CountEvents(ctx context.Context, f ag.EventFilter) (int, error) {
	params := map[string]any{}
	where, err := eventWhere(f, params)
	if err != nil {
		return 0, err
	}
	recs, err := s.readChecked(ctx, filterActors{"filter.actor": {f.Actor}},
		textPrelude("event_search", params)+eventMatch(f)+whereClause(where)+" RETURN count(e) AS n", params, noCount)
	if err != nil {
		return 0, err
	}
	return toInt(recs[0]["n"]), nil
}

// EventsByID returns the events with the given ids that exist.
func (s *Store) EventsByID(ctx context.Context, ids []string) (map[string]*ag.Event, error) {
	return eventsByID(ctx, s, ids)
}

func eventsByID(ctx context.Context, q querier, ids []string) (map[string]*ag.Event, error) {
	recs, err := q.query(ctx, "UNWIND $ids AS id MATCH (e:Event {id: id}) RETURN collect({e: "+eventProjection+"}) AS "+packedRows, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ag.Event, len(recs))
	for _, r := range recs {
		e := decodeEvent(r["e"])
		out[e.ID] = e
	}
	return out, nil
}

// ParticipationsOfActors returns, for each actor id, its part in events, oldest event first.
func (s *Store) ParticipationsOfActors(ctx context.Context, actorIDs []string, first int) (map[string][]*ag.Participation, error) {
	if first < 1 || first > MaxPage {
		return nil, ag.Invalid("first", "first must be between 1 and %d", MaxPage)
	}
	recs, err := s.read(ctx, `UNWIND $ids AS pid MATCH (a:Actor {id: pid})-[p:PARTICIPATED_IN]->(e:Event)
		WITH pid, p, e ORDER BY `+eventKey+`, e.id
		WITH pid, collect({event: e.id, role: p.role})[..$first] AS ps
		UNWIND ps AS p RETURN collect({pid: pid, p: p}) AS `+packedRows, map[string]any{"ids": actorIDs, "first": first})
	if err != nil {
		return nil, err
	}
	out := map[string][]*ag.Participation{}
	for _, r := range recs {
		pid, m := str(r["pid"]), obj(r["p"])
		out[pid] = append(out[pid], &ag.Participation{ActorID: pid, EventID: str(m["event"]), Role: str(m["role"])})
	}
	return out, nil
}

// ParticipantsOfEvents returns, for each event id, who took part, by actor id.
func (s *Store) ParticipantsOfEvents(ctx context.Context, eventIDs []string) (map[string][]*ag.Participation, error) {
	return participantsOfEvents(ctx, s, eventIDs)
}

func participantsOfEvents(ctx context.Context, q querier, eventIDs []string) (map[string][]*ag.Participation, error) {
	recs, err := q.query(ctx, `UNWIND $ids AS id MATCH (a:Actor)-[p:PARTICIPATED_IN]->(e:Event {id: id})
		WITH id, a.id AS actor, p.role AS role ORDER BY id, actor
		RETURN collect({id: id, actor: actor, role: role}) AS `+packedRows, map[string]any{"ids": eventIDs})
	if err != nil {
		return nil, err
	}
	out := map[string][]*ag.Participation{}
	for _, r := range recs {
		id := str(r["id"])
		out[id] = append(out[id], &ag.Participation{EventID: id, ActorID: str(r["actor"]), Role: str(r["role"])})
	}
	return out, nil
}

// SourcesByID returns the sources with the given ids that exist.
func (s *Store) SourcesByID(ctx context.Context, ids []string) (map[string]*ag.Source, error) {
	return sourcesByID(ctx, s, ids)
}

func sourcesByID(ctx context.Context, q querier, ids []string) (map[string]*ag.Source, error) {
	recs, err := q.query(ctx, "UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN collect({s: "+sourceProjection+"}) AS "+packedRows, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ag.Source, len(recs))
	for _, r := range recs {
		src := decodeSource(r["s"])
		out[src.ID] = src
	}
	return out, nil
}

func sourceWhere(f ag.SourceFilter, params map[string]any) ([]string, error) {
	var where []string
	if f.MinReliability != "" {
		if err := ag.ValidGrade(f.MinReliability, 0); err != nil {
			return nil, ag.Invalid("filter.minReliability", "%v", err)
		}
		where = append(where, "s.reliability IS NOT NULL AND s.reliability <= $fRel")
		params["fRel"] = f.MinReliability
	}
	if f.MaxCredibility != 0 {
		if err := ag.ValidGrade("", f.MaxCredibility); err != nil || f.MaxCredibility < 1 {
			return nil, ag.Invalid("filter.maxCredibility", "credibility is graded 1 to 6")
		}
		where = append(where, "s.credibility IS NOT NULL AND s.credibility <= $fCred")
		params["fCred"] = f.MaxCredibility
	}
	return where, nil
}

// Sources returns a page of sources matching f, by id.
func (s *Store) Sources(ctx context.Context, f ag.SourceFilter, p Page) (Result[*ag.Source], error) {
	if err := checkPage(p); err != nil {
		return Result[*ag.Source]{}, err
	}
	params := map[string]any{"limit": p.First + 1}
	where, err := sourceWhere(f, params)
	if err != nil {
		return Result[*ag.Source]{}, err
	}
	key, err := decodeCursor(p.After, "SOURCE", 1)
	if err != nil {
		return Result[*ag.Source]{}, err
	}
	if key != nil {
		where = append(where, "s.id > $afterId")
		params["afterId"] = key[0]
	}
	recs, err := s.read(ctx, "MATCH (s:Source)"+whereClause(where)+" WITH s ORDER BY s.id LIMIT $limit RETURN collect({s: "+sourceProjection+"}) AS "+packedRows, params)
	if err != nil {
		return Result[*ag.Source]{}, err
	}
	items := make([]*ag.Source, len(recs))
	for i, r := range recs {
		items[i] = decodeSource(r["s"])
	}
	return paginate(items, p.First, "SOURCE", func(s *ag.Source) []any { return []any{s.ID} }), nil
}

// CountSources counts the sources matching f.
func (s *Store) CountSources(ctx context.Context, f ag.SourceFilter) (int, error) {
	params := map[string]any{}
	where, err := sourceWhere(f, params)
	if err != nil {
		return 0, err
	}
	recs, err := s.read(ctx, "MATCH (s:Source)"+whereClause(where)+" RETURN count(s) AS n", params)
	if err != nil {
		return 0, err
	}
	return toInt(recs[0]["n"]), nil
}

// DisputesAbout returns, for each subject id, the disputes about it.
func (s *Store) DisputesAbout(ctx context.Context, subjectIDs []string) (map[string][]*ag.Dispute, error) {
	recs, err := s.read(ctx, "UNWIND $ids AS id MATCH (d:Dispute {subjectId: id}) WITH d ORDER BY d.id RETURN collect({d: "+disputeProjection+"}) AS "+packedRows,
		map[string]any{"ids": subjectIDs})
	if err != nil {
		return nil, err
	}
	out := map[string][]*ag.Dispute{}
	for _, r := range recs {
		d := decodeDispute(r["d"])
		out[d.SubjectID] = append(out[d.SubjectID], d)
	}
	return out, nil
}

// DisputesByID returns the disputes with the given ids that exist.
func (s *Store) DisputesByID(ctx context.Context, ids []string) (map[string]*ag.Dispute, error) {
	return disputesByID(ctx, s, ids)
}

func disputesByID(ctx context.Context, q querier, ids []string) (map[string]*ag.Dispute, error) {
	recs, err := q.query(ctx, "UNWIND $ids AS id MATCH (d:Dispute {id: id}) RETURN collect({d: "+disputeProjection+"}) AS "+packedRows, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ag.Dispute, len(recs))
	for _, r := range recs {
		d := decodeDispute(r["d"])
		out[d.ID] = d
	}
	return out, nil
}

// Disputes returns a page of all disputes, by id.
func (s *Store) Disputes(ctx context.Context, p Page) (Result[*ag.Dispute], error) {
	if err := checkPage(p); err != nil {
		return Result[*ag.Dispute]{}, err
	}
	params := map[string]any{"limit": p.First + 1}
	var where []string
	key, err := decodeCursor(p.After, "DISPUTE", 1)
	if err != nil {
		return Result[*ag.Dispute]{}, err
	}
	if key != nil {
		where = append(where, "d.id > $afterId")
		params["afterId"] = key[0]
	}
	recs, err := s.read(ctx, "MATCH (d:Dispute)"+whereClause(where)+" WITH d ORDER BY d.id LIMIT $limit RETURN collect({d: "+disputeProjection+"}) AS "+packedRows, params)
	if err != nil {
		return Result[*ag.Dispute]{}, err
	}
	items := make([]*ag.Dispute, len(recs))
	for i, r := range recs {
		items[i] = decodeDispute(r["d"])
	}
	return paginate(items, p.First, "DISPUTE", func(d *ag.Dispute) []any { return []any{d.ID} }), nil
}

// CountDisputes counts all disputes.
func (s *Store) CountDisputes(ctx context.Context) (int, error) {
	recs, err := s.read(ctx, "MATCH (d:Dispute) RETURN count(d) AS n", nil)
	if err != nil {
		return 0, err
	}
	return toInt(recs[0]["n"]), nil
}
