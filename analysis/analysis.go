// Package analysis measures the link structure of a Subgraph: degree, betweenness centrality,
// PageRank and Louvain communities with their modularity. It is pure computation on an
// *actorgraph.Subgraph already in memory, and knows nothing of the database or of GraphQL.
// PageRank, the Louvain method and modularity are gonum's (gonum.org/v1/gonum/graph);
// betweenness is Brandes' algorithm written here over slices, because gonum's took minutes on
// a graph of 10,000 nodes (see betweenness.go); the tests check it against gonum's.
//
// A Subgraph is a directed multigraph with typed edges; each measure needs a plain graph, and
// the choice of which is a modelling decision, made here once:
//
//   - Degree counts every edge of the subgraph that Measure includes, parallel edges each
//     once, in the direction stored (Source → Target). A self-loop counts once in and once
//     out, so twice in Degree, as in networkx.
//   - Betweenness treats edges as undirected and unweighted: an actor is a broker if it lies
//     on the short ways between others, whichever way the stored relationships point (a force
//     is PART_OF its state, a state MEMBER_OF a bloc; both are ties that carry influence both
//     ways). Parallel edges collapse to one hop, since a second edge makes no path shorter.
//   - PageRank treats edges as directed, Source → Target, and weights each ordered pair by the
//     number of edges between them, so rank flows to what is belonged to, governed, led,
//     controlled or accused. Symmetric relationships (ALLIED_WITH) count in both directions.
//   - Communities and modularity treat edges as undirected and weight each pair of actors by
//     the number of edges between them, in either direction.
//   - Self-loops are left out of betweenness, PageRank and communities: they link an actor to
//     no one.
//   - ACCUSES edges are left out unless Options.IncludeAccusations is set. An accusation is a
//     hostile tie; modularity and PageRank read every edge as affinity or endorsement, so
//     counting accusations would put accuser and accused in one community.
package analysis

import (
	"math"
	"math/rand/v2"
	"sort"

	ag "github.com/actorgraph/actorgraph"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
)

// Damping is the PageRank damping factor: the chance that a random walker follows an edge
// rather than jumping to a node chosen uniformly.
const Damping = 0.85

// Tolerance stops PageRank's power iteration when the Euclidean norm of the change between
// two iterations falls below it. gonum starts the iteration from a random vector, so two runs
// may differ by about Tolerance·Damping/(1−Damping) ≈ 6e-10 per node; nothing else in Measure
// varies between runs.
const Tolerance = 1e-10

// Options choose what Measure counts. The zero value is the default.
type Options struct {
	// IncludeAccusations counts ACCUSES edges in every measure. Off by default: see the
	// package documentation.
	IncludeAccusations bool
	// Resolution is the γ of modularity (Reichardt and Bornholdt): above 1 it favours more,
	// smaller communities. 0 means 1, the standard modularity of Newman and Girvan.
	Resolution float64
	// Seed seeds the random source of the Louvain method, which visits nodes in a random
	// order. The same subgraph, options and seed always give the same communities; another
	// seed may give another partition of similar modularity.
	Seed uint64
}

// NodeMeasures are the measures of one node.
type NodeMeasures struct {
	ID        string
	Degree    int // InDegree + OutDegree
	InDegree  int // included edges whose Target is this node
	OutDegree int // included edges whose Source is this node
	// Betweenness is the node's share of shortest paths between other pairs, normalised by
	// the number of pairs of other nodes, (n−1)(n−2)/2, so it lies in [0, 1]: 1 for the
	// centre of a star, 0 for a leaf. It equals networkx's betweenness_centrality with
	// normalized=True on the undirected simple graph. For n < 3 it is 0.
	Betweenness float64
	// PageRank is the node's stationary probability under a random walk with damping
	// Damping; over all nodes it sums to 1. Nodes without outgoing edges spread their rank
	// uniformly.
	PageRank float64
	// Community numbers the node's community from 0: communities are numbered by size,
	// largest first, ties broken by the position of their first node in the subgraph. A node
	// with no included edge is a community of its own.
	Community int
}

// Result holds the measures of a subgraph.
type Result struct {
	Nodes []NodeMeasures // one per node, in the order of the subgraph's Nodes
	Edges int            // the edges measured: all of the subgraph's, less ACCUSES unless included
	// Modularity is Q of the communities found, at Options.Resolution, on the undirected
	// weighted graph. It is 0 when there is no edge (Q is undefined there).
	Modularity  float64
	Communities int // the number of communities, singletons included

	index map[string]int
}

// Node returns the measures of the node with the given id, and false if the subgraph has no
// such node.
func (r *Result) Node(id string) (NodeMeasures, bool) {
	i, ok := r.index[id]
	if !ok {
		return NodeMeasures{}, false
	}
	return r.Nodes[i], true
}

// Measure computes the measures of every node of sg. It fails with INVALID_INPUT if a node id
// is empty or repeated, an edge id is repeated, or an edge names a node that is not in sg;
// edges that Options leave out are checked too, since they reveal the same broken input.
//
// Betweenness costs a breadth-first search from every node, O(n·m), and gonum's Louvain
// grows faster than linearly with community sizes: on one core, 1,000 nodes and 5,000 edges
// take about a quarter of a second, 10,000 and 50,000 about 25 s (BenchmarkMeasure). Callers
// serving requests should cap the subgraph they measure.
func Measure(sg *ag.Subgraph, opts Options) (*Result, error) {
	if sg == nil {
		sg = &ag.Subgraph{}
	}
	index, err := indexNodes(sg)
	if err != nil {
		return nil, err
	}
	resolution := opts.Resolution
	if resolution == 0 {
		resolution = 1
	}
	if !(resolution > 0) || math.IsInf(resolution, 0) {
		return nil, ag.Invalid("options.resolution", "resolution %g is not a positive number", opts.Resolution)
	}

	n := len(sg.Nodes)
	res := &Result{Nodes: make([]NodeMeasures, n), index: index}
	for i, nd := range sg.Nodes {
		res.Nodes[i].ID = nd.ID
	}

	// Node i of the gonum graphs is sg.Nodes[i].
	undirected := simple.NewWeightedUndirectedGraph(0, 0)
	directed := simple.NewWeightedDirectedGraph(0, 0)
	for i := range n {
		undirected.AddNode(simple.Node(i))
		directed.AddNode(simple.Node(i))
	}
	addWeight := func(g interface {
		Weight(x, y int64) (float64, bool)
		SetWeightedEdge(graph.WeightedEdge)
	}, from, to int) (first bool) {
		w, ok := g.Weight(int64(from), int64(to))
		g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(from), T: simple.Node(to), W: w + 1})
		return !ok
	}
	// adj lists each node's distinct neighbours, ignoring direction, for betweenness; pairs
	// counts the pairs of nodes linked.
	adj := make([][]int32, n)
	pairs := 0

	for _, e := range sg.Edges {
		if e.Type == ag.Accuses && !opts.IncludeAccusations {
			continue
		}
		s, t := index[e.Source], index[e.Target]
		res.Edges++
		res.Nodes[s].OutDegree++
		res.Nodes[t].InDegree++
		if s == t {
			continue
		}
		if addWeight(undirected, s, t) {
			adj[s] = append(adj[s], int32(t))
			adj[t] = append(adj[t], int32(s))
			pairs++
		}
		addWeight(directed, s, t)
		if ag.RelType(e.Type).Symmetric() {
			addWeight(directed, t, s)
		}
	}
	for i := range res.Nodes {
		res.Nodes[i].Degree = res.Nodes[i].InDegree + res.Nodes[i].OutDegree
	}
	if n == 0 {
		return res, nil
	}

	// Normalised by the number of pairs of other nodes. See betweenness for why it is not
	// gonum's network.Betweenness.
	if n > 2 {
		norm := float64(n-1) * float64(n-2) / 2
		for i, b := range betweenness(adj) {
			res.Nodes[i].Betweenness = b / norm
		}
	}

	// The sparse variant: the dense one allocates an n×n matrix.
	for id, r := range network.PageRankSparse(directed, Damping, Tolerance) {
		res.Nodes[id].PageRank = r
	}

	communities := louvain(undirected, n, pairs, resolution, opts.Seed)
	res.Communities = len(communities)
	for c, members := range communities {
		for _, i := range members {
			res.Nodes[i].Community = c
		}
	}
	if pairs > 0 {
		parts := make([][]graph.Node, len(communities))
		for c, members := range communities {
			for _, i := range members {
				parts[c] = append(parts[c], simple.Node(i))
			}
		}
		res.Modularity = community.Q(undirected, parts, resolution)
	}
	return res, nil
}

// louvain returns the communities of g as lists of node indexes, each list ascending, the
// lists numbered as NodeMeasures.Community says.
func louvain(g *simple.WeightedUndirectedGraph, n, pairs int, resolution float64, seed uint64) [][]int {
	var communities [][]int
	if pairs == 0 {
		// Louvain has nothing to move on; every node is alone.
		for i := range n {
			communities = append(communities, []int{i})
		}
		return communities
	}
	// The second PCG word is fixed so that Seed alone picks the stream. gonum sorts the nodes
	// by id and sorts candidate communities before it draws, so the source is the only
	// randomness.
	src := rand.NewPCG(seed, 0x6163746f72677261) // "actorgra"
	for _, c := range community.Modularize(g, resolution, src).Communities() {
		members := make([]int, len(c))
		for j, nd := range c {
			members[j] = int(nd.ID())
		}
		sort.Ints(members)
		communities = append(communities, members)
	}
	sort.Slice(communities, func(a, b int) bool {
		if len(communities[a]) != len(communities[b]) {
			return len(communities[a]) > len(communities[b])
		}
		return communities[a][0] < communities[b][0]
	})
	return communities
}

// indexNodes maps each node id to its position, and checks ids and edge ends.
func indexNodes(sg *ag.Subgraph) (map[string]int, error) {
	index := make(map[string]int, len(sg.Nodes))
	for i, nd := range sg.Nodes {
		if nd.ID == "" {
			return nil, ag.Invalid("nodes", "node %d has no id", i)
		}
		if _, dup := index[nd.ID]; dup {
			return nil, ag.Invalid("nodes", "node %q appears twice", nd.ID)
		}
		index[nd.ID] = i
	}
	edgeIDs := make(map[string]bool, len(sg.Edges))
	for i, e := range sg.Edges {
		if e.ID != "" {
			if edgeIDs[e.ID] {
				return nil, ag.Invalid("edges", "edge %q appears twice", e.ID)
			}
			edgeIDs[e.ID] = true
		}
		if _, ok := index[e.Source]; !ok {
			return nil, ag.Invalid("edges", "edge %d (%q) starts at %q, which is not a node of the subgraph", i, e.ID, e.Source)
		}
		if _, ok := index[e.Target]; !ok {
			return nil, ag.Invalid("edges", "edge %d (%q) ends at %q, which is not a node of the subgraph", i, e.ID, e.Target)
		}
	}
	return index, nil
}
