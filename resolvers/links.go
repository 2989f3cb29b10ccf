package resolvers

import (
	"context"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/analysis"
	"github.com/actorgraph/actorgraph/graph/model"
	"github.com/actorgraph/actorgraph/store"
)

func boolOr(p *bool) bool { return p != nil && *p }

func (r queryResolver) Subgraph(ctx context.Context, seeds []string, depth *int, types []ag.RelType, kinds []ag.Kind, asOf *ag.Date, accusations *bool, limit *int) (*ag.Subgraph, error) {
	sg, err := r.Store.Subgraph(ctx, store.GraphQuery{Seeds: seeds, Depth: intOr(depth, 1), Types: types, Kinds: kinds,
		AsOf: dateOr(asOf), Accusations: boolOr(accusations), Limit: intOr(limit, 200)})
	if err != nil {
		return nil, err
	}
	l := loadersFrom(ctx)
	var nodes, allegations, cited []string
	for _, n := range sg.Nodes {
		nodes = append(nodes, n.ID)
	}
	for _, e := range sg.Edges {
		if e.AllegationID != "" {
			allegations = append(allegations, e.AllegationID)
		}
		cited = append(cited, e.SourceIDs...)
	}
	l.setPeers(nodes)
	l.setPeers(allegations)
	l.setPeers(cited)
	return sg, nil
}

func (r queryResolver) Paths(ctx context.Context, from, to string, k, maxLength *int, types []ag.RelType, asOf *ag.Date, accusations *bool) ([]*store.Path, error) {
	paths, err := r.Store.Paths(ctx, store.PathQuery{From: from, To: to, K: intOr(k, 3), MaxLength: intOr(maxLength, 4),
		Types: types, AsOf: dateOr(asOf), Accusations: boolOr(accusations)})
	out := make([]*store.Path, len(paths))
	for i := range paths {
		out[i] = &paths[i]
	}
	return out, err
}

func (r queryResolver) Common(ctx context.Context, a, b string, types []ag.RelType, asOf *ag.Date) (*model.Common, error) {
	ns, als, err := r.Store.Common(ctx, a, b, types, dateOr(asOf))
	if err != nil {
		return nil, err
	}
	c := &model.Common{Allegations: als}
	for i := range ns {
		c.Neighbours = append(c.Neighbours, &ns[i])
	}
	return c, nil
}

func (r queryResolver) CoAccused(ctx context.Context, id string, first *int) ([]*store.CoAccused, error) {
	res, err := r.Store.CoAccusedOf(ctx, id, intOr(first, 20))
	out := make([]*store.CoAccused, len(res))
	for i := range res {
		out[i] = &res[i]
	}
	return out, err
}

func (r queryResolver) AccusationNetwork(ctx context.Context, actor *string, first *int) ([]*store.Accusation, error) {
	res, err := r.Store.AccusationNetwork(ctx, strOr(actor), intOr(first, 500))
	out := make([]*store.Accusation, len(res))
	for i := range res {
		out[i] = &res[i]
	}
	return out, err
}

func (r queryResolver) Timeline(ctx context.Context, ids []string, first *int) ([]*store.TimelineEntry, error) {
	res, err := r.Store.Timeline(ctx, ids, intOr(first, 200))
	out := make([]*store.TimelineEntry, len(res))
	for i := range res {
		out[i] = &res[i]
	}
	return out, err
}

// allegations loads allegations by id, in order, for lists that name them.
func allegations(ctx context.Context, ids []string) ([]*ag.Allegation, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	l := loadersFrom(ctx)
	return l.allegationsByID.LoadManyWith(ids, l.peersOf(ids[0]))
}

type subgraphResolver struct{ *Resolver }

func (r subgraphResolver) Measures(ctx context.Context, obj *ag.Subgraph, accusations *bool, resolution *float64) (*analysis.Result, error) {
	opts := analysis.Options{IncludeAccusations: boolOr(accusations)}
	if resolution != nil {
		opts.Resolution = *resolution
	}
	res, err := analysis.Measure(obj, opts)
	if e, ok := err.(*ag.Error); ok && e.Field == "options.resolution" {
		e.Field = "resolution"
	}
	return res, err
}

type graphNodeResolver struct{ *Resolver }

func (r graphNodeResolver) Actor(ctx context.Context, obj *ag.GraphNode) (model.Actor, error) {
	return actor(ctx, obj.ID)
}

type graphEdgeResolver struct{ *Resolver }

func (r graphEdgeResolver) Allegation(ctx context.Context, obj *ag.GraphEdge) (*ag.Allegation, error) {
	if obj.AllegationID == "" {
		return nil, nil
	}
	l := loadersFrom(ctx)
	return l.allegationsByID.LoadWith(obj.AllegationID, l.peersOf(obj.AllegationID))
}

func (r graphEdgeResolver) Sources(ctx context.Context, obj *ag.GraphEdge) ([]*ag.Source, error) {
	return sources(ctx, obj.SourceIDs)
}

type pathResolver struct{ *Resolver }

func (r pathResolver) Length(ctx context.Context, obj *store.Path) (int, error) {
	return len(obj.Edges), nil
}

type pathNodeResolver struct{ *Resolver }

func (r pathNodeResolver) Node(ctx context.Context, obj *store.PathNode) (model.Node, error) {
	return queryResolver(r).Node(ctx, obj.ID)
}

type neighbourResolver struct{ *Resolver }

func (r neighbourResolver) Actor(ctx context.Context, obj *store.Neighbour) (model.Actor, error) {
	return model.WrapActor(obj.Actor), nil
}

type coAccusedResolver struct{ *Resolver }

func (r coAccusedResolver) Actor(ctx context.Context, obj *store.CoAccused) (model.Actor, error) {
	return model.WrapActor(obj.Actor), nil
}

func (r coAccusedResolver) Allegations(ctx context.Context, obj *store.CoAccused) ([]*ag.Allegation, error) {
	return allegations(ctx, obj.AllegationIDs)
}

type accusationResolver struct{ *Resolver }

func (r accusationResolver) Accuser(ctx context.Context, obj *store.Accusation) (model.Actor, error) {
	return actor(ctx, obj.AccuserID)
}

func (r accusationResolver) Accused(ctx context.Context, obj *store.Accusation) (model.Actor, error) {
	return actor(ctx, obj.AccusedID)
}

func (r accusationResolver) Allegations(ctx context.Context, obj *store.Accusation) ([]*ag.Allegation, error) {
	return allegations(ctx, obj.AllegationIDs)
}

type timelineEntryResolver struct{ *Resolver }

func (r timelineEntryResolver) Event(ctx context.Context, obj *store.TimelineEntry) (*ag.Event, error) {
	if obj.EventID == "" {
		return nil, nil
	}
	l := loadersFrom(ctx)
	return l.events.LoadWith(obj.EventID, l.peersOf(obj.EventID))
}
