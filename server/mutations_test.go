package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/actorgraph/actorgraph/store"
	"github.com/actorgraph/actorgraph/store/storetest"
)

// dump returns the whole graph as sorted lines: every node with its labels and properties,
// every relationship with its type, ends and properties. With facts, the audit trail
// (Change, Counter, Merge) is left out, to compare the facts alone.
func dump(t testing.TB, s *store.Store, factsOnly bool) []string {
	t.Helper()
	skip := []string{}
	if factsOnly {
		skip = []string{"Change", "Counter", "Merge"}
	}
	rows, err := s.Query(context.Background(), `
		MATCH (n) WHERE none(l IN labels(n) WHERE l IN $skip)
		WITH n ORDER BY elementId(n)
		RETURN 'node' AS what, [l IN labels(n) | l] AS labels, properties(n) AS props, null AS start, null AS end
		UNION ALL
		MATCH (a)-[r]->(b)
		RETURN 'rel:' + type(r) AS what, [] AS labels, properties(r) AS props,
		  coalesce(a.id, a.name) + '|' + labels(a)[0] AS start, coalesce(b.id, b.name) + '|' + labels(b)[0] AS end`,
		map[string]any{"skip": skip})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		labels := fmt.Sprint(r["labels"])
		if l, ok := r["labels"].([]any); ok {
			ss := make([]string, len(l))
			for j, x := range l {
				ss[j] = x.(string)
			}
			slices.Sort(ss)
			labels = strings.Join(ss, ":")
		}
		props, _ := json.Marshal(r["props"]) // encoding/json sorts map keys
		out[i] = fmt.Sprintf("%s %s %s %v->%v", r["what"], labels, props, r["start"], r["end"])
	}
	slices.Sort(out)
	return out
}

// unchanged fails if the graph differs from before: an error must write nothing.
func unchanged(t testing.TB, s *store.Store, before []string, what string) {
	t.Helper()
	after := dump(t, s, false)
	if !slices.Equal(before, after) {
		t.Errorf("%s wrote something:\n%s", what, diff(before, after))
	}
}

func diff(a, b []string) string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, "- "+x)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			out = append(out, "+ "+x)
		}
	}
	if len(out) > 20 {
		out = append(out[:20], fmt.Sprintf("... %d more", len(out)-20))
	}
	return strings.Join(out, "\n")
}

// failsCleanly runs a mutation that must fail with code and field and write nothing.
func (a *api) failsCleanly(query string, vars map[string]any, code, field string) gqlError {
	a.t.Helper()
	before := dump(a.t, a.s, false)
	e := a.fails(query, vars, code, field)
	// The field names the argument: "input.kind", or with the path of the field it was given
	// to ("createActor.input.founded"), or an element ("input.categories[0]").
	if got := str(e.Extensions["field"]); field != "" && got != field && !strings.HasSuffix(got, "."+field) && !strings.HasPrefix(got, field+"[") {
		a.t.Errorf("want field %q, got %+v", field, e)
	}
	unchanged(a.t, a.s, before, query)
	return e
}

const createActor = `mutation($input: CreateActorInput!) { createActor(input: $input) {
	actor { __typename id kind name aliases country sources { id } }
	changes { seq subjectId operation by role before after } } }`

func TestCreateActor(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t)).as(authEditorToken)
	in := map[string]any{"id": "wagner-africa-liaison", "kind": "PARAMILITARY", "name": "Liaison cell",
		"aliases": []string{" Cellule de liaison ", "Liaison cell", "cellule"}, "country": "rus", "sourceIds": []string{"src-rfi-article"}}
	d := a.ok(createActor, map[string]any{"input": in})
	if at(d, "createActor", "actor", "__typename") != "Paramilitary" || at(d, "createActor", "actor", "country") != "RUS" {
		t.Errorf("created: %v", d)
	}
	if got := at(d, "createActor", "actor", "aliases"); fmt.Sprint(got) != "[Cellule de liaison cellule]" {
		t.Errorf("aliases should be trimmed, deduplicated and without the name: %v", got)
	}
	ch := at(d, "createActor", "changes", 0)
	if at(ch, "operation") != "createActor" || at(ch, "by") != "Ed" || at(ch, "role") != "editor" ||
		at(ch, "before") != nil || at(ch, "after", "name") != "Liaison cell" || at(ch, "after", "__typename") != "Actor" {
		t.Errorf("the change: %v", ch)
	}
	// Readable at once, with its history.
	d = a.ok(`{ actor(id: "wagner-africa-liaison") { name } history(id: "wagner-africa-liaison") { nodes { operation seq } } }`, nil)
	if at(d, "actor", "name") != "Liaison cell" || at(d, "history", "nodes", 0, "operation") != "createActor" {
		t.Errorf("read back: %v", d)
	}

	with := func(k string, v any) map[string]any {
		m := map[string]any{"id": "new-actor", "kind": "NGO", "name": "New", "sourceIds": []string{"src-rfi-article"}}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return map[string]any{"input": m}
	}
	a.failsCleanly(createActor, with("name", "  "), "INVALID_INPUT", "input.name")
	a.failsCleanly(createActor, with("aliases", []string{"FAMa", "   "}), "INVALID_INPUT", "input.aliases")
	a.failsCleanly(createActor, with("id", "New Actor"), "INVALID_INPUT", "input.id")
	a.failsCleanly(createActor, with("kind", "PLANET"), "INVALID_INPUT", "input.kind")
	a.failsCleanly(createActor, with("sourceIds", []string{}), "INVALID_INPUT", "input.sourceIds")
	a.failsCleanly(createActor, with("sourceIds", []string{"src-rfi-article", "src-nowhere"}), "NOT_FOUND", "input.sourceIds")
	a.failsCleanly(createActor, with("country", "Mali"), "INVALID_INPUT", "input.country")
	a.failsCleanly(createActor, with("founded", "2020-13"), "INVALID_INPUT", "input.founded")
	m := with("founded", "2020")
	m["input"].(map[string]any)["dissolved"] = "2019-05"
	a.failsCleanly(createActor, m, "INVALID_INPUT", "input.dissolved")
	a.failsCleanly(createActor, with("id", "mali"), "CONFLICT", "input.id")
	a.failsCleanly(createActor, with("id", "src-rfi-article"), "CONFLICT", "input.id")
	a.failsCleanly(createActor, with("id", "wagner-africa-liaison"), "CONFLICT", "input.id")
}

const updateActor = `mutation($input: UpdateActorInput!) { updateActor(input: $input) {
	actor { id kind name aliases description country founded sources { id } } changes { before after note } } }`

func TestUpdateActor(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t)).as(authEditorToken)
	d := a.ok(updateActor, map[string]any{"input": map[string]any{"id": "fama", "addAliases": []string{"Malian army"},
		"description": nil, "addSourceIds": []string{"src-rfi-article"}, "note": "alias seen in the RFI article"}})
	act := at(d, "updateActor", "actor")
	if !contains(strsOf(at(act, "aliases")), "Malian army") || !contains(strsOf(at(act, "aliases")), "FAMa") || at(act, "description") != nil {
		t.Errorf("updated: %v", act)
	}
	ch := at(d, "updateActor", "changes", 0)
	if at(ch, "before", "description") == nil || at(ch, "after", "description") != nil || at(ch, "note") != "alias seen in the RFI article" {
		t.Errorf("the change should show the description before and not after: %v", ch)
	}
	// Absent fields stay as they were.
	d = a.ok(updateActor, map[string]any{"input": map[string]any{"id": "fama", "name": "Malian Armed Forces"}})
	if !contains(strsOf(at(d, "updateActor", "actor", "aliases")), "Malian army") || at(d, "updateActor", "actor", "country") != "MLI" {
		t.Errorf("absent fields changed: %v", d)
	}
	a.failsCleanly(updateActor, map[string]any{"input": map[string]any{"id": "atlantis", "name": "X"}}, "NOT_FOUND", "id")
	a.failsCleanly(updateActor, map[string]any{"input": map[string]any{"id": "fama", "name": ""}}, "INVALID_INPUT", "input.name")
	// Mali is allied with Russia: a person cannot be.
	e := a.failsCleanly(updateActor, map[string]any{"input": map[string]any{"id": "mali", "kind": "PERSON"}}, "INVALID_INPUT", "input.kind")
	if !strings.Contains(e.Message, "would no longer make sense") {
		t.Errorf("the error should say why: %q", e.Message)
	}
	a.failsCleanly(updateActor, map[string]any{"input": map[string]any{"id": "icc", "kind": "ORGANIZATION"}}, "INVALID_INPUT", "input.kind")
	a.failsCleanly(updateActor, map[string]any{"input": map[string]any{"id": "fama", "addSourceIds": []string{"src-x"}}}, "NOT_FOUND", "input.addSourceIds")
}

func strsOf(v any) []string {
	var out []string
	l, _ := v.([]any)
	for _, x := range l {
		out = append(out, str(x))
	}
	return out
}

const createAllegation = `mutation($input: CreateAllegationInput!) { createAllegation(input: $input) {
	allegation { id title status categories places periodStart
	  accusers { actor { id } role date } accused { actor { id } role } courts { court { id } reference }
	  statusHistory { status date sources { id } } sources { id } }
	changes { operation subjectId } } }`

func newAllegation(mod func(m map[string]any)) map[string]any {
	m := map[string]any{"id": "allegation-test-2026", "title": "Test allegation",
		"summary": "Two associations accuse two forces.", "categories": []string{"WAR_CRIMES", "SUMMARY_EXECUTION"},
		"periodStart": "2025-05", "periodEnd": "2025-06", "places": []string{"Kwala"},
		"accusers": []map[string]any{{"actorId": "kel-akal", "role": "complainant", "date": "2026-01"}, {"actorId": "imouhagh-international"}},
		"accused":  []map[string]any{{"actorId": "fama", "role": "perpetrator"}, {"actorId": "africa-corps", "role": "partner force"}},
		"courts":   []map[string]any{{"courtId": "icc", "reference": "OTP-TEST-1"}},
		"status":   "COMPLAINT_FILED", "statusDate": "2026-01-15", "sourceIds": []string{"src-rfi-article"}}
	if mod != nil {
		mod(m)
	}
	return map[string]any{"input": m}
}

func TestCreateAllegationInOneCall(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t)).as(authEditorToken)
	d := a.ok(createAllegation, newAllegation(nil))
	al := at(d, "createAllegation", "allegation")
	if got := ids(at(al, "accused"), "actor"); !slices.Equal(got, []string{"africa-corps", "fama"}) {
		t.Errorf("accused: %v", got)
	}
	if got := ids(at(al, "accusers"), "actor"); !slices.Equal(got, []string{"imouhagh-international", "kel-akal"}) {
		t.Errorf("accusers: %v", got)
	}
	if at(al, "status") != "COMPLAINT_FILED" || at(al, "statusHistory", 0, "date") != "2026-01-15" ||
		at(al, "statusHistory", 0, "sources", 0, "id") != "src-rfi-article" || at(al, "courts", 0, "reference") != "OTP-TEST-1" {
		t.Errorf("allegation: %v", al)
	}
	// The new allegation is found by the read API's filters and on its parties.
	d = a.ok(`{ allegations(filter: {accused: ["africa-corps"], court: ["icc"], period: {from: "2025-06-01"}}) { nodes { id } }
		actor(id: "kel-akal") { allegationsMade { nodes { id } } } }`, nil)
	if !contains(ids(at(d, "allegations", "nodes")), "allegation-test-2026") || !contains(ids(at(d, "actor", "allegationsMade", "nodes")), "allegation-test-2026") {
		t.Errorf("not found by the read API: %v", d)
	}

	fresh := func(mod func(m map[string]any)) map[string]any {
		return newAllegation(func(m map[string]any) {
			m["id"] = "allegation-test-bad"
			mod(m)
		})
	}
	a.failsCleanly(createAllegation, fresh(func(m map[string]any) { m["accused"] = []any{} }), "INVALID_INPUT", "input.accused")
	a.failsCleanly(createAllegation, fresh(func(m map[string]any) { m["sourceIds"] = []any{} }), "INVALID_INPUT", "input.sourceIds")
	a.failsCleanly(createAllegation, fresh(func(m map[string]any) { m["title"] = "" }), "INVALID_INPUT", "input.title")
	a.failsCleanly(createAllegation, fresh(func(m map[string]any) {
		m["accused"] = []map[string]any{{"actorId": "fama"}, {"actorId": "wagner-grupp"}}
	}), "NOT_FOUND", "input.accused")
	a.failsCleanly(createAllegation, fresh(func(m map[string]any) {
		m["accusers"] = []map[string]any{{"actorId": "nobody"}}
	}), "NOT_FOUND", "input.accusers")
	a.failsCleanly(createAllegation, fresh(func(m map[string]any) { m["courts"] = []map[string]any{{"courtId": "ecowas"}} }), "INVALID_INPUT", "input.courts")
	a.failsCleanly(createAllegation, fresh(func(m map[string]any) { m["courts"] = []map[string]any{{"courtId": "icj"}} }), "NOT_FOUND", "input.courts")
	// The input's ids are checked in one statement; the first field at fault is named, in the
	// order sources, accusers, accused, courts.
	a.failsCleanly(createAllegation, fresh(func(m map[string]any) {
		m["sourceIds"] = []any{"src-nowhere"}
		m["accused"] = []map[string]any{{"actorId": "nobody"}}
		m["courts"] = []map[string]any{{"courtId": "ecowas"}}
	}), "NOT_FOUND", "input.sourceIds")
	a.failsCleanly(createAllegation, fresh(func(m map[string]any) {
		m["accused"] = []map[string]any{{"actorId": "nobody"}}
		m["courts"] = []map[string]any{{"courtId": "icj"}}
	}), "NOT_FOUND", "input.accused")
	a.failsCleanly(createAllegation, fresh(func(m map[string]any) { m["periodEnd"] = "2024" }), "INVALID_INPUT", "input.periodEnd")
	a.failsCleanly(createAllegation, fresh(func(m map[string]any) {
		m["accusers"] = []map[string]any{{"actorId": "fama"}}
	}), "INVALID_INPUT", "input.accused")
	a.failsCleanly(createAllegation, fresh(func(m map[string]any) { m["categories"] = []string{"THEFT"} }), "INVALID_INPUT", "input.categories")
	a.failsCleanly(createAllegation, newAllegation(nil), "CONFLICT", "input.id")
}

const advance = `mutation($input: AdvanceAllegationInput!) { advanceAllegation(input: $input) {
	allegation { status statusHistory { status date note } } changes { before after } } }`

func TestAdvanceAllegationAppendsToItsHistory(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t)).as(authEditorToken)
	d := a.ok(`{ allegation(id: "allegation-tuareg-icc-2025") { status statusHistory { status date } } }`, nil)
	n := len(at(d, "allegation", "statusHistory").([]any))
	d = a.ok(advance, map[string]any{"input": map[string]any{"id": "allegation-tuareg-icc-2025", "status": "PRELIMINARY_EXAMINATION",
		"date": "2026-11", "note": "test", "sourceIds": []string{"src-rfi-article"}}})
	hist := at(d, "advanceAllegation", "allegation", "statusHistory").([]any)
	if len(hist) != n+1 || at(hist[n], "status") != "PRELIMINARY_EXAMINATION" || at(d, "advanceAllegation", "allegation", "status") != "PRELIMINARY_EXAMINATION" {
		t.Errorf("history: %v", hist)
	}
	if len(at(d, "advanceAllegation", "changes", 0, "before", "statusHistory").([]any)) != n {
		t.Errorf("the change's before should hold the old history")
	}
	a.failsCleanly(advance, map[string]any{"input": map[string]any{"id": "allegation-tuareg-icc-2025", "status": "INVESTIGATION",
		"date": "2020", "sourceIds": []string{"src-rfi-article"}}}, "INVALID_INPUT", "input.date")
	a.failsCleanly(advance, map[string]any{"input": map[string]any{"id": "allegation-none", "status": "INVESTIGATION",
		"sourceIds": []string{"src-rfi-article"}}}, "NOT_FOUND", "input.id")
	a.failsCleanly(advance, map[string]any{"input": map[string]any{"id": "allegation-tuareg-icc-2025", "status": "INVESTIGATION",
		"sourceIds": []string{}}}, "INVALID_INPUT", "input.sourceIds")
}

const addRel = `mutation($input: AddRelationshipInput!) { addRelationship(input: $input) {
	relationship { id type from { id } to { id } since until endAnnounced sources { id } } } }`
const endRel = `mutation($input: EndRelationshipInput!) { endRelationship(input: $input) {
	relationship { id since until endAnnounced note sources { id } } changes { before after } } }`

func TestAddAndEndRelationships(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t)).as(authEditorToken)
	d := a.ok(addRel, map[string]any{"input": map[string]any{"type": "OPERATES_IN", "fromId": "africa-corps", "toId": "burkina-faso",
		"since": "2024-01", "sourceIds": []string{"src-rfi-article"}}})
	id := str(at(d, "addRelationship", "relationship", "id"))
	if id != "africa-corps-operates-in-burkina-faso" && !strings.HasPrefix(id, "africa-corps-operates-in-burkina-faso-") {
		t.Errorf("derived id: %q", id)
	}
	// A second one between the same actors gets the next free id.
	d = a.ok(addRel, map[string]any{"input": map[string]any{"type": "OPERATES_IN", "fromId": "africa-corps", "toId": "burkina-faso",
		"sourceIds": []string{"src-rfi-article"}}})
	if id2 := str(at(d, "addRelationship", "relationship", "id")); id2 == id || !strings.HasPrefix(id2, "africa-corps-operates-in-burkina-faso") {
		t.Errorf("second id %q after %q", id2, id)
	}
	q := `query($d: PartialDate) { actor(id: "africa-corps") { relationships(types: [OPERATES_IN], asOf: $d) { id } } }`
	if !contains(ids(at(a.ok(q, map[string]any{"d": "2024-06-01"}), "actor", "relationships")), id) {
		t.Error("the new relationship should hold on 2024-06-01")
	}
	d = a.ok(endRel, map[string]any{"input": map[string]any{"id": id, "until": "2025-02", "endAnnounced": "2025-01-10",
		"sourceIds": []string{"src-l5"}}})
	r := at(d, "endRelationship", "relationship")
	if at(r, "until") != "2025-02" || at(r, "endAnnounced") != "2025-01-10" || !slices.Equal(ids(at(r, "sources")), []string{"src-rfi-article", "src-l5"}) {
		t.Errorf("ended: %v", r)
	}
	if contains(ids(at(a.ok(q, map[string]any{"d": "2025-03-01"}), "actor", "relationships")), id) {
		t.Error("the ended relationship should not hold on 2025-03-01")
	}
	if at(d, "endRelationship", "changes", 0, "before", "until") != nil || at(d, "endRelationship", "changes", 0, "after", "until") != "2025-02" {
		t.Errorf("the change: %v", at(d, "endRelationship", "changes"))
	}

	rel := func(mod func(m map[string]any)) map[string]any {
		m := map[string]any{"type": "MEMBER_OF", "fromId": "mali", "toId": "aes", "sourceIds": []string{"src-rfi-article"}, "id": "test-rel"}
		mod(m)
		return map[string]any{"input": m}
	}
	e := a.failsCleanly(addRel, rel(func(m map[string]any) { m["fromId"], m["toId"] = "assimi-goita", "ibrahim-traore" }), "INVALID_INPUT", "input.type")
	if !strings.Contains(e.Message, "PERSON cannot be MEMBER_OF a PERSON") {
		t.Errorf("say why: %q", e.Message)
	}
	a.failsCleanly(addRel, rel(func(m map[string]any) { m["since"], m["until"] = "2024-05", "2023" }), "INVALID_INPUT", "input.until")
	a.failsCleanly(addRel, rel(func(m map[string]any) { m["toId"] = "atlantis" }), "NOT_FOUND", "input.toId")
	a.failsCleanly(addRel, rel(func(m map[string]any) { m["fromId"] = "atlantis" }), "NOT_FOUND", "input.fromId")
	a.failsCleanly(addRel, rel(func(m map[string]any) { m["toId"] = "mali" }), "INVALID_INPUT", "input.toId")
	a.failsCleanly(addRel, rel(func(m map[string]any) { m["sourceIds"] = []string{} }), "INVALID_INPUT", "input.sourceIds")
	a.failsCleanly(addRel, rel(func(m map[string]any) { m["id"] = "mali-member-of-ecowas" }), "CONFLICT", "input.id")
	a.failsCleanly(endRel, map[string]any{"input": map[string]any{"id": id, "until": "2026", "sourceIds": []string{"src-l5"}}}, "INVALID_INPUT", "input.until")
	a.failsCleanly(endRel, map[string]any{"input": map[string]any{"id": "no-such-rel", "until": "2026", "sourceIds": []string{"src-l5"}}}, "NOT_FOUND", "input.id")
	a.failsCleanly(endRel, map[string]any{"input": map[string]any{"id": "mali-member-of-aes", "sourceIds": []string{"src-l5"}}}, "INVALID_INPUT", "input.until")
}

const createSource = `mutation($input: CreateSourceInput!) { createSource(input: $input) { source { id url quote confidential reliability credibility } } }`
const createEvent = `mutation($input: CreateEventInput!) { createEvent(input: $input) {
	event { id title type date fatalities latitude participants { actor { id } role } sources { id } } } }`

func TestCreateSourcesAndEvents(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t))
	ed := a.as(authEditorToken)
	d := ed.ok(createSource, map[string]any{"input": map[string]any{"id": "src-witness-7", "url": "https://example.org/w7",
		"quote": "They came at dawn.", "confidential": true, "reliability": "B", "credibility": 2}})
	if at(d, "createSource", "source", "url") != "https://example.org/w7" {
		t.Errorf("the editor sees the confidential url: %v", d)
	}
	for _, who := range []*api{a, a.as(authReaderToken)} {
		d = who.ok(`{ source(id: "src-witness-7") { id url quote confidential } history(id: "src-witness-7") { nodes { after } } }`, nil)
		if at(d, "source", "url") != nil || at(d, "source", "quote") != nil || at(d, "source", "confidential") != true {
			t.Errorf("%q sees a confidential source's url or quote: %v", who.token, d)
		}
		if after := at(d, "history", "nodes", 0, "after"); at(after, "url") != nil || at(after, "quote") != nil || at(after, "id") != "src-witness-7" {
			t.Errorf("%q sees a confidential url in the audit trail: %v", who.token, after)
		}
	}
	d = ed.ok(createEvent, map[string]any{"input": map[string]any{"id": "event-test-raid", "title": "Test raid", "type": "RAID",
		"date": "2026-02-03", "fatalities": 0, "latitude": 14.5, "longitude": -4.2,
		"participants": []map[string]any{{"actorId": "fama", "role": "perpetrator"}}, "sourceIds": []string{"src-witness-7"}}})
	ev := at(d, "createEvent", "event")
	if at(ev, "fatalities") != 0.0 || at(ev, "participants", 0, "actor", "id") != "fama" || at(ev, "sources", 0, "id") != "src-witness-7" {
		t.Errorf("event: %v", ev)
	}
	if !contains(ids(at(a.ok(`{ events(filter: {actor: "fama", from: "2026"}) { nodes { id } } }`, nil), "events", "nodes")), "event-test-raid") {
		t.Error("the event should be on FAMa's timeline")
	}
	ed.failsCleanly(createSource, map[string]any{"input": map[string]any{"id": "src-empty"}}, "INVALID_INPUT", "input.url")
	ed.failsCleanly(createSource, map[string]any{"input": map[string]any{"id": "src-x", "url": "ftp://x"}}, "INVALID_INPUT", "input.url")
	ed.failsCleanly(createSource, map[string]any{"input": map[string]any{"id": "src-x", "title": "X", "reliability": "G"}}, "INVALID_INPUT", "input.reliability")
	ed.failsCleanly(createSource, map[string]any{"input": map[string]any{"id": "src-x", "title": "X", "credibility": 7}}, "INVALID_INPUT", "input.credibility")
	ed.failsCleanly(createSource, map[string]any{"input": map[string]any{"id": "src-rfi-article", "title": "X"}}, "CONFLICT", "input.id")
	ev2 := func(mod func(m map[string]any)) map[string]any {
		m := map[string]any{"id": "event-bad", "title": "Bad", "sourceIds": []string{"src-rfi-article"}}
		mod(m)
		return map[string]any{"input": m}
	}
	ed.failsCleanly(createEvent, ev2(func(m map[string]any) { m["date"], m["endDate"] = "2026-02", "2026-01-31" }), "INVALID_INPUT", "input.endDate")
	ed.failsCleanly(createEvent, ev2(func(m map[string]any) { m["latitude"] = 91.0 }), "INVALID_INPUT", "input.latitude")
	ed.failsCleanly(createEvent, ev2(func(m map[string]any) { m["fatalities"] = -1 }), "INVALID_INPUT", "input.fatalities")
	ed.failsCleanly(createEvent, ev2(func(m map[string]any) { m["type"] = "raid" }), "INVALID_INPUT", "input.type")
	ed.failsCleanly(createEvent, ev2(func(m map[string]any) { m["participants"] = []map[string]any{{"actorId": "ghost"}} }), "NOT_FOUND", "input.participants")
	ed.failsCleanly(createEvent, ev2(func(m map[string]any) { m["sourceIds"] = []string{} }), "INVALID_INPUT", "input.sourceIds")
}

// TestConcurrentCreatesOfOneIDMakeOneActor: 50 clients create the same actor at once; the
// uniqueness constraint lets one through and refuses the others with CONFLICT.
func TestConcurrentCreatesOfOneIDMakeOneActor(t *testing.T) {
	s := storetest.Seeded(t)
	a := newAPI(t, s).as(authEditorToken)
	const n = 50
	codes := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := a.do(createActor, map[string]any{"input": map[string]any{"id": "contested-id", "kind": "NGO",
				"name": fmt.Sprintf("Claimant %d", i), "sourceIds": []string{"src-rfi-article"}}})
			switch {
			case len(r.Errors) == 0:
				codes[i] = "OK"
			default:
				codes[i] = str(r.Errors[0].Extensions["code"])
			}
		}()
	}
	wg.Wait()
	count := map[string]int{}
	for _, c := range codes {
		count[c]++
	}
	if count["OK"] != 1 || count["CONFLICT"] != n-1 {
		t.Fatalf("want 1 OK and %d CONFLICT, got %v", n-1, count)
	}
	rows, err := s.Query(context.Background(), `MATCH (a:Actor {id: 'contested-id'}) WITH count(a) AS actors
		MATCH (c:Change {subjectId: 'contested-id'}) RETURN actors, count(c) AS changes`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0]["actors"] != int64(1) || rows[0]["changes"] != int64(1) {
		t.Errorf("want one actor and one change, got %v", rows[0])
	}
}

// TestChangesFeedIsGaplessAndPaged: sequence numbers follow the writes without gaps, and a
// client paging from `since` sees each change once.
func TestChangesFeedIsGaplessAndPaged(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t)).as(authEditorToken)
	start := a.ok(`{ changes(first: 500) { nodes { seq } } }`, nil)
	since := 0
	if n := at(start, "changes", "nodes").([]any); len(n) > 0 {
		since = int(at(n[len(n)-1], "seq").(float64))
	}
	for i := range 5 {
		a.ok(createSource, map[string]any{"input": map[string]any{"id": fmt.Sprintf("src-feed-%d", i), "title": "Feed"}})
	}
	var seqs []int
	var subjects []string
	after := any(nil)
	for {
		d := a.ok(`query($s: Int, $a: String) { changes(since: $s, first: 2, after: $a) { nodes { seq subjectId } pageInfo { hasNextPage endCursor } } }`,
			map[string]any{"s": since, "a": after})
		for _, n := range at(d, "changes", "nodes").([]any) {
			seqs = append(seqs, int(at(n, "seq").(float64)))
			subjects = append(subjects, str(at(n, "subjectId")))
		}
		if at(d, "changes", "pageInfo", "hasNextPage") != true {
			break
		}
		after = at(d, "changes", "pageInfo", "endCursor")
	}
	want := []int{since + 1, since + 2, since + 3, since + 4, since + 5}
	if !slices.Equal(seqs, want) || subjects[0] != "src-feed-0" || subjects[4] != "src-feed-4" {
		t.Errorf("feed: %v %v, want %v", seqs, subjects, want)
	}
	a.fails(`{ changes(since: -1) { nodes { seq } } }`, nil, "INVALID_INPUT", "since")
}

const updateAllegation = `mutation($input: UpdateAllegationInput!) { updateAllegation(input: $input) {
	allegation { id title summary accusers { actor { id } } accused { actor { id } role } courts { court { id } } sources { id } status } } }`

func TestUpdateAllegationAddsPartiesAsReportsComeIn(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t)).as(authEditorToken)
	d := a.ok(updateAllegation, map[string]any{"input": map[string]any{"id": "allegation-barsalogho-2024",
		"addAccused":  []map[string]any{{"actorId": "islamic-state-sahel-province", "role": "suspected accomplice"}},
		"addAccusers": []map[string]any{{"actorId": "un-experts"}}, "addSourceIds": []string{"src-rfi-article"}, "summary": nil}})
	al := at(d, "updateAllegation", "allegation")
	if !contains(ids(at(al, "accused"), "actor"), "jnim") || !contains(ids(at(al, "accused"), "actor"), "islamic-state-sahel-province") ||
		!contains(ids(at(al, "accusers"), "actor"), "un-experts") || !contains(ids(at(al, "sources")), "src-rfi-article") || at(al, "summary") != nil {
		t.Errorf("updated: %v", al)
	}
	up := func(m map[string]any) map[string]any {
		m["id"] = "allegation-barsalogho-2024"
		return map[string]any{"input": m}
	}
	a.failsCleanly(updateAllegation, up(map[string]any{"addAccused": []map[string]any{{"actorId": "jnim"}}}), "INVALID_INPUT", "input.accused")
	a.failsCleanly(updateAllegation, up(map[string]any{"addAccused": []map[string]any{{"actorId": "ghost"}}}), "NOT_FOUND", "input.addAccused")
	a.failsCleanly(updateAllegation, up(map[string]any{"addCourts": []map[string]any{{"courtId": "mali"}}}), "INVALID_INPUT", "input.addCourts")
	a.failsCleanly(updateAllegation, up(map[string]any{"title": " "}), "INVALID_INPUT", "input.title")
	a.failsCleanly(updateAllegation, up(map[string]any{"periodEnd": "2001"}), "INVALID_INPUT", "input.periodEnd")
	a.failsCleanly(updateAllegation, map[string]any{"input": map[string]any{"id": "nope", "title": "x"}}, "NOT_FOUND", "input.id")
}

const createDispute = `mutation($input: CreateDisputeInput!) { createDispute(input: $input) {
	dispute { id subject { id } field claims { value preferred sources { id } } } } }`

func TestCreateDisputeKeepsBothClaims(t *testing.T) {
	a := newAPI(t, storetest.Seeded(t)).as(authEditorToken)
	in := func(mod func(m map[string]any)) map[string]any {
		m := map[string]any{"id": "dispute-test-fatalities", "subjectId": "event-test-none", "field": "fatalities",
			"claims": []map[string]any{{"value": "133", "preferred": true, "sourceIds": []string{"src-rfi-article"}},
				{"value": "about 400", "sourceIds": []string{"src-l5"}}}}
		mod(m)
		return map[string]any{"input": m}
	}
	a.failsCleanly(createDispute, in(func(m map[string]any) {}), "NOT_FOUND", "input.subjectId")
	d := a.ok(createDispute, in(func(m map[string]any) { m["subjectId"] = "allegation-barsalogho-2024" }))
	if at(d, "createDispute", "dispute", "subject", "id") != "allegation-barsalogho-2024" || at(d, "createDispute", "dispute", "claims", 1, "value") != "about 400" {
		t.Errorf("dispute: %v", d)
	}
	d = a.ok(`{ allegation(id: "allegation-barsalogho-2024") { disputes { id } } }`, nil)
	if !contains(ids(at(d, "allegation", "disputes")), "dispute-test-fatalities") {
		t.Error("the dispute should show on its subject")
	}
	ok := func(m map[string]any) { m["id"], m["subjectId"] = "dispute-test-2", "allegation-barsalogho-2024" }
	a.failsCleanly(createDispute, in(func(m map[string]any) { ok(m); m["claims"] = m["claims"].([]map[string]any)[:1] }), "INVALID_INPUT", "input.claims")
	a.failsCleanly(createDispute, in(func(m map[string]any) {
		ok(m)
		m["claims"].([]map[string]any)[1]["preferred"] = true
	}), "INVALID_INPUT", "input.claims")
	a.failsCleanly(createDispute, in(func(m map[string]any) {
		ok(m)
		m["claims"].([]map[string]any)[1]["sourceIds"] = []string{}
	}), "INVALID_INPUT", "input.claims.sourceIds")
	a.failsCleanly(createDispute, in(func(m map[string]any) {
		ok(m)
		m["claims"].([]map[string]any)[1]["sourceIds"] = []string{"src-ghost"}
	}), "NOT_FOUND", "input.claims.sourceIds")
	a.failsCleanly(createDispute, in(func(m map[string]any) { ok(m); m["field"] = "" }), "INVALID_INPUT", "input.field")
}
