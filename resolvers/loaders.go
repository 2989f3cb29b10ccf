package resolvers

import (
	"context"
	"slices"
	"sync"

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
	details         *loader[detailsKey, *store.Details]
	participants    *loader[string, []*ag.Participation]
	disputes        *loader[string, []*ag.Dispute]
	relationships   *loaderGroup[store.RelQuery, string, []*ag.Relationship]
	allegations     *loaderGroup[allegationsArgs, string, store.Result[*ag.Allegation]]
	counts          *loaderGroup[allegationsArgs, string, int]
	participation   *loaderGroup[int, string, []*ag.Participation]

	// partial holds the actors that reads brought along lacking fields (ag.Actor.Lacks);
	// actors holds complete actors only. See actor.
	partial *partialActors

	ctx      context.Context
	store    *store.Store
	peerSets *peerSets
}

// partialActors are actors brought along without every field, by id.
type partialActors struct {
	mu sync.Mutex
	m  map[string]*ag.Actor
}

func (p *partialActors) get(id string) *ag.Actor {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[id]
}

// allegationsArgs are the arguments of an actor's allegation list, and what the first field
// to ask for the list wants brought along (not part of the batch's key: it changes what
// comes along, not the answer).
type allegationsArgs struct {
	Role   store.PartyRole
	Filter ag.AllegationFilter
	Page   store.Page
	With   store.With `json:"-"`
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
	l := &loaders{ctx: ctx, store: s, peerSets: &peerSets{m: map[string][]string{}},
		partial: &partialActors{m: map[string]*ag.Actor{}}}
	// Each fetch also tells the peers of what it returned: the sources its facts cite, the
	// actors its relationships and parties name, the allegations and events it lists. When the
	// nested level asks for one of them, it asks for all of them at once.
	l.actors = newLoader(ctx, func(ctx context.Context, ids []string) (map[string]*ag.Actor, error) {
		m, err := s.ActorsByID(ctx, ids)
		l.setPeers(sourcesOf(values(m)...))
		return m, err
	})
	l.sources = newLoader(ctx, s.SourcesByID)
	l.events = newLoader(ctx, func(ctx context.Context, ids []string) (map[string]*ag.Event, error) {
		m, err := s.EventsByID(ctx, ids)
		var cited []string
		for _, e := range m {
			cited = append(cited, e.SourceIDs...)
		}
		l.setPeers(cited)
		return m, err
	})
	l.allegationsByID = newLoader(ctx, func(ctx context.Context, ids []string) (map[string]*ag.Allegation, error) {
		m, err := s.AllegationsByID(ctx, ids)
		l.peerAllegations(values(m))
		return m, err
	})
	// A miss fetches every list of the allegations asked about, whichever list was asked:
	// the other lists of the same allegations are then at hand for the fields that ask next
	// (the loader keeps what a fetch returns beyond the keys asked).
	l.details = newLoader(ctx, func(ctx context.Context, keys []detailsKey) (map[detailsKey]*store.Details, error) {
		ids := make([]string, len(keys))
		for i, k := range keys {
			ids[i] = k.ID
		}
		m, err := s.AllegationDetails(ctx, slices.Compact(slices.Sorted(slices.Values(ids))))
		l.peerDetails(m)
		return byPart(m), err
	})
	l.participants = newLoader(ctx, func(ctx context.Context, ids []string) (map[string][]*ag.Participation, error) {
		m, err := s.ParticipantsOfEvents(ctx, ids)
		var actors []string
		for _, ps := range m {
			for _, p := range ps {
				actors = append(actors, p.ActorID)
			}
		}
		l.setPeers(actors)
		return m, err
	})
	l.disputes = newLoader(ctx, s.DisputesAbout)
	l.relationships = newGroup(ctx, func(ctx context.Context, q store.RelQuery, ids []string) (map[string][]*ag.Relationship, error) {
		m, ends, err := s.RelationshipsOf(ctx, ids, q)
		l.take(store.Along{Actors: ends})
		l.peerRelationships(m)
		return m, err
	})
	l.allegations = newGroup(ctx, func(ctx context.Context, a allegationsArgs, ids []string) (map[string]store.Result[*ag.Allegation], error) {
		m, along, err := s.AllegationsOf(ctx, a.Role, ids, a.Filter, a.Page, a.With)
		l.take(along)
		var all []*ag.Allegation
		for _, r := range m {
			all = append(all, r.Items...)
		}
		l.peerAllegations(all)
		return m, err
	})
	l.counts = newGroup(ctx, func(ctx context.Context, a allegationsArgs, ids []string) (map[string]int, error) {
		return s.CountAllegationsOf(ctx, a.Role, ids, a.Filter)
	})
	l.participation = newGroup(ctx, func(ctx context.Context, first int, ids []string) (map[string][]*ag.Participation, error) {
		m, err := s.ParticipationsOfActors(ctx, ids, first)
		var events []string
		for _, ps := range m {
			for _, p := range ps {
				events = append(events, p.EventID)
			}
		}
		l.setPeers(events)
		return m, err
	})
	return l
}

// peerSets remembers, for each id a list of the request returned, the ids that came with it.
// Ids are unique across the graph, so one map serves actors, allegations, events and sources.
type peerSets struct {
	mu sync.Mutex
	m  map[string][]string
}

// setPeers records ids as one another's peers. A single id is its own peer set: what it
// asks for is then fetched at once, with no wait for others that will not come.
func (l *loaders) setPeers(ids []string) {
	if len(ids) == 0 {
		return
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	l.peerSets.mu.Lock()
	for _, id := range ids {
		l.peerSets.m[id] = ids
	}
	l.peerSets.mu.Unlock()
}

// peersOf returns the ids that came in the same list as id, if any.
func (l *loaders) peersOf(id string) []string {
	l.peerSets.mu.Lock()
	defer l.peerSets.mu.Unlock()
	return l.peerSets.m[id]
}

// peerActors records a list of actors as peers, and the sources they cite.
func (l *loaders) peerActors(as []*ag.Actor) {
	ids := make([]string, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	l.setPeers(ids)
	l.setPeers(sourcesOf(as...))
}

// take caches what a read brought along (store.Along) and records the peers it names, as
// the loaders that would otherwise have fetched it do.
func (l *loaders) take(a store.Along) {
	complete := make(map[string]*ag.Actor, len(a.Actors))
	l.partial.mu.Lock()
	for id, x := range a.Actors {
		if x.Lacks == 0 {
			complete[id] = x
		} else if old := l.partial.m[id]; old == nil || x.Lacks.Within(old.Lacks) {
			l.partial.m[id] = x
		}
	}
	l.partial.mu.Unlock()
	l.actors.put(complete)
	l.peerActors(values(a.Actors)) // and the sources they cite
	l.sources.put(a.Sources)
	l.details.put(byPart(a.Details))
	l.peerDetails(a.Details)
}

// detailsKey names one list (Part) of the Details of one allegation: a read may bring some
// lists of an allegation and not others, and a list not brought must be fetched, not taken
// as empty.
type detailsKey struct {
	ID   string
	Part store.Parts
}

// byPart files each allegation's Details under each list it holds.
func byPart(m map[string]*store.Details) map[detailsKey]*store.Details {
	out := make(map[detailsKey]*store.Details, len(m))
	for id, d := range m {
		d.Parts.Each(func(p store.Parts) { out[detailsKey{id, p}] = d })
	}
	return out
}

// peerDetails records the actors that allegations' details name as peers, and the sources
// their status histories cite.
func (l *loaders) peerDetails(m map[string]*store.Details) {
	var actors, cited []string
	for _, d := range m {
		for _, p := range append(slices.Clone(d.Accusers), d.Accused...) {
			actors = append(actors, p.ActorID)
		}
		for _, c := range d.Lodgings {
			actors = append(actors, c.CourtID)
		}
		for _, h := range d.StatusHistory {
			if h != nil {
				cited = append(cited, h.SourceIDs...)
			}
		}
	}
	l.setPeers(actors)
	l.setPeers(cited)
}

// peerRelationships records the sources that relationships cite as peers.
func (l *loaders) peerRelationships(m map[string][]*ag.Relationship) {
	var cited []string
	for _, rs := range m {
		for _, r := range rs {
			cited = append(cited, r.SourceIDs...)
		}
	}
	l.setPeers(cited)
}

// peerAllegations records a list of allegations as peers, and the sources they cite.
func (l *loaders) peerAllegations(as []*ag.Allegation) {
	ids := make([]string, 0, len(as))
	var cited []string
	for _, a := range as {
		ids = append(ids, a.ID)
		cited = append(cited, a.SourceIDs...)
	}
	l.setPeers(ids)
	l.setPeers(cited)
}

func sourcesOf(as ...*ag.Actor) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.SourceIDs...)
	}
	return out
}

func values[V any](m map[string]V) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func loadersFrom(ctx context.Context) *loaders {
	l, _ := ctx.Value(loadersKey{}).(*loaders)
	if l == nil {
		panic("resolvers: no loaders in the context; wrap operations with WithLoaders")
	}
	return l
}
