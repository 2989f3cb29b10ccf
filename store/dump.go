package store

import (
	"context"
	"slices"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// Dump reads the live graph back as a Dataset, for exports: every fact with its sources,
// such that loading it into an empty database gives the same graph. With actorIDs, only
// those actors, the relationships among them, the events and allegations they take part in
// (with all their parties, so references may point outside), and the sources all of these
// cite. The audit trail and deleted items are not part of it.
func (s *Store) Dump(ctx context.Context, actorIDs []string) (*ag.Dataset, error) {
	ds := &ag.Dataset{}
	all := actorIDs == nil
	params := map[string]any{"ids": actorIDs, "all": all}

	recs, err := s.read(ctx, `MATCH (a:Actor) WHERE $all OR a.id IN $ids RETURN `+actorProjection+` AS a ORDER BY a.id`, params)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		ds.Actors = append(ds.Actors, *decodeActor(r["a"]))
	}
	var rels []string
	for _, t := range ag.RelTypes {
		rels = append(rels, `MATCH (a:Actor)-[r:`+string(t)+`]->(b:Actor) WHERE $all OR (a.id IN $ids AND b.id IN $ids) RETURN r`)
	}
	recs, err = s.read(ctx, `CALL { `+strings.Join(rels, " UNION ALL ")+` } RETURN `+relProjection+` AS r ORDER BY r.id`, params)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		ds.Relationships = append(ds.Relationships, *decodeRel(r["r"]))
	}

	recs, err = s.read(ctx, `MATCH (e:Event) WHERE $all OR EXISTS { MATCH (a:Actor)-[:PARTICIPATED_IN]->(e) WHERE a.id IN $ids }
		RETURN e.id AS id ORDER BY id`, params)
	if err != nil {
		return nil, err
	}
	eventIDs := idsOf(recs)
	events, err := s.EventsByID(ctx, eventIDs)
	if err != nil {
		return nil, err
	}
	parts, err := s.ParticipantsOfEvents(ctx, eventIDs)
	if err != nil {
		return nil, err
	}
	for _, id := range eventIDs {
		ds.Events = append(ds.Events, *events[id])
		for _, p := range parts[id] {
			ds.Participations = append(ds.Participations, *p)
		}
	}

	recs, err = s.read(ctx, `MATCH (al:Allegation) WHERE $all OR EXISTS { MATCH (al)-[:MADE|AGAINST|LODGED_WITH]-(a:Actor) WHERE a.id IN $ids }
		RETURN al.id AS id ORDER BY id`, params)
	if err != nil {
		return nil, err
	}
	alIDs := idsOf(recs)
	als, err := s.AllegationsByID(ctx, alIDs)
	if err != nil {
		return nil, err
	}
	details, err := s.AllegationDetails(ctx, alIDs)
	if err != nil {
		return nil, err
	}
	for _, id := range alIDs {
		ds.Allegations = append(ds.Allegations, *als[id])
		d := details[id]
		for _, p := range append(slices.Clone(d.Accusers), d.Accused...) {
			ds.Parties = append(ds.Parties, *p)
		}
		for _, l := range d.Lodgings {
			ds.Lodgings = append(ds.Lodgings, *l)
		}
		for _, h := range d.StatusHistory {
			if h != nil {
				ds.StatusChanges = append(ds.StatusChanges, *h)
			}
		}
	}

	subjects := map[string]bool{}
	for _, a := range ds.Actors {
		subjects[a.ID] = true
	}
	for _, r := range ds.Relationships {
		subjects[r.ID] = true
	}
	for _, e := range ds.Events {
		subjects[e.ID] = true
	}
	for _, a := range ds.Allegations {
		subjects[a.ID] = true
	}
	recs, err = s.read(ctx, `MATCH (d:Dispute) RETURN `+disputeProjection+` AS d ORDER BY d.id`, nil)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		if d := decodeDispute(r["d"]); all || subjects[d.SubjectID] {
			ds.Disputes = append(ds.Disputes, *d)
		}
	}

	// The sources cited by what was kept (all of them for a whole dump).
	_, cited := ds.References()
	recs, err = s.read(ctx, `MATCH (s:Source) WHERE $all OR s.id IN $cited RETURN `+sourceProjection+` AS s ORDER BY s.id`,
		map[string]any{"all": all, "cited": keys(cited)})
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		ds.Sources = append(ds.Sources, *decodeSource(r["s"]))
	}
	return ds, nil
}

func idsOf(recs []record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = str(r["id"])
	}
	return out
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
