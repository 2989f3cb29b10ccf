package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/auth"
	"github.com/actorgraph/actorgraph/resolvers"
	"github.com/actorgraph/actorgraph/server"
	"github.com/actorgraph/actorgraph/store/storetest"
)

const (
	authAdminToken  = "admin-0123456789abcdef0123456789"
	authEditorToken = "editor-0123456789abcdef0123456789"
	authReaderToken = "reader-0123456789abcdef0123456789"
	authWrongToken  = "wrong-0123456789abcdef0123456789"
)

func authTokens(t testing.TB) *auth.Tokens {
	t.Helper()
	ts, err := auth.Parse("test tokens", strings.NewReader(
		"admin:Ada:"+authAdminToken+"\neditor:Ed:"+authEditorToken+"\nreader:Rea:"+authReaderToken+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// authResult is one answer of the server, decoded when it is JSON.
type authResult struct {
	status int
	header http.Header
	body   string
	data   map[string]any
	errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	}
}

// authDo sends method path (with a GraphQL query for /graphql) and the given Authorization
// headers.
func authDo(t *testing.T, h http.Handler, method, path, query string, authz ...string) authResult {
	t.Helper()
	var req *http.Request
	switch {
	case query == "":
		req = httptest.NewRequest(method, path, nil)
	case method == "GET":
		req = httptest.NewRequest(method, path+"?query="+url.QueryEscape(query), nil)
	default:
		body, _ := json.Marshal(map[string]any{"query": query})
		req = httptest.NewRequest(method, path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	}
	for _, a := range authz {
		req.Header.Add("Authorization", a)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	r := authResult{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
	if path == "/graphql" {
		var v struct {
			Data   map[string]any `json:"data"`
			Errors []struct {
				Message    string         `json:"message"`
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatalf("%s %s: not JSON (%d): %s", method, path, rec.Code, r.body)
		}
		r.data, r.errors = v.Data, v.Errors
	}
	return r
}

func (r authResult) unauthenticated() bool {
	return r.status == http.StatusUnauthorized && strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") &&
		len(r.errors) == 1 && r.errors[0].Extensions["code"] == "UNAUTHENTICATED" && r.data == nil
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

const famaQuery = `{ actor(id: "fama") { id name } }`

func TestAuthAnonymousReadsAreOpenByDefault(t *testing.T) {
	s := storetest.Seeded(t)
	for name, ts := range map[string]*auth.Tokens{"tokens configured": authTokens(t), "no tokens": nil} {
		h := server.New(server.Config{Store: s, Logger: quiet(), Tokens: ts})
		for _, method := range []string{"POST", "GET"} {
			r := authDo(t, h, method, "/graphql", famaQuery)
			if r.status != 200 || len(r.errors) > 0 || at(r.data, "actor", "id") != "fama" {
				t.Errorf("%s: anonymous %s read: %d %s", name, method, r.status, r.body)
			}
		}
	}
}

func TestAuthReadsNeedATokenWhenConfigured(t *testing.T) {
	h := server.New(server.Config{Store: storetest.Seeded(t), Logger: quiet(), Tokens: authTokens(t), RequireReadToken: true})
	for _, method := range []string{"POST", "GET"} {
		if r := authDo(t, h, method, "/graphql", famaQuery); !r.unauthenticated() {
			t.Errorf("anonymous %s read: want 401 UNAUTHENTICATED, got %d %v %s", method, r.status, r.header, r.body)
		}
	}
	for _, token := range []string{authReaderToken, authEditorToken, authAdminToken} {
		r := authDo(t, h, "POST", "/graphql", famaQuery, "Bearer "+token)
		if r.status != 200 || len(r.errors) > 0 || at(r.data, "actor", "id") != "fama" {
			t.Errorf("read with token %s: %d %s", token[:6], r.status, r.body)
		}
	}
	// Health checks and the playground's static files stay open: they show no data, and
	// load balancers and browsers send no token.
	for _, path := range []string{"/healthz", "/readyz", "/playground", "/playground/examples.json", "/assets/playground.js"} {
		r := authDo(t, h, "GET", path, "")
		if r.status == http.StatusUnauthorized || r.header.Get("WWW-Authenticate") != "" {
			t.Errorf("GET %s should not need a token: %d %s", path, r.status, r.body)
		}
	}
	if r := authDo(t, h, "GET", "/healthz", ""); r.status != 200 {
		t.Errorf("/healthz: %d", r.status)
	}
}

func TestAuthRefusesUnknownAndMalformedCredentials(t *testing.T) {
	s := storetest.Seeded(t)
	for name, c := range map[string]server.Config{
		"open reads":     {Store: s, Logger: quiet(), Tokens: authTokens(t)},
		"reads need one": {Store: s, Logger: quiet(), Tokens: authTokens(t), RequireReadToken: true},
		"no tokens":      {Store: s, Logger: quiet()},
	} {
		h := server.New(c)
		for _, authz := range [][]string{
			{"Bearer " + authWrongToken},
			{"Bearer " + authAdminToken + "x"},
			{"Basic YWRhOnNlY3JldA=="},
			{"Bearer"},
			{"Bearer "},
			{authAdminToken},
			{"Bearer " + authAdminToken, "Bearer " + authEditorToken},
		} {
			if name != "no tokens" && len(authz) == 1 && authz[0] == "Bearer "+authAdminToken {
				continue
			}
			for _, method := range []string{"POST", "GET"} {
				r := authDo(t, h, method, "/graphql", famaQuery, authz...)
				if !r.unauthenticated() {
					t.Errorf("%s: %s with %q: want 401 UNAUTHENTICATED, got %d %v %s", name, method, authz, r.status, r.header, r.body)
				}
			}
		}
	}
}

// The caller reaches the resolvers: with the confidentiality hook the resolvers are to use
// (editors and admins see confidential sources), a confidential source's url and quote are
// shown to editors and admins, and hidden from readers and anonymous callers.
func TestAuthPrincipalReachesResolvers(t *testing.T) {
	s := storetest.Seeded(t)
	err := s.Load(context.Background(), &ag.Dataset{Sources: []ag.Source{{ID: "auth-test-witness",
		URL: "https://example.org/witness", Title: "A protected witness", Quote: "I saw them", Confidential: true}}})
	if err != nil {
		t.Fatal(err)
	}
	saved := resolvers.CanSeeConfidential
	t.Cleanup(func() { resolvers.CanSeeConfidential = saved })
	var callers []string
	resolvers.CanSeeConfidential = func(ctx context.Context) bool {
		p, ok := ag.PrincipalFrom(ctx)
		callers = append(callers, p.Name)
		return ok && p.Role.AtLeast(ag.RoleEditor)
	}

	h := server.New(server.Config{Store: s, Logger: quiet(), Tokens: authTokens(t)})
	const q = `{ source(id: "auth-test-witness") { id url quote confidential } }`
	for _, c := range []struct {
		authz  []string
		caller string
		sees   bool
	}{
		{nil, "", false},
		{[]string{"Bearer " + authReaderToken}, "Rea", false},
		{[]string{"Bearer " + authEditorToken}, "Ed", true},
		{[]string{"bearer " + authAdminToken}, "Ada", true},
	} {
		callers = nil
		r := authDo(t, h, "POST", "/graphql", q, c.authz...)
		if r.status != 200 || len(r.errors) > 0 || at(r.data, "source", "confidential") != true {
			t.Fatalf("%q: %d %s", c.authz, r.status, r.body)
		}
		url, quote := at(r.data, "source", "url"), at(r.data, "source", "quote")
		if c.sees && (url != "https://example.org/witness" || quote != "I saw them") {
			t.Errorf("%q should see the url and quote: %v", c.authz, r.data)
		}
		if !c.sees && (url != nil || quote != nil) {
			t.Errorf("%q should not see the url and quote: %v", c.authz, r.data)
		}
		if len(callers) == 0 || callers[0] != c.caller {
			t.Errorf("%q: the resolvers saw the callers %q, want %q", c.authz, callers, c.caller)
		}
	}
}

// Nothing the server logs holds a token: not the request line, not a refusal, not a
// GraphQL error.
func TestAuthTokensAreNeverLogged(t *testing.T) {
	s := storetest.Seeded(t)
	var logs bytes.Buffer
	log := slog.New(server.LogHandler(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	for _, require := range []bool{false, true} {
		h := server.New(server.Config{Store: s, Logger: log, Tokens: authTokens(t), RequireReadToken: require})
		for _, method := range []string{"POST", "GET"} {
			if r := authDo(t, h, method, "/graphql", famaQuery, "Bearer "+authEditorToken); r.status != 200 || len(r.errors) > 0 {
				t.Fatalf("authenticated read: %d %s", r.status, r.body)
			}
			authDo(t, h, method, "/graphql", `{ actor(id: "fama") { noSuchField } }`, "Bearer "+authEditorToken)
			authDo(t, h, method, "/graphql", `{ actors(first: 100000) { edges { node { id } } } }`, "Bearer "+authAdminToken)
			authDo(t, h, method, "/graphql", famaQuery, "Bearer "+authWrongToken)
			authDo(t, h, method, "/graphql", famaQuery, "Basic "+authReaderToken)
			authDo(t, h, method, "/graphql", famaQuery, authReaderToken)
		}
	}
	out := logs.String()
	// The log must hold the requests, or the check below proves nothing.
	if n := strings.Count(out, `msg=request `); n != 24 {
		t.Errorf("want 24 request lines, got %d:\n%s", n, out)
	}
	if n := strings.Count(out, `msg="request refused"`); n != 12 {
		t.Errorf("want 12 refusals logged, got %d:\n%s", n, out)
	}
	for _, token := range []string{authAdminToken, authEditorToken, authReaderToken, authWrongToken} {
		if strings.Contains(out, token) || strings.Contains(out, url.QueryEscape(token)) {
			t.Errorf("the log holds a token:\n%s", out)
		}
	}
}

func TestAuthWarnsWhenNoTokensAreConfigured(t *testing.T) {
	s := storetest.Open(t)
	for _, c := range []struct {
		tokens *auth.Tokens
		warns  bool
	}{{nil, true}, {&auth.Tokens{}, true}, {authTokens(t), false}} {
		var logs bytes.Buffer
		server.New(server.Config{Store: s, Logger: slog.New(slog.NewTextHandler(&logs, nil)), Tokens: c.tokens})
		if got := strings.Contains(logs.String(), "level=WARN") && strings.Contains(logs.String(), "writes are disabled"); got != c.warns {
			t.Errorf("%d tokens: warned %v, want %v:\n%s", c.tokens.Len(), got, c.warns, logs.String())
		}
	}
}
