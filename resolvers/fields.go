package resolvers

// Reading only the fields asked for. A read of many actors (a page, search hits, the actors
// at the ends of relationships and allegations) brings of each actor only the fields that
// the request's selection of them reads: an actor's sources cost Neo4j a walk of its
// citations, more than the rest of the actor. What a read left out the actor records in
// ag.Actor.Lacks, and an actor is only ever used for a selection that reads nothing it lacks.

import (
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	ag "github.com/actorgraph/actorgraph"
)

// actorFieldNeeds maps each field of the GraphQL actor types to what it reads of the domain
// actor beyond its id, name and kind. The lists (relationships, allegations, events,
// disputes) are read by the actor's id and need nothing more. A field missing here needs
// every field: one added to the schema and forgotten here costs reads, never answers
// (TestEveryActorFieldHasItsNeeds makes sure none is forgotten).
var actorFieldNeeds = map[string]ag.ActorFields{
	"__typename": 0, "id": 0, "kind": 0, "name": 0,
	"aliases":     ag.ActorAliases,
	"country":     ag.ActorCountry,
	"description": ag.ActorDescription,
	"founded":     ag.ActorDates, "dissolved": ag.ActorDates,
	"sources":       ag.ActorSources,
	"relationships": 0, "allegationsFaced": 0, "allegationsMade": 0, "allegationsLodged": 0,
	"events": 0, "disputes": 0,
}

// actorFieldsOf returns what the selection set of an actor reads of it: each field's needs,
// those in fragments included whatever their type condition or directives (a superset
// reads more, never less). It walks the parsed query without allocating.
func actorFieldsOf(doc *ast.QueryDocument, sel ast.SelectionSet) ag.ActorFields {
	var need ag.ActorFields
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			n, ok := actorFieldNeeds[s.Name]
			if !ok {
				n = ag.AllActorFields
			}
			need |= n
		case *ast.InlineFragment:
			need |= actorFieldsOf(doc, s.SelectionSet)
		case *ast.FragmentSpread:
			if f := doc.Fragments.ForName(s.Name); f != nil {
				need |= actorFieldsOf(doc, f.SelectionSet)
			} else {
				need = ag.AllActorFields
			}
		}
	}
	return need
}

// fieldsOfNodes returns what the nodes of the actor connection conn read: under edges { node }
// and under nodes.
func fieldsOfNodes(op *graphql.OperationContext, conn graphql.CollectedField) ag.ActorFields {
	var need ag.ActorFields
	for _, n := range nodesOf(op, conn) {
		need |= actorFieldsOf(op.Doc, n.Selections)
	}
	return need
}

// fieldsUnder returns what the actor fields named names, directly under the selection of
// field, read: the actor of each search hit, the ends of each relationship.
func fieldsUnder(op *graphql.OperationContext, field graphql.CollectedField, names ...string) ag.ActorFields {
	var need ag.ActorFields
	for _, f := range graphql.CollectFields(op, field.Selections, nil) {
		for _, n := range names {
			if f.Name == n {
				need |= actorFieldsOf(op.Doc, f.Selections)
			}
		}
	}
	return need
}
