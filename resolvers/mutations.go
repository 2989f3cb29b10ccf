package resolvers

import (
	"context"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/graph/model"
	"github.com/actorgraph/actorgraph/store"
)

// mutationResolver checks the caller's role, turns inputs into domain values and calls the
// store, which validates, writes and records the change in one transaction.
type mutationResolver struct{ *Resolver }

// written is called by every mutation after its write: it drops the request's cached reads
// and turns the store's changes into the payload's.
func written(ctx context.Context, changes []ag.Change) []*ag.Change {
	loadersFrom(ctx).forget()
	out := make([]*ag.Change, len(changes))
	for i := range changes {
		out[i] = &changes[i]
	}
	return out
}

func dateOr(p *ag.Date) ag.Date {
	if p == nil {
		return ""
	}
	return *p
}

func (r mutationResolver) CreateActor(ctx context.Context, in model.CreateActorInput) (*model.ActorPayload, error) {
	if err := ag.Require(ctx, ag.RoleEditor, "recording an actor"); err != nil {
		return nil, err
	}
	a, changes, err := r.Store.CreateActor(ctx, ag.Actor{ID: in.ID, Kind: in.Kind, Name: in.Name, Aliases: in.Aliases,
		Country: strOr(in.Country), Description: strOr(in.Description), Founded: dateOr(in.Founded),
		Dissolved: dateOr(in.Dissolved), SourceIDs: in.SourceIds})
	if err != nil {
		return nil, err
	}
	return &model.ActorPayload{Actor: model.WrapActor(a), Changes: written(ctx, changes)}, nil
}

// omitted turns an omittable input field into a patch: nil when absent, a pointer to the
// zero value when null (clear it), a pointer to the value when given.
func omitted[T any](o interface {
	IsSet() bool
	Value() *T
}) *T {
	if !o.IsSet() {
		return nil
	}
	if v := o.Value(); v != nil {
		return v
	}
	var zero T
	return &zero
}

func (r mutationResolver) UpdateActor(ctx context.Context, in model.UpdateActorInput) (*model.ActorPayload, error) {
	if err := ag.Require(ctx, ag.RoleEditor, "changing an actor"); err != nil {
		return nil, err
	}
	p := store.ActorPatch{Kind: in.Kind, Name: in.Name, AddAliases: in.AddAliases, RemoveAliases: in.RemoveAliases,
		Country: omitted[string](in.Country), Description: omitted[string](in.Description),
		Founded: omitted[ag.Date](in.Founded), Dissolved: omitted[ag.Date](in.Dissolved),
		AddSourceIDs: in.AddSourceIds, Note: strOr(in.Note)}
	if in.Aliases != nil {
		p.Aliases = &in.Aliases
	}
	a, changes, err := r.Store.UpdateActor(ctx, in.ID, p)
	if err != nil {
		return nil, err
	}
	return &model.ActorPayload{Actor: model.WrapActor(a), Changes: written(ctx, changes)}, nil
}

func (r mutationResolver) CreateSource(ctx context.Context, in model.CreateSourceInput) (*model.SourcePayload, error) {
	if err := ag.Require(ctx, ag.RoleEditor, "recording a source"); err != nil {
		return nil, err
	}
	src := ag.Source{ID: in.ID, URL: strOr(in.URL), Title: strOr(in.Title), Publisher: strOr(in.Publisher),
		PublishedAt: dateOr(in.PublishedAt), RetrievedAt: dateOr(in.RetrievedAt), Quote: strOr(in.Quote),
		Reliability: strOr(in.Reliability), Credibility: intOr(in.Credibility, 0),
		Confidential: in.Confidential != nil && *in.Confidential}
	s, changes, err := r.Store.CreateSource(ctx, src)
	if err != nil {
		return nil, err
	}
	return &model.SourcePayload{Source: s, Changes: written(ctx, changes)}, nil
}

func (r mutationResolver) CreateEvent(ctx context.Context, in model.CreateEventInput) (*model.EventPayload, error) {
	if err := ag.Require(ctx, ag.RoleEditor, "recording an event"); err != nil {
		return nil, err
	}
	e := ag.Event{ID: in.ID, Title: in.Title, Type: strOr(in.Type), Date: dateOr(in.Date), EndDate: dateOr(in.EndDate),
		Place: strOr(in.Place), Country: strOr(in.Country), Admin1: strOr(in.Admin1), Admin2: strOr(in.Admin2),
		Admin3: strOr(in.Admin3), Latitude: in.Latitude, Longitude: in.Longitude, Fatalities: in.Fatalities,
		Description: strOr(in.Description), SourceIDs: in.SourceIds}
	var parts []ag.Participation
	for _, p := range in.Participants {
		parts = append(parts, ag.Participation{ActorID: p.ActorID, Role: strOr(p.Role)})
	}
	ev, changes, err := r.Store.CreateEvent(ctx, e, parts)
	if err != nil {
		return nil, err
	}
	return &model.EventPayload{Event: ev, Changes: written(ctx, changes)}, nil
}

func (r mutationResolver) CreateAllegation(ctx context.Context, in model.CreateAllegationInput) (*model.AllegationPayload, error) {
	if err := ag.Require(ctx, ag.RoleEditor, "recording an allegation"); err != nil {
		return nil, err
	}
	n := store.NewAllegation{Allegation: ag.Allegation{ID: in.ID, Title: in.Title, Summary: strOr(in.Summary),
		Categories: in.Categories, PeriodStart: dateOr(in.PeriodStart), PeriodEnd: dateOr(in.PeriodEnd),
		Places: in.Places, SourceIDs: in.SourceIds},
		StatusDate: dateOr(in.StatusDate), StatusNote: strOr(in.StatusNote)}
	if in.Status != nil {
		n.Allegation.Status = *in.Status
	}
	n.Parties = append(parties(in.Accusers, true), parties(in.Accused, false)...)
	n.Lodgings = lodgings(in.Courts)
	al, changes, err := r.Store.CreateAllegation(ctx, n)
	if err != nil {
		return nil, err
	}
	return &model.AllegationPayload{Allegation: al, Changes: written(ctx, changes)}, nil
}

func (r mutationResolver) UpdateAllegation(ctx context.Context, in model.UpdateAllegationInput) (*model.AllegationPayload, error) {
	if err := ag.Require(ctx, ag.RoleEditor, "changing an allegation"); err != nil {
		return nil, err
	}
	p := store.AllegationPatch{Title: in.Title, Summary: omitted[string](in.Summary),
		PeriodStart: omitted[ag.Date](in.PeriodStart), PeriodEnd: omitted[ag.Date](in.PeriodEnd),
		AddSourceIDs: in.AddSourceIds, Note: strOr(in.Note)}
	if in.Categories != nil {
		p.Categories = &in.Categories
	}
	if in.Places != nil {
		p.Places = &in.Places
	}
	p.AddParties = parties(in.AddAccusers, true)
	p.AddParties = append(p.AddParties, parties(in.AddAccused, false)...)
	p.AddLodgings = lodgings(in.AddCourts)
	al, changes, err := r.Store.UpdateAllegation(ctx, in.ID, p)
	if err != nil {
		return nil, err
	}
	return &model.AllegationPayload{Allegation: al, Changes: written(ctx, changes)}, nil
}

func parties(in []*model.PartyInput, accuser bool) []ag.Party {
	var out []ag.Party
	for _, p := range in {
		out = append(out, ag.Party{ActorID: p.ActorID, Accuser: accuser, Role: strOr(p.Role), Date: dateOr(p.Date)})
	}
	return out
}

func lodgings(in []*model.LodgingInput) []ag.Lodging {
	var out []ag.Lodging
	for _, l := range in {
		out = append(out, ag.Lodging{CourtID: l.CourtID, Date: dateOr(l.Date), Reference: strOr(l.Reference)})
	}
	return out
}

func (r mutationResolver) CreateDispute(ctx context.Context, in model.CreateDisputeInput) (*model.DisputePayload, error) {
	if err := ag.Require(ctx, ag.RoleEditor, "recording a dispute"); err != nil {
		return nil, err
	}
	d := ag.Dispute{ID: in.ID, SubjectID: in.SubjectID, Field: in.Field, Note: strOr(in.Note)}
	for _, c := range in.Claims {
		d.Claims = append(d.Claims, ag.Claim{Value: c.Value, Preferred: c.Preferred != nil && *c.Preferred, SourceIDs: c.SourceIds})
	}
	out, changes, err := r.Store.CreateDispute(ctx, d)
	if err != nil {
		return nil, err
	}
	return &model.DisputePayload{Dispute: out, Changes: written(ctx, changes)}, nil
}

func (r mutationResolver) AdvanceAllegation(ctx context.Context, in model.AdvanceAllegationInput) (*model.AllegationPayload, error) {
	if err := ag.Require(ctx, ag.RoleEditor, "advancing an allegation"); err != nil {
		return nil, err
	}
	al, changes, err := r.Store.AdvanceAllegation(ctx, in.ID, ag.StatusChange{Status: in.Status, Date: dateOr(in.Date),
		Note: strOr(in.Note), SourceIDs: in.SourceIds})
	if err != nil {
		return nil, err
	}
	return &model.AllegationPayload{Allegation: al, Changes: written(ctx, changes)}, nil
}

func (r mutationResolver) AddRelationship(ctx context.Context, in model.AddRelationshipInput) (*model.RelationshipPayload, error) {
	if err := ag.Require(ctx, ag.RoleEditor, "recording a relationship"); err != nil {
		return nil, err
	}
	rel, changes, err := r.Store.AddRelationship(ctx, ag.Relationship{ID: strOr(in.ID), Type: in.Type, FromID: in.FromID,
		ToID: in.ToID, Since: dateOr(in.Since), Until: dateOr(in.Until), EndAnnounced: dateOr(in.EndAnnounced),
		Status: strOr(in.Status), Role: strOr(in.Role), Note: strOr(in.Note), SourceIDs: in.SourceIds})
	if err != nil {
		return nil, err
	}
	return &model.RelationshipPayload{Relationship: rel, Changes: written(ctx, changes)}, nil
}

func (r mutationResolver) EndRelationship(ctx context.Context, in model.EndRelationshipInput) (*model.RelationshipPayload, error) {
	if err := ag.Require(ctx, ag.RoleEditor, "ending a relationship"); err != nil {
		return nil, err
	}
	rel, changes, err := r.Store.EndRelationship(ctx, in.ID, store.RelationshipEnd{Until: dateOr(in.Until),
		EndAnnounced: dateOr(in.EndAnnounced), Note: strOr(in.Note), SourceIDs: in.SourceIds})
	if err != nil {
		return nil, err
	}
	return &model.RelationshipPayload{Relationship: rel, Changes: written(ctx, changes)}, nil
}

func (r mutationResolver) MergeActors(ctx context.Context, survivorID, mergedID string, note *string) (*model.MergePayload, error) {
	if err := ag.Require(ctx, ag.RoleAdmin, "merging actors"); err != nil {
		return nil, err
	}
	g, changes, err := r.Store.MergeActors(ctx, survivorID, mergedID, strOr(note))
	if err != nil {
		return nil, err
	}
	return r.mergePayload(ctx, g, changes)
}

func (r mutationResolver) UndoMerge(ctx context.Context, id string, note *string) (*model.MergePayload, error) {
	if err := ag.Require(ctx, ag.RoleAdmin, "undoing a merge"); err != nil {
		return nil, err
	}
	g, changes, err := r.Store.UndoMerge(ctx, id, strOr(note))
	if err != nil {
		return nil, err
	}
	return r.mergePayload(ctx, g, changes)
}

func (r mutationResolver) mergePayload(ctx context.Context, g *ag.Merge, changes []ag.Change) (*model.MergePayload, error) {
	p := &model.MergePayload{Merge: g, Changes: written(ctx, changes)}
	survivor, err := loadersFrom(ctx).actors.Load(g.SurvivorID)
	if err != nil {
		return nil, err
	}
	p.Survivor = model.WrapActor(survivor)
	return p, nil
}

func (r mutationResolver) Delete(ctx context.Context, id string, reason *string) (*model.DeletePayload, error) {
	if err := ag.Require(ctx, ag.RoleAdmin, "deleting"); err != nil {
		return nil, err
	}
	kind, changes, err := r.Store.Delete(ctx, id, strOr(reason))
	if err != nil {
		return nil, err
	}
	return &model.DeletePayload{ID: id, Kind: kind, Changes: written(ctx, changes)}, nil
}

func (r mutationResolver) Restore(ctx context.Context, id string, reason *string) (*model.RestorePayload, error) {
	if err := ag.Require(ctx, ag.RoleAdmin, "restoring"); err != nil {
		return nil, err
	}
	_, changes, err := r.Store.Restore(ctx, id, strOr(reason))
	if err != nil {
		return nil, err
	}
	p := &model.RestorePayload{Changes: written(ctx, changes)}
	p.Node, err = queryResolver(r).Node(ctx, id)
	return p, err
}

type changeResolver struct{ *Resolver }

func (r changeResolver) Subject(ctx context.Context, obj *ag.Change) (model.Node, error) {
	return queryResolver(r).Node(ctx, obj.SubjectID)
}

func (r changeResolver) Role(ctx context.Context, obj *ag.Change) (string, error) {
	return string(obj.Role), nil
}

func snapshotFor(ctx context.Context, snap []byte) model.JSON {
	if CanSeeConfidential(ctx) {
		return model.JSON(snap)
	}
	return model.JSON(ag.RedactSnapshot(snap))
}

func (r changeResolver) Before(ctx context.Context, obj *ag.Change) (model.JSON, error) {
	return snapshotFor(ctx, obj.Before), nil
}

func (r changeResolver) After(ctx context.Context, obj *ag.Change) (model.JSON, error) {
	return snapshotFor(ctx, obj.After), nil
}

type mergeResolver struct{ *Resolver }

func (r mergeResolver) Survivor(ctx context.Context, obj *ag.Merge) (model.Actor, error) {
	a, err := loadersFrom(ctx).actors.Load(obj.SurvivorID)
	return model.WrapActor(a), err
}

func changeConnection(res store.Result[ag.Change]) *model.ChangeConnection {
	c := &model.ChangeConnection{PageInfo: pageInfo(res.HasNext, res.Cursors)}
	for i := range res.Items {
		c.Edges = append(c.Edges, &model.ChangeEdge{Cursor: res.Cursors[i], Node: &res.Items[i]})
		c.Nodes = append(c.Nodes, &res.Items[i])
	}
	return c
}

func (r queryResolver) History(ctx context.Context, id string, first *int, after *string) (*model.ChangeConnection, error) {
	res, err := r.Store.History(ctx, id, page(first, 50, after))
	if err != nil {
		return nil, err
	}
	return changeConnection(res), nil
}

func (r queryResolver) Changes(ctx context.Context, since *int, first *int, after *string) (*model.ChangeConnection, error) {
	res, err := r.Store.Changes(ctx, int64(intOr(since, 0)), page(first, 100, after))
	if err != nil {
		return nil, err
	}
	return changeConnection(res), nil
}

func (r queryResolver) Merge(ctx context.Context, id string) (*ag.Merge, error) {
	m, err := r.Store.MergesByID(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	return m[id], nil
}
