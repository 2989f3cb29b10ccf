package store

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	ag "github.com/actorgraph/actorgraph"
)

// ActorOrder says how to sort actors: by "NAME" (then id) or by "ID", ascending or not.
type ActorOrder struct {
	Field string // "NAME" or "ID"
	Desc  bool
}

// ActorsByID returns the actors with the given ids that exist, by id.
func (s *Store) ActorsByID(ctx context.Context, ids []string) (map[string]*ag.Actor, error) {
	return actorsByID(ctx, s, ids)
}

func actorsByID(ctx context.Context, q querier, ids []string) (map[string]*ag.Actor, error) {
	recs, err := q.query(ctx, `UNWIND $ids AS id MATCH (a:Actor {id: id}) RETURN collect({a: `+actorProjection+`}) AS `+packedRows,
		map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ag.Actor, len(recs))
	for _, r := range recs {
		a := decodeActor(r["a"])
		out[a.ID] = a
	}
	return out, nil
}

// actorWhere turns a filter into WHERE conditions on `a` and their parameters.
func actorWhere(f ag.ActorFilter) ([]string, map[string]any, error) {
	var where []string
	params := map[string]any{}
	if f.Country != "" {
		where = append(where, "a.country = $country")
		params["country"] = strings.ToUpper(f.Country)
	}
	if f.MemberOf != "" {
		cond := "EXISTS { MATCH (a)-[m:MEMBER_OF]->(:Actor {id: $memberOf})"
		if f.AsOf != "" {
			cond += " WHERE " + activeOn("m", "$asOf")
			params["asOf"] = string(f.AsOf)
		}
		where = append(where, cond+" }")
		params["memberOf"] = f.MemberOf
	} else if f.AsOf != "" {
		return nil, nil, ag.Invalid("filter.asOf", "asOf applies to memberOf; give memberOf too")
	}
	if f.Text != "" {
		cond, err := textCondition("a", "filter.text", f.Text, params)
		if err != nil {
			return nil, nil, err
		}
		where = append(where, cond)
	}
	return where, params, nil
}

// actorLabels is the label expression of actors of the given kinds, ":Actor&(State|Junta)",
// or ":Actor" for all: in the pattern, so that Neo4j scans the kinds' labels alone.
func actorLabels(kinds []ag.Kind) string {
	labels := labelsOf(kinds)
	if len(labels) == 0 {
		return ":Actor"
	}
	return ":Actor&(" + strings.Join(labels, "|") + ")"
}

// activeOn is the condition "relationship r held on day d": begun (since unknown or not
// after d) and not ended (until unknown or after d). Partial dates are ISO prefixes, so
// string order compares them by their earliest day.
func activeOn(r, d string) string {
	return "(" + r + ".since IS NULL OR " + r + ".since <= " + d + ") AND (" + r + ".until IS NULL OR " + d + " < " + r + ".until)"
}

// Actors returns a page of actors matching f in the order o, with the fields in want (and
// their id, name and kind).
func (s *Store) Actors(ctx context.Context, f ag.ActorFilter, o ActorOrder, p Page, want ag.ActorFields) (Result[*ag.Actor], error) {
	if err := checkPage(p); err != nil {
		return Result[*ag.Actor]{}, err
	}
	where, params, err := actorWhere(f)
	if err != nil {
		return Result[*ag.Actor]{}, err
	}
	order := o.Field
	if o.Desc {
		order += "_DESC"
	}
	cmp, dir := ">", "ASC"
	if o.Desc {
		cmp, dir = "<", "DESC"
	}
	// The conditions on the ordering keys are written so that Neo4j reads the page in index
	// order (uniq_actor_id; actor_name_id on name and id) and stops after it, rather than
	// sorting every actor of the kinds asked for: an IS NOT NULL on the first key without a
	// cursor, a range on it with one (an OR of the keys would lose the order), and IS NOT
	// NULL on the second. Neo4j then picks the index, or for a rare kind its label and a sort.
	var orderBy string // on `a`; the same keys order the projected maps
	switch o.Field {
	case "ID":
		orderBy = "a.id " + dir
		key, err := decodeCursor(p.After, order, 1)
		if err != nil {
			return Result[*ag.Actor]{}, err
		}
		if key != nil {
			where = append(where, "a.id "+cmp+" $afterId")
			params["afterId"] = key[0]
		} else {
			where = append(where, "a.id IS NOT NULL")
		}
	default:
		order = strings.Replace(order, o.Field, "NAME", 1)
		orderBy = "a.name " + dir + ", a.id " + dir
		key, err := decodeCursor(p.After, order, 2)
		if err != nil {
			return Result[*ag.Actor]{}, err
		}
		if key != nil {
			where = append(where, "a.name "+cmp+"= $afterName AND (a.name "+cmp+" $afterName OR a.id "+cmp+" $afterId)")
			params["afterName"], params["afterId"] = key[0], key[1]
		} else {
			where = append(where, "a.name IS NOT NULL")
		}
		// A composite index serves only a statement with a condition on each of its keys.
		where = append(where, "a.id IS NOT NULL")
	}
	params["limit"] = p.First + 1
	// The page is cut before it is projected: only the actors returned pay for their sources.
	recs, err := s.readChecked(ctx, filterActors{"filter.memberOf": {f.MemberOf}},
		textPrelude("actor_search", params)+"MATCH (a"+actorLabels(f.Kinds)+")"+whereClause(where)+
			" WITH a ORDER BY "+orderBy+" LIMIT $limit RETURN collect({a: "+actorProjectionOf("a", want)+"}) AS "+packedRows, params, noRows)
	if err != nil {
		return Result[*ag.Actor]{}, err
	}
	items := make([]*ag.Actor, len(recs))
	for i, r := range recs {
		items[i] = decodeActor(r["a"])
	}
	return paginate(items, p.First, order, func(a *ag.Actor) []any {
		if o.Field == "ID" {
			return []any{a.ID}
		}
		return []any{a.Name, a.ID}
	}), nil
}

// CountActors counts the actors matching f. Without a filter, or filtered on kinds alone, it
// reads Neo4j's count store and touches no node.
func (s *Store) CountActors(ctx context.Context, f ag.ActorFilter) (int, error) {
	where, params, err := actorWhere(f)
	if err != nil {
		return 0, err
	}
	cypher := textPrelude("actor_search", params) + "MATCH (a" + actorLabels(f.Kinds) + ")" + whereClause(where) + " RETURN count(a) AS n"
	if labels := labelsOf(f.Kinds); len(where) == 0 && len(labels) > 0 {
		// Only live actors carry a kind label (trash.go): the count store counts each kind.
		counts := make([]string, len(labels))
		for i, l := range labels {
			counts[i] = "MATCH (a:" + l + ") RETURN count(a) AS n"
		}
		cypher = "CALL () { " + strings.Join(counts, " UNION ALL ") + " } RETURN sum(n) AS n"
	}
	recs, err := s.readChecked(ctx, filterActors{"filter.memberOf": {f.MemberOf}}, cypher, params, noCount)
	if err != nil {
		return 0, err
	}
	return toInt(recs[0]["n"]), nil
}

// textCondition adds a full-text filter on node variable v: the condition that v is among
// the hits, whose query it puts in params. A statement using it starts with textPrelude.
func textCondition(v, field, text string, params map[string]any) (string, error) {
	q, err := luceneQuery(field, text)
	if err != nil {
		return "", err
	}
	params["textQuery"] = q
	return v + " IN textHits", nil
}

// textPrelude is what a statement starts with to serve textCondition: it collects the hits of
// the full-text index into textHits. Without a text filter it is empty.
func textPrelude(index string, params map[string]any) string {
	if _, ok := params["textQuery"]; !ok {
		return ""
	}
	return "CALL db.index.fulltext.queryNodes('" + index + "', $textQuery) YIELD node WITH collect(node) AS textHits "
}

// requireActors returns NOT_FOUND naming field unless every non-empty id is an actor's. A
// filter on an actor that does not exist is a mistake (a typo, a stale id), and an empty
// answer would hide it.
func (s *Store) requireActors(ctx context.Context, field string, ids ...string) error {
	ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == "" })
	return requireExisting(ctx, s, kindActor, field, ids)
}

// filterActors are the actor ids a filter names, by field.
type filterActors map[string][]string

// readChecked runs a read filtered on the actors that ids names, and makes sure those actors
// exist (requireActors). An unknown id can only show as an empty answer when every field
// names at most one id (fields are ANDed; of several ids in one field, a known one could
// fill the answer): then the check waits for an empty answer, and a filter on actors that
// exist, the usual case, costs no round trip more. Otherwise it runs first. empty says
// whether an answer is empty (noRows for a page, noCount for a count).
func (s *Store) readChecked(ctx context.Context, ids filterActors, cypher string, params map[string]any, empty func([]record) bool) ([]record, error) {
	wait := true
	for _, v := range ids {
		if len(slices.DeleteFunc(slices.Clone(v), func(id string) bool { return id == "" })) > 1 {
			wait = false
		}
	}
	if !wait {
		if err := s.requireFilterActors(ctx, ids); err != nil {
			return nil, err
		}
	}
	recs, err := s.read(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	if wait && empty(recs) {
		if err := s.requireFilterActors(ctx, ids); err != nil {
			return nil, err
		}
	}
	return recs, nil
}

// noRows and noCount are the empty answers of readChecked: a page with no rows, a count
// (column n) of zero.
func noRows(recs []record) bool  { return len(recs) == 0 }
func noCount(recs []record) bool { return toInt(recs[0]["n"]) == 0 }

// requireFilterActors is requireActors for each field of ids, in a stable order.
func (s *Store) requireFilterActors(ctx context.Context, ids filterActors) error {
	for _, field := range slices.Sorted(maps.Keys(ids)) {
		if err := s.requireActors(ctx, field, ids[field]...); err != nil {
			return err
		}
	}
	return nil
}

// requireExisting returns NOT_FOUND, naming field and the missing ids, unless every id is a
// live node of label (one of the kind constants), in one statement.
func requireExisting(ctx context.Context, q querier, label, field string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	recs, err := q.query(ctx, "UNWIND $ids AS id OPTIONAL MATCH (n:"+label+" {id: id}) WITH id WHERE n IS NULL RETURN collect(id) AS missing",
		map[string]any{"ids": ids})
	if err != nil {
		return err
	}
	if missing := strs(recs[0]["missing"]); len(missing) > 0 {
		return missingError(label, field, missing)
	}
	return nil
}

// missingError is the NOT_FOUND of ids, named in field, that no live node of label has.
func missingError(label, field string, missing []string) error {
	return notFound(field, "no %s has the id %s", strings.ToLower(label), strings.Join(quoteAll(missing), ", "))
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strconv.Quote(x)
	}
	return out
}

func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// Hit is a search result.
type Hit struct {
	Actor *ag.Actor
	Score float64
}

// MaxSearch is the most hits a search returns.
const MaxSearch = 100

// Search runs a ranked full-text search over actors' names, aliases and descriptions. Hits
// bring the actors' fields in want (and their id, name and kind).
func (s *Store) Search(ctx context.Context, text string, kinds []ag.Kind, first int, want ag.ActorFields) ([]Hit, error) {
	if first < 1 || first > MaxSearch {
		return nil, ag.Invalid("first", "first must be between 1 and %d", MaxSearch)
	}
	q, err := luceneQuery("text", text)
	if err != nil {
		return nil, err
	}
	labels := labelsOf(kinds)
	// The kinds' condition is written only when kinds are given: a word that matches tens of
	// thousands of actors would otherwise have it tested on each (10 to 20% of such a search).
	where := ""
	if len(labels) > 0 {
		where = "WHERE any(l IN labels(a) WHERE l IN $labels)"
	}
	recs, err := s.read(ctx, `CALL db.index.fulltext.queryNodes('actor_search', $q) YIELD node AS a, score
		`+where+`
		WITH a, score ORDER BY score DESC, a.id LIMIT $first
		RETURN collect({a: `+actorProjectionOf("a", want)+`, score: score}) AS `+packedRows,
		map[string]any{"q": q, "labels": labels, "first": first})
	if err != nil {
		return nil, err
	}
	hits := make([]Hit, len(recs))
	for i, r := range recs {
		score, _ := r["score"].(float64)
		hits[i] = Hit{Actor: decodeActor(r["a"]), Score: score}
	}
	return hits, nil
}

// luceneQuery turns a user's words into a Lucene query that matches each word whole (ranked
// higher) or as a prefix. Lucene's syntax characters are escaped, so input is only ever text.
// Errors name field, the argument the text came in.
func luceneQuery(field, text string) (string, error) {
	words := strings.FieldsFunc(text, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || strings.ContainsRune(`+-&|!(){}[]^"~*?:\/'`, r)
	})
	if len(words) == 0 {
		return "", ag.Invalid(field, "give at least one word to search for")
	}
	if len(words) > 20 {
		return "", ag.Invalid(field, "at most 20 words")
	}
	for _, w := range words {
		// Each word is also a prefix query; Lucene refuses long ones, so they are refused here.
		if utf8.RuneCountInString(w) > 50 {
			return "", ag.Invalid(field, "a word of at most 50 characters, please")
		}
	}
	parts := make([]string, len(words))
	for i, w := range words {
		w = strings.ToLower(w)
		parts[i] = "(" + w + "^2 OR " + w + "*)"
	}
	return strings.Join(parts, " AND "), nil
}

// ActorAsk is what a request asks of one actor besides its own fields: lists of its
// relationships and of its allegations, each as a nested field would ask for it.
type ActorAsk struct {
	Relationships []RelQuery
	Allegations   []AllegationsAsk
	// Ends are the fields to bring of the actors at the relationships' other ends, beyond
	// id, name and kind.
	Ends ag.ActorFields
}

// AllegationsAsk is one page of the allegations in which an actor stands in Role, unfiltered,
// with what it brings along.
type AllegationsAsk struct {
	Role PartyRole
	Page Page
	With With
}

// ActorAnswer is an actor with the answers to an ActorAsk, index for index. An ask that is
// not valid (a page too big, a cursor from elsewhere) is left unanswered, nil, for the
// nested field to report in its own place.
type ActorAnswer struct {
	Actor         *ag.Actor
	Relationships [][]*ag.Relationship
	Allegations   []*Result[*ag.Allegation]
	Along         Along // the actors at the relationships' other ends, and what the pages brought
}

// ActorWith reads an actor and what ask asks of it in one statement: a request for an actor
// with its relationships and the allegations it faces, their accusers and sources, costs one
// round trip rather than one per level. It returns nil if there is no such actor.
func (s *Store) ActorWith(ctx context.Context, id string, ask ActorAsk) (*ActorAnswer, error) {
	params := map[string]any{"id": id}
	var calls, outs []string
	add := func(call string, own map[string]any, err error, out string) bool {
		if err != nil {
			return false
		}
		calls = append(calls, scoped(out, call, own, params))
		outs = append(outs, out)
		return true
	}
	relAsked := make([]bool, len(ask.Relationships))
	for i, q := range ask.Relationships {
		own := map[string]any{}
		out := "rels" + strconv.Itoa(i)
		call, err := relationshipsCall(q, own, out, ask.Ends)
		relAsked[i] = add(call, own, err, out)
	}
	alAsked := make([]bool, len(ask.Allegations))
	for i, q := range ask.Allegations {
		own := map[string]any{}
		out := "als" + strconv.Itoa(i)
		call, err := allegationsCall(q.Role, ag.AllegationFilter{}, q.Page, q.With, own, out)
		alAsked[i] = add(call, own, err, out)
	}
	recs, err := s.read(ctx, "MATCH (a:Actor {id: $id}) "+strings.Join(calls, " ")+
		" RETURN "+strings.Join(append([]string{actorProjection + " AS a"}, outs...), ", "), params)
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	r := recs[0]
	ans := &ActorAnswer{Actor: decodeActor(r["a"]),
		Relationships: make([][]*ag.Relationship, len(ask.Relationships)),
		Allegations:   make([]*Result[*ag.Allegation], len(ask.Allegations))}
	for i, asked := range relAsked {
		if asked {
			ans.Relationships[i] = decodeRels(r["rels"+strconv.Itoa(i)], &ans.Along)
			if ans.Relationships[i] == nil {
				ans.Relationships[i] = []*ag.Relationship{}
			}
		}
	}
	for i, asked := range alAsked {
		if asked {
			page := paginate(decodeAllegationsWith(r["als"+strconv.Itoa(i)], ask.Allegations[i].With, &ans.Along), ask.Allegations[i].Page.First, "ALLEGATION", allegationCursorKey)
			ans.Allegations[i] = &page
		}
	}
	return ans, nil
}

// paramName matches a parameter in a statement.
var paramName = regexp.MustCompile(`\$[A-Za-z_][A-Za-z0-9_]*`)

// scoped renames the parameters of a subquery, those in own, to prefix_name, and adds them
// so renamed to params: several subqueries built alone (each with its $limit) can then share
// one statement. Only parameter names are rewritten; the statement holds no other text.
func scoped(prefix, cypher string, own, params map[string]any) string {
	for k, v := range own {
		params[prefix+"_"+k] = v
	}
	return paramName.ReplaceAllStringFunc(cypher, func(p string) string {
		if _, ok := own[p[1:]]; ok {
			return "$" + prefix + "_" + p[1:]
		}
		return p
	})
}
