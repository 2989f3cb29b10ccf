package server_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/actorgraph/actorgraph/store/storetest"
)

// wholeActor asks every field an actor holds beyond its lists.
const wholeActor = `fragment whole on Actor { id name kind aliases country description founded dissolved sources { id } }`

// TestActorsReadInPartNeverAnswerForWhatTheyLack: reads of many actors bring only the fields
// asked for (the ends of relationships, parties, courts, pages, search hits). In one request,
// one root field asks only the ids and names of the actors around an actor and another asks
// every field of the same actors; each actor in the second must answer as the actor asked
// alone does, whichever read brought it first. So must the nodes of a page and search hits
// asked for every field, next to the same asked in part.
func TestActorsReadInPartNeverAnswerForWhatTheyLack(t *testing.T) {
	s := storetest.Seeded(t)
	a := newAPI(t, s)
	truth := map[string]any{}
	whole := func(id string) any {
		if _, ok := truth[id]; !ok {
			truth[id] = at(a.ok(`query($id: ID!) { actor(id: $id) { ...whole } } `+wholeActor, map[string]any{"id": id}), "actor")
		}
		return truth[id]
	}
	check := func(what string, got any) {
		t.Helper()
		id := str(at(got, "id"))
		if want := whole(id); !reflect.DeepEqual(got, want) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			t.Fatalf("%s: actor %s answered\n%s\nasked alone\n%s", what, id, g, w)
		}
	}
	d := a.ok(`{ actors(first: 200) { nodes { id } } }`, nil)
	var ids []string
	for _, n := range at(d, "actors", "nodes").([]any) {
		ids = append(ids, str(at(n, "id")))
	}
	if len(ids) < 50 {
		t.Fatalf("the seed has %d actors", len(ids))
	}
	around := func(sel string) string {
		return `relationships(first: 100) { from ` + sel + ` to ` + sel + ` }
			allegationsFaced(first: 20) { nodes { accusers { actor ` + sel + ` } accused { actor ` + sel + ` } courts { court ` + sel + ` } } }`
	}
	checked := 0
	for _, id := range ids {
		d := a.ok(`query($id: ID!) { part: actor(id: $id) { `+around(`{ id name }`)+` }
			all: actor(id: $id) { `+around(`{ ...whole }`)+` } } `+wholeActor, map[string]any{"id": id})
		all := at(d, "all")
		for _, r := range at(all, "relationships").([]any) {
			check("a relationship's from", at(r, "from"))
			check("a relationship's to", at(r, "to"))
			checked++
		}
		for _, n := range at(all, "allegationsFaced", "nodes").([]any) {
			for _, list := range []string{"accusers", "accused"} {
				for _, p := range at(n, list).([]any) {
					check("a party", at(p, "actor"))
					checked++
				}
			}
			for _, c := range at(n, "courts").([]any) {
				check("a court", at(c, "court"))
				checked++
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d actors around others were compared", checked)
	}

	d = a.ok(`{ part: actors(first: 200) { edges { node { id name } } }
		all: actors(first: 200) { nodes { ...whole } edges { node { ...whole } } } } `+wholeActor, nil)
	for _, n := range at(d, "all", "nodes").([]any) {
		check("a page's node", n)
	}
	for _, e := range at(d, "all", "edges").([]any) {
		check("a page's edge", at(e, "node"))
	}
	for _, word := range []string{"mali", "wagner", "court", "niger", "burkina"} {
		d = a.ok(`query($w: String!) { part: search(text: $w) { actor { id } }
			all: search(text: $w) { actor { ...whole } } } `+wholeActor, map[string]any{"w": word})
		if len(at(d, "all").([]any)) == 0 {
			t.Errorf("no hits for %q", word)
		}
		for _, h := range at(d, "all").([]any) {
			check("a search hit", at(h, "actor"))
		}
	}
}
