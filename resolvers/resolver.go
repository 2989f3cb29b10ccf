// Package resolvers turns GraphQL fields into store calls, and nothing else: arguments are
// checked and defaulted here, queries live in package store, and nested fields go through
// per-request batching loaders so that a nested query costs one round trip per level. Where
// a resolver can see what the levels below it ask for (ahead.go), its read brings that along
// and primes the loaders, and those levels cost no round trip at all.
package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/graph"
	"github.com/actorgraph/actorgraph/graph/model"
	"github.com/actorgraph/actorgraph/store"
)

// Resolver is the root of all resolvers. It holds the store; everything per-request lives
// in the context.
type Resolver struct {
	Store *store.Store
}

var _ graph.ResolverRoot = (*Resolver)(nil)

func (r *Resolver) Query() graph.QueryResolver           { return queryResolver{r} }
func (r *Resolver) Mutation() graph.MutationResolver     { return mutationResolver{r} }
func (r *Resolver) Change() graph.ChangeResolver         { return changeResolver{r} }
func (r *Resolver) Merge() graph.MergeResolver           { return mergeResolver{r} }
func (r *Resolver) Subgraph() graph.SubgraphResolver     { return subgraphResolver{r} }
func (r *Resolver) GraphNode() graph.GraphNodeResolver   { return graphNodeResolver{r} }
func (r *Resolver) GraphEdge() graph.GraphEdgeResolver   { return graphEdgeResolver{r} }
func (r *Resolver) Path() graph.PathResolver             { return pathResolver{r} }
func (r *Resolver) PathNode() graph.PathNodeResolver     { return pathNodeResolver{r} }
func (r *Resolver) Neighbour() graph.NeighbourResolver   { return neighbourResolver{r} }
func (r *Resolver) CoAccused() graph.CoAccusedResolver   { return coAccusedResolver{r} }
func (r *Resolver) Accusation() graph.AccusationResolver { return accusationResolver{r} }
func (r *Resolver) TimelineEntry() graph.TimelineEntryResolver {
	return timelineEntryResolver{r}
}
func (r *Resolver) State() graph.StateResolver           { return actorResolver[*model.State]{r} }
func (r *Resolver) Junta() graph.JuntaResolver           { return actorResolver[*model.Junta]{r} }
func (r *Resolver) ArmedForce() graph.ArmedForceResolver { return actorResolver[*model.ArmedForce]{r} }
func (r *Resolver) ArmedGroup() graph.ArmedGroupResolver { return actorResolver[*model.ArmedGroup]{r} }
func (r *Resolver) Paramilitary() graph.ParamilitaryResolver {
	return actorResolver[*model.Paramilitary]{r}
}
func (r *Resolver) NGO() graph.NGOResolver     { return actorResolver[*model.NGO]{r} }
func (r *Resolver) Court() graph.CourtResolver { return courtResolver{actorResolver[*model.Court]{r}} }
func (r *Resolver) Organization() graph.OrganizationResolver {
	return actorResolver[*model.Organization]{r}
}
func (r *Resolver) Person() graph.PersonResolver             { return actorResolver[*model.Person]{r} }
func (r *Resolver) Allegation() graph.AllegationResolver     { return allegationResolver{r} }
func (r *Resolver) Party() graph.PartyResolver               { return partyResolver{r} }
func (r *Resolver) Lodging() graph.LodgingResolver           { return lodgingResolver{r} }
func (r *Resolver) StatusChange() graph.StatusChangeResolver { return statusChangeResolver{r} }
func (r *Resolver) Relationship() graph.RelationshipResolver { return relationshipResolver{r} }
func (r *Resolver) Event() graph.EventResolver               { return eventResolver{r} }
func (r *Resolver) Participant() graph.ParticipantResolver   { return participantResolver{r} }
func (r *Resolver) Source() graph.SourceResolver             { return sourceResolver{r} }
func (r *Resolver) Dispute() graph.DisputeResolver           { return disputeResolver{r} }
func (r *Resolver) Claim() graph.ClaimResolver               { return claimResolver{r} }

// Defaults and caps of list arguments, as the schema documents them.
const (
	defaultPage     = 20
	defaultRelFirst = 100
)

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func strOr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func page(first *int, def int, after *string) store.Page {
	return store.Page{First: intOr(first, def), After: strOr(after)}
}

// sources loads the sources with the given ids, in order.
func sources(ctx context.Context, ids []string) ([]*ag.Source, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	l := loadersFrom(ctx)
	return l.sources.LoadManyWith(ids, l.peersOf(ids[0]))
}

// actor loads one actor for a non-null field: a dangling id is an internal error, since the
// store never writes one. An actor a read brought along lacking fields serves the field if
// its selection reads none of them; otherwise the actor is fetched whole (with its peers).
func actor(ctx context.Context, id string) (model.Actor, error) {
	l := loadersFrom(ctx)
	if a := l.partial.get(id); a != nil {
		if a.Lacks&actorFieldsOf(graphql.GetOperationContext(ctx).Doc, graphql.GetFieldContext(ctx).Field.Selections) == 0 {
			return model.WrapActor(a), nil
		}
	}
	a, err := l.actors.LoadWith(id, l.peersOf(id))
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, ag.Errorf(ag.Internal, "actor %s is referenced but missing", id)
	}
	return model.WrapActor(a), nil
}

func disputes(ctx context.Context, subjectID string) ([]*ag.Dispute, error) {
	l := loadersFrom(ctx)
	return l.disputes.LoadWith(subjectID, l.peersOf(subjectID))
}

// allegationConnection builds a connection from a page, counting lazily with count.
func allegationConnection(r store.Result[*ag.Allegation], count func(context.Context) (int, error)) *model.AllegationConnection {
	c := &model.AllegationConnection{PageInfo: pageInfo(r.HasNext, r.Cursors), Counter: model.Counter{Count: count}}
	for i, a := range r.Items {
		c.Edges = append(c.Edges, &model.AllegationEdge{Cursor: r.Cursors[i], Node: a})
	}
	return c
}

func pageInfo(hasNext bool, cursors []string) *model.PageInfo {
	pi := &model.PageInfo{HasNextPage: hasNext}
	if len(cursors) > 0 {
		pi.EndCursor = &cursors[len(cursors)-1]
	}
	return pi
}
