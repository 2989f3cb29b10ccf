package export

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	ag "github.com/actorgraph/actorgraph"
)

// python returns the interpreter of the project's virtualenv: $ACTORGRAPH_PYTHON, else the
// repository's .venv. A missing interpreter fails the test rather than skipping it, so that
// a machine without the venv cannot pass by checking less.
func python(t *testing.T) string {
	t.Helper()
	py := os.Getenv("ACTORGRAPH_PYTHON")
	if py == "" {
		py = filepath.Join("..", ".venv", "bin", "python")
	}
	abs, err := filepath.Abs(py)
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(abs); err != nil || info.IsDir() {
		t.Fatalf("no Python interpreter at %s (ACTORGRAPH_PYTHON or ../.venv/bin/python): run `make pydeps` to create the virtualenv from requirements.txt", abs)
	}
	return abs
}

// nxFile is what check_networkx.py reports for one file.
type nxFile struct {
	Class string                    `json:"class"`
	Nodes int                       `json:"nodes"`
	Edges int                       `json:"edges"`
	Graph map[string]any            `json:"graph"`
	Node  map[string]map[string]any `json:"node"`
	Edge  map[string]map[string]any `json:"edge"`
}

// TestNetworkxReads has networkx, pinned in requirements.txt, read the GraphML and GEXF
// files as a user would, and checks that it sees every node, every edge (parallel ones
// included) and every attribute, with the types declared.
func TestNetworkxReads(t *testing.T) {
	py := python(t)
	dir := t.TempDir()
	graphs := map[string]*ag.Subgraph{"multi": awkward(), "simple": simpleGraph(), "empty": {}}
	var paths []string
	for name, sg := range graphs {
		for ext, f := range map[string]func(io.Writer, *ag.Subgraph) error{".graphml": GraphML, ".gexf": GEXF} {
			p := filepath.Join(dir, name+ext)
			var buf bytes.Buffer
			if err := f(&buf, sg); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
		}
	}

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, append([]string{filepath.Join("testdata", "check_networkx.py")}, paths...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("check_networkx.py: %v\n%s\n(if networkx is missing, run `make pydeps`)", err, stderr.String())
	}
	var report struct {
		Networkx string            `json:"networkx"`
		Files    map[string]nxFile `json:"files"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatalf("check_networkx.py printed no JSON: %v\n%s", err, stdout.String())
	}
	if want := pinnedNetworkx(t); report.Networkx != want {
		t.Errorf("networkx %s in the venv, requirements.txt pins %s: run `make pydeps`", report.Networkx, want)
	}

	for name, sg := range graphs {
		for _, ext := range []string{".graphml", ".gexf"} {
			file := name + ext
			got, ok := report.Files[file]
			if !ok {
				t.Errorf("%s: not read", file)
				continue
			}
			// networkx reads a multigraph only when there are parallel edges; both shapes
			// must keep every edge.
			wantClass := "DiGraph"
			if name == "multi" {
				wantClass = "MultiDiGraph"
			}
			if got.Class != wantClass {
				t.Errorf("%s: read as %s, want %s", file, got.Class, wantClass)
			}
			if got.Nodes != len(sg.Nodes) || got.Edges != len(sg.Edges) || len(got.Edge) != len(sg.Edges) {
				t.Errorf("%s: %d nodes, %d edges (%d ids), want %d and %d", file, got.Nodes, got.Edges, len(got.Edge), len(sg.Nodes), len(sg.Edges))
			}
			if ext == ".graphml" && got.Graph["truncated"] != sg.Truncated {
				t.Errorf("%s: graph attributes %v, want truncated %v", file, got.Graph, sg.Truncated)
			}
			for _, n := range sg.Nodes {
				want := map[string]any{"label": n.Label, "kind": string(n.Kind), "degree": float64(n.Degree)}
				if n.Country != "" {
					want["country"] = n.Country
				}
				if g := got.Node[n.ID]; !equalAny(g, want) {
					t.Errorf("%s: node %s read as %v, want %v", file, n.ID, g, want)
				}
			}
			for _, e := range sg.Edges {
				want := map[string]any{"source": e.Source, "target": e.Target, "type": e.Type,
					"symmetric": e.Type == string(ag.AlliedWith)}
				for k, v := range map[string]string{"since": string(e.Since), "until": string(e.Until),
					"allegation": e.AllegationID, "sources": strings.Join(e.SourceIDs, ";")} {
					if v != "" {
						want[k] = v
					}
				}
				if ext == ".gexf" {
					want["label"] = e.Type
				}
				if g := got.Edge[e.ID]; !equalAny(g, want) {
					t.Errorf("%s: edge %s read as %v, want %v", file, e.ID, g, want)
				}
			}
		}
	}
	if t.Failed() {
		t.Logf("networkx reported: %s", stdout.String())
	}
}

// pinnedNetworkx returns the networkx version that ../requirements.txt pins.
func pinnedNetworkx(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "requirements.txt"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^networkx==(\S+)`).FindSubmatch(b)
	if m == nil {
		t.Fatal("requirements.txt pins no networkx version")
	}
	return string(m[1])
}
