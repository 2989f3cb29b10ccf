package server_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/store/storetest"
)

const subgraphQ = `query($seeds: [ID!]!, $depth: Int, $types: [RelationshipType!], $asOf: PartialDate, $acc: Boolean, $limit: Int) {
	subgraph(seeds: $seeds, depth: $depth, types: $types, asOf: $asOf, accusations: $acc, limit: $limit) {
	  truncated nodes { id label kind degree actor { id } }
	  edges { id source target type since until allegation { id } sources { id } } } }`

func TestSubgraphIsNodesAndEdges(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	d := a.ok(subgraphQ, map[string]any{"seeds": []string{"mali"}})
	sg := at(d, "subgraph")
	nodes := ids(at(sg, "nodes"))
	for _, want := range []string{"mali", "ecowas", "aes", "russia", "icc"} {
		if !contains(nodes, want) {
			t.Errorf("Mali's neighbourhood lacks %s: %v", want, nodes)
		}
	}
	if at(sg, "truncated") != false {
		t.Error("not truncated")
	}
	degree := map[string]int{}
	for _, e := range at(sg, "edges").([]any) {
		src, dst := str(at(e, "source")), str(at(e, "target"))
		if !contains(nodes, src) || !contains(nodes, dst) {
			t.Errorf("edge %v leaves the subgraph", e)
		}
		if len(at(e, "sources").([]any)) == 0 {
			t.Errorf("edge %v has no source", at(e, "id"))
		}
		degree[src]++
		degree[dst]++
	}
	for _, n := range at(sg, "nodes").([]any) {
		if int(at(n, "degree").(float64)) != degree[str(at(n, "id"))] || at(n, "actor", "id") != at(n, "id") {
			t.Errorf("node %v: degree should be %d", n, degree[str(at(n, "id"))])
		}
	}
	// The edge ids are the API's relationship ids.
	if d := a.ok(`{ relationship(id: "mali-member-of-ecowas") { id } }`, nil); at(d, "relationship", "id") == nil ||
		!contains(ids(at(sg, "edges")), "mali-member-of-ecowas") {
		t.Error("mali-member-of-ecowas should be an edge with the relationship's id")
	}

	d = a.ok(subgraphQ, map[string]any{"seeds": []string{"mali"}, "depth": 2, "limit": 4})
	if at(d, "subgraph", "truncated") != true || len(at(d, "subgraph", "nodes").([]any)) != 4 || !contains(ids(at(d, "subgraph", "nodes")), "mali") {
		t.Errorf("a limit of 4 should give 4 nodes, the seed among them, and say it cut: %v", at(d, "subgraph", "nodes"))
	}
	a.fails(subgraphQ, map[string]any{"seeds": []string{"mali"}, "depth": 4}, "LIMIT_EXCEEDED", "depth")
	a.fails(subgraphQ, map[string]any{"seeds": []string{"mali"}, "limit": 2001}, "LIMIT_EXCEEDED", "limit")
	a.fails(subgraphQ, map[string]any{"seeds": []string{"mali", "atlantis"}}, "NOT_FOUND", "seeds")
	a.fails(subgraphQ, map[string]any{"seeds": []string{}}, "INVALID_INPUT", "seeds")
}

// TestSubgraphAsOfTheECOWASExit: ECOWAS's members before and after the three states left
// (effective 2025-01-29).
func TestSubgraphAsOfTheECOWASExit(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	members := func(asOf string) []string {
		d := a.ok(subgraphQ, map[string]any{"seeds": []string{"ecowas"}, "types": []string{"MEMBER_OF"}, "asOf": asOf})
		return ids(at(d, "subgraph", "nodes"))
	}
	before, after := members("2024-06-01"), members("2025-06-01")
	for _, s := range []string{"mali", "niger", "burkina-faso"} {
		if !contains(before, s) {
			t.Errorf("%s was in ECOWAS on 2024-06-01: %v", s, before)
		}
		if contains(after, s) {
			t.Errorf("%s had left ECOWAS by 2025-06-01: %v", s, after)
		}
	}
}

func TestSubgraphWithAccusationsAndMeasures(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	d := a.ok(subgraphQ, map[string]any{"seeds": []string{"africa-corps"}, "acc": true})
	var accuses int
	for _, e := range at(d, "subgraph", "edges").([]any) {
		if at(e, "type") == "ACCUSES" {
			accuses++
			if at(e, "target") == "africa-corps" && at(e, "allegation", "id") == nil {
				t.Errorf("an accusation edge names its allegation: %v", e)
			}
		}
	}
	if accuses == 0 {
		t.Fatal("Africa Corps is accused: its subgraph with accusations should show it")
	}
	d = a.ok(`{ subgraph(seeds: ["mali", "niger"], depth: 2) { nodes { id }
		measures { modularity communities edges nodes { id degree betweenness pageRank community } } } }`, nil)
	ms := at(d, "subgraph", "measures", "nodes").([]any)
	if len(ms) != len(at(d, "subgraph", "nodes").([]any)) {
		t.Fatalf("one measure per node: %d vs %d", len(ms), len(at(d, "subgraph", "nodes").([]any)))
	}
	sum := 0.0
	for _, m := range ms {
		sum += at(m, "pageRank").(float64)
		if b := at(m, "betweenness").(float64); b < 0 || b > 1 {
			t.Errorf("betweenness out of [0,1]: %v", m)
		}
	}
	if math.Abs(sum-1) > 1e-6 {
		t.Errorf("PageRank sums to %v", sum)
	}
	if at(d, "subgraph", "measures", "communities").(float64) < 2 {
		t.Errorf("a two-hop neighbourhood of Mali and Niger has more than one community: %v", at(d, "subgraph", "measures"))
	}
}

const pathsQ = `query($from: ID!, $to: ID!, $k: Int, $len: Int, $acc: Boolean) {
	paths(from: $from, to: $to, k: $k, maxLength: $len, accusations: $acc) {
	  length nodes { id type label kind } edges { id source target type } } }`

// TestPathsFromPutinToTheTuaregComplaint answers the article's question: how is Vladimir
// Putin connected to the Tuareg associations' complaint?
func TestPathsFromPutinToTheTuaregComplaint(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	d := a.ok(pathsQ, map[string]any{"from": "vladimir-putin", "to": "allegation-tuareg-icc-2025", "acc": true, "len": 5})
	paths := at(d, "paths").([]any)
	if len(paths) == 0 {
		t.Fatal("Putin leads Russia, which controls Africa Corps, which the complaint accuses: there is a path")
	}
	prev := 0.0
	for _, p := range paths {
		nodes, edges := at(p, "nodes").([]any), at(p, "edges").([]any)
		if len(edges) != len(nodes)-1 || at(p, "length").(float64) != float64(len(edges)) || at(p, "length").(float64) < prev {
			t.Errorf("malformed or unordered path: %v", p)
		}
		prev = at(p, "length").(float64)
		if at(nodes[0], "id") != "vladimir-putin" || at(nodes[len(nodes)-1], "id") != "allegation-tuareg-icc-2025" || at(nodes[len(nodes)-1], "type") != "Allegation" {
			t.Errorf("the path should run from Putin to the complaint: %v", nodes)
		}
		for i, e := range edges {
			ends := []string{str(at(e, "source")), str(at(e, "target"))}
			if !slices.Contains(ends, str(at(nodes[i], "id"))) || !slices.Contains(ends, str(at(nodes[i+1], "id"))) {
				t.Errorf("edge %v does not join %v and %v", e, at(nodes[i], "id"), at(nodes[i+1], "id"))
			}
		}
	}
	d = a.ok(pathsQ, map[string]any{"from": "assimi-goita", "to": "ibrahim-traore", "k": 2})
	if len(at(d, "paths").([]any)) == 0 {
		t.Error("the two junta leaders are connected (through their states and the AES)")
	}
	a.fails(pathsQ, map[string]any{"from": "vladimir-putin", "to": "allegation-tuareg-icc-2025"}, "NOT_FOUND", "to")
	a.fails(pathsQ, map[string]any{"from": "mali", "to": "niger", "k": 6}, "LIMIT_EXCEEDED", "k")
	a.fails(pathsQ, map[string]any{"from": "mali", "to": "niger", "len": 7}, "LIMIT_EXCEEDED", "maxLength")
}

func TestCoAccusedAndTheAccusationNetwork(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	d := a.ok(`{ coAccused(id: "africa-corps") { actor { id } count allegations { id } } }`, nil)
	var fama any
	for _, c := range at(d, "coAccused").([]any) {
		if int(at(c, "count").(float64)) != len(at(c, "allegations").([]any)) {
			t.Errorf("count and allegations disagree: %v", c)
		}
		if at(c, "actor", "id") == "fama" {
			fama = c
		}
	}
	if fama == nil || !contains(ids(at(fama, "allegations")), "allegation-tuareg-icc-2025") {
		t.Errorf("FAMa is accused with Africa Corps in the Tuareg complaint: %v", d)
	}
	d = a.ok(`{ accusationNetwork { accuser { id } accused { id } weight allegations { id } reciprocal } }`, nil)
	edges := at(d, "accusationNetwork").([]any)
	pairs := map[[2]string]bool{}
	for _, e := range edges {
		pairs[[2]string{str(at(e, "accuser", "id")), str(at(e, "accused", "id"))}] = true
	}
	if !pairs[[2]string{"mali", "icc"}] {
		t.Errorf("Mali accuses the ICC of selective justice: %v", pairs)
	}
	for _, e := range edges {
		x, y := str(at(e, "accuser", "id")), str(at(e, "accused", "id"))
		if at(e, "reciprocal") != pairs[[2]string{y, x}] {
			t.Errorf("%s → %s: reciprocal should be %v", x, y, pairs[[2]string{y, x}])
		}
		if int(at(e, "weight").(float64)) != len(at(e, "allegations").([]any)) {
			t.Errorf("weight and allegations disagree: %v", e)
		}
	}
}

func TestCommonAndTimeline(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	d := a.ok(`{ common(a: "mali", b: "niger") { neighbours { actor { id } via { id } } allegations { id } } }`, nil)
	ns := ids(at(d, "common", "neighbours"), "actor")
	if !contains(ns, "aes") || !contains(ns, "ecowas") || !contains(ids(at(d, "common", "allegations")), "allegation-aes-icc-selective-justice") {
		t.Errorf("Mali and Niger share the AES, ECOWAS and their accusation of the ICC: %v", d)
	}
	d = a.ok(`{ timeline(ids: ["mali"], first: 500) { date what event { id } relationship { id } } }`, nil)
	var last string
	var ended, announced bool
	for _, e := range at(d, "timeline").([]any) {
		date := str(at(e, "date"))
		if date != "" && date < last {
			t.Errorf("not in date order: %s after %s", date, last)
		}
		if date != "" {
			last = date
		}
		if at(e, "relationship", "id") == "mali-member-of-ecowas" {
			ended = ended || (at(e, "what") == "RELATIONSHIP_ENDED" && date == "2025-01-29")
			announced = announced || (at(e, "what") == "END_ANNOUNCED" && date == "2024-01-28")
		}
	}
	if !ended || !announced {
		t.Errorf("Mali's timeline should show the ECOWAS exit announced 2024-01-28 and effective 2025-01-29 (%v %v)", announced, ended)
	}
	a.fails(`{ timeline(ids: ["atlantis"]) { date } }`, nil, "NOT_FOUND", "ids")
}

// An actor reached by several relationships counts once against the node limit: a cut
// subgraph holds exactly `limit` actors and says it was cut, and one that fits is whole.
func TestSubgraphLimitCountsActorsOnce(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	full := a.ok(subgraphQ, map[string]any{"seeds": []string{"mali", "niger"}, "depth": 2, "limit": 2000})
	n := len(at(full, "subgraph", "nodes").([]any))
	if at(full, "subgraph", "truncated") != false || n < 20 {
		t.Fatalf("the whole two-hop neighbourhood: %d nodes, truncated %v", n, at(full, "subgraph", "truncated"))
	}
	for _, limit := range []int{3, n / 2, n - 1} {
		d := a.ok(subgraphQ, map[string]any{"seeds": []string{"mali", "niger"}, "depth": 2, "limit": limit})
		if got := len(at(d, "subgraph", "nodes").([]any)); got != limit || at(d, "subgraph", "truncated") != true {
			t.Errorf("limit %d of %d: got %d nodes, truncated %v", limit, n, got, at(d, "subgraph", "truncated"))
		}
	}
	d := a.ok(subgraphQ, map[string]any{"seeds": []string{"mali", "niger"}, "depth": 2, "limit": n})
	if got := len(at(d, "subgraph", "nodes").([]any)); got != n || at(d, "subgraph", "truncated") != false {
		t.Errorf("limit %d = the whole: got %d nodes, truncated %v", n, got, at(d, "subgraph", "truncated"))
	}

	// A graph where every second-hop actor is reached five times: x - a1..a5 - b1..b3.
	s := storetest.Open(t)
	ds := &ag.Dataset{Sources: []ag.Source{{ID: "s", Title: "test"}}}
	ds.Actors = append(ds.Actors, ag.Actor{ID: "x", Kind: ag.KindState, Name: "X", SourceIDs: []string{"s"}})
	for i := 1; i <= 5; i++ {
		ai := fmt.Sprintf("a%d", i)
		ds.Actors = append(ds.Actors, ag.Actor{ID: ai, Kind: ag.KindArmedGroup, Name: ai, SourceIDs: []string{"s"}})
		ds.Relationships = append(ds.Relationships, ag.Relationship{ID: ai + "-in-x", Type: ag.OperatesIn, FromID: ai, ToID: "x", SourceIDs: []string{"s"}})
	}
	for j := 1; j <= 3; j++ {
		bj := fmt.Sprintf("b%d", j)
		ds.Actors = append(ds.Actors, ag.Actor{ID: bj, Kind: ag.KindArmedGroup, Name: bj, SourceIDs: []string{"s"}})
		for i := 1; i <= 5; i++ {
			ds.Relationships = append(ds.Relationships, ag.Relationship{ID: fmt.Sprintf("a%d-ally-%s", i, bj), Type: ag.AlliedWith,
				FromID: fmt.Sprintf("a%d", i), ToID: bj, SourceIDs: []string{"s"}})
		}
	}
	if err := s.Load(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	b := newAPI(t, s)
	d = b.ok(subgraphQ, map[string]any{"seeds": []string{"x"}, "depth": 2, "limit": 8})
	if got := len(at(d, "subgraph", "nodes").([]any)); got != 8 || at(d, "subgraph", "truncated") != true {
		t.Errorf("x, five a's, and two of three b's: got %d nodes, truncated %v", got, at(d, "subgraph", "truncated"))
	}
}
