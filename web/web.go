// Package web serves the browser side of actorgraph: the explorer (a network view of the
// graph at /, built only on the public GraphQL API) and the GraphiQL playground (at
// /playground): their HTML pages, JavaScript and CSS bundles, and the example operations
// that open as the playground's tabs. Everything is embedded in the binary, so both work
// with no network access beyond the server itself: no CDN, no font or image host.
//
// The bundle is built from npm packages by esbuild (see package.json and build.mjs in this
// folder) into dist/, which is git-ignored except for an empty dist/.gitkeep, so that this
// package compiles on a fresh clone. Until the bundles are built (`make web`, which runs
// `npm ci && node build.mjs` here) GET / and GET /playground answer 503.
//
// # Examples
//
// Each file examples/*.graphql is one example operation and becomes one playground tab, in
// file-name order (hence the numeric prefixes: 01-first-actors.graphql, 02-….graphql). A file
// is laid out as:
//
//	# The tab's title, on the first line, which must be a comment
//	query Name($first: Int) {
//	  … the operation, any number of lines, comments allowed …
//	}
//	# variables: {"first": 5}
//
// The optional trailing block starts at the last line that begins with "# variables:" and
// runs to the end of the file; every line in it must be a comment (or blank). The text after
// "variables:" together with the rest of the block, each line stripped of its leading "#",
// must be one JSON object: the operation's variables. So long variables may span lines:
//
//	# variables: {
//	#   "first": 5,
//	#   "after": null
//	# }
//
// Examples parses the files; Go tests use it to run every example against a real server, and
// the playground fetches them as JSON from GET /playground/examples.json.
package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// dist holds the esbuild output; on a fresh clone only dist/.gitkeep.
//
//go:embed all:dist
var distFS embed.FS

//go:embed examples/*.graphql
var examplesFS embed.FS

// Example is one example operation, shown as one tab of the playground.
type Example struct {
	// Name is the tab's title, from the file's first comment line.
	Name string `json:"name"`
	// Query is the GraphQL document, without the title line and the variables block.
	Query string `json:"query"`
	// Variables is a JSON object, indented, or "" when the example has none.
	Variables string `json:"variables"`
}

// Examples returns the embedded examples in file-name order. It fails if any file does not
// follow the layout described in the package documentation, or if two share a name.
func Examples() ([]Example, error) {
	return readExamples(examplesFS)
}

// readExamples parses every examples/*.graphql file of fsys, in file-name order.
func readExamples(fsys fs.FS) ([]Example, error) {
	files, err := fs.Glob(fsys, "examples/*.graphql")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("web: no examples/*.graphql files")
	}
	examples := make([]Example, 0, len(files))
	seen := make(map[string]string, len(files))
	for _, file := range files { // fs.Glob returns names sorted
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, err
		}
		ex, err := parseExample(string(data))
		if err != nil {
			return nil, fmt.Errorf("web: example %s: %w", path.Base(file), err)
		}
		if other, ok := seen[ex.Name]; ok {
			return nil, fmt.Errorf("web: examples %s and %s share the name %q", other, path.Base(file), ex.Name)
		}
		seen[ex.Name] = path.Base(file)
		examples = append(examples, ex)
	}
	return examples, nil
}

const variablesPrefix = "variables:"

// parseExample parses the text of one example file; see the package documentation.
func parseExample(text string) (Example, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.TrimPrefix(text, "\ufeff")
	lines := strings.Split(text, "\n")

	first := strings.TrimSpace(lines[0])
	if !strings.HasPrefix(first, "#") {
		return Example{}, fmt.Errorf("the first line must be a comment holding the title, found %q", first)
	}
	name := strings.TrimSpace(strings.TrimPrefix(first, "#"))
	if name == "" {
		return Example{}, fmt.Errorf("the title comment on the first line is empty")
	}
	body := lines[1:]

	// The variables block: from the last "# variables:" line to the end, all comments.
	var variables string
	for i := len(body) - 1; i >= 0; i-- {
		line := strings.TrimSpace(body[i])
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "#") {
			break // reached the operation: no variables block
		}
		rest := strings.TrimSpace(strings.TrimPrefix(line, "#"))
		if !strings.HasPrefix(rest, variablesPrefix) {
			continue
		}
		var raw strings.Builder
		raw.WriteString(strings.TrimPrefix(rest, variablesPrefix))
		for _, l := range body[i+1:] {
			raw.WriteByte('\n')
			raw.WriteString(strings.TrimPrefix(strings.TrimSpace(l), "#"))
		}
		v, err := normalizeVariables(raw.String())
		if err != nil {
			return Example{}, err
		}
		variables = v
		body = body[:i]
		break
	}

	query := strings.TrimSpace(strings.Join(body, "\n"))
	if query == "" {
		return Example{}, fmt.Errorf("no operation after the title line")
	}
	return Example{Name: name, Query: query, Variables: variables}, nil
}

// normalizeVariables checks that raw is one JSON object and returns it re-indented by two
// spaces, whatever its layout in the file.
func normalizeVariables(raw string) (string, error) {
	var obj map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(raw))
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return "", fmt.Errorf("the variables block is not a JSON object: %q", strings.TrimSpace(raw))
	}
	if dec.More() {
		return "", fmt.Errorf("the variables block holds more than one JSON value: %q", strings.TrimSpace(raw))
	}
	var out bytes.Buffer
	if err := json.Indent(&out, []byte(strings.TrimSpace(raw)), "", "  "); err != nil {
		return "", fmt.Errorf("the variables block is not a JSON object: %w", err)
	}
	return out.String(), nil
}
