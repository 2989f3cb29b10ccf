package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

func remarshal(from, to any) error {
	b, err := json.Marshal(from)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, to)
}

// hostileCase is one abusive request and what the answer must be.
type hostileCase struct {
	name string
	req  func(base string) (*http.Request, error)
	// want checks the answer; "" when it is right.
	want func(r result) string
}

func post(body []byte, contentType string) func(string) (*http.Request, error) {
	return func(base string) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
		if err == nil && contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		return req, err
	}
}

func gqlBody(query string) []byte {
	b, _ := json.Marshal(map[string]any{"query": query})
	return b
}

// status wants one of the HTTP statuses.
func status(codes ...int) func(result) string {
	return func(r result) string {
		for _, c := range codes {
			if r.Status == c {
				return ""
			}
		}
		return fmt.Sprintf("want HTTP %v, got %s", codes, r)
	}
}

// refusedWith wants a GraphQL error with the code, not executed (no data), and a status
// the GraphQL-over-HTTP spec allows for it.
func refusedWith(code string) func(result) string {
	return func(r result) string {
		if r.Status != http.StatusOK && r.Status != http.StatusBadRequest {
			return fmt.Sprintf("want HTTP 200 or 400 with %s, got %s", code, r)
		}
		if r.code() != code {
			return fmt.Sprintf("want %s, got %s", code, r)
		}
		if len(r.Data) > 0 {
			return "data came back: the operation ran"
		}
		return ""
	}
}

// notExecuted wants a 4xx and no data.
func notExecuted(r result) string {
	if r.Status < 400 || r.Status >= 500 {
		return fmt.Sprintf("want a 4xx, got %s", r)
	}
	if len(r.Data) > 0 {
		return "data came back: the operation ran"
	}
	return ""
}

func nested(depth int) string {
	// actor { relationships { from { relationships { from ... } } } } nests two levels a turn.
	var b strings.Builder
	b.WriteString(`{ actor(id: "mali") { `)
	for i := 0; i < depth; i++ {
		b.WriteString("relationships { from { ")
	}
	b.WriteString("id")
	for i := 0; i < depth; i++ {
		b.WriteString(" } }")
	}
	b.WriteString(" } }")
	return b.String()
}

func aliasBomb(n int) string {
	var b strings.Builder
	b.WriteString(`{ actor(id: "mali") { `)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "a%d: name ", i)
	}
	b.WriteString("} }")
	return b.String()
}

func rootAliasBomb(n int) string {
	var b strings.Builder
	b.WriteString("{ ")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `a%d: actor(id: "mali") { id } `, i)
	}
	b.WriteString("}")
	return b.String()
}

// fragmentBomb spreads each fragment twice into the next: expanded, 2^n fields.
func fragmentBomb(n int) string {
	var b strings.Builder
	b.WriteString(`{ actor(id: "mali") { ...F` + fmt.Sprint(n) + ` } }` + "\n")
	b.WriteString("fragment F0 on Actor { name }\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "fragment F%d on Actor { ...F%d ...F%d }\n", i, i-1, i-1)
	}
	return b.String()
}

var hostileCases = []hostileCase{
	{"body over 1 MiB (Content-Length)", post(append(gqlBody("{ __typename }"), bytes.Repeat([]byte(" "), 1<<20)...), "application/json"), status(http.StatusRequestEntityTooLarge)},
	{"body over 1 MiB (chunked, no Content-Length)", func(base string) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, base+"/graphql", io.MultiReader(bytes.NewReader(gqlBody("{ __typename }")), bytes.NewReader(bytes.Repeat([]byte(" "), 1<<20))))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			req.ContentLength = -1
		}
		return req, err
	}, status(http.StatusRequestEntityTooLarge)},
	{"body of 16 MiB", post(bytes.Repeat([]byte("{"), 16<<20), "application/json"), status(http.StatusRequestEntityTooLarge)},
	{"nesting 40 levels deep", post(gqlBody(nested(20)), "application/json"), refusedWith("LIMIT_EXCEEDED")},
	{"nesting 100,000 braces", post(gqlBody(strings.Repeat("{ a ", 100000)+strings.Repeat("}", 100000)), "application/json"), notExecutedOrParseError},
	{"JSON nested 100,000 arrays deep in variables", post([]byte(`{"query":"{ __typename }","variables":{"x":`+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+`}}`), "application/json"), clientError(http.StatusBadRequest)},
	{"alias bomb: 1,000 aliases in one field", post(gqlBody(aliasBomb(1000)), "application/json"), refusedWith("LIMIT_EXCEEDED")},
	{"alias bomb: 100 aliased root fields", post(gqlBody(rootAliasBomb(100)), "application/json"), refusedWith("LIMIT_EXCEEDED")},
	{"fragment bomb: 2^22 fields through 23 fragments", post(gqlBody(fragmentBomb(22)), "application/json"), notExecutedOrLimit},
	{"directive flood: 5,000 @include on one field", post(gqlBody(`{ __typename`+strings.Repeat(" @include(if: true)", 5000)+` }`), "application/json"), notExecutedOrParseError},
	{"batched requests (a JSON array)", post([]byte(`[{"query":"{ __typename }"},{"query":"{ __typename }"}]`), "application/json"), clientError(http.StatusBadRequest)},
	{"malformed JSON", post([]byte(`{"query": "{ __typename }"`), "application/json"), clientError(http.StatusBadRequest)},
	{"JSON that is not an object", post([]byte(`"{ __typename }"`), "application/json"), clientError(http.StatusBadRequest)},
	{"query of the wrong type", post([]byte(`{"query": 42}`), "application/json"), clientError(http.StatusBadRequest)},
	{"no query at all", post([]byte(`{}`), "application/json"), status(http.StatusBadRequest)},
	{"invalid UTF-8 in the body", post([]byte("{\"query\": \"{ search(text: \\\"\xff\xfe\xc3\\\") { actor { id } } }\"}"), "application/json"), notServerError},
	{"Content-Type text/plain", post(gqlBody("{ __typename }"), "text/plain"), status(http.StatusUnsupportedMediaType, http.StatusBadRequest)},
	{"no Content-Type", post(gqlBody("{ __typename }"), ""), status(http.StatusUnsupportedMediaType, http.StatusBadRequest)},
	{"form-encoded mutation (CSRF shape)", post([]byte(url.Values{"query": {`mutation { delete(id: "mali") { id } }`}}.Encode()), "application/x-www-form-urlencoded"), notExecuted},
	{"multipart form", post([]byte("--x\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{\"query\":\"{ __typename }\"}\r\n--x--\r\n"), "multipart/form-data; boundary=x"), notExecuted},
	{"mutation over GET (spec: 405)", func(base string) (*http.Request, error) {
		return http.NewRequest(http.MethodGet, base+"/graphql?query="+url.QueryEscape(`mutation { delete(id: "mali") { id } }`), nil)
	}, status(http.StatusMethodNotAllowed)},
	{"PUT /graphql", func(base string) (*http.Request, error) {
		return http.NewRequest(http.MethodPut, base+"/graphql", bytes.NewReader(gqlBody("{ __typename }")))
	}, notExecuted},
	{"search text of 900 KB", post(gqlBody(`{ search(text: "`+strings.Repeat("a", 900<<10)+`") { actor { id } } }`), "application/json"), notInternal},
	{"search text of 2,000 words", post(gqlBody(`{ search(text: "`+strings.Repeat("ab ", 2000)+`") { actor { id } } }`), "application/json"), notInternal},
	{"unknown persisted query", post([]byte(`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"`+strings.Repeat("ab", 32)+`"}}}`), "application/json"), notServerError},
}

// clientError wants one of the statuses, and an error that does not call the client's
// mistake an internal error of the server.
func clientError(codes ...int) func(result) string {
	return func(r result) string {
		if msg := status(codes...)(r); msg != "" {
			return msg
		}
		if r.code() == "INTERNAL" {
			return fmt.Sprintf("HTTP %d but the error says INTERNAL (\"internal error\") for the client's own mistake: %s", r.Status, tail(string(r.Body), 200))
		}
		return ""
	}
}

func notServerError(r result) string {
	if r.Err != nil || r.Status >= 500 || r.Status == 0 {
		return fmt.Sprintf("want an answer under 500, got %s", r)
	}
	return ""
}

func notInternal(r result) string {
	if msg := notServerError(r); msg != "" {
		return msg
	}
	if r.code() == "INTERNAL" {
		return "INTERNAL for the client's input: " + tail(string(r.Body), 200)
	}
	return ""
}

func notExecutedOrParseError(r result) string {
	if msg := notServerError(r); msg != "" {
		return msg
	}
	if len(r.Data) > 0 {
		return "data came back: the operation ran"
	}
	if r.Status == http.StatusOK && len(r.Errors) == 0 {
		return "no error"
	}
	return ""
}

func notExecutedOrLimit(r result) string {
	if msg := notExecutedOrParseError(r); msg != "" {
		return msg
	}
	switch r.code() {
	case "LIMIT_EXCEEDED", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED":
		return ""
	}
	return fmt.Sprintf("want LIMIT_EXCEEDED or a validation error, got %s", r)
}

// runHostile sends each hostile request; each must be answered as it should, within
// `cheap`, and the server must still answer afterwards.
func runHostile(ctx context.Context, e *env, c *client, sec *section) {
	const cheap = 2 * time.Second
	passed := 0
	for _, hc := range hostileCases {
		req, err := hc.req(e.base())
		if err != nil {
			sec.fail("%s: %v", hc.name, err)
			continue
		}
		req = req.WithContext(ctx)
		r := c.send(req)
		msg := hc.want(r)
		if r.Latency > cheap {
			msg = strings.TrimSpace(msg + fmt.Sprintf(" took %s (not cheap; bound %s)", r.Latency.Round(time.Millisecond), cheap))
		}
		if msg != "" {
			sec.fail("%s: %s", hc.name, msg)
		} else {
			passed++
		}
		sec.fig("  "+hc.name, "HTTP %d %s in %s", r.Status, r.code(), r.Latency.Round(time.Millisecond))
		if h := c.get(ctx, "/healthz", nil); h.Status != http.StatusOK {
			sec.fail("after %q the server no longer answers /healthz: %s", hc.name, h)
			return
		}
	}
	sec.fig("hostile HTTP requests", "%d of %d answered as they should", passed, len(hostileCases))
}
