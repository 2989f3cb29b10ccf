package store

import (
	"context"
	"slices"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// Allegations are listed newest first by the start of the alleged conduct (unknown starts
// last), then by id. The sort key is this expression; ” sorts after every date when
// descending.
const allegationKey = "coalesce(al.periodStart, '')"

// allegationWhere turns a filter into WHERE conditions on `al`. A statement using them
// starts with textPrelude("allegation_search", params).
func allegationWhere(f ag.AllegationFilter, params map[string]any) []string {
	var where []string
	if f.Text != "" {
		// checkAllegationFilter has already vetted the text.
		cond, _ := textCondition("al", "filter.text", f.Text, params)
		where = append(where, cond)
	}
	if len(f.Accused) > 0 {
		where = append(where, "EXISTS { MATCH (al)-[:AGAINST]->(x:Actor) WHERE x.id IN $fAccused }")
		params["fAccused"] = f.Accused
	}
	if len(f.Accuser) > 0 {
		where = append(where, "EXISTS { MATCH (al)<-[:MADE]-(x:Actor) WHERE x.id IN $fAccuser }")
		params["fAccuser"] = f.Accuser
	}
	if len(f.Court) > 0 {
		where = append(where, "EXISTS { MATCH (al)-[:LODGED_WITH]->(x:Actor) WHERE x.id IN $fCourt }")
		params["fCourt"] = f.Court
	}
	if len(f.Categories) > 0 {
		where = append(where, "any(c IN al.categories WHERE c IN $fCategories)")
		params["fCategories"] = toStrings(f.Categories)
	}
	if len(f.Statuses) > 0 {
		where = append(where, "al.status IN $fStatuses")
		params["fStatuses"] = toStrings(f.Statuses)
	}
	if f.Period != nil && (f.Period.From != "" || f.Period.To != "") {
		// An allegation whose period is wholly unknown cannot be said to overlap anything.
		where = append(where, "coalesce(al.periodStart, al.periodEnd) IS NOT NULL")
		// Overlap: the allegation's period [start, end] meets [from, to]. An unknown start
		// or end is open. A partial end date covers its whole year or month, hence the
		// prefix test beside the comparison.
		if f.Period.To != "" {
			where = append(where, "(al.periodStart IS NULL OR al.periodStart <= $fTo OR $fTo STARTS WITH al.periodStart)")
			params["fTo"] = string(f.Period.To)
		}
		if f.Period.From != "" {
			where = append(where, "(al.periodEnd IS NULL OR al.periodEnd >= $fFrom OR $fFrom STARTS WITH al.periodEnd)")
			params["fFrom"] = string(f.Period.From)
		}
	}
	if f.Place != "" {
		where = append(where, "any(p IN al.places WHERE toLower(p) CONTAINS $fPlace)")
		params["fPlace"] = strings.ToLower(f.Place)
	}
	return where
}

func toStrings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// allegationMatch starts a statement over the allegations f can match. With parties or courts
// in the filter it starts from those actors, an index lookup and a short walk, rather than
// from every allegation (a hub faces thousands; the graph holds a hundred thousand). The
// filter's conditions still apply in full after it.
func allegationMatch(f ag.AllegationFilter, params map[string]any) string {
	carry := ""
	if _, ok := params["textQuery"]; ok {
		carry = ", textHits"
	}
	switch {
	case len(f.Accused) > 0:
		return "UNWIND $fAccused AS xid MATCH (:Actor {id: xid})<-[:AGAINST]-(al:Allegation) WITH DISTINCT al" + carry
	case len(f.Accuser) > 0:
		return "UNWIND $fAccuser AS xid MATCH (:Actor {id: xid})-[:MADE]->(al:Allegation) WITH DISTINCT al" + carry
	case len(f.Court) > 0:
		return "UNWIND $fCourt AS xid MATCH (:Actor {id: xid})<-[:LODGED_WITH]-(al:Allegation) WITH DISTINCT al" + carry
	}
	return "MATCH (al:Allegation)"
}

// checkAllegationFilter validates what the schema's types cannot. That the actors it names
// exist is checked with the read (readChecked, allegationFilterActors).
func checkAllegationFilter(f ag.AllegationFilter) error {
	if f.Period != nil && f.Period.From != "" && f.Period.To != "" && f.Period.To.Before(f.Period.From) {
		return ag.Invalid("filter.period", "period.to is before period.from")
	}
	if f.Text != "" {
		if _, err := textCondition("al", "filter.text", f.Text, map[string]any{}); err != nil {
			return err
		}
	}
	return nil
}

func allegationFilterActors(f ag.AllegationFilter) filterActors {
	return filterActors{"filter.accused": f.Accused, "filter.accuser": f.Accuser, "filter.court": f.Court}
}

// keyset adds the "after the cursor" condition for allegations and returns the order name.
func allegationKeyset(p Page, where []string, params map[string]any) ([]string, error) {
	key, err := decodeCursor(p.After, "ALLEGATION", 2)
	if err != nil {
		return nil, err
	}
	if key != nil {
		where = append(where, "("+allegationKey+" < $afterKey OR ("+allegationKey+" = $afterKey AND al.id > $afterId))")
		params["afterKey"], params["afterId"] = key[0], key[1]
	}
	return where, nil
}

func allegationCursorKey(a *ag.Allegation) []any { return []any{string(a.PeriodStart), a.ID} }

// Allegations returns a page of the allegations matching f.
func (s *Store) Allegations(ctx context.Context, f ag.AllegationFilter, p Page) (Result[*ag.Allegation], error) {
	if err := checkPage(p); err != nil {
		return Result[*ag.Allegation]{}, err
	}
	if err := checkAllegationFilter(f); err != nil {
		return Result[*ag.Allegation]{}, err
	}
	params := map[string]any{"limit": p.First + 1}
	where, err := allegationKeyset(p, allegationWhere(f, params), params)
	if err != nil {
		return Result[*ag.Allegation]{}, err
	}
	recs, err := s.readChecked(ctx, allegationFilterActors(f), textPrelude("allegation_search", params)+allegationMatch(f, params)+whereClause(where)+
		" WITH al ORDER BY "+allegationKey+" DESC, al.id LIMIT $limit"+
		" RETURN "+allegationProjection+" AS al ORDER BY "+allegationKey+" DESC, al.id", params, noRows)
	if err != nil {
		return Result[*ag.Allegation]{}, err
	}
	items := make([]*ag.Allegation, len(recs))
	for i, r := range recs {
		items[i] = decodeAllegation(r["al"])
	}
	return paginate(items, p.First, "ALLEGATION", allegationCursorKey), nil
}

// CountAllegations counts the allegations matching f.
func (s *Store) CountAllegations(ctx context.Context, f ag.AllegationFilter) (int, error) {
	if err := checkAllegationFilter(f); err != nil {
		return 0, err
	}
	params := map[string]any{}
	where := allegationWhere(f, params)
	recs, err := s.readChecked(ctx, allegationFilterActors(f),
		textPrelude("allegation_search", params)+allegationMatch(f, params)+whereClause(where)+" RETURN count(al) AS n", params, noCount)
	if err != nil {
		return 0, err
	}
	return toInt(recs[0]["n"]), nil
}

// PartyRole is how an actor stands to an allegation.
type PartyRole string

// The ways an actor stands to an allegation, with the graph pattern of each.
const (
	Accused  PartyRole = "AGAINST"     // (al)-[:AGAINST]->(actor)
	Accuser  PartyRole = "MADE"        // (actor)-[:MADE]->(al)
	LodgedAt PartyRole = "LODGED_WITH" // (al)-[:LODGED_WITH]->(court)
)

func (r PartyRole) pattern() string {
	switch r {
	case Accuser:
		return "(x:Actor {id: pid})-[:MADE]->(al:Allegation)"
	case LodgedAt:
		return "(x:Actor {id: pid})<-[:LODGED_WITH]-(al:Allegation)"
	}
	return "(x:Actor {id: pid})<-[:AGAINST]-(al:Allegation)"
}

// AllegationsOf returns, for each actor id, one page of the allegations in which it stands in
// role, filtered by f: the same page for every actor, fetched in one round trip. This is
// what lets a page of actors show their allegations without one query per actor.
func (s *Store) AllegationsOf(ctx context.Context, role PartyRole, actorIDs []string, f ag.AllegationFilter, p Page) (map[string]Result[*ag.Allegation], error) {
	if err := checkPage(p); err != nil {
		return nil, err
	}
	if err := checkAllegationFilter(f); err != nil {
		return nil, err
	}
	// Several actors' pages at once: one empty page proves nothing, so the check comes first.
	if err := s.requireFilterActors(ctx, allegationFilterActors(f)); err != nil {
		return nil, err
	}
	params := map[string]any{"ids": actorIDs, "limit": p.First + 1}
	where, err := allegationKeyset(p, allegationWhere(f, params), params)
	if err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, textPrelude("allegation_search", params)+"UNWIND $ids AS pid MATCH "+role.pattern()+whereClause(where)+
		" WITH pid, al ORDER BY "+allegationKey+" DESC, al.id"+
		" WITH pid, collect(al)[..$limit] AS als UNWIND als AS al"+
		" RETURN pid, "+allegationProjection+" AS al", params)
	if err != nil {
		return nil, err
	}
	byActor := map[string][]*ag.Allegation{}
	for _, r := range recs {
		pid := str(r["pid"])
		byActor[pid] = append(byActor[pid], decodeAllegation(r["al"]))
	}
	out := make(map[string]Result[*ag.Allegation], len(actorIDs))
	for _, id := range actorIDs {
		out[id] = paginate(byActor[id], p.First, "ALLEGATION", allegationCursorKey)
	}
	return out, nil
}

// CountAllegationsOf counts, for each actor id, the allegations in which it stands in role.
func (s *Store) CountAllegationsOf(ctx context.Context, role PartyRole, actorIDs []string, f ag.AllegationFilter) (map[string]int, error) {
	params := map[string]any{"ids": actorIDs}
	where := allegationWhere(f, params)
	recs, err := s.read(ctx, textPrelude("allegation_search", params)+"UNWIND $ids AS pid OPTIONAL MATCH "+role.pattern()+
		whereClause(where)+" RETURN pid, count(al) AS n", params)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(recs))
	for _, r := range recs {
		out[str(r["pid"])] = toInt(r["n"])
	}
	return out, nil
}

// AllegationsByID returns the allegations with the given ids that exist.
func (s *Store) AllegationsByID(ctx context.Context, ids []string) (map[string]*ag.Allegation, error) {
	return allegationsByID(ctx, s, ids)
}

func allegationsByID(ctx context.Context, q querier, ids []string) (map[string]*ag.Allegation, error) {
	recs, err := q.query(ctx, "UNWIND $ids AS id MATCH (al:Allegation {id: id}) RETURN "+allegationProjection+" AS al",
		map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ag.Allegation, len(recs))
	for _, r := range recs {
		a := decodeAllegation(r["al"])
		out[a.ID] = a
	}
	return out, nil
}

// Details of allegations: parties, courts and status history, for many allegations at once.
type Details struct {
	Accusers      []*ag.Party        `json:"accusers"`
	Accused       []*ag.Party        `json:"accused"`
	Lodgings      []*ag.Lodging      `json:"courts"`
	StatusHistory []*ag.StatusChange `json:"statusHistory"`
}

// AllegationDetails returns the parties, courts and status history of each allegation, in
// one round trip for all of them.
func (s *Store) AllegationDetails(ctx context.Context, ids []string) (map[string]*Details, error) {
	return allegationDetails(ctx, s, ids)
}

func allegationDetails(ctx context.Context, q querier, ids []string) (map[string]*Details, error) {
	recs, err := q.query(ctx, `UNWIND $ids AS id MATCH (al:Allegation {id: id})
		RETURN id,
		  [(x:Actor)-[m:MADE]->(al) | {actor: x.id, role: m.role, date: m.date}] AS accusers,
		  [(al)-[g:AGAINST]->(x:Actor) | {actor: x.id, role: g.role}] AS accused,
		  [(al)-[l:LODGED_WITH]->(c:Actor) | {court: c.id, date: l.date, reference: l.reference}] AS courts,
		  [(al)-[:HAS_STATUS]->(sc:StatusChange) | sc {.status, .date, .note, .seq,
		     sourceIds: [(sc)-[:SUPPORTED_BY]->(src:Source) | src.id]}] AS history`,
		map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*Details, len(recs))
	for _, r := range recs {
		id := str(r["id"])
		d := &Details{}
		for _, v := range list(r["accusers"]) {
			m := obj(v)
			d.Accusers = append(d.Accusers, &ag.Party{AllegationID: id, ActorID: str(m["actor"]), Accuser: true, Role: str(m["role"]), Date: date(m["date"])})
		}
		for _, v := range list(r["accused"]) {
			m := obj(v)
			d.Accused = append(d.Accused, &ag.Party{AllegationID: id, ActorID: str(m["actor"]), Role: str(m["role"])})
		}
		for _, v := range list(r["courts"]) {
			m := obj(v)
			d.Lodgings = append(d.Lodgings, &ag.Lodging{AllegationID: id, CourtID: str(m["court"]), Date: date(m["date"]), Reference: str(m["reference"])})
		}
		hist := list(r["history"])
		d.StatusHistory = make([]*ag.StatusChange, len(hist))
		for _, v := range hist {
			m := obj(v)
			if i := toInt(m["seq"]); i >= 0 && i < len(hist) {
				d.StatusHistory[i] = &ag.StatusChange{AllegationID: id, Status: ag.Status(str(m["status"])),
					Date: date(m["date"]), Note: str(m["note"]), SourceIDs: sourceSet(m["sourceIds"])}
			}
		}
		sortParties(d.Accusers)
		sortParties(d.Accused)
		out[id] = d
	}
	return out, nil
}

// sortParties orders parties by actor id so that answers are stable.
func sortParties(ps []*ag.Party) {
	slices.SortFunc(ps, func(a, b *ag.Party) int { return strings.Compare(a.ActorID, b.ActorID) })
}
