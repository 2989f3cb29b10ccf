package store

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	ag "github.com/actorgraph/actorgraph"
)

// checkDataset refuses a Dataset that breaks the domain's rules or refers to an actor or
// source that is neither in it nor in the graph: Load's statements MATCH the ends of what
// they link, so such a reference would otherwise be dropped without a word. It runs in the
// loading transaction, so the graph it checks is the graph written to.
func (t *tx) checkDataset(ds *ag.Dataset) error {
	if problems := ds.Problems(); len(problems) > 0 {
		return ag.Invalid("dataset", "%d problems, first: %s", len(problems), strings.Join(problems[:min(len(problems), 5)], "; "))
	}
	actors, sources := map[string]bool{}, map[string]bool{}
	for _, a := range ds.Actors {
		actors[a.ID] = true
	}
	for _, s := range ds.Sources {
		sources[s.ID] = true
	}
	wantActors, wantSources := map[string]bool{}, map[string]bool{}
	actor := func(id string) {
		if !actors[id] {
			wantActors[id] = true
		}
	}
	source := func(ids []string) {
		for _, id := range ids {
			if !sources[id] {
				wantSources[id] = true
			}
		}
	}
	for _, a := range ds.Actors {
		source(a.SourceIDs)
	}
	for _, r := range ds.Relationships {
		actor(r.FromID)
		actor(r.ToID)
		source(r.SourceIDs)
	}
	for _, e := range ds.Events {
		source(e.SourceIDs)
	}
	for _, p := range ds.Participations {
		actor(p.ActorID)
	}
	for _, a := range ds.Allegations {
		source(a.SourceIDs)
	}
	for _, p := range ds.Parties {
		actor(p.ActorID)
	}
	for _, l := range ds.Lodgings {
		actor(l.CourtID)
	}
	for _, s := range ds.StatusChanges {
		source(s.SourceIDs)
	}
	for _, d := range ds.Disputes {
		for _, c := range d.Claims {
			source(c.SourceIDs)
		}
	}
	for label, want := range map[string]map[string]bool{"Actor": wantActors, "Source": wantSources} {
		if len(want) == 0 {
			continue
		}
		ids := make([]string, 0, len(want))
		for id := range want {
			ids = append(ids, id)
		}
		if err := t.requireExisting(label, "dataset", ids); err != nil {
			return ag.Invalid("dataset", "%s: neither in the data set nor in the graph", ag.ErrorMessage(err))
		}
	}
	return nil
}

// Progress is how far an Import has gone.
type Progress struct {
	Chunks  int           // chunks written
	Facts   int           // facts written (see Dataset.Size)
	Elapsed time.Duration // since the import began
}

// Import writes the chunks that next returns, each in its own transaction, until next
// returns io.EOF; after each it calls progress (if not nil). A chunk that fails is not
// written at all, and the import stops there with an error that says how many chunks were
// written before it. Re-importing the same chunks changes nothing (Load merges on ids).
func (s *Store) Import(ctx context.Context, next func() (*ag.Dataset, error), progress func(Progress)) (Progress, error) {
	var p Progress
	start := time.Now()
	for {
		ds, err := next()
		if err == io.EOF {
			return p, nil
		}
		if err != nil {
			return p, err
		}
		if ds == nil || ds.Size() == 0 {
			continue
		}
		if err := s.Load(ctx, ds); err != nil {
			return p, fmt.Errorf("chunk %d (after %d facts written in %d chunks): %w", p.Chunks+1, p.Facts, p.Chunks, err)
		}
		p.Chunks++
		p.Facts += ds.Size()
		p.Elapsed = time.Since(start)
		if progress != nil {
			progress(p)
		}
	}
}
