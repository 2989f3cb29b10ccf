package actorgraph

import (
	"fmt"
	"slices"
	"testing"
)

// Chunks keep everything, in at most n facts a chunk, and never reference an id before the
// chunk that defines it.
func TestChunksKeepOrderAndEverything(t *testing.T) {
	ds := &Dataset{}
	for i := range 7 {
		ds.Sources = append(ds.Sources, Source{ID: fmt.Sprintf("s%d", i)})
		ds.Actors = append(ds.Actors, Actor{ID: fmt.Sprintf("a%d", i), SourceIDs: []string{fmt.Sprintf("s%d", i)}})
	}
	for i := range 5 {
		ds.Relationships = append(ds.Relationships, Relationship{ID: fmt.Sprintf("r%d", i), FromID: "a0", ToID: fmt.Sprintf("a%d", i+1)})
		ds.Events = append(ds.Events, Event{ID: fmt.Sprintf("e%d", i)})
		ds.Participations = append(ds.Participations, Participation{EventID: fmt.Sprintf("e%d", i), ActorID: "a6"})
		ds.Allegations = append(ds.Allegations, Allegation{ID: fmt.Sprintf("al%d", i)})
		ds.Parties = append(ds.Parties, Party{AllegationID: fmt.Sprintf("al%d", i), ActorID: "a1"}, Party{AllegationID: fmt.Sprintf("al%d", i), ActorID: "a2", Accuser: true})
		ds.StatusChanges = append(ds.StatusChanges, StatusChange{AllegationID: fmt.Sprintf("al%d", i)})
	}
	ds.Disputes = []Dispute{{ID: "d0", SubjectID: "al3"}}
	for _, n := range []int{1, 3, 4, 100} {
		chunks := ds.Chunks(n)
		defined := map[string]bool{}
		var all Dataset
		for _, c := range chunks {
			if nodes := len(c.Sources) + len(c.Actors) + len(c.Relationships) + len(c.Events) + len(c.Allegations) + len(c.Disputes); nodes > n || nodes == 0 {
				t.Errorf("n=%d: a chunk of %d", n, nodes)
			}
			for _, x := range c.Sources {
				defined[x.ID] = true
			}
			for _, x := range c.Actors {
				defined[x.ID] = true
				for _, s := range x.SourceIDs {
					if !defined[s] {
						t.Errorf("n=%d: %s before its source %s", n, x.ID, s)
					}
				}
			}
			for _, r := range c.Relationships {
				if !defined[r.FromID] || !defined[r.ToID] {
					t.Errorf("n=%d: %s before its ends", n, r.ID)
				}
			}
			for _, x := range c.Allegations {
				defined[x.ID] = true
			}
			for _, d := range c.Disputes {
				if !defined[d.SubjectID] {
					t.Errorf("n=%d: dispute before its subject", n)
				}
			}
			all.Sources = append(all.Sources, c.Sources...)
			all.Actors = append(all.Actors, c.Actors...)
			all.Relationships = append(all.Relationships, c.Relationships...)
			all.Events = append(all.Events, c.Events...)
			all.Participations = append(all.Participations, c.Participations...)
			all.Allegations = append(all.Allegations, c.Allegations...)
			all.Parties = append(all.Parties, c.Parties...)
			all.StatusChanges = append(all.StatusChanges, c.StatusChanges...)
			all.Disputes = append(all.Disputes, c.Disputes...)
		}
		if all.Size() != ds.Size() || !slices.EqualFunc(all.Parties, ds.Parties, func(a, b Party) bool { return a == b }) {
			t.Errorf("n=%d: %d facts out of %d", n, all.Size(), ds.Size())
		}
	}
}
