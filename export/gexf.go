package export

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// GEXF 1.3 namespaces, as the GEXF 1.3 schema and Gephi 0.9+ write them.
const (
	gexfNamespace = "http://gexf.net/1.3"
	gexfSchema    = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
)

type gexfDoc struct {
	XMLName        xml.Name  `xml:"gexf"`
	Xmlns          string    `xml:"xmlns,attr"`
	XmlnsXSI       string    `xml:"xmlns:xsi,attr"`
	SchemaLocation string    `xml:"xsi:schemaLocation,attr"`
	Version        string    `xml:"version,attr"`
	Meta           gexfMeta  `xml:"meta"`
	Graph          gexfGraph `xml:"graph"`
}

type gexfMeta struct {
	Creator     string `xml:"creator"`
	Description string `xml:"description"`
}

type gexfGraph struct {
	DefaultEdgeType string           `xml:"defaultedgetype,attr"`
	Mode            string           `xml:"mode,attr"`
	Attributes      []gexfAttributes `xml:"attributes"`
	Nodes           []gexfNode       `xml:"nodes>node"`
	Edges           []gexfEdge       `xml:"edges>edge"`
}

type gexfAttributes struct {
	Class      string          `xml:"class,attr"`
	Mode       string          `xml:"mode,attr"`
	Attributes []gexfAttribute `xml:"attribute"`
}

type gexfAttribute struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfNode struct {
	ID        string         `xml:"id,attr"`
	Label     string         `xml:"label,attr,omitempty"`
	AttValues []gexfAttValue `xml:"attvalues>attvalue,omitempty"`
}

type gexfEdge struct {
	ID        string         `xml:"id,attr"`
	Source    string         `xml:"source,attr"`
	Target    string         `xml:"target,attr"`
	Label     string         `xml:"label,attr,omitempty"`
	AttValues []gexfAttValue `xml:"attvalues>attvalue,omitempty"`
}

type gexfAttValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

var (
	gexfNodeAttributes = []gexfAttribute{
		{"kind", "kind", "string"},
		{"country", "country", "string"},
		{"degree", "degree", "integer"},
	}
	gexfEdgeAttributes = []gexfAttribute{
		{"type", "type", "string"},
		{"symmetric", "symmetric", "boolean"},
		{"since", "since", "string"},
		{"until", "until", "string"},
		{"allegation", "allegation", "string"},
		{"sources", "sources", "string"},
	}
)

// GEXF writes sg as a GEXF 1.3 document: a static, directed graph whose node and edge
// attributes are declared in <attributes> blocks. A node's label is GEXF's own label
// attribute; an edge's label is its type, so Gephi shows it. GEXF has no graph attributes:
// truncation is said in the <meta> description.
func GEXF(w io.Writer, sg *ag.Subgraph) error {
	if err := check(sg, true); err != nil {
		return err
	}
	description := "actorgraph subgraph"
	if sg.Truncated {
		description += " (truncated: a node limit cut it short)"
	}
	doc := gexfDoc{
		Xmlns:          gexfNamespace,
		XmlnsXSI:       xsiNamespace,
		SchemaLocation: gexfSchema,
		Version:        "1.3",
		Meta:           gexfMeta{Creator: "actorgraph", Description: description},
		Graph: gexfGraph{
			DefaultEdgeType: "directed",
			Mode:            "static",
			Attributes: []gexfAttributes{
				{Class: "node", Mode: "static", Attributes: gexfNodeAttributes},
				{Class: "edge", Mode: "static", Attributes: gexfEdgeAttributes},
			},
			Nodes: make([]gexfNode, len(sg.Nodes)),
			Edges: make([]gexfEdge, len(sg.Edges)),
		},
	}
	for i, n := range sg.Nodes {
		var v attValues
		v.add("kind", string(n.Kind))
		v.add("country", n.Country)
		v.add("degree", strconv.Itoa(n.Degree))
		doc.Graph.Nodes[i] = gexfNode{ID: n.ID, Label: n.Label, AttValues: v}
	}
	for i, e := range sg.Edges {
		var v attValues
		v.add("type", e.Type)
		v.add("symmetric", strconv.FormatBool(symmetric(e.Type)))
		v.add("since", string(e.Since))
		v.add("until", string(e.Until))
		v.add("allegation", e.AllegationID)
		v.add("sources", strings.Join(e.SourceIDs, SourceSeparator))
		doc.Graph.Edges[i] = gexfEdge{ID: e.ID, Source: e.Source, Target: e.Target, Label: e.Type, AttValues: v}
	}
	return writeXML(w, doc)
}

// attValues collects the non-empty attribute values of a node or an edge.
type attValues []gexfAttValue

func (v *attValues) add(key, value string) {
	if value != "" {
		*v = append(*v, gexfAttValue{key, value})
	}
}
