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
// starts with textPrelude("allegation_search", params). The party condition named by
// implied ("accused", "accuser" or "court") is left out, its parameter kept: the statement's
// MATCH enforces it already (allegationMatch), and testing it again for each of a hub's
// thousands of allegations would cost more than the rest of the statement.
func allegationWhere(f ag.AllegationFilter, params map[string]any, implied string) []string {
	var where []string
	party := func(name, cond, param string, ids []string) {
		if len(ids) == 0 {
			return
		}
		if name != implied {
			where = append(where, cond)
		}
		params[param] = ids
	}
	if f.Text != "" {
		// checkAllegationFilter has already vetted the text.
		cond, _ := textCondition("al", "filter.text", f.Text, params)
		where = append(where, cond)
	}
	party("accused", "EXISTS { MATCH (al)-[:AGAINST]->(x:Actor) WHERE x.id IN $fAccused }", "fAccused", f.Accused)
	party("accuser", "EXISTS { MATCH (al)<-[:MADE]-(x:Actor) WHERE x.id IN $fAccuser }", "fAccuser", f.Accuser)
	party("court", "EXISTS { MATCH (al)-[:LODGED_WITH]->(x:Actor) WHERE x.id IN $fCourt }", "fCourt", f.Court)
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

// allegationMatch starts a statement over the allegations f can match, and returns the
// filter's conditions on them (allegationWhere). With parties or courts in the filter it
// starts from those actors, an index lookup and a short walk, rather than from every
// allegation (a hub faces thousands; the graph holds a hundred thousand).
func allegationMatch(f ag.AllegationFilter, params map[string]any) (string, []string) {
	where := func(implied string) []string { return allegationWhere(f, params, implied) }
	carry := ""
	if f.Text != "" {
		carry = ", textHits"
	}
	switch {
	case len(f.Accused) > 0:
		return "UNWIND $fAccused AS xid MATCH (:Actor {id: xid})<-[:AGAINST]-(al:Allegation) WITH DISTINCT al" + carry, where("accused")
	case len(f.Accuser) > 0:
		return "UNWIND $fAccuser AS xid MATCH (:Actor {id: xid})-[:MADE]->(al:Allegation) WITH DISTINCT al" + carry, where("accuser")
	case len(f.Court) > 0:
		return "UNWIND $fCourt AS xid MATCH (:Actor {id: xid})<-[:LODGED_WITH]-(al:Allegation) WITH DISTINCT al" + carry, where("court")
	}
	return "MATCH (al:Allegation)", where("")
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

// Allegations returns a page of the allegations matching f, and what w asks to bring along.
func (s *Store) Allegations(ctx context.Context, f ag.AllegationFilter, p Page, w With) (Result[*ag.Allegation], Along, error) {
	var along Along
	if err := checkPage(p); err != nil {
		return Result[*ag.Allegation]{}, along, err
	}
	if err := checkAllegationFilter(f); err != nil {
		return Result[*ag.Allegation]{}, along, err
	}
	params := map[string]any{"limit": p.First + 1}
	match, where := allegationMatch(f, params)
	where, err := allegationKeyset(p, where, params)
	if err != nil {
		return Result[*ag.Allegation]{}, along, err
	}
	recs, err := s.readChecked(ctx, allegationFilterActors(f), textPrelude("allegation_search", params)+match+whereClause(where)+
		" WITH al ORDER BY "+allegationKey+" DESC, al.id LIMIT $limit"+
		" RETURN collect({al: "+allegationProjectionWith(w)+"}) AS "+packedRows, params, noRows)
	if err != nil {
		return Result[*ag.Allegation]{}, along, err
	}
	items := make([]*ag.Allegation, len(recs))
	for i, r := range recs {
		items[i] = decodeAllegationWith(r["al"], w, &along)
	}
	return paginate(items, p.First, "ALLEGATION", allegationCursorKey), along, nil
}

// CountAllegations counts the allegations matching f.
func (s *Store) CountAllegations(ctx context.Context, f ag.AllegationFilter) (int, error) {
	if err := checkAllegationFilter(f); err != nil {
		return 0, err
	}
	params := map[string]any{}
	match, where := allegationMatch(f, params)
	recs, err := s.readChecked(ctx, allegationFilterActors(f),
		textPrelude("allegation_search", params)+match+whereClause(where)+" RETURN count(al) AS n", params, noCount)
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

// pattern matches the allegations `al` in which the actor `a` stands in role r. (The actor is
// `a`: the filter's EXISTS subqueries name their own actors `x`, and must not see it.)
func (r PartyRole) pattern() string {
	switch r {
	case Accuser:
		return "(a)-[:MADE]->(al:Allegation)"
	case LodgedAt:
		return "(a)<-[:LODGED_WITH]-(al:Allegation)"
	}
	return "(a)<-[:AGAINST]-(al:Allegation)"
}

// AllegationsOf returns, for each actor id, one page of the allegations in which it stands in
// role, filtered by f: the same page for every actor, fetched in one round trip, with what w
// asks to bring along. This is what lets a page of actors show their allegations without one
// query per actor.
func (s *Store) AllegationsOf(ctx context.Context, role PartyRole, actorIDs []string, f ag.AllegationFilter, p Page, w With) (map[string]Result[*ag.Allegation], Along, error) {
	var along Along
	if err := checkAllegationFilter(f); err != nil {
		return nil, along, err
	}
	params := map[string]any{"ids": actorIDs}
	call, err := allegationsCall(role, f, p, w, params, "out")
	if err != nil {
		return nil, along, err
	}
	// Several actors' pages at once: one empty page proves nothing, so the check comes first.
	if err := s.requireFilterActors(ctx, allegationFilterActors(f)); err != nil {
		return nil, along, err
	}
	recs, err := s.read(ctx, textPrelude("allegation_search", params)+
		"UNWIND $ids AS pid MATCH (a:Actor {id: pid}) "+call+" RETURN pid, out", params)
	if err != nil {
		return nil, along, err
	}
	byActor := map[string][]*ag.Allegation{}
	for _, r := range recs {
		byActor[str(r["pid"])] = decodeAllegationsWith(r["out"], w, &along)
	}
	out := make(map[string]Result[*ag.Allegation], len(actorIDs))
	for _, id := range actorIDs {
		out[id] = paginate(byActor[id], p.First, "ALLEGATION", allegationCursorKey)
	}
	return out, along, nil
}

// allegationsCall returns a subquery over actor `a` that yields, as out, one page of the
// allegations in which a stands in role (p.First+1 of them, for paginate), filtered by f,
// each an allegationProjectionWith(w); it adds its parameters to params. A statement using
// it starts with textPrelude("allegation_search", params).
func allegationsCall(role PartyRole, f ag.AllegationFilter, p Page, w With, params map[string]any, out string) (string, error) {
	if err := checkPage(p); err != nil {
		return "", err
	}
	params["limit"] = p.First + 1
	where, err := allegationKeyset(p, allegationWhere(f, params, ""), params)
	if err != nil {
		return "", err
	}
	scope := "a"
	if _, ok := params["textQuery"]; ok {
		scope = "a, textHits"
	}
	return "CALL (" + scope + ") { MATCH " + role.pattern() + whereClause(where) +
		" WITH al ORDER BY " + allegationKey + " DESC, al.id LIMIT $limit" +
		" RETURN collect(" + allegationProjectionWith(w) + ") AS " + out + " }", nil
}

func decodeAllegationsWith(v any, w With, along *Along) []*ag.Allegation {
	var out []*ag.Allegation
	for _, x := range list(v) {
		out = append(out, decodeAllegationWith(x, w, along))
	}
	return out
}

// CountAllegationsOf counts, for each actor id, the allegations in which it stands in role.
func (s *Store) CountAllegationsOf(ctx context.Context, role PartyRole, actorIDs []string, f ag.AllegationFilter) (map[string]int, error) {
	params := map[string]any{"ids": actorIDs}
	where := allegationWhere(f, params, "")
	recs, err := s.read(ctx, textPrelude("allegation_search", params)+"UNWIND $ids AS pid MATCH (a:Actor {id: pid}) OPTIONAL MATCH "+role.pattern()+
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
	recs, err := q.query(ctx, "UNWIND $ids AS id MATCH (al:Allegation {id: id}) RETURN collect({al: "+allegationProjection+"}) AS "+packedRows,
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
// A read may bring only some of these lists along (Parts says which); a list it did not
// bring is unknown, not empty.
type Details struct {
	Accusers      []*ag.Party        `json:"accusers"`
	Accused       []*ag.Party        `json:"accused"`
	Lodgings      []*ag.Lodging      `json:"courts"`
	StatusHistory []*ag.StatusChange `json:"statusHistory"`
	Parts         Parts              `json:"-"`
}

// Parts is a set of the lists of an allegation's Details.
type Parts uint8

const (
	AccusersPart Parts = 1 << iota
	AccusedPart
	CourtsPart
	HistoryPart

	AllParts = AccusersPart | AccusedPart | CourtsPart | HistoryPart
)

// Each calls f with each part in p, in a fixed order.
func (p Parts) Each(f func(Parts)) {
	for q := AccusersPart; q <= HistoryPart; q <<= 1 {
		if p&q != 0 {
			f(q)
		}
	}
}

// AllegationDetails returns the parties, courts and status history of each allegation, in
// one round trip for all of them.
func (s *Store) AllegationDetails(ctx context.Context, ids []string) (map[string]*Details, error) {
	return allegationDetails(ctx, s, ids)
}

func allegationDetails(ctx context.Context, q querier, ids []string) (map[string]*Details, error) {
	recs, err := q.query(ctx, `UNWIND $ids AS id MATCH (al:Allegation {id: id}) RETURN collect({id: id, d: `+detailsProjection(AllParts, false, 0)+`}) AS `+packedRows,
		map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*Details, len(recs))
	for _, r := range recs {
		id := str(r["id"])
		out[id] = decodeDetails(id, r["d"], AllParts, nil)
	}
	return out, nil
}

// detailsProjection returns the lists in parts of the Details of the allegation `al`, as a
// map; with actors, each party and court comes with its actor's projection too. Each list
// costs the statement a walk of the allegation's relationships of its type, so a read
// brings only the lists its request asks for.
func detailsProjection(parts Parts, actors bool, fields ag.ActorFields) string {
	party, court := "", ""
	if actors {
		party, court = ", a: "+actorProjectionOf("x", fields), ", a: "+actorProjectionOf("c", fields)
	}
	var lists []string
	parts.Each(func(p Parts) {
		switch p {
		case AccusersPart:
			lists = append(lists, `accusers: [(x:Actor)-[m:MADE]->(al) | {actor: x.id, role: m.role, date: m.date`+party+`}]`)
		case AccusedPart:
			lists = append(lists, `accused: [(al)-[g:AGAINST]->(x:Actor) | {actor: x.id, role: g.role`+party+`}]`)
		case CourtsPart:
			lists = append(lists, `courts: [(al)-[l:LODGED_WITH]->(c:Actor) | {court: c.id, date: l.date, reference: l.reference`+court+`}]`)
		case HistoryPart:
			lists = append(lists, `history: [(al)-[:HAS_STATUS]->(sc:StatusChange) | sc {.status, .date, .note, .seq,
     sourceIds: [(sc)-[:SUPPORTED_BY]->(src:Source) | src.id]}]`)
		}
	})
	return "{" + strings.Join(lists, ",\n  ") + "}"
}

// decodeDetails reads a detailsProjection of parts of allegation id, adding the actors it
// brought (if any) to along.
func decodeDetails(id string, v any, parts Parts, along *Along) *Details {
	m := obj(v)
	d := &Details{Parts: parts}
	party := func(p map[string]any) {
		if a := obj(p["a"]); a != nil && along != nil {
			along.addActor(decodeActor(a))
		}
	}
	for _, v := range list(m["accusers"]) {
		p := obj(v)
		d.Accusers = append(d.Accusers, &ag.Party{AllegationID: id, ActorID: str(p["actor"]), Accuser: true, Role: str(p["role"]), Date: date(p["date"])})
		party(p)
	}
	for _, v := range list(m["accused"]) {
		p := obj(v)
		d.Accused = append(d.Accused, &ag.Party{AllegationID: id, ActorID: str(p["actor"]), Role: str(p["role"])})
		party(p)
	}
	for _, v := range list(m["courts"]) {
		c := obj(v)
		d.Lodgings = append(d.Lodgings, &ag.Lodging{AllegationID: id, CourtID: str(c["court"]), Date: date(c["date"]), Reference: str(c["reference"])})
		party(c)
	}
	hist := list(m["history"])
	d.StatusHistory = make([]*ag.StatusChange, len(hist))
	for _, v := range hist {
		h := obj(v)
		if i := toInt(h["seq"]); i >= 0 && i < len(hist) {
			d.StatusHistory[i] = &ag.StatusChange{AllegationID: id, Status: ag.Status(str(h["status"])),
				Date: date(h["date"]), Note: str(h["note"]), SourceIDs: sourceSet(h["sourceIds"])}
		}
	}
	sortParties(d.Accusers)
	sortParties(d.Accused)
	return d
}

// With says what a read of allegations brings along besides the allegations, in the same
// statement, so that the nested levels a request asks for (accusers { actor { name } },
// sources) need no round trip of their own. The zero value brings nothing more.
type With struct {
	Details Parts // which of the parties, courts and status history
	Actors  bool  // the actors named in those parties and courts
	// ActorFields are the fields of those actors to bring beyond id, name and kind.
	ActorFields ag.ActorFields
	Sources     bool // the sources the allegations cite
}

// Along is what a read brought along, by id, for the request's caches.
type Along struct {
	Details map[string]*Details
	Actors  map[string]*ag.Actor
	Sources map[string]*ag.Source
}

// addActor adds x, unless along holds the actor already with all that x holds.
func (a *Along) addActor(x *ag.Actor) {
	if a.Actors == nil {
		a.Actors = map[string]*ag.Actor{}
	}
	if old, ok := a.Actors[x.ID]; !ok || x.Lacks.Within(old.Lacks) && x.Lacks != old.Lacks {
		a.Actors[x.ID] = x
	}
}

// addDetails adds the lists of d to what along holds of allegation id: one statement may
// read the same allegation in two lists, each bringing other parts.
func (a *Along) addDetails(id string, d *Details) {
	if a.Details == nil {
		a.Details = map[string]*Details{}
	}
	old := a.Details[id]
	if old == nil {
		a.Details[id] = d
		return
	}
	merged := *old
	d.Parts.Each(func(p Parts) {
		switch p {
		case AccusersPart:
			merged.Accusers = d.Accusers
		case AccusedPart:
			merged.Accused = d.Accused
		case CourtsPart:
			merged.Lodgings = d.Lodgings
		case HistoryPart:
			merged.StatusHistory = d.StatusHistory
		}
	})
	merged.Parts |= d.Parts
	a.Details[id] = &merged
}

// allegationProjectionWith is allegationProjection with what w brings along.
func allegationProjectionWith(w With) string {
	p := strings.TrimSuffix(allegationProjection, "}")
	if w.Details != 0 {
		p += ",\n  details: " + detailsProjection(w.Details, w.Actors, w.ActorFields)
	}
	if w.Sources {
		p += ",\n  sources: [(al)-[:SUPPORTED_BY]->(s:Source) | " + sourceProjection + "]"
	}
	return p + "}"
}

// decodeAllegationWith reads an allegationProjectionWith(w), adding what it brought to along.
func decodeAllegationWith(v any, w With, along *Along) *ag.Allegation {
	a := decodeAllegation(v)
	m := obj(v)
	if d, ok := m["details"]; ok {
		along.addDetails(a.ID, decodeDetails(a.ID, d, w.Details, along))
	}
	for _, s := range list(m["sources"]) {
		if along.Sources == nil {
			along.Sources = map[string]*ag.Source{}
		}
		src := decodeSource(s)
		along.Sources[src.ID] = src
	}
	return a
}

// sortParties orders parties by actor id so that answers are stable.
func sortParties(ps []*ag.Party) {
	slices.SortFunc(ps, func(a, b *ag.Party) int { return strings.Compare(a.ActorID, b.ActorID) })
}
