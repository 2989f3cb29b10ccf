package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// The writes of the API. Each is one transaction that validates its input by the domain's
// rules, checks that every id it refers to exists, writes through the same statements as
// Load (t.load), and records its changes (Store.mutate); any error rolls all of it back.
// Errors name the field of the mutation's `input` at fault ("input.toId").
//
// New nodes and relationships are first CREATEd by id alone, so that the uniqueness
// constraint, not a check-then-write, decides between concurrent writers of one id: the
// loser gets CONFLICT.

// inInput prefixes the field of a validation error with "input.".
func inInput(err error) error {
	if e, ok := err.(*ag.Error); ok && e.Field != "" && !strings.HasPrefix(e.Field, "input.") {
		c := *e
		c.Field = "input." + e.Field
		return &c
	}
	return err
}

func notFound(field, format string, args ...any) error {
	return &ag.Error{Code: ag.NotFound, Field: field, Message: fmt.Sprintf(format, args...)}
}

// lock takes the write lock on the live node label:{id} and reports whether it exists, so a
// read-modify-write cannot lose a concurrent writer's change.
func (t *tx) lock(label, id string) (bool, error) {
	recs, err := t.run("MATCH (n:"+label+" {id: $id}) SET n.`_lock` = true REMOVE n.`_lock` RETURN n.id AS id",
		map[string]any{"id": id})
	return len(recs) > 0, err
}

// requireExisting is requireExisting within the transaction, seeing its own writes.
func (t *tx) requireExisting(label, field string, ids []string) error {
	return requireExisting(t.ctx, t, label, field, ids)
}

// actorKinds returns the kinds of the live actors with these ids.
func (t *tx) actorKinds(ids []string) (map[string]ag.Kind, error) {
	m, err := actorsByID(t.ctx, t, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]ag.Kind, len(m))
	for id, a := range m {
		out[id] = a.Kind
	}
	return out, nil
}

// requireFree returns CONFLICT if id already names something, live or deleted. Ids are unique
// across the whole graph, so that node(id) and history(id) are never ambiguous. (Concurrent
// creators of one id under one label are stopped by the constraint; this check covers ids
// taken under other labels and by deleted things, which are to be restored, not shadowed.)
func (t *tx) requireFree(id string) error {
	kind, err := nodeKind(t.ctx, t, id)
	if err != nil {
		return err
	}
	switch kind {
	case "":
		return nil
	case kindDeleted:
		return &ag.Error{Code: ag.Conflict, Field: "input.id", Message: fmt.Sprintf("%q belongs to a deleted item: restore it, or choose another id", id)}
	}
	return &ag.Error{Code: ag.Conflict, Field: "input.id", Message: fmt.Sprintf("%q is already the id of a %s", id, strings.ToLower(kind))}
}

// CreateActor records a new actor.
func (s *Store) CreateActor(ctx context.Context, a ag.Actor) (*ag.Actor, []ag.Change, error) {
	a.Name = strings.TrimSpace(a.Name)
	if err := noBlank("input.aliases", a.Aliases); err != nil {
		return nil, nil, err
	}
	a.Aliases = ag.CleanAliases(a.Name, a.Aliases)
	a.Country = strings.ToUpper(a.Country)
	if err := a.Validate(); err != nil {
		return nil, nil, inInput(err)
	}
	var out *ag.Actor
	changes, err := s.mutate(ctx, "createActor", "", func(m *mutation) error {
		if err := m.requireExisting("Source", "input.sourceIds", a.SourceIDs); err != nil {
			return err
		}
		after, err := m.create(kindActor, a.ID, &ag.Dataset{Actors: []ag.Actor{a}})
		if err != nil {
			return err
		}
		out = after.(actorSnapshot).Actor
		return nil
	})
	return out, changes, err
}

// noBlank refuses an empty or all-space entry of a list: dropping it would lose what the
// editor meant to enter without a word.
func noBlank(field string, list []string) error {
	for _, x := range list {
		if strings.TrimSpace(x) == "" {
			return ag.Invalid(field, "an entry of %s is empty", field)
		}
	}
	return nil
}

// ActorPatch says what to change in an actor: nil fields stay as they are; a pointer to ""
// clears an optional field.
type ActorPatch struct {
	Kind          *ag.Kind
	Name          *string
	Aliases       *[]string // replaces the aliases
	AddAliases    []string
	RemoveAliases []string
	Country       *string
	Description   *string
	Founded       *ag.Date
	Dissolved     *ag.Date
	AddSourceIDs  []string
	Note          string // why, for the audit trail
}

// UpdateActor changes an actor. A change of kind is refused if one of the actor's
// relationships or court lodgings would no longer make sense.
func (s *Store) UpdateActor(ctx context.Context, id string, p ActorPatch) (*ag.Actor, []ag.Change, error) {
	for field, list := range map[string][]string{"input.addAliases": p.AddAliases, "input.removeAliases": p.RemoveAliases} {
		if err := noBlank(field, list); err != nil {
			return nil, nil, err
		}
	}
	if p.Aliases != nil {
		if err := noBlank("input.aliases", *p.Aliases); err != nil {
			return nil, nil, err
		}
	}
	var out *ag.Actor
	changes, err := s.mutate(ctx, "updateActor", p.Note, func(m *mutation) error {
		if ok, err := m.lock("Actor", id); err != nil || !ok {
			if err == nil {
				err = notFound("id", "no actor has the id %q", id)
			}
			return err
		}
		before, err := snapshot(m.ctx, m, kindActor, id)
		if err != nil {
			return err
		}
		old := before.(actorSnapshot).Actor
		a := *old
		if p.Kind != nil {
			a.Kind = *p.Kind
		}
		if p.Name != nil {
			a.Name = strings.TrimSpace(*p.Name)
		}
		if p.Aliases != nil {
			a.Aliases = *p.Aliases
		}
		a.Aliases = append(slices.Clone(a.Aliases), p.AddAliases...)
		a.Aliases = slices.DeleteFunc(a.Aliases, func(x string) bool { return slices.Contains(p.RemoveAliases, strings.TrimSpace(x)) })
		a.Aliases = ag.CleanAliases(a.Name, a.Aliases)
		if p.Country != nil {
			a.Country = strings.ToUpper(*p.Country)
		}
		if p.Description != nil {
			a.Description = *p.Description
		}
		if p.Founded != nil {
			a.Founded = *p.Founded
		}
		if p.Dissolved != nil {
			a.Dissolved = *p.Dissolved
		}
		for _, sid := range p.AddSourceIDs {
			if !slices.Contains(a.SourceIDs, sid) {
				a.SourceIDs = append(a.SourceIDs, sid)
			}
		}
		if err := a.Validate(); err != nil {
			return inInput(err)
		}
		if err := m.requireExisting("Source", "input.addSourceIds", p.AddSourceIDs); err != nil {
			return err
		}
		if a.Kind != old.Kind {
			if err := m.checkKindChange(&a); err != nil {
				return err
			}
		}
		after, err := m.update(kindActor, id, before, &ag.Dataset{Actors: []ag.Actor{a}})
		if err != nil {
			return err
		}
		out = after.(actorSnapshot).Actor
		return nil
	})
	return out, changes, err
}

// checkKindChange refuses a new kind for a that one of its relationships, or a lodging with
// it as the court, would not allow.
func (m *mutation) checkKindChange(a *ag.Actor) error {
	rels, err := m.run(`MATCH (a:Actor {id: $id})-[r`+relTypes(nil)+`]-(b:Actor)
		RETURN r.id AS id, type(r) AS type, startNode(r) = a AS out, [l IN labels(b) WHERE l <> 'Actor'][0] AS label`,
		map[string]any{"id": a.ID})
	if err != nil {
		return err
	}
	for _, r := range rels {
		other, _ := ag.KindOfLabel(str(r["label"]))
		from, to := a.Kind, other
		if !boolean(r["out"]) {
			from, to = other, a.Kind
		}
		if err := ag.RelType(str(r["type"])).AllowsKinds(from, to); err != nil {
			return ag.Invalid("input.kind", "relationship %s would no longer make sense: %s", str(r["id"]), ag.ErrorMessage(err))
		}
	}
	if a.Kind != ag.KindCourt {
		recs, err := m.run(`MATCH (:Actor {id: $id})<-[:LODGED_WITH]-(al:Allegation) RETURN collect(al.id)[..3] AS ids`, map[string]any{"id": a.ID})
		if err != nil {
			return err
		}
		if ids := strs(recs[0]["ids"]); len(ids) > 0 {
			return ag.Invalid("input.kind", "allegations are lodged with this court (%s); it must stay a COURT", strings.Join(ids, ", "))
		}
	}
	return nil
}

// CreateSource records a new source.
func (s *Store) CreateSource(ctx context.Context, src ag.Source) (*ag.Source, []ag.Change, error) {
	if err := src.Validate(); err != nil {
		return nil, nil, inInput(err)
	}
	var out *ag.Source
	changes, err := s.mutate(ctx, "createSource", "", func(m *mutation) error {
		after, err := m.create(kindSource, src.ID, &ag.Dataset{Sources: []ag.Source{src}})
		if err != nil {
			return err
		}
		out = after.(sourceSnapshot).Source
		return nil
	})
	return out, changes, err
}

// CreateEvent records a new event with its participants.
func (s *Store) CreateEvent(ctx context.Context, e ag.Event, parts []ag.Participation) (*ag.Event, []ag.Change, error) {
	for i := range parts {
		parts[i].EventID = e.ID
	}
	if err := e.Validate(parts); err != nil {
		return nil, nil, inInput(err)
	}
	var out *ag.Event
	changes, err := s.mutate(ctx, "createEvent", "", func(m *mutation) error {
		if err := m.requireExisting("Source", "input.sourceIds", e.SourceIDs); err != nil {
			return err
		}
		var actors []string
		for _, p := range parts {
			actors = append(actors, p.ActorID)
		}
		if err := m.requireExisting("Actor", "input.participants", actors); err != nil {
			return err
		}
		after, err := m.create(kindEvent, e.ID, &ag.Dataset{Events: []ag.Event{e}, Participations: parts})
		if err != nil {
			return err
		}
		out = after.(eventSnapshot).Event
		return nil
	})
	return out, changes, err
}

// NewAllegation is everything createAllegation records at once.
type NewAllegation struct {
	Allegation ag.Allegation // Status is the first status (REPORTED if empty)
	Parties    []ag.Party
	Lodgings   []ag.Lodging
	StatusDate ag.Date // when the first status began
	StatusNote string
}

// CreateAllegation records an allegation with its parties, courts and first status.
func (s *Store) CreateAllegation(ctx context.Context, n NewAllegation) (*ag.Allegation, []ag.Change, error) {
	al := n.Allegation
	if al.Status == "" {
		al.Status = "REPORTED"
	}
	for i := range n.Parties {
		n.Parties[i].AllegationID = al.ID
	}
	for i := range n.Lodgings {
		n.Lodgings[i].AllegationID = al.ID
	}
	if err := al.Validate(n.Parties, n.Lodgings); err != nil {
		return nil, nil, inInput(err)
	}
	var out *ag.Allegation
	changes, err := s.mutate(ctx, "createAllegation", "", func(m *mutation) error {
		accusers, accused := partyNeeds("input.accusers", "input.accused", n.Parties)
		sources := need{"Source", "input.sourceIds", al.SourceIDs, ""}
		if err := m.require(sources, accusers, accused, courtNeed("input.courts", n.Lodgings)); err != nil {
			return err
		}
		first := ag.StatusChange{AllegationID: al.ID, Status: al.Status, Date: n.StatusDate, Note: n.StatusNote, SourceIDs: al.SourceIDs}
		after, err := m.create(kindAllegation, al.ID, &ag.Dataset{Allegations: []ag.Allegation{al}, Parties: n.Parties, Lodgings: n.Lodgings,
			StatusChanges: []ag.StatusChange{first}})
		if err != nil {
			return err
		}
		out = after.(allegationSnapshot).Allegation
		return nil
	})
	return out, changes, err
}

// AdvanceAllegation appends a status to an allegation's history, which becomes its current
// status. The history is dated: an entry dated before the last dated one is refused.
func (s *Store) AdvanceAllegation(ctx context.Context, id string, next ag.StatusChange) (*ag.Allegation, []ag.Change, error) {
	if !next.Status.Valid() {
		return nil, nil, ag.Invalid("input.status", "%q is not a status", next.Status)
	}
	if len(next.SourceIDs) == 0 {
		return nil, nil, ag.Invalid("input.sourceIds", "give at least one source: every fact must say where it comes from")
	}
	var out *ag.Allegation
	changes, err := s.mutate(ctx, "advanceAllegation", next.Note, func(m *mutation) error {
		if ok, err := m.lock("Allegation", id); err != nil || !ok {
			if err == nil {
				err = notFound("input.id", "no allegation has the id %q", id)
			}
			return err
		}
		if err := m.requireExisting("Source", "input.sourceIds", next.SourceIDs); err != nil {
			return err
		}
		before, err := snapshot(m.ctx, m, kindAllegation, id)
		if err != nil {
			return err
		}
		snap := before.(allegationSnapshot)
		var history []ag.StatusChange
		var last ag.Date
		for _, h := range snap.StatusHistory {
			if h == nil {
				continue
			}
			history = append(history, *h)
			if h.Date != "" {
				last = h.Date
			}
		}
		if next.Date != "" && next.Date.Before(last) {
			return ag.Invalid("input.date", "the history's last entry is dated %s; %s is before it", last, next.Date)
		}
		next.AllegationID = id
		history = append(history, next)
		al := *snap.Allegation
		al.Status = next.Status
		after, err := m.update(kindAllegation, id, before, &ag.Dataset{Allegations: []ag.Allegation{al}, StatusChanges: history})
		if err != nil {
			return err
		}
		out = after.(allegationSnapshot).Allegation
		return nil
	})
	return out, changes, err
}

// AddRelationship records a relationship between two actors. Without an id it gets
// "<from>-<type>-<to>" ("mali-member-of-ecowas"), with "-2", "-3"... if that is taken.
func (s *Store) AddRelationship(ctx context.Context, r ag.Relationship) (*ag.Relationship, []ag.Change, error) {
	derived := r.ID == ""
	if derived {
		r.ID = r.FromID + "-" + strings.ReplaceAll(strings.ToLower(string(r.Type)), "_", "-") + "-" + r.ToID
	}
	if err := r.Validate(); err != nil {
		return nil, nil, inInput(err)
	}
	var out *ag.Relationship
	changes, err := s.mutate(ctx, "addRelationship", "", func(m *mutation) error {
		kinds, err := m.actorKinds([]string{r.FromID, r.ToID})
		if err != nil {
			return err
		}
		if kinds[r.FromID] == "" {
			return notFound("input.fromId", "no actor has the id %q", r.FromID)
		}
		if kinds[r.ToID] == "" {
			return notFound("input.toId", "no actor has the id %q", r.ToID)
		}
		if err := r.Type.AllowsKinds(kinds[r.FromID], kinds[r.ToID]); err != nil {
			return inInput(err)
		}
		if err := m.requireExisting("Source", "input.sourceIds", r.SourceIDs); err != nil {
			return err
		}
		if derived {
			if r.ID, err = m.freeID(r.ID); err != nil {
				return err
			}
		} else if err := m.requireFree(r.ID); err != nil {
			return err
		}
		if _, err := m.run(`MATCH (f:Actor {id: $from}), (t:Actor {id: $to}) CREATE (f)-[:`+string(r.Type)+` {id: $id}]->(t)`,
			map[string]any{"from": r.FromID, "to": r.ToID, "id": r.ID}); err != nil {
			return err
		}
		if err := m.load(&ag.Dataset{Relationships: []ag.Relationship{r}}); err != nil {
			return err
		}
		after, err := snapshot(m.ctx, m, kindRelationship, r.ID)
		if err != nil {
			return err
		}
		m.changed(r.ID, nil, after)
		out = after.(relationshipSnapshot).Relationship
		return nil
	})
	return out, changes, err
}

// freeID returns base, or base-2, base-3... whichever is free first.
func (m *mutation) freeID(base string) (string, error) {
	for n := 1; n < 1000; n++ {
		id := base
		if n > 1 {
			id = base + "-" + strconv.Itoa(n)
		}
		kind, err := nodeKind(m.ctx, m, id)
		if err != nil {
			return "", err
		}
		if kind == "" {
			return id, nil
		}
	}
	return "", ag.Errorf(ag.Conflict, "too many relationships share the id %q; give one", base)
}

// RelationshipEnd says how a relationship ended.
type RelationshipEnd struct {
	Until        ag.Date // when the end took effect
	EndAnnounced ag.Date // when it was announced
	Note         string  // replaces the note if given
	SourceIDs    []string
}

// EndRelationship records the end of a relationship: its effective date, its announcement,
// or both (an announcement first, the effective date later, is two calls).
func (s *Store) EndRelationship(ctx context.Context, id string, e RelationshipEnd) (*ag.Relationship, []ag.Change, error) {
	if e.Until == "" && e.EndAnnounced == "" {
		return nil, nil, ag.Invalid("input.until", "give until (when the end took effect), endAnnounced, or both")
	}
	var out *ag.Relationship
	changes, err := s.mutate(ctx, "endRelationship", e.Note, func(m *mutation) error {
		before, err := snapshot(m.ctx, m, kindRelationship, id)
		if err != nil {
			return err
		}
		if before == nil {
			return notFound("input.id", "no relationship has the id %q", id)
		}
		// Lock, then read again: a concurrent end that committed meanwhile is seen, not lost.
		typ := before.(relationshipSnapshot).Relationship.Type
		if _, err := m.run(`MATCH (:Actor)-[r:`+string(typ)+` {id: $id}]->(:Actor) SET r._lock = true REMOVE r._lock`, map[string]any{"id": id}); err != nil {
			return err
		}
		if before, err = snapshot(m.ctx, m, kindRelationship, id); err != nil {
			return err
		}
		r := *before.(relationshipSnapshot).Relationship
		if e.Until != "" && r.Until != "" {
			return ag.Invalid("input.until", "relationship %s already ended on %s", id, r.Until)
		}
		if e.EndAnnounced != "" && r.EndAnnounced != "" {
			return ag.Invalid("input.endAnnounced", "the end of relationship %s was already announced on %s", id, r.EndAnnounced)
		}
		if e.Until != "" {
			r.Until = e.Until
		}
		if e.EndAnnounced != "" {
			r.EndAnnounced = e.EndAnnounced
		}
		if e.Note != "" {
			r.Note = e.Note
		}
		for _, sid := range e.SourceIDs {
			if !slices.Contains(r.SourceIDs, sid) {
				r.SourceIDs = append(r.SourceIDs, sid)
			}
		}
		if len(e.SourceIDs) == 0 {
			return ag.Invalid("input.sourceIds", "give at least one source for the end")
		}
		if err := r.Validate(); err != nil {
			return inInput(err)
		}
		if err := m.requireExisting("Source", "input.sourceIds", e.SourceIDs); err != nil {
			return err
		}
		after, err := m.update(kindRelationship, id, before, &ag.Dataset{Relationships: []ag.Relationship{r}})
		if err != nil {
			return err
		}
		out = after.(relationshipSnapshot).Relationship
		return nil
	})
	return out, changes, err
}

// CreateDispute records that sources disagree about one field of a node or relationship.
func (s *Store) CreateDispute(ctx context.Context, d ag.Dispute) (*ag.Dispute, []ag.Change, error) {
	if err := d.Validate(); err != nil {
		return nil, nil, inInput(err)
	}
	var out *ag.Dispute
	changes, err := s.mutate(ctx, "createDispute", "", func(m *mutation) error {
		kind, err := nodeKind(m.ctx, m, d.SubjectID)
		if err != nil {
			return err
		}
		if kind == "" || kind == kindDeleted {
			return notFound("input.subjectId", "nothing has the id %q", d.SubjectID)
		}
		var sources []string
		for _, c := range d.Claims {
			sources = append(sources, c.SourceIDs...)
		}
		if err := m.requireExisting("Source", "input.claims.sourceIds", sources); err != nil {
			return err
		}
		after, err := m.create(kindDispute, d.ID, &ag.Dataset{Disputes: []ag.Dispute{d}})
		if err != nil {
			return err
		}
		out = after.(disputeSnapshot).Dispute
		return nil
	})
	return out, changes, err
}

// AllegationPatch says what to change in an allegation: nil fields stay; a pointer to a
// zero value clears an optional field. Parties and courts are only added: an accusation
// once recorded is corrected by an admin's delete, not silently dropped.
type AllegationPatch struct {
	Title        *string
	Summary      *string
	Categories   *[]ag.Category // replaces them
	Places       *[]string      // replaces them
	PeriodStart  *ag.Date
	PeriodEnd    *ag.Date
	AddParties   []ag.Party
	AddLodgings  []ag.Lodging
	AddSourceIDs []string
	Note         string
}

// UpdateAllegation changes an allegation: its description, and new accusers, accused, courts
// and sources as new reports come in.
func (s *Store) UpdateAllegation(ctx context.Context, id string, p AllegationPatch) (*ag.Allegation, []ag.Change, error) {
	var out *ag.Allegation
	changes, err := s.mutate(ctx, "updateAllegation", p.Note, func(m *mutation) error {
		if ok, err := m.lock("Allegation", id); err != nil || !ok {
			if err == nil {
				err = notFound("input.id", "no allegation has the id %q", id)
			}
			return err
		}
		before, err := snapshot(m.ctx, m, kindAllegation, id)
		if err != nil {
			return err
		}
		snap := before.(allegationSnapshot)
		al := *snap.Allegation
		if p.Title != nil {
			al.Title = strings.TrimSpace(*p.Title)
		}
		if p.Summary != nil {
			al.Summary = *p.Summary
		}
		if p.Categories != nil {
			al.Categories = *p.Categories
		}
		if p.Places != nil {
			al.Places = *p.Places
		}
		if p.PeriodStart != nil {
			al.PeriodStart = *p.PeriodStart
		}
		if p.PeriodEnd != nil {
			al.PeriodEnd = *p.PeriodEnd
		}
		for _, sid := range p.AddSourceIDs {
			if !slices.Contains(al.SourceIDs, sid) {
				al.SourceIDs = append(al.SourceIDs, sid)
			}
		}
		var parties []ag.Party
		for _, x := range append(slices.Clone(snap.Accusers), snap.Accused...) {
			parties = append(parties, *x)
		}
		var lodgings []ag.Lodging
		for _, l := range snap.Lodgings {
			lodgings = append(lodgings, *l)
		}
		for _, x := range p.AddParties {
			x.AllegationID = id
			parties = append(parties, x)
		}
		for _, l := range p.AddLodgings {
			l.AllegationID = id
			lodgings = append(lodgings, l)
		}
		if err := al.Validate(parties, lodgings); err != nil {
			return inInput(err)
		}
		accusers, accused := partyNeeds("input.addAccusers", "input.addAccused", p.AddParties)
		sources := need{"Source", "input.addSourceIds", p.AddSourceIDs, ""}
		if err := m.require(sources, accusers, accused, courtNeed("input.addCourts", p.AddLodgings)); err != nil {
			return err
		}
		after, err := m.update(kindAllegation, id, before, &ag.Dataset{Allegations: []ag.Allegation{al}, Parties: parties, Lodgings: lodgings})
		if err != nil {
			return err
		}
		out = after.(allegationSnapshot).Allegation
		return nil
	})
	return out, changes, err
}

// create writes a new node: the constraint-backed CREATE of its id, then ds through Load's
// statements; it records the change and returns the node's snapshot.
func (m *mutation) create(kind, id string, ds *ag.Dataset) (any, error) {
	if err := m.requireFree(id); err != nil {
		return nil, err
	}
	if _, err := m.run("CREATE (:"+kind+" {id: $id})", map[string]any{"id": id}); err != nil {
		return nil, err
	}
	return m.update(kind, id, nil, ds)
}

// update writes ds through Load's statements and records the change of (kind, id) from
// before; it returns the snapshot after.
func (m *mutation) update(kind, id string, before any, ds *ag.Dataset) (any, error) {
	if err := m.load(ds); err != nil {
		return nil, err
	}
	after, err := snapshot(m.ctx, m, kind, id)
	if err != nil {
		return nil, err
	}
	m.changed(id, before, after)
	return after, nil
}

// need is what a write requires of the ids its input names in field: that each is a live
// node of label, and with kind, an actor of that kind.
type need struct {
	label, field string
	ids          []string
	kind         ag.Kind
}

// require checks needs in one statement, rather than a round trip each, and returns the
// error of the first need unmet, in order: NOT_FOUND naming the ids that are no live node of
// the label, or for a kind, the first id that is no actor (NOT_FOUND) or one of another kind
// (INVALID_INPUT).
func (t *tx) require(needs ...need) error {
	var calls, outs []string
	params := map[string]any{}
	for i, n := range needs {
		if len(n.ids) == 0 {
			continue
		}
		k := strconv.Itoa(i)
		params["ids"+k] = n.ids
		calls = append(calls, "CALL () { UNWIND $ids"+k+" AS id OPTIONAL MATCH (n:"+n.label+" {id: id})"+
			" RETURN collect([id, CASE WHEN n IS NULL THEN null ELSE labels(n) END]) AS found"+k+" }")
		outs = append(outs, "found"+k)
	}
	if len(calls) == 0 {
		return nil
	}
	recs, err := t.run(strings.Join(calls, " ")+" RETURN "+strings.Join(outs, ", "), params)
	if err != nil {
		return err
	}
	for i, n := range needs {
		if len(n.ids) == 0 {
			continue
		}
		var missing []string
		for _, x := range list(recs[0]["found"+strconv.Itoa(i)]) {
			pair := list(x)
			id, labels := str(pair[0]), strs(pair[1])
			switch {
			case labels == nil && n.kind != "":
				return notFound(n.field, "no actor has the id %q", id)
			case labels == nil:
				missing = append(missing, id)
			case n.kind != "":
				var kind ag.Kind
				for _, l := range labels {
					if k, ok := ag.KindOfLabel(l); ok {
						kind = k
					}
				}
				if kind != n.kind {
					return ag.Invalid(n.field, "%s is a %s, not a %s", id, kind, n.kind)
				}
			}
		}
		if len(missing) > 0 {
			return missingError(n.label, n.field, missing)
		}
	}
	return nil
}

// partyNeeds are the needs of parties: live actors, named in the accusers' or the accused's
// field.
func partyNeeds(accusersField, accusedField string, parties []ag.Party) (accusers, accused need) {
	accusers = need{label: kindActor, field: accusersField}
	accused = need{label: kindActor, field: accusedField}
	for _, p := range parties {
		if p.Accuser {
			accusers.ids = append(accusers.ids, p.ActorID)
		} else {
			accused.ids = append(accused.ids, p.ActorID)
		}
	}
	return accusers, accused
}

// courtNeed is the need of lodgings: their courts are live actors of kind COURT.
func courtNeed(field string, lodgings []ag.Lodging) need {
	n := need{label: kindActor, field: field, kind: ag.KindCourt}
	for _, l := range lodgings {
		n.ids = append(n.ids, l.CourtID)
	}
	return n
}
