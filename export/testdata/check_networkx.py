"""Read exported files with networkx, as a user of the exports would, and print what it saw.

Usage: check_networkx.py FILE...  (each FILE ending in .graphml or .gexf)

Prints one JSON object: {"networkx": version, "files": {basename: summary}}, where a summary
gives the graph class, node and edge counts, graph attributes, and every node's and edge's
attributes keyed by id. export_test.go compares it with the subgraph it wrote.

networkx returns a MultiDiGraph only when the file has parallel edges, and a DiGraph
otherwise; edge ids then live in different places (the multigraph key, or an "id" attribute),
so both shapes are read here and reported with their class, for the test to check.
"""

import json
import os
import sys

import networkx as nx


def summary(g):
    nodes = {}
    for node, data in g.nodes(data=True):
        nodes[node] = dict(data)
    edges = {}
    if g.is_multigraph():
        items = ((u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True))
    else:
        items = ((u, v, None, d) for u, v, d in g.edges(data=True))
    for u, v, key, data in items:
        data = dict(data)
        # GraphML multigraphs keep the id only as the key; GEXF and simple graphs keep it
        # as an attribute too.
        edge_id = data.pop("id", key)
        if edge_id is None:
            raise SystemExit(f"edge {u} -> {v} has no id")
        if edge_id in edges:
            raise SystemExit(f"edge id {edge_id!r} read twice")
        data["source"], data["target"] = u, v
        edges[str(edge_id)] = data
    graph = {k: v for k, v in g.graph.items() if k not in ("node_default", "edge_default")}
    return {
        "class": type(g).__name__,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "graph": graph,
        "node": nodes,
        "edge": edges,
    }


def main(paths):
    files = {}
    for path in paths:
        if path.endswith(".graphml"):
            # Edge keys as strings: by default networkx turns an id like "42" into 42.
            g = nx.read_graphml(path, edge_key_type=str)
        elif path.endswith(".gexf"):
            g = nx.read_gexf(path)
        else:
            raise SystemExit(f"{path}: neither .graphml nor .gexf")
        files[os.path.basename(path)] = summary(g)
    json.dump({"networkx": nx.__version__, "files": files}, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
