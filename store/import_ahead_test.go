package store

import (
	"errors"
	"io"
	"sync/atomic"
	"testing"

	ag "github.com/actorgraph/actorgraph"
)

// readAhead hands over every chunk in order and the error that ended them; once stopped, it
// has stopped calling next for good (at most one chunk beyond the one waiting is read).
func TestReadAhead(t *testing.T) {
	var calls atomic.Int32
	next := func() (*ag.Dataset, error) {
		n := calls.Add(1)
		if n > 3 {
			return nil, io.EOF
		}
		return &ag.Dataset{Sources: make([]ag.Source, n)}, nil
	}
	chunks, stop := readAhead(next)
	var sizes []int
	var last error
	for c := range chunks {
		if c.err != nil {
			last = c.err
			break
		}
		sizes = append(sizes, len(c.ds.Sources))
	}
	stop()
	if len(sizes) != 3 || sizes[0] != 1 || sizes[2] != 3 || last != io.EOF {
		t.Fatalf("chunks %v, then %v; want [1 2 3], then EOF", sizes, last)
	}

	calls.Store(0)
	boom := errors.New("boom")
	endless := func() (*ag.Dataset, error) {
		if calls.Add(1) == 100 {
			return nil, boom
		}
		return &ag.Dataset{}, nil
	}
	chunks, stop = readAhead(endless)
	<-chunks
	stop()
	after := calls.Load()
	if after > 3 {
		t.Fatalf("next was called %d times for one chunk taken: reading did not stop", after)
	}
	if calls.Load() != after {
		t.Fatal("next was called after stop returned")
	}
}
