package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// conformHTTP makes gqlgen's status codes follow GraphQL over HTTP, which the graphql-http
// audit checks (make conformance). gqlgen answers 422 to a document that does not parse or
// validate. The spec asks, for the legacy application/json media type, 200 with the errors
// (a client of that type reads errors from the body), and for
// application/graphql-response+json, 400 without a data entry, since nothing was executed.
// A request with no document at all is a bad request either way (400).
//
// The response is buffered to be rewritten; GraphQL answers here are bounded by the limits.
func conformHTTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &bufferedWriter{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		body := rec.body.Bytes()
		status := rec.status
		if status == http.StatusNotAcceptable && r.Method == http.MethodGet {
			// gqlgen refuses a mutation over GET with 406; the method is what is wrong (405).
			status = http.StatusMethodNotAllowed
			rec.header.Set("Allow", "POST")
		}
		graphqlResponse := strings.HasPrefix(rec.header.Get("Content-Type"), "application/graphql-response+json")
		if bodyTooLarge(body) {
			status = http.StatusRequestEntityTooLarge
		}
		var resp map[string]json.RawMessage
		if status >= 400 && status < 500 && json.Unmarshal(body, &resp) == nil {
			if status == http.StatusUnprocessableEntity {
				status = http.StatusBadRequest
				if !graphqlResponse && documentError(resp["errors"]) {
					status = http.StatusOK
				}
			}
			if _, ok := resp["data"]; ok && graphqlResponse && string(resp["data"]) == "null" {
				delete(resp, "data")
				if b, err := json.Marshal(resp); err == nil {
					body = b
				}
			}
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		w.Write(body)
	})
}

// bodyTooLarge reports whether a response is the error of a request body over the cap.
func bodyTooLarge(body []byte) bool {
	return bytes.Contains(body, []byte(`"field":"maxBodyBytes"`)) && bytes.Contains(body, []byte(`"LIMIT_EXCEEDED"`))
}

// documentError reports whether errors are about the GraphQL document (it does not parse,
// or does not validate against the schema), as opposed to the HTTP request itself.
func documentError(raw json.RawMessage) bool {
	var errs []struct {
		Message    string `json:"message"`
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	}
	if json.Unmarshal(raw, &errs) != nil || len(errs) == 0 {
		return false
	}
	for _, e := range errs {
		if e.Message == "no operation provided" { // no document at all: the request is bad
			return false
		}
		switch e.Extensions.Code {
		case "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "INVALID_INPUT", "LIMIT_EXCEEDED":
		default:
			return false
		}
	}
	return true
}

// bufferedWriter holds a response until conformHTTP has looked at it.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header         { return b.header }
func (b *bufferedWriter) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferedWriter) WriteHeader(status int)      { b.status = status }
