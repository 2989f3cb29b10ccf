package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/acled"
	"github.com/actorgraph/actorgraph/ftm"
	"github.com/actorgraph/actorgraph/store"
)

// importCmd loads a data set from a file: `import acled FILE` or `import ftm FILE`. Each
// chunk is one transaction; a terminal sees progress, and everyone a summary.
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "acled" && args[0] != "ftm") {
		return errors.New("import: say which format: actorgraph import acled FILE, or actorgraph import ftm FILE")
	}
	format, args := args[0], args[1:]
	fs := flag.NewFlagSet("import "+format, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := dbFlags(fs)
	chunk := fs.Int("chunk", 5000, "events (ACLED) or facts (FtM) per transaction")
	aliases := fs.String("aliases", "", "ACLED: CSV file mapping ACLED names to actors in the graph (acled_name,actor_id)")
	retrieved := fs.String("retrieved", "", "ACLED: the date the file was downloaded (YYYY-MM-DD), recorded on its sources")
	prefix := fs.String("prefix", "", "FtM: prefix for every id of a foreign file, such as os- (default: none, for actorgraph's own exports)")
	file, err := parseWithFile(fs, args)
	if err != nil {
		return err
	}
	if *chunk < 1 {
		return fmt.Errorf("import %s: -chunk must be at least 1", format)
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	in := &countingReader{r: f}
	var next func() (*ag.Dataset, error)
	var summary func() string

	switch format {
	case "acled":
		opts := acled.Options{ChunkSize: *chunk}
		if *retrieved != "" {
			if opts.RetrievedAt, err = ag.ParseDate(*retrieved); err != nil {
				return fmt.Errorf("import acled: -retrieved: %v", err)
			}
		}
		if *aliases != "" {
			af, err := os.Open(*aliases)
			if err != nil {
				return err
			}
			opts.Aliases, err = acled.LoadAliases(af)
			af.Close()
			if err != nil {
				return fmt.Errorf("import acled: -aliases %s: %v", *aliases, cliError(err))
			}
		}
		r, err := acled.NewReader(in, opts)
		if err != nil {
			return fmt.Errorf("import acled: %s: %v", file, cliError(err))
		}
		var bad []acled.RowError
		next = func() (*ag.Dataset, error) {
			ds, rowErrs, err := r.Next()
			bad = append(bad, rowErrs...)
			return ds, err
		}
		summary = func() string {
			st := r.Stats()
			out := fmt.Sprintf("%d rows: %d events, %d actors, %d allegations; %d crowd names left out; %d rows skipped",
				st.Rows, st.Events, st.Actors, st.Allegations, st.Crowds, st.Skipped)
			for i, e := range bad {
				if i == 50 {
					out += fmt.Sprintf("\n  ... and %d more skipped rows", len(bad)-50)
					break
				}
				out += "\n  skipped " + e.Error()
			}
			return out
		}
	case "ftm":
		ds, rep, err := ftm.Read(in, ftm.Options{Prefix: *prefix})
		if err != nil {
			return fmt.Errorf("import ftm: %s: %v", file, cliError(err))
		}
		chunks := ds.Chunks(*chunk)
		next = func() (*ag.Dataset, error) {
			if len(chunks) == 0 {
				return nil, io.EOF
			}
			c := chunks[0]
			chunks = chunks[1:]
			return c, nil
		}
		summary = rep.String
	}

	s, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer s.Close(ctx)
	show := newProgress(stderr, size, in)
	p, err := s.Import(ctx, next, show.update)
	show.done()
	fmt.Fprintln(stdout, summary())
	rate := 0.0
	if p.Elapsed > 0 {
		rate = float64(p.Facts) / p.Elapsed.Seconds()
	}
	fmt.Fprintf(stdout, "wrote %d facts in %d transactions in %s (%.0f facts/s)\n", p.Facts, p.Chunks, p.Elapsed.Round(time.Millisecond), rate)
	if err != nil {
		return fmt.Errorf("import %s: %v", format, cliError(errors.Unwrap(err)))
	}
	return nil
}

// countingReader counts the bytes read, for progress.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// progress shows an import's progress on a terminal, one line rewritten in place: facts,
// rate, share of the file read and time left. Elsewhere (a pipe, a log) it shows nothing,
// so logs hold the summary alone.
type progress struct {
	w    io.Writer
	tty  bool
	size int64
	in   *countingReader
	last time.Time
}

func newProgress(w io.Writer, size int64, in *countingReader) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progress{w: w, tty: tty, size: size, in: in}
}

func (p *progress) update(s store.Progress) {
	if !p.tty || time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	rate := float64(s.Facts) / s.Elapsed.Seconds()
	line := fmt.Sprintf("\r%d facts, %.0f/s", s.Facts, rate)
	if read := p.in.n.Load(); p.size > 0 && read > 0 {
		share := float64(read) / float64(p.size)
		eta := time.Duration(float64(s.Elapsed) * (1 - share) / share)
		line += fmt.Sprintf(", %.0f%% read, %s left", 100*share, eta.Round(time.Second))
	}
	fmt.Fprint(p.w, line+"   ")
}

func (p *progress) done() {
	if p.tty && !p.last.IsZero() {
		fmt.Fprintln(p.w)
	}
}

// parseWithFile parses flags and one file name, given before or after the flags.
func parseWithFile(fs *flag.FlagSet, args []string) (string, error) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], parse(fs, args[1:])
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", err
		}
		return "", fmt.Errorf("%s: %v", fs.Name(), err)
	}
	if fs.NArg() != 1 {
		return "", fmt.Errorf("%s: give one file", fs.Name())
	}
	return fs.Arg(0), nil
}
