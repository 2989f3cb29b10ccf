package server_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/store/storetest"
)

const mergeActors = `mutation($s: ID!, $m: ID!) { mergeActors(survivorId: $s, mergedId: $m, note: "one and the same") {
	merge { id mergedId by note undoneAt survivor { id } } survivor { id aliases } changes { subjectId before after } } }`
const undoMerge = `mutation($id: ID!) { undoMerge(id: $id) { merge { id undoneAt } survivor { id aliases } } }`

// TestMergeAndUndoRestoresTheGraphExactly merges the Wagner Group into Africa Corps (its
// successor: a plausible mistake to make), checks that everything moved, and undoes it.
func TestMergeAndUndoRestoresTheGraphExactly(t *testing.T) {
	s := storetest.Seeded(t)
	// A dispute about the merged actor, to see that disputes follow it.
	if err := s.Load(context.Background(), &ag.Dataset{Disputes: []ag.Dispute{{ID: "dispute-test-wagner", SubjectID: "wagner-group",
		Field: "founded", Claims: []ag.Claim{{Value: "2014", SourceIDs: []string{"src-rfi-article"}}, {Value: "2013", SourceIDs: []string{"src-l5"}}}}}}); err != nil {
		t.Fatal(err)
	}
	a := newAPI(t, s).as(authAdminToken)
	const about = `query($id: ID!) { actor(id: $id) { id aliases
		relationships(first: 500) { id from { id } to { id } }
		allegationsFaced(first: 500) { nodes { id } } events(first: 500) { event { id } } disputes { id } sources { id } } }`
	wagner := a.ok(about, map[string]any{"id": "wagner-group"})
	africa := a.ok(about, map[string]any{"id": "africa-corps"})
	if len(at(wagner, "actor", "allegationsFaced", "nodes").([]any)) == 0 || len(at(wagner, "actor", "relationships").([]any)) == 0 {
		t.Fatalf("the test needs an actor with allegations and relationships: %v", wagner)
	}
	before := dump(t, s, true)

	d := a.ok(mergeActors, map[string]any{"s": "africa-corps", "m": "wagner-group"})
	mergeID := str(at(d, "mergeActors", "merge", "id"))
	if mergeID == "" || at(d, "mergeActors", "merge", "by") != "Ada" || at(d, "mergeActors", "merge", "survivor", "id") != "africa-corps" {
		t.Fatalf("merge: %v", d)
	}
	after := a.ok(about, map[string]any{"id": "africa-corps"})
	if a.ok(about, map[string]any{"id": "wagner-group"})["actor"] != nil {
		t.Error("the merged actor should be gone")
	}
	aliases := strsOf(at(after, "actor", "aliases"))
	if !contains(aliases, "Wagner Group") {
		t.Errorf("the merged actor's name should be an alias of the survivor: %v", aliases)
	}
	// Everything Wagner had, Africa Corps has now.
	for _, list := range [][]any{{"allegationsFaced", "nodes"}, {"disputes"}, {"sources"}} {
		had := ids(at(wagner, append([]any{"actor"}, list...)...))
		has := ids(at(after, append([]any{"actor"}, list...)...))
		for _, id := range had {
			if !contains(has, id) {
				t.Errorf("%v %s did not move to the survivor", list, id)
			}
		}
	}
	for _, id := range ids(at(wagner, "actor", "events"), "event") {
		if !contains(ids(at(after, "actor", "events"), "event"), id) {
			t.Errorf("event %s did not move", id)
		}
	}
	for _, r := range at(wagner, "actor", "relationships").([]any) {
		id := str(at(r, "id"))
		if at(r, "from", "id") == "africa-corps" || at(r, "to", "id") == "africa-corps" {
			continue // a link between the two is not turned into a loop
		}
		if !contains(ids(at(after, "actor", "relationships")), id) {
			t.Errorf("relationship %s did not move", id)
		}
	}
	hist := a.ok(`{ history(id: "wagner-group") { nodes { operation after } } }`, nil)
	last := at(hist, "history", "nodes").([]any)
	if at(last[len(last)-1], "operation") != "mergeActors" || at(last[len(last)-1], "after") != nil {
		t.Errorf("the merged actor's history should end with the merge: %v", last)
	}

	a.failsCleanly(mergeActors, map[string]any{"s": "africa-corps", "m": "africa-corps"}, "INVALID_INPUT", "mergedId")
	a.failsCleanly(mergeActors, map[string]any{"s": "africa-corps", "m": "wagner-group"}, "NOT_FOUND", "mergedId")

	d = a.ok(undoMerge, map[string]any{"id": mergeID})
	if at(d, "undoMerge", "merge", "undoneAt") == nil {
		t.Errorf("undo: %v", d)
	}
	if got := dump(t, s, true); !slices.Equal(before, got) {
		t.Errorf("undo should restore the graph exactly:\n%s", diff(before, got))
	}
	if back := a.ok(about, map[string]any{"id": "africa-corps"}); fmt.Sprint(back) != fmt.Sprint(africa) {
		t.Errorf("the survivor differs after the undo:\n%v\n%v", africa, back)
	}
	a.failsCleanly(undoMerge, map[string]any{"id": mergeID}, "CONFLICT", "id")
	a.failsCleanly(undoMerge, map[string]any{"id": "merge-none"}, "NOT_FOUND", "id")
}

const deleteQ = `mutation($id: ID!) { delete(id: $id, reason: "test") { id kind changes { before after } } }`
const restoreQ = `mutation($id: ID!) { restore(id: $id) { node { id } } }`

// TestDeleteHidesAndRestoreBringsBack deletes an actor and a relationship: they vanish from
// every answer, and restore brings the graph back as it was.
func TestDeleteHidesAndRestoreBringsBack(t *testing.T) {
	s := storetest.Seeded(t)
	a := newAPI(t, s).as(authAdminToken)
	before := dump(t, s, true)
	const look = `{ actor(id: "africa-corps") { id } node(id: "africa-corps") { id } search(text: "Africa Corps") { actor { id } }
		allegation(id: "allegation-tuareg-icc-2025") { accused { actor { id } } }
		russia: actor(id: "russia") { relationships(first: 500) { id } }
		relationship(id: "mali-member-of-ecowas") { id } ecowas: actor(id: "ecowas") { relationships(first: 500) { id } } }`
	d := a.ok(deleteQ, map[string]any{"id": "africa-corps"})
	if at(d, "delete", "kind") != "Actor" || at(d, "delete", "changes", 0, "after") != nil || at(d, "delete", "changes", 0, "before", "id") != "africa-corps" {
		t.Errorf("delete: %v", d)
	}
	a.ok(deleteQ, map[string]any{"id": "mali-member-of-ecowas"})
	d = a.ok(look, nil)
	if at(d, "actor") != nil || at(d, "node") != nil || at(d, "relationship") != nil {
		t.Errorf("deleted items should be gone: %v", d)
	}
	if contains(ids(at(d, "search"), "actor"), "africa-corps") || contains(ids(at(d, "allegation", "accused"), "actor"), "africa-corps") {
		t.Errorf("a deleted actor should be in no answer: %v", d)
	}
	for _, r := range append(ids(at(d, "russia", "relationships")), ids(at(d, "ecowas", "relationships"))...) {
		if r == "mali-member-of-ecowas" || r == "africa-corps-controlled-by-russia" {
			t.Errorf("relationship %s of a deleted actor or deleted itself is still listed", r)
		}
	}
	a.failsCleanly(deleteQ, map[string]any{"id": "africa-corps"}, "CONFLICT", "id")
	a.failsCleanly(deleteQ, map[string]any{"id": "atlantis"}, "NOT_FOUND", "id")
	a.failsCleanly(restoreQ, map[string]any{"id": "mali"}, "CONFLICT", "id")
	a.failsCleanly(restoreQ, map[string]any{"id": "atlantis"}, "NOT_FOUND", "id")
	a.failsCleanly(createActor, map[string]any{"input": map[string]any{"id": "africa-corps", "kind": "NGO", "name": "Squatter",
		"sourceIds": []string{"src-rfi-article"}}}, "CONFLICT", "input.id")

	if d := a.ok(restoreQ, map[string]any{"id": "africa-corps"}); at(d, "restore", "node", "id") != "africa-corps" {
		t.Errorf("restore: %v", d)
	}
	a.ok(restoreQ, map[string]any{"id": "mali-member-of-ecowas"})
	if got := dump(t, s, true); !slices.Equal(before, got) {
		t.Errorf("restore should bring the graph back:\n%s", diff(before, got))
	}
	// A relationship whose end is deleted cannot come back before it.
	a.ok(deleteQ, map[string]any{"id": "mali-member-of-ecowas"})
	a.ok(deleteQ, map[string]any{"id": "ecowas"})
	a.failsCleanly(restoreQ, map[string]any{"id": "mali-member-of-ecowas"}, "CONFLICT", "id")
}

// TestRoleMatrix calls every mutation as each kind of caller: anonymous callers are
// UNAUTHENTICATED, readers FORBIDDEN, editors may record facts but not merge, delete or
// restore, and admins may do everything.
func TestRoleMatrix(t *testing.T) {
	s := storetest.Seeded(t)
	base := newAPI(t, s)
	admin := base.as(authAdminToken)
	type mutation struct {
		name  string
		admin bool                    // needs the admin role
		setup func(sfx string)        // makes what the call needs, as admin
		call  func(sfx string) string // the document
	}
	src := `sourceIds: ["src-rfi-article"]`
	actorIn := func(id string) string {
		return fmt.Sprintf(`mutation { createActor(input: {id: "%s", kind: NGO, name: "N", %s}) { actor { id } } }`, id, src)
	}
	muts := []mutation{
		{"createActor", false, nil, func(x string) string { return actorIn("rm-actor-" + x) }},
		{"updateActor", false, nil, func(x string) string {
			return `mutation { updateActor(input: {id: "fama", addAliases: ["rm-` + x + `"]}) { actor { id } } }`
		}},
		{"createSource", false, nil, func(x string) string {
			return `mutation { createSource(input: {id: "rm-src-` + x + `", title: "T"}) { source { id } } }`
		}},
		{"createEvent", false, nil, func(x string) string {
			return `mutation { createEvent(input: {id: "rm-event-` + x + `", title: "T", ` + src + `}) { event { id } } }`
		}},
		{"createAllegation", false, nil, func(x string) string {
			return `mutation { createAllegation(input: {id: "rm-al-` + x + `", title: "T", accused: [{actorId: "jnim"}], ` + src + `}) { allegation { id } } }`
		}},
		{"updateAllegation", false, nil, func(x string) string {
			return `mutation { updateAllegation(input: {id: "allegation-barsalogho-2024", addSourceIds: ["src-rfi-article"]}) { allegation { id } } }`
		}},
		{"createDispute", false, nil, func(x string) string {
			return `mutation { createDispute(input: {id: "rm-dispute-` + x + `", subjectId: "jnim", field: "founded",
				claims: [{value: "2017", sourceIds: ["src-rfi-article"]}, {value: "2016", sourceIds: ["src-l5"]}]}) { dispute { id } } }`
		}},
		{"advanceAllegation", false, nil, func(x string) string {
			return `mutation { advanceAllegation(input: {id: "allegation-barsalogho-2024", status: INVESTIGATION, ` + src + `}) { allegation { id } } }`
		}},
		{"addRelationship", false, nil, func(x string) string {
			return `mutation { addRelationship(input: {id: "rm-rel-` + x + `", type: OPERATES_IN, fromId: "jnim", toId: "niger", ` + src + `}) { relationship { id } } }`
		}},
		{"endRelationship", false, func(x string) {
			admin.ok(`mutation { addRelationship(input: {id: "rm-end-`+x+`", type: OPERATES_IN, fromId: "jnim", toId: "mali", `+src+`}) { relationship { id } } }`, nil)
		}, func(x string) string {
			return `mutation { endRelationship(input: {id: "rm-end-` + x + `", until: "2026", ` + src + `}) { relationship { id } } }`
		}},
		{"mergeActors", true, func(x string) {
			admin.ok(actorIn("rm-m1-"+x), nil)
			admin.ok(actorIn("rm-m2-"+x), nil)
		}, func(x string) string {
			return `mutation { mergeActors(survivorId: "rm-m1-` + x + `", mergedId: "rm-m2-` + x + `") { merge { id } } }`
		}},
		{"undoMerge", true, func(x string) {
			admin.ok(actorIn("rm-u1-"+x), nil)
			admin.ok(actorIn("rm-u2-"+x), nil)
			admin.ok(`mutation { mergeActors(survivorId: "rm-u1-`+x+`", mergedId: "rm-u2-`+x+`") { merge { id } } }`, nil)
		}, func(x string) string {
			return `mutation { undoMerge(id: "merge-rm-u2-` + x + `-into-rm-u1-` + x + `") { merge { id } } }`
		}},
		{"delete", true, func(x string) { admin.ok(actorIn("rm-d-"+x), nil) }, func(x string) string {
			return `mutation { delete(id: "rm-d-` + x + `") { id } }`
		}},
		{"restore", true, func(x string) {
			admin.ok(actorIn("rm-r-"+x), nil)
			admin.ok(`mutation { delete(id: "rm-r-`+x+`") { id } }`, nil)
		}, func(x string) string {
			return `mutation { restore(id: "rm-r-` + x + `") { node { id } } }`
		}},
	}
	callers := []struct{ name, token string }{{"anonymous", ""}, {"reader", authReaderToken}, {"editor", authEditorToken}, {"admin", authAdminToken}}
	for _, m := range muts {
		for _, c := range callers {
			x := c.name
			if m.setup != nil {
				m.setup(x)
			}
			want := "OK"
			switch {
			case c.name == "anonymous":
				want = "UNAUTHENTICATED"
			case c.name == "reader", c.name == "editor" && m.admin:
				want = "FORBIDDEN"
			}
			api := base.as(c.token)
			if want == "OK" {
				api.ok(m.call(x), nil)
				continue
			}
			before := dump(t, s, false)
			api.fails(m.call(x), nil, want, "")
			unchanged(t, s, before, m.name+" as "+c.name)
		}
	}
}

// TestCountsOfKindsCountLiveActorsOnly: totalCount of actors filtered on kinds alone comes from
// Neo4j's count store, which counts labels; it must still count exactly the live actors of
// those kinds, as a page walk does, before and after an actor is deleted and restored.
func TestCountsOfKindsCountLiveActorsOnly(t *testing.T) {
	s := storetest.Seeded(t)
	a := newAPI(t, s).as(authAdminToken)
	const q = `query($kinds: [ActorKind!]) { actors(filter: {kinds: $kinds}, first: 500) { totalCount nodes { id kind } } }`
	check := func(when string) map[string]int {
		t.Helper()
		byKind := map[string]int{}
		for _, n := range at(a.ok(q, nil), "actors", "nodes").([]any) {
			byKind[str(at(n, "kind"))]++
		}
		if len(byKind) < 5 {
			t.Fatalf("%s: the seed has actors of %d kinds", when, len(byKind))
		}
		sum := 0
		for kind, n := range byKind {
			d := a.ok(q, map[string]any{"kinds": []string{kind}})
			if got := int(at(d, "actors", "totalCount").(float64)); got != n || len(at(d, "actors", "nodes").([]any)) != n {
				t.Errorf("%s: %d %s actors counted, %d listed, want %d", when, got, kind, len(at(d, "actors", "nodes").([]any)), n)
			}
			sum += n
		}
		var kinds []string
		for kind := range byKind {
			kinds = append(kinds, kind)
		}
		if got := int(at(a.ok(q, map[string]any{"kinds": kinds}), "actors", "totalCount").(float64)); got != sum {
			t.Errorf("%s: %d actors of all %d kinds counted, want %d", when, got, len(kinds), sum)
		}
		return byKind
	}
	before := check("before")
	kind := str(at(a.ok(`{ actor(id: "africa-corps") { kind } }`, nil), "actor", "kind"))
	a.ok(deleteQ, map[string]any{"id": "africa-corps"})
	if after := check("deleted"); after[kind] != before[kind]-1 {
		t.Errorf("after deleting africa-corps, %d %s actors, want %d", after[kind], kind, before[kind]-1)
	}
	a.ok(restoreQ, map[string]any{"id": "africa-corps"})
	if after := check("restored"); after[kind] != before[kind] {
		t.Errorf("after restoring africa-corps, %d %s actors, want %d", after[kind], kind, before[kind])
	}
	if got := str(at(a.ok(`{ actor(id: "africa-corps") { kind } }`, nil), "actor", "kind")); got != kind {
		t.Errorf("africa-corps came back a %s, was a %s", got, kind)
	}
}
