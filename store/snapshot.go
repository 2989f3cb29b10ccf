package store

import (
	"context"

	ag "github.com/actorgraph/actorgraph"
)

// Snapshots are what the audit trail keeps of a node or relationship before and after a
// write: the same values the read API returns, flattened into one JSON object with a "__typename"
// member. They are read with the read API's own lookups, inside the write's transaction.

type actorSnapshot struct {
	Typename string `json:"__typename"`
	*ag.Actor
}

type relationshipSnapshot struct {
	Typename string `json:"__typename"`
	*ag.Relationship
}

type sourceSnapshot struct {
	Typename string `json:"__typename"`
	*ag.Source
}

type eventSnapshot struct {
	Typename string `json:"__typename"`
	*ag.Event
	Participants []*ag.Participation `json:"participants"`
}

type disputeSnapshot struct {
	Typename string `json:"__typename"`
	*ag.Dispute
}

type allegationSnapshot struct {
	Typename string `json:"__typename"`
	*ag.Allegation
	*Details
}

// Kinds of things a write can touch, as NodeKind names them.
const (
	kindActor        = "Actor"
	kindAllegation   = "Allegation"
	kindEvent        = "Event"
	kindSource       = "Source"
	kindRelationship = "Relationship"
	kindDispute      = "Dispute"
)

// snapshot returns the snapshot of the live thing of the given kind with this id, or nil.
func snapshot(ctx context.Context, q querier, kind, id string) (any, error) {
	ids := []string{id}
	switch kind {
	case kindActor:
		m, err := actorsByID(ctx, q, ids)
		if err != nil || m[id] == nil {
			return nil, err
		}
		return actorSnapshot{kind, m[id]}, nil
	case kindRelationship:
		m, err := relationshipsByID(ctx, q, ids)
		if err != nil || m[id] == nil {
			return nil, err
		}
		return relationshipSnapshot{kind, m[id]}, nil
	case kindSource:
		m, err := sourcesByID(ctx, q, ids)
		if err != nil || m[id] == nil {
			return nil, err
		}
		return sourceSnapshot{kind, m[id]}, nil
	case kindEvent:
		m, err := eventsByID(ctx, q, ids)
		if err != nil || m[id] == nil {
			return nil, err
		}
		parts, err := participantsOfEvents(ctx, q, ids)
		if err != nil {
			return nil, err
		}
		return eventSnapshot{kind, m[id], parts[id]}, nil
	case kindDispute:
		m, err := disputesByID(ctx, q, ids)
		if err != nil || m[id] == nil {
			return nil, err
		}
		return disputeSnapshot{kind, m[id]}, nil
	case kindAllegation:
		m, err := allegationsByID(ctx, q, ids)
		if err != nil || m[id] == nil {
			return nil, err
		}
		d, err := allegationDetails(ctx, q, ids)
		if err != nil {
			return nil, err
		}
		return allegationSnapshot{kind, m[id], d[id]}, nil
	}
	return nil, nil
}
