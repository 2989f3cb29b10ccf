package export

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	ag "github.com/actorgraph/actorgraph"
)

// awkward is a small subgraph with text that needs escaping, a node without a country, an
// edge without dates or sources, an accusation, a symmetric edge, parallel edges (two
// accusations hrw → fama) and an edge in each direction between fama and wagner.
func awkward() *ag.Subgraph {
	return &ag.Subgraph{
		Truncated: true,
		Nodes: []ag.GraphNode{
			{ID: "goita", Label: "Assimi Goïta", Kind: ag.KindPerson, Country: "MLI", Degree: 1},
			{ID: "fama", Label: `Forces Armées Maliennes "FAMa" & <allies>`, Kind: ag.KindArmedForce, Country: "MLI", Degree: 5},
			{ID: "mali", Label: "Mali", Kind: ag.KindState, Country: "MLI", Degree: 2},
			{ID: "wagner", Label: "Wagner / 'Africa Corps' ]]> &amp; done", Kind: ag.KindParamilitary, Degree: 2},
			{ID: "hrw", Label: "Human Rights Watch\n  (two lines)\t", Kind: ag.KindNGO, Country: "USA", Degree: 2},
		},
		Edges: []ag.GraphEdge{
			{ID: "rel-goita-leads-mali", Source: "goita", Target: "mali", Type: string(ag.Leads),
				Since: "2021-05-24", SourceIDs: []string{"src-reuters", "src-bbc"}},
			{ID: "rel-fama-part-of-mali", Source: "fama", Target: "mali", Type: string(ag.PartOf),
				Since: "1960"},
			{ID: "rel-fama-wagner", Source: "fama", Target: "wagner", Type: string(ag.AlliedWith),
				Since: "2021-12", Until: "2025-06", SourceIDs: []string{"src-acled"}},
			{ID: "rel-wagner-fama", Source: "wagner", Target: "fama", Type: string(ag.ControlledBy)},
			{ID: "moura/hrw/fama", Source: "hrw", Target: "fama", Type: ag.Accuses,
				AllegationID: "moura", Since: "2022-04-05", SourceIDs: []string{"src-hrw-moura"}},
			{ID: "solenzo/hrw/fama", Source: "hrw", Target: "fama", Type: ag.Accuses,
				AllegationID: "solenzo", SourceIDs: []string{"src-hrw-solenzo", "src-un"}},
		},
	}
}

// simpleGraph has no parallel edges: readers may return a plain directed graph for it.
func simpleGraph() *ag.Subgraph {
	sg := awkward()
	sg.Truncated = false
	sg.Edges = sg.Edges[:len(sg.Edges)-1]
	return sg
}

// xmlDoc is a reader's view of GraphML and GEXF: the elements both share, namespaces kept.
type xmlDoc struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	// GraphML
	Keys  []xmlKey `xml:"key"`
	Graph struct {
		EdgeDefault     string    `xml:"edgedefault,attr"`
		DefaultEdgeType string    `xml:"defaultedgetype,attr"`
		Data            []xmlData `xml:"data"`
		Attributes      []struct {
			Class     string `xml:"class,attr"`
			Attribute []struct {
				ID    string `xml:"id,attr"`
				Title string `xml:"title,attr"`
				Type  string `xml:"type,attr"`
			} `xml:"attribute"`
		} `xml:"attributes"`
		// GraphML puts nodes and edges straight in <graph>, GEXF in <nodes> and <edges>.
		Nodes     []xmlElement `xml:"node"`
		Edges     []xmlElement `xml:"edge"`
		GEXFNodes []xmlElement `xml:"nodes>node"`
		GEXFEdges []xmlElement `xml:"edges>edge"`
	} `xml:"graph"`
	Meta struct {
		Description string `xml:"description"`
	} `xml:"meta"`
}

type xmlKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type xmlElement struct {
	ID        string    `xml:"id,attr"`
	Label     string    `xml:"label,attr"`
	Source    string    `xml:"source,attr"`
	Target    string    `xml:"target,attr"`
	Data      []xmlData `xml:"data"`
	AttValues []struct {
		For   string `xml:"for,attr"`
		Value string `xml:"value,attr"`
	} `xml:"attvalues>attvalue"`
}

type xmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// values returns an element's data or attvalues as a map.
func (e xmlElement) values() map[string]string {
	m := map[string]string{}
	for _, d := range e.Data {
		m[d.Key] = d.Value
	}
	for _, a := range e.AttValues {
		m[a.For] = a.Value
	}
	return m
}

// wantNode and wantEdge are the values every format must carry for a node and an edge, with
// unknown values absent.
func wantNode(n ag.GraphNode) map[string]string {
	m := map[string]string{"label": n.Label, "kind": string(n.Kind), "country": n.Country, "degree": itoa(n.Degree)}
	dropEmpty(m)
	return m
}

func wantEdge(e ag.GraphEdge) map[string]string {
	m := map[string]string{"type": e.Type, "since": string(e.Since), "until": string(e.Until),
		"allegation": e.AllegationID, "sources": strings.Join(e.SourceIDs, ";"), "symmetric": "false"}
	if e.Type == string(ag.AlliedWith) {
		m["symmetric"] = "true"
	}
	dropEmpty(m)
	return m
}

func dropEmpty(m map[string]string) {
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func write(t *testing.T, f func(io.Writer, *ag.Subgraph) error, sg *ag.Subgraph) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f(&buf, sg); err != nil {
		t.Fatalf("write: %v", err)
	}
	return buf.Bytes()
}

func parseXML(t *testing.T, b []byte) xmlDoc {
	t.Helper()
	if !bytes.HasPrefix(b, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("no XML declaration: %.60q", b)
	}
	var doc xmlDoc
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("output is not XML: %v\n%s", err, b)
	}
	return doc
}

func TestGraphML(t *testing.T) {
	sg := awkward()
	out := write(t, GraphML, sg)
	doc := parseXML(t, out)

	if doc.XMLName.Space != "http://graphml.graphdrawing.org/xmlns" || doc.XMLName.Local != "graphml" {
		t.Errorf("root element %v", doc.XMLName)
	}
	if doc.Graph.EdgeDefault != "directed" {
		t.Errorf("edgedefault %q, want directed", doc.Graph.EdgeDefault)
	}
	declared := map[string]string{} // key id → for
	for _, k := range doc.Keys {
		if k.Name == "" || k.Type == "" {
			t.Errorf("key %q lacks attr.name or attr.type", k.ID)
		}
		declared[k.ID] = k.For
	}
	if len(doc.Graph.Data) != 1 || doc.Graph.Data[0].Key != "truncated" || doc.Graph.Data[0].Value != "true" {
		t.Errorf("graph data %+v, want truncated=true", doc.Graph.Data)
	}
	if len(doc.Graph.Nodes) != len(sg.Nodes) || len(doc.Graph.Edges) != len(sg.Edges) {
		t.Fatalf("%d nodes and %d edges, want %d and %d", len(doc.Graph.Nodes), len(doc.Graph.Edges), len(sg.Nodes), len(sg.Edges))
	}
	for i, n := range sg.Nodes {
		got := doc.Graph.Nodes[i]
		if got.ID != n.ID {
			t.Errorf("node %d id %q, want %q", i, got.ID, n.ID)
		}
		if want := wantNode(n); !equalMaps(got.values(), want) {
			t.Errorf("node %s: %q, want %q", n.ID, got.values(), want)
		}
		for _, d := range got.Data {
			if declared[d.Key] != "node" {
				t.Errorf("node %s uses key %q, declared for %q", n.ID, d.Key, declared[d.Key])
			}
		}
	}
	for i, e := range sg.Edges {
		got := doc.Graph.Edges[i]
		if got.ID != e.ID || got.Source != e.Source || got.Target != e.Target {
			t.Errorf("edge %d: %s %s→%s, want %s %s→%s", i, got.ID, got.Source, got.Target, e.ID, e.Source, e.Target)
		}
		if want := wantEdge(e); !equalMaps(got.values(), want) {
			t.Errorf("edge %s: %q, want %q", e.ID, got.values(), want)
		}
		for _, d := range got.Data {
			if declared[d.Key] != "edge" {
				t.Errorf("edge %s uses key %q, declared for %q", e.ID, d.Key, declared[d.Key])
			}
		}
	}
	checkEscaped(t, out)
}

func TestGEXF(t *testing.T) {
	sg := awkward()
	out := write(t, GEXF, sg)
	doc := parseXML(t, out)

	if doc.XMLName.Space != "http://gexf.net/1.3" || doc.XMLName.Local != "gexf" {
		t.Errorf("root element %v", doc.XMLName)
	}
	version := ""
	for _, a := range doc.Attrs {
		if a.Name.Local == "version" {
			version = a.Value
		}
	}
	if version != "1.3" {
		t.Errorf("version %q, want 1.3", version)
	}
	if doc.Graph.DefaultEdgeType != "directed" {
		t.Errorf("defaultedgetype %q, want directed", doc.Graph.DefaultEdgeType)
	}
	if !strings.Contains(doc.Meta.Description, "truncated") {
		t.Errorf("meta description %q does not say the subgraph was truncated", doc.Meta.Description)
	}
	declared := map[string]map[string]string{} // class → id → type
	for _, a := range doc.Graph.Attributes {
		declared[a.Class] = map[string]string{}
		for _, at := range a.Attribute {
			if at.Title == "" {
				t.Errorf("%s attribute %q has no title", a.Class, at.ID)
			}
			declared[a.Class][at.ID] = at.Type
		}
	}
	if declared["node"]["degree"] != "integer" || declared["edge"]["symmetric"] != "boolean" || declared["edge"]["since"] != "string" {
		t.Errorf("attribute declarations %v", declared)
	}
	if len(doc.Graph.GEXFNodes) != len(sg.Nodes) || len(doc.Graph.GEXFEdges) != len(sg.Edges) {
		t.Fatalf("%d nodes and %d edges, want %d and %d", len(doc.Graph.GEXFNodes), len(doc.Graph.GEXFEdges), len(sg.Nodes), len(sg.Edges))
	}
	for i, n := range sg.Nodes {
		got := doc.Graph.GEXFNodes[i]
		vals := got.values()
		vals["label"] = got.Label // GEXF's own attribute
		if got.ID != n.ID {
			t.Errorf("node %d id %q, want %q", i, got.ID, n.ID)
		}
		if want := wantNode(n); !equalMaps(vals, want) {
			t.Errorf("node %s: %q, want %q", n.ID, vals, want)
		}
		for _, a := range got.AttValues {
			if _, ok := declared["node"][a.For]; !ok {
				t.Errorf("node %s: attvalue for undeclared %q", n.ID, a.For)
			}
		}
	}
	for i, e := range sg.Edges {
		got := doc.Graph.GEXFEdges[i]
		if got.ID != e.ID || got.Source != e.Source || got.Target != e.Target || got.Label != e.Type {
			t.Errorf("edge %d: %s %s→%s %q, want %s %s→%s %q", i, got.ID, got.Source, got.Target, got.Label, e.ID, e.Source, e.Target, e.Type)
		}
		if want := wantEdge(e); !equalMaps(got.values(), want) {
			t.Errorf("edge %s: %q, want %q", e.ID, got.values(), want)
		}
		for _, a := range got.AttValues {
			if _, ok := declared["edge"][a.For]; !ok {
				t.Errorf("edge %s: attvalue for undeclared %q", e.ID, a.For)
			}
		}
	}
	checkEscaped(t, out)
}

// checkEscaped makes sure the awkward text went through escaping, not around it.
func checkEscaped(t *testing.T, out []byte) {
	t.Helper()
	for _, raw := range []string{"<allies>", "& <", "]]> &amp;"} {
		if bytes.Contains(out, []byte(raw)) {
			t.Errorf("output contains unescaped %q", raw)
		}
	}
	if !bytes.Contains(out, []byte("Goïta")) {
		t.Error("output lost the UTF-8 of Goïta")
	}
}

func TestCytoscapeJSON(t *testing.T) {
	sg := awkward()
	out := write(t, CytoscapeJSON, sg)

	// As Cytoscape.js reads it: elements.nodes[].data and elements.edges[].data.
	var doc struct {
		Data     map[string]any `json:"data"`
		Elements struct {
			Nodes []struct {
				Data map[string]any `json:"data"`
			} `json:"nodes"`
			Edges []struct {
				Data map[string]any `json:"data"`
			} `json:"edges"`
		} `json:"elements"`
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if doc.Data["truncated"] != true {
		t.Errorf("network data %v, want truncated true", doc.Data)
	}
	if len(doc.Elements.Nodes) != len(sg.Nodes) || len(doc.Elements.Edges) != len(sg.Edges) {
		t.Fatalf("%d nodes and %d edges, want %d and %d", len(doc.Elements.Nodes), len(doc.Elements.Edges), len(sg.Nodes), len(sg.Edges))
	}
	for i, n := range sg.Nodes {
		d := doc.Elements.Nodes[i].Data
		want := map[string]any{"id": n.ID, "name": n.Label, "label": n.Label, "kind": string(n.Kind),
			"degree": json.Number(itoa(n.Degree))}
		if n.Country != "" {
			want["country"] = n.Country
		}
		if !equalAny(d, want) {
			t.Errorf("node %d: %v, want %v", i, d, want)
		}
	}
	for i, e := range sg.Edges {
		d := doc.Elements.Edges[i].Data
		want := map[string]any{"id": e.ID, "source": e.Source, "target": e.Target, "type": e.Type,
			"interaction": e.Type, "symmetric": e.Type == string(ag.AlliedWith)}
		for k, v := range map[string]string{"since": string(e.Since), "until": string(e.Until), "allegation": e.AllegationID} {
			if v != "" {
				want[k] = v
			}
		}
		if len(e.SourceIDs) > 0 {
			var s []any
			for _, id := range e.SourceIDs {
				s = append(s, id)
			}
			want["sources"] = s
		}
		if !equalAny(d, want) {
			t.Errorf("edge %d: %v, want %v", i, d, want)
		}
	}
	if bytes.Contains(out, []byte("<allies>")) || !bytes.Contains(out, []byte(`\"FAMa\"`)) {
		t.Errorf("awkward text not escaped as expected:\n%s", out)
	}

	// An empty subgraph has empty lists, not nulls: Cytoscape.js iterates them.
	out = write(t, CytoscapeJSON, &ag.Subgraph{})
	if !bytes.Contains(out, []byte(`"nodes": []`)) || !bytes.Contains(out, []byte(`"edges": []`)) {
		t.Errorf("empty subgraph: %s", out)
	}
}

func equalAny(a, b map[string]any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

func TestEmptySubgraph(t *testing.T) {
	for name, f := range map[string]func(io.Writer, *ag.Subgraph) error{"GraphML": GraphML, "GEXF": GEXF} {
		doc := parseXML(t, write(t, f, &ag.Subgraph{}))
		if n := len(doc.Graph.Nodes) + len(doc.Graph.Edges) + len(doc.Graph.GEXFNodes) + len(doc.Graph.GEXFEdges); n != 0 {
			t.Errorf("%s: %d elements in an empty subgraph", name, n)
		}
	}
}

func TestInvalidInput(t *testing.T) {
	writers := map[string]func(io.Writer, *ag.Subgraph) error{"GraphML": GraphML, "GEXF": GEXF, "CytoscapeJSON": CytoscapeJSON}
	mutate := func(f func(*ag.Subgraph)) *ag.Subgraph { sg := awkward(); f(sg); return sg }
	cases := map[string]*ag.Subgraph{
		"nil":               nil,
		"duplicate edge id": mutate(func(sg *ag.Subgraph) { sg.Edges[5].ID = sg.Edges[4].ID }),
		"duplicate node id": mutate(func(sg *ag.Subgraph) { sg.Nodes[1].ID = sg.Nodes[0].ID }),
		"empty edge id":     mutate(func(sg *ag.Subgraph) { sg.Edges[0].ID = "" }),
		"empty node id":     mutate(func(sg *ag.Subgraph) { sg.Nodes[0].ID = "" }),
		"unknown source":    mutate(func(sg *ag.Subgraph) { sg.Edges[0].Source = "nobody" }),
		"unknown target":    mutate(func(sg *ag.Subgraph) { sg.Edges[0].Target = "nobody" }),
	}
	for cname, sg := range cases {
		for wname, f := range writers {
			var buf bytes.Buffer
			err := f(&buf, sg)
			if ag.ErrorCode(err) != ag.InvalidInput {
				t.Errorf("%s, %s: error %v, want INVALID_INPUT", wname, cname, err)
			}
			if buf.Len() != 0 {
				t.Errorf("%s, %s: wrote %d bytes before failing", wname, cname, buf.Len())
			}
		}
	}

	// Format-specific refusals.
	xmlOnly := map[string]*ag.Subgraph{
		"control character in an id": mutate(func(sg *ag.Subgraph) { sg.Edges[0].ID = "rel\x01" }),
		"separator in a source id":   mutate(func(sg *ag.Subgraph) { sg.Edges[0].SourceIDs = []string{"a;b"} }),
	}
	for cname, sg := range xmlOnly {
		for _, wname := range []string{"GraphML", "GEXF"} {
			if err := writers[wname](io.Discard, sg); ag.ErrorCode(err) != ag.InvalidInput {
				t.Errorf("%s, %s: error %v, want INVALID_INPUT", wname, cname, err)
			}
		}
		if err := CytoscapeJSON(io.Discard, sg); err != nil {
			t.Errorf("CytoscapeJSON, %s: %v (JSON carries it)", cname, err)
		}
	}
	clash := mutate(func(sg *ag.Subgraph) { sg.Edges[0].ID = "mali" })
	if err := CytoscapeJSON(io.Discard, clash); ag.ErrorCode(err) != ag.InvalidInput {
		t.Errorf("CytoscapeJSON, edge id = node id: error %v, want INVALID_INPUT", err)
	}
	if err := GraphML(io.Discard, clash); err != nil {
		t.Errorf("GraphML, edge id = node id: %v (GraphML keeps them apart)", err)
	}
}

// failWriter fails every write, as a closed connection does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

func TestWriteErrors(t *testing.T) {
	for name, f := range map[string]func(io.Writer, *ag.Subgraph) error{"GraphML": GraphML, "GEXF": GEXF, "CytoscapeJSON": CytoscapeJSON} {
		if err := f(failWriter{}, awkward()); err == nil {
			t.Errorf("%s: no error from a failing writer", name)
		}
	}
}
