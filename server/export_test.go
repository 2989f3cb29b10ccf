package server_test

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/store/storetest"
)

// get fetches path from the API and returns the status, content type and body.
func (a *api) get(path string) (int, string, []byte) {
	a.t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes()
}

// TestExportsAreReadByNetworkx downloads the seed's subgraph around the three AES states
// as GraphML and GEXF and has networkx, a real consumer, read them back: the same nodes and
// edges as the GraphQL subgraph, with their attributes.
func TestExportsAreReadByNetworkx(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	const args = "seeds=mali,niger&seeds=burkina-faso&depth=1&accusations=true"
	d := a.ok(`{ subgraph(seeds: ["mali", "niger", "burkina-faso"], depth: 1, accusations: true) { nodes { id label kind } edges { id type } } }`, nil)
	nodes, edges := at(d, "subgraph", "nodes").([]any), at(d, "subgraph", "edges").([]any)

	dir := t.TempDir()
	var files []string
	for format, ct := range map[string]string{"graphml": "application/graphml+xml", "gexf": "application/gexf+xml"} {
		status, got, body := a.get("/export/" + format + "?" + args)
		if status != 200 || !strings.HasPrefix(got, ct) {
			t.Fatalf("%s: %d %s %s", format, status, got, body)
		}
		f := filepath.Join(dir, "aes."+format)
		if err := os.WriteFile(f, body, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	py := os.Getenv("ACTORGRAPH_PYTHON")
	if py == "" {
		py = filepath.Join("..", ".venv", "bin", "python")
	}
	if _, err := os.Stat(py); err != nil {
		t.Fatalf("no Python at %s: run `make pydeps`", py)
	}
	out, err := exec.Command(py, append([]string{filepath.Join("..", "export", "testdata", "check_networkx.py")}, files...)...).Output()
	if err != nil {
		t.Fatalf("networkx could not read the exports: %v", err)
	}
	var seen struct {
		Files map[string]struct {
			Nodes map[string]map[string]any `json:"node"`
			Edges map[string]map[string]any `json:"edge"`
		} `json:"files"`
	}
	if err := json.Unmarshal(out, &seen); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for name, f := range seen.Files {
		if len(f.Nodes) != len(nodes) || len(f.Edges) != len(edges) {
			t.Errorf("%s: networkx read %d nodes and %d edges; the API has %d and %d", name, len(f.Nodes), len(f.Edges), len(nodes), len(edges))
		}
		for _, n := range nodes {
			got := f.Nodes[str(at(n, "id"))]
			if got == nil || got["label"] != at(n, "label") || got["kind"] != at(n, "kind") {
				t.Errorf("%s: node %v read as %v", name, n, got)
			}
		}
		for _, e := range edges {
			if got := f.Edges[str(at(e, "id"))]; got == nil || got["type"] != at(e, "type") {
				t.Errorf("%s: edge %v read as %v", name, e, got)
			}
		}
	}

	status, ct, body := a.get("/export/cytoscape?" + args)
	var cy struct {
		Elements struct {
			Nodes []struct{ Data map[string]any } `json:"nodes"`
			Edges []struct{ Data map[string]any } `json:"edges"`
		} `json:"elements"`
	}
	if status != 200 || ct != "application/json" || json.Unmarshal(body, &cy) != nil || len(cy.Elements.Nodes) != len(nodes) || len(cy.Elements.Edges) != len(edges) {
		t.Errorf("cytoscape: %d %s %.200s", status, ct, body)
	}

	for path, want := range map[string]int{
		"/export/pdf?seeds=mali":                  400,
		"/export/graphml":                         400,
		"/export/graphml?seeds=atlantis":          404,
		"/export/graphml?seeds=mali&depth=4":      422,
		"/export/gexf?seeds=mali&asOf=2025-02-30": 400,
		"/export/gexf?seeds=mali&types=FRIEND_OF": 400,
	} {
		status, ct, body := a.get(path)
		if status != want || ct != "application/json" || !strings.Contains(string(body), `"code"`) {
			t.Errorf("%s: want %d with a JSON error, got %d %s %s", path, want, status, ct, body)
		}
	}
}
