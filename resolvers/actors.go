package resolvers

import (
	"context"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/graph/model"
	"github.com/actorgraph/actorgraph/store"
)

// actorResolver resolves the fields that all nine actor types share. One generic type serves
// them all: instantiated with *model.State it is a graph.StateResolver, and so on.
type actorResolver[T model.Actor] struct{ *Resolver }

func (r actorResolver[T]) Sources(ctx context.Context, obj T) ([]*ag.Source, error) {
	return sources(ctx, obj.Domain().SourceIDs)
}

func (r actorResolver[T]) Relationships(ctx context.Context, obj T, types []ag.RelType, direction *model.Direction, asOf *ag.Date, first *int) ([]*ag.Relationship, error) {
	q := store.RelQuery{Types: types, Direction: string(model.DirectionBoth), First: intOr(first, defaultRelFirst)}
	if direction != nil {
		q.Direction = string(*direction)
	}
	if asOf != nil {
		q.AsOf = *asOf
	}
	l := loadersFrom(ctx)
	return l.relationships.LoadWith(q, obj.Domain().ID, l.peersOf(obj.Domain().ID))
}

func (r actorResolver[T]) AllegationsFaced(ctx context.Context, obj T, filter *ag.AllegationFilter, first *int, after *string) (*model.AllegationConnection, error) {
	return allegationsOf(ctx, store.Accused, obj.Domain().ID, filter, first, after)
}

func (r actorResolver[T]) AllegationsMade(ctx context.Context, obj T, filter *ag.AllegationFilter, first *int, after *string) (*model.AllegationConnection, error) {
	return allegationsOf(ctx, store.Accuser, obj.Domain().ID, filter, first, after)
}

func (r actorResolver[T]) Events(ctx context.Context, obj T, first *int) ([]*ag.Participation, error) {
	l := loadersFrom(ctx)
	return l.participation.LoadWith(intOr(first, defaultRelFirst), obj.Domain().ID, l.peersOf(obj.Domain().ID))
}

func (r actorResolver[T]) Disputes(ctx context.Context, obj T) ([]*ag.Dispute, error) {
	return disputes(ctx, obj.Domain().ID)
}

// courtResolver adds the court-only field.
type courtResolver struct {
	actorResolver[*model.Court]
}

func (r courtResolver) AllegationsLodged(ctx context.Context, obj *model.Court, filter *ag.AllegationFilter, first *int, after *string) (*model.AllegationConnection, error) {
	return allegationsOf(ctx, store.LodgedAt, obj.ID, filter, first, after)
}

// allegationsOf pages the allegations in which an actor stands in role, batched across all
// the actors of the enclosing list.
func allegationsOf(ctx context.Context, role store.PartyRole, actorID string, filter *ag.AllegationFilter, first *int, after *string) (*model.AllegationConnection, error) {
	args := allegationsArgs{Role: role, Page: page(first, defaultPage, after), With: withOf(ctx)}
	if filter != nil {
		args.Filter = *filter
	}
	l := loadersFrom(ctx)
	res, err := l.allegations.LoadWith(args, actorID, l.peersOf(actorID))
	if err != nil {
		return nil, err
	}
	countArgs := args
	countArgs.Page = store.Page{}
	return allegationConnection(res, func(ctx context.Context) (int, error) {
		l := loadersFrom(ctx)
		return l.counts.LoadWith(countArgs, actorID, l.peersOf(actorID))
	}), nil
}
