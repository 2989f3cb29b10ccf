package actorgraph

// Chunks splits ds into Datasets of at most n facts each (n below 1 counts as 1), in an order
// that writes every id before what references it: sources, actors, relationships, events
// (with their participations), allegations (with their parties, courts and status history),
// disputes. Loading the chunks one after another, each in its own transaction, writes ds.
func (ds *Dataset) Chunks(n int) []*Dataset {
	n = max(n, 1)
	var out []*Dataset
	cur := &Dataset{}
	size := 0
	next := func() {
		if size >= n {
			out = append(out, cur)
			cur, size = &Dataset{}, 0
		}
	}
	for _, s := range ds.Sources {
		next()
		cur.Sources = append(cur.Sources, s)
		size++
	}
	for _, a := range ds.Actors {
		next()
		cur.Actors = append(cur.Actors, a)
		size++
	}
	for _, r := range ds.Relationships {
		next()
		cur.Relationships = append(cur.Relationships, r)
		size++
	}
	parts := map[string][]Participation{}
	for _, p := range ds.Participations {
		parts[p.EventID] = append(parts[p.EventID], p)
	}
	for _, e := range ds.Events {
		next()
		cur.Events = append(cur.Events, e)
		cur.Participations = append(cur.Participations, parts[e.ID]...)
		size++
	}
	parties, lodgings, history := map[string][]Party{}, map[string][]Lodging{}, map[string][]StatusChange{}
	for _, p := range ds.Parties {
		parties[p.AllegationID] = append(parties[p.AllegationID], p)
	}
	for _, l := range ds.Lodgings {
		lodgings[l.AllegationID] = append(lodgings[l.AllegationID], l)
	}
	for _, h := range ds.StatusChanges {
		history[h.AllegationID] = append(history[h.AllegationID], h)
	}
	for _, a := range ds.Allegations {
		next()
		cur.Allegations = append(cur.Allegations, a)
		cur.Parties = append(cur.Parties, parties[a.ID]...)
		cur.Lodgings = append(cur.Lodgings, lodgings[a.ID]...)
		cur.StatusChanges = append(cur.StatusChanges, history[a.ID]...)
		size++
	}
	for _, d := range ds.Disputes {
		next()
		cur.Disputes = append(cur.Disputes, d)
		size++
	}
	if size > 0 {
		out = append(out, cur)
	}
	return out
}

// Size is the number of facts in ds: nodes and relationships, counting an allegation's parties,
// courts and status entries and an event's participations.
func (ds *Dataset) Size() int {
	return len(ds.Sources) + len(ds.Actors) + len(ds.Relationships) + len(ds.Events) + len(ds.Participations) +
		len(ds.Allegations) + len(ds.Parties) + len(ds.Lodgings) + len(ds.StatusChanges) + len(ds.Disputes)
}

// References returns the ids of the actors and of the sources that the facts of ds refer to:
// the ends of relationships, participants, parties and courts; every source cited by a fact,
// a status entry or a claim. Ids that ds itself defines are included.
func (ds *Dataset) References() (actors, sources map[string]bool) {
	actors, sources = map[string]bool{}, map[string]bool{}
	cite := func(ids []string) {
		for _, id := range ids {
			sources[id] = true
		}
	}
	for _, a := range ds.Actors {
		cite(a.SourceIDs)
	}
	for _, r := range ds.Relationships {
		actors[r.FromID], actors[r.ToID] = true, true
		cite(r.SourceIDs)
	}
	for _, e := range ds.Events {
		cite(e.SourceIDs)
	}
	for _, p := range ds.Participations {
		actors[p.ActorID] = true
	}
	for _, a := range ds.Allegations {
		cite(a.SourceIDs)
	}
	for _, p := range ds.Parties {
		actors[p.ActorID] = true
	}
	for _, l := range ds.Lodgings {
		actors[l.CourtID] = true
	}
	for _, s := range ds.StatusChanges {
		cite(s.SourceIDs)
	}
	for _, d := range ds.Disputes {
		for _, c := range d.Claims {
			cite(c.SourceIDs)
		}
	}
	return actors, sources
}
