package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// The allowed origin given to the server under test with -cors-origins.
const allowedOrigin = "https://allowed.example"

// corsChecks: a preflight or request from an origin not on the list gets no
// Access-Control-Allow-Origin (preflight 403); the listed origin gets it. When allowList is
// false the server runs with no -cors-origins: every origin is denied.
func corsChecks(ctx context.Context, c *client, sec *section, allowList bool) {
	preflight := func(origin string) result {
		req, _ := http.NewRequestWithContext(ctx, http.MethodOptions, c.base+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
		return c.send(req)
	}
	simple := func(origin string) result {
		return c.post(ctx, "", "application/json", gqlBody("{ __typename }"), map[string]string{"Origin": origin})
	}
	n := 0
	check := func(what string, r result, wantAllowed bool, origin string) {
		n++
		acao := r.Header.Get("Access-Control-Allow-Origin")
		switch {
		case wantAllowed && acao != origin:
			sec.fail("CORS %s: want Access-Control-Allow-Origin %s, got %q (%s)", what, origin, acao, r)
		case !wantAllowed && acao != "":
			sec.fail("CORS %s: an origin not on the list was allowed (%q)", what, acao)
		case !wantAllowed && r.Header.Get("Access-Control-Allow-Credentials") != "":
			sec.fail("CORS %s: Access-Control-Allow-Credentials set for a denied origin", what)
		}
	}
	for _, evil := range []string{"https://evil.example", "null", allowedOrigin + ".evil.example", "http://allowed.example"} {
		r := preflight(evil)
		check("preflight from "+evil, r, false, evil)
		if r.Status < 400 {
			sec.fail("CORS preflight from %s: want a 4xx, got HTTP %d", evil, r.Status)
		}
		check("POST from "+evil, simple(evil), false, evil)
	}
	if allowList {
		r := preflight(allowedOrigin)
		check("preflight from the allowed origin", r, true, allowedOrigin)
		if r.Status != http.StatusNoContent && r.Status != http.StatusOK {
			sec.fail("CORS preflight from the allowed origin: HTTP %d", r.Status)
		}
		check("POST from the allowed origin", simple(allowedOrigin), true, allowedOrigin)
	} else {
		check("preflight from "+allowedOrigin+" (no list)", preflight(allowedOrigin), false, allowedOrigin)
	}
	what := "default (no -cors-origins): every origin denied"
	if allowList {
		what = "with -cors-origins " + allowedOrigin + ": only it allowed"
	}
	sec.fig("CORS "+what, "%d checks", n)
}

// cspChecks: every HTML page carries a Content-Security-Policy whose sources are all
// this server's own ('self', 'none', keywords, data:/blob:): no host, no scheme, no *.
func cspChecks(ctx context.Context, c *client, sec *section) {
	pages := 0
	for _, path := range []string{"/", "/playground", "/playground/", "/playground/nope", "/nope", "/graphql"} {
		r := c.get(ctx, path, map[string]string{"Accept": "text/html"})
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		pages++
		csp := r.Header.Get("Content-Security-Policy")
		if csp == "" {
			sec.fail("%s is HTML without a Content-Security-Policy", path)
			continue
		}
		if bad := externalSources(csp); len(bad) > 0 {
			sec.fail("the CSP of %s allows outside sources %v: %s", path, bad, csp)
		}
	}
	if pages == 0 {
		sec.fail("no HTML page found to check the CSP on (are the web assets built?)")
	}
	sec.fig("HTML pages with a CSP allowing no external origin", "%d", pages)
}

// externalSources returns the sources of a CSP that allow anything beyond this origin; a
// policy without default-src also counts (the fetch directives it leaves out are open).
func externalSources(csp string) []string {
	var bad []string
	hasDefault := false
	for _, d := range strings.Split(csp, ";") {
		fields := strings.Fields(d)
		if len(fields) == 0 {
			continue
		}
		name := strings.ToLower(fields[0])
		if name == "default-src" {
			hasDefault = true
		}
		switch name {
		case "report-uri", "report-to", "sandbox", "upgrade-insecure-requests", "require-trusted-types-for", "trusted-types":
			continue
		}
		for _, src := range fields[1:] {
			s := strings.ToLower(src)
			switch {
			case strings.HasPrefix(s, "'"): // 'self', 'none', 'unsafe-inline', nonces, hashes
			case s == "data:" || s == "blob:":
			default: // a host, a scheme such as https:, or *
				bad = append(bad, name+" "+src)
			}
		}
	}
	if !hasDefault {
		bad = append(bad, "no default-src")
	}
	return bad
}

// secretChecks: a confidential source's url and quote reach no anonymous or reader answer,
// no error message and no log line; tokens appear in no answer.
func secretChecks(ctx context.Context, e *env, c *client, sec *section) {
	marker := "CONFIDENTIAL-" + randHex(8)
	id := "cx-secret-" + randHex(3)
	url := "https://secret.example/" + marker + "-url"
	quote := "the witness said " + marker + "-quote"
	r := c.do(ctx, e.tokens["editor"], `mutation S($input: CreateSourceInput!) { createSource(input: $input) { source { id } } }`,
		map[string]any{"input": map[string]any{"id": id, "title": "A protected source", "url": url, "quote": quote, "confidential": true}})
	if !r.ok() {
		sec.fail("creating a confidential source: %s", r)
		return
	}
	var bodies []string
	ask := func(token, q string, vars map[string]any) {
		rr := c.do(ctx, token, q, vars)
		bodies = append(bodies, string(rr.Body))
	}
	for _, who := range []string{"", e.tokens["reader"]} {
		ask(who, `query Q($id: ID!) { source(id: $id) { id url quote title } }`, map[string]any{"id": id})
		ask(who, `query Q($id: ID!) { node(id: $id) { id ... on Source { url quote } } }`, map[string]any{"id": id})
		ask(who, `{ sources(first: 500) { nodes { id url quote } } }`, nil)
		ask(who, `query Q($id: ID!) { history(id: $id) { nodes { before after note } } }`, map[string]any{"id": id})
		ask(who, `{ changes(since: 0, first: 500) { nodes { subjectId before after } } }`, nil)
	}
	// Errors about it: a conflicting create (as editor, who may see it) must not echo it.
	rr := c.do(ctx, e.tokens["editor"], `mutation S($input: CreateSourceInput!) { createSource(input: $input) { source { id } } }`,
		map[string]any{"input": map[string]any{"id": id, "title": "again", "url": url, "quote": quote}})
	errText := ""
	for _, ge := range rr.Errors {
		errText += ge.Message
	}
	bodies = append(bodies, errText)
	// A malformed request carrying the confidential text (the JSON is cut short): the server
	// may refuse it, but must not copy the text into its log.
	c.post(ctx, e.tokens["editor"], "application/json", []byte(`{"query":"mutation { createSource(input: {id: \"`+id+`-2\", title: \"t\", url: \"`+url+`\", quote: \"`+quote+`\", confidential: true}) { source { id } } }"`), nil)
	// An unknown token and the known ones must not come back in any answer.
	bad := "chaos-unknown-" + randHex(12)
	r401 := c.do(ctx, bad, `{ __typename }`, nil)
	bodies = append(bodies, string(r401.Body), fmt.Sprint(r401.Header))
	if r401.Status != http.StatusUnauthorized || r401.Header.Get("WWW-Authenticate") == "" {
		sec.fail("an unknown token: want 401 with WWW-Authenticate, got %s", r401)
	}
	leaks := 0
	for _, b := range bodies {
		for _, s := range []string{marker, bad, e.tokens["admin"], e.tokens["editor"], e.tokens["reader"]} {
			if strings.Contains(b, s) {
				leaks++
				sec.fail("an answer to an anonymous or reader request, or an error message, holds a secret: %s", tail(b, 200))
			}
		}
	}
	// Editors do see it (the check above would pass trivially if nothing were stored).
	rs := c.do(ctx, e.tokens["editor"], `query Q($id: ID!) { source(id: $id) { url quote } }`, map[string]any{"id": id})
	if dig(rs.Data, "source", "url") != url || dig(rs.Data, "source", "quote") != quote {
		sec.fail("an editor does not see the confidential source's url and quote: %s", rs)
	}
	sec.fig("confidential source and tokens in answers", "%d anonymous/reader answers and error messages checked, %d leaks", len(bodies), leaks)
	e.secrets = append(e.secrets, marker, bad)
}

// staticRoles runs the role matrix once, outside any load: each role against a read, an
// editor's write and an admin's write.
func staticRoles(ctx context.Context, e *env, c *client, sec *section) {
	type cell struct {
		who, token         string
		read, write, admin string // expected codes ("" = allowed)
	}
	cells := []cell{
		{"anonymous", "", "", "UNAUTHENTICATED", "UNAUTHENTICATED"},
		{"reader", e.tokens["reader"], "", "FORBIDDEN", "FORBIDDEN"},
		{"editor", e.tokens["editor"], "", "", "FORBIDDEN"},
		{"admin", e.tokens["admin"], "", "", ""},
		{"unknown token", "chaos-unknown-" + randHex(8), "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED"},
	}
	n := 0
	for _, cl := range cells {
		got := c.do(ctx, cl.token, `{ actor(id: "mali") { id } }`, nil).code()
		n++
		if got != cl.read {
			sec.fail("role matrix: %s reading: want %q, got %q", cl.who, cl.read, got)
		}
		sid := "cx-role-" + randHex(4)
		got = c.do(ctx, cl.token, qCreateSource, map[string]any{"input": map[string]any{"id": sid, "title": "role matrix"}}).code()
		n++
		if got != cl.write {
			sec.fail("role matrix: %s writing: want %q, got %q", cl.who, cl.write, got)
		}
		// delete of a fresh source made by the admin
		did := "cx-role-" + randHex(4)
		c.do(ctx, e.tokens["admin"], qCreateSource, map[string]any{"input": map[string]any{"id": did, "title": "to delete"}})
		got = c.do(ctx, cl.token, `mutation D($id: ID!) { delete(id: $id) { id } }`, map[string]any{"id": did}).code()
		n++
		if got != cl.admin {
			sec.fail("role matrix: %s deleting: want %q, got %q", cl.who, cl.admin, got)
		}
	}
	sec.fig("role matrix (5 callers × read, write, delete)", "%d cells checked", n)
}
