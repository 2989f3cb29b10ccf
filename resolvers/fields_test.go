package resolvers

import (
	"testing"

	"github.com/actorgraph/actorgraph/graph"
)

// TestEveryActorFieldHasItsNeeds: every field of the Actor interface and of the nine actor
// types is in actorFieldNeeds. A field missing there would only cost reads (it needs every
// field), but it would also mean nobody decided what it reads.
func TestEveryActorFieldHasItsNeeds(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	actor := schema.Types["Actor"]
	if actor == nil {
		t.Fatal("the schema has no Actor interface")
	}
	types := append(schema.GetPossibleTypes(actor), actor)
	if len(types) != 10 {
		t.Errorf("Actor and %d types implementing it, want the nine kinds", len(types)-1)
	}
	for _, typ := range types {
		for _, f := range typ.Fields {
			if _, ok := actorFieldNeeds[f.Name]; !ok {
				t.Errorf("%s.%s is not in actorFieldNeeds", typ.Name, f.Name)
			}
		}
	}
}
