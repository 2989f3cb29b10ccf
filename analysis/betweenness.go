package analysis

// betweenness returns the betweenness centrality of every node of an unweighted, undirected
// simple graph, given as lists of distinct neighbours, counting each unordered pair of other
// nodes once (not normalised). It is Brandes' algorithm (2001): one breadth-first search
// from each node, then a sweep back up the search accumulating each node's dependency.
//
// gonum's network.Betweenness computes the same (twice over, counting both (s, t) and
// (t, s)), and the tests check the two agree, but it keeps distances, path counts and
// predecessor lists in maps keyed by node id and allocates for every neighbour iteration:
// on 10,000 nodes and 50,000 edges it took 280 s where this takes 15 s. Here
// everything is a slice indexed by node, predecessors are not stored but found again in the
// adjacency list (v precedes w when dist[v] = dist[w] − 1), and only the nodes a search
// reached are reset after it.
func betweenness(adj [][]int32) []float64 {
	n := len(adj)
	cb := make([]float64, n)
	sigma := make([]float64, n) // shortest paths from the source
	delta := make([]float64, n) // dependency of the source on the node
	dist := make([]int32, n)    // hops from the source; −1 when not reached
	for i := range dist {
		dist[i] = -1
	}
	order := make([]int32, 0, n) // nodes in the order the search reached them
	for s := range n {
		order = append(order[:0], int32(s))
		sigma[s], dist[s] = 1, 0
		for head := 0; head < len(order); head++ {
			v := order[head]
			for _, w := range adj[v] {
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					order = append(order, w)
				}
				if dist[w] == dist[v]+1 {
					sigma[w] += sigma[v]
				}
			}
		}
		// Farthest first: a node's dependency is complete before it is passed on.
		for i := len(order) - 1; i > 0; i-- {
			w := order[i]
			for _, v := range adj[w] {
				if dist[v] == dist[w]-1 {
					delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
				}
			}
			cb[w] += delta[w]
		}
		for _, v := range order {
			sigma[v], delta[v], dist[v] = 0, 0, -1
		}
	}
	// Each unordered pair was counted from both of its ends.
	for i := range cb {
		cb[i] /= 2
	}
	return cb
}
