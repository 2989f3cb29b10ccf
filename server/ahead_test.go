package server_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/actorgraph/actorgraph/store/storetest"
)

// actorFields is what the reading-ahead tests ask of an actor: relationships and both lists
// of allegations, with every nested field that a read can bring along and some it cannot.
const actorFields = `id name kind
	relationships(first: $rels, direction: $dir, asOf: $asOf) { id type since from { id name } to { id name sources { id } } sources { id } }
	everything: relationships { id }
	allegationsFaced(first: $als) {
	  totalCount
	  edges { cursor node { id title status
	    accusers { role actor { id name kind } } accused { actor { id } } courts { court { id name } }
	    statusHistory { status date sources { id } } sources { id url title } } }
	  pageInfo { hasNextPage endCursor } }
	allegationsMade(first: 3) { nodes { id accused { role actor { name } } } pageInfo { endCursor } }`

// TestReadingAheadAnswersAsTheLoadersDo asks each actor of the seed for the same fields two
// ways: as the root field actor(id), which reads ahead and brings its lists along in one
// statement, and as an item of a page of actors, where the loaders batch each level. The
// answers must be equal, field for field, for every actor and for several argument sets
// (variables and literals, directions, dates, pages).
func TestReadingAheadAnswersAsTheLoadersDo(t *testing.T) {
	s := storetest.Seeded(t)
	a := newAPI(t, s)
	// all pages through every actor, 20 at a time (the complexity cap forbids more at once).
	all := func(vars map[string]any) []any {
		var nodes []any
		var after any
		for {
			v := map[string]any{"after": after}
			for k, x := range vars {
				v[k] = x
			}
			d := a.ok(`query($after: String, $rels: Int, $als: Int, $dir: Direction, $asOf: PartialDate) {
				actors(first: 20, after: $after) { nodes { `+actorFields+` } pageInfo { hasNextPage endCursor } } }`, v)
			nodes = append(nodes, at(d, "actors", "nodes").([]any)...)
			if at(d, "actors", "pageInfo", "hasNextPage") != true {
				return nodes
			}
			after = at(d, "actors", "pageInfo", "endCursor")
		}
	}
	for _, vars := range []map[string]any{
		{"rels": 5, "als": 2, "dir": "OUTGOING", "asOf": nil},
		{"rels": 20, "als": 10, "dir": "BOTH", "asOf": "2022"},
		{"rels": 1, "als": 1, "dir": "INCOMING", "asOf": "2024-06-30"},
	} {
		nodes := all(vars)
		if len(nodes) < 50 {
			t.Fatalf("the seed has %d actors", len(nodes))
		}
		asked := 0
		for _, n := range nodes {
			id := str(at(n, "id"))
			one := at(a.ok(`query($id: ID!, $rels: Int, $als: Int, $dir: Direction, $asOf: PartialDate) { actor(id: $id) { `+actorFields+` } }`,
				map[string]any{"id": id, "rels": vars["rels"], "als": vars["als"], "dir": vars["dir"], "asOf": vars["asOf"]}), "actor")
			if !reflect.DeepEqual(one, n) {
				want, _ := json.MarshalIndent(n, "", " ")
				got, _ := json.MarshalIndent(one, "", " ")
				t.Fatalf("actor %s with %v: read ahead\n%s\nthrough the loaders\n%s", id, vars, got, want)
			}
			if len(at(n, "allegationsFaced", "edges").([]any)) > 0 || len(at(n, "relationships").([]any)) > 0 {
				asked++
			}
		}
		if asked < 5 {
			t.Errorf("%v: only %d actors have relationships or allegations to compare", vars, asked)
		}
	}
}

// TestAnActorWithItsListsIsOneStatement: an actor, its relationships with the actors at their
// ends, and the allegations it faces with their accusers, courts, status and sources: one
// round trip, where the loaders take one per level.
func TestAnActorWithItsListsIsOneStatement(t *testing.T) {
	s := storetest.Seeded(t)
	a := newAPI(t, s)
	q := `{ actor(id: "wagner-group") { name relationships(first: 20) { type from { name } to { name } }
		allegationsFaced(first: 5) { nodes { title accusers { actor { name } } courts { court { name } } statusHistory { status } sources { url } } } } }`
	before := s.RoundTrips()
	d := a.ok(q, nil)
	if got := s.RoundTrips() - before; got != 1 {
		t.Errorf("%d statements, want 1", got)
	}
	if len(at(d, "actor", "relationships").([]any)) == 0 || len(at(d, "actor", "allegationsFaced", "nodes").([]any)) == 0 ||
		str(at(d, "actor", "allegationsFaced", "nodes", 0, "accusers", 0, "actor", "name")) == "" {
		t.Errorf("the seed's Wagner Group should have relationships and allegations with accusers: %v", d)
	}
	// An unknown id is null, as without reading ahead.
	if d := a.ok(`{ actor(id: "no-such-actor") { name relationships { id } } }`, nil); d["actor"] != nil {
		t.Errorf("unknown actor: %v", d)
	}
	// A bad argument of a list read ahead is reported at that list, as without reading ahead.
	r := a.do(`{ actor(id: "wagner-group") { name relationships(first: 501) { id } allegationsFaced(first: 1) { nodes { id } } } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "INVALID_INPUT" || len(r.Errors[0].Path) != 2 || r.Errors[0].Path[1] != "relationships" {
		t.Errorf("a bad page size: %+v, %v", r.Errors, r.Data)
	}
}

// TestAllegationsOfAnActorFilteredByAnotherParty: a filter on a party works on an actor's own
// lists (the statement's actor and the filter's must not be confused).
func TestAllegationsOfAnActorFilteredByAnotherParty(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	d := a.ok(`{ actors(first: 500) { nodes { id allegationsFaced(first: 1) { nodes { id accusers { actor { id } } } } } } }`, nil)
	tried := 0
	for _, n := range at(d, "actors", "nodes").([]any) {
		al := at(n, "allegationsFaced", "nodes", 0)
		accuser := str(at(al, "accusers", 0, "actor", "id"))
		if accuser == "" {
			continue
		}
		tried++
		got := a.ok(`query($id: ID!, $by: ID!) { actor(id: $id) { allegationsFaced(first: 500, filter: {accuser: [$by]}) { nodes { id } } } }`,
			map[string]any{"id": at(n, "id"), "by": accuser})
		found := false
		for _, x := range at(got, "actor", "allegationsFaced", "nodes").([]any) {
			found = found || at(x, "id") == at(al, "id")
		}
		if !found {
			t.Errorf("%s's allegations faced, filtered by accuser %s, miss %s: %v", at(n, "id"), accuser, at(al, "id"), got)
		}
	}
	if tried < 5 {
		t.Errorf("only %d actors face an allegation with an accuser", tried)
	}
}

// TestListsOfAnAllegationAskedApartAnswerAsTogether: a read brings along only the lists of an
// allegation that its selection asks for. When two reads of the same allegations ask for
// different lists (accusers in one, the rest in the other), every list must still come back
// as it does when one read asks for all of them: a list one read did not bring is fetched,
// never taken as empty.
func TestListsOfAnAllegationAskedApartAnswerAsTogether(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	const accusers = `accusers { role date actor { id name } }`
	const rest = `accused { role actor { id } } courts { date reference court { id } } statusHistory { status date note sources { id } }`
	d := a.ok(`{ actors(first: 500) { nodes { id allegationsFaced { totalCount } } } }`, nil)
	compared := 0
	for _, n := range at(d, "actors", "nodes").([]any) {
		if total, _ := at(n, "allegationsFaced", "totalCount").(float64); total < 2 {
			continue
		}
		vars := map[string]any{"id": at(n, "id")}
		together := map[string]any{}
		for _, al := range at(a.ok(`query($id: ID!) { actor(id: $id) { allegationsFaced(first: 3) { nodes { id `+accusers+rest+` } } } }`, vars),
			"actor", "allegationsFaced", "nodes").([]any) {
			together[str(at(al, "id"))] = al
		}
		// Two root fields, two reads, each bringing its own lists, into the same loaders.
		apart := a.ok(`query($id: ID!) {
			actor(id: $id) { allegationsFaced(first: 3) { nodes { id `+accusers+` } } }
			allegations(filter: {accused: [$id]}, first: 3) { nodes { id `+rest+` } } }`, vars)
		got := map[string]map[string]any{}
		for _, al := range at(apart, "allegations", "nodes").([]any) {
			got[str(at(al, "id"))] = al.(map[string]any)
		}
		for _, al := range at(apart, "actor", "allegationsFaced", "nodes").([]any) {
			id := str(at(al, "id"))
			if got[id] == nil {
				t.Fatalf("actor %s: allegation %s is in one list of its first three and not the other", at(n, "id"), id)
			}
			got[id]["accusers"] = at(al, "accusers")
		}
		for id, want := range together {
			if !reflect.DeepEqual(any(got[id]), want) {
				w, _ := json.MarshalIndent(want, "", " ")
				g, _ := json.MarshalIndent(got[id], "", " ")
				t.Fatalf("actor %s, allegation %s: asked apart\n%s\nasked together\n%s", at(n, "id"), id, g, w)
			}
		}
		compared++
	}
	if compared < 3 {
		t.Errorf("only %d actors face two allegations or more", compared)
	}
}
