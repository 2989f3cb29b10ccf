package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ag "github.com/actorgraph/actorgraph"
)

const (
	adminToken  = "adm1n-t0ken-0123456789abcdef"
	editorToken = "ed1tor-t0ken-0123456789abcdef"
	readerToken = "reader-t0ken-0123456789abcdef"
)

const goodFile = `# issued 2025-10-01
admin:Alice:` + adminToken + `

   # an indented comment
  EDITOR : Bob Ba : ` + editorToken + `  
reader:dashboard:` + readerToken + `
`

func mustParse(t *testing.T, text string) *Tokens {
	t.Helper()
	ts, err := Parse("tokens file test", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func TestParseAndLookup(t *testing.T) {
	ts := mustParse(t, goodFile)
	if ts.Len() != 3 {
		t.Fatalf("want 3 tokens, got %d: %v", ts.Len(), ts.Principals())
	}
	for token, want := range map[string]ag.Principal{
		adminToken:  {Name: "Alice", Role: ag.RoleAdmin},
		editorToken: {Name: "Bob Ba", Role: ag.RoleEditor},
		readerToken: {Name: "dashboard", Role: ag.RoleReader},
	} {
		if got, ok := ts.Lookup(token); !ok || got != want {
			t.Errorf("Lookup(%s) = %v, %v; want %v", token, got, ok, want)
		}
	}
	for _, bad := range []string{"", adminToken[:len(adminToken)-1], adminToken + "x",
		strings.ToUpper(adminToken), adminToken[:len(adminToken)-1] + "g", " " + adminToken, "admin"} {
		if p, ok := ts.Lookup(bad); ok {
			t.Errorf("Lookup(%q) = %v; want no match", bad, p)
		}
	}
	want := []ag.Principal{{Name: "Alice", Role: ag.RoleAdmin}, {Name: "Bob Ba", Role: ag.RoleEditor}, {Name: "dashboard", Role: ag.RoleReader}}
	if got := ts.Principals(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Principals() = %v, want %v", got, want)
	}
}

// Only digests are kept: no field of a loaded set holds a token.
func TestTokensKeepOnlyDigests(t *testing.T) {
	ts := mustParse(t, goodFile)
	dump := fmt.Sprintf("%#v %+v", ts, ts.entries)
	for _, token := range []string{adminToken, editorToken, readerToken} {
		if strings.Contains(dump, token) {
			t.Errorf("the set keeps the token %s: %s", token, dump)
		}
	}
	if ts.entries[0].digest != sha256.Sum256([]byte(adminToken)) {
		t.Errorf("the first entry should hold the SHA-256 of its token")
	}
}

func TestEmptySets(t *testing.T) {
	var nilSet *Tokens
	for name, ts := range map[string]*Tokens{"nil": nilSet, "zero": {}, "comments only": mustParse(t, "# none yet\n\n")} {
		if ts.Len() != 0 || len(ts.Principals()) != 0 {
			t.Errorf("%s: Len %d, Principals %v", name, ts.Len(), ts.Principals())
		}
		if _, ok := ts.Lookup(adminToken); ok {
			t.Errorf("%s: a token matched an empty set", name)
		}
		if _, ok := ts.Lookup(""); ok {
			t.Errorf("%s: the empty token matched an empty set", name)
		}
	}
}

// match finds the entry whatever its position, and nothing when no digest is equal.
func TestMatchVisitsEveryPosition(t *testing.T) {
	var entries []entry
	for i := range 5 {
		entries = append(entries, entry{digest: sha256.Sum256([]byte(fmt.Sprintf("token-number-%d-xxxxxx", i)))})
	}
	for i := range entries {
		got, ok := match(entries, sha256.Sum256([]byte(fmt.Sprintf("token-number-%d-xxxxxx", i))))
		if !ok || got != i {
			t.Errorf("token %d: match = %d, %v", i, got, ok)
		}
	}
	// A digest differing from one entry's in its last byte only.
	d := entries[3].digest
	d[len(d)-1] ^= 1
	if got, ok := match(entries, d); ok {
		t.Errorf("a near digest matched entry %d", got)
	}
	if _, ok := match(nil, d); ok {
		t.Errorf("matched in no entries")
	}
}

func TestParseErrorsNameTheLineAndNotTheToken(t *testing.T) {
	const secret = "s3cret-s3cret-s3cret-s3cret"
	for _, c := range []struct {
		text string
		want string
	}{
		{"# header\n\nsuperuser:Alice:" + secret + "\n", "line 3: unknown role; want reader, editor or admin"},
		{"admin:Alice\n", "line 1: want role:name:token"},
		{"admin:Alice:" + adminToken + "\n" + secret + "\n", "line 2: want role:name:token"},
		{"admin: :" + secret + "\n", "line 1: the name is empty"},
		{"admin:Al\tice:" + secret + "\n", "line 1: the name holds a control character"},
		{"\n\nadmin:Alice:\n", "line 3: the token is empty"},
		{"admin:Alice:short-s3cret\n", "line 1: the token is shorter than 16 characters"},
		{"admin:Alice:" + secret + " " + secret + "\n", "line 1: the token may hold only"},
		{"admin:Alice:" + secret + ":x\n", "line 1: the token may hold only"},
		{"admin:Alice:" + secret + "\n# again\neditor:Bob:" + secret + "\n", "line 3: the same token as tokens file test line 1"},
		{"admin:Alice:" + adminToken + "\neditor:alice:" + secret + "\n", "line 2: the name is already used by tokens file test line 1"},
		// A line written in the wrong order puts the token where the role is.
		{secret + ":Alice:admin-admin-admin-admin\n", "line 1: unknown role"},
		{"admin:" + secret + ":Alice\n", "line 1: the token is shorter"},
	} {
		_, err := Parse("tokens file test", strings.NewReader(c.text))
		if err == nil || !strings.Contains(err.Error(), "tokens file test "+c.want) {
			t.Errorf("%q: got %v, want an error containing %q", c.text, err, c.want)
			continue
		}
		for _, leak := range []string{secret, adminToken, "short-s3cret"} {
			if strings.Contains(err.Error(), leak) {
				t.Errorf("%q: the error shows the token: %v", c.text, err)
			}
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: the error should be one line: %q", c.text, err)
		}
	}
}

func TestParseList(t *testing.T) {
	ts, err := ParseList("ACTORGRAPH_TOKENS", " admin:ci:"+adminToken+" ,, reader:grafana:"+readerToken+",\n")
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := ts.Lookup(readerToken); !ok || p != (ag.Principal{Name: "grafana", Role: ag.RoleReader}) {
		t.Errorf("Lookup(reader) = %v, %v", p, ok)
	}
	if ts.Len() != 2 {
		t.Errorf("want 2 tokens, got %d", ts.Len())
	}
	for _, c := range []struct{ list, want string }{
		{"admin:ci:" + adminToken + ",editor:bot:tiny", "ACTORGRAPH_TOKENS entry 2: the token is shorter"},
		{",admin:ci:" + adminToken + ",,owner:x:" + editorToken, "ACTORGRAPH_TOKENS entry 2: unknown role"},
		{"admin:ci:" + adminToken + ",editor:bot:" + adminToken, "ACTORGRAPH_TOKENS entry 2: the same token as ACTORGRAPH_TOKENS entry 1"},
	} {
		_, err := ParseList("ACTORGRAPH_TOKENS", c.list)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.list, err, c.want)
		}
		if err != nil && (strings.Contains(err.Error(), adminToken) || strings.Contains(err.Error(), editorToken)) {
			t.Errorf("the error shows a token: %v", err)
		}
	}
}

func TestReadFileAndMerge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens")
	if err := os.WriteFile(path, []byte(goodFile), 0o600); err != nil {
		t.Fatal(err)
	}
	file, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	list, err := ParseList("ACTORGRAPH_TOKENS", "editor:ci:ci-t0ken-0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	all, err := Merge(file, nil, list)
	if err != nil {
		t.Fatal(err)
	}
	if all.Len() != 4 {
		t.Errorf("merged: want 4 tokens, got %d", all.Len())
	}
	for _, tok := range []string{adminToken, "ci-t0ken-0123456789abcdef"} {
		if _, ok := all.Lookup(tok); !ok {
			t.Errorf("the merged set lost a token")
		}
	}

	dupToken, _ := ParseList("ACTORGRAPH_TOKENS", "editor:ci:"+editorToken)
	if _, err := Merge(file, dupToken); err == nil ||
		!strings.Contains(err.Error(), "ACTORGRAPH_TOKENS entry 1: the same token as tokens file "+path+" line 5") {
		t.Errorf("a token in both the file and the list: got %v", err)
	}
	dupName, _ := ParseList("ACTORGRAPH_TOKENS", "editor:ALICE:ci-t0ken-0123456789abcdef")
	if _, err := Merge(file, dupName); err == nil ||
		!strings.Contains(err.Error(), "ACTORGRAPH_TOKENS entry 1: the name is already used by tokens file "+path+" line 2") {
		t.Errorf("a name in both the file and the list: got %v", err)
	}

	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing")); err == nil || !strings.Contains(err.Error(), "tokens file:") {
		t.Errorf("a missing file: got %v", err)
	}
}

// seen is what the handler behind the middleware saw.
type seen struct {
	called    bool
	principal ag.Principal
	hasP      bool
	authz     string
}

func guarded(t *testing.T, ts *Tokens, o Options) (http.Handler, *seen) {
	s := &seen{}
	return Middleware(ts, o, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.called = true
		s.principal, s.hasP = ag.PrincipalFrom(r.Context())
		s.authz = r.Header.Get("Authorization")
		w.Write([]byte("ok"))
	})), s
}

func request(h http.Handler, authz ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
	for _, a := range authz {
		r.Header.Add("Authorization", a)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// wantUnauthenticated checks a 401 with a Bearer challenge and a GraphQL-shaped body.
func wantUnauthenticated(t *testing.T, w *httptest.ResponseRecorder, what string) {
	t.Helper()
	if w.Code != http.StatusUnauthorized {
		t.Errorf("%s: status %d, want 401", what, w.Code)
	}
	if c := w.Header().Get("WWW-Authenticate"); !strings.HasPrefix(c, "Bearer") {
		t.Errorf("%s: WWW-Authenticate %q, want a Bearer challenge", what, c)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s: Content-Type %q", what, ct)
	}
	var body struct {
		Errors []struct {
			Message    string            `json:"message"`
			Extensions map[string]string `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatalf("%s: body is not JSON: %q", what, w.Body.String())
	}
	if len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != "UNAUTHENTICATED" || body.Errors[0].Message == "" {
		t.Errorf("%s: body %s", what, w.Body.String())
	}
}

func TestMiddlewarePutsThePrincipalInTheContext(t *testing.T) {
	ts := mustParse(t, goodFile)
	for _, o := range []Options{{}, {RequireToken: true}} {
		h, s := guarded(t, ts, o)
		for _, c := range []struct {
			authz string
			want  ag.Principal
		}{
			{"Bearer " + editorToken, ag.Principal{Name: "Bob Ba", Role: ag.RoleEditor}},
			{"bearer " + adminToken, ag.Principal{Name: "Alice", Role: ag.RoleAdmin}},
			{"Bearer   " + readerToken + " ", ag.Principal{Name: "dashboard", Role: ag.RoleReader}},
		} {
			*s = seen{}
			r := httptest.NewRequest("GET", "/graphql?query={__typename}", nil)
			r.Header.Set("Authorization", c.authz)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != 200 || !s.called || !s.hasP || s.principal != c.want {
				t.Errorf("%+v %q: status %d, saw %+v; want %v", o, c.authz, w.Code, s, c.want)
			}
			if s.authz != "" {
				t.Errorf("%q: the Authorization header should not reach the next handler", c.authz)
			}
			if r.Header.Get("Authorization") != c.authz {
				t.Errorf("%q: the caller's request was changed", c.authz)
			}
		}
	}
}

func TestMiddlewareRefusesUnknownAndMalformedCredentials(t *testing.T) {
	for name, ts := range map[string]*Tokens{"configured": mustParse(t, goodFile), "none configured": nil} {
		h, s := guarded(t, ts, Options{})
		for _, authz := range [][]string{
			{"Bearer not-a-configured-token-at-all"},
			{"Bearer " + adminToken[:len(adminToken)-1]},
			{"Basic YWxpY2U6c2VjcmV0"},
			{"Basic " + adminToken},
			{"Bearer"},
			{"Bearer "},
			{""},
			{adminToken},
			{"Bearer " + adminToken + " extra"},
			{"Bearer a,b"},
			{"Token " + adminToken},
			{"Bearer " + adminToken, "Bearer " + adminToken},
		} {
			*s = seen{}
			if name == "none configured" || authz[0] != "Bearer "+adminToken {
				w := request(h, authz...)
				wantUnauthenticated(t, w, fmt.Sprintf("%s %q", name, authz))
				if s.called {
					t.Errorf("%s %q: the request went through", name, authz)
				}
			}
		}
		// The challenge says why.
		if c := request(h, "Bearer not-a-configured-token-at-all").Header().Get("WWW-Authenticate"); !strings.Contains(c, `error="invalid_token"`) {
			t.Errorf("%s: unknown token: challenge %q", name, c)
		}
		if c := request(h, "Basic YWxpY2U6c2VjcmV0").Header().Get("WWW-Authenticate"); !strings.Contains(c, `error="invalid_request"`) {
			t.Errorf("%s: malformed header: challenge %q", name, c)
		}
	}
}

func TestMiddlewareAnonymous(t *testing.T) {
	ts := mustParse(t, goodFile)
	h, s := guarded(t, ts, Options{})
	w := request(h)
	if w.Code != 200 || !s.called || s.hasP {
		t.Errorf("anonymous with open reads: status %d, saw %+v; want the request through without a principal", w.Code, s)
	}

	h, s = guarded(t, ts, Options{RequireToken: true})
	w = request(h)
	wantUnauthenticated(t, w, "anonymous with reads needing a token")
	if s.called {
		t.Errorf("anonymous with reads needing a token: the request went through")
	}
	if c := w.Header().Get("WWW-Authenticate"); strings.Contains(c, "error=") {
		t.Errorf("a request without credentials gets a bare challenge (RFC 6750 3.1), got %q", c)
	}
	if w := request(h, "Bearer "+readerToken); w.Code != 200 || !s.called || s.principal.Role != ag.RoleReader {
		t.Errorf("reader token with reads needing a token: status %d, saw %+v", w.Code, s)
	}
}

func TestRefusalsLogNoToken(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, _ := guarded(t, mustParse(t, goodFile), Options{RequireToken: true, Logger: log})
	const wrong = "wrong-t0ken-0123456789abcdef"
	request(h, "Bearer "+wrong)
	request(h, "Basic "+wrong)
	request(h, "Bearer "+adminToken)
	request(h)
	if got := strings.Count(logs.String(), "request refused"); got != 3 {
		t.Errorf("want 3 refusals logged, got %d:\n%s", got, logs.String())
	}
	for _, s := range []string{wrong, adminToken} {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the log shows a token:\n%s", logs.String())
		}
	}
	for _, reason := range []string{"unknown token", "malformed Authorization header", "no token"} {
		if !strings.Contains(logs.String(), reason) {
			t.Errorf("the log should say %q:\n%s", reason, logs.String())
		}
	}
}
