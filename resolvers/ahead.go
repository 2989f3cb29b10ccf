package resolvers

// Reading ahead. A resolver that reads a list can look at what the request asks of the list's
// items (graphql.CollectFields) and have its store read bring that along in the same
// statement: the nested resolvers then find it in the request's loaders and send nothing.
// Nested resolvers are unchanged and still batch whatever was not brought along, so reading
// ahead only ever saves round trips: a field it does not recognise, or arguments it cannot
// read, simply fall back to the loaders.

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/graph/model"
	"github.com/actorgraph/actorgraph/store"
)

// withOf says what the nodes of the allegation connection being resolved ask for.
func withOf(ctx context.Context) store.With {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return store.With{}
	}
	return connectionWith(graphql.GetOperationContext(ctx), fc.Field)
}

// connectionWith says what the nodes of allegation connection conn ask for: parties, courts
// or status history (details), the actors of parties and courts, sources.
func connectionWith(op *graphql.OperationContext, conn graphql.CollectedField) store.With {
	var w store.With
	node := func(n graphql.CollectedField) {
		for _, f := range graphql.CollectFields(op, n.Selections, nil) {
			switch f.Name {
			case "accusers", "accused", "courts", "statusHistory":
				w.Details |= partOf[f.Name]
				for _, g := range graphql.CollectFields(op, f.Selections, nil) {
					if g.Name == "actor" || g.Name == "court" {
						w.Actors = true
						w.ActorFields |= actorFieldsOf(op.Doc, g.Selections)
					}
				}
			case "sources":
				w.Sources = true
			}
		}
	}
	for _, n := range nodesOf(op, conn) {
		node(n)
	}
	return w
}

// nodesOf returns the selections of the nodes of connection conn: under nodes and under
// edges { node }.
func nodesOf(op *graphql.OperationContext, conn graphql.CollectedField) []graphql.CollectedField {
	var out []graphql.CollectedField
	for _, f := range graphql.CollectFields(op, conn.Selections, nil) {
		switch f.Name {
		case "nodes":
			out = append(out, f)
		case "edges":
			for _, e := range graphql.CollectFields(op, f.Selections, nil) {
				if e.Name == "node" {
					out = append(out, e)
				}
			}
		}
	}
	return out
}

// partOf names the list of store.Details that each field of an allegation reads.
var partOf = map[string]store.Parts{
	"accusers": store.AccusersPart, "accused": store.AccusedPart,
	"courts": store.CourtsPart, "statusHistory": store.HistoryPart,
}

// actorAhead is what the selection of an actor field asks of the actor beyond its own fields,
// as a store.ActorAsk, with the loader keys under which the nested fields will look for
// the answers.
type actorAhead struct {
	ask         store.ActorAsk
	allegations []allegationsArgs // the key of each of ask.Allegations
}

// actorAheadOf reads the selection of the actor field being resolved: its relationships,
// allegationsFaced and allegationsMade, when their arguments are literals or variables of
// the plain kinds read here (a filter on allegations is left to the loaders).
func actorAheadOf(ctx context.Context) actorAhead {
	var a actorAhead
	op := graphql.GetOperationContext(ctx)
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		args := f.ArgumentMap(op.Variables)
		switch f.Name {
		case "relationships":
			if q, ok := relQueryOf(args); ok {
				a.ask.Relationships = append(a.ask.Relationships, q)
				a.ask.Ends |= fieldsUnder(op, f, "from", "to")
			}
		case "allegationsFaced", "allegationsMade":
			if args["filter"] != nil {
				continue
			}
			first, ok1 := intArg(args["first"], defaultPage)
			after, ok2 := args["after"].(string)
			if !ok1 || !ok2 && args["after"] != nil {
				continue
			}
			role := store.Accused
			if f.Name == "allegationsMade" {
				role = store.Accuser
			}
			key := allegationsArgs{Role: role, Page: store.Page{First: first, After: after}}
			a.ask.Allegations = append(a.ask.Allegations, store.AllegationsAsk{Role: role, Page: key.Page, With: connectionWith(op, f)})
			a.allegations = append(a.allegations, key)
		}
	}
	return a
}

// relQueryOf is the store.RelQuery that actorResolver.Relationships makes of these arguments.
func relQueryOf(args map[string]any) (store.RelQuery, bool) {
	q := store.RelQuery{Direction: "BOTH"}
	var ok bool
	if q.First, ok = intArg(args["first"], defaultRelFirst); !ok {
		return q, false
	}
	switch d := args["direction"].(type) {
	case nil:
	case string:
		q.Direction = d
	default:
		return q, false
	}
	if v := args["asOf"]; v != nil {
		d, err := model.UnmarshalPartialDate(v)
		if err != nil {
			return q, false
		}
		q.AsOf = d
	}
	switch ts := args["types"].(type) {
	case nil:
	case []any:
		q.Types = make([]ag.RelType, 0, len(ts))
		for _, t := range ts {
			s, ok := t.(string)
			if !ok {
				return q, false
			}
			q.Types = append(q.Types, ag.RelType(s))
		}
	default:
		return q, false
	}
	return q, true
}

// intArg reads an Int argument, def if absent. Literals come as int64, variables as the JSON
// decoder left them.
func intArg(v any, def int) (int, bool) {
	switch n := v.(type) {
	case nil:
		return def, true
	case int64:
		return int(n), true
	case int:
		return n, true
	case json.Number:
		i, err := n.Int64()
		return int(i), err == nil
	case float64:
		return int(n), n == float64(int(n))
	}
	return 0, false
}
