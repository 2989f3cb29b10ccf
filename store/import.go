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
func (s *Store) Import(ctx context.Context, next func() (*ag.Dataset, error), progress func(Progress)) (Progress, error) {
	var p Progress
	start := time.Now()
	chunks, stop := readAhead(next)
	defer stop()
	for c := range chunks {
		if c.err == io.EOF {
			return p, nil
		}
		if c.err != nil {
			return p, c.err
		}
		if c.ds == nil || c.ds.Size() == 0 {
			continue
		}
		if err := s.Load(ctx, c.ds); err != nil {
			return p, fmt.Errorf("chunk %d (after %d facts written in %d chunks): %w", p.Chunks+1, p.Facts, p.Chunks, err)
		}
		p.Chunks++
		p.Facts += c.ds.Size()
		p.Elapsed = time.Since(start)
		if progress != nil {
			progress(p)
		}
	}
	return p, nil
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
