package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
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
	// A fragment that spreads itself cannot loop the depth walk (gqlgen refuses it too).
	r := a.do(`{ actor(id: "mali") { ...F } } fragment F on Actor { id ...F }`, nil)
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
