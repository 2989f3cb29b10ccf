package resolvers

import (
	"context"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/store"
)

// loaders are the batching loaders of one request. Each turns the many small lookups of a
// nested query (an accuser per allegation, the sources of each fact) into one query per
// level of nesting, whatever the page size.
type loaders struct {
	actors          *loader[string, *ag.Actor]
	sources         *loader[string, *ag.Source]
	events          *loader[string, *ag.Event]
	allegationsByID *loader[string, *ag.Allegation]
	details         *loader[string, *store.Details]
	participants    *loader[string, []*ag.Participation]
	disputes        *loader[string, []*ag.Dispute]
	relationships   *loaderGroup[store.RelQuery, string, []*ag.Relationship]
	allegations     *loaderGroup[allegationsArgs, string, store.Result[*ag.Allegation]]
	counts          *loaderGroup[allegationsArgs, string, int]
	participation   *loaderGroup[int, string, []*ag.Participation]

	ctx   context.Context
	store *store.Store
}

// allegationsArgs are the arguments of an actor's allegation list.
type allegationsArgs struct {
	Role   store.PartyRole
	Filter ag.AllegationFilter
	Page   store.Page
}

type loadersKey struct{}

// WithLoaders returns a context carrying fresh loaders over s for one GraphQL operation.
// The server calls it around every operation; results are cached for that operation only.
func WithLoaders(ctx context.Context, s *store.Store) context.Context {
	return context.WithValue(ctx, loadersKey{}, newLoaders(ctx, s))
}

// forget drops everything cached: a mutation calls it after it writes, so that its payload,
// and the mutations after it in the same operation, read the graph as it now is.
func (l *loaders) forget() { *l = *newLoaders(l.ctx, l.store) }

func newLoaders(ctx context.Context, s *store.Store) *loaders {
	return &loaders{ctx: ctx, store: s,
		actors:          newLoader(ctx, s.ActorsByID),
		sources:         newLoader(ctx, s.SourcesByID),
		events:          newLoader(ctx, s.EventsByID),
		allegationsByID: newLoader(ctx, s.AllegationsByID),
		details:         newLoader(ctx, s.AllegationDetails),
		participants:    newLoader(ctx, s.ParticipantsOfEvents),
		disputes:        newLoader(ctx, s.DisputesAbout),
		relationships: newGroup(ctx, func(ctx context.Context, q store.RelQuery, ids []string) (map[string][]*ag.Relationship, error) {
			return s.RelationshipsOf(ctx, ids, q)
		}),
		allegations: newGroup(ctx, func(ctx context.Context, a allegationsArgs, ids []string) (map[string]store.Result[*ag.Allegation], error) {
			return s.AllegationsOf(ctx, a.Role, ids, a.Filter, a.Page)
		}),
		counts: newGroup(ctx, func(ctx context.Context, a allegationsArgs, ids []string) (map[string]int, error) {
			return s.CountAllegationsOf(ctx, a.Role, ids, a.Filter)
		}),
		participation: newGroup(ctx, func(ctx context.Context, first int, ids []string) (map[string][]*ag.Participation, error) {
			return s.ParticipationsOfActors(ctx, ids, first)
		}),
	}
}

func loadersFrom(ctx context.Context) *loaders {
	l, _ := ctx.Value(loadersKey{}).(*loaders)
	if l == nil {
		panic("resolvers: no loaders in the context; wrap operations with WithLoaders")
	}
	return l
}
