package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// builtDist is a dist/ as build.mjs leaves it, with one emitted (hashed) font.
func builtDist() fstest.MapFS {
	return fstest.MapFS{
		"dist/.gitkeep":               {Data: nil},
		"dist/playground.html":        {Data: []byte(`<!doctype html><title>t</title><script defer src="/assets/playground.js"></script>`)},
		"dist/playground.js":          {Data: []byte(`console.log("playground")`)},
		"dist/playground.css":         {Data: []byte(`body{margin:0}`)},
		"dist/explorer.html":          {Data: []byte(`<!doctype html><title>e</title><script defer src="/assets/explorer.js"></script>`)},
		"dist/explorer.js":            {Data: []byte(`console.log("explorer")`)},
		"dist/explorer.css":           {Data: []byte(`.graph{flex:1}`)},
		"dist/roboto-ABCD2345.woff2":  {Data: []byte("wOF2")},
		"dist/stray.html":             {Data: []byte("<p>not an asset</p>")},
		"dist/nested/playground.js":   {Data: []byte("nested")},
		"examples/01-one.graphql":     {Data: []byte("# One\nquery One { __typename }\n")},
		"examples/02-two.graphql":     {Data: []byte("# Two\nquery Two($a: Int) { __typename }\n# variables: {\"a\": 1}\n")},
		"examples/notes.txt":          {Data: []byte("ignored")},
		"examples/sub/03-sub.graphql": {Data: []byte("# Sub\n{ __typename }\n")},
	}
}

func unbuiltDist() fstest.MapFS {
	fsys := fstest.MapFS{"dist/.gitkeep": {Data: nil}}
	fsys["examples/01-one.graphql"] = &fstest.MapFile{Data: []byte("# One\n{ __typename }\n")}
	return fsys
}

func serve(t *testing.T, h http.Handler, method, target string, header http.Header) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExamplesEmbedded(t *testing.T) {
	examples, err := Examples()
	if err != nil {
		t.Fatalf("Examples: %v", err)
	}
	if len(examples) == 0 {
		t.Fatal("Examples returned none")
	}
	if got, want := examples[0].Name, "Who accused Africa Corps, before which court, citing what?"; got != want {
		t.Errorf("first example is %q, want %q (file-name order)", got, want)
	}
	for _, ex := range examples {
		if strings.HasPrefix(ex.Query, "#") && strings.Contains(strings.SplitN(ex.Query, "\n", 2)[0], ex.Name) {
			t.Errorf("%q: the title line was left in the query", ex.Name)
		}
		doc, gqlErr := parser.ParseQuery(&ast.Source{Name: ex.Name, Input: ex.Query})
		if gqlErr != nil {
			t.Errorf("%q does not parse as GraphQL: %v", ex.Name, gqlErr)
			continue
		}
		if len(doc.Operations) != 1 {
			t.Errorf("%q holds %d operations, want 1 (the playground runs one per tab)", ex.Name, len(doc.Operations))
		}
		if ex.Variables != "" {
			var v map[string]any
			if err := json.Unmarshal([]byte(ex.Variables), &v); err != nil || v == nil {
				t.Errorf("%q: variables %q are not a JSON object", ex.Name, ex.Variables)
			}
		}
	}
}

func TestReadExamplesOrderAndFiles(t *testing.T) {
	examples, err := readExamples(builtDist())
	if err != nil {
		t.Fatal(err)
	}
	want := []Example{
		{Name: "One", Query: "query One { __typename }"},
		{Name: "Two", Query: "query Two($a: Int) { __typename }", Variables: "{\n  \"a\": 1\n}"},
	}
	if !reflect.DeepEqual(examples, want) {
		t.Errorf("readExamples = %#v\nwant %#v", examples, want)
	}

	dup := fstest.MapFS{
		"examples/01.graphql": {Data: []byte("# Same\n{ a }")},
		"examples/02.graphql": {Data: []byte("# Same\n{ b }")},
	}
	if _, err := readExamples(dup); err == nil || !strings.Contains(err.Error(), "share the name") {
		t.Errorf("duplicate names: err = %v, want one naming the clash", err)
	}
	if _, err := readExamples(fstest.MapFS{}); err == nil {
		t.Error("no examples: want an error")
	}
}

func TestParseExample(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		want    Example
		wantErr string
	}{
		{
			name: "title and query",
			text: "# The first actors\nquery FirstActors { actors(first: 5) { edges { node { id } } } }\n",
			want: Example{Name: "The first actors", Query: "query FirstActors { actors(first: 5) { edges { node { id } } } }"},
		},
		{
			name: "CRLF, inner comments kept, one-line variables",
			text: "#Title  \r\nquery Q($n: Int) {\r\n  # a comment in the query\r\n  x(n: $n)\r\n}\r\n\r\n# variables: {\"n\": 3}\r\n",
			want: Example{Name: "Title", Query: "query Q($n: Int) {\n  # a comment in the query\n  x(n: $n)\n}", Variables: "{\n  \"n\": 3\n}"},
		},
		{
			name: "variables over several comment lines, after other trailing comments",
			text: "# T\n{ x }\n# a note that stays in the query\n# variables: {\n#   \"a\": [1, 2],\n#   \"b\": null\n# }\n",
			want: Example{Name: "T", Query: "{ x }\n# a note that stays in the query", Variables: "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": null\n}"},
		},
		{
			name: "a variables comment before the operation is only a comment",
			text: "# T\n# variables: {\"a\": 1}\n{ x }\n",
			want: Example{Name: "T", Query: "# variables: {\"a\": 1}\n{ x }"},
		},
		{name: "no title", text: "query Q { x }\n", wantErr: "first line"},
		{name: "empty title", text: "#   \n{ x }\n", wantErr: "empty"},
		{name: "no operation", text: "# T\n\n", wantErr: "no operation"},
		{name: "only variables", text: "# T\n# variables: {}\n", wantErr: "no operation"},
		{name: "variables not JSON", text: "# T\n{ x }\n# variables: {a: 1}\n", wantErr: "not a JSON object"},
		{name: "variables an array", text: "# T\n{ x }\n# variables: [1]\n", wantErr: "not a JSON object"},
		{name: "variables null", text: "# T\n{ x }\n# variables: null\n", wantErr: "not a JSON object"},
		{name: "two JSON values", text: "# T\n{ x }\n# variables: {} {}\n", wantErr: "more than one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseExample(tt.text)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q (got %#v)", err, tt.wantErr, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestExamplesJSON(t *testing.T) {
	resp := serve(t, Handler(), http.MethodGet, "/playground/examples.json", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body(t, resp))
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q", got)
	}
	raw := body(t, resp)
	var entries []map[string]string
	if err := json.Unmarshal([]byte(raw), &entries); err != nil {
		t.Fatalf("not a JSON array of objects of strings: %v\n%s", err, raw)
	}
	if len(entries) < 1 {
		t.Fatal("no entries")
	}
	for i, e := range entries {
		for _, key := range []string{"name", "query", "variables"} {
			if _, ok := e[key]; !ok {
				t.Errorf("entry %d lacks %q: %v", i, key, e)
			}
		}
	}
	examples, _ := Examples()
	if len(entries) != len(examples) || entries[0]["name"] != examples[0].Name || entries[0]["query"] != examples[0].Query {
		t.Errorf("examples.json = %v, want the examples %v", entries, examples)
	}
}

func TestPlaygroundPage(t *testing.T) {
	h := newHandler(builtDist(), builtDist())
	resp := serve(t, h, http.MethodGet, "/playground", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if got := resp.Header.Get("Content-Security-Policy"); got != ContentSecurityPolicy {
		t.Errorf("Content-Security-Policy = %q", got)
	}
	for _, directive := range []string{"default-src 'self'", "connect-src 'self'", "font-src 'self' data:"} {
		if !strings.Contains(ContentSecurityPolicy, directive) {
			t.Errorf("the CSP lacks %q", directive)
		}
	}
	if strings.Contains(ContentSecurityPolicy, "unsafe-eval") || strings.Contains(ContentSecurityPolicy, "script-src") {
		t.Error("scripts must fall under default-src 'self', with no eval")
	}
	want := map[string]string{
		"Content-Type":           "text/html; charset=utf-8",
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "no-cache",
	}
	for k, v := range want {
		if got := resp.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if b := body(t, resp); !strings.Contains(b, "/assets/playground.js") {
		t.Errorf("body is not the page: %q", b)
	}

	// Revalidation by ETag.
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	resp = serve(t, h, http.MethodGet, "/playground", http.Header{"If-None-Match": {etag}})
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", resp.StatusCode)
	}

	resp = serve(t, h, http.MethodHead, "/playground", nil)
	if resp.StatusCode != http.StatusOK || body(t, resp) != "" {
		t.Errorf("HEAD: status %d, want 200 without a body", resp.StatusCode)
	}
	if resp.Header.Get("Content-Security-Policy") == "" {
		t.Error("HEAD: no CSP")
	}
}

func TestPlaygroundNotBuilt(t *testing.T) {
	for name, dist := range map[string]fstest.MapFS{
		"only .gitkeep": unbuiltDist(),
		"no css": {
			"dist/.gitkeep":         {},
			"dist/playground.html":  {Data: []byte("<!doctype html>")},
			"dist/playground.js":    {Data: []byte("1")},
			"examples/01-x.graphql": {Data: []byte("# X\n{ x }")},
		},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHandler(dist, dist)
			resp := serve(t, h, http.MethodGet, "/playground", nil)
			if resp.StatusCode != http.StatusServiceUnavailable {
				t.Fatalf("status %d, want 503", resp.StatusCode)
			}
			if b := body(t, resp); !strings.Contains(b, "the playground assets are not built: run `make web`") {
				t.Errorf("body %q", b)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("Content-Type = %q", ct)
			}
			// The examples do not depend on the bundle.
			if resp := serve(t, h, http.MethodGet, "/playground/examples.json", nil); resp.StatusCode != http.StatusOK {
				t.Errorf("examples.json: status %d", resp.StatusCode)
			}
		})
	}
}

// TestEmbeddedDist checks the real embedded dist/: served if built, 503 if not.
func TestEmbeddedDist(t *testing.T) {
	for _, page := range []struct{ path, html string }{{"/playground", "playground"}, {"/", "explorer"}} {
		_, err := distFS.Open("dist/" + page.html + ".html")
		built := err == nil
		resp := serve(t, Handler(), http.MethodGet, page.path, nil)
		switch {
		case built && resp.StatusCode != http.StatusOK:
			t.Errorf("dist/ is built but %s answers %d", page.path, resp.StatusCode)
		case !built && resp.StatusCode != http.StatusServiceUnavailable:
			t.Errorf("dist/ is not built but %s answers %d", page.path, resp.StatusCode)
		}
		if built {
			for _, asset := range []string{page.html + ".js", page.html + ".css"} {
				if resp := serve(t, Handler(), http.MethodGet, "/assets/"+asset, nil); resp.StatusCode != http.StatusOK {
					t.Errorf("/assets/%s: status %d", asset, resp.StatusCode)
				}
			}
		}
	}
}

func TestExplorerPage(t *testing.T) {
	h := newHandler(builtDist(), builtDist())
	// The view state rides in the query string; the page is the same.
	for _, target := range []string{"/", "/?all=0&expand=africa-corps&asOf=2025-01-28&from=vladimir-putin&to=kel-akal"} {
		resp := serve(t, h, http.MethodGet, target, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", target, resp.StatusCode)
		}
		want := map[string]string{
			"Content-Type":            "text/html; charset=utf-8",
			"Content-Security-Policy": ExplorerContentSecurityPolicy,
			"X-Content-Type-Options":  "nosniff",
			"X-Frame-Options":         "DENY",
			"Referrer-Policy":         "no-referrer",
			"Cache-Control":           "no-cache",
		}
		for k, v := range want {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("GET %s: %s = %q, want %q", target, k, got, v)
			}
		}
		if b := body(t, resp); !strings.Contains(b, "/assets/explorer.js") {
			t.Errorf("GET %s: body is not the explorer: %q", target, b)
		}
	}

	// The explorer's CSP is stricter than the playground's: no inline style, no eval, no
	// other host, no framing.
	csp := ExplorerContentSecurityPolicy
	for _, bad := range []string{"unsafe-inline", "unsafe-eval", "http:", "https:", "*"} {
		if strings.Contains(csp, bad) {
			t.Errorf("the explorer's CSP allows %q: %s", bad, csp)
		}
	}
	for _, directive := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, directive) {
			t.Errorf("the explorer's CSP lacks %q", directive)
		}
	}

	resp := serve(t, h, http.MethodGet, "/", nil)
	etag := resp.Header.Get("ETag")
	if resp := serve(t, h, http.MethodGet, "/", http.Header{"If-None-Match": {etag}}); etag == "" || resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match %q: status %d, want 304", etag, resp.StatusCode)
	}
	resp = serve(t, h, http.MethodHead, "/", nil)
	if resp.StatusCode != http.StatusOK || body(t, resp) != "" || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("HEAD /: status %d, CSP %q, want 200 with the CSP and no body", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	for _, asset := range []string{"explorer.js", "explorer.css"} {
		if resp := serve(t, h, http.MethodGet, "/assets/"+asset, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("/assets/%s: status %d", asset, resp.StatusCode)
		}
	}
}

func TestExplorerNotBuilt(t *testing.T) {
	playgroundOnly := builtDist()
	delete(playgroundOnly, "dist/explorer.html")
	delete(playgroundOnly, "dist/explorer.js")
	delete(playgroundOnly, "dist/explorer.css")
	noJS := builtDist()
	delete(noJS, "dist/explorer.js")
	for name, dist := range map[string]fstest.MapFS{"only .gitkeep": unbuiltDist(), "only the playground": playgroundOnly, "no js": noJS} {
		t.Run(name, func(t *testing.T) {
			h := newHandler(dist, dist)
			resp := serve(t, h, http.MethodGet, "/", nil)
			if resp.StatusCode != http.StatusServiceUnavailable {
				t.Fatalf("status %d, want 503", resp.StatusCode)
			}
			if b := body(t, resp); b != ExplorerNotBuiltMessage {
				t.Errorf("body %q", b)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
	// The playground does not depend on the explorer's bundle.
	if resp := serve(t, newHandler(playgroundOnly, playgroundOnly), http.MethodGet, "/playground", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("/playground without the explorer: status %d", resp.StatusCode)
	}
}

func TestAssets(t *testing.T) {
	h := newHandler(builtDist(), builtDist())
	tests := []struct {
		path, contentType, cacheControl string
	}{
		{"/assets/playground.js", "text/javascript; charset=utf-8", "public, max-age=300"},
		{"/assets/playground.css", "text/css; charset=utf-8", "public, max-age=300"},
		{"/assets/roboto-ABCD2345.woff2", "font/woff2", "public, max-age=31536000, immutable"},
	}
	for _, tt := range tests {
		resp := serve(t, h, http.MethodGet, tt.path, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", tt.path, resp.StatusCode)
			continue
		}
		if got := resp.Header.Get("Content-Type"); got != tt.contentType {
			t.Errorf("%s: Content-Type = %q, want %q", tt.path, got, tt.contentType)
		}
		if got := resp.Header.Get("Cache-Control"); got != tt.cacheControl {
			t.Errorf("%s: Cache-Control = %q, want %q", tt.path, got, tt.cacheControl)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options = %q", tt.path, got)
		}
	}
	if b := body(t, serve(t, h, http.MethodGet, "/assets/playground.js", nil)); b != `console.log("playground")` {
		t.Errorf("playground.js body = %q", b)
	}
}

func TestNotFound(t *testing.T) {
	h := newHandler(builtDist(), builtDist())
	for _, p := range []string{
		"/assets/nope.js",
		"/assets/.gitkeep",
		"/assets/playground.html",
		"/assets/stray.html",
		"/assets/nested/playground.js",
		"/assets/../web.go",
		"/assets/",
		"/playground/",
		"/playground/other.json",
		"/graphql",
		"/explorer.html",
		"/assets/explorer.html",
		"/index.html",
		"//",
	} {
		if resp := serve(t, h, http.MethodGet, p, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, resp.StatusCode)
		}
	}
}

func TestMethodNotAllowed(t *testing.T) {
	h := newHandler(builtDist(), builtDist())
	for _, p := range []string{"/", "/playground", "/playground/examples.json", "/assets/playground.js", "/assets/explorer.js"} {
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
			resp := serve(t, h, m, p, nil)
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d, want 405", m, p, resp.StatusCode)
			}
			if got := resp.Header.Get("Allow"); got != "GET, HEAD" {
				t.Errorf("%s %s: Allow = %q", m, p, got)
			}
		}
	}
	// Also when the bundle is not built.
	for _, p := range []string{"/", "/playground"} {
		if resp := serve(t, newHandler(unbuiltDist(), unbuiltDist()), http.MethodPost, p, nil); resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST %s (not built): status %d, want 405", p, resp.StatusCode)
		}
	}
}

// namespaces are URIs that only name an XML vocabulary: nothing is fetched from them.
var namespaces = []string{"http://graphml.graphdrawing.org/xmlns"}

// TestNoExternalURLs keeps CDN and other hosts out of the playground's and the explorer's
// sources: everything they load must come from the server itself.
func TestNoExternalURLs(t *testing.T) {
	files := []string{"build.mjs"}
	for _, pattern := range []string{"src/*", "examples/*"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 4 {
		t.Fatalf("found only %v: run the test from web/", files)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for _, ns := range namespaces {
			text = strings.ReplaceAll(text, ns, "")
		}
		for _, bad := range []string{"http://", "https://", "//cdn", "unpkg", "jsdelivr"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s contains %q", f, bad)
			}
		}
	}
}
