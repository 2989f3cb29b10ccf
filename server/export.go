package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/export"
	"github.com/actorgraph/actorgraph/ftm"
	"github.com/actorgraph/actorgraph/graph/model"
	"github.com/actorgraph/actorgraph/store"
)

// ExportFormat is a file format a subgraph downloads as.
type ExportFormat struct {
	ContentType string
	Ext         string // file name extension, with its dot
	// Write writes the subgraph as nodes and edges; WriteFacts, for formats that carry
	// facts rather than a drawing (FollowTheMoney), writes the subgraph's actors with their
	// relationships, events, allegations and sources. A format has one or the other.
	Write      func(io.Writer, *ag.Subgraph) error
	WriteFacts func(io.Writer, *ag.Dataset) error
}

// Render writes sg in format f, reading the facts behind it from s when f needs them.
func (f ExportFormat) Render(ctx context.Context, s *store.Store, w io.Writer, sg *ag.Subgraph) error {
	if f.WriteFacts == nil {
		return f.Write(w, sg)
	}
	ids := make([]string, len(sg.Nodes))
	for i, n := range sg.Nodes {
		ids[i] = n.ID
	}
	ds, err := s.Dump(ctx, ids)
	if err != nil {
		return err
	}
	return f.WriteFacts(w, ds)
}

// ExportFormats are the formats of /export/{format} and `actorgraph export`, by name.
var ExportFormats = map[string]ExportFormat{
	"graphml":   {"application/graphml+xml; charset=utf-8", ".graphml", export.GraphML, nil},
	"gexf":      {"application/gexf+xml; charset=utf-8", ".gexf", export.GEXF, nil},
	"cytoscape": {"application/json", ".cyjs", export.CytoscapeJSON, nil},
	"ftm":       {"application/x-ndjson", ".ftm.jsonl", nil, ftm.Write},
}

// ParseGraphQuery reads a subgraph's arguments from URL query parameters, named as the
// arguments of the GraphQL `subgraph` field: seeds (repeated or comma-separated), depth,
// types, kinds, asOf, accusations, limit. The CLI's export command uses it too, so both
// accept the same thing.
func ParseGraphQuery(v url.Values) (store.GraphQuery, error) {
	q := store.GraphQuery{Depth: 1, Limit: 200}
	list := func(name string) []string {
		var out []string
		for _, s := range v[name] {
			for _, x := range strings.Split(s, ",") {
				if x = strings.TrimSpace(x); x != "" {
					out = append(out, x)
				}
			}
		}
		return out
	}
	integer := func(name string, into *int) error {
		if s := v.Get(name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				return ag.Invalid(name, "%s %q is not a whole number", name, s)
			}
			*into = n
		}
		return nil
	}
	q.Seeds = list("seeds")
	if err := integer("depth", &q.Depth); err != nil {
		return q, err
	}
	if err := integer("limit", &q.Limit); err != nil {
		return q, err
	}
	for _, t := range list("types") {
		rt, err := model.UnmarshalRelationshipType(t)
		if err != nil {
			return q, ag.Invalid("types", "%q is not a relationship type", t)
		}
		q.Types = append(q.Types, rt)
	}
	for _, k := range list("kinds") {
		kind, err := model.UnmarshalActorKind(k)
		if err != nil {
			return q, ag.Invalid("kinds", "%q is not an actor kind", k)
		}
		q.Kinds = append(q.Kinds, kind)
	}
	if s := v.Get("asOf"); s != "" {
		d, err := ag.ParseDate(s)
		if err != nil {
			return q, ag.Invalid("asOf", "%v", err)
		}
		q.AsOf = d
	}
	switch s := v.Get("accusations"); s {
	case "", "false":
	case "true":
		q.Accusations = true
	default:
		return q, ag.Invalid("accusations", "accusations is true or false, not %q", s)
	}
	return q, nil
}

// exportHandler serves GET /export/{format}?seeds=...: the subgraph `subgraph` would return,
// as a file. Errors are JSON with the same codes as the GraphQL API.
func exportHandler(s *store.Store, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("format")
		f, ok := ExportFormats[name]
		if !ok {
			writeError(w, log, r, ag.Invalid("format", "unknown format %q: use graphml, gexf, cytoscape or ftm", name))
			return
		}
		q, err := ParseGraphQuery(r.URL.Query())
		if err != nil {
			writeError(w, log, r, err)
			return
		}
		sg, err := s.Subgraph(r.Context(), q)
		if err != nil {
			writeError(w, log, r, err)
			return
		}
		// Written to a buffer first, so that a failure is an error response, not half a file.
		var buf bytes.Buffer
		if err := f.Render(r.Context(), s, &buf, sg); err != nil {
			writeError(w, log, r, err)
			return
		}
		w.Header().Set("Content-Type", f.ContentType)
		w.Header().Set("Content-Disposition", `attachment; filename="subgraph`+f.Ext+`"`)
		if sg.Truncated {
			w.Header().Set("X-Actorgraph-Truncated", "true")
		}
		w.Write(buf.Bytes())
	})
}

// httpStatus maps an error code to the HTTP status of a non-GraphQL endpoint.
var httpStatus = map[ag.Code]int{
	ag.NotFound: http.StatusNotFound, ag.InvalidInput: http.StatusBadRequest, ag.Conflict: http.StatusConflict,
	ag.Unauthenticated: http.StatusUnauthorized, ag.Forbidden: http.StatusForbidden,
	ag.LimitExceeded: http.StatusUnprocessableEntity, ag.Unavailable: http.StatusServiceUnavailable,
}

// writeError answers with err as a GraphQL-shaped JSON error, so that clients read one
// error format everywhere; database text never reaches the client.
func writeError(w http.ResponseWriter, log *slog.Logger, r *http.Request, err error) {
	code := ag.ErrorCode(err)
	status, ok := httpStatus[code]
	if !ok {
		status = http.StatusInternalServerError
		log.ErrorContext(r.Context(), "request failed", "code", code, "err", err)
	}
	ext := map[string]any{"code": string(code)}
	if e, ok := err.(*ag.Error); ok && e.Field != "" {
		ext["field"] = e.Field
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{"message": ag.ErrorMessage(err), "extensions": ext}}})
}
