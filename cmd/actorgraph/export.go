package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/server"
)

// exportCmd writes a subgraph to a file or stdout in one of server.ExportFormats; it takes
// the arguments of the GraphQL subgraph field and of /export/{format}, through the same parser.
func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := dbFlags(fs)
	var formats []string
	for f := range server.ExportFormats {
		formats = append(formats, f)
	}
	slices.Sort(formats)
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
	if err := f.Write(&buf, sg); err != nil {
		return cliError(err)
	}
	if sg.Truncated {
		fmt.Fprintf(stderr, "actorgraph: warning: the subgraph was cut at %d nodes (-limit)\n", len(sg.Nodes))
	}
	if *out == "" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	// Written beside the target and renamed, so a failure never leaves half a file.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
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
