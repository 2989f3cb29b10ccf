package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// scenario is one kind of request, as each of the three servers asks it. Floor, AG.Check
// and Peer.Check return a digest of the answer (the ids it holds, in order where the order
// is defined): before measuring, the bench compares the servers' digests with the floor's.
type scenario struct {
	Name, Desc  string
	Read        bool
	Compare     bool
	FloorCypher string
	Floor       func(ctx context.Context, i int) (any, error)
	AG          *gqlReq
	Peer        *gqlReq // nil: the peer cannot express it (PeerNote says why)
	PeerNote    string
	PeerCypher  bool // the peer runs it through a @cypher field, not generated Cypher
}

// gqlReq is a GraphQL request: its document, its variables for request i, and the check of
// its answer.
type gqlReq struct {
	Query string
	Vars  func(i int) map[string]any
	Auth  bool
	Check func(data map[string]any, i int) (any, error)
}

// params are what the scenarios ask about, chosen from the graph once per run.
type params struct {
	Hub            string   `json:"hub"`
	HubAllegations int64    `json:"hubAllegations"`
	HubDegree      int64    `json:"hubDegree"`
	Actors         []string `json:"actors"`
	Words          []string `json:"words"`
	Pairs          []pair   `json:"pairs"`
	PairsLeftOut   int      `json:"pairsLeftOut"`
	Accusers       []string `json:"accusers"`
	Source         string   `json:"source"`
	Kind           string   `json:"kind"`
	HubPages       int      `json:"hubPages"`

	floorKeys   []map[string]any
	agCursors   []any
	peerCursors []any
}

type pair struct{ From, To string }

// relTypes are the nine relationship types between actors, as a Cypher type pattern.
const relTypes = "MEMBER_OF|ALLIED_WITH|GOVERNS|LEADS|PART_OF|OPERATES_IN|SUCCEEDED|CONTROLLED_BY|INVESTIGATES"

// Page sizes: each query stays well under actorgraph's complexity cap of 50,000.
const (
	relFirst     = 100 // an actor's relationships
	facedFirst   = 20  // an actor's allegations faced
	pageFirst    = 50  // a page of actors
	hubPageFirst = 20  // a page of the hub's allegations
	hubPages     = 5   // pages of the hub's allegations the requests cycle through
	searchFirst  = 10
	subgraphMax  = 200 // subgraph limit (nodes)
)

//go:embed cypher/subgraph.cypher
var subgraphCypher string

//go:embed cypher/path.cypher
var pathCypher string

// chooseParams picks the hub (the actor with the most allegations faced) and the rest of
// what the scenarios ask about, the same for every server.
func (b *bench) chooseParams(ctx context.Context, rep *Report) error {
	p := &b.p
	p.Kind = "ArmedGroup"
	recs, err := b.db.read(ctx, `MATCH (a:Actor)<-[:AGAINST]-(:Allegation) WITH a, count(*) AS n
		ORDER BY n DESC, a.id LIMIT 1 RETURN a.id AS id, n, COUNT { (a)-[:`+relTypes+`]-(:Actor) } AS degree`, nil)
	if err != nil || len(recs) == 0 {
		return fmt.Errorf("no actor faces an allegation: %v", err)
	}
	p.Hub = str(get(recs[0], "id"))
	p.HubAllegations, _ = get(recs[0], "n").(int64)
	p.HubDegree, _ = get(recs[0], "degree").(int64)

	// Actors to ask about one at a time: facing at least one allegation, with 1 to 100
	// relationships, so that every server's answer is complete (the peer pages each type and
	// direction on its own).
	recs, err = b.db.read(ctx, `MATCH (a:Actor) WHERE EXISTS { (a)<-[:AGAINST]-(:Allegation) }
		WITH a, COUNT { (a)-[:`+relTypes+`]-(:Actor) } AS degree WHERE 1 <= degree <= 100
		RETURN a.id AS id ORDER BY id LIMIT 100`, nil)
	if err != nil {
		return err
	}
	for _, r := range recs {
		p.Actors = append(p.Actors, str(get(r, "id")))
	}
	if len(p.Actors) < 2 {
		return fmt.Errorf("too few actors with allegations and relationships (%d)", len(p.Actors))
	}

	recs, err = b.db.read(ctx, `MATCH (a:Actor) WITH a ORDER BY a.id LIMIT 400 RETURN a.name AS name`, nil)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, r := range recs {
		for _, w := range strings.FieldsFunc(str(get(r, "name")), func(r rune) bool { return !unicode.IsLetter(r) }) {
			w = strings.ToLower(w)
			if len(w) >= 4 && !seen[w] && len(p.Words) < 50 {
				seen[w] = true
				p.Words = append(p.Words, w)
			}
		}
	}

	recs, err = b.db.read(ctx, `MATCH (a:Actor:NGO) RETURN a.id AS id ORDER BY id LIMIT 20`, nil)
	if err != nil {
		return err
	}
	for _, r := range recs {
		p.Accusers = append(p.Accusers, str(get(r, "id")))
	}
	recs, err = b.db.read(ctx, `MATCH (s:Source) RETURN s.id AS id ORDER BY id LIMIT 1`, nil)
	if err != nil || len(recs) == 0 || len(p.Accusers) == 0 {
		return fmt.Errorf("no NGO or no source to write an allegation with: %v", err)
	}
	p.Source = str(get(recs[0], "id"))

	// Pairs of actors with a path of at most four hops between them that the floor finds
	// within 5 s (on a large graph, a pair without such a path costs a search through the
	// hubs' neighbourhoods; those are left out).
	n := len(p.Actors)
	for k := 0; k < 4*n && len(p.Pairs) < 20 && ctx.Err() == nil; k++ {
		pr := pair{p.Actors[k%n], p.Actors[(k*37+11)%n]}
		if pr.From == pr.To {
			continue
		}
		res, err := neo4j.ExecuteQuery(ctx, b.db.driver, pathCypher, map[string]any{"from": pr.From, "to": pr.To},
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithReadersRouting(),
			neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(5*time.Second)))
		if err == nil && len(res.Records) > 0 {
			p.Pairs = append(p.Pairs, pr)
		} else {
			p.PairsLeftOut++
		}
	}
	if len(p.Pairs) == 0 {
		return fmt.Errorf("no two sampled actors are within four hops")
	}

	// The hub's allegations, a page at a time: each server's own cursors for pages 1 to 5.
	var key map[string]any
	for page := 0; page < hubPages; page++ {
		p.floorKeys = append(p.floorKeys, key)
		recs, err := b.db.read(ctx, hubAllegationsCypher, hubParams(p.Hub, key))
		if err != nil {
			return err
		}
		if len(recs) <= hubPageFirst {
			break
		}
		last := recs[hubPageFirst-1]
		key = map[string]any{"key": get(last, "k"), "id": get(get(last, "al"), "id")}
	}
	p.HubPages = len(p.floorKeys)
	if b.ag != nil {
		if p.agCursors, err = b.cursors(ctx, b.ag.addr, hubAG(p), func(d map[string]any) any { return get(d, "allegations", "pageInfo", "endCursor") }); err != nil {
			return fmt.Errorf("actorgraph's pages of the hub's allegations: %v", err)
		}
	}
	if b.peer != nil {
		if p.peerCursors, err = b.cursors(ctx, b.peer.addr, hubPeer(p), func(d map[string]any) any { return get(d, "allegationsConnection", "pageInfo", "endCursor") }); err != nil {
			return fmt.Errorf("the peer's pages of the hub's allegations: %v", err)
		}
	}
	rep.Params = *p
	logf("hub %s faces %d allegations and has %d relationships; %d actors, %d words, %d pairs (%d left out), %d pages of the hub's allegations",
		p.Hub, p.HubAllegations, p.HubDegree, len(p.Actors), len(p.Words), len(p.Pairs), p.PairsLeftOut, p.HubPages)
	return nil
}

// cursors walks the first pages of a paged query and returns the `after` of each (nil first).
func (b *bench) cursors(ctx context.Context, addr string, q *gqlReq, end func(map[string]any) any) ([]any, error) {
	cursors := []any{nil}
	for len(cursors) < b.p.HubPages {
		after := cursors[len(cursors)-1]
		req := &gqlReq{Query: q.Query, Vars: func(int) map[string]any { return map[string]any{"hub": b.p.Hub, "after": after} }}
		data, err := b.post(ctx, addr, req, 0, false)
		if err != nil {
			return nil, err
		}
		c := end(data)
		if c == nil {
			return nil, fmt.Errorf("page %d has no endCursor", len(cursors))
		}
		cursors = append(cursors, c)
	}
	return cursors, nil
}

func (b *bench) scenarios() []*scenario {
	p := &b.p
	return []*scenario{
		b.actorScenario(p),
		b.actorsPageScenario(p),
		b.hubAllegationsScenario(p),
		b.countScenario(),
		b.searchScenario(p),
		b.subgraphScenario(p),
		b.pathScenario(p),
		b.createScenario(p),
	}
}

// floorRead runs a read and hands its records to digest.
func (b *bench) floorRead(cypher string, vars func(int) map[string]any, digest func([]*neo4j.Record, int) (any, error)) func(context.Context, int) (any, error) {
	return func(ctx context.Context, i int) (any, error) {
		recs, err := b.db.read(ctx, cypher, vars(i))
		if err != nil {
			return nil, err
		}
		return digest(recs, i)
	}
}

// 1. An actor by id with its relationships and the allegations it faces, two levels deep.

const actorCypher = `MATCH (a:Actor {id: $id})
CALL (a) {
  MATCH (a)-[r:` + relTypes + `]-(:Actor)
  WITH r ORDER BY coalesce(r.since, ''), r.id LIMIT 100
  RETURN collect(r {.id, .since, .until, type: type(r),
    from: {id: startNode(r).id, name: startNode(r).name}, to: {id: endNode(r).id, name: endNode(r).name}}) AS rels
}
CALL (a) {
  MATCH (a)<-[:AGAINST]-(al:Allegation)
  WITH al ORDER BY coalesce(al.periodStart, '') DESC, al.id LIMIT 20
  RETURN collect(al {.id, .title, .status, .periodStart,
    accusers: [(x:Actor)-[m:MADE]->(al) | {id: x.id, name: x.name, role: m.role}]}) AS faced
}
RETURN a {.id, .name, .country, kind: [l IN labels(a) WHERE l <> 'Actor'][0]} AS actor, rels, faced`

const actorAG = `query BenchActor($id: ID!) {
  actor(id: $id) {
    id name kind country
    relationships(first: 100) { id type since until from { id name } to { id name } }
    allegationsFaced(first: 20) { edges { node { id title status periodStart accusers { role actor { id name } } } } }
  }
}`

func actorPeerQuery() string {
	var b strings.Builder
	b.WriteString("query BenchActor($id: ID!) {\n  actors(where: {id: {eq: $id}}) {\n    id name kind country\n")
	for _, f := range peerRelFields() {
		fmt.Fprintf(&b, "    %sConnection(first: 100, sort: [{edge: {since: ASC}}, {edge: {id: ASC}}]) { edges { properties { id since until } node { id name } } }\n", f)
	}
	b.WriteString("    allegationsFaced(limit: 20, sort: [{periodStart: DESC}, {id: ASC}]) { id title status periodStart accusersConnection { edges { properties { role } node { id name } } } }\n  }\n}")
	return b.String()
}

// peerRelFields are the peer's relationship fields: each type, each direction.
func peerRelFields() []string {
	var out []string
	for _, t := range strings.Split(relTypes, "|") {
		parts := strings.Split(strings.ToLower(t), "_")
		for i := 1; i < len(parts); i++ {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
		out = append(out, strings.Join(parts, "")+"Out", strings.Join(parts, "")+"In")
	}
	return out
}

type actorDigest struct {
	ID    string        `json:"id"`
	Rels  []string      `json:"rels"`
	Faced []facedDigest `json:"faced"`
}

type facedDigest struct {
	ID       string   `json:"id"`
	Accusers []string `json:"accusers"`
	Sources  []string `json:"sources,omitempty"`
}

func (d *actorDigest) check(want string) (any, error) {
	if d.ID != want {
		return nil, fmt.Errorf("asked for actor %s, got %q", want, d.ID)
	}
	if len(d.Rels) == 0 || len(d.Faced) == 0 {
		return nil, fmt.Errorf("actor %s: %d relationships and %d allegations faced; the sample has at least one of each", want, len(d.Rels), len(d.Faced))
	}
	slices.Sort(d.Rels)
	for i := range d.Faced {
		slices.Sort(d.Faced[i].Accusers)
	}
	return d, nil
}

func (b *bench) actorScenario(p *params) *scenario {
	id := func(i int) string { return p.Actors[i%len(p.Actors)] }
	vars := func(i int) map[string]any { return map[string]any{"id": id(i)} }
	return &scenario{Name: "actor", Read: true, Compare: true,
		Desc:        fmt.Sprintf("an actor by id (%d actors in turn) with its relationships (first 100, the other end's id and name) and the allegations it faces (first 20, with accusers)", len(p.Actors)),
		FloorCypher: actorCypher,
		Floor: b.floorRead(actorCypher, vars, func(recs []*neo4j.Record, i int) (any, error) {
			if len(recs) == 0 {
				return nil, errEmpty
			}
			d := &actorDigest{ID: str(get(recs[0], "actor", "id"))}
			for _, r := range list(get(recs[0], "rels")) {
				d.Rels = append(d.Rels, str(get(r, "id")))
			}
			for _, al := range list(get(recs[0], "faced")) {
				d.Faced = append(d.Faced, facedDigest{ID: str(get(al, "id")), Accusers: ids(list(get(al, "accusers")), "id")})
			}
			return d.check(id(i))
		}),
		AG: &gqlReq{Query: actorAG, Vars: vars, Check: func(data map[string]any, i int) (any, error) {
			a := get(data, "actor")
			d := &actorDigest{ID: str(get(a, "id"))}
			for _, r := range list(get(a, "relationships")) {
				d.Rels = append(d.Rels, str(get(r, "id")))
			}
			for _, e := range list(get(a, "allegationsFaced", "edges")) {
				n := get(e, "node")
				d.Faced = append(d.Faced, facedDigest{ID: str(get(n, "id")), Accusers: ids(list(get(n, "accusers")), "actor", "id")})
			}
			return d.check(id(i))
		}},
		Peer: &gqlReq{Query: actorPeerQuery(), Vars: vars, Check: func(data map[string]any, i int) (any, error) {
			as := list(get(data, "actors"))
			if len(as) != 1 {
				return nil, fmt.Errorf("%d actors for one id", len(as))
			}
			a := as[0]
			d := &actorDigest{ID: str(get(a, "id"))}
			for _, f := range peerRelFields() {
				d.Rels = append(d.Rels, ids(list(get(a, f+"Connection", "edges")), "properties", "id")...)
			}
			for _, al := range list(get(a, "allegationsFaced")) {
				d.Faced = append(d.Faced, facedDigest{ID: str(get(al, "id")), Accusers: ids(list(get(al, "accusersConnection", "edges")), "node", "id")})
			}
			return d.check(id(i))
		}},
		PeerNote: "18 relationship fields (9 types x 2 directions), each paged on its own",
	}
}

// 2. A filtered page of 50 actors (one kind, by name) with the total count. The floor reads
// the page in the order of the (name, id) index, as actorgraph does (IS NOT NULL lets the
// planner use it), rather than sorting every armed group.

const actorsPageCypher = `CALL () { MATCH (a:Actor:ArmedGroup) RETURN count(a) AS total }
CALL () {
  MATCH (a:Actor:ArmedGroup) WHERE a.name IS NOT NULL AND a.id IS NOT NULL
  WITH a ORDER BY a.name, a.id LIMIT 51
  RETURN collect(a {.id, .name, .country}) AS page
}
RETURN total, page`

const actorsPageAG = `query BenchActorsPage {
  actors(filter: {kinds: [ARMED_GROUP]}, first: 50) {
    totalCount
    edges { cursor node { id name country } }
    pageInfo { hasNextPage endCursor }
  }
}`

const actorsPagePeer = `query BenchActorsPage {
  armedGroupsConnection(first: 50, sort: [{name: ASC}, {id: ASC}]) {
    totalCount
    edges { cursor node { id name country } }
    pageInfo { hasNextPage endCursor }
  }
}`

type pageDigest struct {
	Total int64    `json:"total"`
	IDs   []string `json:"ids"`
}

func (d *pageDigest) check() (any, error) {
	if d.Total == 0 || len(d.IDs) != min(int(d.Total), pageFirst) {
		return nil, fmt.Errorf("a page of %d of %d actors", len(d.IDs), d.Total)
	}
	return d, nil
}

func (b *bench) actorsPageScenario(p *params) *scenario {
	none := func(int) map[string]any { return nil }
	return &scenario{Name: "actors-page", Read: true, Compare: true,
		Desc:        "the first page of 50 actors of one kind (ARMED_GROUP), by name, with totalCount",
		FloorCypher: actorsPageCypher,
		Floor: b.floorRead(actorsPageCypher, none, func(recs []*neo4j.Record, _ int) (any, error) {
			page := list(get(recs[0], "page"))
			d := &pageDigest{IDs: ids(page[:min(len(page), pageFirst)], "id")}
			d.Total, _ = get(recs[0], "total").(int64)
			return d.check()
		}),
		AG: &gqlReq{Query: actorsPageAG, Vars: none, Check: func(data map[string]any, _ int) (any, error) {
			c := get(data, "actors")
			d := &pageDigest{Total: num(get(c, "totalCount")), IDs: ids(list(get(c, "edges")), "node", "id")}
			return d.check()
		}},
		Peer: &gqlReq{Query: actorsPagePeer, Vars: none, Check: func(data map[string]any, _ int) (any, error) {
			c := get(data, "armedGroupsConnection")
			d := &pageDigest{Total: num(get(c, "totalCount")), IDs: ids(list(get(c, "edges")), "node", "id")}
			return d.check()
		}},
		PeerNote: "armedGroupsConnection (type ArmedGroup, labels ArmedGroup and Actor)",
	}
}

// 3. The allegations against the hub, with accusers and sources, a page at a time.

const hubAllegationsCypher = `MATCH (:Actor {id: $hub})<-[:AGAINST]-(al:Allegation)
WITH al, coalesce(al.periodStart, '') AS k
WHERE $afterKey IS NULL OR k < $afterKey OR (k = $afterKey AND al.id > $afterId)
WITH al, k ORDER BY k DESC, al.id LIMIT 21
RETURN al {.id, .title, .status, .periodStart,
  accusers: [(x:Actor)-[m:MADE]->(al) | {id: x.id, name: x.name, role: m.role}],
  sources: [(al)-[:SUPPORTED_BY]->(s:Source) | s {.id, .title}]} AS al, k`

func hubParams(hub string, key map[string]any) map[string]any {
	m := map[string]any{"hub": hub, "afterKey": nil, "afterId": nil}
	if key != nil {
		m["afterKey"], m["afterId"] = key["key"], key["id"]
	}
	return m
}

func hubAG(p *params) *gqlReq {
	return &gqlReq{Query: `query BenchHubAllegations($hub: ID!, $after: String) {
  allegations(filter: {accused: [$hub]}, first: 20, after: $after) {
    edges { node { id title status periodStart accusers { role actor { id name } } sources { id title } } }
    pageInfo { hasNextPage endCursor }
  }
}`}
}

func hubPeer(p *params) *gqlReq {
	return &gqlReq{Query: `query BenchHubAllegations($hub: ID!, $after: String) {
  allegationsConnection(where: {accused: {some: {id: {eq: $hub}}}}, first: 20, after: $after, sort: [{periodStart: DESC}, {id: ASC}]) {
    edges { node { id title status periodStart accusersConnection { edges { properties { role } node { id name } } } sources { id title } } }
    pageInfo { hasNextPage endCursor }
  }
}`}
}

func checkFaced(d []facedDigest) (any, error) {
	if len(d) == 0 {
		return nil, errEmpty
	}
	for i := range d {
		slices.Sort(d[i].Accusers)
		slices.Sort(d[i].Sources)
	}
	return d, nil
}

func (b *bench) hubAllegationsScenario(p *params) *scenario {
	ag, peer := hubAG(p), hubPeer(p)
	ag.Vars = func(i int) map[string]any {
		return map[string]any{"hub": p.Hub, "after": p.agCursors[i%len(p.agCursors)]}
	}
	ag.Check = func(data map[string]any, _ int) (any, error) {
		var d []facedDigest
		for _, e := range list(get(data, "allegations", "edges")) {
			n := get(e, "node")
			d = append(d, facedDigest{ID: str(get(n, "id")), Accusers: ids(list(get(n, "accusers")), "actor", "id"),
				Sources: ids(list(get(n, "sources")), "id")})
		}
		return checkFaced(d)
	}
	if b.peer != nil {
		peer.Vars = func(i int) map[string]any {
			return map[string]any{"hub": p.Hub, "after": p.peerCursors[i%len(p.peerCursors)]}
		}
		peer.Check = func(data map[string]any, _ int) (any, error) {
			var d []facedDigest
			for _, e := range list(get(data, "allegationsConnection", "edges")) {
				n := get(e, "node")
				d = append(d, facedDigest{ID: str(get(n, "id")), Accusers: ids(list(get(n, "accusersConnection", "edges")), "node", "id"),
					Sources: ids(list(get(n, "sources")), "id")})
			}
			return checkFaced(d)
		}
	}
	return &scenario{Name: "hub-allegations", Read: true, Compare: true,
		Desc:        fmt.Sprintf("allegations against the hub %s (%d), 20 a page, pages 1 to %d in turn, with accusers and sources", p.Hub, p.HubAllegations, p.HubPages),
		FloorCypher: hubAllegationsCypher,
		Floor: b.floorRead(hubAllegationsCypher, func(i int) map[string]any { return hubParams(p.Hub, p.floorKeys[i%len(p.floorKeys)]) },
			func(recs []*neo4j.Record, _ int) (any, error) {
				var d []facedDigest
				for _, r := range recs[:min(len(recs), hubPageFirst)] {
					al := get(r, "al")
					d = append(d, facedDigest{ID: str(get(al, "id")), Accusers: ids(list(get(al, "accusers")), "id"),
						Sources: ids(list(get(al, "sources")), "id")})
				}
				return checkFaced(d)
			}),
		AG: ag, Peer: peer,
		PeerNote: "allegationsConnection filtered on accused; its cursors are offsets",
	}
}

// 4. totalCount alone over the largest label, Actor.

const countCypher = `MATCH (a:Actor) RETURN count(a) AS n`

func (b *bench) countScenario() *scenario {
	none := func(int) map[string]any { return nil }
	check := func(n int64) (any, error) {
		if n == 0 {
			return nil, errEmpty
		}
		return n, nil
	}
	return &scenario{Name: "count", Read: true, Compare: true,
		Desc:        "totalCount alone over the largest label (Actor)",
		FloorCypher: countCypher,
		Floor: b.floorRead(countCypher, none, func(recs []*neo4j.Record, _ int) (any, error) {
			n, _ := get(recs[0], "n").(int64)
			return check(n)
		}),
		AG: &gqlReq{Query: `query BenchCount { actors { totalCount } }`, Vars: none, Check: func(data map[string]any, _ int) (any, error) {
			return check(num(get(data, "actors", "totalCount")))
		}},
		Peer: &gqlReq{Query: `query BenchCount { actorsConnection { totalCount } }`, Vars: none, Check: func(data map[string]any, _ int) (any, error) {
			return check(num(get(data, "actorsConnection", "totalCount")))
		}},
	}
}

// 5. Full-text search.

const searchCypher = `CALL db.index.fulltext.queryNodes('actor_search', $q) YIELD node AS a, score
WITH a, score ORDER BY score DESC, a.id LIMIT 10
RETURN a {.id, .name, kind: [l IN labels(a) WHERE l <> 'Actor'][0]} AS actor, score`

// lucene is the query actorgraph makes of one word (store.luceneQuery): whole or prefix.
func lucene(w string) string { return "(" + w + "^2 OR " + w + "*)" }

func scores(xs []float64) (any, error) {
	if len(xs) == 0 {
		return nil, errEmpty
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fmt.Sprintf("%.4f", x)
	}
	slices.Sort(out)
	return out, nil
}

func (b *bench) searchScenario(p *params) *scenario {
	word := func(i int) string { return p.Words[i%len(p.Words)] }
	return &scenario{Name: "search", Read: true, Compare: true,
		Desc:        fmt.Sprintf("full-text search, %d words from actors' names in turn, 10 hits (digest: the hits' scores)", len(p.Words)),
		FloorCypher: searchCypher,
		Floor: b.floorRead(searchCypher, func(i int) map[string]any { return map[string]any{"q": lucene(word(i))} },
			func(recs []*neo4j.Record, _ int) (any, error) {
				var xs []float64
				for _, r := range recs {
					f, _ := get(r, "score").(float64)
					xs = append(xs, f)
				}
				return scores(xs)
			}),
		AG: &gqlReq{Query: `query BenchSearch($text: String!) { search(text: $text, first: 10) { score actor { id name kind } } }`,
			Vars: func(i int) map[string]any { return map[string]any{"text": word(i)} },
			Check: func(data map[string]any, _ int) (any, error) {
				var xs []float64
				for _, h := range list(get(data, "search")) {
					f, _ := get(h, "score").(float64)
					xs = append(xs, f)
				}
				return scores(xs)
			}},
		Peer: &gqlReq{Query: `query BenchSearch($q: String!) { actorSearch(phrase: $q, first: 10, sort: [{score: DESC}]) { edges { score node { id name kind } } } }`,
			Vars: func(i int) map[string]any { return map[string]any{"q": lucene(word(i))} },
			Check: func(data map[string]any, _ int) (any, error) {
				var xs []float64
				for _, e := range list(get(data, "actorSearch", "edges")) {
					f, _ := get(e, "score").(float64)
					xs = append(xs, f)
				}
				return scores(xs)
			}},
		PeerNote: "@fulltext on actor_search, given the Lucene query actorgraph builds",
	}
}

// 6. The depth-2 subgraph around the hub.

type graphDigest struct {
	Truncated bool     `json:"truncated"`
	Nodes     []string `json:"nodes"`
	Edges     []string `json:"edges"`
}

func (d *graphDigest) check() (any, error) {
	if len(d.Nodes) < 2 {
		return nil, fmt.Errorf("a subgraph of %d nodes", len(d.Nodes))
	}
	slices.Sort(d.Edges)
	return d, nil
}

func subgraphDigest(sg any) (any, error) {
	t, _ := get(sg, "truncated").(bool)
	d := &graphDigest{Truncated: t, Nodes: ids(list(get(sg, "nodes")), "id"), Edges: ids(list(get(sg, "edges")), "id")}
	return d.check()
}

func (b *bench) subgraphScenario(p *params) *scenario {
	return &scenario{Name: "subgraph", Read: true, Compare: true,
		Desc:        fmt.Sprintf("the depth-2 subgraph around the hub %s (%d relationships), at most %d nodes, with the edges among them", p.Hub, p.HubDegree, subgraphMax),
		FloorCypher: subgraphCypher,
		Floor: b.floorRead(subgraphCypher, func(int) map[string]any { return map[string]any{"seed": p.Hub, "limit": subgraphMax} },
			func(recs []*neo4j.Record, _ int) (any, error) {
				if len(recs) == 0 {
					return nil, errEmpty
				}
				return subgraphDigest(get(recs[0], "result"))
			}),
		AG: &gqlReq{Query: `query BenchSubgraph($seed: ID!) {
  subgraph(seeds: [$seed], depth: 2, limit: 200) { truncated nodes { id label kind } edges { id type source target } }
}`, Vars: func(int) map[string]any { return map[string]any{"seed": p.Hub} },
			Check: func(data map[string]any, _ int) (any, error) { return subgraphDigest(get(data, "subgraph")) }},
		Peer: &gqlReq{Query: `query BenchSubgraph($seed: ID!) {
  subgraph(seed: $seed, limit: 200) { truncated nodes { id label kind } edges { id type source target } }
}`, Vars: func(int) map[string]any { return map[string]any{"seed": p.Hub} },
			Check: func(data map[string]any, _ int) (any, error) { return subgraphDigest(get(data, "subgraph")) }},
		PeerNote: "no generated form: a @cypher field running the floor's statement", PeerCypher: true,
	}
}

// 7. A shortest path.

func pathDigest(path any) (any, error) {
	n := num(get(path, "length"))
	if n < 1 || len(list(get(path, "edges"))) != int(n) {
		return nil, fmt.Errorf("a path of length %d with %d edges", n, len(list(get(path, "edges"))))
	}
	return map[string]int64{"length": n}, nil
}

func (b *bench) pathScenario(p *params) *scenario {
	pr := func(i int) pair { return p.Pairs[i%len(p.Pairs)] }
	vars := func(i int) map[string]any { return map[string]any{"from": pr(i).From, "to": pr(i).To} }
	return &scenario{Name: "path", Read: true, Compare: true,
		Desc:        fmt.Sprintf("a shortest path (at most 4 hops) between two actors, %d pairs in turn (digest: its length)", len(p.Pairs)),
		FloorCypher: pathCypher,
		Floor: b.floorRead(pathCypher, vars, func(recs []*neo4j.Record, _ int) (any, error) {
			if len(recs) == 0 {
				return nil, errEmpty
			}
			return pathDigest(get(recs[0], "result"))
		}),
		AG: &gqlReq{Query: `query BenchPath($from: ID!, $to: ID!) {
  paths(from: $from, to: $to, k: 1, maxLength: 4) { length nodes { id label kind } edges { id type source target } }
}`, Vars: vars, Check: func(data map[string]any, _ int) (any, error) {
			ps := list(get(data, "paths"))
			if len(ps) != 1 {
				return nil, fmt.Errorf("%d paths", len(ps))
			}
			return pathDigest(ps[0])
		}},
		Peer: &gqlReq{Query: `query BenchPath($from: ID!, $to: ID!) {
  shortestPath(from: $from, to: $to) { length nodes { id label kind } edges { id type source target } }
}`, Vars: vars, Check: func(data map[string]any, _ int) (any, error) { return pathDigest(get(data, "shortestPath")) }},
		PeerNote: "no generated form: a @cypher field running the floor's statement", PeerCypher: true,
	}
}

// 8. A mutation that creates an allegation (accuser, accused, source, first status).

const createCypher = `MATCH (x:Actor {id: $accuser}), (y:Actor {id: $accused}), (s:Source {id: $source})
CREATE (al:Allegation {id: $id, title: $title, categories: ['WAR_CRIMES'], status: 'REPORTED'})
CREATE (x)-[:MADE {role: 'complainant'}]->(al)
CREATE (al)-[:AGAINST]->(y)
CREATE (al)-[:SUPPORTED_BY]->(s)
CREATE (al)-[:HAS_STATUS]->(sc:StatusChange {id: $id + '/status/0', status: 'REPORTED', seq: 0})
CREATE (sc)-[:SUPPORTED_BY]->(s)
WITH al
MERGE (c:Counter {name: 'changes'}) ON CREATE SET c.seq = 0
SET c.seq = c.seq + 1
CREATE (:Change {seq: c.seq, n: 0, subjectId: al.id, operation: 'createAllegation', by: 'bench-floor',
  role: 'editor', at: datetime(), after: $after})
RETURN al.id AS id, al.status AS status, c.seq AS seq`

func (b *bench) createScenario(p *params) *scenario {
	parties := func(i int) (accuser, accused string) {
		accused = p.Actors[i%len(p.Actors)]
		for k := 0; ; k++ {
			if accuser = p.Accusers[(i+k)%len(p.Accusers)]; accuser != accused {
				return accuser, accused
			}
		}
	}
	newID := func(srv string) string { return fmt.Sprintf("bench-%s-%s-%d", b.runTag, srv, b.seq.Add(1)) }
	check := func(id, status string) (any, error) {
		if !strings.HasPrefix(id, "bench-"+b.runTag+"-") || status != "REPORTED" {
			return nil, fmt.Errorf("created %q with status %q", id, status)
		}
		return map[string]string{"status": status}, nil
	}
	return &scenario{Name: "create-allegation", Read: false, Compare: true,
		Desc:        "createAllegation: a new allegation with one accuser, one accused, one source and its first status (ids unique per request)",
		FloorCypher: createCypher,
		Floor: func(ctx context.Context, i int) (any, error) {
			accuser, accused := parties(i)
			id := newID("floor")
			after, _ := json.Marshal(map[string]any{"__typename": "Allegation", "id": id, "title": "Bench allegation",
				"categories": []string{"WAR_CRIMES"}, "status": "REPORTED"})
			recs, err := b.db.write(ctx, createCypher, map[string]any{"id": id, "title": "Bench allegation",
				"accuser": accuser, "accused": accused, "source": p.Source, "after": string(after)})
			if err != nil {
				return nil, err
			}
			if len(recs) == 0 {
				return nil, errEmpty
			}
			return check(str(get(recs[0], "id")), str(get(recs[0], "status")))
		},
		AG: &gqlReq{Auth: true, Query: `mutation BenchCreateAllegation($input: CreateAllegationInput!) {
  createAllegation(input: $input) { allegation { id status } changes { seq } }
}`, Vars: func(i int) map[string]any {
			accuser, accused := parties(i)
			return map[string]any{"input": map[string]any{"id": newID("ag"), "title": "Bench allegation",
				"categories": []string{"WAR_CRIMES"}, "accusers": []any{map[string]any{"actorId": accuser, "role": "complainant"}},
				"accused": []any{map[string]any{"actorId": accused}}, "sourceIds": []string{p.Source}}}
		}, Check: func(data map[string]any, _ int) (any, error) {
			al := get(data, "createAllegation", "allegation")
			return check(str(get(al, "id")), str(get(al, "status")))
		}},
		Peer: &gqlReq{Query: `mutation BenchCreateAllegation($input: [AllegationCreateInput!]!) {
  createAllegations(input: $input) { allegations { id status } }
}`, Vars: func(i int) map[string]any {
			accuser, accused := parties(i)
			id := newID("peer")
			src := map[string]any{"connect": []any{map[string]any{"where": map[string]any{"node": map[string]any{"id": map[string]any{"eq": p.Source}}}}}}
			return map[string]any{"input": []any{map[string]any{
				"id": id, "title": "Bench allegation", "categories": []string{"WAR_CRIMES"}, "status": "REPORTED",
				"accusers": map[string]any{"connect": []any{map[string]any{"where": map[string]any{"node": map[string]any{"id": map[string]any{"eq": accuser}}},
					"edge": map[string]any{"role": "complainant"}}}},
				"accused": map[string]any{"connect": []any{map[string]any{"where": map[string]any{"node": map[string]any{"id": map[string]any{"eq": accused}}}}}},
				"sources": src,
				"statusHistory": map[string]any{"create": []any{map[string]any{"node": map[string]any{
					"id": id + "/status/0", "status": "REPORTED", "seq": 0, "sources": src}}}},
			}}}
		}, Check: func(data map[string]any, _ int) (any, error) {
			als := list(get(data, "createAllegations", "allegations"))
			if len(als) != 1 {
				return nil, fmt.Errorf("%d allegations created", len(als))
			}
			return check(str(get(als[0], "id")), str(get(als[0], "status")))
		}},
		PeerNote: "createAllegations with nested connect/create; no audit record, no check that the actors exist",
	}
}

// Helpers to read answers: JSON objects, driver records and their maps alike.

// get follows keys through nested maps (and a driver record at the top).
func get(v any, keys ...string) any {
	for _, k := range keys {
		switch m := v.(type) {
		case *neo4j.Record:
			v, _ = m.Get(k)
		case map[string]any:
			v = m[k]
		default:
			return nil
		}
	}
	return v
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// num reads a JSON number or a driver integer.
func num(v any) int64 {
	switch n := v.(type) {
	case float64:
		return int64(n)
	case int64:
		return n
	}
	return -1
}

// ids reads the string at path in each item.
func ids(items []any, path ...string) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, str(get(it, path...)))
	}
	return out
}
