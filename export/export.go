// Package export writes an *actorgraph.Subgraph in the file formats of network tools:
// GraphML (yEd, networkx, igraph, Gephi), GEXF 1.3 (Gephi, networkx) and Cytoscape JSON
// (Cytoscape.js and Cytoscape desktop). Output is built with encoding/xml and encoding/json,
// which do all escaping, and is deterministic: nodes and edges in the subgraph's order,
// attributes in a fixed order.
//
// All three formats carry the same facts under the same names:
//
//   - nodes: id (exactly as in the subgraph), label, kind, country, degree;
//   - edges: id, source, target, type (a relationship type or ACCUSES), symmetric (true for
//     ALLIED_WITH, whose direction is only the order it was stored in), since, until,
//     allegation (ACCUSES edges only) and sources;
//   - the graph: truncated, when a node limit cut the subgraph short.
//
// Graphs are directed multigraphs: each edge keeps its stored direction and parallel edges
// stay separate, told apart by id. A value that is unknown or empty (a country, a date) is
// left out rather than written empty, so readers see it as absent. Dates keep their partial
// form ("2013", "2022-03", "2025-09-22") as strings: GEXF's own start/end attributes need
// full xsd dates and would invent a precision nobody stated. In the XML formats sources are
// joined by ";" (source ids never contain one; a subgraph in which one does is refused); in
// Cytoscape JSON they are an array of strings.
//
// Ids are written exactly: the XML writers refuse an id with a character XML 1.0 cannot
// carry (a control character, invalid UTF-8) rather than alter it. In other text such a
// character becomes U+FFFD, which is all encoding/xml can do with it.
//
// Each writer checks the whole subgraph before writing anything, and refuses with
// INVALID_INPUT a node or edge without an id, an id given twice, or an edge whose end is not
// a node of the subgraph: a file with a dangling or ambiguous edge would be silently
// "repaired" differently by each tool.
package export

import (
	"strings"
	"unicode/utf8"

	ag "github.com/actorgraph/actorgraph"
)

// SourceSeparator joins an edge's source ids in GraphML and GEXF.
const SourceSeparator = ";"

// check validates sg for every writer. xmlSafe also refuses ids that XML 1.0 cannot carry,
// which encoding/xml would otherwise replace, so that ids are kept exactly or not at all.
func check(sg *ag.Subgraph, xmlSafe bool) error {
	if sg == nil {
		return ag.Invalid("subgraph", "no subgraph")
	}
	nodes := make(map[string]bool, len(sg.Nodes))
	for i, n := range sg.Nodes {
		switch {
		case n.ID == "":
			return ag.Invalid("nodes", "node %d has no id", i)
		case nodes[n.ID]:
			return ag.Invalid("nodes", "node %q appears twice", n.ID)
		case xmlSafe && !xmlText(n.ID):
			return ag.Invalid("nodes", "node id %q has characters XML cannot carry", n.ID)
		}
		nodes[n.ID] = true
	}
	edges := make(map[string]bool, len(sg.Edges))
	for i, e := range sg.Edges {
		switch {
		case e.ID == "":
			return ag.Invalid("edges", "edge %d has no id", i)
		case edges[e.ID]:
			return ag.Invalid("edges", "edge %q appears twice", e.ID)
		case xmlSafe && !xmlText(e.ID):
			return ag.Invalid("edges", "edge id %q has characters XML cannot carry", e.ID)
		case !nodes[e.Source]:
			return ag.Invalid("edges", "edge %q starts at %q, which is not a node of the subgraph", e.ID, e.Source)
		case !nodes[e.Target]:
			return ag.Invalid("edges", "edge %q ends at %q, which is not a node of the subgraph", e.ID, e.Target)
		}
		if xmlSafe {
			for _, s := range e.SourceIDs {
				if strings.Contains(s, SourceSeparator) {
					return ag.Invalid("edges", "edge %q cites source %q, whose id contains %q", e.ID, s, SourceSeparator)
				}
			}
		}
		edges[e.ID] = true
	}
	return nil
}

// xmlText reports whether s is valid UTF-8 made only of characters allowed in XML 1.0.
func xmlText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		ok := r == 0x09 || r == 0x0A || r == 0x0D ||
			r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
		if !ok {
			return false
		}
	}
	return true
}

// symmetric reports whether an edge of type t reads the same both ways.
func symmetric(t string) bool { return ag.RelType(t).Symmetric() }
