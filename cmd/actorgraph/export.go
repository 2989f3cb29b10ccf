package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/ftm"
	"github.com/actorgraph/actorgraph/server"
)

// exportCmd writes a subgraph to a file or stdout in one of server.ExportFormats; it takes
// the arguments of the GraphQL subgraph field and of /export/{format}, through the same parser.
func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := dbFlags(fs)
	formats := slices.Sorted(maps.Keys(server.ExportFormats))
	format := fs.String("format", "graphml", fmt.Sprintf("file format: one of %v", formats))
	out := fs.String("o", "", "output file (default: stdout)")
	seeds := fs.String("seeds", "", "comma-separated ids of the seed actors (required)")
	depth := fs.Int("depth", 1, "hops from the seeds, 0 to 3")
	types := fs.String("types", "", "comma-separated relationship types to follow (default: all)")
	kinds := fs.String("kinds", "", "comma-separated actor kinds to keep (default: all)")
	asOf := fs.String("as-of", "", "only relationships that held on this date (YYYY, YYYY-MM or YYYY-MM-DD)")
	accusations := fs.Bool("accusations", false, "follow and show accusations as ACCUSES edges")
	limit := fs.Int("limit", 200, "most nodes, 1 to 2000")
	if err := parse(fs, args); err != nil {
		return err
	}
	f, ok := server.ExportFormats[*format]
	if !ok {
		return fmt.Errorf("-format %q: use one of %v", *format, formats)
	}
	v := url.Values{"seeds": {*seeds}, "depth": {strconv.Itoa(*depth)}, "types": {*types}, "kinds": {*kinds},
		"asOf": {*asOf}, "accusations": {strconv.FormatBool(*accusations)}, "limit": {strconv.Itoa(*limit)}}
	q, err := server.ParseGraphQuery(v)
	if err != nil {
		return cliError(err)
	}
	s, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer s.Close(ctx)
	sg, err := s.Subgraph(ctx, q)
	if err != nil {
		return cliError(err)
	}
	var buf bytes.Buffer
	if err := f.Render(ctx, s, &buf, sg); err != nil {
		return cliError(err)
	}
	if sg.Truncated {
		fmt.Fprintf(stderr, "actorgraph: warning: the subgraph was cut at %d nodes (-limit)\n", len(sg.Nodes))
	}
	if err := writeOut(*out, buf.Bytes(), stdout); err != nil {
		return err
	}
	if *out == "" {
		return nil
	}
	fmt.Fprintf(stderr, "actorgraph: wrote %d nodes and %d edges to %s\n", len(sg.Nodes), len(sg.Edges), *out)
	return nil
}

// cliError turns an API error into one line naming its field in flag terms.
func cliError(err error) error {
	if e, ok := err.(*ag.Error); ok {
		if e.Field != "" {
			return fmt.Errorf("%s (%s): %s", e.Code, e.Field, e.Message)
		}
		return fmt.Errorf("%s: %s", e.Code, e.Message)
	}
	return err
}

// dumpCmd writes the whole graph (or the actors given and what concerns them) as
// FollowTheMoney JSON lines, which `import ftm` reads back into the same graph.
func dumpCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dump", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := dbFlags(fs)
	out := fs.String("o", "", "output file (default: stdout)")
	only := fs.String("actors", "", "comma-separated actor ids: only these, their relationships among them, their events and allegations (default: everything)")
	if err := parse(fs, args); err != nil {
		return err
	}
	var ids []string
	if *only != "" {
		ids = strings.Split(*only, ",")
	}
	s, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer s.Close(ctx)
	ds, err := s.Dump(ctx, ids)
	if err != nil {
		return cliError(err)
	}
	var buf bytes.Buffer
	if err := ftm.Write(&buf, ds); err != nil {
		return cliError(err)
	}
	if err := writeOut(*out, buf.Bytes(), stdout); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "actorgraph: dumped %d facts (%d actors, %d relationships, %d allegations, %d events, %d sources)\n",
		ds.Size(), len(ds.Actors), len(ds.Relationships), len(ds.Allegations), len(ds.Events), len(ds.Sources))
	return nil
}

// writeOut writes b to the file path, whole or not at all (a temporary file renamed), or to
// stdout when path is "".
func writeOut(path string, b []byte, stdout io.Writer) error {
	if path == "" {
		_, err := stdout.Write(b)
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".actorgraph-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
