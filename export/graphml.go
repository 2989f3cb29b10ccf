package export

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// GraphML namespaces, from the GraphML primer.
const (
	graphMLNamespace = "http://graphml.graphdrawing.org/xmlns"
	graphMLSchema    = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
	xsiNamespace     = "http://www.w3.org/2001/XMLSchema-instance"
)

type graphMLDoc struct {
	XMLName        xml.Name       `xml:"graphml"`
	Xmlns          string         `xml:"xmlns,attr"`
	XmlnsXSI       string         `xml:"xmlns:xsi,attr"`
	SchemaLocation string         `xml:"xsi:schemaLocation,attr"`
	Keys           []graphMLKey   `xml:"key"`
	Graph          graphMLGraphEl `xml:"graph"`
}

type graphMLKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type graphMLGraphEl struct {
	ID          string        `xml:"id,attr"`
	EdgeDefault string        `xml:"edgedefault,attr"`
	Data        []graphMLData `xml:"data"`
	Nodes       []graphMLNode `xml:"node"`
	Edges       []graphMLEdge `xml:"edge"`
}

type graphMLNode struct {
	ID   string        `xml:"id,attr"`
	Data []graphMLData `xml:"data"`
}

type graphMLEdge struct {
	ID     string        `xml:"id,attr"`
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Data   []graphMLData `xml:"data"`
}

type graphMLData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// The GraphML keys. Their ids are their names, which do not collide between nodes, edges and
// the graph; readers go by attr.name.
var graphMLKeys = []graphMLKey{
	{"label", "node", "label", "string"},
	{"kind", "node", "kind", "string"},
	{"country", "node", "country", "string"},
	{"degree", "node", "degree", "int"},
	{"type", "edge", "type", "string"},
	{"symmetric", "edge", "symmetric", "boolean"},
	{"since", "edge", "since", "string"},
	{"until", "edge", "until", "string"},
	{"allegation", "edge", "allegation", "string"},
	{"sources", "edge", "sources", "string"},
	{"truncated", "graph", "truncated", "boolean"},
}

// GraphML writes sg as a GraphML document with edgedefault="directed". Every edge has its id;
// an accusation's id ("<allegation>/<accuser>/<accused>") is kept as it is, although its
// slashes make it no NMTOKEN, which only a schema-validating reader would mind.
func GraphML(w io.Writer, sg *ag.Subgraph) error {
	if err := check(sg, true); err != nil {
		return err
	}
	doc := graphMLDoc{
		Xmlns:          graphMLNamespace,
		XmlnsXSI:       xsiNamespace,
		SchemaLocation: graphMLSchema,
		Keys:           graphMLKeys,
		Graph: graphMLGraphEl{
			ID:          "actorgraph",
			EdgeDefault: "directed",
			Data:        []graphMLData{{"truncated", strconv.FormatBool(sg.Truncated)}},
			Nodes:       make([]graphMLNode, len(sg.Nodes)),
			Edges:       make([]graphMLEdge, len(sg.Edges)),
		},
	}
	for i, n := range sg.Nodes {
		var d dataList
		d.add("label", n.Label)
		d.add("kind", string(n.Kind))
		d.add("country", n.Country)
		d.add("degree", strconv.Itoa(n.Degree))
		doc.Graph.Nodes[i] = graphMLNode{ID: n.ID, Data: d}
	}
	for i, e := range sg.Edges {
		var d dataList
		d.add("type", e.Type)
		d.add("symmetric", strconv.FormatBool(symmetric(e.Type)))
		d.add("since", string(e.Since))
		d.add("until", string(e.Until))
		d.add("allegation", e.AllegationID)
		d.add("sources", strings.Join(e.SourceIDs, SourceSeparator))
		doc.Graph.Edges[i] = graphMLEdge{ID: e.ID, Source: e.Source, Target: e.Target, Data: d}
	}
	return writeXML(w, doc)
}

// dataList collects the non-empty values of an element.
type dataList []graphMLData

func (d *dataList) add(key, value string) {
	if value != "" {
		*d = append(*d, graphMLData{key, value})
	}
}

// writeXML writes the XML declaration and doc, indented, ending with a newline.
func writeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
