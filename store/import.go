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
	refActors, refSources := ds.References()
	for _, a := range ds.Actors {
		delete(refActors, a.ID)
	}
	for _, src := range ds.Sources {
		delete(refSources, src.ID)
	}
	for label, want := range map[string]map[string]bool{"Actor": refActors, "Source": refSources} {
		if len(want) == 0 {
			continue
		}
		if err := t.requireExisting(label, "dataset", keys(want)); err != nil {
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
//
// next is called from another goroutine, one chunk ahead: reading and parsing the next
// chunk overlaps writing this one. It is never called concurrently with itself, nor after
// Import returns.
//
// Commits overlap too: while one chunk commits (a large part of the time, as Neo4j writes
// its log and updates its indexes), the next chunk's statements already run in a
// transaction of their own, unless that chunk looks up a fact which the committing one
// writes (needs): a transaction does not see what another has not committed, so such a
// chunk waits for the commit. Order is kept: a node both chunks write is locked by the first
// until it has committed, so the second writes it after.
func (s *Store) Import(ctx context.Context, next func() (*ag.Dataset, error), progress func(Progress)) (Progress, error) {
	var p Progress
	start := time.Now()
	chunks, stop := readAhead(next)
	defer stop()
	var committing *openTx // the previous chunk, committing
	var committingDS *ag.Dataset
	written := func(size int) {
		p.Chunks++
		p.Facts += size
		p.Elapsed = time.Since(start)
		if progress != nil {
			progress(p)
		}
	}
	failed := func(err error) error {
		return fmt.Errorf("chunk %d (after %d facts written in %d chunks): %w", p.Chunks+1, p.Facts, p.Chunks, err)
	}
	// settle waits for the previous chunk's commit and counts it.
	settle := func() error {
		if committing == nil {
			return nil
		}
		err := committing.wait()
		committing = nil
		if err != nil {
			return failed(err)
		}
		written(committingDS.Size())
		return nil
	}
	defer func() {
		if committing != nil {
			committing.wait()
		}
	}()
	for c := range chunks {
		if c.err == io.EOF {
			break
		}
		if c.err != nil {
			if err := settle(); err != nil {
				return p, err
			}
			return p, c.err
		}
		if c.ds == nil || c.ds.Size() == 0 {
			continue
		}
		if committing != nil && needs(c.ds, committingDS) {
			if err := settle(); err != nil {
				return p, err
			}
		}
		o, err := s.begin(ctx, loadTimeout, func(t *tx) error {
			if err := t.checkDataset(c.ds); err != nil {
				return err
			}
			return t.load(c.ds)
		})
		if err != nil {
			// Whatever went wrong (a transient failure, a lock given up on, bad data), the
			// chunk is written again alone, with Load's retries, once the previous one is in:
			// a real error then comes back from Load, as it would have without the overlap.
			if err := settle(); err != nil {
				return p, err
			}
			if err := s.Load(ctx, c.ds); err != nil {
				return p, failed(err)
			}
			written(c.ds.Size())
			continue
		}
		if err := settle(); err != nil {
			o.rollback()
			return p, err
		}
		o.commit()
		committing, committingDS = o, c.ds
	}
	return p, settle()
}

// lookups returns the ids of the facts that ds's statements look up in the graph rather than
// write themselves: the actors and sources its facts refer to, the events of its
// participations, the allegations of its parties, courts and status entries, less those
// that ds defines.
func lookups(ds *ag.Dataset) map[string]bool {
	actors, sources := ds.References()
	out := map[string]bool{}
	for id := range actors {
		out[id] = true
	}
	for id := range sources {
		out[id] = true
	}
	for _, p := range ds.Participations {
		out[p.EventID] = true
	}
	for _, p := range ds.Parties {
		out[p.AllegationID] = true
	}
	for _, l := range ds.Lodgings {
		out[l.AllegationID] = true
	}
	for _, sc := range ds.StatusChanges {
		out[sc.AllegationID] = true
	}
	for _, id := range defines(ds) {
		delete(out, id)
	}
	return out
}

// defines returns the ids of the facts that ds writes and others may look up.
func defines(ds *ag.Dataset) []string {
	var ids []string
	for _, a := range ds.Actors {
		ids = append(ids, a.ID)
	}
	for _, src := range ds.Sources {
		ids = append(ids, src.ID)
	}
	for _, e := range ds.Events {
		ids = append(ids, e.ID)
	}
	for _, a := range ds.Allegations {
		ids = append(ids, a.ID)
	}
	return ids
}

// needs reports whether ds looks up a fact that prev defines.
func needs(ds, prev *ag.Dataset) bool {
	looked := lookups(ds)
	for _, id := range defines(prev) {
		if looked[id] {
			return true
		}
	}
	return false
}

type chunk struct {
	ds  *ag.Dataset
	err error
}

// readAhead calls next in a goroutine of its own, keeping one chunk ready, until next fails
// (io.EOF included). stop ends it and waits until next is no longer running.
func readAhead(next func() (*ag.Dataset, error)) (<-chan chunk, func()) {
	out := make(chan chunk, 1)
	quit := make(chan struct{})
	go func() {
		defer close(out)
		for {
			select {
			case <-quit:
				return
			default:
			}
			ds, err := next()
			select {
			case out <- chunk{ds, err}:
			case <-quit:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return out, func() {
		close(quit)
		for range out { // until the goroutine has returned
		}
	}
}
