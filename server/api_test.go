package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/server"
	"github.com/actorgraph/actorgraph/store"
	"github.com/actorgraph/actorgraph/store/storetest"
	"github.com/actorgraph/actorgraph/web"
)

// gqlError is one error of a GraphQL response.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type response struct {
	Data   map[string]any `json:"data"`
	Errors []gqlError     `json:"errors"`
}

// api is the handler over a store, called directly (no network).
type api struct {
	t     testing.TB
	h     http.Handler
	s     *store.Store
	token string // sent as a bearer token, if set
}

// newAPI serves s with the test tokens of authTokens; requests are anonymous until as().
func newAPI(t testing.TB, s *store.Store) *api {
	return &api{t: t, s: s, h: server.New(server.Config{Store: s, Tokens: authTokens(t),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})}
}

// as returns the same API called with token.
func (a *api) as(token string) *api {
	c := *a
	c.token = token
	return &c
}

func (a *api) do(query string, vars map[string]any) response {
	a.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest("POST", "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	var r response
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		a.t.Fatalf("response is not JSON (%d): %s", rec.Code, rec.Body.String())
	}
	return r
}

// ok runs a query that must succeed.
func (a *api) ok(query string, vars map[string]any) map[string]any {
	a.t.Helper()
	r := a.do(query, vars)
	if len(r.Errors) > 0 {
		a.t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	return r.Data
}

// fails runs a query that must fail with code, optionally naming field.
func (a *api) fails(query string, vars map[string]any, code, field string) gqlError {
	a.t.Helper()
	r := a.do(query, vars)
	if len(r.Errors) == 0 {
		a.t.Fatalf("want a %s error, got data %v", code, r.Data)
	}
	e := r.Errors[0]
	if e.Extensions["code"] != code {
		a.t.Fatalf("want code %s, got %+v", code, r.Errors)
	}
	if field != "" && !strings.Contains(e.Message+" "+str(e.Extensions["field"]), field) {
		a.t.Fatalf("the error should name %q: %+v", field, e)
	}
	for _, leak := range []string{"Neo.", "neo4j", "Cypher", "MATCH "} {
		if strings.Contains(e.Message, leak) {
			a.t.Fatalf("the error leaks database text: %q", e.Message)
		}
	}
	return e
}

func str(v any) string { s, _ := v.(string); return s }

// at walks a decoded JSON value by keys and indexes: at(d, "actor", "name").
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func ids(list any, key ...any) []string {
	var out []string
	for _, x := range list.([]any) {
		out = append(out, str(at(x, append(key, "id")...)))
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestActorByIDAndUnknownID(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	d := a.ok(`{ actor(id: "fama") { __typename id kind name aliases country sources { id url } } }`, nil)
	if at(d, "actor", "__typename") != "ArmedForce" || at(d, "actor", "kind") != "ARMED_FORCE" {
		t.Errorf("fama: %v", d)
	}
	if len(at(d, "actor", "sources").([]any)) == 0 {
		t.Errorf("fama has no sources: %v", d)
	}
	d = a.ok(`{ actor(id: "no-such-actor") { id } node(id: "no-such-node") { id } }`, nil)
	if d["actor"] != nil || d["node"] != nil {
		t.Errorf("unknown ids should give null, got %v", d)
	}
}

func TestNodeResolvesEveryType(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	for id, typ := range map[string]string{"mali": "State", "cnsp-niger": "Junta", "africa-corps": "Paramilitary",
		"allegation-tuareg-icc-2025": "Allegation", "src-rfi-article": "Source", "mali-member-of-ecowas": "Relationship"} {
		d := a.ok(`query($id: ID!) { node(id: $id) { __typename id } }`, map[string]any{"id": id})
		if at(d, "node", "__typename") != typ || at(d, "node", "id") != id {
			t.Errorf("node(%s) = %v, want a %s", id, d, typ)
		}
	}
}

// Paging through all actors in each order sees each once, in that order; three actors that
// share a name are ordered by id. The keyset conditions are written for index order, so a
// tie on the first key is where a cursor could skip or repeat one: with pages of two, a page
// ends among the three.
func TestActorsPageThroughEverything(t *testing.T) {
	s := storetest.Seeded(t)
	var twins []ag.Actor
	for _, id := range []string{"twin-b", "twin-a", "twin-c"} {
		twins = append(twins, ag.Actor{ID: id, Kind: "ARMED_GROUP", Name: "Katiba Twin", SourceIDs: []string{"src-rfi-article"}})
	}
	if err := s.Load(context.Background(), &ag.Dataset{Actors: twins}); err != nil {
		t.Fatal(err)
	}
	a := newAPI(t, s)
	q := `query($after: String, $order: ActorOrder) { actors(first: 2, after: $after, orderBy: $order) {
		totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }`
	for _, order := range []map[string]any{
		{"field": "NAME", "direction": "ASC"}, {"field": "NAME", "direction": "DESC"},
		{"field": "ID", "direction": "ASC"}, {"field": "ID", "direction": "DESC"},
	} {
		seen := map[string]bool{}
		var after any
		total, pages := 0, 0
		var last []string // the previous actor's sort key
		for {
			d := a.ok(q, map[string]any{"after": after, "order": order})
			total = int(at(d, "actors", "totalCount").(float64))
			for _, e := range at(d, "actors", "edges").([]any) {
				id, name := str(at(e, "node", "id")), str(at(e, "node", "name"))
				if seen[id] {
					t.Fatalf("%v: actor %s seen twice", order, id)
				}
				key := []string{name, id}
				if order["field"] == "ID" {
					key = []string{id}
				}
				if c := slices.Compare(key, last); last != nil && (c < 0) == (order["direction"] == "ASC") {
					t.Fatalf("%v: %v came after %v", order, key, last)
				}
				seen[id], last = true, key
			}
			pages++
			if at(d, "actors", "pageInfo", "hasNextPage") != true {
				break
			}
			after = at(d, "actors", "pageInfo", "endCursor")
		}
		if len(seen) != total || total < 40 || pages < 2 || !seen["twin-a"] || !seen["twin-b"] || !seen["twin-c"] {
			t.Errorf("%v: paged %d actors in %d pages, totalCount %d", order, len(seen), pages, total)
		}
	}
}

func TestActorFiltersAndMembershipAsOf(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	q := `query($asOf: PartialDate) { actors(filter: {memberOf: "ecowas", asOf: $asOf}, first: 100) { nodes { id } } }`
	before := ids(at(a.ok(q, map[string]any{"asOf": "2024-06-01"}), "actors", "nodes"))
	after := ids(at(a.ok(q, map[string]any{"asOf": "2025-06-01"}), "actors", "nodes"))
	for _, s := range []string{"mali", "niger", "burkina-faso"} {
		if !contains(before, s) {
			t.Errorf("%s should be a member of ECOWAS on 2024-06-01: %v", s, before)
		}
		if contains(after, s) {
			t.Errorf("%s should no longer be a member of ECOWAS on 2025-06-01: %v", s, after)
		}
	}
	d := a.ok(`{ actors(filter: {kinds: [JUNTA]}, first: 100) { nodes { id kind } } }`, nil)
	js := ids(at(d, "actors", "nodes"))
	if !contains(js, "cnsp-mali") || !contains(js, "cnsp-niger") || !contains(js, "mpsr") {
		t.Errorf("juntas: %v", js)
	}
	for _, n := range at(d, "actors", "nodes").([]any) {
		if at(n, "kind") != "JUNTA" {
			t.Errorf("kind filter let through %v", n)
		}
	}
	d = a.ok(`{ actors(filter: {country: "mli"}, first: 100) { nodes { id } } }`, nil)
	if !contains(ids(at(d, "actors", "nodes")), "mali") {
		t.Errorf("country MLI should include mali: %v", d)
	}
	d = a.ok(`{ actors(filter: {text: "goita"}) { nodes { id } } }`, nil)
	if !contains(ids(at(d, "actors", "nodes")), "assimi-goita") {
		t.Errorf("text goita: %v", d)
	}
}

func TestSearchIgnoresAccentsAndCase(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	for text, want := range map[string]string{"Goita": "assimi-goita", "Goïta": "assimi-goita", "FAMa": "fama",
		"fama": "fama", "forces armees maliennes": "fama", "africa corps": "africa-corps", "Tchiani": "abdourahamane-tiani"} {
		d := a.ok(`query($t: String!) { search(text: $t) { score actor { id } } }`, map[string]any{"t": text})
		hits := at(d, "search").([]any)
		if len(hits) == 0 || str(at(hits[0], "actor", "id")) != want {
			t.Errorf("search %q: want %s first, got %v", text, want, hits)
		}
	}
	a.fails(`{ search(text: "  ") { score } }`, nil, "INVALID_INPUT", "text")
	// Lucene syntax is text, not query language.
	a.ok(`{ search(text: "mali) OR (*:*") { score } }`, nil)
}

// TestSearchByKind: kinds narrows the hits to actors of those kinds, and without kinds the
// same words find actors of several.
func TestSearchByKind(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	kindsOf := func(d map[string]any) map[string]bool {
		out := map[string]bool{}
		for _, h := range at(d, "search").([]any) {
			out[str(at(h, "actor", "kind"))] = true
		}
		return out
	}
	all := kindsOf(a.ok(`{ search(text: "mali", first: 100) { actor { kind } } }`, nil))
	if len(all) < 2 || !all["STATE"] {
		t.Fatalf("mali should find a state and actors of other kinds: %v", all)
	}
	states := kindsOf(a.ok(`{ search(text: "mali", kinds: [STATE], first: 100) { actor { kind } } }`, nil))
	if len(states) != 1 || !states["STATE"] {
		t.Errorf("mali among states: %v", states)
	}
}

func TestAllegationsAgainstAfricaCorpsCarryTheirSources(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	d := a.ok(`{ allegations(filter: {accused: ["africa-corps"]}) { totalCount nodes { id status
		accusers { actor { id } } accused { actor { id } } courts { court { id } date }
		statusHistory { status date sources { id } } sources { id url } disputes { field claims { value sources { id } } } } } }`, nil)
	nodes := at(d, "allegations", "nodes").([]any)
	var tuareg any
	for _, n := range nodes {
		if at(n, "id") == "allegation-tuareg-icc-2025" {
			tuareg = n
		}
		if len(at(n, "sources").([]any)) == 0 {
			t.Errorf("allegation %v has no sources", at(n, "id"))
		}
	}
	if tuareg == nil {
		t.Fatalf("the Tuareg complaint is not among the allegations against Africa Corps: %v", nodes)
	}
	accusers := ids(at(tuareg, "accusers"), "actor")
	for _, want := range []string{"imouhagh-international", "kel-akal", "azawad-solidarity-association"} {
		if !contains(accusers, want) {
			t.Errorf("accusers %v lack %s", accusers, want)
		}
	}
	accused := ids(at(tuareg, "accused"), "actor")
	for _, want := range []string{"fama", "burkina-faso-armed-forces", "africa-corps"} {
		if !contains(accused, want) {
			t.Errorf("accused %v lack %s", accused, want)
		}
	}
	if at(tuareg, "courts", 0, "court", "id") != "icc" || at(tuareg, "status") != "COMPLAINT_FILED" {
		t.Errorf("court/status: %v", tuareg)
	}
	// The complaint date is disputed (14 or 15 June 2025): both claims, each with sources.
	ds := at(tuareg, "disputes").([]any)
	if len(ds) == 0 {
		t.Fatalf("the complaint's disputed date is not visible")
	}
	for _, c := range at(ds[0], "claims").([]any) {
		if len(at(c, "sources").([]any)) == 0 {
			t.Errorf("claim %v has no source", c)
		}
	}
	// The other filters.
	for filter, want := range map[string]string{
		`{accuser: ["human-rights-watch"]}`:                "allegation-barsalogho-2024",
		`{court: ["icc"]}`:                                 "allegation-tuareg-icc-2025",
		`{categories: [POLITICAL_BIAS]}`:                   "allegation-aes-icc-selective-justice",
		`{statuses: [CONVICTED]}`:                          "",
		`{place: "timbuktu"}`:                              "allegation-icc-mali-situation",
		`{period: {from: "2022-03-28", to: "2022-03-29"}}`: "allegation-moura-2022",
	} {
		d := a.ok(`{ allegations(filter: `+filter+`, first: 100) { nodes { id } } }`, nil)
		got := ids(at(d, "allegations", "nodes"))
		if len(got) == 0 || (want != "" && !contains(got, want)) {
			t.Errorf("filter %s: got %v, want %s among them", filter, got, want)
		}
	}
	d = a.ok(`{ allegations(filter: {period: {from: "2000", to: "2001"}}) { nodes { id } } }`, nil)
	if n := len(at(d, "allegations", "nodes").([]any)); n != 0 {
		t.Errorf("no allegation's period overlaps 2000-2001, got %d", n)
	}
}

func TestRelationshipsAsOfADate(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	q := `query($d: PartialDate) { actor(id: "mali") { relationships(types: [MEMBER_OF], direction: OUTGOING, asOf: $d) {
		id to { id } since until endAnnounced sources { id } } } }`
	member := func(d any, org string) bool {
		for _, r := range at(d, "actor", "relationships").([]any) {
			if at(r, "to", "id") == org {
				return true
			}
		}
		return false
	}
	if d := a.ok(q, map[string]any{"d": "2024-06-01"}); !member(d, "ecowas") {
		t.Errorf("Mali was in ECOWAS on 2024-06-01: %v", d)
	}
	if d := a.ok(q, map[string]any{"d": "2025-01-29"}); member(d, "ecowas") {
		t.Errorf("Mali left ECOWAS on 2025-01-29: %v", d)
	}
	d := a.ok(q, map[string]any{"d": nil})
	for _, r := range at(d, "actor", "relationships").([]any) {
		if at(r, "to", "id") == "ecowas" && (at(r, "endAnnounced") != "2024-01-28" || at(r, "until") != "2025-01-29") {
			t.Errorf("ECOWAS exit should keep announcement and effect apart: %v", r)
		}
		if at(r, "to", "id") == "icc" && at(r, "until") != nil {
			t.Errorf("Mali's ICC withdrawal has not taken effect; until should be null: %v", r)
		}
		if len(at(r, "sources").([]any)) == 0 {
			t.Errorf("relationship without sources: %v", r)
		}
	}
	a.fails(q, map[string]any{"d": "2025-13-01"}, "INVALID_INPUT", "")
	a.fails(`{ actors(filter: {asOf: "2024"}) { nodes { id } } }`, nil, "INVALID_INPUT", "asOf")
}

func TestEventsAreATimeline(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	d := a.ok(`{ events(filter: {actor: "mali"}, first: 500) { totalCount nodes { id date participants { actor { id } } sources { id } } } }`, nil)
	nodes := at(d, "events", "nodes").([]any)
	if len(nodes) < 5 {
		t.Fatalf("Mali's timeline is too short: %v", nodes)
	}
	last := ""
	for _, n := range nodes {
		date := str(at(n, "date"))
		if date != "" && date < last {
			t.Errorf("not in date order: %s after %s", date, last)
		}
		if date != "" {
			last = date
		}
		if len(at(n, "sources").([]any)) == 0 {
			t.Errorf("event %v has no sources", at(n, "id"))
		}
	}
	d = a.ok(`{ events(filter: {from: "2023-01-01", to: "2023-12-31"}, first: 500) { nodes { date } } }`, nil)
	for _, n := range at(d, "events", "nodes").([]any) {
		if date := str(at(n, "date")); date < "2023" || date > "2023-12-31" {
			t.Errorf("event dated %s is outside 2023", date)
		}
	}
}

func TestBadArgumentsAreInvalidInput(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	a.fails(`{ actors(first: 0) { nodes { id } } }`, nil, "INVALID_INPUT", "first")
	a.fails(`{ actors(first: 501) { nodes { id } } }`, nil, "INVALID_INPUT", "first")
	a.fails(`{ actors(after: "garbage") { nodes { id } } }`, nil, "INVALID_INPUT", "after")
	// A cursor from one list is refused by another.
	d := a.ok(`{ events(first: 1) { pageInfo { endCursor } } }`, nil)
	a.fails(`query($c: String) { actors(after: $c) { nodes { id } } }`, map[string]any{"c": at(d, "events", "pageInfo", "endCursor")}, "INVALID_INPUT", "after")
	a.fails(`{ allegations(filter: {period: {from: "2024", to: "2023"}}) { nodes { id } } }`, nil, "INVALID_INPUT", "period")
	a.fails(`{ events(filter: {from: "yesterday"}) { nodes { id } } }`, nil, "INVALID_INPUT", "")
	a.fails(`{ sources(filter: {minReliability: "Z"}) { nodes { id } } }`, nil, "INVALID_INPUT", "minReliability")
}

// TestFiltersOnUnknownActorsAreNotFound: a filter naming an actor that does not exist is a
// mistake to report, not an empty answer to give.
func TestFiltersOnUnknownActorsAreNotFound(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	a.fails(`{ actors(filter: {memberOf: "ecowass"}) { nodes { id } } }`, nil, "NOT_FOUND", "filter.memberOf")
	a.fails(`{ actors(filter: {memberOf: "ecowass"}) { totalCount } }`, nil, "NOT_FOUND", "filter.memberOf")
	e := a.fails(`{ allegations(filter: {accused: ["africa-corps", "afrika-korps"]}) { nodes { id } } }`, nil, "NOT_FOUND", "filter.accused")
	if !strings.Contains(e.Message, `"afrika-korps"`) || strings.Contains(e.Message, `"africa-corps"`) {
		t.Errorf("the error should name the missing id only: %q", e.Message)
	}
	a.fails(`{ allegations(filter: {accuser: ["nobody"]}) { nodes { id } } }`, nil, "NOT_FOUND", "filter.accuser")
	a.fails(`{ allegations(filter: {court: ["icj"]}) { nodes { id } } }`, nil, "NOT_FOUND", "filter.court")
	a.fails(`{ events(filter: {actor: "atlantis"}) { nodes { id } } }`, nil, "NOT_FOUND", "filter.actor")
	a.fails(`{ actor(id: "mali") { allegationsMade(filter: {accused: ["icc", "xyz"]}) { nodes { id } } } }`, nil, "NOT_FOUND", "filter.accused")
	// The same filters on actors that exist work, and an unknown id at the root is null.
	d := a.ok(`{ actors(filter: {memberOf: "ecowas"}) { totalCount } allegations(filter: {court: ["icc"]}) { totalCount } nobody: actor(id: "atlantis") { id } }`, nil)
	if at(d, "actors", "totalCount").(float64) == 0 || at(d, "allegations", "totalCount").(float64) == 0 || at(d, "nobody") != nil {
		t.Errorf("known filters: %v", d)
	}
}

// TestTextFiltersOnAllegationsAndEvents: words find allegations and events by title, summary,
// description or place, ignoring accents and case.
func TestTextFiltersOnAllegationsAndEvents(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	d := a.ok(`{ allegations(filter: {text: "sevare"}) { nodes { id places } }
		moura: allegations(filter: {text: "MOURA", statuses: [REPORTED]}) { nodes { id } }
		events(filter: {text: "keita"}) { nodes { id title } }
		late: events(filter: {text: "coup", from: "2022"}) { nodes { date } } }`, nil)
	if got := ids(at(d, "allegations", "nodes")); !contains(got, "allegation-icc-mali-situation") {
		t.Errorf(`"sevare" should find the ICC's Mali situation (place Sévaré): %v`, got)
	}
	if got := ids(at(d, "moura", "nodes")); !contains(got, "allegation-moura-2022") {
		t.Errorf(`"MOURA" should find the Moura allegation: %v`, got)
	}
	evs := at(d, "events", "nodes").([]any)
	if len(evs) == 0 {
		t.Fatalf(`"keita" should find the 2020 coup against Keïta`)
	}
	for _, e := range evs {
		if !strings.Contains(strings.ToLower(str(at(e, "title"))), "keïta") {
			t.Errorf("%v does not mention Keïta", e)
		}
	}
	late := at(d, "late", "nodes").([]any)
	if len(late) == 0 {
		t.Fatal("there were coups from 2022 on")
	}
	for _, e := range late {
		if str(at(e, "date")) < "2022" {
			t.Errorf("text and date filters should both hold: %v", e)
		}
	}
	a.fails(`{ allegations(filter: {text: "  ()  "}) { nodes { id } } }`, nil, "INVALID_INPUT", "filter.text")
	a.fails(`{ events(filter: {text: "*"}) { nodes { id } } }`, nil, "INVALID_INPUT", "filter.text")
}

// TestNestedQueryRoundTripsDoNotGrowWithPageSize is the N+1 test: a page of actors, their
// allegations faced, those allegations' accusers and sources costs the same number of
// database round trips for a page of 3 as for a page of 40.
func TestNestedQueryRoundTripsDoNotGrowWithPageSize(t *testing.T) {
	s := storetest.Seeded(t)
	a := newAPI(t, s)
	q := `query($n: Int) { actors(first: $n) { nodes { id sources { id }
		allegationsFaced(first: 10) { nodes { id accusers { actor { id name sources { id } } } sources { id url } } } } } }`
	count := func(n int) int64 {
		before := s.RoundTrips()
		a.ok(q, map[string]any{"n": n})
		return s.RoundTrips() - before
	}
	// Seven levels at most: actors, their sources, their allegations, the allegations'
	// parties, the allegations' sources, the accusers, the accusers' sources. With N+1
	// the page of all actors alone would cost more than fifty.
	small, large := count(20), count(100)
	if small > 7 || large > 7 {
		t.Errorf("round trips: %d for 20 actors, %d for all; want at most 7 for any page size", small, large)
	}
}

func TestEveryPlaygroundExampleReturnsData(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	examples, err := web.Examples()
	if err != nil {
		t.Fatal(err)
	}
	if len(examples) < 8 {
		t.Errorf("want at least eight examples, have %d", len(examples))
	}
	for _, ex := range examples {
		var vars map[string]any
		if ex.Variables != "" {
			if err := json.Unmarshal([]byte(ex.Variables), &vars); err != nil {
				t.Fatalf("%s: variables: %v", ex.Name, err)
			}
		}
		d := a.ok(ex.Query, vars)
		b, _ := json.Marshal(d)
		if len(b) < 100 || strings.Contains(string(b), `"nodes":[]`) {
			t.Errorf("example %q returned too little: %s", ex.Name, b)
		}
	}
}

func TestHealthAndReadiness(t *testing.T) {
	a := newAPI(t, storetest.Open(t))
	for _, path := range []string{"/healthz", "/readyz"} {
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Body)
		}
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, httptest.NewRequest("GET", "/graphql?query="+strings.ReplaceAll("{ actors(first: 1) { totalCount } }", " ", "%20"), nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "totalCount") {
		t.Errorf("GET /graphql: %d %s", rec.Code, rec.Body)
	}
}

// totalCount alone costs one count, read from Neo4j's count store, and no page.
func TestTotalCountAloneIsOneStatement(t *testing.T) {
	s := storetest.Seeded(t)
	a := newAPI(t, s)
	before := s.RoundTrips()
	d := a.ok(`{ actors { totalCount } }`, nil)
	if got := s.RoundTrips() - before; got != 1 || at(d, "actors", "totalCount").(float64) < 50 {
		t.Errorf("totalCount alone took %d statements: %v", got, d)
	}
}
