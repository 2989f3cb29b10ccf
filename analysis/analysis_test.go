package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	ag "github.com/actorgraph/actorgraph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
)

// build makes a subgraph of the named nodes and the edges "a>b" (MEMBER_OF, a to b), "a=b"
// (ALLIED_WITH) or "a!b" (ACCUSES), numbered in order.
func build(nodes []string, edges ...string) *ag.Subgraph {
	sg := &ag.Subgraph{}
	for _, id := range nodes {
		sg.Nodes = append(sg.Nodes, ag.GraphNode{ID: id, Label: id, Kind: ag.KindState})
	}
	for i, e := range edges {
		var a, b, op string
		for j, r := range e {
			if r == '>' || r == '=' || r == '!' {
				a, op, b = e[:j], string(r), e[j+1:]
				break
			}
		}
		typ := map[string]string{">": string(ag.MemberOf), "=": string(ag.AlliedWith), "!": ag.Accuses}[op]
		sg.Edges = append(sg.Edges, ag.GraphEdge{ID: fmt.Sprintf("e%d", i), Source: a, Target: b, Type: typ})
	}
	return sg
}

func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return out
}

func measure(t *testing.T, sg *ag.Subgraph, opts Options) *Result {
	t.Helper()
	res, err := Measure(sg, opts)
	if err != nil {
		t.Fatalf("Measure: %v", err)
	}
	if len(res.Nodes) != len(sg.Nodes) {
		t.Fatalf("got %d node results for %d nodes", len(res.Nodes), len(sg.Nodes))
	}
	return res
}

func node(t *testing.T, r *Result, id string) NodeMeasures {
	t.Helper()
	m, ok := r.Node(id)
	if !ok {
		t.Fatalf("no measures for %q", id)
	}
	return m
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func pageRankSum(r *Result) float64 {
	var s float64
	for _, m := range r.Nodes {
		s += m.PageRank
	}
	return s
}

func TestStar(t *testing.T) {
	// Centre c, five leaves pointing at it: c lies on every path between two leaves.
	leaves := ids("l", 5)
	var edges []string
	for _, l := range leaves {
		edges = append(edges, l+">c")
	}
	r := measure(t, build(append([]string{"c"}, leaves...), edges...), Options{})

	c := node(t, r, "c")
	if c.Betweenness != 1 {
		t.Errorf("centre betweenness = %v, want 1", c.Betweenness)
	}
	if c.Degree != 5 || c.InDegree != 5 || c.OutDegree != 0 {
		t.Errorf("centre degree = %d (in %d, out %d), want 5 (5, 0)", c.Degree, c.InDegree, c.OutDegree)
	}
	for _, l := range leaves {
		m := node(t, r, l)
		if m.Betweenness != 0 {
			t.Errorf("leaf %s betweenness = %v, want 0", l, m.Betweenness)
		}
		if m.Degree != 1 || m.OutDegree != 1 {
			t.Errorf("leaf %s degree = %d (out %d), want 1 (1)", l, m.Degree, m.OutDegree)
		}
		// All rank flows to the centre, which gives it back uniformly as a dangling node.
		if m.PageRank >= c.PageRank {
			t.Errorf("leaf %s PageRank %v >= centre's %v", l, m.PageRank, c.PageRank)
		}
	}
	// By hand, with n = 6: the centre has no out-edge, so it spreads d·c/n to everyone, and
	// each leaf sends d·x to the centre:
	//   x = (1−d)/n + d·c/n,   c = (1−d)/n + d·c/n + 5·d·x,
	// so c·(1 − d/n − 5d²/n) = (1−d)/n + 5d(1−d)/n.
	d, n := Damping, 6.0
	wantC := ((1-d)/n + 5*d*(1-d)/n) / (1 - d/n - 5*d*d/n)
	if !near(c.PageRank, wantC, 1e-8) {
		t.Errorf("centre PageRank = %v, want %v", c.PageRank, wantC)
	}
	if s := pageRankSum(r); !near(s, 1, 1e-9) {
		t.Errorf("PageRank sums to %v", s)
	}
}

func TestPathBetweenness(t *testing.T) {
	// On a path a-b-c-d-e, b lies on the paths a–c, a–d, a–e (3 of the 6 pairs not
	// involving b), c on a–d, a–e, b–d, b–e (4 of 6), d like b. Directions must not matter.
	r := measure(t, build([]string{"a", "b", "c", "d", "e"}, "a>b", "c>b", "c>d", "e>d"), Options{})
	want := map[string]float64{"a": 0, "b": 0.5, "c": 4.0 / 6, "d": 0.5, "e": 0}
	for id, w := range want {
		if got := node(t, r, id).Betweenness; !near(got, w, 1e-12) {
			t.Errorf("betweenness(%s) = %v, want %v", id, got, w)
		}
	}

	// Three nodes: the middle one is on the only other pair's path.
	r = measure(t, build([]string{"x", "y", "z"}, "x>y", "y>z"), Options{})
	if got := node(t, r, "y").Betweenness; got != 1 {
		t.Errorf("betweenness(y) on a 3-path = %v, want 1", got)
	}
	// Two nodes: no pair of others, so 0 rather than 0/0.
	r = measure(t, build([]string{"x", "y"}, "x>y"), Options{})
	if got := node(t, r, "x").Betweenness; got != 0 || math.IsNaN(got) {
		t.Errorf("betweenness on 2 nodes = %v, want 0", got)
	}
}

func TestTwoCliquesAndABridge(t *testing.T) {
	// Two K4s, {a,b,c,d} and {e,f,g,h}, joined by d–e. Every path between the cliques
	// crosses d and e: 3·4 = 12 pairs each, of the 21 pairs of other nodes.
	left, right := []string{"a", "b", "c", "d"}, []string{"e", "f", "g", "h"}
	var edges []string
	for _, k := range [][]string{left, right} {
		for i := range k {
			for j := i + 1; j < len(k); j++ {
				edges = append(edges, k[i]+">"+k[j])
			}
		}
	}
	edges = append(edges, "d=e")
	r := measure(t, build(append(left, right...), edges...), Options{})

	if r.Communities != 2 {
		t.Fatalf("communities = %d, want 2", r.Communities)
	}
	for _, k := range [][]string{left, right} {
		c := node(t, r, k[0]).Community
		for _, id := range k {
			if node(t, r, id).Community != c {
				t.Errorf("%s is in community %d, %s in %d", id, node(t, r, id).Community, k[0], c)
			}
		}
	}
	if node(t, r, "a").Community == node(t, r, "h").Community {
		t.Error("the two cliques share a community")
	}
	// Equal sizes: the community of the first node (a) is numbered 0.
	if node(t, r, "a").Community != 0 {
		t.Errorf("community of a = %d, want 0", node(t, r, "a").Community)
	}
	// Q = Σ_c [L_c/m − (d_c/2m)²] with m = 13, L_c = 6, d_c = 13: 12/13 − 1/2 = 11/26.
	if !near(r.Modularity, 11.0/26, 1e-12) {
		t.Errorf("modularity = %v, want 11/26 = %v", r.Modularity, 11.0/26)
	}
	for _, id := range []string{"d", "e"} {
		if got := node(t, r, id).Betweenness; !near(got, 12.0/21, 1e-12) {
			t.Errorf("betweenness(%s) = %v, want 12/21", id, got)
		}
	}
	for _, id := range []string{"a", "b", "c", "f", "g", "h"} {
		if got := node(t, r, id).Betweenness; got != 0 {
			t.Errorf("betweenness(%s) = %v, want 0", id, got)
		}
	}
	if r.Edges != 13 {
		t.Errorf("edges = %d, want 13", r.Edges)
	}
}

func TestPageRankCycles(t *testing.T) {
	for name, sg := range map[string]*ag.Subgraph{
		"directed cycle":  build(ids("n", 5), "n0>n1", "n1>n2", "n2>n3", "n3>n4", "n4>n0"),
		"symmetric cycle": build(ids("n", 4), "n0=n1", "n1=n2", "n2=n3", "n3=n0"),
	} {
		r := measure(t, sg, Options{})
		n := float64(len(sg.Nodes))
		for _, m := range r.Nodes {
			if !near(m.PageRank, 1/n, 1e-9) {
				t.Errorf("%s: PageRank(%s) = %v, want 1/%v", name, m.ID, m.PageRank, n)
			}
		}
		if s := pageRankSum(r); !near(s, 1, 1e-9) {
			t.Errorf("%s: PageRank sums to %v", name, s)
		}
	}
}

func TestSymmetricEdgesCountBothWays(t *testing.T) {
	// One ALLIED_WITH edge is a tie both ways: equal rank. One MEMBER_OF edge sends rank
	// to the organisation only.
	r := measure(t, build([]string{"a", "b"}, "a=b"), Options{})
	if a, b := node(t, r, "a").PageRank, node(t, r, "b").PageRank; !near(a, b, 1e-9) {
		t.Errorf("allies: PageRank %v vs %v, want equal", a, b)
	}
	r = measure(t, build([]string{"a", "b"}, "a>b"), Options{})
	if a, b := node(t, r, "a").PageRank, node(t, r, "b").PageRank; !(b > a+0.1) {
		t.Errorf("member a %v, organisation b %v: want b well above a", a, b)
	}
}

func TestParallelEdgesWeigh(t *testing.T) {
	// a→b twice, a→c once, b→a, c→a. With weights, a sends 2/3 of its rank to b:
	//   A = (1−d)/3 + d(B + C),  B = (1−d)/3 + d·(2/3)·A,  C = (1−d)/3 + d·(1/3)·A.
	// B + C = 2(1−d)/3 + d·A, so A = ((1−d)/3 + 2d(1−d)/3) / (1 − d²).
	sg := build([]string{"a", "b", "c"}, "a>b", "a>b", "a>c", "b>a", "c>a")
	r := measure(t, sg, Options{})
	d := Damping
	A := ((1-d)/3 + 2*d*(1-d)/3) / (1 - d*d)
	B := (1-d)/3 + d*2/3*A
	C := (1-d)/3 + d*1/3*A
	for id, w := range map[string]float64{"a": A, "b": B, "c": C} {
		if got := node(t, r, id).PageRank; !near(got, w, 1e-8) {
			t.Errorf("PageRank(%s) = %v, want %v", id, got, w)
		}
	}
	if a := node(t, r, "a"); a.OutDegree != 3 || a.InDegree != 2 || a.Degree != 5 {
		t.Errorf("a: degree %d (in %d, out %d), want 5 (2, 3)", a.Degree, a.InDegree, a.OutDegree)
	}
	// Parallel edges are one hop: a is still the only broker, between b and c.
	if got := node(t, r, "a").Betweenness; got != 1 {
		t.Errorf("betweenness(a) = %v, want 1", got)
	}
}

func TestAccusationsOption(t *testing.T) {
	// A triangle of allies {a,b,c} and one of {x,y,z}; a accuses x in six allegations.
	sg := build([]string{"a", "b", "c", "x", "y", "z"},
		"a=b", "b=c", "c=a", "x=y", "y=z", "z=x", "a!x", "a!x", "a!x", "a!x", "a!x", "a!x")

	r := measure(t, sg, Options{})
	if r.Edges != 6 {
		t.Errorf("edges without accusations = %d, want 6", r.Edges)
	}
	if a := node(t, r, "a"); a.Degree != 2 || a.OutDegree != 1 {
		t.Errorf("a without accusations: degree %d out %d, want 2 and 1", a.Degree, a.OutDegree)
	}
	if x := node(t, r, "x"); x.Betweenness != 0 {
		t.Errorf("x without accusations: betweenness %v, want 0", x.Betweenness)
	}
	if r.Communities != 2 {
		t.Errorf("communities without accusations = %d, want 2", r.Communities)
	}

	r = measure(t, sg, Options{IncludeAccusations: true})
	if r.Edges != 12 {
		t.Errorf("edges with accusations = %d, want 12", r.Edges)
	}
	if a := node(t, r, "a"); a.Degree != 8 || a.OutDegree != 7 {
		t.Errorf("a with accusations: degree %d out %d, want 8 and 7", a.Degree, a.OutDegree)
	}
	if x := node(t, r, "x"); x.InDegree != 7 || x.Betweenness == 0 {
		t.Errorf("x with accusations: in %d betweenness %v, want 7 and > 0", x.InDegree, x.Betweenness)
	}
	// This is why accusations are off by default: the pair a–x (weight 6) now outweighs the
	// alliances, and the best partition, {a,x} {b,c} {y,z} with Q = 1/6 against 0 for the
	// two triangles, puts accuser and accused together.
	if node(t, r, "a").Community != node(t, r, "x").Community {
		t.Errorf("with accusations, a and x should share a community")
	}
	if r.Communities != 3 || !near(r.Modularity, 1.0/6, 1e-12) {
		t.Errorf("with accusations: %d communities, Q %v; want 3 and 1/6", r.Communities, r.Modularity)
	}
}

func TestEmptyAndIsolated(t *testing.T) {
	for name, sg := range map[string]*ag.Subgraph{"nil": nil, "empty": {}} {
		r, err := Measure(sg, Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(r.Nodes) != 0 || r.Edges != 0 || r.Communities != 0 || r.Modularity != 0 {
			t.Errorf("%s: got %+v", name, r)
		}
		if _, ok := r.Node("a"); ok {
			t.Errorf("%s: found a node", name)
		}
	}

	// Nodes and no edge: each node alone, equal rank, Q defined as 0.
	r := measure(t, build(ids("n", 4)), Options{})
	if r.Communities != 4 || r.Modularity != 0 {
		t.Errorf("no edges: %d communities, Q %v; want 4 and 0", r.Communities, r.Modularity)
	}
	seen := map[int]bool{}
	for _, m := range r.Nodes {
		if !near(m.PageRank, 0.25, 1e-9) || m.Betweenness != 0 || m.Degree != 0 {
			t.Errorf("isolated %s: %+v", m.ID, m)
		}
		seen[m.Community] = true
	}
	if len(seen) != 4 {
		t.Errorf("isolated nodes share communities: %v", seen)
	}

	// A triangle plus two isolated nodes: communities are numbered largest first.
	r = measure(t, build([]string{"i1", "a", "b", "c", "i2"}, "a>b", "b>c", "c>a"), Options{})
	if r.Communities != 3 {
		t.Errorf("triangle + 2 isolated: %d communities, want 3", r.Communities)
	}
	want := map[string]int{"a": 0, "b": 0, "c": 0, "i1": 1, "i2": 2}
	for id, c := range want {
		if got := node(t, r, id).Community; got != c {
			t.Errorf("community(%s) = %d, want %d", id, got, c)
		}
	}
	if s := pageRankSum(r); !near(s, 1, 1e-9) {
		t.Errorf("PageRank sums to %v", s)
	}
	// One community holding every edge: Q = 1 − Σ(d_c/2m)² = 1 − 1 = 0.
	if !near(r.Modularity, 0, 1e-12) {
		t.Errorf("modularity = %v, want 0", r.Modularity)
	}
}

func TestSelfLoop(t *testing.T) {
	r := measure(t, build([]string{"a", "b"}, "a>a", "a>b"), Options{})
	if a := node(t, r, "a"); a.Degree != 3 || a.InDegree != 1 || a.OutDegree != 2 {
		t.Errorf("a: degree %d (in %d, out %d), want 3 (1, 2)", a.Degree, a.InDegree, a.OutDegree)
	}
	if s := pageRankSum(r); !near(s, 1, 1e-9) {
		t.Errorf("PageRank sums to %v", s)
	}
}

func TestInvalidInput(t *testing.T) {
	for name, sg := range map[string]*ag.Subgraph{
		"unknown source":     build([]string{"a"}, "zz>a"),
		"unknown target":     build([]string{"a"}, "a>zz"),
		"unknown accusation": build([]string{"a"}, "a!zz"), // left out of the measures, still checked
		"duplicate node":     build([]string{"a", "a"}),
		"empty node id":      build([]string{""}),
		"duplicate edge id": {Nodes: build([]string{"a", "b"}).Nodes, Edges: []ag.GraphEdge{
			{ID: "r", Source: "a", Target: "b", Type: string(ag.MemberOf)},
			{ID: "r", Source: "b", Target: "a", Type: string(ag.MemberOf)}}},
	} {
		_, err := Measure(sg, Options{})
		if ag.ErrorCode(err) != ag.InvalidInput {
			t.Errorf("%s: error %v, want INVALID_INPUT", name, err)
		}
	}
	for _, res := range []float64{-1, math.NaN(), math.Inf(1)} {
		_, err := Measure(build([]string{"a"}), Options{Resolution: res})
		if ag.ErrorCode(err) != ag.InvalidInput {
			t.Errorf("resolution %v: error %v, want INVALID_INPUT", res, err)
		}
	}
}

func TestResolution(t *testing.T) {
	// A ring of four triangles, each linked to the next by one edge. At γ = 1 each triangle is
	// a community; at a resolution low enough the whole ring is one.
	var nodes, edges []string
	for k := range 4 {
		a, b, c := fmt.Sprintf("a%d", k), fmt.Sprintf("b%d", k), fmt.Sprintf("c%d", k)
		nodes = append(nodes, a, b, c)
		edges = append(edges, a+">"+b, b+">"+c, c+">"+a, c+">"+fmt.Sprintf("a%d", (k+1)%4))
	}
	sg := build(nodes, edges...)
	if r := measure(t, sg, Options{}); r.Communities != 4 {
		t.Errorf("γ = 1: %d communities, want 4", r.Communities)
	}
	if r := measure(t, sg, Options{Resolution: 0.05}); r.Communities != 1 {
		t.Errorf("γ = 0.05: %d communities, want 1", r.Communities)
	}
}

func TestDeterministic(t *testing.T) {
	// gonum's simple graphs iterate maps in random order; the communities must not depend on
	// it, only on Seed.
	sg := synthetic(300, 900, 7)
	first := measure(t, sg, Options{Seed: 3})
	communities := func(r *Result) []int {
		out := make([]int, len(r.Nodes))
		for i, m := range r.Nodes {
			out[i] = m.Community
		}
		return out
	}
	for range 10 {
		r := measure(t, sg, Options{Seed: 3})
		if !reflect.DeepEqual(communities(r), communities(first)) {
			t.Fatal("communities changed between runs with the same seed")
		}
		if !near(r.Modularity, first.Modularity, 1e-12) {
			t.Fatalf("modularity %v, then %v", first.Modularity, r.Modularity)
		}
		for i, m := range r.Nodes {
			f := first.Nodes[i]
			if !near(m.Betweenness, f.Betweenness, 1e-12) || !near(m.PageRank, f.PageRank, 1e-8) {
				t.Fatalf("node %s: %+v, then %+v", m.ID, f, m)
			}
		}
	}
	if first.Communities < 2 || first.Modularity <= 0 {
		t.Errorf("a sparse random graph should split: %d communities, Q %v", first.Communities, first.Modularity)
	}
}

// synthetic makes a random subgraph of n nodes and m edges of mixed types, the same for the
// same seed.
func synthetic(n, m int, seed uint64) *ag.Subgraph {
	rnd := rand.New(rand.NewPCG(seed, seed))
	sg := &ag.Subgraph{Nodes: make([]ag.GraphNode, n), Edges: make([]ag.GraphEdge, m)}
	for i := range sg.Nodes {
		sg.Nodes[i] = ag.GraphNode{ID: fmt.Sprintf("actor-%d", i), Kind: ag.Kinds[i%len(ag.Kinds)]}
	}
	types := append([]string{ag.Accuses}, func() (s []string) {
		for _, t := range ag.RelTypes {
			s = append(s, string(t))
		}
		return s
	}()...)
	for i := range sg.Edges {
		s := rnd.IntN(n)
		t := rnd.IntN(n - 1)
		if t >= s {
			t++ // no self-loops
		}
		sg.Edges[i] = ag.GraphEdge{ID: fmt.Sprintf("rel-%d", i), Source: sg.Nodes[s].ID,
			Target: sg.Nodes[t].ID, Type: types[rnd.IntN(len(types))]}
	}
	return sg
}

// BenchmarkMeasure runs Measure on random subgraphs of n nodes and 5n edges, accusations
// included: a large subgraph for a page to show (1k) and ten times that (10k).
func BenchmarkMeasure(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		sg := synthetic(n, 5*n, 1)
		b.Run(fmt.Sprintf("nodes=%d/edges=%d", n, 5*n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Measure(sg, Options{IncludeAccusations: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestBetweennessAgreesWithGonum(t *testing.T) {
	// gonum counts each pair from both ends, so its values are twice ours before
	// normalisation. Sparse graphs leave isolated nodes and several components; the dense
	// one has many parallel edges.
	for _, c := range []struct{ n, m int }{{30, 20}, {60, 150}, {120, 300}, {50, 600}} {
		sg := synthetic(c.n, c.m, uint64(c.n*c.m))
		r := measure(t, sg, Options{IncludeAccusations: true})
		g := simple.NewUndirectedGraph()
		for i := range sg.Nodes {
			g.AddNode(simple.Node(i))
		}
		idx := map[string]int64{}
		for i, nd := range sg.Nodes {
			idx[nd.ID] = int64(i)
		}
		for _, e := range sg.Edges {
			g.SetEdge(simple.Edge{F: simple.Node(idx[e.Source]), T: simple.Node(idx[e.Target])})
		}
		want := network.Betweenness(g)
		norm := float64((c.n - 1) * (c.n - 2))
		nonzero := 0
		for i, m := range r.Nodes {
			if w := want[int64(i)] / norm; !near(m.Betweenness, w, 1e-12) {
				t.Errorf("n=%d m=%d: betweenness(%s) = %v, gonum %v", c.n, c.m, m.ID, m.Betweenness, w)
			}
			if m.Betweenness > 0 {
				nonzero++
			}
		}
		if nonzero == 0 {
			t.Errorf("n=%d m=%d: all betweenness 0, the comparison checks nothing", c.n, c.m)
		}
	}
}
