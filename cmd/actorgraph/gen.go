package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/gen"
)

// genCmd generates a synthetic graph (package gen) and loads it in chunks, for load tests and
// benchmarks. The same -size and -seed always give the same graph.
func genCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := dbFlags(fs)
	sizes := slices.Sorted(maps.Keys(gen.Presets))
	size := fs.String("size", "small", fmt.Sprintf("one of %v", sizes))
	seedN := fs.Uint64("seed", 1, "random seed: the same seed gives the same graph")
	chunk := fs.Int("chunk", 10000, "facts per transaction")
	dry := fs.Bool("dry-run", false, "generate only, and report how long it took")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, ok := gen.Presets[*size]
	if !ok {
		return fmt.Errorf("gen: -size %q: use one of %v", *size, sizes)
	}
	if *chunk < 1 {
		return fmt.Errorf("gen: -chunk must be at least 1")
	}
	cfg.Seed = *seedN
	if *dry {
		start := time.Now()
		facts := 0
		err := gen.Stream(cfg, *chunk, func(ds *ag.Dataset) error { facts += ds.Size(); return nil })
		fmt.Fprintf(stdout, "generated %d facts (%s, seed %d) in %s\n", facts, *size, cfg.Seed, time.Since(start).Round(time.Millisecond))
		return err
	}
	s, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer s.Close(ctx)
	// The generator runs ahead by one chunk while the database writes the previous one.
	chunks := make(chan *ag.Dataset, 1)
	genErr := make(chan error, 1)
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(chunks)
		genErr <- gen.Stream(cfg, *chunk, func(ds *ag.Dataset) error {
			select {
			case chunks <- ds:
				return nil
			case <-gctx.Done():
				return gctx.Err()
			}
		})
	}()
	next := func() (*ag.Dataset, error) {
		ds, ok := <-chunks
		if !ok {
			if err := <-genErr; err != nil {
				return nil, err
			}
			return nil, io.EOF
		}
		return ds, nil
	}
	show := newProgress(stderr, 0, &countingReader{})
	p, err := s.Import(ctx, next, show.update)
	show.done()
	if err != nil {
		return fmt.Errorf("gen: %v", cliError(err))
	}
	fmt.Fprintf(stdout, "loaded %d facts (%s, seed %d) in %d transactions in %s (%.0f facts/s)\n", p.Facts, *size, cfg.Seed,
		p.Chunks, p.Elapsed.Round(time.Millisecond), float64(p.Facts)/p.Elapsed.Seconds())
	return nil
}
