package export

import (
	"encoding/json"
	"io"

	ag "github.com/actorgraph/actorgraph"
)

// cyDoc is the document Cytoscape desktop writes as .cyjs and reads back. Cytoscape.js takes
// its elements as they are: cytoscape({elements: doc.elements}), or cy.json(doc).
type cyDoc struct {
	FormatVersion string     `json:"format_version"`
	GeneratedBy   string     `json:"generated_by"`
	TargetVersion string     `json:"target_cytoscapejs_version"`
	Data          cyNetwork  `json:"data"`
	Elements      cyElements `json:"elements"`
}

type cyNetwork struct {
	Name      string `json:"name"`
	Truncated bool   `json:"truncated"`
}

type cyElements struct {
	Nodes []cyNode `json:"nodes"`
	Edges []cyEdge `json:"edges"`
}

type cyNode struct {
	Data cyNodeData `json:"data"`
}

type cyNodeData struct {
	ID string `json:"id"`
	// Name repeats the label because Cytoscape desktop's default style and its node
	// search read the "name" column.
	Name    string `json:"name"`
	Label   string `json:"label,omitempty"`
	Kind    string `json:"kind,omitempty"`
	Country string `json:"country,omitempty"`
	Degree  int    `json:"degree"`
}

type cyEdge struct {
	Data cyEdgeData `json:"data"`
}

type cyEdgeData struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Target string `json:"target"`
	// Interaction repeats the type under the name Cytoscape desktop gives edge types.
	Interaction string   `json:"interaction"`
	Type        string   `json:"type"`
	Symmetric   bool     `json:"symmetric"`
	Since       string   `json:"since,omitempty"`
	Until       string   `json:"until,omitempty"`
	Allegation  string   `json:"allegation,omitempty"`
	Sources     []string `json:"sources,omitempty"`
}

// CytoscapeJSON writes sg as Cytoscape JSON: {"elements": {"nodes": [{"data": {...}}],
// "edges": [{"data": {...}}]}} with the network's own "data" beside it, as Cytoscape desktop
// exports it. Nodes carry name (the label, or the id when there is none) besides label;
// edges carry interaction besides type; sources are an array. Node and edge ids share one
// space in Cytoscape.js, which refuses a second element with the same id, so an edge whose id
// is also a node's is refused here with INVALID_INPUT rather than renamed.
//
// encoding/json escapes <, > and & as \u003c, \u003e and \u0026, so the file can also be
// inlined in an HTML <script> element.
func CytoscapeJSON(w io.Writer, sg *ag.Subgraph) error {
	if err := check(sg, false); err != nil {
		return err
	}
	doc := cyDoc{
		FormatVersion: "1.0",
		GeneratedBy:   "actorgraph",
		TargetVersion: "~2.1",
		Data:          cyNetwork{Name: "actorgraph", Truncated: sg.Truncated},
		Elements: cyElements{
			Nodes: make([]cyNode, len(sg.Nodes)),
			Edges: make([]cyEdge, len(sg.Edges)),
		},
	}
	nodeIDs := make(map[string]bool, len(sg.Nodes))
	for i, n := range sg.Nodes {
		nodeIDs[n.ID] = true
		name := n.Label
		if name == "" {
			name = n.ID
		}
		doc.Elements.Nodes[i].Data = cyNodeData{ID: n.ID, Name: name, Label: n.Label,
			Kind: string(n.Kind), Country: n.Country, Degree: n.Degree}
	}
	for i, e := range sg.Edges {
		if nodeIDs[e.ID] {
			return ag.Invalid("edges", "edge id %q is also a node id, which Cytoscape cannot hold", e.ID)
		}
		doc.Elements.Edges[i].Data = cyEdgeData{ID: e.ID, Source: e.Source, Target: e.Target,
			Interaction: e.Type, Type: e.Type, Symmetric: symmetric(e.Type),
			Since: string(e.Since), Until: string(e.Until), Allegation: e.AllegationID,
			Sources: e.SourceIDs}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
}
