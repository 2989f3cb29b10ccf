// The depth-2 subgraph around one actor, as actorgraph's subgraph(seeds: [$seed], depth: 2,
// limit: $limit) documents it: breadth first over the nine relationship types, each level's
// new actors by id, nearer actors kept first, `truncated` when the node limit cut it; then the
// relationships among the actors kept, by id. One statement. Parameters: $seed, $limit.
MATCH (s:Actor {id: $seed})
CALL (s) {
  MATCH (s)-[:MEMBER_OF|ALLIED_WITH|GOVERNS|LEADS|PART_OF|OPERATES_IN|SUCCEEDED|CONTROLLED_BY|INVESTIGATES]-(b:Actor)
  WHERE b <> s
  WITH DISTINCT b ORDER BY b.id LIMIT $limit
  RETURN collect(b) AS l1
}
WITH s, l1[..$limit - 1] AS lvl1, size(l1) > $limit - 1 AS cut1
CALL (s, lvl1, cut1) {
  WITH s, lvl1 WHERE NOT cut1
  UNWIND lvl1 AS a
  MATCH (a)-[:MEMBER_OF|ALLIED_WITH|GOVERNS|LEADS|PART_OF|OPERATES_IN|SUCCEEDED|CONTROLLED_BY|INVESTIGATES]-(b:Actor)
  WHERE b <> s AND NOT b IN lvl1
  WITH DISTINCT b ORDER BY b.id LIMIT $limit
  RETURN collect(b) AS l2
}
WITH [s] + lvl1 + l2[..$limit - 1 - size(lvl1)] AS ns, cut1 OR size(l2) > $limit - 1 - size(lvl1) AS truncated
CALL (ns) {
  UNWIND ns AS a
  MATCH (a)-[r:MEMBER_OF|ALLIED_WITH|GOVERNS|LEADS|PART_OF|OPERATES_IN|SUCCEEDED|CONTROLLED_BY|INVESTIGATES]->(b:Actor)
  WHERE b IN ns
  WITH r ORDER BY r.id LIMIT 20001
  RETURN collect(r {.id, type: type(r), source: startNode(r).id, target: endNode(r).id}) AS edges
}
RETURN {truncated: truncated OR size(edges) > 20000, edges: edges[..20000],
  nodes: [n IN ns | n {.id, label: n.name, kind: [l IN labels(n) WHERE l <> 'Actor'][0]}]} AS result
