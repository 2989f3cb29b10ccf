package resolvers

import (
	"context"
	"slices"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/graph/model"
	"github.com/actorgraph/actorgraph/store"
)

type queryResolver struct{ *Resolver }

func (r queryResolver) Node(ctx context.Context, id string) (model.Node, error) {
	kind, err := r.Store.NodeKind(ctx, id)
	if err != nil {
		return nil, err
	}
	switch kind {
	case "Actor":
		return r.Actor(ctx, id)
	case "Allegation":
		return r.Allegation(ctx, id)
	case "Event":
		return r.Event(ctx, id)
	case "Source":
		return r.Source(ctx, id)
	case "Relationship":
		return r.Relationship(ctx, id)
	case "Dispute":
		m, err := r.Store.DisputesByID(ctx, []string{id})
		if err != nil || m[id] == nil {
			return nil, err
		}
		return m[id], nil
	}
	return nil, nil
}

func (r queryResolver) Actor(ctx context.Context, id string) (model.Actor, error) {
	l := loadersFrom(ctx)
	ahead := actorAheadOf(ctx)
	if len(ahead.ask.Relationships) == 0 && len(ahead.ask.Allegations) == 0 {
		a, err := l.actors.LoadWith(id, []string{id})
		if err != nil || a == nil {
			return nil, err
		}
		l.peerActors([]*ag.Actor{a})
		return model.WrapActor(a), nil
	}
	// The actor and the lists its selection asks for, in one statement.
	ans, err := r.Store.ActorWith(ctx, id, ahead.ask)
	if err != nil || ans == nil {
		return nil, err
	}
	l.actors.put(map[string]*ag.Actor{id: ans.Actor})
	l.take(ans.Along)
	// Last: what came along may name the actor too (as a party to its own allegations), and
	// the actor's own lists are asked for it alone.
	l.peerActors([]*ag.Actor{ans.Actor})
	for i, rels := range ans.Relationships {
		if rels != nil {
			l.relationships.put(ahead.ask.Relationships[i], map[string][]*ag.Relationship{id: rels})
			l.peerRelationships(map[string][]*ag.Relationship{id: rels})
		}
	}
	for i, page := range ans.Allegations {
		if page != nil {
			l.allegations.put(ahead.allegations[i], map[string]store.Result[*ag.Allegation]{id: *page})
			l.peerAllegations(page.Items)
		}
	}
	return model.WrapActor(ans.Actor), nil
}

func (r queryResolver) Actors(ctx context.Context, filter *ag.ActorFilter, orderBy *model.ActorOrder, first *int, after *string) (*model.ActorConnection, error) {
	var f ag.ActorFilter
	if filter != nil {
		f = *filter
	}
	o := store.ActorOrder{Field: "NAME"}
	if orderBy != nil {
		o.Field = string(orderBy.Field)
		o.Desc = orderBy.Direction != nil && *orderBy.Direction == model.OrderDirectionDesc
	}
	count := counted(ctx, func(ctx context.Context) (int, error) { return r.Store.CountActors(ctx, f) })
	var res store.Result[*ag.Actor]
	if pageWanted(ctx) {
		var err error
		want := fieldsOfNodes(graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field)
		if res, err = r.Store.Actors(ctx, f, o, page(first, defaultPage, after), want); err != nil {
			return nil, err
		}
	}
	loadersFrom(ctx).peerActors(res.Items)
	c := &model.ActorConnection{PageInfo: pageInfo(res.HasNext, res.Cursors),
		Counter: model.Counter{Count: count}}
	for i, a := range res.Items {
		c.Edges = append(c.Edges, &model.ActorEdge{Cursor: res.Cursors[i], Node: model.WrapActor(a)})
	}
	return c, nil
}

func (r queryResolver) Search(ctx context.Context, text string, kinds []ag.Kind, first *int) ([]*model.SearchHit, error) {
	want := fieldsUnder(graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field, "actor")
	hits, err := r.Store.Search(ctx, text, kinds, intOr(first, 10), want)
	if err != nil {
		return nil, err
	}
	out := make([]*model.SearchHit, len(hits))
	actors := make([]*ag.Actor, len(hits))
	for i, h := range hits {
		actors[i] = h.Actor
	}
	loadersFrom(ctx).peerActors(actors)
	for i, h := range hits {
		out[i] = &model.SearchHit{Actor: model.WrapActor(h.Actor), Score: h.Score}
	}
	return out, nil
}

func (r queryResolver) Allegation(ctx context.Context, id string) (*ag.Allegation, error) {
	m, err := r.Store.AllegationsByID(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	return m[id], nil
}

func (r queryResolver) Allegations(ctx context.Context, filter *ag.AllegationFilter, first *int, after *string) (*model.AllegationConnection, error) {
	var f ag.AllegationFilter
	if filter != nil {
		f = *filter
	}
	count := counted(ctx, func(ctx context.Context) (int, error) { return r.Store.CountAllegations(ctx, f) })
	var res store.Result[*ag.Allegation]
	l := loadersFrom(ctx)
	if pageWanted(ctx) {
		var along store.Along
		var err error
		if res, along, err = r.Store.Allegations(ctx, f, page(first, defaultPage, after), withOf(ctx)); err != nil {
			return nil, err
		}
		l.take(along)
	}
	l.peerAllegations(res.Items)
	return allegationConnection(res, count), nil
}

func (r queryResolver) Event(ctx context.Context, id string) (*ag.Event, error) {
	return loadersFrom(ctx).events.LoadWith(id, []string{id})
}

func (r queryResolver) Events(ctx context.Context, filter *ag.EventFilter, first *int, after *string) (*model.EventConnection, error) {
	var f ag.EventFilter
	if filter != nil {
		f = *filter
	}
	count := counted(ctx, func(ctx context.Context) (int, error) { return r.Store.CountEvents(ctx, f) })
	var res store.Result[*ag.Event]
	if pageWanted(ctx) {
		var err error
		if res, err = r.Store.Events(ctx, f, page(first, 50, after)); err != nil {
			return nil, err
		}
	}
	var ids, cited []string
	for _, e := range res.Items {
		ids = append(ids, e.ID)
		cited = append(cited, e.SourceIDs...)
	}
	loadersFrom(ctx).setPeers(ids)
	loadersFrom(ctx).setPeers(cited)
	c := &model.EventConnection{PageInfo: pageInfo(res.HasNext, res.Cursors),
		Counter: model.Counter{Count: count}}
	for i, e := range res.Items {
		c.Edges = append(c.Edges, &model.EventEdge{Cursor: res.Cursors[i], Node: e})
	}
	return c, nil
}

func (r queryResolver) Source(ctx context.Context, id string) (*ag.Source, error) {
	return loadersFrom(ctx).sources.LoadWith(id, []string{id})
}

func (r queryResolver) Sources(ctx context.Context, filter *ag.SourceFilter, first *int, after *string) (*model.SourceConnection, error) {
	var f ag.SourceFilter
	if filter != nil {
		f = *filter
	}
	count := counted(ctx, func(ctx context.Context) (int, error) { return r.Store.CountSources(ctx, f) })
	var res store.Result[*ag.Source]
	if pageWanted(ctx) {
		var err error
		if res, err = r.Store.Sources(ctx, f, page(first, 50, after)); err != nil {
			return nil, err
		}
	}
	c := &model.SourceConnection{PageInfo: pageInfo(res.HasNext, res.Cursors),
		Counter: model.Counter{Count: count}}
	for i, s := range res.Items {
		c.Edges = append(c.Edges, &model.SourceEdge{Cursor: res.Cursors[i], Node: s})
	}
	return c, nil
}

func (r queryResolver) Relationship(ctx context.Context, id string) (*ag.Relationship, error) {
	m, err := r.Store.RelationshipsByID(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	return m[id], nil
}

func (r queryResolver) Disputes(ctx context.Context, first *int, after *string) (*model.DisputeConnection, error) {
	count := counted(ctx, r.Store.CountDisputes)
	res, err := r.Store.Disputes(ctx, page(first, 50, after))
	if err != nil {
		return nil, err
	}
	c := &model.DisputeConnection{PageInfo: pageInfo(res.HasNext, res.Cursors),
		Counter: model.Counter{Count: count}}
	for i, d := range res.Items {
		c.Edges = append(c.Edges, &model.DisputeEdge{Cursor: res.Cursors[i], Node: d})
	}
	return c, nil
}

// pageWanted reports whether the connection being resolved is asked for its items or page
// info. A client asking for totalCount alone gets the count, without the page's query.
// (Arguments are still checked: the count query checks the filter, and a bad page size or
// cursor asked for nothing is left unread, as nothing depends on it.)
func pageWanted(ctx context.Context) bool {
	return selects(ctx, "edges", "nodes", "pageInfo")
}

// selects reports whether the selection of the field being resolved holds one of names.
func selects(ctx context.Context, names ...string) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if slices.Contains(names, f.Name) {
			return true
		}
	}
	return false
}

// counted returns the count of a connection for its Counter. When the selection asks for the
// page and for totalCount, the count starts now, in its own goroutine, so that its statement
// runs beside the page's rather than after it; otherwise it runs when totalCount is resolved.
func counted(ctx context.Context, count func(context.Context) (int, error)) func(context.Context) (int, error) {
	if !pageWanted(ctx) || !selects(ctx, "totalCount") {
		return count
	}
	type result struct {
		n   int
		err error
	}
	done := make(chan result, 1)
	go func() {
		n, err := count(ctx)
		done <- result{n, err}
	}()
	var once sync.Once
	var res result
	return func(context.Context) (int, error) {
		once.Do(func() { res = <-done })
		return res.n, res.err
	}
}
