package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/server"
	"github.com/actorgraph/actorgraph/store/storetest"
)

// TestAbusiveQueriesAreRefusedBeforeTheDatabase: each limit refuses its abusive query with
// LIMIT_EXCEEDED naming the limit, and not one statement reaches Neo4j.
func TestAbusiveQueriesAreRefusedBeforeTheDatabase(t *testing.T) {
	s := storetest.Seeded(t)
	a := newAPI(t, s)
	deep := `{ actor(id: "mali") { ` + strings.Repeat(`relationships { from { `, 8) + `id` + strings.Repeat(` } }`, 8) + ` } }`
	var aliases, roots strings.Builder
	for i := range 31 {
		fmt.Fprintf(&aliases, " a%d: id", i)
	}
	for i := range 21 {
		fmt.Fprintf(&roots, " r%d: actor(id: \"mali\") { id }", i)
	}
	for _, c := range []struct{ query, limit string }{
		{deep, "maxDepth"},
		{`{ actor(id: "mali") {` + aliases.String() + ` } }`, "maxAliases"},
		{`{` + roots.String() + ` }`, "maxRootFields"},
		{`{ actors(first: 500) { nodes { allegationsFaced(first: 500) { nodes { id title } } } } }`, "maxComplexity"},
		{`query($n: Int) { actors(first: $n) { nodes { allegationsMade(first: $n) { nodes { sources { id } } } } } }`, "maxComplexity"},
		{`{ subgraph(seeds: ["mali"], limit: 2000) { nodes { actor { relationships(first: 500) { id } } } } }`, "maxComplexity"},
	} {
		before := s.RoundTrips()
		r := a.do(c.query, map[string]any{"n": 400})
		if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "LIMIT_EXCEEDED" || r.Errors[0].Extensions["field"] != c.limit {
			t.Errorf("%s: want LIMIT_EXCEEDED naming %s, got %+v", c.limit, c.limit, r.Errors)
		}
		if s.RoundTrips() != before {
			t.Errorf("%s: the database saw %d statements", c.limit, s.RoundTrips()-before)
		}
	}
	// A fragment bomb (each fragment spreads the one before twice) is refused at once, its
	// expansion measured without expanding it.
	var bomb strings.Builder
	bomb.WriteString(`{ actor(id: "mali") { ...F40 } } fragment F0 on Actor { name }`)
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&bomb, " fragment F%d on Actor { ...F%d ...F%d }", i, i-1, i-1)
	}
	start := time.Now()
	before := s.RoundTrips()
	r := a.do(bomb.String(), nil)
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "LIMIT_EXCEEDED" || r.Errors[0].Extensions["field"] != "maxFields" || s.RoundTrips() != before {
		t.Errorf("fragment bomb: %+v", r.Errors)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the fragment bomb took %v to refuse", d)
	}
	// A fragment that spreads itself cannot loop the depth walk (gqlgen refuses it too).
	r = a.do(`{ actor(id: "mali") { ...F } } fragment F on Actor { id ...F }`, nil)
	if len(r.Errors) == 0 {
		t.Error("a self-spreading fragment should be refused")
	}
	// Good queries pass: a nested page within the limits.
	a.ok(`{ actors(first: 100) { nodes { allegationsFaced(first: 20) { nodes { accusers { actor { name } } sources { id } } } } } }`, nil)
}

func TestBodyLimitAndDeadline(t *testing.T) {
	s := storetest.Seeded(t)
	h := server.New(server.Config{Store: s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), MaxBodyBytes: 1000,
		RequestTimeout: time.Nanosecond})
	big := `{"query": "{ actor(id: \"` + strings.Repeat("x", 2000) + `\") { id } }"}`
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/graphql", strings.NewReader(big)))
	if rec.Code != 413 {
		t.Errorf("a body over the cap: %d %s", rec.Code, rec.Body)
	}
	// The request's deadline reaches the store: a request out of time is UNAVAILABLE, at once.
	req := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query": "{ actor(id: \"mali\") { id } }"}`))
	req.Header.Set("Content-Type", "application/json")
	rec = httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), "UNAVAILABLE") || time.Since(start) > 5*time.Second {
		t.Errorf("a request past its deadline: %s after %v", rec.Body, time.Since(start))
	}
}

func TestIntrospectionOffHidesTheSchema(t *testing.T) {
	s := storetest.Seeded(t)
	a := &api{t: t, s: s, h: server.New(server.Config{Store: s, DisableIntrospection: true,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})}
	if r := a.do(`{ __schema { types { name } } }`, nil); len(r.Errors) == 0 {
		t.Error("introspection should be off")
	}
	r := a.do(`{ actr(id: "mali") { id } }`, nil)
	if len(r.Errors) == 0 || strings.Contains(r.Errors[0].Message, "Did you mean") {
		t.Errorf("no suggestions when introspection is off: %+v", r.Errors)
	}
	// And on by default, with suggestions.
	if r := newAPI(t, s).do(`{ actr(id: "mali") { id } }`, nil); len(r.Errors) == 0 || !strings.Contains(r.Errors[0].Message, "Did you mean") {
		t.Errorf("suggestions by default: %+v", r.Errors)
	}
}

func TestAutomaticPersistedQueries(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	const q = `query Mali { actor(id: "mali") { name } }`
	sum := sha256.Sum256([]byte(q))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	post := func(body map[string]any) response {
		b, _ := json.Marshal(body)
		req := httptest.NewRequest("POST", "/graphql", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, req)
		var r response
		json.Unmarshal(rec.Body.Bytes(), &r)
		return r
	}
	if r := post(map[string]any{"extensions": ext}); len(r.Errors) == 0 || !strings.Contains(r.Errors[0].Message, "PersistedQueryNotFound") {
		t.Errorf("an unknown hash: %+v", r)
	}
	if r := post(map[string]any{"query": q, "extensions": ext}); at(r.Data, "actor", "name") != "Mali" {
		t.Errorf("registering: %+v", r)
	}
	if r := post(map[string]any{"extensions": ext}); at(r.Data, "actor", "name") != "Mali" {
		t.Errorf("by hash alone: %+v", r)
	}
}

func TestMetrics(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	a.ok(`query MetricsProbe { actor(id: "mali") { name } }`, nil)
	a.fails(`{ events(filter: {actor: "atlantis"}) { nodes { id } } }`, nil, "NOT_FOUND", "")
	code, ct, body := a.get("/metrics")
	if code != 200 || !strings.HasPrefix(ct, "text/plain") {
		t.Fatalf("/metrics: %d %s", code, ct)
	}
	for _, want := range []string{
		`actorgraph_graphql_operation_duration_seconds_count{operation="MetricsProbe",type="query"} 1`,
		`actorgraph_errors_total{code="NOT_FOUND"} 1`,
		`actorgraph_database_duration_seconds_count{outcome="ok"}`,
		`actorgraph_http_requests_total{route="/graphql",status="2xx"} 2`,
		`actorgraph_http_requests_in_flight 1`,
		`go_goroutines`, `process_resident_memory_bytes`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// TestCORSDeniesByDefault: a page on another origin gets no CORS grant unless its origin is
// on the allow-list; preflights from others are refused.
func TestCORSDeniesByDefault(t *testing.T) {
	s := storetest.Seeded(t)
	for _, c := range []struct {
		allowed []string
		origin  string
		grant   bool
	}{
		{nil, "https://evil.example", false},
		{[]string{"https://analysis.example.org"}, "https://evil.example", false},
		{[]string{"https://analysis.example.org"}, "https://analysis.example.org", true},
	} {
		h := server.New(server.Config{Store: s, AllowedOrigins: c.allowed, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		pre := httptest.NewRequest("OPTIONS", "/graphql", nil)
		pre.Header.Set("Origin", c.origin)
		pre.Header.Set("Access-Control-Request-Method", "POST")
		pre.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, pre)
		got := rec.Header().Get("Access-Control-Allow-Origin")
		if c.grant != (got == c.origin) || (c.grant && rec.Code != 204) || (!c.grant && rec.Code != 403) {
			t.Errorf("preflight from %s with %v: %d, allow-origin %q", c.origin, c.allowed, rec.Code, got)
		}
		req := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query": "{ actor(id: \"mali\") { id } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", c.origin)
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if got := rec.Header().Get("Access-Control-Allow-Origin"); c.grant != (got == c.origin) || got == "*" {
			t.Errorf("request from %s with %v: allow-origin %q", c.origin, c.allowed, got)
		}
	}
}

// Requests that are wrong at the HTTP level get coded client errors, never INTERNAL, and
// nothing of their body reaches the log or the answer.
func TestHostileRequestsGetClientErrors(t *testing.T) {
	s := storetest.Seeded(t)
	var logs bytes.Buffer
	h := server.New(server.Config{Store: s, Logger: slog.New(slog.NewTextHandler(&logs, nil)), MaxBodyBytes: 1 << 20})
	secret := "https://example.org/protected-witness-7"
	for _, c := range []struct {
		name, method, ctype, body string
		chunked                   bool
		status                    int
		code                      string
	}{
		{"malformed JSON", "POST", "application/json", `{"query": "{ actor(id: \"x\") { id } }", "variables": {"url": "` + secret + `"`, false, 400, "INVALID_INPUT"},
		{"batched array", "POST", "application/json", `[{"query": "{ __typename }"}, {"query": "{ __typename }"}]`, false, 400, "INVALID_INPUT"},
		{"query not a string", "POST", "application/json", `{"query": 42}`, false, 400, "INVALID_INPUT"},
		{"chunked body over the cap", "POST", "application/json", `{"query": "{ __typename }", "x": "` + strings.Repeat("a", 1<<20) + `"}`, true, 413, "LIMIT_EXCEEDED"},
		{"mutation over GET", "GET", "", "", false, 405, ""},
	} {
		var req *http.Request
		if c.method == "GET" {
			req = httptest.NewRequest("GET", "/graphql?query="+url.QueryEscape(`mutation { delete(id: "mali") { id } }`), nil)
		} else {
			var body io.Reader = strings.NewReader(c.body)
			if c.chunked {
				body = io.MultiReader(strings.NewReader(c.body)) // no length: sent chunked
			}
			req = httptest.NewRequest("POST", "/graphql", body)
			if c.chunked {
				req.ContentLength = -1
			}
			req.Header.Set("Content-Type", c.ctype)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.status || (c.code != "" && !strings.Contains(rec.Body.String(), `"code":"`+c.code+`"`)) || strings.Contains(rec.Body.String(), "INTERNAL") {
			t.Errorf("%s: want %d %s, got %d %.300s", c.name, c.status, c.code, rec.Code, rec.Body)
		}
		if strings.Contains(rec.Body.String(), secret) {
			t.Errorf("%s: the body is echoed back", c.name)
		}
	}
	if strings.Contains(logs.String(), secret) || strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("client errors should be logged without their bodies, and not as errors:\n%s", logs.String())
	}
	// Search words Lucene cannot take are refused as input.
	a := newAPI(t, s)
	a.fails(`query($t: String!) { search(text: $t) { score } }`, map[string]any{"t": strings.Repeat("Ġ", 600)}, "INVALID_INPUT", "text")
	a.fails(`query($t: String!) { search(text: $t) { score } }`, map[string]any{"t": strings.Repeat("x", 900000)}, "INVALID_INPUT", "text")
}
