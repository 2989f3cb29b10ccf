package resolvers

import (
	"context"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/graph/model"
	"github.com/actorgraph/actorgraph/store"
)

type allegationResolver struct{ *Resolver }

// details returns the Details of obj that hold part, from what a read brought along or
// else fetched with those of its peers.
func (r allegationResolver) details(ctx context.Context, obj *ag.Allegation, part store.Parts) (*store.Details, error) {
	l := loadersFrom(ctx)
	peers := l.peersOf(obj.ID)
	keys := make([]detailsKey, len(peers))
	for i, p := range peers {
		keys[i] = detailsKey{p, part}
	}
	d, err := l.details.LoadWith(detailsKey{obj.ID, part}, keys)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return &store.Details{}, nil
	}
	return d, nil
}

func (r allegationResolver) StatusHistory(ctx context.Context, obj *ag.Allegation) ([]*ag.StatusChange, error) {
	d, err := r.details(ctx, obj, store.HistoryPart)
	if err != nil {
		return nil, err
	}
	return d.StatusHistory, nil
}

func (r allegationResolver) Accusers(ctx context.Context, obj *ag.Allegation) ([]*ag.Party, error) {
	d, err := r.details(ctx, obj, store.AccusersPart)
	if err != nil {
		return nil, err
	}
	return d.Accusers, nil
}

func (r allegationResolver) Accused(ctx context.Context, obj *ag.Allegation) ([]*ag.Party, error) {
	d, err := r.details(ctx, obj, store.AccusedPart)
	if err != nil {
		return nil, err
	}
	return d.Accused, nil
}

func (r allegationResolver) Courts(ctx context.Context, obj *ag.Allegation) ([]*ag.Lodging, error) {
	d, err := r.details(ctx, obj, store.CourtsPart)
	if err != nil {
		return nil, err
	}
	return d.Lodgings, nil
}

func (r allegationResolver) Sources(ctx context.Context, obj *ag.Allegation) ([]*ag.Source, error) {
	return sources(ctx, obj.SourceIDs)
}

func (r allegationResolver) Disputes(ctx context.Context, obj *ag.Allegation) ([]*ag.Dispute, error) {
	return disputes(ctx, obj.ID)
}

type partyResolver struct{ *Resolver }

func (r partyResolver) Actor(ctx context.Context, obj *ag.Party) (model.Actor, error) {
	return actor(ctx, obj.ActorID)
}

type lodgingResolver struct{ *Resolver }

func (r lodgingResolver) Court(ctx context.Context, obj *ag.Lodging) (model.Actor, error) {
	return actor(ctx, obj.CourtID)
}

type statusChangeResolver struct{ *Resolver }

func (r statusChangeResolver) Sources(ctx context.Context, obj *ag.StatusChange) ([]*ag.Source, error) {
	return sources(ctx, obj.SourceIDs)
}

type relationshipResolver struct{ *Resolver }

func (r relationshipResolver) From(ctx context.Context, obj *ag.Relationship) (model.Actor, error) {
	return actor(ctx, obj.FromID)
}

func (r relationshipResolver) To(ctx context.Context, obj *ag.Relationship) (model.Actor, error) {
	return actor(ctx, obj.ToID)
}

func (r relationshipResolver) Sources(ctx context.Context, obj *ag.Relationship) ([]*ag.Source, error) {
	return sources(ctx, obj.SourceIDs)
}

func (r relationshipResolver) Disputes(ctx context.Context, obj *ag.Relationship) ([]*ag.Dispute, error) {
	return disputes(ctx, obj.ID)
}

type eventResolver struct{ *Resolver }

func (r eventResolver) Participants(ctx context.Context, obj *ag.Event) ([]*ag.Participation, error) {
	l := loadersFrom(ctx)
	return l.participants.LoadWith(obj.ID, l.peersOf(obj.ID))
}

func (r eventResolver) Sources(ctx context.Context, obj *ag.Event) ([]*ag.Source, error) {
	return sources(ctx, obj.SourceIDs)
}

func (r eventResolver) Disputes(ctx context.Context, obj *ag.Event) ([]*ag.Dispute, error) {
	return disputes(ctx, obj.ID)
}

type participantResolver struct{ *Resolver }

func (r participantResolver) Actor(ctx context.Context, obj *ag.Participation) (model.Actor, error) {
	return actor(ctx, obj.ActorID)
}

func (r participantResolver) Event(ctx context.Context, obj *ag.Participation) (*ag.Event, error) {
	l := loadersFrom(ctx)
	e, err := l.events.LoadWith(obj.EventID, l.peersOf(obj.EventID))
	if err == nil && e == nil {
		err = ag.Errorf(ag.Internal, "event %s is referenced but missing", obj.EventID)
	}
	return e, err
}

type sourceResolver struct{ *Resolver }

// CanSeeConfidential reports whether the caller may read confidential sources' urls and
// quotes: editors and admins may; anonymous callers and readers may not. (A variable, so
// that a deployment with other rules can replace it.)
var CanSeeConfidential = func(ctx context.Context) bool {
	p, ok := ag.PrincipalFrom(ctx)
	return ok && p.Role.AtLeast(ag.RoleEditor)
}

func (r sourceResolver) URL(ctx context.Context, obj *ag.Source) (*string, error) {
	return visible(ctx, obj, obj.URL), nil
}

func (r sourceResolver) Quote(ctx context.Context, obj *ag.Source) (*string, error) {
	return visible(ctx, obj, obj.Quote), nil
}

func visible(ctx context.Context, s *ag.Source, v string) *string {
	if v == "" || (s.Confidential && !CanSeeConfidential(ctx)) {
		return nil
	}
	return &v
}

func (r sourceResolver) Credibility(ctx context.Context, obj *ag.Source) (*int, error) {
	if obj.Credibility == 0 {
		return nil, nil
	}
	return &obj.Credibility, nil
}

type disputeResolver struct{ *Resolver }

func (r disputeResolver) Subject(ctx context.Context, obj *ag.Dispute) (model.Node, error) {
	return queryResolver(r).Node(ctx, obj.SubjectID)
}

type claimResolver struct{ *Resolver }

func (r claimResolver) Sources(ctx context.Context, obj *ag.Claim) ([]*ag.Source, error) {
	return sources(ctx, obj.SourceIDs)
}
