package store

import (
	"context"
	"slices"
	"strconv"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// Link analysis: graph-shaped answers for visualisation clients and investigators. Every
// query here walks live actors only, and every cap is a LIMIT_EXCEEDED error that names it,
// never a silent cut: a subgraph that a node limit cuts short says so (Truncated).

// Caps of the link-analysis queries.
const (
	MaxDepth      = 3    // subgraph: hops from the seeds
	MaxNodes      = 2000 // subgraph: actors in one answer
	MaxEdges      = 20000
	MaxPathLength = 6 // paths: hops between the two ends
	MaxPaths      = 5 // paths: k
	MaxSeeds      = 50
)

func limitExceeded(field, format string, args ...any) error {
	e := ag.Errorf(ag.LimitExceeded, format, args...)
	e.Field = field
	return e
}

// GraphQuery selects a subgraph: the seed actors and every actor within Depth hops of them
// over relationships of Types (all types if none) that held on AsOf (if set), keeping actors
// of Kinds (all if none). With Accusations, an accusation (an allegation one actor made
// against another) is a hop and an edge too. The seeds are always kept.
type GraphQuery struct {
	Seeds       []string
	Depth       int
	Types       []ag.RelType
	Kinds       []ag.Kind
	AsOf        ag.Date
	Accusations bool
	Limit       int // most nodes; 0 means 200
}

func (q *GraphQuery) check() error {
	if len(q.Seeds) == 0 {
		return ag.Invalid("seeds", "give at least one seed actor")
	}
	if len(q.Seeds) > MaxSeeds {
		return limitExceeded("seeds", "at most %d seeds (the cap MaxSeeds)", MaxSeeds)
	}
	if q.Depth < 0 {
		return ag.Invalid("depth", "depth cannot be negative")
	}
	if q.Depth > MaxDepth {
		return limitExceeded("depth", "depth %d is over the cap of %d hops", q.Depth, MaxDepth)
	}
	if q.Limit == 0 {
		q.Limit = 200
	}
	if q.Limit < 1 {
		return ag.Invalid("limit", "limit must be at least 1")
	}
	if q.Limit > MaxNodes {
		return limitExceeded("limit", "limit %d is over the cap of %d nodes", q.Limit, MaxNodes)
	}
	if len(q.Types) == 0 {
		q.Types = ag.RelTypes
	}
	return nil
}

// rel is relationship pattern r for q, "[r:MEMBER_OF|...]", typed by q.Types.
func (q *GraphQuery) rel(r string) string { return "[" + r + relTypes(q.Types) + "]" }

// relCond is the condition on relationship r for q: holding on q.AsOf, if set.
func (q *GraphQuery) relCond(r string, params map[string]any) string {
	if q.AsOf == "" {
		return "true"
	}
	params["asOf"] = string(q.AsOf)
	return activeOn(r, "$asOf")
}

// accusationCond is the condition on an accusation made with MADE relationship m: made on or
// before q.AsOf, when that is set (an accusation of unknown date counts).
func (q *GraphQuery) accusationCond(m string) string {
	if q.AsOf == "" {
		return "true"
	}
	return "(" + m + ".date IS NULL OR " + m + ".date <= $asOf)"
}

func (q *GraphQuery) kindCond(b string, params map[string]any) string {
	if len(q.Kinds) == 0 {
		return "true"
	}
	params["kindLabels"] = labelsOf(q.Kinds)
	return "any(l IN labels(" + b + ") WHERE l IN $kindLabels)"
}

// Subgraph returns the subgraph q selects, breadth first from the seeds, in one statement
// (subgraphCypher). When the node limit is reached, nearer actors are kept over farther
// ones, and within a level actors by id; Truncated says so.
func (s *Store) Subgraph(ctx context.Context, q GraphQuery) (*ag.Subgraph, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	var seeds []string
	for _, id := range q.Seeds {
		if id != "" && !slices.Contains(seeds, id) {
			seeds = append(seeds, id)
		}
	}
	params := map[string]any{"seeds": seeds, "limit": q.Limit, "edgeLimit": MaxEdges + 1}
	recs, err := s.read(ctx, subgraphCypher(&q, params), params)
	if err != nil {
		return nil, err
	}
	r := recs[0]
	if found := strs(r["seeds"]); len(found) < len(seeds) {
		missing := slices.DeleteFunc(slices.Clone(seeds), func(id string) bool { return slices.Contains(found, id) })
		return nil, missingError(kindActor, "seeds", missing)
	}
	sg := &ag.Subgraph{Truncated: r["truncated"] == true}
	for _, v := range list(r["edges"]) {
		rel := decodeRel(v)
		sg.Edges = append(sg.Edges, ag.GraphEdge{ID: rel.ID, Source: rel.FromID, Target: rel.ToID, Type: string(rel.Type),
			Since: rel.Since, Until: rel.Until, SourceIDs: rel.SourceIDs})
	}
	for _, v := range list(r["accusations"]) {
		m := obj(v)
		al, x, y := str(m["allegation"]), str(m["source"]), str(m["target"])
		sg.Edges = append(sg.Edges, ag.GraphEdge{ID: al + "/" + x + "/" + y, Source: x, Target: y, Type: ag.Accuses,
			Since: date(m["date"]), AllegationID: al, SourceIDs: strs(m["sources"])})
	}
	if len(sg.Edges) > MaxEdges {
		sg.Edges, sg.Truncated = sg.Edges[:MaxEdges], true
	}
	degree := map[string]int{}
	for _, e := range sg.Edges {
		degree[e.Source]++
		degree[e.Target]++
	}
	for _, v := range list(r["nodes"]) {
		a := decodeActor(v)
		sg.Nodes = append(sg.Nodes, ag.GraphNode{ID: a.ID, Label: a.Name, Kind: a.Kind, Country: a.Country, Degree: degree[a.ID]})
	}
	return sg, nil
}

// subgraphCypher is the statement of Subgraph, with q.Depth levels unrolled. It keeps, in
// order: the seeds; then, level by level, the actors one hop from the last level's that are
// not kept yet, by id, as many as there is room for under $limit (LIMIT takes no variable, so
// a level asks for $limit + 1 and is cut to the room left; one more than the room says the
// limit cut it); then it returns the kept actors (with the fields a
// graph needs only: no sources, no aliases) and the edges among them, by id.
func subgraphCypher(q *GraphQuery, params map[string]any) string {
	hop := func() string { // the actors one hop from the frontier
		h := `UNWIND frontier AS a MATCH (a)-` + q.rel("r") + `-(b:Actor)
		      WHERE ` + q.relCond("r", params) + ` AND ` + q.kindCond("b", params) + ` AND NOT b IN kept RETURN b`
		if q.Accusations {
			h += `
			  UNION UNWIND frontier AS a MATCH (a)-[m:MADE]->(:Allegation)-[:AGAINST]->(b:Actor)
			  WHERE ` + q.accusationCond("m") + ` AND ` + q.kindCond("b", params) + ` AND NOT b IN kept RETURN b
			  UNION UNWIND frontier AS a MATCH (b:Actor)-[m:MADE]->(:Allegation)-[:AGAINST]->(a)
			  WHERE ` + q.accusationCond("m") + ` AND ` + q.kindCond("b", params) + ` AND NOT b IN kept RETURN b`
		}
		return h
	}
	var b strings.Builder
	b.WriteString(`UNWIND $seeds AS sid MATCH (s:Actor {id: sid})
		WITH collect(s) AS kept
		WITH kept, kept AS frontier, false AS cut, [s IN kept | s.id] AS seeds`)
	for range q.Depth {
		// An actor reached by several relationships counts once against the limit (DISTINCT).
		b.WriteString(`
		CALL (kept, frontier, cut) {
		  WITH kept, frontier WHERE NOT cut AND size(frontier) > 0
		  CALL (kept, frontier) { ` + hop() + ` }
		  WITH DISTINCT b ORDER BY b.id LIMIT $limit + 1
		  RETURN collect(b) AS next
		}
		WITH kept, next, cut, seeds, CASE WHEN $limit > size(kept) THEN $limit - size(kept) ELSE 0 END AS room
		WITH kept + next[..room] AS kept, next[..room] AS frontier, cut OR size(next) > room AS cut, seeds`)
	}
	b.WriteString(`
		CALL (kept) {
		  UNWIND kept AS a MATCH (a)-` + q.rel("r") + `->(b:Actor) WHERE b IN kept AND ` + q.relCond("r", params) + `
		  WITH r ORDER BY r.id LIMIT $edgeLimit
		  RETURN collect(` + relProjection + `) AS edges
		}`)
	accusations := "[]"
	if q.Accusations {
		accusations = "accusations"
		b.WriteString(`
		CALL (kept) {
		  UNWIND kept AS x MATCH (x)-[m:MADE]->(al:Allegation)-[:AGAINST]->(y:Actor) WHERE y IN kept AND ` + q.accusationCond("m") + `
		  WITH x, y, al, m ORDER BY al.id, x.id, y.id LIMIT $edgeLimit
		  RETURN collect({source: x.id, target: y.id, allegation: al.id, date: m.date,
		    sources: [(al)-[:SUPPORTED_BY]->(src:Source) | src.id]}) AS accusations
		}`)
	}
	b.WriteString(`
		RETURN seeds, cut AS truncated, edges, ` + accusations + ` AS accusations,
		  [a IN kept | ` + actorProjectionOf("a", ag.ActorCountry) + `] AS nodes`)
	return b.String()
}

// PathQuery asks for the K shortest paths between two nodes (actors or allegations) of at
// most MaxLength hops, over relationships of Types that held on AsOf; with Accusations,
// through allegations too (accuser → allegation → accused, and allegation → court).
type PathQuery struct {
	From, To    string
	K           int
	MaxLength   int
	Types       []ag.RelType
	AsOf        ag.Date
	Accusations bool
}

// Path is one path: its nodes in order and the edge between each two.
type Path struct {
	Nodes []PathNode
	Edges []ag.GraphEdge
}

// PathNode is a node on a path: an actor, or with accusations an allegation.
type PathNode struct {
	ID    string
	Label string // the actor's name or the allegation's title
	Type  string // "Actor" or "Allegation"
	Kind  ag.Kind
}

// Paths returns up to K shortest paths from From to To, shortest first. Neo4j's SHORTEST
// finds them in one round trip; hops through allegations count as hops.
func (s *Store) Paths(ctx context.Context, q PathQuery) ([]Path, error) {
	if q.K == 0 {
		q.K = 3
	}
	if q.MaxLength == 0 {
		q.MaxLength = 4
	}
	switch {
	case q.K < 1:
		return nil, ag.Invalid("k", "k must be at least 1")
	case q.K > MaxPaths:
		return nil, limitExceeded("k", "k %d is over the cap of %d paths", q.K, MaxPaths)
	case q.MaxLength < 1:
		return nil, ag.Invalid("maxLength", "maxLength must be at least 1")
	case q.MaxLength > MaxPathLength:
		return nil, limitExceeded("maxLength", "maxLength %d is over the cap of %d hops", q.MaxLength, MaxPathLength)
	case q.From == q.To:
		return nil, ag.Invalid("to", "from and to are the same node")
	}
	if len(q.Types) == 0 {
		q.Types = ag.RelTypes
	}
	labels := "Actor"
	types := toStrings(q.Types)
	if q.Accusations {
		labels = "Actor|Allegation"
		types = append(types, "MADE", "AGAINST", "LODGED_WITH")
	}
	ends := map[string]string{}
	for field, id := range map[string]string{"from": q.From, "to": q.To} {
		kind, err := nodeKind(ctx, s, id)
		if err != nil {
			return nil, err
		}
		if kind != kindActor && !(q.Accusations && kind == kindAllegation) {
			what := "actor"
			if q.Accusations {
				what = "actor or allegation"
			}
			return nil, notFound(field, "no %s has the id %q", what, id)
		}
		ends[field] = kind
	}
	params := map[string]any{"from": q.From, "to": q.To}
	cond := ""
	if q.AsOf != "" {
		// Dates bound the typed relationships; MADE, AGAINST and LODGED_WITH hops are kept.
		params["asOf"] = string(q.AsOf)
		cond = " WHERE NOT type(r) IN $actorTypes OR " + activeOn("r", "$asOf")
		params["actorTypes"] = toStrings(ag.RelTypes)
	}
	// K, the length and the types are checked integers and closed-enum names.
	// Both ends are found by their own label's index first, so that Neo4j searches between
	// them rather than outward from one end.
	recs, err := s.read(ctx, `MATCH (a:`+ends["from"]+` {id: $from}), (b:`+ends["to"]+` {id: $to})
		MATCH p = SHORTEST `+strconv.Itoa(q.K)+` (a)
		((:`+labels+`)-[r:`+strings.Join(types, "|")+cond+`]-(:`+labels+`)){1,`+strconv.Itoa(q.MaxLength)+`}
		(b)
		WITH p ORDER BY length(p), [n IN nodes(p) | n.id]
		RETURN collect({nodes: [n IN nodes(p) | n {.id, label: coalesce(n.name, n.title), labels: labels(n)}],
		  rels: [x IN relationships(p) | x {.id, .since, .until, .sources, type: type(x), from: startNode(x).id, to: endNode(x).id}]}) AS `+packedRows, params)
	if err != nil {
		return nil, err
	}
	out := make([]Path, len(recs))
	for i, r := range recs {
		for _, n := range list(r["nodes"]) {
			m := obj(n)
			pn := PathNode{ID: str(m["id"]), Label: str(m["label"]), Type: kindActor}
			for _, l := range strs(m["labels"]) {
				if l == kindAllegation {
					pn.Type = kindAllegation
				}
				if k, ok := ag.KindOfLabel(l); ok {
					pn.Kind = k
				}
			}
			out[i].Nodes = append(out[i].Nodes, pn)
		}
		for _, x := range list(r["rels"]) {
			m := obj(x)
			e := ag.GraphEdge{ID: str(m["id"]), Source: str(m["from"]), Target: str(m["to"]), Type: str(m["type"]),
				Since: date(m["since"]), Until: date(m["until"]), SourceIDs: strs(m["sources"])}
			if e.ID == "" { // MADE, AGAINST and LODGED_WITH have no id of their own
				e.ID = e.Source + "/" + e.Type + "/" + e.Target
			}
			out[i].Edges = append(out[i].Edges, e)
		}
	}
	return out, nil
}

// Neighbour is an actor linked to another, and how.
type Neighbour struct {
	Actor *ag.Actor
	Via   []*ag.Relationship
}

// Common returns what links two actors: the actors related to both (over Types, on AsOf),
// and the allegations in which both are parties, whatever their parts.
func (s *Store) Common(ctx context.Context, a, b string, types []ag.RelType, asOf ag.Date) ([]Neighbour, []*ag.Allegation, error) {
	if err := s.requireActors(ctx, "a", a); err != nil {
		return nil, nil, err
	}
	if err := s.requireActors(ctx, "b", b); err != nil {
		return nil, nil, err
	}
	q := GraphQuery{Types: types, AsOf: asOf}
	if len(q.Types) == 0 {
		q.Types = ag.RelTypes
	}
	params := map[string]any{"a": a, "b": b}
	recs, err := s.read(ctx, `MATCH (x:Actor {id: $a})-`+q.rel("r1")+`-(n:Actor)-`+q.rel("r2")+`-(y:Actor {id: $b})
		WHERE n <> x AND n <> y AND `+q.relCond("r1", params)+` AND `+q.relCond("r2", params)+`
		WITH n AS a, collect(DISTINCT r1) + collect(DISTINCT r2) AS rs
		WITH a, rs ORDER BY a.name, a.id
		RETURN collect({n: `+actorProjection+`, rs: [r IN rs | `+relProjection+`]}) AS `+packedRows, params)
	if err != nil {
		return nil, nil, err
	}
	var ns []Neighbour
	for _, r := range recs {
		nb := Neighbour{Actor: decodeActor(r["n"])}
		for _, x := range list(r["rs"]) {
			nb.Via = append(nb.Via, decodeRel(x))
		}
		ns = append(ns, nb)
	}
	recs, err = s.read(ctx, `MATCH (x:Actor {id: $a})-[:MADE|AGAINST|LODGED_WITH]-(al:Allegation)-[:MADE|AGAINST|LODGED_WITH]-(y:Actor {id: $b})
		WITH DISTINCT al ORDER BY `+allegationKey+` DESC, al.id RETURN collect({al: `+allegationProjection+`}) AS `+packedRows, params)
	if err != nil {
		return nil, nil, err
	}
	var als []*ag.Allegation
	for _, r := range recs {
		als = append(als, decodeAllegation(r["al"]))
	}
	return ns, als, nil
}

// CoAccused is an actor accused together with another, in Count allegations.
type CoAccused struct {
	Actor         *ag.Actor
	Count         int
	AllegationIDs []string
}

// CoAccusedOf returns the actors accused in the same allegations as id, most often first.
func (s *Store) CoAccusedOf(ctx context.Context, id string, first int) ([]CoAccused, error) {
	if first < 1 || first > MaxPage {
		return nil, ag.Invalid("first", "first must be between 1 and %d", MaxPage)
	}
	if err := s.requireActors(ctx, "id", id); err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, `MATCH (:Actor {id: $id})<-[:AGAINST]-(al:Allegation)-[:AGAINST]->(a:Actor)
		WHERE a.id <> $id
		WITH a, collect(DISTINCT al.id) AS als
		WITH a, als ORDER BY size(als) DESC, a.id LIMIT $first
		RETURN collect({a: `+actorProjection+`, n: size(als), als: als}) AS `+packedRows,
		map[string]any{"id": id, "first": first})
	if err != nil {
		return nil, err
	}
	out := make([]CoAccused, len(recs))
	for i, r := range recs {
		als := strs(r["als"])
		slices.Sort(als)
		out[i] = CoAccused{Actor: decodeActor(r["a"]), Count: toInt(r["n"]), AllegationIDs: als}
	}
	return out, nil
}

// Accusation is a weighted edge of the accusation network: how many allegations Accuser has
// made against Accused, and whether Accused has also accused Accuser.
type Accusation struct {
	AccuserID, AccusedID string
	Weight               int
	AllegationIDs        []string
	Reciprocal           bool
}

// AccusationNetwork returns who accuses whom, heaviest first. With actor set, only the
// accusations it made or faced.
func (s *Store) AccusationNetwork(ctx context.Context, actor string, first int) ([]Accusation, error) {
	if first < 1 || first > MaxEdges {
		return nil, ag.Invalid("first", "first must be between 1 and %d", MaxEdges)
	}
	if err := s.requireActors(ctx, "actor", actor); err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, `MATCH (x:Actor)-[:MADE]->(al:Allegation)-[:AGAINST]->(y:Actor)
		WHERE $actor = '' OR x.id = $actor OR y.id = $actor
		WITH x, y, collect(DISTINCT al.id) AS als
		WITH x, y, als ORDER BY size(als) DESC, x.id, y.id LIMIT $first
		RETURN collect({accuser: x.id, accused: y.id, n: size(als), als: als,
		  reciprocal: EXISTS { (y)-[:MADE]->(:Allegation)-[:AGAINST]->(x) }}) AS `+packedRows, map[string]any{"actor": actor, "first": first})
	if err != nil {
		return nil, err
	}
	out := make([]Accusation, len(recs))
	for i, r := range recs {
		als := strs(r["als"])
		slices.Sort(als)
		out[i] = Accusation{AccuserID: str(r["accuser"]), AccusedID: str(r["accused"]), Weight: toInt(r["n"]),
			AllegationIDs: als, Reciprocal: boolean(r["reciprocal"])}
	}
	return out, nil
}

// TimelineEntry is one dated thing in an actor's history: an event it took part in, or a
// relationship of its beginning, ending or having its end announced.
type TimelineEntry struct {
	Date         ag.Date
	What         string // EVENT, RELATIONSHIP_BEGAN, END_ANNOUNCED, RELATIONSHIP_ENDED
	EventID      string
	Relationship *ag.Relationship
}

// Timeline returns the dated events and relationship changes of the actors ids, oldest
// first (undated events last), at most first entries.
func (s *Store) Timeline(ctx context.Context, ids []string, first int) ([]TimelineEntry, error) {
	if first < 1 || first > MaxPage {
		return nil, ag.Invalid("first", "first must be between 1 and %d", MaxPage)
	}
	if len(ids) > MaxNodes {
		return nil, limitExceeded("ids", "at most %d actors", MaxNodes)
	}
	if err := s.requireActors(ctx, "ids", ids...); err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, `CALL {
		  UNWIND $ids AS aid MATCH (:Actor {id: aid})-[:PARTICIPATED_IN]->(e:Event)
		  RETURN DISTINCT coalesce(e.date, '9999') AS date, 'EVENT' AS what, e.id AS event, null AS r
		  UNION
		  UNWIND $ids AS aid MATCH (:Actor {id: aid})-[r`+relTypes(nil)+`]-(:Actor)
		  WITH DISTINCT r UNWIND [['RELATIONSHIP_BEGAN', r.since], ['END_ANNOUNCED', r.endAnnounced], ['RELATIONSHIP_ENDED', r.until]] AS step
		  WITH r, step WHERE step[1] IS NOT NULL
		  RETURN step[1] AS date, step[0] AS what, null AS event, `+relProjection+` AS r
		} WITH date, what, event, r ORDER BY date, what, coalesce(event, r.id) LIMIT $first
		RETURN collect({date: date, what: what, event: event, r: r}) AS `+packedRows,
		map[string]any{"ids": ids, "first": first})
	if err != nil {
		return nil, err
	}
	out := make([]TimelineEntry, len(recs))
	for i, r := range recs {
		d := str(r["date"])
		if d == "9999" {
			d = ""
		}
		out[i] = TimelineEntry{Date: ag.Date(d), What: str(r["what"]), EventID: str(r["event"])}
		if r["r"] != nil {
			out[i].Relationship = decodeRel(r["r"])
		}
	}
	return out, nil
}
