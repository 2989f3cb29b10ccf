// A shortest path of at most four hops between two actors over the nine relationship types,
// as actorgraph's paths(from: $from, to: $to, k: 1, maxLength: 4). Parameters: $from, $to.
MATCH p = SHORTEST 1 (a:Actor {id: $from})
  ((:Actor)-[:MEMBER_OF|ALLIED_WITH|GOVERNS|LEADS|PART_OF|OPERATES_IN|SUCCEEDED|CONTROLLED_BY|INVESTIGATES]-(:Actor)){1,4}
  (b:Actor {id: $to})
RETURN {length: length(p),
  nodes: [n IN nodes(p) | n {.id, label: n.name, kind: [l IN labels(n) WHERE l <> 'Actor'][0]}],
  edges: [r IN relationships(p) | r {.id, type: type(r), source: startNode(r).id, target: endNode(r).id}]} AS result
